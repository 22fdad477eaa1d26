//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_TRANSPORT_IN_PROCESS_HPP
#define COVERKIT_TRANSPORT_IN_PROCESS_HPP

#include <coverkit/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace coverkit {

/** How a server in the same process ends an exchange other than by answering whole: the
    connection faults a server behind a socket can cause (a test double failing on demand). */
enum class connection_fault
{
    /// The answer is given whole.
    none,
    /// The connection is closed after the request arrived, before any byte of an answer.
    close_before_answer,
    /// The answer's head and part of its body are sent, then the connection is closed.
    partial_answer,
    /// No answer ever comes: the client's timeout has to end the exchange.
    no_answer,
};

/// Settings of an `in_process_transport`.
struct in_process_options
{
    /** The longest an exchange may take, as `http_transport_options::exchange_timeout`: an
        answer `delay`ed this long or longer, or none at all (`no_answer`), fails the exchange
        with `boost::beast::error::timeout`, at once (time does not pass in process). */
    std::chrono::milliseconds exchange_timeout{60'000};
};

/// What an in-process server makes of one request: an answer, or how the exchange fails.
struct in_process_answer
{
    /// The answer; unused for `close_before_answer` and `no_answer`.
    http_response response = {};
    /// How the exchange ends when not by the whole answer.
    connection_fault fault = connection_fault::none;
    /// How long the server takes before answering (or before the fault).
    std::chrono::milliseconds delay{0};
};

/** A transport that hands each request to a function in the same process.

    No socket is opened: the request is rewritten to origin form (`Host` set from the absolute
    URL's authority, target set to its path and query) and passed to the handler, whose response
    is returned as the server's. With `coverkit::fake::server` as the handler, API code runs
    against the fake exactly as it would over the network, only faster and without ports.

    The asynchronous form always completes through the executor: the handler function runs in a
    posted operation, never inside `async_send` itself.

    @par Connection faults
    A handler that returns an `in_process_answer` can fail an exchange the way a server behind
    a socket would, and the transport reports it with the error `http_transport` reports for
    the same thing on a fresh connection, so a test behaves alike over both:
    - `close_before_answer`: `boost::beast::http::error::end_of_stream`, or
      `error::request_outcome_unknown` for a method that is not idempotent (POST, PATCH);
    - `partial_answer`: `boost::beast::http::error::partial_message`;
    - `no_answer`: `boost::beast::error::timeout`.

    Time does not pass in process: an exchange never waits. An answer `delay`ed as long as the
    transport's `exchange_timeout` (60 s) or past the exchange's deadline
    (`exchange_options::deadline`) fails with `boost::beast::error::timeout` at once; a shorter
    delay costs nothing. `no_answer` fails at once with the timeout the client would reach.

    @par Thread safety
    Distinct objects: safe. Shared objects: `send` and `async_send` may be called concurrently
    when the handler function is itself safe to call concurrently (the fake server's is).
    Copies share the handler.

    @par Errors
    `error::invalid_argument` when the target is neither an absolute `http`/`https` URL nor an
    origin-form path. An exception thrown by the handler function propagates to the caller of
    `send`, or out of the executor's `run()` for `async_send`.
*/
class in_process_transport
{
public:
    /// The executor on which asynchronous exchanges complete.
    using executor_type = boost::asio::any_io_executor;

    /// The server side: called once per request with the request in origin form.
    using handler_type = std::function<http_response(http_request const&)>;

    /// The server side of a server that can also fail exchanges (see "Connection faults").
    using exchange_handler_type = std::function<in_process_answer(http_request const&)>;

    /// Constructs a transport whose exchanges run `handler` and complete on `ex`.
    in_process_transport(executor_type ex, handler_type handler);

    /// Constructs a transport whose exchanges run `handler`, which may fail them, on `ex`.
    in_process_transport(executor_type ex, exchange_handler_type handler,
                         in_process_options options = {});

    /// Returns the executor on which asynchronous exchanges complete.
    executor_type get_executor() const noexcept { return ex_; }

    /// Performs one exchange; sets `ec` when the request cannot be routed.
    http_response send(http_request req, error_code& ec);

    /// Performs one exchange; throws `boost::system::system_error` on failure.
    http_response send(http_request req);

    /** Starts one exchange.

        @param req The request; its target is an absolute URL or an origin-form path.
        @param token Completion token with signature `void(error_code, http_response)`.
    */
    template <class CompletionToken>
    auto async_send(http_request req, CompletionToken&& token);

    /** Performs one exchange held to `opts`: a body over `opts.max_body` fails with
        `boost::beast::http::error::body_limit`, a redirect's body is dropped when asked, and a
        deadline already passed fails with `boost::beast::error::timeout` (in process, an
        exchange never waits). */
    http_response send(http_request req, exchange_options const& opts, error_code& ec);

    /// Starts one exchange held to `opts` (see `send`); completes as the form without.
    template <class CompletionToken>
    auto async_send(http_request req, exchange_options const& opts, CompletionToken&& token);

private:
    struct send_op;

    executor_type ex_;
    std::shared_ptr<exchange_handler_type const> handler_;
    in_process_options options_;
};

} // namespace coverkit

#include <coverkit/transport/impl/in_process.hpp>

// After the impl: checking async_send needs its deduced return type.
static_assert(coverkit::transport<coverkit::in_process_transport>);
static_assert(coverkit::transport_with_options<coverkit::in_process_transport>);

#endif
