#ifndef COVERKIT_FAKE_SRC_SERVICES_SCENE_RENDERER_HPP
#define COVERKIT_FAKE_SRC_SERVICES_SCENE_RENDERER_HPP

#include "object_store.hpp"

#include <coverkit/fake/fixture.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace coverkit::fake::detail {

/// What a screenshot shows, captured when it is requested.
struct scene_shot
{
    std::string room_uuid;
    std::string scene_path;
    int width = 0;
    int height = 0;
    std::shared_ptr<fake::ppt const> ppt;
    /// When the background's `src` names an object of the store: that object, as it was.
    object_ptr ppt_object;
    /// The fixture's folder, for a background `src` relative to it.
    std::filesystem::path base_dir;
    /// Where a background's picture, fitted to this size, is kept between shots (the store's).
    kept_pictures kept;
};

/** The PNG of a screenshot: `shot.width` × `shot.height`, showing its background fitted inside
    the frame on white when the fake can read it, else a white board with a mark of the room and
    scene (a coloured band with the scene path). The same shot always gives the same bytes; a
    background's is taken from `shot.kept` when it is there, and kept there when drawn. */
std::string render_scene(scene_shot const& shot);

} // namespace coverkit::fake::detail

#endif
