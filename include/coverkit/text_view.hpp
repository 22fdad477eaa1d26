//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_TEXT_VIEW_HPP
#define COVERKIT_TEXT_VIEW_HPP

#include <compare>
#include <ostream>
#include <string>
#include <string_view>

namespace coverkit {

/** The text a request type holds: a `std::string_view` of the caller's characters that cannot
    be made from a temporary `std::string`.

    Made from a string literal, a `char const*`, a `std::string_view` or a `std::string` the
    caller keeps (an lvalue). A temporary `std::string` — `req.token = make_token()`, or
    `.path = dir + "/x"` — does not compile: kept in a request, it would dangle. Name the string
    first. Like the request types that hold it, it is trivially copyable and trivially
    destructible, which makes a braced temporary request safe in a `co_await` expression on
    every compiler (README, "Coroutines").
*/
class text_view
{
public:
    /// Empty text.
    constexpr text_view() noexcept = default;
    /// A null-terminated string; it must outlive the view.
    constexpr text_view(char const* s) noexcept : view_(s) {}
    /// Any characters; they must outlive the view.
    constexpr text_view(std::string_view s) noexcept : view_(s) {}
    /// A string the caller keeps.
    text_view(std::string const& s) noexcept : view_(s) {}
    /// A temporary string would dangle: refused.
    text_view(std::string&&) = delete;

    /// The characters.
    constexpr operator std::string_view() const noexcept { return view_; }
    constexpr std::string_view view() const noexcept { return view_; }
    constexpr char const* data() const noexcept { return view_.data(); }
    constexpr std::size_t size() const noexcept { return view_.size(); }
    constexpr bool empty() const noexcept { return view_.empty(); }

    friend constexpr bool operator==(text_view a, text_view b) noexcept
    {
        return a.view_ == b.view_;
    }
    friend constexpr std::strong_ordering operator<=>(text_view a, text_view b) noexcept
    {
        return a.view_ <=> b.view_;
    }
    friend std::ostream& operator<<(std::ostream& os, text_view t) { return os << t.view_; }

private:
    std::string_view view_;
};

} // namespace coverkit

#endif
