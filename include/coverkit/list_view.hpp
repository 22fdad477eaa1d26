//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_LIST_VIEW_HPP
#define COVERKIT_LIST_VIEW_HPP

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <ranges>
#include <type_traits>

namespace coverkit {

/** A read-only view of consecutive `T`s the caller owns: what a request type holds where it
    needs a list.

    Built from a braced list (`{a, b}`), a `std::vector`, a `std::array`, a `std::span` or a
    built-in array; it copies nothing and owns nothing. A list given as a braced list lives until
    the end of the full expression that names it, which covers the call it is passed to:
    coverkit's calls copy what they send before they return, asynchronous ones included.

    Like the request types that hold it, it is trivially copyable and trivially destructible,
    which is what makes braced temporaries safe in `co_await` expressions on every compiler
    (README, "Coroutines").
*/
namespace detail {
// A container of T whose elements a list_view can see: contiguous, sized, not a list_view.
template <class Range, class T>
concept contiguous_of =
    std::ranges::contiguous_range<Range const&> && std::ranges::sized_range<Range const&> &&
    std::same_as<std::ranges::range_value_t<Range const&>, T> && !requires
{
    typename std::remove_cvref_t<Range>::is_coverkit_list_view;
};

// A temporary that owns its elements: viewing it would dangle.
template <class Range>
concept owning_temporary =
    !std::is_lvalue_reference_v<Range> && !std::ranges::borrowed_range<Range>;
} // namespace detail

template <class T>
class list_view
{
public:
    using value_type = T;
    using const_iterator = T const*;
    using iterator = T const*;
    using is_coverkit_list_view = void;

    /// An empty list.
    constexpr list_view() noexcept = default;

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
// Viewing a braced list's array is the point: it lives as long as the call it is passed to.
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
#endif
    /// The elements of a braced list; they live until the end of the full expression.
    constexpr list_view(std::initializer_list<T> list) noexcept
        : data_(list.begin()), size_(list.size())
    {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

    /// The elements of a container the caller keeps (a vector, an array, a span).
    template <detail::contiguous_of<T> Range>
    constexpr list_view(Range const& range) noexcept
        : data_(std::ranges::data(range)), size_(std::ranges::size(range))
    {}

    /// A temporary container would dangle: refused (name it first).
    template <detail::contiguous_of<T> Range>
    requires detail::owning_temporary<Range> list_view(Range&&)
    = delete;

    constexpr T const* begin() const noexcept
    {
        return data_;
    }
    constexpr T const* end() const noexcept
    {
        return data_ + size_;
    }
    constexpr T const* data() const noexcept
    {
        return data_;
    }
    constexpr std::size_t size() const noexcept
    {
        return size_;
    }
    constexpr bool empty() const noexcept
    {
        return size_ == 0;
    }
    constexpr T const& operator[](std::size_t i) const noexcept
    {
        return data_[i];
    }

    /// Element-wise comparison.
    friend constexpr bool operator==(list_view a, list_view b)
    {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    T const* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace coverkit

#endif
