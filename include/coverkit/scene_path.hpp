//
// coverkit — whiteboard scenes and media albums to pictures
//
// Scene paths: their syntax and what they name: docs/contract.md, "Scene paths".
//
#ifndef COVERKIT_SCENE_PATH_HPP
#define COVERKIT_SCENE_PATH_HPP

#include <coverkit/error.hpp>

#include <string>
#include <string_view>

namespace coverkit {

/** Checks a scene path and returns its normal form.

    Scenes and scene directories form a tree rooted at `/`. A valid path starts with `/`, its
    segments are separated by `/` and are non-empty, and one trailing `/` is ignored: `/a/b/`
    normalises to `/a/b`, `/` stays `/`. Whether the path names a scene, a directory or nothing is
    for the server to say.

    @return The path without its trailing `/`, or `error::invalid_scene_path` for an empty path,
    a path not starting with `/`, or an empty segment (`//`, `/a//b`, `/a//`).
*/
result<std::string> normalize_scene_path(std::string_view path);

/** Returns the directory holding a scene path in normal form: `/a/b` → `/a`, `/a` → `/`.

    @pre `path` is a normal-form path other than `/`.
*/
std::string_view scene_directory(std::string_view path) noexcept;

/// Returns the last segment of a normal-form path other than `/`: `/a/b` → `b`.
std::string_view scene_name(std::string_view path) noexcept;

} // namespace coverkit

#include <coverkit/impl/scene_path.hpp>

#endif
