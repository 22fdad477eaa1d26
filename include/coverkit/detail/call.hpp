#ifndef COVERKIT_DETAIL_CALL_HPP
#define COVERKIT_DETAIL_CALL_HPP

#include <coverkit/error.hpp>
#include <coverkit/transport.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/error.hpp>

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

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
    // What the exchange is held to: `exchange.max_body` is the largest body the caller accepts
    // (0 for no limit of the call's own), enforced while reading by transports that take
    // exchange options and checked by `finish` for the others.
    exchange_options exchange = {};
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

// What a call gives back: T, or nothing for calls whose answer carries no data.
template <class T>
using value_of = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

template <class T>
value_of<T> finish(call<T>& c, http_response& res, error_code& ec, error_details& d)
{
    d.status = res.result_int();
    d.request_id = std::string(res["x-request-id"]);
    if (d.status == c.success_status && c.exchange.max_body &&
        res.body().size() > c.exchange.max_body) {
        ec = error::response_too_large;
        d.message = "the response body holds " + std::to_string(res.body().size()) +
                    " bytes, more than the " + std::to_string(c.exchange.max_body) + " allowed";
        return {};
    }
    if (d.status == c.success_status) {
        auto r = c.parse(res, d);
        if (r) {
            if constexpr (std::is_void_v<T>)
                return {};
            else
                return std::move(*r);
        }
        ec = r.error();
        if (d.message.empty())
            d.message = "the response body is not of the documented shape";
        d.body = std::move(res.body());
        return {};
    }
    ec = error_from_status(d.status);
    c.read_error(res, d);
    d.body = std::move(res.body());
    return {};
}

/* What a call does with the transport's answers. Every call sends `c.req` first; `step` reads
   an answer and says whether the call is over (ec, v and d set) or `c` now holds the next
   request (an SMH cover following a redirect); `done` sees the details last, whatever the
   outcome (SMH cuts its secrets out of them). `result_type` is the call's result (void for
   none). `single_exchange` is the state of every call of one request. */
template <class T>
struct single_exchange
{
    using result_type = T;

    call<T> c = {};

    bool step(http_response& res, error_code& ec, value_of<T>& v, error_details& d)
    {
        v = finish(c, res, ec, d);
        return true;
    }
    void done(error_details&) const noexcept {}
};

template <class State>
using state_value = value_of<typename State::result_type>;

// One exchange of a call, held to its exchange options by transports that take them.
template <class T, class Transport>
http_response send_call(Transport& t, call<T>& c, error_code& ec)
{
    if constexpr (transport_with_options<Transport>)
        return t.send(std::move(c.req), c.exchange, ec);
    else
        return t.send(std::move(c.req), ec);
}

template <class T, class Transport, class Handler>
void async_send_call(Transport& t, call<T>& c, Handler&& handler)
{
    if constexpr (transport_with_options<Transport>)
        t.async_send(std::move(c.req), c.exchange, std::forward<Handler>(handler));
    else
        t.async_send(std::move(c.req), std::forward<Handler>(handler));
}

// A transport's refusal of a body over the call's own limit, in the call's terms: with the
// status, request id and announced length when the transport read the header.
template <class T>
void explain_transport_error(call<T> const& c, http_response const& res, error_code& ec,
                             error_details& d)
{
    if (ec != boost::beast::http::error::body_limit || !c.exchange.max_body)
        return;
    ec = error::response_too_large;
    d.status = res.result_int();
    d.request_id = std::string(res["x-request-id"]);
    auto const length = res[boost::beast::http::field::content_length];
    d.message = "the response body " +
                (length.empty() ? std::string("is larger than")
                                : "holds " + std::string(length) + " bytes, more than") +
                " the " + std::to_string(c.exchange.max_body) + " bytes allowed";
}

template <class State, class Transport>
state_value<State> drive(Transport& t, State& s, error_code& ec, error_details& d)
{
    ec = {};
    d.clear();
    state_value<State> v{};
    if (s.c.rejected) {
        ec = s.c.rejected;
        d.message = std::move(s.c.message);
    } else {
        for (;;) {
            auto res = send_call(t, s.c, ec);
            if (ec) {
                explain_transport_error(s.c, res, ec, d);
                break;
            }
            if (s.step(res, ec, v, d))
                break;
        }
    }
    s.done(d);
    return v;
}

template <class State, class Transport>
typename State::result_type run_state(Transport& t, State s, error_code& ec, error_details& d)
{
    if constexpr (std::is_void_v<typename State::result_type>)
        drive(t, s, ec, d);
    else
        return drive(t, s, ec, d);
}

template <class State, class Transport>
typename State::result_type run_state(Transport& t, State s)
{
    error_code ec;
    error_details d;
    [[maybe_unused]] auto v = drive(t, s, ec, d);
    throw_on_error(ec, d);
    if constexpr (!std::is_void_v<typename State::result_type>)
        return v;
}

template <class T, class Transport>
T run(Transport& t, call<T> c, error_code& ec, error_details& d)
{
    return run_state(t, single_exchange<T>{std::move(c)}, ec, d);
}

template <class T, class Transport>
T run(Transport& t, call<T> c)
{
    return run_state(t, single_exchange<T>{std::move(c)});
}

// The completion signature of a call giving T.
template <class T>
using signature_of =
    std::conditional_t<std::is_void_v<T>, void(error_code), void(error_code, value_of<T>)>;

// The composed operation behind every asynchronous REST call. It is entered three ways: once
// by async_compose (start), by the transport's completion of each exchange (ec, res), or, for
// input rejected before sending, by its own posted continuation (no arguments, after
// `started`).
template <class State, class Transport>
struct call_op
{
    Transport& transport;
    State s;
    error_details* out;
    bool started = false;

    template <class Self>
    void operator()(Self& self, error_code ec = {}, http_response res = {})
    {
        if (!started) {
            started = true;
            if (s.c.rejected) // still inside the initiating function: complete via the executor
                return boost::asio::post(transport.get_executor(), std::move(self));
            return async_send_call(transport, s.c, std::move(self));
        }
        error_details d;
        state_value<State> v{};
        if (s.c.rejected) {
            ec = s.c.rejected;
            d.message = std::move(s.c.message);
        } else if (ec) {
            explain_transport_error(s.c, res, ec, d);
        } else if (!s.step(res, ec, v, d)) {
            return async_send_call(transport, s.c, std::move(self));
        }
        s.done(d);
        if (out)
            *out = std::move(d);
        if constexpr (std::is_void_v<typename State::result_type>)
            self.complete(ec);
        else
            self.complete(ec, std::move(v));
    }
};

// Completes with void(error_code, R), or void(error_code) when the result R is void; fills
// *out (when given) before the handler runs.
template <class State, class Transport, class CompletionToken>
auto async_run_state(Transport& t, State s, error_details* out, CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, signature_of<typename State::result_type>>(
        call_op<State, Transport>{t, std::move(s), out}, token, t.get_executor());
}

template <class T, class Transport, class CompletionToken>
auto async_run(Transport& t, call<T> c, error_details* out, CompletionToken&& token)
{
    return async_run_state(t, single_exchange<T>{std::move(c)}, out,
                           std::forward<CompletionToken>(token));
}

} // namespace coverkit::detail

#endif
