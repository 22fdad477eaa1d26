#include "api.hpp"

#include "../core/numbers.hpp"

#include <coverkit/whiteboard/screenshot.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_kind;
using whiteboard::token_role;

namespace {

constexpr std::int64_t default_page = 1;
constexpr std::int64_t default_page_size = 5;
constexpr std::int64_t max_page_size = 10;
// Page numbers and sizes past this read as this: far past any directory's length.
constexpr std::int64_t max_count = std::numeric_limits<std::int64_t>::max() / 2;

// The ROOM token: the `roomToken` header, else the `roomToken` query parameter. An empty
// header counts as none.
std::string room_token(request_context const& ctx)
{
    if (auto it = ctx.req.find("roomToken"); it != ctx.req.end() && !it->value().empty())
        return std::string(it->value());
    return ctx.query("roomToken").value_or("");
}

http_response envelope(json::value msg)
{
    return json_response(http::status::ok, {{"code", 200}, {"msg", std::move(msg)}});
}

} // namespace

void legacy_api::add_routes(router& r)
{
    r.add(
        *this, http::verb::post, "handle/rooms/single-snapshot", "legacy.single_snapshot",
        [this](request_context& ctx) { return single_snapshot(ctx); }, "uuid", state_use::reads);
    r.add(
        *this, http::verb::post, "handle/rooms/snapshots", "legacy.snapshots",
        [this](request_context& ctx) { return snapshots(ctx); }, "uuid", state_use::reads);
    r.claim_prefix(*this, "handle");
}

http_response legacy_api::error(request_context const&, http::status status,
                                std::string_view message, std::string_view) const
{
    return json_response(status, {{"code", static_cast<unsigned>(status)}, {"msg", message}});
}

// Everything both endpoints check before looking at their scene path.
struct legacy_api::snapshot_target
{
    room_state const* room = nullptr;
    app const* owner = nullptr;
    std::optional<std::string> scene_path; // normalised, when given
    int width = 0;
    int height = 0;
};

checked<legacy_api::snapshot_target> legacy_api::check_snapshot(request_context& ctx)
{
    auto access = tokens_.authenticate(ctx, room_token(ctx));
    if (!access)
        return std::move(access).refusal();
    if (access->claims->kind == token_kind::sdk)
        return ctx.refuse(http::status::forbidden,
                          "token access sdk forbidden: this API takes a room token");
    auto const* uuid = ctx.body.if_contains("uuid");
    if (!uuid || !uuid->is_string() || uuid->get_string().empty())
        return ctx.refuse(http::status::bad_request, "uuid must be a non-empty string");
    std::string_view const room_uuid = uuid->get_string();
    if (auto ok = token_authority::authorize(ctx, *access, token_role::writer, room_uuid); !ok)
        return std::move(ok).refusal();
    // Any region: the legacy API has none.
    auto const* room = rooms_.find(room_uuid, access->claims->ak);
    if (!room)
        return ctx.refuse(http::status::not_found, "room not found");
    if (!access->owner->screenshot_service)
        return ctx.refuse(http::status::forbidden, "service not enable");
    snapshot_target t{room, access->owner, std::nullopt, 0, 0};
    for (auto key : {"width", "height"}) {
        auto side = read_integer(
            ctx, ctx.body.if_contains(key),
            {.min = whiteboard::min_picture_side,
             .max = whiteboard::max_picture_side,
             .message = std::string_view(key) == "width"
                            ? R"(width must be an integer in 1..8192, "240" or "240px")"
                            : R"(height must be an integer in 1..8192, "240" or "240px")",
             .forms = number_forms::number_or_text});
        if (!side)
            return std::move(side).refusal();
        (std::string_view(key) == "width" ? t.width : t.height) = static_cast<int>(*side);
    }
    auto path = scene_path_member(ctx, ctx.body, "scenePath", "invalid scenePath");
    if (!path)
        return std::move(path).refusal();
    t.scene_path = std::move(*path);
    return t;
}

http_response legacy_api::single_snapshot(request_context& ctx)
{
    auto t = check_snapshot(ctx);
    if (!t)
        return std::move(t).refusal();
    // Without a scenePath: the room's current scene.
    auto const path = t->scene_path.value_or(t->room->current_scene);
    if (path.empty())
        return ctx.refuse(http::status::not_found, "the room has no current scene");
    if (auto ok = expect(ctx, t->room->scenes, path, scene_tree::kind::scene, "scenePath"); !ok)
        return std::move(ok).refusal();
    return envelope(
        {{"image", pictures_.image_of(ctx, *t->room, *t->owner, path, t->width, t->height)}});
}

http_response legacy_api::snapshots(request_context& ctx)
{
    auto t = check_snapshot(ctx);
    if (!t)
        return std::move(t).refusal();
    if (!t->scene_path)
        return ctx.refuse(http::status::bad_request, "scenePath is required");
    // Page numbers and sizes: integers >= 1, far past any directory's length reading alike.
    auto const count = [&](char const* key, std::int64_t absent, std::string_view message) {
        return read_integer(ctx, ctx.body.if_contains(key),
                            {.min = 1,
                             .max = max_count,
                             .message = message,
                             .clamp_above = true,
                             .absent = absent});
    };
    auto page = count("page", default_page, "page must be an integer >= 1");
    if (!page)
        return std::move(page).refusal();
    auto size = count("size", default_page_size, "size must be an integer >= 1");
    if (!size)
        return std::move(size).refusal();
    // A larger page is clamped, not refused.
    auto const page_size = static_cast<std::uint64_t>(std::min(*size, max_page_size));
    auto const& dir = *t->scene_path;
    if (auto ok = expect(ctx, t->room->scenes, dir, scene_tree::kind::directory, "scenePath"); !ok)
        return std::move(ok).refusal();
    auto const scenes = t->room->scenes.children(dir);
    json::array out;
    // Pages before this one: compared by division, so a huge page number cannot overflow.
    auto const skipped_pages = static_cast<std::uint64_t>(*page - 1);
    if (skipped_pages < (scenes.size() + page_size - 1) / page_size) {
        auto const first = skipped_pages * page_size;
        auto const last = std::min<std::uint64_t>(first + page_size, scenes.size());
        for (auto i = first; i < last; ++i)
            out.push_back(
                pictures_.image_of(ctx, *t->room, *t->owner, scenes[i], t->width, t->height));
    }
    return envelope(std::move(out));
}

} // namespace coverkit::fake::detail
