#ifndef COVERKIT_DETAIL_URL_HPP
#define COVERKIT_DETAIL_URL_HPP

#include <coverkit/error.hpp>

#include <boost/url/parse.hpp>
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
    std::optional<std::string> value;
};

// The base URL with the given path segments appended, each percent-encoded as one segment,
// and the given query parameters, percent-encoded.
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
    for (auto const& p : params)
        if (p.value)
            u.params().append({p.key, *p.value});
    return std::string(u.buffer());
}

} // namespace coverkit::detail

#endif
