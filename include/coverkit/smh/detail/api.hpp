#ifndef COVERKIT_SMH_DETAIL_API_HPP
#define COVERKIT_SMH_DETAIL_API_HPP

#include <coverkit/detail/call.hpp>
#include <coverkit/detail/rest.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/download.hpp>
#include <coverkit/smh/cover.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

// The Tencent SMH family: its error body, the redirect its cover call answers with, and keeping
// the secrets a request carries in its query out of everything a caller is told.
//
// The family's calls are states of the shared driver (`run_state`, `async_run_state`): a cover
// call may take several exchanges (redirects), and every outcome passes through redaction in
// `done`. Each exchange is still a `call` read by `finish`, and the redirected GETs are
// `prepare_download`'s.
namespace coverkit::detail {

// {"code": "<ErrorCode>", "message": "<text>", "requestId": "<id>"}; any member missing or not
// a string is left out, and the `x-request-id` header (set by `finish`) stays the request id
// when the body has none.
inline void smh_read_error(http_response const& res, error_details& d)
{
    auto jv = json_body(res);
    auto const* obj = jv ? jv->if_object() : nullptr;
    if (!obj)
        return;
    auto text = [obj](std::string_view name) {
        auto const* v = obj->if_contains(name);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    d.code = text("code");
    d.message = text("message");
    if (auto id = text("requestId"); !id.empty())
        d.request_id = std::move(id);
}

inline constexpr std::string_view smh_redacted = "[redacted]";

// Replaces every occurrence of `secret` in `s`, left to right, in one pass over `s`: the text
// is copied once, and Boyer-Moore keeps the search linear whatever the text holds.
inline void redact(std::string& s, std::string_view secret)
{
    if (secret.empty() || s.size() < secret.size())
        return;
    std::boyer_moore_searcher const searcher(secret.begin(), secret.end());
    auto const end = s.cend();
    auto [hit, hit_end] = searcher(s.cbegin(), end);
    if (hit == end)
        return;
    std::string out;
    out.reserve(s.size());
    auto from = s.cbegin();
    while (hit != end) {
        out.append(from, hit);
        out.append(smh_redacted);
        from = hit_end;
        std::tie(hit, hit_end) = searcher(from, end);
    }
    out.append(from, end);
    s = std::move(out);
}

// The secrets a request carries: a server or gateway may echo the request, query and all, in
// its error body, so each is cut out of the details, as it is and as the query encodes it.
class smh_secrets
{
public:
    void add(std::string_view secret)
    {
        if (secret.empty())
            return;
        values_.emplace_back(secret);
        auto encoded = boost::urls::encode(secret, query_value_chars);
        if (encoded != secret)
            values_.push_back(std::move(encoded));
    }

    void redact(error_details& d) const
    {
        for (auto const& v : values_)
            for (auto* field : {&d.message, &d.code, &d.request_id, &d.body})
                detail::redact(*field, v);
    }

private:
    std::vector<std::string> values_;
};

// An access token answer. A body of the wrong shape goes into the details, so a token it may
// still hold is cut out first.
inline result<smh::access_token> smh_parse_token(http_response& res, error_details&)
{
    auto jv = json_body(res);
    if (!jv)
        return jv.error();
    auto t = json_as<smh::access_token>(*jv);
    if (!t)
        if (auto const* obj = jv->if_object())
            if (auto const* token = obj->if_contains("accessToken"); token && token->is_string())
                redact(res.body(), token->get_string());
    return t;
}

// Where a redirect points: its Location resolved against the URL asked, without fragment; it
// must be an absolute http(s) URL.
inline result<std::string> smh_location(std::string_view asked, http_response const& res)
{
    auto const location = res[boost::beast::http::field::location];
    auto const ref = boost::urls::parse_uri_reference(location);
    auto const base = boost::urls::parse_uri(asked);
    if (location.empty() || !ref || !base)
        return error_code(error::malformed_response);
    boost::urls::url dest;
    if (!boost::urls::resolve(*base, *ref, dest) ||
        (dest.scheme_id() != boost::urls::scheme::http &&
         dest.scheme_id() != boost::urls::scheme::https) ||
        dest.encoded_host().empty())
        return error_code(error::malformed_response);
    dest.remove_fragment();
    return std::string(dest.buffer());
}

// Ends an exchange whose status the call cannot take, with coverkit's own explanation.
inline void smh_fail(http_response& res, error e, std::string message, error_code& ec,
                     error_details& d)
{
    ec = e;
    d.status = res.result_int();
    d.request_id = std::string(res["x-request-id"]);
    d.message = std::move(message);
    d.body = std::move(res.body());
}

// A GET of a cover or of where it was redirected: a download whose errors may be SMH's, whose
// redirect bodies are left unread, within the whole call's deadline.
inline call<object_data> smh_get(std::string const& url, std::size_t max_bytes,
                                 std::chrono::steady_clock::time_point deadline)
{
    download_options options;
    options.max_bytes = max_bytes;
    auto c = prepare_download(url, options);
    c.read_error = &smh_read_error;
    c.exchange.discard_redirect_body = true;
    c.exchange.deadline = deadline;
    return c;
}

inline bool is_https_to_http(std::string_view from, std::string_view to)
{
    auto const a = boost::urls::parse_uri(from);
    auto const b = boost::urls::parse_uri(to);
    return a && b && a->scheme_id() == boost::urls::scheme::https &&
           b->scheme_id() == boost::urls::scheme::http;
}

// The state of a cover call. Follow = false (cover_location): the first answer decides, a
// redirect giving its location and 200 the URL asked. Follow = true (cover): redirects are
// followed, at most `max_redirects` of them, up to a 200 giving the bytes.
template <bool Follow>
struct smh_cover_state
{
    using result_type = std::conditional_t<Follow, object_data, std::string>;

    call<object_data> c = {};
    std::string url = {};
    std::size_t max_bytes = 0;
    int max_redirects = 0;
    int redirects = 0; // followed so far
    bool allow_insecure_redirects = false;
    std::chrono::steady_clock::time_point deadline = {}; // of the whole call
    smh_secrets secrets = {};

    // Reads the answer to `c`: true when the call is over (ec, v and d set), false when `c` is
    // the next request to send.
    bool step(http_response& res, error_code& ec, result_type& v, error_details& d)
    {
        auto const status = res.result_int();
        if (is_redirect(status)) {
            auto next = smh_location(url, res);
            if (!next) {
                smh_fail(res, error::malformed_response,
                         "the redirect has no Location header naming an http(s) URL", ec, d);
                return true;
            }
            if constexpr (!Follow) {
                d.status = status;
                d.request_id = std::string(res["x-request-id"]);
                v = std::move(*next);
                return true;
            } else {
                if (redirects == max_redirects) {
                    smh_fail(res, error::unexpected_status,
                             "still redirected after following " + std::to_string(redirects) +
                                 " redirects",
                             ec, d);
                    return true;
                }
                if (!allow_insecure_redirects && is_https_to_http(url, *next)) {
                    smh_fail(res, error::insecure_redirect,
                             "the redirect leads from https to plain http; not followed "
                             "(client_options::allow_insecure_redirects)",
                             ec, d);
                    return true;
                }
                ++redirects;
                c = smh_get(*next, max_bytes, deadline);
                url = std::move(*next);
                return false;
            }
        }
        if constexpr (!Follow) {
            if (status == 200) {
                d.status = status;
                d.request_id = std::string(res["x-request-id"]);
                v = url;
                return true;
            }
        }
        if constexpr (Follow)
            v = finish(c, res, ec, d);
        else
            finish(c, res, ec, d); // an error status: no value
        return true;
    }

    void done(error_details& d) const { secrets.redact(d); }
};

// The state of a call of one exchange, its secrets cut out of the details.
template <class T>
struct smh_single_state : single_exchange<T>
{
    smh_secrets secrets = {};

    void done(error_details& d) const { secrets.redact(d); }
};

} // namespace coverkit::detail

#endif
