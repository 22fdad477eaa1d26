#ifndef COVERKIT_TRANSPORT_IMPL_RETRYING_HPP
#define COVERKIT_TRANSPORT_IMPL_RETRYING_HPP

#include <coverkit/detail/adapter.hpp>
#include <coverkit/detail/http_date.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <thread>

namespace coverkit {

namespace detail {

/// Failures of a connection that a later attempt may not meet.
inline bool is_transient(error_code const& ec) noexcept
{
    namespace ae = boost::asio::error;
    namespace http = boost::beast::http;
    return ec == boost::beast::error::timeout || ec == http::error::end_of_stream ||
           ec == http::error::partial_message || ec == ae::connection_reset ||
           ec == ae::connection_aborted || ec == ae::connection_refused || ec == ae::eof ||
           ec == ae::broken_pipe || ec == ae::network_unreachable || ec == ae::host_unreachable ||
           ec == ae::network_down || ec == ae::timed_out || ec == error::request_outcome_unknown;
}

/// Failures that prove the request never reached the server.
inline bool nothing_sent(error_code const& ec) noexcept
{
    namespace ae = boost::asio::error;
    return ec == ae::connection_refused || ec == ae::network_unreachable ||
           ec == ae::host_unreachable || ec == ae::network_down;
}

/// What `Retry-After` asks to wait, read against `wall_now`; nothing when absent or unreadable.
inline std::optional<std::chrono::milliseconds>
retry_after(http_response const& res, std::chrono::system_clock::time_point wall_now)
{
    auto const it = res.find(boost::beast::http::field::retry_after);
    if (it == res.end())
        return std::nullopt;
    std::string_view v = it->value();
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    if (!v.empty() && v.size() <= 9 &&
        std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        long long seconds = 0;
        for (char c : v)
            seconds = seconds * 10 + (c - '0');
        return std::chrono::seconds(seconds);
    }
    auto const at = parse_http_date(v);
    if (!at)
        return std::nullopt;
    if (*at <= wall_now)
        return std::chrono::milliseconds(0);
    // At most a year: a date further away is as good as "not in this call".
    auto const wait = std::chrono::ceil<std::chrono::milliseconds>(*at - wall_now);
    return std::min<std::chrono::milliseconds>(wait, std::chrono::hours(24 * 365));
}

/// The options and state a retrying transport's copies share.
struct retry_policy
{
    explicit retry_policy(retry_options o) : options(std::move(o)), rng(std::random_device{}())
    {
        if (options.max_attempts == 0)
            options.max_attempts = 1;
    }

    retry_options options;
    std::mutex rng_mutex;
    std::mt19937_64 rng;
    std::atomic<std::uint64_t> attempts{0};
    std::atomic<std::uint64_t> retries{0};
    std::atomic<std::uint64_t> exhausted{0};

    using clock_time = std::chrono::steady_clock::time_point;

    clock_time now() const
    {
        return options.clock.now ? options.clock.now() : std::chrono::steady_clock::now();
    }

    std::chrono::system_clock::time_point wall_now() const
    {
        return options.clock.wall_now ? options.clock.wall_now() : std::chrono::system_clock::now();
    }

    double random()
    {
        if (options.clock.random)
            return std::clamp(options.clock.random(), 0.0, 1.0);
        std::lock_guard lock(rng_mutex);
        return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    }

    void sleep(std::chrono::milliseconds d) const
    {
        if (options.clock.sleep)
            options.clock.sleep(d);
        else
            std::this_thread::sleep_for(d);
    }

    /// When the call must end by, on the adapter's clock; nothing for no bound.
    std::optional<clock_time> end_of(clock_time started) const
    {
        if (options.max_total.count() <= 0)
            return std::nullopt;
        return started + options.max_total;
    }

    /** The options an attempt is sent with: with the real clock, the caller's deadline or the
        end of the call's time, whichever comes first. */
    exchange_options attempt_options(exchange_options opts, std::optional<clock_time> end) const
    {
        if (end && !options.clock.now && (!opts.deadline || *end < *opts.deadline))
            opts.deadline = end;
        return opts;
    }

    bool repeatable(saved_request const& req, exchange_options const& opts) const
    {
        return options.retry_unsafe || opts.repeatable.value_or(is_idempotent(req.method()));
    }

    /// The backoff before retry `n` (1, 2, …), full jitter.
    std::chrono::milliseconds backoff(unsigned n)
    {
        double cap = static_cast<double>(options.initial_backoff.count()) *
                     std::pow(2.0, static_cast<double>(std::min(n, 62u) - 1));
        cap = std::min(cap, static_cast<double>(options.max_backoff.count()));
        return std::chrono::milliseconds(static_cast<long long>(random() * std::max(cap, 0.0)));
    }

