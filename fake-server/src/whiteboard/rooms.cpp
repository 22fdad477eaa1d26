// Rooms: create, list, info and ban. Rooms live in one region and belong to one app; a room of
// another app or region is answered as absent (404).

#include "api.hpp"

#include "../core/numbers.hpp"

#include <coverkit/detail/crypto.hpp>
#include <coverkit/scene_path.hpp>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_role;

// ---- the rooms and their scenes ----

void room_directory::reset(std::vector<room_spec> const& rooms, std::int64_t created_at_ms)
{
    rooms_.clear();
    for (auto const& spec : rooms) {
        room_state r;
        r.uuid = spec.uuid;
        r.ak = spec.ak;
        r.region = *whiteboard::parse_region(spec.region);
        for (auto const& s : spec.scenes)
            r.scenes.add(scene_directory(s.path),
                         {std::string(scene_name(s.path)),
                          s.ppt ? std::make_shared<ppt const>(*s.ppt) : nullptr});
        r.current_scene = spec.current_scene;
        r.name = spec.name;
        r.is_record = spec.is_record;
        r.is_ban = spec.is_ban;
        r.limit = spec.limit;
        r.created_at_ms = created_at_ms;
        rooms_.emplace(r.uuid, std::move(r));
    }
}

room_state* room_directory::find(std::string_view uuid, std::string_view ak,
                                 std::optional<whiteboard::region> region)
{
    auto const it = rooms_.find(uuid);
    if (it == rooms_.end() || it->second.ak != ak || (region && it->second.region != *region))
        return nullptr;
    return &it->second;
}

room_state& room_directory::add(room_state room)
{
    for (;;) {
        auto uuid = coverkit::detail::random_uuid_v4();
        std::erase(uuid, '-');
        if (!rooms_.contains(uuid)) {
            room.uuid = uuid;
            return rooms_.emplace(std::move(uuid), std::move(room)).first->second;
        }
    }
}

std::vector<room_state const*> room_directory::list(std::string_view ak, whiteboard::region region,
                                                    std::string_view after, std::size_t limit) const
{
    std::vector<room_state const*> out;
    for (auto it = rooms_.upper_bound(after); it != rooms_.end() && out.size() < limit; ++it)
        if (it->second.ak == ak && it->second.region == region)
            out.push_back(&it->second);
    return out;
}

checked<std::optional<std::string>> scene_path_member(request_context const& ctx,
                                                      json::object const& body,
                                                      std::string_view key,
                                                      std::string_view message)
{
    auto const* p = body.if_contains(key);
    if (!p)
        return std::optional<std::string>();
    auto normal = p->is_string() ? normalize_scene_path(p->get_string())
                                 : result<std::string>(error::invalid_scene_path);
    if (!normal)
        return ctx.refuse(http::status::bad_request, message);
    return std::optional<std::string>(std::move(*normal));
}

checked<> expect(request_context const& ctx, scene_tree const& tree, std::string const& path,
                 scene_tree::kind wanted, std::string_view what)
{
    auto const found = tree.lookup(path);
    if (found == wanted)
        return {};
    auto const noun = [](scene_tree::kind k) {
        return std::string_view(k == scene_tree::kind::scene ? "scene" : "scene directory");
    };
    if (found == scene_tree::kind::nothing)
        return ctx.refuse(http::status::not_found,
                          std::string(noun(wanted)) + " \"" + path + "\" not found");
    return ctx.refuse(http::status::bad_request, std::string(what) + " \"" + path + "\" is a " +
                                                     std::string(noun(found)) + ", not a " +
                                                     std::string(noun(wanted)));
}

// ---- the room endpoints ----

namespace {

constexpr std::int64_t default_list_limit = 100;
constexpr std::int64_t max_list_limit = 1000;

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

// The room object; `name` only when the room has one.
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

} // namespace

http_response whiteboard_api::create_room(request_context& ctx)
{
    auto c = check_caller(ctx, token_role::writer, {});
    if (!c)
        return std::move(c).refusal();
    room_state room;
    if (auto const* v = ctx.body.if_contains("isRecord")) {
        if (!v->is_bool())
            return ctx.refuse(http::status::bad_request, "isRecord must be a boolean");
        room.is_record = v->get_bool();
    }
    auto limit = read_integer(
        ctx, ctx.body.if_contains("limit"),
        {.max = INT_MAX, .message = "limit must be a non-negative integer", .absent = 0});
    if (!limit)
        return std::move(limit).refusal();
    room.limit = static_cast<int>(*limit);
    if (auto const* v = ctx.body.if_contains("name")) {
        if (!v->is_string())
            return ctx.refuse(http::status::bad_request, "name must be a string");
        room.name = std::string(v->get_string());
    }
    room.ak = c->access.claims->ak;
    room.region = c->region;
    room.scenes.add("/", {"init", nullptr});
    room.current_scene = "/init";
    room.created_at_ms = clock_.now_ms();
    auto const& stored = rooms_.add(std::move(room));
    return json_response(http::status::created, room_object(stored, *c->access.owner));
}

http_response whiteboard_api::list_rooms(request_context& ctx)
{
    auto c = check_caller(ctx, token_role::writer, {});
    if (!c)
        return std::move(c).refusal();
    // Decimal digits naming 1..1000; absent gives the default.
    auto limit = read_integer(ctx, ctx.query("limit"),
                              {.min = 1,
                               .max = max_list_limit,
                               .message = "limit must be an integer in 1..1000",
                               .absent = default_list_limit});
    if (!limit)
        return std::move(limit).refusal();
    // The list starts strictly after `beginUUID`.
    json::array out;
    for (auto const* room :
         rooms_.list(c->access.claims->ak, c->region, ctx.query("beginUUID").value_or(""),
                     static_cast<std::size_t>(*limit)))
        out.push_back(room_object(*room, *c->access.owner));
    return json_response(http::status::ok, out);
}

http_response whiteboard_api::room_info(request_context& ctx)
{
    auto c = check_room(ctx, token_role::writer);
    if (!c)
        return std::move(c).refusal();
    return json_response(http::status::ok, room_object(*c->room, *c->access.owner));
}

http_response whiteboard_api::ban_room(request_context& ctx)
{
    auto c = check_room(ctx, token_role::admin);
    if (!c)
        return std::move(c).refusal();
    auto const* ban = ctx.body.if_contains("isBan");
    if (!ban || !ban->is_bool())
        return ctx.refuse(http::status::bad_request, "isBan must be a boolean");
    // Banning is a flag only: it has no other effect.
    c->room->is_ban = ban->get_bool();
    return json_response(http::status::created, room_object(*c->room, *c->access.owner));
}

} // namespace coverkit::fake::detail
