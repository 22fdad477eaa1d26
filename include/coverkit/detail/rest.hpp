#ifndef COVERKIT_DETAIL_REST_HPP
#define COVERKIT_DETAIL_REST_HPP

#include <coverkit/detail/call.hpp>
#include <coverkit/version.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>

#include <optional>
#include <string>
#include <string_view>

// What every JSON REST call of every family shares: the request's common headers, and reading
// a JSON body into a wire type.
namespace coverkit::detail {

inline constexpr std::string_view user_agent = default_user_agent;

// A call sending `body` (when given) as JSON and expecting `success_status`. The family adds
// its own authentication header, `parse` and `read_error`.
template <class T>
call<T> make_json_call(boost::beast::http::verb method, std::string url,
                       std::optional<boost::json::value> const& body, unsigned success_status)
{
    call<T> c;
    c.req.method(method);
    c.req.target(url);
    c.req.version(11);
    c.req.set(boost::beast::http::field::user_agent, user_agent);
    c.req.set(boost::beast::http::field::accept, "application/json");
    if (body) {
        c.req.set(boost::beast::http::field::content_type, "application/json");
        c.req.body() = boost::json::serialize(*body);
    }
    c.req.prepare_payload();
    c.success_status = success_status;
    return c;
}

// A JSON value read as T through its try_value_to conversion.
template <class T>
result<T> json_as(boost::json::value const& jv)
{
    auto v = boost::json::try_value_to<T>(jv);
    if (!v)
        return error_code(error::malformed_response);
    return std::move(*v);
}

// A response body parsed as JSON; malformed_response when it is not JSON.
inline result<boost::json::value> json_body(http_response const& res)
{
    boost::system::error_code ec;
    auto jv = boost::json::parse(res.body(), ec);
    if (ec)
        return error_code(error::malformed_response);
    return jv;
}

// The string member `name` of a JSON error body, or an empty string.
inline std::string error_text(http_response const& res, std::string_view name)
{
    auto jv = json_body(res);
    if (!jv)
        return {};
    if (auto const* obj = jv->if_object())
        if (auto const* m = obj->if_contains(name); m && m->is_string())
            return std::string(m->get_string());
    return {};
}

} // namespace coverkit::detail

#endif
