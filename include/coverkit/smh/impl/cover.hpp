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
inline void check_segment(std::string_view name, std::string_view value, error_code& ec,
                          std::string& why)
{
    using coverkit::detail::add_problem;
    if (value.empty())
        add_problem(ec, why, error::invalid_argument, std::string(name) + " is empty");
    else if (value == "." || value == "..")
        add_problem(ec, why, error::invalid_argument,
                    std::string(name) + " \"" + std::string(value) + "\" cannot be a path segment");
}

} // namespace detail

inline error_code check(album_cover_request const& req, std::string& why)
{
    error_code ec;
    why.clear();
    detail::check_segment("the library id", req.library_id, ec, why);
    detail::check_segment("the space id", req.space_id, ec, why);
    if (req.album)
        detail::check_segment("the album name", *req.album, ec, why);
    if (req.size && (*req.size < min_cover_size || *req.size > max_cover_size))
        coverkit::detail::add_problem(ec, why, error::invalid_size,
                                      "size must be in " + std::to_string(min_cover_size) + ".." +
                                          std::to_string(max_cover_size) + ", got " +
                                          std::to_string(*req.size));
    return ec;
}

inline error_code check(access_token_request const& req, std::string& why)
{
    using coverkit::detail::add_problem;
    error_code ec;
    why.clear();
    if (req.library_id.empty())
        add_problem(ec, why, error::invalid_argument, "the library id is empty");
    if (req.library_secret.empty())
        add_problem(ec, why, error::invalid_argument, "the library secret is empty");
    if (req.period && *req.period < 1)
        add_problem(ec, why, error::invalid_argument,
                    "period must be 1 second or more, got " + std::to_string(*req.period));
    return ec;
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
