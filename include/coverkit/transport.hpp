//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_TRANSPORT_HPP
#define COVERKIT_TRANSPORT_HPP

#include <coverkit/error.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

namespace coverkit {

/// The request every coverkit API call hands to its transport.
using http_request = boost::beast::http::request<boost::beast::http::string_body>;

/// The response a transport hands back.
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

/** The largest answer body an API call reads unless its client's options say otherwise: 8 MiB.
    JSON answers are far smaller (a `screenshot-list` of 10,000 scenes is about 3 MiB); pictures
    are downloads, with limits of their own (`download_options::max_bytes`). */
inline constexpr std::size_t default_max_response_bytes = 8 * 1024 * 1024;

/** What a call asks of one exchange beyond the request: bounds on what is read and on time.

    A transport that takes them (`transport_with_options`: both of coverkit's do) enforces them
    while it reads, so an answer over the limit is never held in memory. With any other
    transport coverkit still refuses an oversized body, after the exchange.
*/
struct exchange_options
{
    /** The largest response body to read; 0 leaves the transport's own limit. A larger body
        fails the exchange with `boost::beast::http::error::body_limit` before it is read
        whole; the response returned then holds the status and headers, without the body. An
        API call reports it as `error::response_too_large`, with that status. */
    std::uint64_t max_body = 0;

    /** For a redirect (301, 302, 303, 307, 308), leave the body unread: the answer comes back
        with its status and headers and an empty body, and its connection is closed. */
    bool discard_redirect_body = false;

    /** When set, the exchange fails with `boost::beast::error::timeout` at this time at the
        latest, whatever its own timeouts say: one deadline for a call of several exchanges. */
    std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt;

    /** Whether sending the request twice has the effect of sending it once, as the API call
        that made it documents; nothing: judge by the method (GET, HEAD, PUT, DELETE, OPTIONS and
        TRACE are idempotent). Adapters that send again (`retrying_transport`) read it; the
        transports themselves judge by the method. */
    std::optional<bool> repeatable = std::nullopt;
};

namespace detail {
// The statuses of a redirect, whose body `exchange_options::discard_redirect_body` leaves unread.
inline bool is_redirect(unsigned status) noexcept
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/// Methods that may be sent twice with the effect of once (RFC 9110, 9.2.2).
inline bool is_idempotent(boost::beast::http::verb v) noexcept
{
    using boost::beast::http::verb;
    return v == verb::get || v == verb::head || v == verb::put || v == verb::delete_ ||
           v == verb::options || v == verb::trace;
}

// A completion handler of the transport's signature, used only to check the concept.
struct send_handler_archetype
{
    void operator()(error_code, http_response) {}
};
} // namespace detail

/** One HTTP exchange: a request in, a response out.

    A transport carries one request to a server and returns the server's response. It does not
    interpret the response: an HTTP error status is a successful exchange (`ec` clear), and each
    API family turns statuses and bodies into errors in one place. Cross-cutting behaviour (retry,
    default headers, logging) belongs in adapters that take a transport and model this concept
    themselves, the way `ssl_stream<tcp_stream>` stacks streams.

    @par Requests
    `req.target()` is an absolute URL, `http://host[:port]/path?query` or `https://…`, built with
    Boost.URL. The transport reaches that origin, sends the request in origin form with the `Host`
    header set to the URL's authority, and returns the response. The request's body is complete
    and its `Content-Length` prepared.

    @par Requirements
    For a type `T` to model `transport`, given `t` an lvalue of `T`, `req` an rvalue
    `http_request`, `ec` an lvalue `error_code` and `token` a completion token:

    - `T::executor_type` names the executor on which asynchronous work runs, and
      `t.get_executor()` returns it.
    - `t.send(std::move(req), ec)` performs the exchange and blocks until it ends; it returns the
      response, or sets `ec` and returns an unspecified response when no response was received.
    - `t.async_send(std::move(req), token)` starts the exchange and returns at once; completion
      has the signature `void(error_code ec, http_response res)`. It never completes inline from
      the initiating call: the handler runs as if by `boost::asio::post` on its associated
      executor (defaulting to `t.get_executor()`).

    @par Exemplar
    @code
    struct my_transport {
        using executor_type = boost::asio::any_io_executor;
        executor_type get_executor() const;
        http_response send(http_request req, error_code& ec);
        template <class CompletionToken>
        auto async_send(http_request req, CompletionToken&& token);
    };
    @endcode

    @par Models
    `coverkit::in_process_transport` (coverkit/transport/in_process.hpp), `coverkit::http_transport`
    (coverkit/transport/http.hpp).
*/
template <class T>
concept transport = requires(T& t, http_request req, error_code& ec)
{
    typename T::executor_type;
    {
        t.get_executor()
        } -> std::convertible_to<typename T::executor_type>;
    {
        t.send(std::move(req), ec)
        } -> std::same_as<http_response>;
    t.async_send(std::move(req), detail::send_handler_archetype{});
};

/** A transport that also takes `exchange_options` with each exchange:
    `t.send(std::move(req), opts, ec)` and `t.async_send(std::move(req), opts, token)`, with the
    same meaning and completion as the forms without, and `opts` enforced while reading.

    @par Models
    `coverkit::in_process_transport`, `coverkit::http_transport`.
*/
template <class T>
concept transport_with_options = transport<T> &&
    requires(T& t, http_request req, exchange_options const& opts, error_code& ec)
{
    {
        t.send(std::move(req), opts, ec)
        } -> std::same_as<http_response>;
    t.async_send(std::move(req), opts, detail::send_handler_archetype{});
};

} // namespace coverkit

#endif
