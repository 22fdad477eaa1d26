//
// coverkit — the fake server behind a socket
//
#ifndef COVERKIT_FAKE_LISTENER_HPP
#define COVERKIT_FAKE_LISTENER_HPP

#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace coverkit::fake {

/// Limits of a `listener`'s connections.
struct listener_options
{
    /** How long a request may take to arrive once its first byte has: header and body. A
        client slower than this is disconnected. Also bounds writing one response. */
    std::chrono::milliseconds header_timeout{10'000};

    /// How long an open keep-alive connection may wait for its next request before it is closed.
    std::chrono::milliseconds idle_timeout{30'000};

    /** The largest request body the listener reads. Above 1 MiB but at most this, the fake
        answers its own 413 (SPEC 1); beyond this, the listener answers 413 itself and closes. */
    std::size_t body_limit = 1024 * 1024 + 64 * 1024;
};

/// `HOST:PORT` of an endpoint as it stands in a URL, IPv6 addresses in brackets.
std::string url_authority(boost::asio::ip::tcp::endpoint const& ep);

/** The base of image URLs for a fake listening on `ep`: `http://HOST:PORT/storage`, IPv6
    addresses in brackets. Empty for an unspecified address (`0.0.0.0`, `::`), which names no
    reachable host: the fake then takes the base from each request's `Host` header. */
std::string default_public_base(boost::asio::ip::tcp::endpoint const& ep);

/** A plain HTTP/1.1 server around a `fake::server`: the standalone `coverkit-fake-server`.

    Each connection reads a request, has `server::handle` answer it, writes the answer and,
    while both sides keep the connection alive, reads the next one. Requests of many
    connections are answered concurrently, on any thread running the `io_context`.

    - Malformed HTTP: 400, then the connection closes. Headers over Beast's default limit: 431.
      A body over `listener_options::body_limit`: 413 with `{"message":"request body over
      1 MiB"}`, then close. Every answer carries an `x-request-id`.
    - `Expect: 100-continue` is honoured.
    - A response to `HEAD` carries the `Content-Length` of the body it leaves out, no body.

    The socket is bound and listening once the constructor returns, so `local_endpoint()`
    knows the real port when port 0 was asked; connections are accepted from `start()` on.

    @par TODO
    TLS (`--tls-cert PEM --tls-key PEM`, SPEC 8, `listening on https://…`) is not supported
    yet: the program refuses those flags with exit status 2.

    @par Thread safety
    `start`, `stop` and `local_endpoint` may be called from any thread. The `io_context` may
    be run by several threads.
*/
class listener
{
public:
    /** Binds `ep` and serves `srv` on it. The fake's image URLs are its own
        `server_options::public_base`: see the other constructor to base them on the bound
        port. @throws boost::system::system_error when the address cannot be bound. */
    listener(boost::asio::io_context& ioc, fake::server srv, boost::asio::ip::tcp::endpoint ep,
             listener_options options = {});

    /** Binds `ep`, then serves the server `make_server` returns for the bound endpoint (with
        the real port), e.g. one whose public base is `default_public_base(bound)`.
        @throws boost::system::system_error when the address cannot be bound. */
    listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint ep,
             std::function<fake::server(boost::asio::ip::tcp::endpoint const& bound)> make_server,
             listener_options options = {});

    listener(listener const&) = delete;
    listener& operator=(listener const&) = delete;

    /// Stops, as `stop()`.
    ~listener();

    /// Starts accepting connections. Calling it again has no effect.
    void start();

    /// The bound address and port.
    boost::asio::ip::tcp::endpoint local_endpoint() const;

    /** Stops accepting and closes idle connections (waiting for a next request). A request
        being received or answered is finished and answered with `Connection: close`. Once
        the last connection is closed, the listener holds no more work on the `io_context`. */
    void stop();

    /// The fake the listener serves (its state is shared with every copy).
    fake::server const& server() const;

    /// Implementation detail, shared with the connections.
    struct impl;

private:
    std::shared_ptr<impl> impl_;
};

} // namespace coverkit::fake

#endif
