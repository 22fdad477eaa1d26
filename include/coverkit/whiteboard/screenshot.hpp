//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_WHITEBOARD_SCREENSHOT_HPP
#define COVERKIT_WHITEBOARD_SCREENSHOT_HPP

#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/text_view.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace coverkit::whiteboard {

/// The smallest width or height of a picture, in pixels (shared with the legacy API).
using coverkit::min_picture_side;
/// The largest width or height of a picture, in pixels (shared with the legacy API).
using coverkit::max_picture_side;

/** What to capture: the body of `screenshots` and `screenshot-list`.

    For `screenshots`, `path` names one scene and defaults (server-side) to `/init`. For
    `screenshot-list`, it names a scene directory and defaults to the directory of the room's
    current scene. Both calls reject a width or height outside 1..8192 and a path that is not a
    valid scene path before any request is sent.

    Like every request type, it holds views (`text_view`, `list_view`) of the caller's text,
    not copies: each call copies what it sends before it returns, so a braced temporary
    passed straight to a call, `co_await`ed or not, is safe (README, "Coroutines").
*/
struct screenshot_request
{
    /// Picture width in pixels, 1..8192.
    int width = 0;
    /// Picture height in pixels, 1..8192.
    int height = 0;
    /// Scene (for `screenshots`) or scene directory (for `screenshot-list`); absent for the
    /// server's default.
    std::optional<text_view> path = std::nullopt;

    friend bool operator==(screenshot_request const&, screenshot_request const&) = default;
};

/** Checks a screenshot request as the client does before sending it.

    @param why Receives every problem found, each naming its field and value, separated by
    `; `.
    @return The first problem's code: `error::invalid_size` for a width or height outside 1..8192,
    `error::invalid_scene_path` for a malformed `path`, else a clear code.
*/
error_code check(screenshot_request const& req, std::string& why);

/// Boost.JSON conversion: writes `{width, height, path?}`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, screenshot_request const& r);

} // namespace coverkit::whiteboard

#include <coverkit/whiteboard/impl/screenshot.hpp>

#endif
