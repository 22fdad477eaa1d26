#ifndef COVERKIT_TRANSPORT_IMPL_IN_PROCESS_HPP
#define COVERKIT_TRANSPORT_IMPL_IN_PROCESS_HPP

#include <coverkit/detail/origin.hpp>
#include <coverkit/version.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/system_error.hpp>

namespace coverkit {

namespace detail {

// One exchange in process: the handler's answer, held to `opts` as a network transport would
// hold it (the answer exists whole already, so nothing is saved by refusing it early).
inline http_response exchange_in_process(in_process_transport::exchange_handler_type const& handler,
                                         http_request& req, exchange_options const& opts,
                                         in_process_options const& own, error_code& ec)
{
    ec = {};
    auto const now = std::chrono::steady_clock::now();
    if (opts.deadline && now >= *opts.deadline) {
        ec = boost::beast::error::timeout;
        return {};
    }
    to_origin_form(req, ec);
    if (ec)
        return {};
    if (req.find(boost::beast::http::field::user_agent) == req.end())
        req.set(boost::beast::http::field::user_agent, default_user_agent);
    auto answer = handler(req);
    // As a network transport on a fresh connection reports each fault.
    if (answer.fault == connection_fault::no_answer || answer.delay >= own.exchange_timeout ||
        (opts.deadline && answer.delay > std::chrono::milliseconds(0) &&
         answer.delay >= *opts.deadline - now)) {
        ec = boost::beast::error::timeout;
        return {};
    }
    if (answer.fault == connection_fault::close_before_answer) {
        if (is_idempotent(req.method()))
            ec = boost::beast::http::error::end_of_stream;
        else
            ec = error::request_outcome_unknown;
        return {};
    }
    if (answer.fault == connection_fault::partial_answer) {
        ec = boost::beast::http::error::partial_message;
        return {};
    }
    auto& res = answer.response;
    if (opts.discard_redirect_body && is_redirect(res.result_int())) {
        res.body().clear();
    } else if (opts.max_body && res.body().size() > opts.max_body) {
        // Status and headers only, as over a network, with the length the body had.
        ec = boost::beast::http::error::body_limit;
        res.content_length(res.body().size());
        res.body().clear();
    }
    return std::move(res);
}

} // namespace detail

inline in_process_transport::in_process_transport(executor_type ex, handler_type handler)
    : ex_(std::move(ex)),
      handler_(std::make_shared<exchange_handler_type const>(
          [h = std::move(handler)](http_request const& req) { return in_process_answer{h(req)}; }))
{}

inline in_process_transport::in_process_transport(executor_type ex, exchange_handler_type handler,
                                                  in_process_options options)
    : ex_(std::move(ex)),
      handler_(std::make_shared<exchange_handler_type const>(std::move(handler))), options_(options)
{}

inline http_response in_process_transport::send(http_request req, error_code& ec)
{
    return send(std::move(req), exchange_options{}, ec);
}

inline http_response in_process_transport::send(http_request req, exchange_options const& opts,
                                                error_code& ec)
{
    return detail::exchange_in_process(*handler_, req, opts, options_, ec);
}

inline http_response in_process_transport::send(http_request req)
{
    error_code ec;
    auto res = send(std::move(req), ec);
    if (ec)
        throw boost::system::system_error(ec, "coverkit::in_process_transport::send");
    return res;
}

struct in_process_transport::send_op
{
    std::shared_ptr<exchange_handler_type const> handler;
    executor_type ex;
    http_request req;
    exchange_options opts;
    in_process_options own;
    bool posted = false;

    template <class Self>
    void operator()(Self& self)
    {
        // Leave the initiating function first, so the caller never sees inline completion.
        if (!posted) {
            posted = true;
            return boost::asio::post(ex, std::move(self));
        }
        error_code ec;
        auto res = detail::exchange_in_process(*handler, req, opts, own, ec);
        self.complete(ec, std::move(res));
    }
};

template <class CompletionToken>
auto in_process_transport::async_send(http_request req, CompletionToken&& token)
{
    return async_send(std::move(req), exchange_options{}, std::forward<CompletionToken>(token));
}

template <class CompletionToken>
auto in_process_transport::async_send(http_request req, exchange_options const& opts,
                                      CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(error_code, http_response)>(
        send_op{handler_, ex_, std::move(req), opts, options_}, token, ex_);
}

} // namespace coverkit

#endif
