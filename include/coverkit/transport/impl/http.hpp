#ifndef COVERKIT_TRANSPORT_IMPL_HTTP_HPP
#define COVERKIT_TRANSPORT_IMPL_HTTP_HPP

// http_transport's function templates: what every translation unit compiles. The rest is in
// impl/http.ipp.

#include <boost/asio/async_result.hpp>

#include <utility>

namespace coverkit {

template <class CompletionToken>
auto http_transport::async_send(http_request req, CompletionToken&& token)
{
    return async_send(std::move(req), exchange_options{}, std::forward<CompletionToken>(token));
}

template <class CompletionToken>
auto http_transport::async_send(http_request req, exchange_options const& opts,
                                CompletionToken&& token)
{
    // The handler is type-erased before the exchange starts: the exchange's machinery (Beast's
    // HTTP and TLS operations) is then compiled once, not once per completion token and per
    // calling operation.
    // The initiation holds what it needs: a deferred token may start it after this transport
    // object is gone (its copies share the pool).
    return boost::asio::async_initiate<CompletionToken, void(error_code, http_response)>(
        [ex = ex_, core = impl_](auto handler, http_request req, exchange_options const& opts) {
            start(ex, core, std::move(req), opts, exchange_handler(std::move(handler)));
        },
        token, std::move(req), opts);
}

} // namespace coverkit

#endif
