//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_DETAIL_ORIGIN_HPP
#define COVERKIT_DETAIL_ORIGIN_HPP

#include <coverkit/error.hpp>
#include <coverkit/transport.hpp>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/authority_view.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace coverkit::detail {

/// Where an absolute-form request goes: scheme, host and port of its URL.
struct origin
{
    bool tls = false;
    /// The host as a resolver or address parser takes it: IPv6 without brackets.
    std::string host;
    /// The port, the scheme's default when the URL has none.
    std::string port;

    /// `prefix` then `scheme://host:port`: one pool per distinct value.
    std::string key(std::string_view prefix = {}) const
    {
        std::string_view const scheme = tls ? "https://" : "http://";
        std::string k;
        k.reserve(prefix.size() + scheme.size() + host.size() + 1 + port.size());
        k.append(prefix).append(scheme).append(host).append(1, ':').append(port);
        return k;
    }
};

/** Whether `s` is a path-abempty followed by an optional query (RFC 3986): what follows the
    authority in an absolute URI without a fragment. Checked a character at a time, against the
    same character classes Boost.URL's grammar uses (`pchar`, and `/` and `?` in the query). */
inline bool is_path_and_query(std::string_view s) noexcept
{
    // 1: a path character (pchar but pct-encoded: unreserved, sub-delims, ':', '@'); 2: '/',
    // and '?' (the start of the query, then a query character).
    static constexpr auto classes = [] {
        std::array<unsigned char, 256> t{};
        for (unsigned char c :
             std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                              "0123456789-._~!$&'()*+,;=:@"))
            t[c] = 1;
        t['/'] = 2;
        t['?'] = 2;
        return t;
    }();
    auto const hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    if (!s.empty() && s.front() != '/' && s.front() != '?')
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto const c = static_cast<unsigned char>(s[i]);
        if (classes[c] != 0)
            continue;
        if (c != '%' || s.size() - i < 3 || !hex(s[i + 1]) || !hex(s[i + 2]))
            return false;
        i += 2;
    }
    return true;
}

/** Rewrites an absolute-form target into origin form plus a `Host` header, as a client
    connecting to that origin sends it, and returns the origin. An origin-form target passes
    unchanged and yields an empty `origin::host`. Sets `error::invalid_argument` for anything
    else, and for URLs that are neither `http` nor `https`.

    The URL is taken apart by hand (scheme, authority, the rest) and each part checked as RFC
    3986 has it, the authority by Boost.URL: the result is what parsing the whole URL as an
    absolute URI gives, for a fraction of the cost on every request. */
inline origin to_origin_form(http_request& req, error_code& ec)
{
    origin where;
    std::string_view const target = req.target();
    if (!target.empty() && target.front() == '/')
        return where;
    auto const invalid = [&] {
        ec = error::invalid_argument;
        return origin{};
    };
    auto const separator = target.find("://");
    if (separator == std::string_view::npos)
        return invalid();
    auto const scheme = target.substr(0, separator);
    if (boost::beast::iequals(scheme, "https"))
        where.tls = true;
    else if (!boost::beast::iequals(scheme, "http"))
        return invalid();
    auto const rest = target.substr(separator + 3);
    auto const end = std::min(rest.find_first_of("/?#"), rest.size());
    auto const tail = rest.substr(end);
    if (!is_path_and_query(tail))
        return invalid();
    // A client sends most requests to the same few origins: the last authority this thread
    // took apart, scheme included, is kept with what came of it.
    struct last_authority
    {
        std::string text; // `scheme://authority`
        origin where;
        std::string host_header;
    };
    thread_local last_authority last;
    auto const text = target.substr(0, separator + 3 + end);
    if (text != last.text) {
        auto const authority = boost::urls::parse_authority(rest.substr(0, end));
        if (!authority)
            return invalid();
        where.host = authority->host_address();
        if (where.host.empty())
            return invalid();
        auto const port = authority->has_port() ? std::string_view(authority->port()) : "";
        // The URL grammar allows any run of digits; a TCP port is at most 65535.
        if (port.size() > 5 || (!port.empty() && std::stoul(std::string(port)) > 65535))
            return invalid();
        where.port = port.empty() ? (where.tls ? "443" : "80") : port;
        last.text.clear(); // not kept should anything below throw
        last.where = where;
        last.host_header = authority->encoded_host_and_port();
        last.text = text;
    }
    where = last.where;
    req.set(boost::beast::http::field::host, last.host_header);
    if (tail.empty() || tail.front() == '?') {
        std::string path;
        path.reserve(tail.size() + 1);
        path += '/';
        path += tail;
        req.target(path);
    } else {
        req.target(std::string(tail)); // a copy: `tail` points into the target it replaces
    }
    return where;
}

} // namespace coverkit::detail

#endif
