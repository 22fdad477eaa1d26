//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_WHITEBOARD_REGION_HPP
#define COVERKIT_WHITEBOARD_REGION_HPP

#include <coverkit/error.hpp>

#include <string_view>

namespace coverkit::whiteboard {

/** The data centre that processes a whiteboard request (the `region` header).

    A room lives in one region; addressing it with another answers 404. Without a `region`
    header the service uses `cn_hz`.
*/
enum class region
{
    cn_hz,  ///< `cn-hz`: Hangzhou (the default).
    us_sv,  ///< `us-sv`: Silicon Valley.
    sg,     ///< `sg`: Singapore.
    in_mum, ///< `in-mum`: Mumbai.
    eu,     ///< `eu`: Europe (`gb-lon` is accepted as an alias).
};

/// Returns the header value of a region: `cn-hz`, `us-sv`, `sg`, `in-mum` or `eu`.
constexpr std::string_view to_string(region r) noexcept
{
    switch (r) {
    case region::cn_hz:
        return "cn-hz";
    case region::us_sv:
        return "us-sv";
    case region::sg:
        return "sg";
    case region::in_mum:
        return "in-mum";
    case region::eu:
        return "eu";
    }
    return "cn-hz";
}

/** Parses a `region` header value (case-sensitive); `gb-lon` is read as `region::eu`.

    @return The region, or `error::invalid_argument` for any other value.
*/
inline result<region> parse_region(std::string_view s) noexcept
{
    for (auto r : {region::cn_hz, region::us_sv, region::sg, region::in_mum, region::eu})
        if (s == to_string(r))
            return r;
    if (s == "gb-lon")
        return region::eu;
    return error_code(error::invalid_argument);
}

} // namespace coverkit::whiteboard

#endif
