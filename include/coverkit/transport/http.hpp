//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_TRANSPORT_HTTP_HPP
#define COVERKIT_TRANSPORT_HTTP_HPP

#include <coverkit/detail/config.hpp>
#include <coverkit/transport.hpp>
#include <coverkit/version.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace coverkit {

/// How an `http_transport` checks the servers it talks to over `https://`.
struct tls_options
{
    /** A PEM file of CA certificates to trust. When this and `ca_pem` are both empty, the
        system's CA store (OpenSSL's default paths) is trusted; it is read by the transport's
        first HTTPS connection, so a transport that only speaks plain HTTP never reads it. */
    std::string ca_file;

    /// PEM text of CA certificates to trust, in addition to `ca_file`, instead of the system store.
    std::string ca_pem;

    /** Turns off certificate and host name verification: any server, including an attacker's,
        is accepted. Only for throwaway test set-ups; never against a real service. */
    bool insecure_skip_verification = false;
};

/// Limits, timeouts and TLS settings of an `http_transport`.
struct http_transport_options
{
    /// Looking up the host name (skipped for IP literals).
    std::chrono::milliseconds resolve_timeout{10'000};

    /// Establishing the TCP connection, all resolved addresses together.
    std::chrono::milliseconds connect_timeout{10'000};

    /// The TLS handshake, certificate verification included.
    std::chrono::milliseconds handshake_timeout{10'000};

    /// Writing the request and reading the whole response.
    std::chrono::milliseconds exchange_timeout{60'000};

    /** Idle keep-alive connections kept per origin (scheme, host and port). 0 turns pooling
        off: every request opens a connection and closes it. */
    std::size_t max_idle_per_host = 16;

    /** How long an idle connection stays in the pool. Keep it below the servers' own
        keep-alive timeout (nginx: 75 s) so that most stale connections are dropped before use. */
    std::chrono::milliseconds idle_expiry{30'000};

    /// The largest response body accepted; a larger one fails with `http::error::body_limit`.
    std::uint64_t max_response_body = 64 * 1024 * 1024;

    /** Sent as `User-Agent` (coverkit's API calls send none of their own):
        `default_user_agent` unless set. Empty: no `User-Agent` is sent. */
    std::string user_agent = default_user_agent;

    /** An identifier of the application, put before `user_agent` with a space between, as
        Azure's SDKs do (`"photo-app/2 coverkit/0.1.0"`), so a service's logs show which
        application called: at most 24 visible ASCII characters, no spaces. */
    std::string application_id = {};

    /// Server verification for `https://`.
    tls_options tls;
};

/// Counters of an `http_transport` (shared by its copies), for monitoring and tests.
struct http_transport_stats
{
    /// TCP (and TLS) connections established.
    std::uint64_t connections_opened = 0;
    /// Exchanges that ran on a connection taken from the pool.
    std::uint64_t connections_reused = 0;
    /// Exchanges retried on a fresh connection because a pooled one had been closed.
    std::uint64_t retries = 0;
};

/** A transport over real HTTP/1.1 and HTTPS connections, built on Boost.Beast and OpenSSL.

    The request's absolute URL chooses the origin. `https://` uses TLS 1.2 or later with the
    server's certificate verified against `tls_options` and its name (or IP address) checked
    against the URL's host; SNI is sent for host names.

    @par Connections
    Each exchange takes an idle keep-alive connection to its origin from the pool or opens a new
    one, and gives it back once the whole response has been read and neither side asked to
    close. A connection that failed or timed out is closed, never reused. Idle connections
    expire after `idle_expiry`. Every time a pooled connection is taken it is looked at (one
    non-blocking system call): if anything is waiting on it — an answer nobody asked for, such
    as a late second response or a `408` sent on an idle connection, a TLS close_notify, or the
    end of the stream — it is closed, never reused, so such bytes never reach a later request.

    @par Sending again
    When a pooled connection fails before any byte of an answer came back (the server had
    closed it: a race no client can avoid), the request is sent once more on a fresh connection,
    transparently, but only when that is harmless: the request had not gone out whole, or its
    method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE). `http_transport_stats::retries`
    counts it. A POST or PATCH that went out whole is never sent again: it fails with
    `error::request_outcome_unknown`, on a fresh connection as on a pooled one, because the
    server may have acted on it. A failure on a fresh connection is never retried.

    @par Interim answers
    `1xx` answers before the real one (`100 Continue`, `103 Early Hints`) are skipped. `101
    Switching Protocols`, which coverkit never asks for, and more than 16 interim answers fail
    with `error::unexpected_interim_response`.

    @par Blocking and asynchronous use
    `async_send` runs on the transport's executor: many exchanges may be in flight at once,
    each on its own connection. Each connection's I/O runs on a strand, so the `io_context` may
    be run by several threads. `send` blocks the calling thread and does not need the
    transport's executor to be running: it drives its own connection on a private
    `io_context`. Connections used by `send` and by `async_send` are pooled separately.

    @par Errors
    The `ec` of `send` and of the completion handler is
    - `error::invalid_argument`: the target is not an absolute `http://`/`https://` URL;
    - `boost::beast::error::timeout`: a resolve, connect, handshake or exchange timeout passed;
    - `error::certificate_untrusted` or `error::certificate_name_mismatch`: the server's
      certificate failed verification;
    - `boost::beast::http::error::body_limit`: the response body is over `max_response_body`;
    - `boost::beast::http::error::partial_message`: the connection closed in the middle of a
      response; `http::error::end_of_stream`: it closed before any byte of one (over TLS too,
      when the server closed without TLS's `close_notify`);
    - `error::request_outcome_unknown`: a request whose method is not idempotent went out whole
      and the connection was lost before any answer; the server may have acted on it;
    - `error::unexpected_interim_response`: see "Interim answers";
    - otherwise the socket's or TLS layer's own code, e.g. `asio::error::connection_refused`
      or a host-not-found code of the resolver.
    An HTTP error status is not an error of the transport.

    @par Thread safety
    Distinct objects: safe. Shared objects: safe; copies share the pool and the TLS context.
    Destroy the transport and its copies before the `io_context` of its executor.

    @par Example
    @code
    boost::asio::io_context ioc;
    coverkit::http_transport https{ioc.get_executor()};
    coverkit::whiteboard::client wb{https, {.token = sdk_token, .region = region::cn_hz}};
    @endcode
*/
class http_transport
{
public:
    /// The executor on which asynchronous exchanges run and complete.
    using executor_type = boost::asio::any_io_executor;

    /** Constructs a transport whose asynchronous exchanges run on `ex`.
        @throws boost::system::system_error when `tls.ca_file` or `tls.ca_pem` cannot be
        loaded, or `error::invalid_argument` for an `application_id` or `user_agent` that
        cannot be sent (see their documentation). */
    explicit http_transport(executor_type ex, http_transport_options options = {});

    /// Returns the executor on which asynchronous exchanges run and complete.
    executor_type get_executor() const noexcept { return ex_; }

    /// The options the transport was made with.
    http_transport_options const& options() const noexcept;

    /// Performs one exchange, blocking; sets `ec` when no response was received.
    http_response send(http_request req, error_code& ec);

    /// Performs one exchange, blocking; throws `boost::system::system_error` on failure.
    http_response send(http_request req);

    /** Starts one exchange.

        @param req The request; its target is an absolute `http://` or `https://` URL.
        @param token Completion token with signature `void(error_code, http_response)`.
    */
    template <class CompletionToken>
    auto async_send(http_request req, CompletionToken&& token);

    /** Performs one exchange held to `opts`, blocking: a body over `opts.max_body` (or
        `max_response_body`, whichever is smaller) fails with `http::error::body_limit` as soon
        as the header announces it or the bytes pass it; a redirect's body is left unread when
        asked (its connection closed); every step ends by `opts.deadline` when set. */
    http_response send(http_request req, exchange_options const& opts, error_code& ec);

    /// Starts one exchange held to `opts` (see `send`); completes as the form without.
    template <class CompletionToken>
    auto async_send(http_request req, exchange_options const& opts, CompletionToken&& token);

    /// Idle connections in the pool, all origins and both forms together.
    std::size_t idle_connections() const;

    /// Closes every idle connection in the pool. Exchanges in flight are not affected.
    void close_idle();

    /// The counters so far.
    http_transport_stats stats() const;

    /// Implementation detail: the state shared by copies and by exchanges in flight.
    struct impl;

private:
    struct send_op;
    /// What an exchange completes, whatever the caller's completion token.
    using exchange_handler = boost::asio::any_completion_handler<void(error_code, http_response)>;
    static void start(executor_type const& ex, std::shared_ptr<impl> const& core, http_request req,
                      exchange_options const& opts, exchange_handler handler);

    executor_type ex_;
    std::shared_ptr<impl> impl_;
};

} // namespace coverkit

#include <coverkit/transport/impl/http.hpp>
#if !defined(COVERKIT_SEPARATE_COMPILATION)
#include <coverkit/transport/impl/http.ipp>
#endif

// After the impl: checking async_send needs its deduced return type.
static_assert(coverkit::transport<coverkit::http_transport>);
static_assert(coverkit::transport_with_options<coverkit::http_transport>);

#endif
