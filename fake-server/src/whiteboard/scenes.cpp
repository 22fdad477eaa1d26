// Scenes: list a room's scenes, add scenes, switch the current scene.

#include "api.hpp"

#include "../core/numbers.hpp"

#include <coverkit/scene_path.hpp>

#include <climits>
#include <string>
#include <vector>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_role;

namespace {

/// The most scenes one `POST .../scenes` may add.
constexpr std::size_t max_scenes_per_request = 10'000;

http_response path_list(std::vector<std::string> const& paths)
{
    json::array out;
    for (auto const& p : paths)
        out.push_back(json::string(p));
    return json_response(http::status::ok, out);
}

/** One element of `scenes` in an add request: `{name, ppt?: {src, width, height}}`. The name is
    non-empty and holds no `/`; the ppt, when present, has a string `src` and positive integer
    sizes. A 400 names what is wrong, `where` being the element ("scenes[2]"). */
checked<scene> read_scene(request_context const& ctx, json::value const& v,
                          std::string const& where)
{
    if (!v.is_object())
        return ctx.refuse(http::status::bad_request, where + " must be an object");
    auto const& o = v.get_object();
    auto const* name = o.if_contains("name");
    if (!name || !name->is_string() || name->get_string().empty() ||
        name->get_string().find('/') != json::string::npos)
        return ctx.refuse(http::status::bad_request,
                          where + ".name must be a non-empty string without '/'");
    scene s{std::string(name->get_string()), nullptr};
    if (auto const* p = o.if_contains("ppt")) {
        auto const message =
            where + ".ppt must be {src: string, width and height: positive integers}";
        auto const* po = p->if_object();
        auto const* src = po ? po->if_contains("src") : nullptr;
        if (!src || !src->is_string())
            return ctx.refuse(http::status::bad_request, message);
        integer_rule const side{.min = 1, .max = INT_MAX, .message = message};
        auto width = read_integer(ctx, po->if_contains("width"), side);
        if (!width)
            return std::move(width).refusal();
        auto height = read_integer(ctx, po->if_contains("height"), side);
        if (!height)
            return std::move(height).refusal();
        s.ppt = std::make_shared<fake::ppt const>(fake::ppt{
            std::string(src->get_string()), static_cast<int>(*width), static_cast<int>(*height)});
    }
    return s;
}

// A required scene path member of the body, normalised.
checked<std::string> required_path(request_context const& ctx, std::string_view key)
{
    auto path =
        scene_path_member(ctx, ctx.body, key, "invalid " + std::string(key) + ": not a scene path");
    if (!path)
        return std::move(path).refusal();
    if (!*path)
        return ctx.refuse(http::status::bad_request, std::string(key) + " is required");
    return std::move(**path);
}

} // namespace

http_response whiteboard_api::scene_list(request_context& ctx)
{
    auto c = check_room(ctx, token_role::writer);
    if (!c)
        return std::move(c).refusal();
    auto const& scenes = c->room->scenes;
    auto const dir_param = ctx.query("sceneDir");
    if (!dir_param)
        return path_list(scenes.all());
    auto const dir = normalize_scene_path(*dir_param);
    if (!dir)
        return ctx.refuse(http::status::bad_request, "invalid sceneDir: not a scene path");
    if (auto ok = expect(ctx, scenes, *dir, scene_tree::kind::directory, "sceneDir"); !ok)
        return std::move(ok).refusal();
    return path_list(scenes.children(*dir));
}

http_response whiteboard_api::add_scenes(request_context& ctx)
{
    auto c = check_room(ctx, token_role::writer);
    if (!c)
        return std::move(c).refusal();
    auto dir = required_path(ctx, "path");
    if (!dir)
        return std::move(dir).refusal();
    auto const* list = ctx.body.if_contains("scenes");
    if (!list || !list->is_array())
        return ctx.refuse(http::status::bad_request, "scenes must be an array");
    if (list->get_array().empty())
        return ctx.refuse(http::status::bad_request, "scenes must not be empty");
    auto const& items = list->get_array();
    if (items.size() > max_scenes_per_request)
        return ctx.refuse(http::status::bad_request, "scenes: at most " +
                                                         std::to_string(max_scenes_per_request) +
                                                         " scenes per request");
    std::vector<scene> scenes;
    scenes.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto s = read_scene(ctx, items[i], "scenes[" + std::to_string(i) + "]");
        if (!s)
            return std::move(s).refusal();
        scenes.push_back(std::move(*s));
    }
    auto& room = *c->room;
    if (room.scenes.lookup(*dir) == scene_tree::kind::scene)
        return ctx.refuse(http::status::bad_request,
                          "path \"" + *dir + "\" is a scene, not a scene directory");
    // All or nothing.
    if (auto why = room.scenes.add_all(*dir, std::move(scenes))) {
        // Refused: `scenes` is as it was.
        auto const& name = scenes[why->second].name;
        switch (why->first) {
        case scene_tree::refusal::in_the_way:
            break;
        case scene_tree::refusal::too_long:
            return ctx.refuse(http::status::bad_request,
                              "scene \"" + name + "\" under \"" + *dir +
                                  "\": scene paths are at most " +
                                  std::to_string(scene_tree::max_path_bytes) + " bytes");
        case scene_tree::refusal::too_deep:
            return ctx.refuse(http::status::bad_request, "scene \"" + name + "\" under \"" + *dir +
                                                             "\": scene paths are at most " +
                                                             std::to_string(scene_tree::max_depth) +
                                                             " levels deep");
        case scene_tree::refusal::too_many:
            return ctx.refuse(http::status::bad_request,
                              "a room holds at most " + std::to_string(scene_tree::max_scenes) +
                                  " scenes");
        }
        return ctx.refuse(http::status::bad_request,
                          "scene \"" + name + "\" cannot be added under \"" + *dir +
                              "\": a scene or scene directory is in the way");
    }
    return json_response(http::status::created, json::object{});
}

http_response whiteboard_api::switch_scene(request_context& ctx)
{
    auto c = check_room(ctx, token_role::writer);
    if (!c)
        return std::move(c).refusal();
    auto target = required_path(ctx, "scenePath");
    if (!target)
        return std::move(target).refusal();
    if (auto ok = expect(ctx, c->room->scenes, *target, scene_tree::kind::scene, "scenePath"); !ok)
        return std::move(ok).refusal();
    c->room->current_scene = *target;
    return json_response(http::status::created, {{"currentScenePath", *target}});
}

} // namespace coverkit::fake::detail