    /** After attempt `attempt` ended with `ec`/`res`: the pause before the next, or nothing when
        the call is over. */
    std::optional<std::chrono::milliseconds>
    pause_after(saved_request const& req, exchange_options const& opts, error_code const& ec,
                http_response const& res, unsigned attempt, std::optional<clock_time> end)
    {
        bool worth = false;
        if (ec)
            worth = nothing_sent(ec) || (is_transient(ec) && repeatable(req, opts));
        else
            worth = std::find(options.retry_statuses.begin(), options.retry_statuses.end(),
                              res.result_int()) != options.retry_statuses.end() &&
                    repeatable(req, opts);
        if (!worth)
            return std::nullopt;
        std::optional<std::chrono::milliseconds> pause;
        if (!ec)
            pause = retry_after(res, wall_now());
        if (!pause)
            pause = backoff(attempt);
        if (attempt >= options.max_attempts || (end && now() + *pause >= *end)) {
            ++exhausted;
            return std::nullopt;
        }
        return pause;
    }
};

} // namespace detail

template <transport Transport>
retrying_transport<Transport>::retrying_transport(Transport next, retry_options options)
    : next_(std::move(next)), policy_(std::make_shared<detail::retry_policy>(std::move(options)))
{}

template <transport Transport>
retry_options const& retrying_transport<Transport>::options() const noexcept
{
    return policy_->options;
}

template <transport Transport>
retry_stats retrying_transport<Transport>::stats() const
{
    return {policy_->attempts.load(), policy_->retries.load(), policy_->exhausted.load()};
}

template <transport Transport>
http_response retrying_transport<Transport>::send(http_request req, error_code& ec)
{
    return send(std::move(req), exchange_options{}, ec);
}

template <transport Transport>
http_response retrying_transport<Transport>::send(http_request req, exchange_options const& opts,
                                                  error_code& ec)
{
    auto& p = *policy_;
    auto const end = p.end_of(p.now());
    // The request goes to the first attempt; what a retry sends is kept aside.
    detail::saved_request const saved(req);
    for (unsigned attempt = 1;; ++attempt) {
        ++p.attempts;
        auto res = detail::send_with(next_, attempt == 1 ? std::move(req) : saved.rebuild(),
                                     p.attempt_options(opts, end), ec);
        auto const pause = p.pause_after(saved, opts, ec, res, attempt, end);
        if (!pause)
            return res;
        ++p.retries;
        p.sleep(*pause);
    }
}

template <transport Transport>
http_response retrying_transport<Transport>::send(http_request req)
{
    error_code ec;
    auto res = send(std::move(req), ec);
    if (ec)
        throw boost::system::system_error(ec, "coverkit::retrying_transport::send");
    return res;
}

template <transport Transport>
template <class Unused>
struct retrying_transport<Transport>::send_op
{
    Transport& next;
    std::shared_ptr<detail::retry_policy> policy;
    http_request req; // sent by the first attempt
    exchange_options opts;
    detail::saved_request saved = {}; // what a retry sends
    std::optional<detail::retry_policy::clock_time> end = std::nullopt;
    unsigned attempt = 0;
    std::unique_ptr<boost::asio::steady_timer> timer = nullptr;
    http_response last = {};

    // Start.
    template <class Self>
    void operator()(Self& self)
    {
        end = policy->end_of(policy->now());
        saved = detail::saved_request(req);
        attempt = 1;
        send(self);
    }

    // An attempt ended.
    template <class Self>
    void operator()(Self& self, error_code ec, http_response res)
    {
        auto const pause = self.cancelled() != boost::asio::cancellation_type::none
                               ? std::nullopt
                               : policy->pause_after(saved, opts, ec, res, attempt, end);
        if (!pause)
            return self.complete(ec, std::move(res));
        ++policy->retries;
        last = std::move(res);
        auto ex = boost::asio::any_io_executor(next.get_executor());
        if (policy->options.clock.async_sleep) {
            // `self` holds this operation: what is needed of it is taken before it moves.
            auto const keep = policy;
            auto shared = std::make_shared<Self>(std::move(self));
            keep->options.clock.async_sleep(*pause, [ex, shared] {
                boost::asio::post(ex, [shared] { (*shared)(error_code{}); });
            });
            return;
        }
        timer = std::make_unique<boost::asio::steady_timer>(ex);
        timer->expires_after(*pause);
        timer->async_wait(std::move(self));
    }

    // A pause ended.
    template <class Self>
    void operator()(Self& self, error_code ec)
    {
        if (ec || self.cancelled() != boost::asio::cancellation_type::none)
            return self.complete(boost::asio::error::operation_aborted, std::move(last));
        ++attempt;
        send(self);
    }

private:
    template <class Self>
    void send(Self& self)
    {
        ++policy->attempts;
        auto r = attempt == 1 ? std::move(req) : saved.rebuild();
        auto const o = policy->attempt_options(opts, end);
        detail::async_send_with(next, std::move(r), o, std::move(self));
    }
};

template <transport Transport>
template <class CompletionToken>
auto retrying_transport<Transport>::async_send(http_request req, CompletionToken&& token)
{
    return async_send(std::move(req), exchange_options{}, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto retrying_transport<Transport>::async_send(http_request req, exchange_options const& opts,
                                               CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(error_code, http_response)>(
        send_op<void>{next_, policy_, std::move(req), opts}, token, next_.get_executor());
}

} // namespace coverkit

#endif
