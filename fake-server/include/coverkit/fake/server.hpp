//
// coverkit — the fake server
//
#ifndef COVERKIT_FAKE_SERVER_HPP
#define COVERKIT_FAKE_SERVER_HPP

#include <coverkit/fake/fixture.hpp>
#include <coverkit/transport/in_process.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace coverkit::fake {

/// Settings of a fake server that are not part of its fixture.
struct server_options
{
    /** The base of image URLs, `{public_base}/{bucket}/{key}`. Empty: `http://{Host}/storage`,
        from the request's `Host` header (the listener's own address behind sockets). */
    std::string public_base;
};

/// One request the fake has answered, as `GET /_fake/requests` lists it.
struct journal_entry
{
    std::string method;
    /// The request target with token values (`roomToken`, `access_token`, …) masked.
    std::string target;
    unsigned status = 0;
    std::string request_id;
};

/** The fake whiteboard, legacy cover and SMH service: one handler, request in, response out.

    It holds the apps, rooms and scenes of a fixture and answers every endpoint of the three APIs
    (README, "The fake server") with the documented statuses, bodies and tokens, plus the control
   endpoints `POST /_fake/reset`, `GET /_fake/requests` and `PUT /_fake/clock`. The same handler
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

    /// Answers one request. Never throws for any request: failures become 4xx/5xx answers.
    http_response handle(http_request const& req) const;

    /// An in-process transport whose exchanges this server answers, completing on `ex`.
    in_process_transport transport(boost::asio::any_io_executor ex) const;

    /// Back to the fixture's state; journal cleared and clock back to the system clock.
    void reset() const;

    /// Fixes the fake's clock (token expiry, `createdAt`) at `now_ms` Unix milliseconds.
    void set_clock(std::int64_t now_ms) const;

    /// The fake's current time in Unix milliseconds.
    std::int64_t now_ms() const;

    /// Every request answered so far, oldest first (control endpoints excluded).
    std::vector<journal_entry> journal() const;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

} // namespace coverkit::fake

#endif
