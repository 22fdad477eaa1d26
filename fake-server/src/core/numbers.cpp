#include "numbers.hpp"

#include <cmath>

namespace coverkit::fake::detail {

namespace {

// A number read from a request before its range is checked: its value, or which way it went
// past what 64 bits (or a double's exact integers) hold.
struct reading
{
    enum
    {
        value,
        above,
        below,
        invalid
    } kind = invalid;
    std::int64_t n = 0;
};

// Above this a double skips integers, and above `cap` text stops counting: both read as "above".
constexpr double exact_double = 9007199254740992.0; // 2^53
constexpr std::int64_t text_cap = std::int64_t(1) << 62;

reading read_text(std::string_view s, integer_rule const& rule, bool px)
{
    if (px && s.ends_with("px"))
        s.remove_suffix(2);
    if (s.empty() || (rule.max_digits != 0 && s.size() > rule.max_digits))
        return {};
    std::int64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return {};
        // Saturates, so any number of digits (leading zeros too) reads alike.
        n = n > text_cap / 10 ? text_cap : n * 10 + (c - '0');
    }
    if (n >= text_cap)
        return {reading::above, 0};
    return {reading::value, n};
}

reading read_json(boost::json::value const& v, integer_rule const& rule)
{
    if (v.is_int64())
        return {reading::value, v.get_int64()};
    if (v.is_uint64()) // only values above INT64_MAX are parsed as uint64
        return {reading::above, 0};
    if (v.is_double() && rule.forms != number_forms::integer) {
        auto const d = v.get_double();
        if (!std::isfinite(d) || d != std::floor(d))
            return {};
        if (std::fabs(d) >= exact_double)
            return {d > 0 ? reading::above : reading::below, 0};
        return {reading::value, static_cast<std::int64_t>(d)};
    }
    if (v.is_string() && rule.forms == number_forms::number_or_text)
        return read_text(v.get_string(), rule, true);
    return {};
}

checked<std::int64_t> judge(request_context const& ctx, reading r, integer_rule const& rule)
{
    auto const refuse = [&] {
        return ctx.refuse(boost::beast::http::status::bad_request, rule.message);
    };
    switch (r.kind) {
    case reading::invalid:
    case reading::below:
        return refuse();
    case reading::above:
        if (!rule.clamp_above)
            return refuse();
        return rule.max;
    case reading::value:
        break;
    }
    if (r.n < rule.min)
        return refuse();
    if (r.n > rule.max) {
        if (!rule.clamp_above)
            return refuse();
        return rule.max;
    }
    return r.n;
}

} // namespace

checked<std::int64_t> read_integer(request_context const& ctx, boost::json::value const* v,
                                   integer_rule const& rule)
{
    if (!v) {
        if (rule.absent)
            return *rule.absent;
        return ctx.refuse(boost::beast::http::status::bad_request, rule.message);
    }
    return judge(ctx, read_json(*v, rule), rule);
}

checked<std::int64_t> read_integer(request_context const& ctx, std::optional<std::string_view> text,
                                   integer_rule const& rule)
{
    if (!text) {
        if (rule.absent)
            return *rule.absent;
        return ctx.refuse(boost::beast::http::status::bad_request, rule.message);
    }
    return judge(ctx, read_text(*text, rule, false), rule);
}

} // namespace coverkit::fake::detail
