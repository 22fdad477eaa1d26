#ifndef COVERKIT_IMPL_IMAGE_HPP
#define COVERKIT_IMPL_IMAGE_HPP

#include <boost/json/object.hpp>

#include <string>
#include <utility>

namespace coverkit {

namespace detail {

// Reads a required string member; malformed_response when absent or not a string.
inline result<std::string> string_member(boost::json::object const& obj,
                                         boost::json::string_view name)
{
    auto const* v = obj.if_contains(name);
    if (!v || !v->is_string())
        return error_code(error::malformed_response);
    return std::string(v->get_string());
}

// Checks a picture's width and height against 1..8192, adding each one outside to `ec` and
// `why` (see add_problem).
inline void check_picture_size(int width, int height, error_code& ec, std::string& why)
{
    for (auto [name, v] : {std::pair{"width", width}, std::pair{"height", height}})
        if (v < min_picture_side || v > max_picture_side)
            add_problem(ec, why, error::invalid_size,
                        std::string(name) + " must be an integer in 1..8192, got " +
                            std::to_string(v));
}

} // namespace detail

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, image const& img)
{
    jv = {{"url", img.url}, {"key", img.key}, {"bucket", img.bucket}, {"region", img.region}};
}

inline result<image> tag_invoke(boost::json::try_value_to_tag<image>, boost::json::value const& jv)
{
    auto const* obj = jv.if_object();
    if (!obj)
        return error_code(error::malformed_response);
    image img;
    for (auto [member, field] :
         {std::pair{"url", &img.url}, std::pair{"key", &img.key}, std::pair{"bucket", &img.bucket},
          std::pair{"region", &img.region}}) {
        auto s = detail::string_member(*obj, member);
        if (!s)
            return s.error();
        *field = std::move(*s);
    }
    return img;
}

} // namespace coverkit

#endif
