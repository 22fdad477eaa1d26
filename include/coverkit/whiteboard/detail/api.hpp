#ifndef COVERKIT_WHITEBOARD_DETAIL_API_HPP
#define COVERKIT_WHITEBOARD_DETAIL_API_HPP

#include <coverkit/detail/call.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/whiteboard/region.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/url/url.hpp>

#include <optional>
#include <string_view>

// The whiteboard v5 family: how its requests are built and how its errors read.
namespace coverkit::detail {

inline constexpr std::string_view wb_user_agent = "coverkit/0.1";

// Every v5 error body is {"message": "<text>"}.
inline void wb_read_error(http_response const& res, error_details& d)
{
    boost::system::error_code ec;
    auto jv = boost::json::parse(res.body(), ec);
    if (ec)
        return;
    if (auto const* obj = jv.if_object())
        if (auto const* m = obj->if_contains("message"); m && m->is_string())
            d.message = std::string(m->get_string());
}

template <class T>
call<T> wb_make_call(boost::beast::http::verb method, std::string url, std::string_view token,
                     std::optional<whiteboard::region> r,
                     std::optional<boost::json::value> const& body, unsigned success_status)
{
    call<T> c;
    c.req.method(method);
    c.req.target(url);
    c.req.version(11);
    c.req.set(boost::beast::http::field::user_agent, wb_user_agent);
    c.req.set(boost::beast::http::field::accept, "application/json");
    if (!token.empty())
        c.req.set("token", token);
    if (r)
        c.req.set("region", whiteboard::to_string(*r));
    if (body) {
        c.req.set(boost::beast::http::field::content_type, "application/json");
        c.req.body() = boost::json::serialize(*body);
    }
    c.req.prepare_payload();
    c.success_status = success_status;
    c.read_error = &wb_read_error;
    c.parse = [](http_response& res) -> result<T> {
        boost::system::error_code ec;
        auto jv = boost::json::parse(res.body(), ec);
        if (ec)
            return error_code(error::malformed_response);
        auto v = boost::json::try_value_to<T>(jv);
        if (!v)
            return error_code(error::malformed_response);
        return std::move(*v);
    };
    return c;
}

} // namespace coverkit::detail

#endif
