#ifndef COVERKIT_DETAIL_HTTP_DATE_HPP
#define COVERKIT_DETAIL_HTTP_DATE_HPP

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

// HTTP dates in the preferred form of RFC 9110, 5.6.7 (IMF-fixdate):
// "Sun, 06 Nov 1994 08:49:37 GMT". `Retry-After` carries one, or a number of seconds.
namespace coverkit::detail {

inline constexpr std::array<std::string_view, 7> http_weekdays = {"Sun", "Mon", "Tue", "Wed",
                                                                  "Thu", "Fri", "Sat"};
inline constexpr std::array<std::string_view, 12> http_months = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept
{
    y -= m <= 2;
    std::int64_t const era = (y >= 0 ? y : y - 399) / 400;
    auto const yoe = static_cast<unsigned>(y - era * 400);
    unsigned const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// The time an IMF-fixdate names; nothing when `s` is not one (wrong weekday included).
inline std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view s)
{
    // "Www, DD Mmm YYYY HH:MM:SS GMT": 29 characters at fixed places.
    if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
        s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT")
        return std::nullopt;
    auto number = [&](std::size_t at, std::size_t n) -> std::optional<unsigned> {
        unsigned v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return std::nullopt;
            v = v * 10 + static_cast<unsigned>(s[i] - '0');
        }
        return v;
    };
    auto const day = number(5, 2), year = number(12, 4), hour = number(17, 2),
               minute = number(20, 2), second = number(23, 2);
    unsigned month = 0;
    while (month < 12 && http_months[month] != s.substr(8, 3))
        ++month;
    if (!day || !year || !hour || !minute || !second || month == 12 || *hour > 23 || *minute > 59 ||
        *second > 60 || *day < 1)
        return std::nullopt;
    static constexpr unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool const leap = (*year % 4 == 0 && *year % 100 != 0) || *year % 400 == 0;
    if (*day > month_days[month] || (month == 1 && *day == 29 && !leap))
        return std::nullopt;
    auto const days = days_from_civil(*year, month + 1, *day);
    if (http_weekdays[static_cast<std::size_t>(((days % 7) + 11) % 7)] != s.substr(0, 3))
        return std::nullopt; // 1970-01-01 was a Thursday
    auto const secs = days * 86400 + *hour * 3600 + *minute * 60 + std::min(*second, 59u);
    return std::chrono::system_clock::time_point(std::chrono::seconds(secs));
}

/// `t` as an IMF-fixdate, whole seconds; `t` from 1970 to 9999.
inline std::string format_http_date(std::chrono::system_clock::time_point t)
{
    auto const secs =
        std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    std::int64_t const days = secs / 86400;
    std::int64_t const rest = secs % 86400;
    // civil_from_days (Howard Hinnant's algorithm)
    std::int64_t const z = days + 719468;
    std::int64_t const era = z / 146097;
    auto const doe = static_cast<unsigned>(z - era * 146097);
    unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned const mp = (5 * doy + 2) / 153;
    unsigned const d = doy - (153 * mp + 2) / 5 + 1;
    unsigned const m = mp < 10 ? mp + 3 : mp - 9;
    std::int64_t const y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    char buf[40];
    std::snprintf(
        buf, sizeof buf, "%s, %02u %s %04lld %02d:%02d:%02d GMT",
        std::string(http_weekdays[static_cast<std::size_t>(((days % 7) + 11) % 7)]).c_str(), d,
        std::string(http_months[m - 1]).c_str(), static_cast<long long>(y),
        static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60),
        static_cast<int>(rest % 60));
    return buf;
}

} // namespace coverkit::detail

#endif
