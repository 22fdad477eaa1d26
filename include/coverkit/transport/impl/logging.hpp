#ifndef COVERKIT_TRANSPORT_IMPL_LOGGING_HPP
#define COVERKIT_TRANSPORT_IMPL_LOGGING_HPP

#include <coverkit/detail/adapter.hpp>

#include <boost/asio/compose.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/system_error.hpp>
#include <boost/url/pct_string_view.hpp>

#include <array>
#include <cstring>
#include <optional>

namespace coverkit {

namespace detail {

inline bool is_secret_header(std::string_view name) noexcept
{
    static constexpr std::array<std::string_view, 5> names = {"token", "roomToken", "authorization",
                                                              "proxy-authorization", "cookie"};
    for (auto n : names)
        if (boost::beast::iequals(name, n))
            return true;
    return false;
}

inline bool is_secret_query(std::string_view name) noexcept
{
    static constexpr std::array<std::string_view, 4> names = {"token", "roomToken", "access_token",
                                                              "library_secret"};
    for (auto n : names)
        if (boost::beast::iequals(name, n))
            return true;
    return false;
}

inline bool is_secret_member(std::string_view name) noexcept
{
    static constexpr std::array<std::string_view, 6> names = {
        "secretAccessKey", "access_token", "accessToken", "library_secret", "token", "roomToken"};
    for (auto n : names)
        if (boost::beast::iequals(name, n))
            return true;
    return false;
}

// A query key as the server reads it: percent-decoded (as it came when it is not valid
// percent-encoding).
inline std::string decoded_key(std::string_view key)
{
    auto const pct = boost::urls::make_pct_string_view(key);
    return pct ? pct->decode() : std::string(key);
}

// The target with the values of secret query parameters redacted.
inline std::string redacted_target(std::string_view target)
{
    auto const q = target.find('?');
    if (q == std::string_view::npos)
        return std::string(target);
    auto const hash = target.find('#', q);
    std::string out(target.substr(0, q + 1));
    auto query = target.substr(q + 1, hash == std::string_view::npos ? hash : hash - q - 1);
    bool first = true;
    while (true) {
        auto const amp = query.find('&');
        auto const param = query.substr(0, amp);
        if (!first)
            out += '&';
        first = false;
        auto const eq = param.find('=');
        if (eq != std::string_view::npos && is_secret_query(decoded_key(param.substr(0, eq)))) {
            out.append(param.substr(0, eq + 1));
            out.append(redacted);
        } else {
            out.append(param);
        }
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    if (hash != std::string_view::npos)
        out.append(target.substr(hash));
    return out;
}

// The end of the JSON string starting at `at` (a '"'): the index after its closing quote, or
// npos when it does not close.
inline std::size_t json_string_end(std::string_view s, std::size_t at) noexcept
{
    for (std::size_t i = at + 1; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return std::string_view::npos;
}

// The end of the JSON value starting at `at`: a string, a number or literal, or an object or
// array (brackets counted, strings skipped, no recursion); npos when it does not end.
inline std::size_t json_value_end(std::string_view s, std::size_t at) noexcept
{
    if (at >= s.size())
        return std::string_view::npos;
    if (s[at] == '"')
        return json_string_end(s, at);
    if (s[at] != '{' && s[at] != '[') {
        auto i = at;
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
               s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            ++i;
        return i;
    }
    std::size_t depth = 0;
    for (auto i = at; i < s.size(); ++i) {
        if (s[i] == '"') {
            i = json_string_end(s, i);
            if (i == std::string_view::npos)
                return i;
            --i;
        } else if (s[i] == '{' || s[i] == '[') {
            ++depth;
        } else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

/* A request body as a log shows it: JSON with the value of every secret member, at any depth,
   replaced by "[redacted]", in one pass over the text (no parse tree, no recursion); anything
   else, or JSON that does not end, by its length. */
inline std::string redacted_body(std::string_view body)
{
    if (body.empty())
        return {};
    auto const not_json = [&] { return "[" + std::to_string(body.size()) + " bytes]"; };
    auto const first = body.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || (body[first] != '{' && body[first] != '['))
        return not_json();
    auto const skip_space = [&](std::size_t i) {
        while (i < body.size() &&
               (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
            ++i;
        return i;
    };
    std::string out;
    out.reserve(body.size());
    std::size_t i = 0;
    while (i < body.size()) {
        if (body[i] != '"') {
            out += body[i++];
            continue;
        }
        auto const end = json_string_end(body, i);
        if (end == std::string_view::npos)
            return not_json();
        auto const name = body.substr(i + 1, end - i - 2);
        out.append(body.substr(i, end - i));
        i = end;
        auto const colon = skip_space(i);
        if (colon >= body.size() || body[colon] != ':' || !is_secret_member(name))
            continue;
        auto const value = skip_space(colon + 1);
        auto const value_end = json_value_end(body, value);
        if (value_end == std::string_view::npos)
            return not_json();
        out.append(body.substr(i, value - i));
        out += '"';
        out.append(redacted);
        out += '"';
        i = value_end;
    }
    return out;
}

} // namespace detail

inline std::string exchange_record::url() const
{
    return detail::redacted_target(req_.target());
}

inline std::vector<std::pair<std::string, std::string>> exchange_record::headers() const
{
    std::vector<std::pair<std::string, std::string>> out;
    req_.each_field([&](std::string_view name, std::string_view value) {
        out.emplace_back(std::string(name), detail::is_secret_header(name) ? std::string(redacted)
                                                                           : std::string(value));
    });
    return out;
}

inline std::string exchange_record::body() const
{
    return detail::redacted_body(req_.body());
}

inline void exchange_record::set_outcome(std::chrono::steady_clock::time_point started,
                                         error_code const& ec, http_response const& res)
{
    duration_ = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    error_ = ec;
    // A failed exchange carries an answer's head only when the body was refused for its size.
    if (!ec || ec == boost::beast::http::error::body_limit) {
        status_ = res.result_int();
        if (auto const it = res.find("x-request-id"); it != res.end()) {
            auto const id = it->value();
            id_size_ = id.size();
            if (id.size() <= id_buf_.size())
                std::memcpy(id_buf_.data(), id.data(), id.size());
            else
                long_id_ = std::string(id);
        }
    }
}

template <transport Transport>
logging_transport<Transport>::logging_transport(Transport next, exchange_listener listener)
    : next_(std::move(next)),
      listener_(std::make_shared<exchange_listener const>(std::move(listener)))
{}

template <transport Transport>
http_response logging_transport<Transport>::send(http_request req, error_code& ec)
{
    return send(std::move(req), exchange_options{}, ec);
}

template <transport Transport>
http_response logging_transport<Transport>::send(http_request req, exchange_options const& opts,
                                                 error_code& ec)
{
    exchange_record record(req);
    auto const started = std::chrono::steady_clock::now();
    auto res = detail::send_with(next_, std::move(req), opts, ec);
    record.set_outcome(started, ec, res);
    if (*listener_)
        (*listener_)(record);
    return res;
}

template <transport Transport>
http_response logging_transport<Transport>::send(http_request req)
{
    error_code ec;
    auto res = send(std::move(req), ec);
    if (ec)
        throw boost::system::system_error(ec, "coverkit::logging_transport::send");
    return res;
}

template <transport Transport>
template <class Unused>
struct logging_transport<Transport>::send_op
{
    Transport& next;
    std::shared_ptr<exchange_listener const> listener;
    http_request req;
    exchange_options opts;
    std::optional<exchange_record> record = std::nullopt;
    std::chrono::steady_clock::time_point started = {};

    template <class Self>
    void operator()(Self& self)
    {
        record.emplace(req);
        started = std::chrono::steady_clock::now();
        detail::async_send_with(next, std::move(req), opts, std::move(self));
    }

    template <class Self>
    void operator()(Self& self, error_code ec, http_response res)
    {
        record->set_outcome(started, ec, res);
        if (*listener)
            (*listener)(*record);
        self.complete(ec, std::move(res));
    }
};

template <transport Transport>
template <class CompletionToken>
auto logging_transport<Transport>::async_send(http_request req, CompletionToken&& token)
{
    return async_send(std::move(req), exchange_options{}, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto logging_transport<Transport>::async_send(http_request req, exchange_options const& opts,
                                              CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(error_code, http_response)>(
        send_op<void>{next_, listener_, std::move(req), opts}, token, next_.get_executor());
}

} // namespace coverkit

#endif
