#ifndef COVERKIT_WHITEBOARD_IMPL_ROOM_HPP
#define COVERKIT_WHITEBOARD_IMPL_ROOM_HPP

#include <coverkit/image.hpp>

#include <boost/json/object.hpp>

#include <limits>
#include <string>
#include <utility>

namespace coverkit::whiteboard {

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, room const& r)
{
    boost::json::object obj{{"uuid", r.uuid},        {"teamUUID", r.team_uuid},
                            {"appUUID", r.app_uuid}, {"isRecord", r.is_record},
                            {"isBan", r.is_ban},     {"createdAt", r.created_at},
                            {"limit", r.limit}};
    if (r.name)
        obj.emplace("name", *r.name);
    jv = std::move(obj);
}

inline result<room> tag_invoke(boost::json::try_value_to_tag<room>, boost::json::value const& jv)
{
    auto const* obj = jv.if_object();
    if (!obj)
        return error_code(error::malformed_response);
    room r;
    for (auto [member, field] :
         {std::pair{"uuid", &r.uuid}, std::pair{"teamUUID", &r.team_uuid},
          std::pair{"appUUID", &r.app_uuid}, std::pair{"createdAt", &r.created_at}}) {
        auto s = coverkit::detail::string_member(*obj, member);
        if (!s)
            return s.error();
        *field = std::move(*s);
    }
    for (auto [member, field] :
         {std::pair{"isRecord", &r.is_record}, std::pair{"isBan", &r.is_ban}}) {
        auto const* v = obj->if_contains(member);
        if (!v || !v->is_bool())
            return error_code(error::malformed_response);
        *field = v->get_bool();
    }
    auto const* limit = obj->if_contains("limit");
    if (!limit || !limit->is_int64() || limit->get_int64() < 0 ||
        limit->get_int64() > std::numeric_limits<int>::max())
        return error_code(error::malformed_response);
    r.limit = static_cast<int>(limit->get_int64());
    if (auto const* name = obj->if_contains("name"); name && !name->is_null()) {
        if (!name->is_string())
            return error_code(error::malformed_response);
        r.name = std::string(name->get_string());
    }
    return r;
}

inline error_code check(create_room_request const& req, std::string& why)
{
    error_code ec;
    why.clear();
    if (req.limit && *req.limit < 0)
        coverkit::detail::add_problem(ec, why, error::invalid_argument,
                                      "limit must be 0 or more, got " + std::to_string(*req.limit));
    return ec;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                       create_room_request const& r)
{
    boost::json::object obj;
    if (r.is_record)
        obj.emplace("isRecord", *r.is_record);
    if (r.limit)
        obj.emplace("limit", *r.limit);
    if (r.name)
        obj.emplace("name", r.name->view());
    jv = std::move(obj);
}

inline error_code check(list_rooms_request const& req, std::string& why)
{
    error_code ec;
    why.clear();
    if (req.limit && (*req.limit < 1 || *req.limit > max_rooms_per_page))
        coverkit::detail::add_problem(ec, why, error::invalid_argument,
                                      "limit must be in 1..1000, got " +
                                          std::to_string(*req.limit));
    return ec;
}

} // namespace coverkit::whiteboard

#endif
