//
// coverkit — the fake server
//
#ifndef COVERKIT_FAKE_SERVER_HPP
#define COVERKIT_FAKE_SERVER_HPP

#include <coverkit/fake/faults.hpp>
#include <coverkit/fake/fixture.hpp>
#include <coverkit/transport/in_process.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake {

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
};

/// The journal's default capacity, in requests.
inline constexpr std::size_t default_journal_entries = 10'000;
/// The object store's default capacity: 512 MiB.
inline constexpr std::size_t default_store_bytes = std::size_t(512) << 20;
/// Journal targets longer than this are cut to it and end in `...`.
inline constexpr std::size_t max_journal_target = 1024;

/// One request the fake has answered, as `GET /_fake/requests` lists it.
struct journal_entry
{
    std::string method;
    /// The request target with token values (`roomToken`, `access_token`, …) masked, cut to
    /// `max_journal_target` bytes.
    std::string target;
    unsigned status = 0;
    std::string request_id;
    /// The id of the fault rule that answered the request; empty when none did.
    std::string fault = {};
};

/** The fake whiteboard, legacy cover and SMH service: one handler, request in, response out.

    It holds the apps, rooms and scenes of a fixture and answers every endpoint of the three APIs
    (README, "The fake server") with the documented statuses, bodies and tokens, plus the control
   endpoints `POST /_fake/reset`, `GET /_fake/requests`, `PUT /_fake/clock` and
   `/_fake/faults`. The same handler
   serves in-process (`transport()`) and behind the socket listener, so both behave identically.

    Order of checks for a whiteboard call: route (404, 405), body size (413), JSON body (400),
    `region` header (400), token format, signature and expiry (401), token role, room and kind
    (403), room and its region (404), screenshot service (403), fields (400), scene path (400,
    404).

    Every screenshot stores a PNG of the requested size in the fake's object store, served by
    `GET`/`HEAD` on the image URL (404 for an absent key; `PUT` uploads). What it shows is
    captured when the screenshot is requested; it is drawn on the first read (README,
    "Pictures and the object store"). Token requests check their fields (400) before the keys of
   `POST /v5/tokens/teams` (401) and before comparing the asked role with the caller's (403).

    @par Thread safety
    `handle` may be called concurrently from any thread; state changes are serialised.
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

private:
    friend class listener; // answers slow requests off its I/O threads
    struct impl;
    std::shared_ptr<impl> impl_;
};

} // namespace coverkit::fake

#endif
