#ifndef COVERKIT_FAKE_SRC_WHITEBOARD_SCREENSHOT_PICTURES_HPP
#define COVERKIT_FAKE_SRC_WHITEBOARD_SCREENSHOT_PICTURES_HPP

#include "../core/request.hpp"
#include "../services/object_store.hpp"
#include "rooms.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <string_view>

namespace coverkit::fake::detail {

/** Screenshots into the object store, for the v5 screenshot endpoints and the legacy cover API:
    a picture stored under `room_cover/{team}/{room}{scene path}.png`, drawn on its first read
    as the scene was when the screenshot was asked for. */
class screenshot_pictures
{
public:
    screenshot_pictures(object_store& store, std::filesystem::path base_dir)
        : store_(store), base_dir_(std::move(base_dir))
    {}

    /// Stores the `width` × `height` picture of `scene_path` of `room` and returns its image
    /// object: `{url, key, bucket, region}`.
    boost::json::value image_of(request_context const& ctx, room_state const& room,
                                app const& owner, std::string_view scene_path, int width,
                                int height);

private:
    object_store& store_;
    std::filesystem::path base_dir_;
};

} // namespace coverkit::fake::detail

#endif
