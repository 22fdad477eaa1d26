#ifndef COVERKIT_DETAIL_CALL_HPP
#define COVERKIT_DETAIL_CALL_HPP

#include <coverkit/as_api_error.hpp>
#include <coverkit/error.hpp>
#include <coverkit/transport.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/url/parse.hpp>

#include <exception>
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
    // The operation's name for error_details, `family.function`; a string literal.
    char const* operation = "";
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
call<T> reject(char const* operation, error_code ec, std::string message)
{
    call<T> c;
    c.operation = operation;
    c.rejected = ec;
    c.message = std::move(message);
    return c;
}

// Every problem found in a call's input: the call fails with the first one's code, and its
// message lists them all.
struct problems
{
    error_code ec;
    std::string why;

    void add(error_code e, std::string_view text) { add_problem(ec, why, e, text); }
    // Adds what a check(request, why) function found, if anything.
    void add_check(error_code e, std::string const& text)
    {
        if (e)
            add(e, text);
    }
    explicit operator bool() const noexcept { return static_cast<bool>(ec); }
};

// Adds an empty room uuid to `p`.
inline void check_room_uuid(std::string_view room_uuid, problems& p)
{
    if (room_uuid.empty())
        p.add(error::empty_room_uuid, "the room uuid is empty");
}

template <class T>
call<T> reject(char const* operation, problems p)
{
    return reject<T>(operation, p.ec, std::move(p.why));
}

// Notes in `d` where a request goes: its method, and its URL without query, fragment or user
// information (they may hold secrets), with host and port.
inline void note_request(http_request const& req, error_details& d)
{
    d.method = std::string(req.method_string());
    d.url.clear();
    d.host.clear();
    d.port = 0;
    auto const u = boost::urls::parse_uri_reference(req.target());
    if (!u)
        return;
    if (u->has_scheme() && u->has_authority()) {
        d.host = std::string(u->encoded_host()); // an IPv6 address keeps its brackets
        d.port = u->has_port() ? u->port_number()
                               : (u->scheme_id() == boost::urls::scheme::https ? 443 : 80);
        d.url = std::string(u->scheme()) + "://" + std::string(u->encoded_host_and_port());
    }
    d.url += std::string(u->encoded_path());
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
    d.operation = s.c.operation;
    state_value<State> v{};
    if (s.c.rejected) {
        ec = s.c.rejected;
        d.message = std::move(s.c.message);
    } else {
        for (;;) {
            note_request(s.c.req, d);
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

// The signature an operation completes a token with: `Signature` itself, or, for a token that
// takes failures as api_error (completes_with_api_error), the same with std::exception_ptr in
// place of error_code.
template <class Signature, bool AsException>
struct completion_signature
{
    using type = Signature;
};

template <class... Values>
struct completion_signature<void(error_code, Values...), true>
{
    using type = void(std::exception_ptr, Values...);
};

template <class CompletionToken>
struct is_as_api_error : std::false_type
{
};

template <class CompletionToken>
struct is_as_api_error<as_api_error_t<CompletionToken>> : std::true_type
{
};

// Completes a composed operation with `ec` (and the values), or with the api_error made of `ec`
// and `d` when the operation's token takes failures as exceptions.
template <bool AsException, class Self, class... Values>
void complete_call(Self& self, error_code const& ec, error_details const& d, Values&&... values)
{
    if constexpr (AsException)
        self.complete(ec ? std::make_exception_ptr(api_error(ec, d)) : std::exception_ptr(),
                      std::forward<Values>(values)...);
    else
        self.complete(ec, std::forward<Values>(values)...);
}

// async_compose for an operation whose completion is `Signature` (`void(error_code, ...)`),
// with the signature adapted as the token asks, and an as_api_error_t's own token initiated in
// its place. `Op` is given AsException.
template <class Signature, template <bool> class Op, class CompletionToken, class Executor,
          class... Args>
auto compose_call(CompletionToken&& token, Executor const& ex, Args&&... args)
{
    using token_type = std::remove_cvref_t<CompletionToken>;
    constexpr bool as_exception = completes_with_api_error<token_type>::value;
    using signature = typename completion_signature<Signature, as_exception>::type;
    if constexpr (is_as_api_error<token_type>::value) {
        // The adapted token, as an lvalue when the adapter is one, else as an rvalue.
        using inner = std::conditional_t<std::is_lvalue_reference_v<CompletionToken>,
                                         std::remove_reference_t<decltype((token.token))>&,
                                         decltype(token.token)>;
        return boost::asio::async_compose<inner, signature>(
            Op<as_exception>{std::forward<Args>(args)...}, token.token, ex);
    } else {
        return boost::asio::async_compose<CompletionToken, signature>(
            Op<as_exception>{std::forward<Args>(args)...}, token, ex);
    }
}

// The composed operation behind every asynchronous REST call. It is entered three ways: once
// by async_compose (start), by the transport's completion of each exchange (ec, res), or, for
// input rejected before sending, by its own posted continuation (no arguments, after
// `started`).
template <class State, class Transport>
struct call_op
{
    template <bool AsException>
    struct with
    {
        Transport& transport;
        State s;
        error_details* out;
        bool started = false;
        // The details so far: the operation, and where the last request went.
        error_details d = {};

        template <class Self>
        void operator()(Self& self, error_code ec = {}, http_response res = {})
        {
            if (!started) {
                started = true;
                d.operation = s.c.operation;
                if (s.c.rejected) // still inside the initiating function: complete via the executor
                    return boost::asio::post(transport.get_executor(), std::move(self));
                return send(self);
            }
            state_value<State> v{};
            if (s.c.rejected) {
                ec = s.c.rejected;
                d.message = std::move(s.c.message);
            } else if (ec) {
                explain_transport_error(s.c, res, ec, d);
            } else if (!s.step(res, ec, v, d)) {
                return send(self);
            }
            s.done(d);
            if constexpr (AsException) {
                if (out)
                    *out = d;
            } else if (out) {
                *out = std::move(d);
            }
            if constexpr (std::is_void_v<typename State::result_type>)
                complete_call<AsException>(self, ec, d);
            else
                complete_call<AsException>(self, ec, d, std::move(v));
        }

        template <class Self>
        void send(Self& self)
        {
            note_request(s.c.req, d);
            async_send_call(transport, s.c, std::move(self));
        }
    };
};

// Completes with void(error_code, R), or void(error_code) when the result R is void (with
// std::exception_ptr in place of error_code for tokens that take api_error); fills *out (when
// given) before the handler runs.
template <class State, class Transport, class CompletionToken>
auto async_run_state(Transport& t, State s, error_details* out, CompletionToken&& token)
{
    return compose_call<signature_of<typename State::result_type>,
                        call_op<State, Transport>::template with>(
        std::forward<CompletionToken>(token), t.get_executor(), t, std::move(s), out);
}

template <class T, class Transport, class CompletionToken>
auto async_run(Transport& t, call<T> c, error_details* out, CompletionToken&& token)
{
    return async_run_state(t, single_exchange<T>{std::move(c)}, out,
                           std::forward<CompletionToken>(token));
}

} // namespace coverkit::detail

#endif
