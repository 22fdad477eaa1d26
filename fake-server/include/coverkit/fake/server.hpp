//
// coverkit — the fake server
//
// The fake server: what it reproduces, its control endpoints and limits: docs/contract.md,
// "The fake server".
//
#ifndef COVERKIT_FAKE_SERVER_HPP
#define COVERKIT_FAKE_SERVER_HPP

#include <coverkit/fake/faults.hpp>
#include <coverkit/fake/fixture.hpp>
#include <coverkit/transport/in_process.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coverkit::fake {

/// The journal's default capacity, in requests.
inline constexpr std::size_t default_journal_entries = 10'000;
/// The object store's default capacity: 512 MiB.
inline constexpr std::size_t default_store_bytes = std::size_t(512) << 20;
/// Journal targets longer than this are cut to it and end in `...`.
inline constexpr std::size_t max_journal_target = 1024;
/// The journal keeps at most this many bytes of a request's body.
inline constexpr std::size_t max_journal_body = 4096;

/** One request the fake has answered, as `GET /_fake/requests` lists it (docs/contract.md,
    "Control endpoints"). Secrets never appear in it: token values in the target's query and
    in headers, and secret members of JSON bodies, are masked. */
struct journal_entry
{
    std::string method = {};
    /// The request target with token values (`roomToken`, `access_token`, …) masked, cut to
    /// `max_journal_target` bytes.
    std::string target = {};
    /// The status answered; 0 when a fault rule closed the connection or never answered.
    unsigned status = 0;
    std::string request_id = {};
    /// The id of the fault rule that answered the request; empty when none did.
    std::string fault = {};
    /** The request's headers in the order they came, names in lower case. The values of
        `token`, `roomtoken`, `authorization`, `proxy-authorization` and `cookie` are masked:
        a whiteboard token keeps its kind (`NETLESSROOM_***`), anything else is `***`. */
    std::vector<std::pair<std::string, std::string>> headers = {};
    /** The body as text, at most `max_journal_body` bytes (`body_truncated` then), cut on a
        UTF-8 boundary. In a JSON body, the values of members named `secretAccessKey`, `sk`,
        `secret`, `library_secret`, `token`, `roomToken`, `accessToken` and `access_token`, at
        any depth, are replaced by `"***"` (the body is then written out again, compactly).
        Nothing when the request had no body or a body that is not UTF-8 text. */
    std::optional<std::string> body = std::nullopt;
    /// The body's size in bytes, as received.
    std::size_t body_bytes = 0;
    /// Whether `body` is only the first `max_journal_body` bytes.
    bool body_truncated = false;
};

/// Settings of a fake server that are not part of its fixture.
struct server_options
{
    /** The base of image URLs, `{public_base}/{bucket}/{key}`. Empty: `http://{Host}/storage`,
        from the request's `Host` header (the listener's own address behind sockets). */
    std::string public_base = {};

    /** The most requests the journal keeps: past it, the oldest are dropped (and counted).
        Nothing: the fixture's `limits.journal_entries`, else `default_journal_entries`. */
    std::optional<std::size_t> journal_entries = std::nullopt;

    /** The most bytes the object store keeps (uploads, media, drawn pictures). Past it, drawn
        pictures are forgotten least recently used first, to be drawn again on their next read;
        an upload that would not fit even then is refused (413). Nothing: the fixture's
        `limits.store_bytes`, else `default_store_bytes`. */
    std::optional<std::size_t> store_bytes = std::nullopt;

    /** Called with every request the journal records, as it records it (even past its
        capacity): e.g. to keep all that a long test sent. Requests end on several threads, but
        the calls come one at a time, under a lock of their own: it must be quick and must not
        call the server. */
    std::function<void(journal_entry const&)> on_record = {};
};

/** A journal entry as `GET /_fake/requests` lists it: `{method, target, status, request_id,
    headers, body_bytes}`, with `body`, `body_truncated` and `fault` when they apply; a header
    that came more than once holds its values joined by `, `. */
boost::json::value to_json(journal_entry const& entry);

/** Which journal entries `server::requests` and `GET /_fake/requests` return: those that match
    every condition set, oldest first. */
struct request_filter
{
    /// The request method, compared without regard to case; empty: any.
    std::string method = {};
    /// A prefix of the request's path (the target without its query, as sent); empty: any.
    std::string path = {};
    /// The status answered (0: a fault rule closed the connection or never answered).
    std::optional<unsigned> status = std::nullopt;
    /// The class of the status answered, 1 to 5 (`4` for 4xx); 0: any.
    unsigned status_class = 0;
    /// The number of the first request to look at: requests are numbered from 0, the first
    /// since the start or the last reset, dropped ones included.
    std::uint64_t since = 0;
    /// The most entries to return.
    std::size_t limit = static_cast<std::size_t>(-1);
};

