//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_LEGACY_SNAPSHOT_HPP
#define COVERKIT_LEGACY_SNAPSHOT_HPP

#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/text_view.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace coverkit::legacy {

/// The page size the service uses when a `snapshots` request names none.
inline constexpr int default_page_size = 5;
/// The largest page the service returns; a larger `size` is clamped to it.
inline constexpr int max_page_size = 10;

/** What `single-snapshot` captures: one scene of a room.

    On the wire it is the body `{width, height, uuid, scenePath?}`; the client adds `uuid`.

    Like every request type, it holds views (`text_view`, `list_view`) of the caller's text,
    not copies: each call copies what it sends before it returns, so a braced temporary
    passed straight to a call, `co_await`ed or not, is safe (README, "Coroutines").
*/
struct single_snapshot_request
{
    /// Picture width in pixels, 1..8192.
    int width = 0;
    /// Picture height in pixels, 1..8192.
    int height = 0;
    /// The scene; absent for the room's current scene.
    std::optional<text_view> scene_path = std::nullopt;

    friend bool operator==(single_snapshot_request const&,
                           single_snapshot_request const&) = default;
};

/** What `snapshots` captures: one page of the scenes directly inside a scene directory.

    On the wire it is the body `{width, height, uuid, scenePath, page?, size?}`; the client adds
    `uuid`. Only the scenes directly inside `scene_path` are listed, in the directory's order;
    scenes in sub-directories are not.

    Like every request type, it holds views (`text_view`, `list_view`) of the caller's text,
    not copies: each call copies what it sends before it returns, so a braced temporary
    passed straight to a call, `co_await`ed or not, is safe (README, "Coroutines").
*/
struct snapshots_request
{
    /// Picture width in pixels, 1..8192.
    int width = 0;
    /// Picture height in pixels, 1..8192.
    int height = 0;
    /// The scene directory, e.g. `/` or `/physics`. Required.
    text_view scene_path;
    /// The page, from 1; absent for the service's default, 1.
    std::optional<int> page = std::nullopt;
    /// Scenes per page, from 1; absent for the service's default (`default_page_size`). The
    /// service clamps a size above `max_page_size` to it.
    std::optional<int> size = std::nullopt;

    friend bool operator==(snapshots_request const&, snapshots_request const&) = default;
};

/** Checks a `single-snapshot` request as the client does before sending it.

    @param why Receives every problem found, each naming its field and value, separated by
    `; `; the code returned is the first one's.
    @return `error::invalid_size` for a width or height outside 1..8192,
    `error::invalid_scene_path` for a malformed `scene_path`, else a clear code.
*/
error_code check(single_snapshot_request const& req, std::string& why);

/** Checks a `snapshots` request as the client does before sending it.

    @param why Receives every problem found, each naming its field and value, separated by
    `; `; the code returned is the first one's.
    @return `error::invalid_size` for a width or height outside 1..8192,
    `error::invalid_scene_path` for a missing or malformed `scene_path`,
    `error::invalid_argument` for a `page` or `size` below 1, else a clear code.
*/
error_code check(snapshots_request const& req, std::string& why);

/// Boost.JSON conversion: writes `{width, height, scenePath?}`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                single_snapshot_request const& r);

/// Boost.JSON conversion: writes `{width, height, scenePath, page?, size?}`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, snapshots_request const& r);

} // namespace coverkit::legacy

#include <coverkit/legacy/impl/snapshot.hpp>

#endif
