// Screenshots: `POST /v5/rooms/{uuid}/screenshots` (one scene) and `.../screenshot-list` (every
// scene of a directory), and the pictures both put into the object store.

#include "api.hpp"

#include "../core/numbers.hpp"
#include "../services/scene_renderer.hpp"

#include <coverkit/scene_path.hpp>
#include <coverkit/whiteboard/screenshot.hpp>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_role;

json::value screenshot_pictures::image_of(request_context const& ctx, room_state const& room,
                                          app const& owner, std::string_view scene_path, int width,
                                          int height)
{
    auto key = "room_cover/" + owner.team + "/" + room.uuid;
    key += scene_path;
    key += ".png";

    // What the picture will show is decided now; drawing it waits for its first read, so a
    // directory of many scenes answers at once and a later change to a scene changes nothing.
    scene_shot shot{
        room.uuid,    std::string(scene_path), width, height, nullptr, nullptr, base_dir_,
        store_.kept()};
    if (auto const* s = room.scenes.find_scene(scene_path); s && s->ppt) {
        shot.ppt = s->ppt;
        shot.ppt_object = store_.find_by_url(s->ppt->src);
    }
    store_.put(key, std::make_shared<stored_object>(
                        "image/png", [shot = std::move(shot)] { return render_scene(shot); }));

    return {{"url", store_.url_of(ctx.req, key)},
            {"key", key},
            {"bucket", store_.bucket()},
            {"region", store_.region()}};
}

// Everything a screenshot endpoint checks before looking at its path.
struct whiteboard_api::screenshot_target
{
    room_state* room = nullptr;
    app const* owner = nullptr;
    int width = 0;
    int height = 0;
    std::optional<std::string> path; // normalised, when given
};

checked<whiteboard_api::screenshot_target> whiteboard_api::check_screenshot(request_context& ctx)
{
    auto c = check_room(ctx, token_role::writer);
    if (!c)
        return std::move(c).refusal();
    if (!c->access.owner->screenshot_service)
        return ctx.refuse(http::status::forbidden, "service not enable");
    integer_rule side{.min = whiteboard::min_picture_side,
                      .max = whiteboard::max_picture_side,
                      .message = "width must be an integer in 1..8192"};
    auto width = read_integer(ctx, ctx.body.if_contains("width"), side);
    if (!width)
        return std::move(width).refusal();
    side.message = "height must be an integer in 1..8192";
    auto height = read_integer(ctx, ctx.body.if_contains("height"), side);
    if (!height)
        return std::move(height).refusal();
    auto path = scene_path_member(ctx, ctx.body, "path", "invalid scene path");
    if (!path)
        return std::move(path).refusal();
    return screenshot_target{c->room, c->access.owner, static_cast<int>(*width),
                             static_cast<int>(*height), std::move(*path)};
}

http_response whiteboard_api::screenshots(request_context& ctx)
{
    auto t = check_screenshot(ctx);
    if (!t)
        return std::move(t).refusal();
    auto const path = t->path.value_or("/init");
    if (auto ok = expect(ctx, t->room->scenes, path, scene_tree::kind::scene, "path"); !ok)
        return std::move(ok).refusal();
    return json_response(http::status::created,
                         pictures_.image_of(ctx, *t->room, *t->owner, path, t->width, t->height));
}

http_response whiteboard_api::screenshot_list(request_context& ctx)
{
    auto t = check_screenshot(ctx);
    if (!t)
        return std::move(t).refusal();
    auto const& current = t->room->current_scene;
    auto const dir =
        t->path.value_or(current.empty() ? "/" : std::string(scene_directory(current)));
    if (auto ok = expect(ctx, t->room->scenes, dir, scene_tree::kind::directory, "path"); !ok)
        return std::move(ok).refusal();
    json::array out;
    for (auto const& scene : t->room->scenes.children(dir))
        out.push_back(pictures_.image_of(ctx, *t->room, *t->owner, scene, t->width, t->height));
    return json_response(http::status::created, out);
}

} // namespace coverkit::fake::detail
