#ifndef COVERKIT_FAKE_SRC_STATE_HPP
#define COVERKIT_FAKE_SRC_STATE_HPP

#include "scene_tree.hpp"

#include <coverkit/fake/server.hpp>
#include <coverkit/whiteboard/region.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/url/url_view.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

/** An object of the fake's store (SPEC 6). Immutable once stored: storing again under the same
    key replaces the object, and whoever holds the old one keeps seeing the old bytes. A
    screenshot's picture is produced on its first read, from what the screenshot captured. */
class stored_object
{
public:
    stored_object(std::string content_type, std::string bytes);
    stored_object(std::string content_type, std::function<std::string()> produce);

    std::string const& content_type() const noexcept { return content_type_; }

    /// The object's bytes: produced on the first call (once, whichever thread asks first).
    std::string const& bytes();

private:
    std::string content_type_;
    std::function<std::string()> produce_;
    std::once_flag once_;
    std::string bytes_;
};
using object_ptr = std::shared_ptr<stored_object>;

/// What a screenshot shows, captured when it is requested (SPEC 6).
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
};

/** The PNG of a screenshot: `shot.width` × `shot.height`, showing its background fitted inside
    the frame on white when the fake can read it, else a white board with a mark of the room and
    scene (a coloured band with the scene path). The same shot always gives the same bytes. */
std::string render_scene(scene_shot const& shot);

/// An SMH access token the fake has issued (SPEC 7).
struct smh_token
{
    std::string library;
    std::optional<std::string> space; // nothing: every space of the library
    std::int64_t expires_at_ms = 0;
};

/** The bytes a fixture names: a `data:` URL's, or those of a file relative to `base_dir`
    (nothing for an absolute path, one leaving that folder, or one that cannot be read). */
std::optional<std::string> fixture_source_bytes(std::filesystem::path const& base_dir,
                                                std::string_view src);

/// Everything a reset restores.
struct state
{
    std::map<std::string, app, std::less<>> apps;             // by ak
    std::map<std::string, room_state, std::less<>> rooms;     // by uuid
    std::map<std::string, object_ptr, std::less<>> objects;   // by "{bucket}/{key}"
    std::map<std::string, smh_token, std::less<>> smh_tokens; // by token
};

/// Which API family a route belongs to: decides how its errors are worded.
enum class family
{
    whiteboard,
    legacy,
    smh,
    storage,
    control
};

/// One request being answered.
struct request_context
{
    http_request const& req;
    std::optional<boost::urls::url_view> url; // the parsed target, once dispatch has read it
    std::vector<std::string> segments;        // decoded path segments
    std::string request_id;
    family fam = family::whiteboard;
    boost::json::object body; // the parsed body, for methods that carry one
    /// Set by a handler whose answer takes long to produce (a picture read for the first time):
    /// called after the handler returns, with the core's mutex released, to make the answer.
    std::function<http_response()> deferred;
};

struct server_core;

/// A handler of one route; called with the core's mutex held.
using route_handler = http_response (*)(server_core&, request_context&);

/// The shared state behind every copy of a `server`.
struct server_core
{
    fixture fix;
    server_options options;
    mutable std::mutex mutex;
    state st;
    std::optional<std::int64_t> fixed_clock_ms;
    std::vector<journal_entry> journal;
    std::uint64_t request_count = 0;
    std::string request_id_prefix;

    /// Hashes `std::string` and `std::string_view` alike, for lookups without a copy.
    struct string_hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept
        {
            return std::hash<std::string_view>{}(s);
        }
    };

    /** Tokens whose signature has been checked, and their claims. The apps never change while
        the fake runs, so a token that verified once verifies again: only its expiry is checked
        anew (SPEC 2). Bounded; emptied by `load()`. */
    std::unordered_map<std::string, whiteboard::token_claims, string_hash, std::equal_to<>>
        verified_tokens;
    static constexpr std::size_t max_verified_tokens = 4096;

    std::int64_t now_ms() const;
    void load(); // st from fix

    /// The path segments the store is served under: those of the public base, `storage` by
    /// default. Set with `options`, by `set_storage_prefix`.
    std::vector<std::string> storage_prefix;
    void set_storage_prefix();
};

// ---- responses ----

/// A JSON response with `status` and `body`.
http_response json_response(boost::beast::http::status status, boost::json::value const& body);

/// An error response worded as the request's family words its errors; `code` is the SMH code.
http_response error_response(request_context const& ctx, boost::beast::http::status status,
                             std::string_view message, std::string_view code = {});

// ---- whiteboard tokens ----

/// Who a valid whiteboard token speaks for.
struct token_access
{
    whiteboard::token_claims claims;
    app const* owner = nullptr;
};

/** Verifies a whiteboard token's form, signature and expiry: 401 on failure.
    @return The failure to answer, or nothing with `out` filled. */
std::optional<http_response> authenticate(server_core& core, request_context const& ctx,
                                          std::string_view token, token_access& out);

