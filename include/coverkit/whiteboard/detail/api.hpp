#ifndef COVERKIT_WHITEBOARD_DETAIL_API_HPP
#define COVERKIT_WHITEBOARD_DETAIL_API_HPP

#include <coverkit/detail/rest.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/whiteboard/region.hpp>

#include <boost/json/value_from.hpp>
#include <boost/url/url.hpp>

#include <optional>
#include <string_view>

// The whiteboard v5 family: how its requests are built and how its errors read.
namespace coverkit::detail {

// Every v5 error body is {"message": "<text>"}.
inline void wb_read_error(http_response const& res, error_details& d)
{
    d.message = error_text(res, "message");
}

template <class T>
result<T> wb_parse(http_response& res, error_details&)
{
    auto jv = json_body(res);
    if (!jv)
        return jv.error();
    return json_as<T>(*jv);
}

template <class T>
call<T> wb_make_call(boost::beast::http::verb method, std::string url, std::string_view token,
                     std::optional<whiteboard::region> r,
                     std::optional<boost::json::value> const& body, unsigned success_status)
{
    auto c = make_json_call<T>(method, std::move(url), body, success_status);
    if (!token.empty())
        c.req.set("token", token);
    if (r)
        c.req.set("region", whiteboard::to_string(*r));
    c.read_error = &wb_read_error;
    c.parse = &wb_parse<T>;
    return c;
}

} // namespace coverkit::detail

#endif
