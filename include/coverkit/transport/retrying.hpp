//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_TRANSPORT_RETRYING_HPP
#define COVERKIT_TRANSPORT_RETRYING_HPP

#include <coverkit/transport.hpp>

#include <boost/asio/async_result.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

namespace coverkit {

/** Where a `retrying_transport` takes its time and its randomness from. Every member left empty
    is the real one; tests set them so that nothing waits (see the README, "Testing failure").
*/
struct retry_clock
{
    /// The time bounds are measured on. Empty: `std::chrono::steady_clock::now`.
    std::function<std::chrono::steady_clock::time_point()> now = {};

    /// The wall clock a `Retry-After` date is read against. Empty: the system clock.
    std::function<std::chrono::system_clock::time_point()> wall_now = {};

    /// A pause of the blocking `send`. Empty: `std::this_thread::sleep_for`.
    std::function<void(std::chrono::milliseconds)> sleep = {};

    /** A pause of `async_send`: call `resume` once it is over, from any thread (the adapter
        goes back to its executor). Empty: a `steady_timer` on the transport's executor, which
        per-operation cancellation interrupts; an injected pause is not interrupted, but no
        attempt follows a cancelled one. */
    std::function<void(std::chrono::milliseconds, std::function<void()> resume)> async_sleep = {};

    /// A number uniformly distributed in [0, 1), for jitter. Empty: a seeded `mt19937_64`.
    std::function<double()> random = {};
};

/** When and how often a `retrying_transport` sends a request again.

    The defaults follow Azure's SDKs: 3 retries, exponential backoff from 800 ms with full
    jitter, at most 60 s apart, and (coverkit's own) at most 2 minutes in all.
*/
struct retry_options
{
    /// Attempts in all, the first included; 1 sends once and never again.
    unsigned max_attempts = 4;

    /// The backoff before the first retry; it doubles with each retry (before jitter).
    std::chrono::milliseconds initial_backoff{800};

    /// The largest backoff (before jitter). A `Retry-After` may ask for longer.
    std::chrono::milliseconds max_backoff{60'000};

    /** Attempts and pauses together end by this long after the call started: no retry starts
        that could not end in time, and (with the real clock) the exchanges themselves are held
        to it as their deadline. 0: no bound but the attempts. */
    std::chrono::milliseconds max_total{120'000};

    /// The answers worth trying again.
    std::vector<unsigned> retry_statuses = {408, 429, 500, 502, 503, 504};

    /** Send again requests that are not safe to repeat (`create_room`, a POST the server may
        have acted on), too. Off by default: a room created twice is two rooms. */
    bool retry_unsafe = false;

    /// Time and randomness; the real ones unless set.
    retry_clock clock = {};
};

/// Counters of a `retrying_transport` (shared by its copies).
struct retry_stats
{
    /// Exchanges handed to the wrapped transport.
    std::uint64_t attempts = 0;
    /// Of those, the ones that were a retry.
    std::uint64_t retries = 0;
    /// Calls that ended with a failure worth retrying, but out of attempts or time.
    std::uint64_t exhausted = 0;
};

namespace detail {
struct retry_policy;
}

/** A transport that sends a request again when the exchange failed in a way that may pass.

    An adapter over any `transport`, and a model of `transport` (and of
    `transport_with_options`) itself, so any API client takes it:
    @code
    coverkit::retrying_transport<coverkit::http_transport> t{coverkit::http_transport{ex}};
    coverkit::whiteboard::client wb{t, {.token = sdk_token}};
    @endcode

    @par What is retried
    - A connection that failed: `boost::beast::error::timeout`,
      `boost::beast::http::error::end_of_stream` and `partial_message`, a connection reset,
      refused or aborted, a network or host unreachable, and `error::request_outcome_unknown`.
    - An answer with a status of `retry_options::retry_statuses` (408, 429, 500, 502, 503, 504).

    Only requests that are safe to repeat are sent again: those whose `exchange_options::
    repeatable` says so (every API call sets it: the README's call tables say which calls are
    safe to retry), else those whose method is idempotent (GET, HEAD, PUT, DELETE). A
    `create_room` is never repeated unless `retry_unsafe` is set. A connection refused, or a
    host or network unreachable, proves the request never left, so it is tried again whatever
    the request.

    @par When
    Before retry n (1, 2, …) the adapter pauses a random time in [0, min(max_backoff,
    initial_backoff × 2ⁿ⁻¹)) ("full jitter", so that clients failed together do not come back
    together). An answer with `Retry-After` is waited for as it asks instead, in seconds or
    until its HTTP date. No retry starts when its pause would end past `max_total`; the call then
    ends with the last answer or error, as does a call out of attempts.

    @par Result
    The last attempt's answer or error, as the wrapped transport gave it: with the retries
    spent, a persistent 503 is a 503 answer, a persistent refusal its error code.

    @par Cancellation
    `async_send` supports per-operation cancellation (terminal): a pause ends at once with
    `boost::asio::error::operation_aborted`, and after a cancelled exchange no attempt follows.
    The exchange in flight gets the cancellation too, for transports that support it.

    @par Thread safety
    As the wrapped transport. Copies share the options, the random source and the counters.
*/
template <transport Transport>
class retrying_transport
{
public:
    /// The executor of asynchronous exchanges: the wrapped transport's.
    using executor_type = typename Transport::executor_type;

    /// The wrapped transport's type.
    using next_layer_type = Transport;

    /// Wraps `next`.
    explicit retrying_transport(Transport next, retry_options options = {});

    /// The wrapped transport's executor.
    executor_type get_executor() const { return next_.get_executor(); }

    /// The wrapped transport.
    Transport& next_layer() noexcept { return next_; }

    /// The options the adapter was made with.
    retry_options const& options() const noexcept;

    /// The counters so far.
    retry_stats stats() const;

    /// Performs the exchange, retrying as described, blocking; the last answer or error.
    http_response send(http_request req, error_code& ec);

    /// As `send` above, with `opts` passed on to each attempt (the wrapped transport's, when
    /// it takes them); `opts.repeatable` says whether the request is safe to repeat.
    http_response send(http_request req, exchange_options const& opts, error_code& ec);

    /// Performs the exchange; throws `boost::system::system_error` on failure.
    http_response send(http_request req);

    /// Starts the exchange; completes with `void(error_code, http_response)`.
    template <class CompletionToken>
    auto async_send(http_request req, CompletionToken&& token);

    /// Starts the exchange held to `opts`; completes as the form without.
    template <class CompletionToken>
    auto async_send(http_request req, exchange_options const& opts, CompletionToken&& token);

private:
    template <class>
    struct send_op;

    Transport next_;
    std::shared_ptr<detail::retry_policy> policy_;
};

} // namespace coverkit

#include <coverkit/transport/impl/retrying.hpp>

#endif
