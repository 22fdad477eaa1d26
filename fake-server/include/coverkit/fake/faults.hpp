//
// coverkit — the fake server: failure on demand
//
#ifndef COVERKIT_FAKE_FAULTS_HPP
#define COVERKIT_FAKE_FAULTS_HPP

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coverkit::fake {

/// What a fault rule does to a request it answers.
enum class fault_action
{
    /// Answers `status` with the request's family's error body, and `retry_after` and
    /// `headers`, instead of the endpoint (which does not run).
    status,
    /// Answers normally, after `delay`.
    delay,
    /// The endpoint runs, then the connection is closed before any byte of its answer.
    close,
    /// The endpoint runs; its answer's head and `partial_bytes` of its body are sent, then the
    /// connection is closed.
    partial,
    /// The endpoint runs, and its answer never comes: the client's timeout has to fire.
    never,
};

/// `fault_rule::times` for a rule that acts on every request it matches.
inline constexpr std::nullopt_t always = std::nullopt;

/** One scripted fault: which requests it matches, how often it acts, and what it does.

    A request matches when every selector set matches it: `operation` (a stable name per
    endpoint, `fault_operations()`), `method` and `path` (a pattern of segments, `*` for any one
    segment and a final `**` for any rest), `room` (the room uuid of a whiteboard or legacy
    request) and `library` (the library id of an SMH request). No selector matches every
    request. Control requests (`/_fake/…`) are never matched.

    @code
    srv.add_fault({.operation = "whiteboard.screenshots", .times = 2, .status = 503,
                   .retry_after = "1"});
    @endcode
*/
struct fault_rule
{
    /// The rule's name in the journal and in `GET /_fake/faults`; empty: `fault-N`.
    std::string id = {};

    /// An operation name of `fault_operations()`; empty: any.
    std::string operation = {};
    /// A method (`GET`, `POST`, …); empty: any.
    std::string method = {};
    /// A path pattern starting with `/`, e.g. `/v5/rooms/*/screenshots`; empty: any.
    std::string path = {};
    /// The room uuid the request names; empty: any.
    std::string room = {};
    /// The SMH library id the request names; empty: any.
    std::string library = {};

    /// How many requests the rule acts on, 1 or more; `always` for every one.
    std::optional<std::uint64_t> times = 1;
    /// The chance that a matching request is acted on, in (0, 1]; drawn from a generator
    /// seeded with `seed`, so a run repeats exactly.
    double probability = 1.0;
    /// The seed of the rule's generator.
    std::uint64_t seed = 0;

    /// What the rule does.
    fault_action action = fault_action::status;
    /// `status` only: the status answered, 400 to 599.
    unsigned status = 503;
    /// `status` only: sent as `Retry-After`: a number of seconds, or an HTTP date
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`); empty: no header.
    std::string retry_after = {};
    /// `status` only: the error message; empty: the status's reason phrase.
    std::string message = {};
    /// `status` only: the SMH error code; empty: the reason phrase without spaces.
    std::string code = {};
    /// Headers added to the answer (not `Content-Length`, `Transfer-Encoding`, `Connection`).
    std::vector<std::pair<std::string, std::string>> headers = {};
    /// How long the fake waits before it answers (or closes), any action; at most 10 minutes.
    std::chrono::milliseconds delay{0};
    /// `partial` only: the bytes of the body sent; nothing: half of it.
    std::optional<std::size_t> partial_bytes = std::nullopt;
};

/// A rule and how much of it is used.
struct fault_state
{
    fault_rule rule = {};
    /// Requests the rule has acted on.
    std::uint64_t used = 0;
    /// Requests it will still act on; nothing for a rule that acts always.
    std::optional<std::uint64_t> uses_left = std::nullopt;
};

/// The most rules a fake holds at once.
inline constexpr std::size_t max_fault_rules = 1000;

/// Thrown for a rule that cannot be used; `what()` names the member and the problem.
class fault_error : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

/// The operation names rules can select, one per endpoint, in a stable order.
std::vector<std::string_view> fault_operations();

/** Reads a rule from JSON (`POST /_fake/faults`, a fixture's `faults`): an object with the
    members `id`, `operation`, `method`, `path`, `room`, `library`, `times` (a positive integer
    or `"always"`), `probability`, `seed`, `action` (`status`, `delay`, `close`, `partial`,
    `never`), `status`, `retry_after` (seconds or an HTTP date), `message`, `code`, `headers`
    (an object of strings), `delay_ms` and `partial_bytes`. Unknown members are refused.
    @throws fault_error naming the offending member. */
fault_rule parse_fault_rule(boost::json::value const& jv);

/// Checks a rule as `parse_fault_rule` does. @throws fault_error naming the problem.
void check_fault_rule(fault_rule const& rule);

/// The JSON form of a rule and its use, as `GET /_fake/faults` lists it.
boost::json::value to_json(fault_state const& state);

} // namespace coverkit::fake

#endif
