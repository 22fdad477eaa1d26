#include "api.hpp"

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
using whiteboard::token_kind;
using whiteboard::token_role;

whiteboard_api::whiteboard_api(fixture const& fix, fake_clock const& clock, token_authority& tokens,
                               object_store& store)
    : fix_(fix), clock_(clock), tokens_(tokens), pictures_(store, fix.base_dir)
{}

void whiteboard_api::add_routes(router& r)
{
    using http::verb;
    auto to = [this](http_response (whiteboard_api::*handler)(request_context&)) {
        return [this, handler](request_context& ctx) { return (this->*handler)(ctx); };
    };
    // Paths shared by several methods list each method as its own route: the pipeline answers
    // 405 for a known path with another method.
    // Tokens are signed, not remembered: issuing one only reads the apps and rooms.
    auto const reads = state_use::reads;
    r.add(*this, verb::post, "v5/tokens/teams", "whiteboard.team_token",
          to(&whiteboard_api::team_token), {}, reads);
    r.add(
        *this, verb::post, "v5/tokens/rooms/{room}", "whiteboard.room_token",
        [this](request_context& ctx) { return resource_token(ctx, token_kind::room); }, {}, reads);
    r.add(
        *this, verb::post, "v5/tokens/tasks/*", "whiteboard.task_token",
        [this](request_context& ctx) { return resource_token(ctx, token_kind::task); }, {}, reads);
    r.add(*this, verb::post, "v5/rooms", "whiteboard.create_room",
          to(&whiteboard_api::create_room));
    r.add(*this, verb::get, "v5/rooms", "whiteboard.list_rooms", to(&whiteboard_api::list_rooms),
          {}, reads);
    r.add(*this, verb::get, "v5/rooms/{room}", "whiteboard.get_room",
          to(&whiteboard_api::room_info), {}, reads);
    r.add(*this, verb::patch, "v5/rooms/{room}", "whiteboard.ban_room",
          to(&whiteboard_api::ban_room));
    r.add(*this, verb::get, "v5/rooms/{room}/scenes", "whiteboard.list_scenes",
          to(&whiteboard_api::scene_list), {}, reads);
    r.add(*this, verb::post, "v5/rooms/{room}/scenes", "whiteboard.add_scenes",
          to(&whiteboard_api::add_scenes));
    r.add(*this, verb::patch, "v5/rooms/{room}/scene-state", "whiteboard.switch_scene",
          to(&whiteboard_api::switch_scene));
    // A screenshot reads the room and puts a picture into the object store, which guards
    // itself.
    r.add(*this, verb::post, "v5/rooms/{room}/screenshots", "whiteboard.screenshots",
          to(&whiteboard_api::screenshots), {}, reads);
    r.add(*this, verb::post, "v5/rooms/{room}/screenshot-list", "whiteboard.screenshot_list",
          to(&whiteboard_api::screenshot_list), {}, reads);
    // Paths no family claims are the v5 API's: its wording answers their 404.
    r.set_default(*this);
}

void whiteboard_api::reset()
{
    rooms_.reset(fix_.rooms, clock_.now_ms());
}

checked<whiteboard::region> whiteboard_api::check_region(request_context const& ctx)
{
    auto const it = ctx.req.find("region");
    if (it == ctx.req.end())
        return whiteboard::region::cn_hz;
    auto const parsed = whiteboard::parse_region(it->value());
    if (!parsed)
        return ctx.refuse(http::status::bad_request, "invalid region");
    return *parsed;
}

checked<whiteboard_api::caller> whiteboard_api::check_caller(request_context const& ctx,
                                                             token_role needed,
                                                             std::string_view room_uuid)
{
    auto region = check_region(ctx);
    if (!region)
        return std::move(region).refusal();
    auto access = tokens_.authenticate(ctx, ctx.req["token"]);
    if (!access)
        return std::move(access).refusal();
    if (auto ok = token_authority::authorize(ctx, *access, needed, room_uuid); !ok)
        return std::move(ok).refusal();
    return caller{*region, std::move(*access)};
}

checked<whiteboard_api::room_caller> whiteboard_api::check_room(request_context const& ctx,
                                                                token_role needed)
{
    auto const& uuid = ctx.segments.at(2);
    auto c = check_caller(ctx, needed, uuid);
    if (!c)
        return std::move(c).refusal();
    auto* room = rooms_.find(uuid, c->access.claims->ak, c->region);
    if (!room)
        return ctx.refuse(http::status::not_found, "room not found");
    return room_caller{room, std::move(c->access)};
}

} // namespace coverkit::fake::detail
