#ifndef COVERKIT_FAKE_SRC_CORE_NUMBERS_HPP
#define COVERKIT_FAKE_SRC_CORE_NUMBERS_HPP

// The one reader of whole numbers in request bodies and query strings. Every caller passes the
// range, the forms the number may take and the message of the 400 that refuses it.

#include "request.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace coverkit::fake::detail {

/// How a number in a JSON body may be written.
enum class number_forms
{
    integer,        ///< a JSON integer only: `12`, not `12.0`
    number,         ///< any JSON number with an integral value: `12`, `12.0`, `1.2e1`
    number_or_text, ///< that, or a string of decimal digits with an optional "px": "240", "240px"
};

/// What a whole number of a request must be.
struct integer_rule
{
    std::int64_t min = 0;
    std::int64_t max = std::numeric_limits<std::int64_t>::max();
    /// The message of the 400 that answers a value breaking the rule (or a missing one).
    std::string_view message;
    number_forms forms = number_forms::number;
    /// A value above `max` reads as `max` instead of being refused (legacy page numbers).
    bool clamp_above = false;
    /// Text (query parameters): at most this many digits; 0 for any number of them.
    std::size_t max_digits = 0;
    /// The value of an absent number; nothing when it is required.
    std::optional<std::int64_t> absent = std::nullopt;
};

/// A JSON value (null: the member is absent) as a whole number following `rule`.
checked<std::int64_t> read_integer(request_context const& ctx, boost::json::value const* v,
                                   integer_rule const& rule);

/// Text of decimal digits (a query parameter; nothing: absent) as a whole number following `rule`.
checked<std::int64_t> read_integer(request_context const& ctx, std::optional<std::string_view> text,
                                   integer_rule const& rule);

} // namespace coverkit::fake::detail

#endif
