#ifndef COVERKIT_DETAIL_URL_HPP
#define COVERKIT_DETAIL_URL_HPP

#include <coverkit/error.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/url.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace coverkit::detail {

// A base URL every API family appends paths to: absolute http(s), with a host, and no query or
// fragment to collide with what is appended.
inline result<boost::urls::url> parse_base_url(std::string_view s)
{
    auto u = boost::urls::parse_absolute_uri(s);
    if (!u ||
        (u->scheme_id() != boost::urls::scheme::http &&
         u->scheme_id() != boost::urls::scheme::https) ||
        u->encoded_host().empty() || u->has_query() || u->has_fragment())
        return error_code(error::invalid_base_url);
    return boost::urls::url(*u);
}

// One query parameter; an absent value leaves the parameter out.
struct query_param
{
    std::string_view key;
    std::optional<std::string_view> value;
};

// What a query key or value keeps unencoded: the query characters except the delimiters '&'
// and '=', and '+', which servers (Boost.URL's own `params()` among them) read as a space.
// Boost.URL 1.81's params().append leaves '+' as it is, so a secret holding one would arrive
// altered.
inline constexpr auto query_value_chars =
    boost::urls::pchars + '/' + '?' - boost::urls::grammar::lut_chars("&=+");

// The base URL with the given path segments appended, each percent-encoded as one segment
// ('/' becomes %2F), and the given query parameters, percent-encoded ('+' becomes %2B).
inline std::string make_url(boost::urls::url const& base,
                            std::initializer_list<std::string_view> segments,
                            std::initializer_list<query_param> params = {})
{
    boost::urls::url u = base;
    auto segs = u.segments();
    if (!segs.empty() && segs.back().empty())
        segs.pop_back(); // "https://host/" has one empty segment
    for (auto s : segments)
        segs.push_back(s);
    for (auto const& p : params) {
        if (!p.value)
            continue;
        auto const key = boost::urls::encode(p.key, query_value_chars);
        auto const value = boost::urls::encode(*p.value, query_value_chars);
        u.encoded_params().append(
            {boost::urls::pct_string_view(key), boost::urls::pct_string_view(value)});
    }
    return std::string(u.buffer());
}

} // namespace coverkit::detail

#endif
