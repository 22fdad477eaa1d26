//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_TRANSPORT_HPP
#define COVERKIT_TRANSPORT_HPP

#include <coverkit/error.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <concepts>
#include <utility>

namespace coverkit {

/// The request every coverkit API call hands to its transport.
using http_request = boost::beast::http::request<boost::beast::http::string_body>;

/// The response a transport hands back.
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

namespace detail {
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
    `coverkit::in_process_transport` (coverkit/transport/in_process.hpp).
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

} // namespace coverkit

#endif
