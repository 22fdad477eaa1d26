#ifndef COVERKIT_DETAIL_REST_HPP
#define COVERKIT_DETAIL_REST_HPP

#include <coverkit/detail/call.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/version.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// What every JSON REST call of every family shares: the request's common headers, and reading
// a JSON body into a wire type.
namespace coverkit::detail {

/* Everything a JSON REST request of any family is made of: the one request builder of the
   three families. Header values and query values left empty are left out. */
struct request_spec
{
    // The operation's name (call::operation).
    char const* operation = "";
    boost::beast::http::verb method = boost::beast::http::verb::get;
    // Segments appended to the base URL's path, each percent-encoded as one segment.
    std::initializer_list<std::string_view> path = {};
    std::initializer_list<query_param> query = {};
    // Sent as JSON when set.
    boost::json::value const* body = nullptr;
    // The family's authentication and routing headers (`token`, `region`, `roomToken`).
    std::initializer_list<std::pair<std::string_view, std::string_view>> headers = {};
    unsigned success_status = 200;
    // Whether sending the request twice does no more harm than once (exchange_options).
    bool repeatable = true;
    // The largest answer body the caller reads (exchange_options::max_body).
    std::size_t max_body = 0;
};

// The request `spec` describes, against `base`, expecting a JSON answer. The family adds its
// `parse` and `read_error`.
template <class T>
call<T> build_call(boost::urls::url const& base, request_spec const& spec)
{
    call<T> c;
    c.operation = spec.operation;
    c.req.method(spec.method);
    c.req.target(make_url(base, spec.path, spec.query));
    c.req.version(11);
    c.req.set(boost::beast::http::field::accept, "application/json");
    for (auto const& [name, value] : spec.headers)
        if (!value.empty())
            c.req.set(name, value);
    if (spec.body) {
        c.req.set(boost::beast::http::field::content_type, "application/json");
        c.req.body() = boost::json::serialize(*spec.body);
    }
    c.req.prepare_payload();
    c.success_status = spec.success_status;
    c.exchange.repeatable = spec.repeatable;
    c.exchange.max_body = spec.max_body;
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
