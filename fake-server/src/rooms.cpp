#include "state.hpp"

#include <coverkit/detail/crypto.hpp>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>

// Room management (SPEC 2, 3): create, list, info and ban. Rooms live in one region and belong
// to one app; a room of another app or region is answered as absent (404).
namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_role;

namespace {

constexpr std::size_t default_list_limit = 100;
constexpr std::size_t max_list_limit = 1000;

// `ms` Unix milliseconds as ISO 8601 UTC with milliseconds: 2023-11-14T22:13:20.000Z.
std::string iso8601_utc(std::int64_t ms)
{
    using namespace std::chrono;
    sys_time<milliseconds> const tp{milliseconds(ms)};
    auto const day = floor<days>(tp);
    year_month_day const ymd{day};
    hh_mm_ss const time{tp - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()),
                  int(time.subseconds().count()));
    return buf;
}

// The room object of SPEC 3; `name` only when the room has one.
json::object room_object(room_state const& room, app const& owner)
{
    json::object o{{"uuid", room.uuid},    {"teamUUID", owner.team},
                   {"appUUID", owner.app}, {"isRecord", room.is_record},
                   {"isBan", room.is_ban}, {"createdAt", iso8601_utc(room.created_at_ms)},
                   {"limit", room.limit}};
    if (room.name)
        o["name"] = *room.name;
    return o;
}

// 32 lowercase hex characters no room has yet.
std::string new_room_uuid(state const& st)
{
    for (;;) {
        auto uuid = coverkit::detail::random_uuid_v4();
        std::erase(uuid, '-');
        if (!st.rooms.contains(uuid))
            return uuid;
    }
}

// The `limit` query parameter of a room list: decimal digits naming 1..1000; absent gives the
// default. Anything else (empty, signed, fractional, out of range) is nothing.
std::optional<std::size_t> list_limit(request_context const& ctx)
{
    auto const params = ctx.url->params();
    auto const it = params.find("limit");
    if (it == params.end())
        return default_list_limit;
    auto const& text = (*it).value;
    if (!(*it).has_value || text.empty())
        return std::nullopt;
    std::size_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = std::min<std::size_t>(n * 10 + std::size_t(c - '0'), max_list_limit + 1);
    }
    if (n < 1 || n > max_list_limit)
        return std::nullopt;
    return n;
}

} // namespace

http_response wb_create_room(server_core& core, request_context& ctx)
{
    whiteboard::region region{};
    token_access access;
    if (auto fail = check_region_and_token(core, ctx, token_role::writer, {}, region, access))
        return *fail;
    room_state room;
    if (auto const* v = ctx.body.if_contains("isRecord")) {
        if (!v->is_bool())
            return error_response(ctx, http::status::bad_request, "isRecord must be a boolean");
        room.is_record = v->get_bool();
    }
    if (auto const* v = ctx.body.if_contains("limit")) {
        auto const n = integer_of(*v);
        if (!n || *n < 0 || *n > INT_MAX)
            return error_response(ctx, http::status::bad_request,
                                  "limit must be a non-negative integer");
        room.limit = static_cast<int>(*n);
    }
    if (auto const* v = ctx.body.if_contains("name")) {
        if (!v->is_string())
            return error_response(ctx, http::status::bad_request, "name must be a string");
        room.name = std::string(v->get_string());
    }
    room.uuid = new_room_uuid(core.st);
    room.ak = access.claims.ak;
    room.region = region;
    room.scenes.add("/", {"init", nullptr});
    room.current_scene = "/init";
    room.created_at_ms = core.now_ms();
    auto const& stored = core.st.rooms.emplace(room.uuid, std::move(room)).first->second;
    return json_response(http::status::created, room_object(stored, *access.owner));
}

http_response wb_list_rooms(server_core& core, request_context& ctx)
{
    whiteboard::region region{};
    token_access access;
    if (auto fail = check_region_and_token(core, ctx, token_role::writer, {}, region, access))
        return *fail;
    auto const limit = list_limit(ctx);
    if (!limit)
        return error_response(ctx, http::status::bad_request,
                              "limit must be an integer in 1..1000");
    auto const params = ctx.url->params();
    auto const begin = params.find("beginUUID");
    // Rooms are kept by uuid in byte order; the list starts strictly after `beginUUID`.
    auto it =
        begin == params.end() ? core.st.rooms.begin() : core.st.rooms.upper_bound((*begin).value);
    json::array out;
    for (; it != core.st.rooms.end() && out.size() < *limit; ++it)
        if (it->second.ak == access.claims.ak && it->second.region == region)
            out.push_back(room_object(it->second, *access.owner));
    return json_response(http::status::ok, out);
}

http_response wb_room_info(server_core& core, request_context& ctx)
{
    room_state* room = nullptr;
    token_access access;
    if (auto fail = check_room_access(core, ctx, token_role::writer, room, access))
        return *fail;
    return json_response(http::status::ok, room_object(*room, *access.owner));
}

http_response wb_ban_room(server_core& core, request_context& ctx)
{
    room_state* room = nullptr;
    token_access access;
    if (auto fail = check_room_access(core, ctx, token_role::admin, room, access))
        return *fail;
    auto const* ban = ctx.body.if_contains("isBan");
    if (!ban || !ban->is_bool())
        return error_response(ctx, http::status::bad_request, "isBan must be a boolean");
    // Banning is a flag only: SPEC 3 gives it no other effect.
    room->is_ban = ban->get_bool();
    return json_response(http::status::created, room_object(*room, *access.owner));
}

} // namespace coverkit::fake::detail
