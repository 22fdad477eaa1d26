//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_WHITEBOARD_SCENE_HPP
#define COVERKIT_WHITEBOARD_SCENE_HPP

#include <coverkit/error.hpp>
#include <coverkit/list_view.hpp>
#include <coverkit/text_view.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace coverkit::whiteboard {

/// A scene's background picture (`ppt`): typically a converted slide.
struct scene_ppt
{
    /// Where the picture is: a URL the service can read.
    text_view src;
    /// The picture's width in pixels, 1 or more.
    int width = 0;
    /// The picture's height in pixels, 1 or more.
    int height = 0;

    friend bool operator==(scene_ppt const&, scene_ppt const&) = default;
};

/// One scene to add: its name (the last segment of its path) and optional background. Like
/// the request that lists it, it holds views of the caller's text.
struct scene
{
    /// The scene's name: non-empty, without `/`.
    text_view name;
    /// A background picture, or none for a blank board.
    std::optional<scene_ppt> ppt = std::nullopt;

    friend bool operator==(scene const&, scene const&) = default;
};

/** The body of `POST /v5/rooms/{uuid}/scenes`: scenes added, in order, to one directory.

    Directories on the way are created as needed. A scene whose path already exists is replaced
    in place, keeping its position; `path` itself must not be a scene.

    Like every request type, it holds views (`text_view`, `list_view`) of the caller's text,
    not copies: each call copies what it sends before it returns, so a braced temporary
    passed straight to a call, `co_await`ed or not, is safe (README, "Coroutines").
*/
struct add_scenes_request
{
    /// The scene directory the scenes go into, e.g. `/` or `/physics`.
    text_view path;
    /// The scenes, at least one: a braced list or a `std::vector<scene>`.
    list_view<scene> scenes;

    friend bool operator==(add_scenes_request const&, add_scenes_request const&) = default;
};

/** Checks an addition as the client does before sending it.

    @param why Receives every problem found, each naming its field and value, separated by
    `; `; the code returned is the first one's.
    @return `error::invalid_scene_path` for a malformed `path`; `error::invalid_argument` for no
    scenes, an empty name or one containing `/`, or a `ppt` with an empty `src` or a width or
    height below 1; else a clear code.
*/
error_code check(add_scenes_request const& req, std::string& why);

/// Boost.JSON conversion: writes `{name, ppt?: {src, width, height}}`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, scene const& s);

/// Boost.JSON conversion: writes `{path, scenes: [...]}`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, add_scenes_request const& r);

} // namespace coverkit::whiteboard

#include <coverkit/whiteboard/impl/scene.hpp>

#endif
