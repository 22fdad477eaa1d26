#include "state.hpp"

#include <coverkit/scene_path.hpp>

#include <climits>
#include <string>
#include <variant>
#include <vector>

// Scene management (SPEC 3, 5): list a room's scenes, add scenes, switch the current scene.
namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_role;

namespace {

http_response path_list(std::vector<std::string> const& paths)
{
    json::array out;
    for (auto const& p : paths)
        out.push_back(json::string(p));
    return json_response(http::status::ok, out);
}

// A positive integer that fits an `int`, or nothing.
std::optional<int> positive_int(json::value const* v)
{
    auto const n = v ? integer_of(*v) : std::nullopt;
    if (!n || *n < 1 || *n > INT_MAX)
        return std::nullopt;
    return static_cast<int>(*n);
}

/** One element of `scenes` in an add request: `{name, ppt?: {src, width, height}}`. The name is
    non-empty and holds no `/`; the ppt, when present, has a string `src` and positive integer
    sizes. @return The scene, or the 400 message naming what is wrong. */
std::variant<scene, std::string> read_scene(json::value const& v, std::string const& where)
{
    if (!v.is_object())
        return where + " must be an object";
    auto const& o = v.get_object();
    auto const* name = o.if_contains("name");
    if (!name || !name->is_string() || name->get_string().empty() ||
        name->get_string().find('/') != json::string::npos)
        return where + ".name must be a non-empty string without '/'";
    scene s{std::string(name->get_string()), nullptr};
    if (auto const* p = o.if_contains("ppt")) {
        auto const* po = p->if_object();
        auto const* src = po ? po->if_contains("src") : nullptr;
        auto const width = po ? positive_int(po->if_contains("width")) : std::nullopt;
        auto const height = po ? positive_int(po->if_contains("height")) : std::nullopt;
        if (!src || !src->is_string() || !width || !height)
            return where + ".ppt must be {src: string, width and height: positive integers}";
        s.ppt = std::make_shared<fake::ppt const>(
            fake::ppt{std::string(src->get_string()), *width, *height});
    }
    return s;
}

// A required scene path member of the body, normalised; the 400 to answer otherwise.
std::variant<std::string, http_response> required_path(request_context const& ctx,
                                                       std::string_view key)
{
    auto path = scene_path_member(ctx.body, key);
    if (!path)
        return error_response(ctx, http::status::bad_request,
                              "invalid " + std::string(key) + ": not a scene path");
    if (!*path)
        return error_response(ctx, http::status::bad_request, std::string(key) + " is required");
    return std::move(**path);
}

} // namespace

http_response wb_scene_list(server_core& core, request_context& ctx)
{
    room_state* room = nullptr;
    token_access access;
    if (auto fail = check_room_access(core, ctx, token_role::writer, room, access))
        return *fail;
    auto const params = ctx.url->params();
    auto const dir_param = params.find("sceneDir");
    if (dir_param == params.end())
        return path_list(room->scenes.all());
    auto const dir = normalize_scene_path((*dir_param).value);
    if (!dir)
        return error_response(ctx, http::status::bad_request, "invalid sceneDir: not a scene path");
    switch (room->scenes.lookup(*dir)) {
    case scene_tree::kind::scene:
        return error_response(ctx, http::status::bad_request,
                              "sceneDir \"" + *dir + "\" is a scene, not a scene directory");
    case scene_tree::kind::nothing:
        return error_response(ctx, http::status::not_found,
                              "scene directory \"" + *dir + "\" not found");
    case scene_tree::kind::directory:
        break;
    }
    return path_list(room->scenes.children(*dir));
}

http_response wb_add_scenes(server_core& core, request_context& ctx)
{
    room_state* room = nullptr;
    token_access access;
    if (auto fail = check_room_access(core, ctx, token_role::writer, room, access))
        return *fail;
    auto path = required_path(ctx, "path");
    if (auto* fail = std::get_if<http_response>(&path))
        return std::move(*fail);
    auto const& dir = std::get<std::string>(path);
    auto const* list = ctx.body.if_contains("scenes");
    if (!list || !list->is_array())
        return error_response(ctx, http::status::bad_request, "scenes must be an array");
    if (list->get_array().empty())
        return error_response(ctx, http::status::bad_request, "scenes must not be empty");
    std::vector<scene> scenes;
    for (std::size_t i = 0; i < list->get_array().size(); ++i) {
        auto s = read_scene(list->get_array()[i], "scenes[" + std::to_string(i) + "]");
        if (auto const* message = std::get_if<std::string>(&s))
            return error_response(ctx, http::status::bad_request, *message);
        scenes.push_back(std::move(std::get<scene>(s)));
    }
    if (room->scenes.lookup(dir) == scene_tree::kind::scene)
        return error_response(ctx, http::status::bad_request,
                              "path \"" + dir + "\" is a scene, not a scene directory");
    // All or nothing: the scenes go into a copy, which replaces the room's tree only when every
    // one of them fits (no scene on the way, no directory where a scene would go).
    auto tree = room->scenes;
    for (auto& s : scenes) {
        auto const name = s.name;
        if (!tree.add(dir, std::move(s)))
            return error_response(ctx, http::status::bad_request,
                                  "scene \"" + name + "\" cannot be added under \"" + dir +
                                      "\": a scene or scene directory is in the way");
    }
    room->scenes = std::move(tree);
    return json_response(http::status::created, json::object{});
}

http_response wb_switch_scene(server_core& core, request_context& ctx)
{
    room_state* room = nullptr;
    token_access access;
    if (auto fail = check_room_access(core, ctx, token_role::writer, room, access))
        return *fail;
    auto path = required_path(ctx, "scenePath");
    if (auto* fail = std::get_if<http_response>(&path))
        return std::move(*fail);
    auto& target = std::get<std::string>(path);
    switch (room->scenes.lookup(target)) {
    case scene_tree::kind::directory:
        return error_response(ctx, http::status::bad_request,
                              "scenePath \"" + target + "\" is a scene directory, not a scene");
    case scene_tree::kind::nothing:
        return error_response(ctx, http::status::not_found, "scene \"" + target + "\" not found");
    case scene_tree::kind::scene:
        break;
    }
    room->current_scene = target;
    return json_response(http::status::created, {{"currentScenePath", target}});
}

} // namespace coverkit::fake::detail
