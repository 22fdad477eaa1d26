//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_AS_API_ERROR_HPP
#define COVERKIT_AS_API_ERROR_HPP

#include <type_traits>
#include <utility>

namespace boost::asio {
template <typename Executor>
struct use_awaitable_t;
template <typename Allocator>
class use_future_t;
} // namespace boost::asio

namespace coverkit {

/** A completion token adapter: the call completes with `void(std::exception_ptr, R)` instead of
    `void(error_code, R)`, and a failure is an `api_error` carrying the call's `error_details`
    (the same exception, with the same `what()`, as the call's throwing form).

    Made by `as_api_error(token)`; works with coverkit's asynchronous calls, pagers and
    downloads. Two tokens need no adapter: `boost::asio::use_awaitable` and
    `boost::asio::use_future` already complete coverkit's calls this way, so an awaited call
    throws, and a future's `get()` rethrows, `api_error`. Every other token keeps
    `error_code` (with the `error_details&` overloads for the details): callbacks,
    `as_tuple(use_awaitable)`, `redirect_error`, `deferred`, `yield_context`. Adapt those to
    get the exception, for example a callback taking `(std::exception_ptr, room)`, or
    `as_api_error(deferred)` started with one. (With Boost 1.81, Asio cannot `co_await` a
    deferred operation whose signature starts with `std::exception_ptr`: await the call with
    `use_awaitable` itself.)
*/
template <class CompletionToken>
struct as_api_error_t
{
    /// The token adapted.
    CompletionToken token;
};

/// Adapts `token` so that a failed call completes with an `api_error` (see `as_api_error_t`).
template <class CompletionToken>
constexpr as_api_error_t<std::decay_t<CompletionToken>> as_api_error(CompletionToken&& token)
{
    return {std::forward<CompletionToken>(token)};
}

/** Whether coverkit's asynchronous calls complete `CompletionToken` with
    `void(std::exception_ptr, R)` and an `api_error`: true for `as_api_error_t`,
    `boost::asio::use_awaitable_t` and `boost::asio::use_future_t`, false for every other token.
*/
template <class CompletionToken>
struct completes_with_api_error : std::false_type
{
};

template <class CompletionToken>
struct completes_with_api_error<as_api_error_t<CompletionToken>> : std::true_type
{
};

template <class Executor>
struct completes_with_api_error<boost::asio::use_awaitable_t<Executor>> : std::true_type
{
};

template <class Allocator>
struct completes_with_api_error<boost::asio::use_future_t<Allocator>> : std::true_type
{
};

/// `completes_with_api_error<std::decay_t<CompletionToken>>::value`.
template <class CompletionToken>
inline constexpr bool completes_with_api_error_v =
    completes_with_api_error<std::decay_t<CompletionToken>>::value;

} // namespace coverkit

#endif
