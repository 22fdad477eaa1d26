//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_DETAIL_ORIGIN_HPP
#define COVERKIT_DETAIL_ORIGIN_HPP

#include <coverkit/error.hpp>
#include <coverkit/transport.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include <string>

namespace coverkit::detail {

/// Where an absolute-form request goes: scheme, host and port of its URL.
struct origin
{
    bool tls = false;
    /// The host as a resolver or address parser takes it: IPv6 without brackets.
    std::string host;
    /// The port, the scheme's default when the URL has none.
    std::string port;

    /// `scheme://host:port`, one pool per distinct value.
    std::string key() const { return (tls ? "https://" : "http://") + host + ":" + port; }
};

/** Rewrites an absolute-form target into origin form plus a `Host` header, as a client
    connecting to that origin sends it, and returns the origin. An origin-form target passes
    unchanged and yields an empty `origin::host`. Sets `error::invalid_argument` for anything
    else, and for URLs that are neither `http` nor `https`. */
inline origin to_origin_form(http_request& req, error_code& ec)
{
    origin where;
    auto const target = req.target();
    if (!target.empty() && target.front() == '/')
        return where;
    auto url = boost::urls::parse_absolute_uri(target);
    if (!url ||
        (url->scheme_id() != boost::urls::scheme::http &&
         url->scheme_id() != boost::urls::scheme::https) ||
        url->host_address().empty()) {
        ec = error::invalid_argument;
        return where;
    }
    where.tls = url->scheme_id() == boost::urls::scheme::https;
    where.host = url->host_address();
    where.port = url->has_port() && !url->port().empty() ? std::string(url->port())
                                                         : std::string(where.tls ? "443" : "80");
    // The URL grammar allows any run of digits; a TCP port is at most 65535.
    if (where.port.size() > 5 || std::stoul(where.port) > 65535) {
        ec = error::invalid_argument;
        return where;
    }
    req.set(boost::beast::http::field::host, url->encoded_host_and_port());
    std::string path(url->encoded_path());
    if (path.empty())
        path = "/";
    if (url->has_query()) {
        path += '?';
        path += url->encoded_query();
    }
    req.target(path);
    return where;
}

} // namespace coverkit::detail

#endif