/// A page of the journal: the entries a filter matched, and where to go on from.
struct request_page
{
    std::vector<journal_entry> entries = {};
    /// The number of the first request looked at.
    std::uint64_t first = 0;
    /// The `since` of the next page: one past the last request looked at.
    std::uint64_t next = 0;
    /// How many requests the journal has dropped since the start or the last reset.
    std::uint64_t dropped = 0;
};

/// What `server::replace_fixture` and `PUT /_fake/fixture` put in place.
struct fixture_summary
{
    std::size_t apps = 0;
    std::size_t rooms = 0;
    std::size_t libraries = 0;
    std::size_t faults = 0;
};

/** The fake whiteboard, legacy cover and SMH service: one handler, request in, response out.

    It holds the apps, rooms and scenes of a fixture and answers every endpoint of the three APIs
    (docs/contract.md) with the documented statuses, bodies and tokens, plus the control
    endpoints `POST /_fake/reset`, `GET /_fake/requests`, `PUT /_fake/clock`,
    `PUT /_fake/fixture` and `/_fake/faults` (docs/contract.md, "Control endpoints"). The same
    handler serves in-process (`transport()`) and behind the socket listener, so both behave
    identically.

    Order of checks for a whiteboard call: route (404, 405), body size (413), JSON body (400),
    `region` header (400), token format, signature and expiry (401), token role, room and kind
    (403), room and its region (404), screenshot service (403), fields (400), scene path (400,
    404).

    Every screenshot stores a PNG of the requested size in the fake's object store, served by
    `GET`/`HEAD` on the image URL (404 for an absent key; `PUT` uploads). What it shows is
    captured when the screenshot is requested; it is drawn on the first read (docs/contract.md,
    "Pictures and the object store"). Token requests check their fields (400) before the keys of
   `POST /v5/tokens/teams` (401) and before comparing the asked role with the caller's (403).

    @par Thread safety
    `handle` may be called concurrently from any thread. Requests that only read the state
    (screenshots, covers, reading rooms and scenes, issuing tokens, the object store's reads
    and uploads) run side by side; those that change it run one at a time, and never beside a
    reader.
    Copies of a `server` share one state.
*/
class server
{
public:
    /// Starts from `f`; the clock is the system clock until set.
    explicit server(fixture f, server_options options = {});

    /** Answers one request. Never throws for any request: failures become 4xx/5xx answers.
        A fault rule's connection part (delay, close, partial, never) needs a connection:
        here the answer is given whole, at once; `exchange` says what the rule did. */
    http_response handle(http_request const& req) const;

    /// Answers one request, with what a fault rule did to the exchange (for transports).
    in_process_answer exchange(http_request const& req) const;

    /** An in-process transport whose exchanges this server answers, completing on `ex`. Fault
        rules act on it as on a connection: see `in_process_transport`, "Connection faults". */
    in_process_transport transport(boost::asio::any_io_executor ex,
                                   in_process_options options = {}) const;

    /** Adds a fault rule after those in force (README, "Testing failure"); its state, with the
        id it got. Rules act from the next request on; a reset puts back the fixture's.
        @throws fault_error for a rule that cannot be used, an id already taken, or more than
        `max_fault_rules` rules. */
    fault_state add_fault(fault_rule rule) const;

    /// The rules in force, in order, with how often each acted and how often it still will.
    std::vector<fault_state> faults() const;

    /// Removes every rule; how many there were.
    std::size_t clear_faults() const;

    /// Removes the rule named `id`; whether there was one.
    bool remove_fault(std::string_view id) const;

    /// Back to the fixture's state: journal cleared, clock back to the system clock, the fault
    /// rules back to the fixture's (those added since removed, every count restarted).
    void reset() const;

    /// Fixes the fake's clock (token expiry, `createdAt`) at `now_ms` Unix milliseconds,
    /// brought into 0 .. 253402300799999 (9999-12-31T23:59:59.999Z).
    void set_clock(std::int64_t now_ms) const;

    /// The fake's current time in Unix milliseconds.
    std::int64_t now_ms() const;

    /// The requests answered since the start or the last reset, oldest first (control
    /// endpoints excluded); at most the journal's capacity, the oldest dropped first.
    std::vector<journal_entry> journal() const;

    /// How many requests the journal has dropped since the start or the last reset.
    std::uint64_t journal_dropped() const;

    /** The journal entries `filter` matches, oldest first, as `GET /_fake/requests` pages them:
        a test checks what its code sent, as the fake saw it. */
    request_page requests(request_filter const& filter = {}) const;

    /** Replaces the fixture (as `PUT /_fake/fixture` does): from now on the fake answers as if
        it had started with `f`, after a reset (journal cleared, clock released, the fault rules
        those of `f`). The limits the `server_options` leave open come from `f`. Relative paths
        in `f` are read from the `base_dir` it was parsed with. */
    fixture_summary replace_fixture(fixture f) const;

    /// The folder relative paths of the fixture are read from (empty: the current folder).
    std::filesystem::path fixture_dir() const;

private:
    friend class listener; // answers slow requests off its I/O threads
    struct impl;
    std::shared_ptr<impl> impl_;
};

} // namespace coverkit::fake

#endif
