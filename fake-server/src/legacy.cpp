#include "state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

// The legacy Netless cover API (SPEC 4): single-snapshot and paginated snapshots, answered in
// the {code, msg} envelope.
namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_kind;
using whiteboard::token_role;

namespace {

constexpr std::uint64_t default_page = 1;
constexpr std::uint64_t default_page_size = 5;
constexpr std::uint64_t max_page_size = 10;

// Everything both endpoints check before looking at their scene path.
struct snapshot_target
{
    room_state const* room = nullptr;
    app const* owner = nullptr;
    std::optional<std::string> scene_path; // normalised, when given
    int width = 0;
    int height = 0;
};

// The ROOM token: the `roomToken` header, else the `roomToken` query parameter.
std::string room_token(request_context const& ctx)
{
    if (auto it = ctx.req.find("roomToken"); it != ctx.req.end())
        return std::string(it->value());
    if (ctx.url) {
        auto const params = ctx.url->params();
        if (auto it = params.find("roomToken"); it != params.end() && (*it).has_value)
            return std::move((*it).value);
    }
    return {};
}

std::optional<http_response> check_snapshot(server_core& core, request_context& ctx,
                                            snapshot_target& t)
{
    auto const token = room_token(ctx);
    token_access access;
    if (auto fail = authenticate(core, ctx, token, access))
        return fail;
    if (access.claims.kind == token_kind::sdk)
        return error_response(ctx, http::status::forbidden,
                              "token access sdk forbidden: this API takes a room token");
    auto const* uuid = ctx.body.if_contains("uuid");
    if (!uuid || !uuid->is_string() || uuid->get_string().empty())
        return error_response(ctx, http::status::bad_request, "uuid must be a non-empty string");
    std::string_view const room_uuid = uuid->get_string();
    if (auto fail = authorize(ctx, access, token_role::writer, room_uuid))
        return fail;
    auto it = core.st.rooms.find(room_uuid);
    if (it == core.st.rooms.end() || it->second.ak != access.claims.ak)
        return error_response(ctx, http::status::not_found, "room not found");
    if (!access.owner->screenshot_service)
        return error_response(ctx, http::status::forbidden, "service not enable");
    for (auto key : {"width", "height"}) {
        auto const side = picture_side(ctx.body, key, side_forms::number_or_string);
        if (!side)
            return error_response(ctx, http::status::bad_request,
                                  std::string(key) +
                                      R"( must be an integer in 1..8192, "240" or "240px")");
        (key == std::string_view("width") ? t.width : t.height) = *side;
    }
    auto path = scene_path_member(ctx.body, "scenePath");
    if (!path)
        return error_response(ctx, http::status::bad_request, "invalid scenePath");
    t.scene_path = std::move(*path);
    t.room = &it->second;
    t.owner = access.owner;
    return std::nullopt;
}

// A page number or page size: absent gives `fallback`; an integral number >= 1 is itself
// (saturating far past any directory's length); anything else is nothing.
std::optional<std::uint64_t> count_member(json::object const& body, std::string_view key,
                                          std::uint64_t fallback)
{
    auto const* v = body.if_contains(key);
    if (!v)
        return fallback;
    if (v->is_int64())
        return v->get_int64() >= 1 ? std::optional(static_cast<std::uint64_t>(v->get_int64()))
                                   : std::nullopt;
    if (v->is_uint64())
        return v->get_uint64();
    if (v->is_double()) {
        auto const d = v->get_double();
        if (!std::isfinite(d) || d != std::floor(d) || d < 1)
            return std::nullopt;
        return d >= 1e18 ? std::numeric_limits<std::uint64_t>::max() / 2
                         : static_cast<std::uint64_t>(d);
    }
    return std::nullopt;
}

http_response envelope(json::value msg)
{
    return json_response(http::status::ok, {{"code", 200}, {"msg", std::move(msg)}});
}

} // namespace

http_response legacy_single_snapshot(server_core& core, request_context& ctx)
{
    snapshot_target t;
    if (auto fail = check_snapshot(core, ctx, t))
        return *fail;
    // Without a scenePath: the room's current scene (SPEC 4, seed 000).
    auto const path = t.scene_path.value_or(t.room->current_scene);
    if (path.empty())
        return error_response(ctx, http::status::not_found, "the room has no current scene");
    switch (t.room->scenes.lookup(path)) {
    case scene_tree::kind::directory:
        return error_response(ctx, http::status::bad_request,
                              "scenePath \"" + path + "\" is a scene directory, not a scene");
    case scene_tree::kind::nothing:
        return error_response(ctx, http::status::not_found, "scene \"" + path + "\" not found");
    case scene_tree::kind::scene:
        break;
    }
    return envelope({{"image", image_of(core, ctx, *t.room, *t.owner, path, t.width, t.height)}});
}

http_response legacy_snapshots(server_core& core, request_context& ctx)
{
    snapshot_target t;
    if (auto fail = check_snapshot(core, ctx, t))
        return *fail;
    if (!t.scene_path)
        return error_response(ctx, http::status::bad_request, "scenePath is required");
    auto const page = count_member(ctx.body, "page", default_page);
    if (!page)
        return error_response(ctx, http::status::bad_request, "page must be an integer >= 1");
    auto const size = count_member(ctx.body, "size", default_page_size);
    if (!size)
        return error_response(ctx, http::status::bad_request, "size must be an integer >= 1");
    // Decision (SPEC 4): a larger page is clamped, not refused.
    auto const page_size = std::min(*size, max_page_size);
    auto const& dir = *t.scene_path;
    switch (t.room->scenes.lookup(dir)) {
    case scene_tree::kind::scene:
        return error_response(ctx, http::status::bad_request,
                              "scenePath \"" + dir + "\" is a scene, not a scene directory");
    case scene_tree::kind::nothing:
        return error_response(ctx, http::status::not_found,
                              "scene directory \"" + dir + "\" not found");
    case scene_tree::kind::directory:
        break;
    }
    auto const scenes = t.room->scenes.children(dir);
    json::array out;
    // Pages before this one: compared by division, so a huge page number cannot overflow.
    auto const skipped_pages = *page - 1;
    if (skipped_pages < (scenes.size() + page_size - 1) / page_size) {
        auto const first = skipped_pages * page_size;
        auto const last = std::min<std::uint64_t>(first + page_size, scenes.size());
        for (auto i = first; i < last; ++i)
            out.push_back(image_of(core, ctx, *t.room, *t.owner, scenes[i], t.width, t.height));
    }
    return envelope(std::move(out));
}

} // namespace coverkit::fake::detail