/** Checks that a verified token may do an operation needing `needed` on `room_uuid` (empty for
    team-level operations): 403 for a TASK token, a ROOM token of another room (or on a
    team-level operation), or a lower role. */
std::optional<http_response> authorize(request_context const& ctx, token_access const& access,
                                       whiteboard::token_role needed, std::string_view room_uuid);

/** Checks a whiteboard token for an operation needing `needed`, on `room_uuid` (empty for
    team-level operations): 401 for a malformed, wrongly signed or expired token, 403 for a TASK
    token, a ROOM token of another room (or on a team-level operation), or a lower role.
    @return The failure to answer, or nothing with `out` filled. */
std::optional<http_response> check_token(server_core& core, request_context const& ctx,
                                         std::string_view token, whiteboard::token_role needed,
                                         std::string_view room_uuid, token_access& out);

// ---- whiteboard v5 access (SPEC 2, 3) ----

/// The region a request addresses: its `region` header, `cn-hz` without one; nothing for an
/// unknown value.
std::optional<whiteboard::region> request_region(http_request const& req);

/** The checks every token-carrying v5 call starts with: the `region` header (400), then the
    token as `check_token` checks it for `needed` on `room_uuid` (401, 403).
    @return The failure to answer, or nothing with `region` and `out` filled. */
std::optional<http_response> check_region_and_token(server_core& core, request_context const& ctx,
                                                    whiteboard::token_role needed,
                                                    std::string_view room_uuid,
                                                    whiteboard::region& region, token_access& out);

/// The room `uuid` of the token's app in `region`, or null (the 404 of SPEC 3).
room_state* find_room(server_core& core, token_access const& access, whiteboard::region region,
                      std::string_view uuid);

/** The checks of a call on `/v5/rooms/{uuid}/...` (the uuid is the third path segment):
    `check_region_and_token` for `needed` on that room, then the room itself (404).
    @return The failure to answer, or nothing with `room` and `access` filled. */
std::optional<http_response> check_room_access(server_core& core, request_context const& ctx,
                                               whiteboard::token_role needed, room_state*& room,
                                               token_access& access);

/// An integral JSON number (an integer, or a double with an integral value below 2^53 in
/// magnitude) as a signed 64-bit integer; nothing for anything else.
std::optional<std::int64_t> integer_of(boost::json::value const& v);

// ---- pictures (SPEC 6) ----

/// How a request may write a picture's width or height.
enum class side_forms
{
    number,           ///< a JSON number with an integral value (v5)
    number_or_string, ///< that, or the old strings "240" and "240px" (legacy cover API)
};

/// A width or height member of `body` in 1..8192, or nothing when it is absent, out of range,
/// fractional or of another form.
std::optional<int> picture_side(boost::json::object const& body, std::string_view key,
                                side_forms forms);

/// A scene path member of `body` in normal form: nothing when absent, an error when it is not a
/// string or not a valid scene path (SPEC 5).
result<std::optional<std::string>> scene_path_member(boost::json::object const& body,
                                                     std::string_view key);

/** The image object of a `width` × `height` screenshot of `scene_path` in `room` (SPEC 6).
    Stores the picture under its key, to be drawn on its first read as the scene is now. */
boost::json::value image_of(server_core& core, request_context const& ctx, room_state const& room,
                            app const& owner, std::string_view scene_path, int width, int height);

// ---- the object store (SPEC 6) ----

/// The URL of `key` in the store: `{public base}/{bucket}/{key}`, each key segment encoded.
std::string object_url(server_core const& core, request_context const& ctx, std::string_view key);

/// The object a URL or path names in the store (its path under the store's prefix), or null.
object_ptr find_object(server_core const& core, std::string_view url);

/** Answers `GET`/`HEAD`/`PUT` on `{prefix}/{bucket}/{key}` when `ctx.segments` is such a path.
    @return Nothing when the path is not under the store. */
std::optional<http_response> handle_storage(server_core& core, request_context& ctx);

// ---- whiteboard v5 ----

http_response wb_team_token(server_core&, request_context&); // tokens.cpp
http_response wb_room_token(server_core&, request_context&);
http_response wb_task_token(server_core&, request_context&);
http_response wb_create_room(server_core&, request_context&); // rooms.cpp
http_response wb_list_rooms(server_core&, request_context&);
http_response wb_room_info(server_core&, request_context&);
http_response wb_ban_room(server_core&, request_context&);
http_response wb_scene_list(server_core&, request_context&); // scenes.cpp
http_response wb_add_scenes(server_core&, request_context&);
http_response wb_switch_scene(server_core&, request_context&);
http_response wb_screenshots(server_core&, request_context&); // whiteboard.cpp
http_response wb_screenshot_list(server_core&, request_context&);

// ---- legacy cover API ----

http_response legacy_single_snapshot(server_core&, request_context&);
http_response legacy_snapshots(server_core&, request_context&);

// ---- Tencent SMH (SPEC 7) ----

http_response smh_album_cover(server_core&, request_context&); // smh.cpp
http_response smh_access_token(server_core&, request_context&);

} // namespace coverkit::fake::detail

#endif
