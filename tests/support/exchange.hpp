// Raw HTTP exchanges with the fake, for contract cases that must send what coverkit's clients
// refuse to send (bad sizes, malformed JSON, wrong methods). Everything goes through the
// environment's transport, so the same case runs over every environment.
#ifndef COVERKIT_TESTS_SUPPORT_EXCHANGE_HPP
#define COVERKIT_TESTS_SUPPORT_EXCHANGE_HPP

#include <coverkit/transport.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/system_error.hpp>
#include <boost/url/parse.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coverkit::test {

/// One request as it goes on the wire; absent headers are not sent.
struct raw_request
{
    boost::beast::http::verb method = boost::beast::http::verb::post;
    /// Origin-form path and query, appended to the environment's base URL.
    std::string path;
    std::optional<std::string> token;
    std::optional<std::string> region;
    std::optional<std::string> content_type = std::string("application/json");
    /// Further headers, sent as given and in this order (the legacy API's `roomToken`).
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

/// Sends `r` through `env.transport()`; throws when no response was received.
template <class Env>
http_response exchange(Env& env, raw_request const& r)
{
    http_request req;
    req.method(r.method);
    req.target(env.base_url() + r.path);
    req.version(11);
    if (r.token)
        req.set("token", *r.token);
    if (r.region)
        req.set("region", *r.region);
    if (r.content_type)
        req.set(boost::beast::http::field::content_type, *r.content_type);
    for (auto const& [name, value] : r.headers)
        req.insert(name, value);
    req.body() = r.body;
    req.prepare_payload();
    error_code ec;
    auto transport = env.transport();
    auto res = transport.send(std::move(req), ec);
    if (ec)
        throw boost::system::system_error(ec, "exchange " + r.path);
    return res;
}

/// `POST {path}` with a JSON body and the given token (and region header, when given).
template <class Env>
http_response post_json(Env& env, std::string path, std::string body, std::string token,
                        std::optional<std::string> region = std::nullopt)
{
    raw_request r;
    r.path = std::move(path);
    r.body = std::move(body);
    r.token = std::move(token);
    r.region = std::move(region);
    return exchange(env, r);
}

/// The path of a room's endpoint: `/v5/rooms/{uuid}/{endpoint}` (uuids here need no escaping).
inline std::string room_path(std::string_view uuid, std::string_view endpoint)
{
    std::string p = "/v5/rooms/";
    p += uuid;
    p += '/';
    p += endpoint;
    return p;
}

/// The response body parsed as JSON; throws when it is not JSON.
inline boost::json::value json_of(http_response const& res)
{
    return boost::json::parse(res.body());
}

/// The `message` of a v5 error body `{"message": "..."}`, or an empty string when the body is
/// not of that shape.
inline std::string message_of(http_response const& res)
{
    boost::system::error_code ec;
    auto jv = boost::json::parse(res.body(), ec);
    if (ec || !jv.is_object())
        return {};
    auto const* m = jv.get_object().if_contains("message");
    return m && m->is_string() ? std::string(m->get_string()) : std::string();
}

/// The authority (`host[:port]`) of an absolute base URL: the `Host` the fake sees.
inline std::string authority_of(std::string_view base_url)
{
    auto u = boost::urls::parse_absolute_uri(base_url);
    if (!u)
        throw std::invalid_argument("not an absolute URL");
    return std::string(u->encoded_host_and_port());
}

} // namespace coverkit::test

#endif
