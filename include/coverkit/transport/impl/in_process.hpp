#ifndef COVERKIT_TRANSPORT_IMPL_IN_PROCESS_HPP
#define COVERKIT_TRANSPORT_IMPL_IN_PROCESS_HPP

#include <coverkit/detail/origin.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/system_error.hpp>

namespace coverkit {

inline in_process_transport::in_process_transport(executor_type ex, handler_type handler)
    : ex_(std::move(ex)), handler_(std::make_shared<handler_type const>(std::move(handler)))
{}

inline http_response in_process_transport::send(http_request req, error_code& ec)
{
    ec = {};
    detail::to_origin_form(req, ec);
    if (ec)
        return {};
    return (*handler_)(req);
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
        detail::to_origin_form(req, ec);
        if (ec)
            return self.complete(ec, http_response{});
        auto res = (*handler)(req);
        self.complete(ec, std::move(res));
    }
};

template <class CompletionToken>
auto in_process_transport::async_send(http_request req, CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(error_code, http_response)>(
        send_op{handler_, ex_, std::move(req)}, token, ex_);
}

} // namespace coverkit

#endif
