//
// coverkit — the fake server behind a socket
//
#ifndef COVERKIT_FAKE_LISTENER_HPP
#define COVERKIT_FAKE_LISTENER_HPP

#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace coverkit::fake {

/// One request a `listener` has answered, as `listener_options::on_request` sees it.
struct request_record
{
    /// The request method; `-` for bytes the listener could not read as a request.
    std::string_view method;
    /// The target with secrets in its query masked, as the journal shows it.
    std::string_view target;
    /// The status answered; 0 when a fault rule closed the connection or never answered.
    unsigned status = 0;
    /// The answer's `x-request-id`.
    std::string_view request_id;
    /// From the request's last byte to its answer (or a fault rule's action) starting out,
    /// scripted delays included.
    std::chrono::microseconds duration{};
};

/// Limits of a `listener`'s connections.
struct listener_options
{
    /** How long a request may take to arrive once its first byte has: header and body. A
        client slower than this is disconnected. */
    std::chrono::milliseconds header_timeout{10'000};

    /** How long writing a response may go without progress. A client that keeps reading gets
        the whole response however large and however slowly it reads; one that stops reading
        for this long is disconnected. */
    std::chrono::milliseconds write_timeout{10'000};

    /** Threads that draw pictures (a picture read for the first time, a cover scaled), so that
        the threads running the `io_context` keep answering other requests meanwhile. 0: one a
        core (`std::thread::hardware_concurrency()`). */
    unsigned picture_threads = 0;
    /** 0, the default: connections are served on the `io_context` given to the constructor, by
        whichever threads run it. N: the listener runs N threads of its own, each with its own
        event loop, and hands accepted connections to them in turn; a connection then stays on
        one thread, and the threads share no queue of work, so that requests per second grow
        with cores. The given `io_context` then only accepts connections. The listener's
        destructor waits for these threads, so for the connections still open after `stop()`. */
    unsigned connection_threads = 0;

    /// How long an open keep-alive connection may wait for its next request before it is closed.
    std::chrono::milliseconds idle_timeout{30'000};

    /** The largest request body the listener reads. Above 1 MiB but at most this, the fake
        answers its own 413 (the services' 1 MiB body limit); beyond this, the listener answers 413
       itself and closes. */
    std::size_t body_limit = 1024 * 1024 + 64 * 1024;

    /** Serve HTTPS with this server context (e.g. from `make_tls_context` or
        `load_tls_context`); null, the default, serves plain HTTP. Every connection then starts
        with a TLS handshake. The context is shared by all connections and must not be changed
        once the listener has started. */
    std::shared_ptr<boost::asio::ssl::context> tls;

    /** Called for every request answered, control endpoints included (`--verbose` prints a
        line each). Called on the connection's thread, possibly on several at once: it must be
        thread-safe, and quick, as the connection waits for it. */
    std::function<void(request_record const&)> on_request = {};
};

/** A TLS server context for a `listener`, from PEM text in memory.

    TLS 1.2 at least, no client certificates, ALPN `http/1.1` when the client offers it.

    @param cert_chain_pem One or more PEM certificates: the server's certificate first, then
    the intermediates that lead to the root, in order (the root itself may be left out).
    @param private_key_pem The PEM private key of the first certificate, not encrypted
    (PKCS#8 `PRIVATE KEY`, or the traditional `RSA`/`EC PRIVATE KEY` forms).
    @throws std::runtime_error with a one-line message naming the problem: no certificate in
    the PEM, a certificate or key that cannot be parsed, no key, an encrypted key, a key that
    does not match the certificate. The message never contains key material.
*/
std::shared_ptr<boost::asio::ssl::context> make_tls_context(std::string_view cert_chain_pem,
                                                            std::string_view private_key_pem);

/** A TLS server context for a `listener`, from a certificate chain file and a private key
    file in PEM (what `--tls-cert` and `--tls-key` name); see `make_tls_context`.
    @throws std::runtime_error with a one-line message naming the file and the problem: a
    file that cannot be read, or any problem `make_tls_context` reports.
*/
std::shared_ptr<boost::asio::ssl::context> load_tls_context(std::string const& cert_file,
                                                            std::string const& key_file);

/// `HOST:PORT` of an endpoint as it stands in a URL, IPv6 addresses in brackets.
std::string url_authority(boost::asio::ip::tcp::endpoint const& ep);

/** The base of image URLs for a fake listening on `ep`: `http://HOST:PORT/storage`, or
    `https://HOST:PORT/storage` when `tls` is true; IPv6 addresses in brackets. Empty for an
    unspecified address (`0.0.0.0`, `::`), which names no reachable host: the fake then takes
    the base from each request's `Host` header. */
std::string default_public_base(boost::asio::ip::tcp::endpoint const& ep, bool tls = false);

/** An HTTP/1.1 server, plain or over TLS, around a `fake::server`: the standalone
    `coverkit-fake-server`.

    Each connection reads a request, has the server answer it, writes the answer and, while both
    sides keep the connection alive, reads the next one. Requests of many connections are
    answered concurrently, on any thread running the `io_context`; an answer that takes long to
    make (a picture drawn on its first read) is made on one of the listener's picture threads,
    and written once ready.

    - Malformed HTTP: 400, then the connection closes. Headers over Beast's default limit: 431.
      A body over `listener_options::body_limit`: 413 with `{"message":"request body over
      1 MiB"}`, then close. Every answer carries an `x-request-id`.
    - `Expect: 100-continue` is honoured.
    - A response to `HEAD` carries the `Content-Length` of the body it leaves out, no body.

    The socket is bound and listening once the constructor returns, so `local_endpoint()`
    knows the real port when port 0 was asked; connections are accepted from `start()` on.

    With `listener_options::tls`, each connection starts with a TLS handshake, which must end
    within `listener_options::header_timeout`; a failed or timed-out handshake (a plain HTTP
    request, a client that does not trust the certificate) closes the connection without an
    answer. Everything above then runs over TLS. A connection the listener closes after a
    complete exchange gets a `close_notify` first, bounded in time; a client that leaves
    without `close_notify` is normal and not an error.

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

    /** Stops, as `stop()`. With `listener_options::connection_threads`, then waits for the
        connections still open to end (each within the listener's timeouts) and for its threads. */
    ~listener();

    /// Starts accepting connections. Calling it again has no effect.
    void start();

    /// The bound address and port.
    boost::asio::ip::tcp::endpoint local_endpoint() const;

    /** Stops accepting and closes idle connections (waiting for a next request, or still in
        the TLS handshake). A request being received or answered is finished and answered with
        `Connection: close`. Once
        the last connection is closed, the listener holds no more work on the `io_context`. */
    void stop();

    /// The fake the listener serves (its state is shared with every copy).
    fake::server const& server() const;

    /// Implementation detail, shared with the connections.
    struct impl;

private:
    struct own_threads;
    void start_threads();

    std::shared_ptr<impl> impl_;
    std::unique_ptr<own_threads> threads_; // after impl_: destroyed before it
};

} // namespace coverkit::fake

#endif
