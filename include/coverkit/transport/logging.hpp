//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_TRANSPORT_LOGGING_HPP
#define COVERKIT_TRANSPORT_LOGGING_HPP

#include <coverkit/detail/adapter.hpp>
#include <coverkit/transport.hpp>

#include <boost/asio/async_result.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coverkit {

/// What stands in a logged request for a secret.
inline constexpr std::string_view redacted = "[redacted]";

/** One exchange as a `logging_transport` reports it, every secret replaced by `redacted`.

    Secrets are the values of the headers `token`, `roomToken`, `Authorization`,
    `Proxy-Authorization` and `Cookie`; of the query parameters `token`, `roomToken`,
    `access_token` and `library_secret`; and of the JSON body members `secretAccessKey`,
    `access_token`, `accessToken`, `library_secret`, `token` and `roomToken`, at any depth.
    Names compare without regard to case. A request body that is not JSON is not shown: its
    length stands in its place.

    The request is kept whole (in one buffer) and redacted when asked: a listener that reads
    only the status and the duration pays for no redaction.
*/
class exchange_record
{
public:
    /// A record of `req`, before it is sent.
    explicit exchange_record(http_request const& req) : req_(req) {}

    /// The request's method, `GET`, `POST`, ….
    std::string_view method() const noexcept { return req_.method_string(); }
    /// The absolute URL the request went to, secret query values redacted.
    std::string url() const;
    /// The request's headers in order, secret values redacted.
    std::vector<std::pair<std::string, std::string>> headers() const;
    /// The request body, secret members redacted; empty when it had none.
    std::string body() const;

    /// The answer's status; 0 when no answer came.
    unsigned status() const noexcept { return status_; }
    /// The answer's `x-request-id`; empty when it had none.
    std::string_view request_id() const noexcept
    {
        return id_size_ <= id_buf_.size() ? std::string_view(id_buf_.data(), id_size_)
                                          : std::string_view(long_id_);
    }
    /// From handing the request to the wrapped transport to its answer or failure.
    std::chrono::microseconds duration() const noexcept { return duration_; }
    /// The transport's error; clear when an answer came (whatever its status).
    error_code const& error() const noexcept { return error_; }

    /// Records the outcome: `ec` and `res` as the wrapped transport gave them, `started` when
    /// the request was handed over.
    void set_outcome(std::chrono::steady_clock::time_point started, error_code const& ec,
                     http_response const& res);

private:
    detail::saved_request req_;
    unsigned status_ = 0;
    // The request id, kept inline when short (as ids are): no allocation per exchange.
    std::array<char, 64> id_buf_{};
    std::size_t id_size_ = 0;
    std::string long_id_;
    std::chrono::microseconds duration_{0};
    error_code error_;
};

/// Called once per exchange, on the thread that completes it.
using exchange_listener = std::function<void(exchange_record const&)>;

/** A transport that reports every exchange to a listener, with its secrets redacted.

    An adapter over any `transport`, and a model of `transport` (and `transport_with_options`)
    itself. Stacked under a `retrying_transport` it reports each attempt; over one, each call:
    @code
    coverkit::retrying_transport<coverkit::logging_transport<coverkit::http_transport>> t{
        coverkit::logging_transport<coverkit::http_transport>{
            coverkit::http_transport{ex},
            [](coverkit::exchange_record const& r) {
                std::clog << r.method() << ' ' << r.url() << ' ' << r.status() << '\n';
            }}};
    @endcode

    The listener must not throw. Copies share it.
*/
template <transport Transport>
class logging_transport
{
public:
    /// The executor of asynchronous exchanges: the wrapped transport's.
    using executor_type = typename Transport::executor_type;

    /// The wrapped transport's type.
    using next_layer_type = Transport;

    /// Wraps `next`; `listener` hears of every exchange.
    logging_transport(Transport next, exchange_listener listener);

    /// The wrapped transport's executor.
    executor_type get_executor() const { return next_.get_executor(); }

    /// The wrapped transport.
    Transport& next_layer() noexcept { return next_; }

    /// Performs one exchange and reports it.
    http_response send(http_request req, error_code& ec);

    /// Performs one exchange held to `opts` (passed on when the wrapped transport takes them).
    http_response send(http_request req, exchange_options const& opts, error_code& ec);

    /// Performs one exchange; throws `boost::system::system_error` on failure.
    http_response send(http_request req);

    /// Starts one exchange; completes with `void(error_code, http_response)` after reporting.
    template <class CompletionToken>
    auto async_send(http_request req, CompletionToken&& token);

    /// Starts one exchange held to `opts`; completes as the form without.
    template <class CompletionToken>
    auto async_send(http_request req, exchange_options const& opts, CompletionToken&& token);

private:
    template <class>
    struct send_op;

    Transport next_;
    std::shared_ptr<exchange_listener const> listener_;
};

} // namespace coverkit

#include <coverkit/transport/impl/logging.hpp>

#endif
