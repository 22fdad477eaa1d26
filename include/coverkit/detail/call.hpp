#ifndef COVERKIT_DETAIL_CALL_HPP
#define COVERKIT_DETAIL_CALL_HPP

#include <coverkit/error.hpp>
#include <coverkit/transport.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>

#include <string>
#include <utility>

namespace coverkit::detail {

/* One REST call, prepared: the request to send (or why none may be sent), how to tell success,
   how to read the success body, and how the API family words its errors.

   Function pointers rather than template parameters keep every call of every family on one
   instantiation of the run/async_run machinery per result type. */
template <class T>
struct call
{
    http_request req;
    // Set when the input was rejected before sending; `message` says why.
    error_code rejected;
    std::string message;
    unsigned success_status = 200;
    // Reads a success-status body. A family whose success status can still carry an error
    // (the legacy envelope) returns that error and fills details.message.
    result<T> (*parse)(http_response&, error_details&) = nullptr;
    // The family's error body reader: fills details.message (and details.code).
    void (*read_error)(http_response const&, error_details&) = nullptr;
};

template <class T>
call<T> reject(error_code ec, std::string message)
{
    call<T> c;
    c.rejected = ec;
    c.message = std::move(message);
    return c;
}

template <class T>
T finish(call<T>& c, http_response& res, error_code& ec, error_details& d)
{
    d.status = res.result_int();
    d.request_id = std::string(res["x-request-id"]);
    if (d.status == c.success_status) {
        auto r = c.parse(res, d);
        if (r)
            return std::move(*r);
        ec = r.error();
        if (d.message.empty())
            d.message = "the response body is not of the documented shape";
        d.body = std::move(res.body());
        return T{};
    }
    ec = error_from_status(d.status);
    c.read_error(res, d);
    d.body = std::move(res.body());
    return T{};
}

template <class T, class Transport>
T run(Transport& t, call<T> c, error_code& ec, error_details& d)
{
    ec = {};
    d.clear();
    if (c.rejected) {
        ec = c.rejected;
        d.message = std::move(c.message);
        return T{};
    }
    auto res = t.send(std::move(c.req), ec);
    if (ec)
        return T{};
    return finish(c, res, ec, d);
}

template <class T, class Transport>
T run(Transport& t, call<T> c)
{
    error_code ec;
    error_details d;
    T v = run(t, std::move(c), ec, d);
    throw_on_error(ec, d);
    return v;
}

// The composed operation behind every asynchronous REST call. It is entered three ways: once
// by async_compose (start), by the transport's completion (ec, res), or, for input rejected
// before sending, by its own posted continuation (no arguments, after `started`).
template <class T, class Transport>
struct call_op
{
    Transport& transport;
    call<T> c;
    error_details* out;
    bool started = false;

    template <class Self>
    void operator()(Self& self, error_code ec = {}, http_response res = {})
    {
        if (!started) {
            started = true;
            if (c.rejected) // still inside the initiating function: complete via the executor
                return boost::asio::post(transport.get_executor(), std::move(self));
            return transport.async_send(std::move(c.req), std::move(self));
        }
        error_details d;
        T v{};
        if (c.rejected) {
            ec = c.rejected;
            d.message = std::move(c.message);
        } else if (!ec) {
            v = finish(c, res, ec, d);
        }
        if (out)
            *out = std::move(d);
        self.complete(ec, std::move(v));
    }
};

// Completes with void(error_code, T); fills *out (when given) before the handler runs.
template <class T, class Transport, class CompletionToken>
auto async_run(Transport& t, call<T> c, error_details* out, CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(error_code, T)>(
        call_op<T, Transport>{t, std::move(c), out}, token, t.get_executor());
}

} // namespace coverkit::detail

#endif
