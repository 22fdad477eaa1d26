#ifndef COVERKIT_FAKE_SRC_WHITEBOARD_ROOMS_HPP
#define COVERKIT_FAKE_SRC_WHITEBOARD_ROOMS_HPP

// The rooms of the whiteboard service and their scenes. The v5 API owns them; the legacy cover
// API reads them (it is the same service behind another API).

#include "../core/request.hpp"
#include "scene_tree.hpp"

#include <coverkit/fake/fixture.hpp>
#include <coverkit/whiteboard/region.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake::detail {

/// A room as the fake holds it while serving.
struct room_state
{
    std::string uuid;
    std::string ak;
    whiteboard::region region = whiteboard::region::cn_hz;
    scene_tree scenes;
    std::string current_scene;
    std::optional<std::string> name;
    bool is_record = false;
    bool is_ban = false;
    int limit = 0;
    std::int64_t created_at_ms = 0;
};

/// The rooms of every app, by uuid.
class room_directory
{
public:
    /// The fixture's rooms, created at `created_at_ms`.
    void reset(std::vector<room_spec> const& rooms, std::int64_t created_at_ms);

    /** The room `uuid` of the app `ak`, in `region` when one is given; null for a room that does
        not exist, or is another app's or in another region (all answered as absent). */
    room_state* find(std::string_view uuid, std::string_view ak,
                     std::optional<whiteboard::region> region = std::nullopt);

    /// Adds `room` under a new uuid (32 lowercase hex characters no room has yet).
    room_state& add(room_state room);

    /// Up to `limit` rooms of app `ak` in `region`, by uuid in byte order, strictly after `after`.
    std::vector<room_state const*> list(std::string_view ak, whiteboard::region region,
                                        std::string_view after, std::size_t limit) const;

private:
    std::map<std::string, room_state, std::less<>> rooms_;
};

/// A scene path member of `body` in normal form: nothing when absent; 400 with `message` when it
/// is not a string or not a valid scene path.
checked<std::optional<std::string>> scene_path_member(request_context const& ctx,
                                                      boost::json::object const& body,
                                                      std::string_view key,
                                                      std::string_view message);

/** Checks that `path` names a `wanted` (a scene or a scene directory) of `tree`: 404 `scene
    "{path}" not found` (or `scene directory ...`) for nothing, 400 `{what} "{path}" is a scene
    directory, not a scene` (or the other way round) for the other kind. `what` names the field
    the path came from. */
checked<> expect(request_context const& ctx, scene_tree const& tree, std::string const& path,
                 scene_tree::kind wanted, std::string_view what);

} // namespace coverkit::fake::detail

#endif
