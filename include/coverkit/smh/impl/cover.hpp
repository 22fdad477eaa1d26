#ifndef COVERKIT_SMH_IMPL_COVER_HPP
#define COVERKIT_SMH_IMPL_COVER_HPP

#include <boost/json/object.hpp>

#include <limits>
#include <string_view>
#include <utility>

namespace coverkit::smh {

namespace detail {

// A library, space or album id travels as one path segment: it must not be empty, and must not
// be `.` or `..`, which a server or proxy normalising the path would take as directory steps.
inline error_code check_segment(std::string_view name, std::string const& value, std::string& why)
{
    if (value.empty()) {
        why = std::string(name) + " is empty";
        return error::invalid_argument;
    }
    if (value == "." || value == "..") {
        why = std::string(name) + " \"" + value + "\" cannot be a path segment";
        return error::invalid_argument;
    }
    return {};
}

} // namespace detail

inline error_code check(album_cover_request const& req, std::string& why)
{
    if (auto ec = detail::check_segment("the library id", req.library_id, why))
        return ec;
    if (auto ec = detail::check_segment("the space id", req.space_id, why))
        return ec;
    if (req.album)
        if (auto ec = detail::check_segment("the album name", *req.album, why))
            return ec;
    if (req.size && (*req.size < min_cover_size || *req.size > max_cover_size)) {
        why = "size must be in " + std::to_string(min_cover_size) + ".." +
              std::to_string(max_cover_size) + ", got " + std::to_string(*req.size);
        return error::invalid_size;
    }
    return {};
}

inline error_code check(access_token_request const& req, std::string& why)
{
    if (req.library_id.empty()) {
        why = "the library id is empty";
        return error::invalid_argument;
    }
    if (req.library_secret.empty()) {
        why = "the library secret is empty";
        return error::invalid_argument;
    }
    if (req.period && *req.period < 1) {
        why = "period must be 1 second or more, got " + std::to_string(*req.period);
        return error::invalid_argument;
    }
    return {};
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, access_token const& t)
{
    jv = boost::json::object{{"accessToken", t.token}, {"expiresIn", t.expires_in}};
}

inline result<access_token> tag_invoke(boost::json::try_value_to_tag<access_token>,
                                       boost::json::value const& jv)
{
    auto const* obj = jv.if_object();
    auto const* token = obj ? obj->if_contains("accessToken") : nullptr;
    auto const* expires = obj ? obj->if_contains("expiresIn") : nullptr;
    if (!token || !token->is_string() || token->get_string().empty() || !expires)
        return error_code(error::malformed_response);
    access_token t;
    t.token = std::string(token->get_string());
    if (expires->is_int64() && expires->get_int64() >= 0)
        t.expires_in = expires->get_int64();
    else if (expires->is_uint64() &&
             expires->get_uint64() <=
                 static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        t.expires_in = static_cast<std::int64_t>(expires->get_uint64());
    else
        return error_code(error::malformed_response);
    return t;
}

} // namespace coverkit::smh

#endif
