#ifndef COVERKIT_TRANSPORT_IMPL_IN_PROCESS_HPP
#define COVERKIT_TRANSPORT_IMPL_IN_PROCESS_HPP

#include <coverkit/detail/origin.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/system_error.hpp>

namespace coverkit {

namespace detail {

// One exchange in process: the handler's answer, held to `opts` as a network transport would
// hold it (the answer exists whole already, so nothing is saved by refusing it early).
inline http_response exchange_in_process(in_process_transport::handler_type const& handler,
                                         http_request& req, exchange_options const& opts,
                                         error_code& ec)
{
    ec = {};
    if (opts.deadline && std::chrono::steady_clock::now() >= *opts.deadline) {
        ec = boost::beast::error::timeout;
        return {};
    }
    to_origin_form(req, ec);
    if (ec)
        return {};
    auto res = handler(req);
    if (opts.discard_redirect_body && is_redirect(res.result_int())) {
        res.body().clear();
    } else if (opts.max_body && res.body().size() > opts.max_body) {
        // Status and headers only, as over a network, with the length the body had.
        ec = boost::beast::http::error::body_limit;
        res.content_length(res.body().size());
        res.body().clear();
    }
    return res;
}

} // namespace detail

inline in_process_transport::in_process_transport(executor_type ex, handler_type handler)
    : ex_(std::move(ex)), handler_(std::make_shared<handler_type const>(std::move(handler)))
{}

inline http_response in_process_transport::send(http_request req, error_code& ec)
{
    return send(std::move(req), exchange_options{}, ec);
}

inline http_response in_process_transport::send(http_request req, exchange_options const& opts,
                                                error_code& ec)
{
    return detail::exchange_in_process(*handler_, req, opts, ec);
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
    std::shared_ptr<handler_type const> handler;
    executor_type ex;
    http_request req;
    exchange_options opts;
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
        auto res = detail::exchange_in_process(*handler, req, opts, ec);
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
        send_op{handler_, ex_, std::move(req), opts}, token, ex_);
}

} // namespace coverkit

#endif
