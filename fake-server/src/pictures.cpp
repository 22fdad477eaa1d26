#include "state.hpp"

#include <coverkit/scene_path.hpp>
#include <coverkit/whiteboard/screenshot.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cmath>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// The old string forms of a size, "240" and "240px": decimal digits, an optional "px".
std::optional<double> legacy_side(std::string_view s)
{
    if (s.ends_with("px"))
        s.remove_suffix(2);
    if (s.empty())
        return std::nullopt;
    // Saturates above the range, so any number of digits (leading zeros too) reads alike.
    double d = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        d = std::min(d * 10 + (c - '0'), 1e9);
    }
    return d;
}

} // namespace

std::optional<int> picture_side(json::object const& body, std::string_view key, side_forms forms)
{
    auto const* v = body.if_contains(key);
    if (!v)
        return std::nullopt;
    std::optional<double> d;
    if (v->is_int64())
        d = static_cast<double>(v->get_int64());
    else if (v->is_uint64())
        d = static_cast<double>(v->get_uint64());
    else if (v->is_double())
        d = v->get_double();
    else if (v->is_string() && forms == side_forms::number_or_string)
        d = legacy_side(v->get_string());
    if (!d || *d != std::floor(*d) || *d < whiteboard::min_picture_side ||
        *d > whiteboard::max_picture_side)
        return std::nullopt;
    return static_cast<int>(*d);
}

result<std::optional<std::string>> scene_path_member(json::object const& body, std::string_view key)
{
    auto const* p = body.if_contains(key);
    if (!p)
        return std::optional<std::string>();
    if (!p->is_string())
        return error_code(error::invalid_scene_path);
    auto normal = normalize_scene_path(p->get_string());
    if (!normal)
        return normal.error();
    return std::optional<std::string>(std::move(*normal));
}

json::value image_of(server_core& core, request_context const& ctx, room_state const& room,
                     app const& owner, std::string_view scene_path, int width, int height)
{
    auto key = "room_cover/" + owner.team + "/" + room.uuid;
    key += scene_path;
    key += ".png";

    // What the picture will show is decided now; drawing it waits for its first read, so a
    // directory of many scenes answers at once and a later change to a scene changes nothing.
    scene_shot shot{room.uuid, std::string(scene_path), width, height, nullptr,
                    nullptr,   core.fix.base_dir};
    if (auto const* s = room.scenes.find_scene(scene_path); s && s->ppt) {
        shot.ppt = s->ppt;
        shot.ppt_object = find_object(core, s->ppt->src);
    }
    core.st.objects[core.fix.storage.bucket + "/" + key] = std::make_shared<stored_object>(
        "image/png", [shot = std::move(shot)] { return render_scene(shot); });

    return {{"url", object_url(core, ctx, key)},
            {"key", key},
            {"bucket", core.fix.storage.bucket},
            {"region", core.fix.storage.region}};
}

} // namespace coverkit::fake::detail
