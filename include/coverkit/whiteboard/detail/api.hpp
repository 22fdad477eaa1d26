#ifndef COVERKIT_WHITEBOARD_DETAIL_API_HPP
#define COVERKIT_WHITEBOARD_DETAIL_API_HPP

#include <coverkit/detail/rest.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/image.hpp>
#include <coverkit/whiteboard/region.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <boost/json/value_from.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

// The whiteboard v5 family: how its requests are built and how its errors read.
namespace coverkit::detail {

// Every v5 error body is {"message": "<text>"}.
inline void wb_read_error(http_response const& res, error_details& d)
{
    d.message = error_text(res, "message");
}

// T from the body; for T = void, a body that is a JSON object (`{}`), whatever it holds.
template <class T>
result<T> wb_parse(http_response& res, error_details&)
{
    auto jv = json_body(res);
    if (!jv)
        return jv.error();
    if constexpr (std::is_void_v<T>) {
        if (!jv->is_object())
            return error_code(error::malformed_response);
        return {};
    } else {
        return json_as<T>(*jv);
    }
}

// The answer of a scene switch: {"currentScenePath": "<path>"}.
inline result<std::string> wb_parse_current_scene(http_response& res, error_details&)
{
    auto jv = json_body(res);
    if (!jv)
        return jv.error();
    auto const* obj = jv->if_object();
    if (!obj)
        return error_code(error::malformed_response);
    return string_member(*obj, "currentScenePath");
}

// The checks shared by the REST token calls: a role of the enumeration, a lifespan >= 0; each
// problem is added to `ec` and `why`.
inline void check_token_request(whiteboard::token_role role, std::chrono::milliseconds lifespan,
                                error_code& ec, std::string& why)
{
    if (whiteboard::to_string(role).empty())
        add_problem(ec, why, error::invalid_argument, "the role is not admin, writer or reader");
    if (lifespan.count() < 0)
        add_problem(ec, why, error::invalid_argument,
                    "the lifespan must be 0 (never expires) or more, got " +
                        std::to_string(lifespan.count()) + " ms");
}

} // namespace coverkit::detail

#endif
