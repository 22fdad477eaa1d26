//
// coverkit — whiteboard scenes and media albums to pictures
//
// The whiteboard v5 API: endpoints, answers and errors: docs/contract.md, "Whiteboard v5
// API".
//
#ifndef COVERKIT_WHITEBOARD_CLIENT_HPP
#define COVERKIT_WHITEBOARD_CLIENT_HPP

#include <coverkit/detail/call.hpp>
#include <coverkit/detail/client_base.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/transport.hpp>
#include <coverkit/whiteboard/region.hpp>
#include <coverkit/whiteboard/room.hpp>
#include <coverkit/whiteboard/scene.hpp>
#include <coverkit/whiteboard/screenshot.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::whiteboard {

template <transport Transport>
class room_pager;

/// Where and as whom a whiteboard client talks.
struct client_options
{
    /// The service's base URL; paths such as `/v5/rooms/…` are appended to it.
    std::string base_url = "https://api.netless.link";
    /// The `token` header: an SDK token, or a ROOM token of the room addressed.
    std::string token = {};
    /// The `region` header; when absent none is sent and the service uses `cn-hz`.
    std::optional<whiteboard::region> region = std::nullopt;
    /// The largest answer body a call reads; a larger one fails with
    /// `error::response_too_large` before it is read whole.
    std::size_t max_response_bytes = default_max_response_bytes;
};

/** A client of the Agora/Netless whiteboard v5 REST API: tokens, rooms, scenes and
    screenshots.

    Every call comes in five forms: throwing (`api_error`), with `error_code&`, with
    `error_code&` and `error_details&`, and asynchronous with or without `error_details&`. The
    asynchronous forms take a completion token (callbacks, `use_future`, `use_awaitable`,
    `deferred`); their completion signature is `void(error_code, R)` where `R` is the blocking
    form's return type (`void(error_code)` when it returns nothing), and the `error_details`
    given are filled before the handler runs. With `use_awaitable` or `use_future`, and with any
    token adapted by `as_api_error`, the completion is `void(std::exception_ptr, R)` instead and a
    failure is the `api_error` the throwing form throws. Request types are views of the caller's
    data, copied by the call before it returns: braced temporaries are safe arguments, awaited
    or not.

    Input is checked before anything is sent: an empty room uuid, a width or height outside
    1..8192 or a malformed scene path fail with `error::empty_room_uuid`, `error::invalid_size`
    or `error::invalid_scene_path`; other arguments out of their documented range (a negative
    lifespan, a `limit` outside 1..1000, a scene name with `/`) with `error::invalid_argument`.
    The details say why.

    @tparam Transport A model of `coverkit::transport`, held by value.

    @par Thread safety
    Distinct objects: safe. Shared objects: calls may run concurrently when the transport allows
    it; changing the options (`set_token`) while calls are in flight is not safe. The client
    must outlive its pending asynchronous calls.
*/
template <transport Transport>
class client : public coverkit::detail::client_base<Transport, client_options>
{
    using base_type = coverkit::detail::client_base<Transport, client_options>;
    using base_type::base_;
    using base_type::options_;
    using base_type::transport_;

public:
    /// Constructs a client; a base URL that is not absolute `http`/`https` makes every call
    /// fail with `error::invalid_base_url`.
    explicit client(Transport transport, client_options options = {})
        : base_type(std::move(transport), std::move(options))
    {}

    /// Replaces the `token` header sent from now on.
    void set_token(std::string token) { options_.token = std::move(token); }

    /** Screenshots one scene: `POST /v5/rooms/{uuid}/screenshots`; success is `201 Created`.

        The service renders the scene as a PNG of `req.width` × `req.height`, stores it, and
        answers with where it is. Needs a writer or admin token. Safe to retry: the picture of
        the same scene is overwritten at the same key.

        @param room_uuid The room; sent percent-encoded as one path segment.
        @param req Size and scene path (default `/init`).
        @return The stored picture.
        @throws api_error `bad_request` (size, a path naming a directory), `unauthorized`,
        `forbidden` (role, room, service switched off), `not_found` (room, region, scene).
    */
    image screenshot(std::string_view room_uuid, screenshot_request const& req);
    /// Screenshots one scene; sets `ec` on failure.
    image screenshot(std::string_view room_uuid, screenshot_request const& req, error_code& ec);
    /// Screenshots one scene; sets `ec` and `details` on failure.
    image screenshot(std::string_view room_uuid, screenshot_request const& req, error_code& ec,
                     error_details& details);
    /// Screenshots one scene asynchronously; completion `void(error_code, image)`.
    template <class CompletionToken>
    auto async_screenshot(std::string_view room_uuid, screenshot_request const& req,
                          CompletionToken&& token);
    /// Screenshots one scene asynchronously, filling `details`; completion
    /// `void(error_code, image)`. `details` must live until completion.
    template <class CompletionToken>
    auto async_screenshot(std::string_view room_uuid, screenshot_request const& req,
                          error_details& details, CompletionToken&& token);

    /** Screenshots the scenes of one directory: `POST /v5/rooms/{uuid}/screenshot-list`;
        success is `201 Created`.

        One picture per scene directly inside the directory, in the directory's order; scenes
        in sub-directories are not included, and a directory without direct scenes gives an
        empty list. Needs a writer or admin token. Safe to retry.

        @param room_uuid The room; sent percent-encoded as one path segment.
        @param req Size and scene directory (default: the directory of the current scene).
        @throws api_error `bad_request` (size, a path naming a scene), `unauthorized`,
        `forbidden`, `not_found` (room, region, directory).
    */
    std::vector<image> screenshot_list(std::string_view room_uuid, screenshot_request const& req);
    /// Screenshots a directory; sets `ec` on failure.
    std::vector<image> screenshot_list(std::string_view room_uuid, screenshot_request const& req,
                                       error_code& ec);
    /// Screenshots a directory; sets `ec` and `details` on failure.
    std::vector<image> screenshot_list(std::string_view room_uuid, screenshot_request const& req,
                                       error_code& ec, error_details& details);
    /// Screenshots a directory asynchronously; completion `void(error_code, std::vector<image>)`.
    template <class CompletionToken>
    auto async_screenshot_list(std::string_view room_uuid, screenshot_request const& req,
                               CompletionToken&& token);
    /// Screenshots a directory asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_screenshot_list(std::string_view room_uuid, screenshot_request const& req,
                               error_details& details, CompletionToken&& token);

    // ---- tokens, from the service (`token_generator` makes the same tokens locally) ----

    /** Asks the service for an SDK token: `POST /v5/tokens/teams`; success is `201 Created`.

        Sends no `token` header: the app's access key and secret key authenticate the call.
        Not safe to retry blindly only in that each call makes a new token; any of them works.

        @param access_key The app's access key (`ak`).
        @param secret_access_key The app's secret key; sent in the body over the transport,
        never put into an error or a log.
        @param role The role the token grants.
        @param lifespan How long the token lives; zero for a token that never expires.
        @return The token, `NETLESSSDK_…`.
        @throws api_error `bad_request` (role, lifespan), `unauthorized` (unknown key pair).
    */
    std::string create_team_token(std::string_view access_key, std::string_view secret_access_key,
                                  token_role role, std::chrono::milliseconds lifespan);
    /// Asks for an SDK token; sets `ec` on failure.
    std::string create_team_token(std::string_view access_key, std::string_view secret_access_key,
                                  token_role role, std::chrono::milliseconds lifespan,
                                  error_code& ec);
    /// Asks for an SDK token; sets `ec` and `details` on failure.
    std::string create_team_token(std::string_view access_key, std::string_view secret_access_key,
                                  token_role role, std::chrono::milliseconds lifespan,
                                  error_code& ec, error_details& details);
    /// Asks for an SDK token asynchronously; completion `void(error_code, std::string)`.
    template <class CompletionToken>
    auto async_create_team_token(std::string_view access_key, std::string_view secret_access_key,
                                 token_role role, std::chrono::milliseconds lifespan,
                                 CompletionToken&& token);
    /// Asks for an SDK token asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_create_team_token(std::string_view access_key, std::string_view secret_access_key,
                                 token_role role, std::chrono::milliseconds lifespan,
                                 error_details& details, CompletionToken&& token);

    /** Asks the service for a ROOM token: `POST /v5/tokens/rooms/{uuid}`; success is
        `201 Created`.

        Needs an SDK token (any role) whose role is at least `role`. Each call makes a new
        token; any of them works.

        @return The token, `NETLESSROOM_…`, for `room_uuid`.
        @throws api_error `bad_request`, `unauthorized`, `forbidden` (a ROOM or TASK token, or a
        role above the caller's), `not_found` (room, region).
    */
    std::string create_room_token(std::string_view room_uuid, token_role role,
                                  std::chrono::milliseconds lifespan);
    /// Asks for a ROOM token; sets `ec` on failure.
    std::string create_room_token(std::string_view room_uuid, token_role role,
                                  std::chrono::milliseconds lifespan, error_code& ec);
    /// Asks for a ROOM token; sets `ec` and `details` on failure.
    std::string create_room_token(std::string_view room_uuid, token_role role,
                                  std::chrono::milliseconds lifespan, error_code& ec,
                                  error_details& details);
    /// Asks for a ROOM token asynchronously; completion `void(error_code, std::string)`.
    template <class CompletionToken>
    auto async_create_room_token(std::string_view room_uuid, token_role role,
                                 std::chrono::milliseconds lifespan, CompletionToken&& token);
    /// Asks for a ROOM token asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_create_room_token(std::string_view room_uuid, token_role role,
                                 std::chrono::milliseconds lifespan, error_details& details,
                                 CompletionToken&& token);

    /** Asks the service for a TASK token: `POST /v5/tokens/tasks/{uuid}`; success is
        `201 Created`.

        Needs an SDK token (any role) whose role is at least `role`.

        @return The token, `NETLESSTASK_…`, for `task_uuid`.
        @throws api_error `bad_request`, `unauthorized`, `forbidden`.
    */
    std::string create_task_token(std::string_view task_uuid, token_role role,
                                  std::chrono::milliseconds lifespan);
    /// Asks for a TASK token; sets `ec` on failure.
    std::string create_task_token(std::string_view task_uuid, token_role role,
                                  std::chrono::milliseconds lifespan, error_code& ec);
    /// Asks for a TASK token; sets `ec` and `details` on failure.
    std::string create_task_token(std::string_view task_uuid, token_role role,
                                  std::chrono::milliseconds lifespan, error_code& ec,
                                  error_details& details);
    /// Asks for a TASK token asynchronously; completion `void(error_code, std::string)`.
    template <class CompletionToken>
    auto async_create_task_token(std::string_view task_uuid, token_role role,
                                 std::chrono::milliseconds lifespan, CompletionToken&& token);
    /// Asks for a TASK token asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_create_task_token(std::string_view task_uuid, token_role role,
                                 std::chrono::milliseconds lifespan, error_details& details,
                                 CompletionToken&& token);

    // ---- rooms ----

    /** Creates a room: `POST /v5/rooms`; success is `201 Created`.

        The room lives in the client's region (`cn-hz` without one) and holds one scene,
        `/init`, its current scene. Needs an SDK token, writer or admin. Not safe to retry: a
        retry after a lost answer creates a second room.

        @return The new room.
        @throws api_error `bad_request`, `unauthorized`, `forbidden` (a ROOM or TASK token,
        reader).
    */
    whiteboard::room create_room(create_room_request const& req);
    /// Creates a room; sets `ec` on failure.
    whiteboard::room create_room(create_room_request const& req, error_code& ec);
    /// Creates a room; sets `ec` and `details` on failure.
    whiteboard::room create_room(create_room_request const& req, error_code& ec,
                                 error_details& details);
    /// Creates a room asynchronously; completion `void(error_code, room)`.
    template <class CompletionToken>
    auto async_create_room(create_room_request const& req, CompletionToken&& token);
    /// Creates a room asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_create_room(create_room_request const& req, error_details& details,
                           CompletionToken&& token);

    /** Reads a room: `GET /v5/rooms/{uuid}`; success is `200 OK`. Needs writer or admin. Safe
        to retry.

        @throws api_error `unauthorized`, `forbidden`, `not_found` (room, region).
    */
    whiteboard::room room_info(std::string_view room_uuid);
    /// Reads a room; sets `ec` on failure.
    whiteboard::room room_info(std::string_view room_uuid, error_code& ec);
    /// Reads a room; sets `ec` and `details` on failure.
    whiteboard::room room_info(std::string_view room_uuid, error_code& ec, error_details& details);
    /// Reads a room asynchronously; completion `void(error_code, room)`.
    template <class CompletionToken>
    auto async_room_info(std::string_view room_uuid, CompletionToken&& token);
    /// Reads a room asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_room_info(std::string_view room_uuid, error_details& details,
                         CompletionToken&& token);

    /** Lists one page of the app's rooms in the client's region: `GET /v5/rooms`; success is
        `200 OK`.

        Rooms come in uuid order, starting after `req.begin_uuid`, at most `req.limit` (the
        service's default 100). To walk every page, use `rooms`. Needs an SDK token, writer or
        admin. Safe to retry.

        @throws api_error `bad_request`, `unauthorized`, `forbidden`.
    */
    std::vector<whiteboard::room> list_rooms(list_rooms_request const& req);
    /// Lists rooms; sets `ec` on failure.
    std::vector<whiteboard::room> list_rooms(list_rooms_request const& req, error_code& ec);
    /// Lists rooms; sets `ec` and `details` on failure.
    std::vector<whiteboard::room> list_rooms(list_rooms_request const& req, error_code& ec,
                                             error_details& details);
    /// Lists rooms asynchronously; completion `void(error_code, std::vector<room>)`.
    template <class CompletionToken>
    auto async_list_rooms(list_rooms_request const& req, CompletionToken&& token);
    /// Lists rooms asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_list_rooms(list_rooms_request const& req, error_details& details,
                          CompletionToken&& token);

    /** Every room of the app in the client's region, page by page: a `room_pager`.

        Nothing is sent until the pager is read. `req.begin_uuid` is where the walk starts;
        `req.limit` the rooms per page, by default `max_rooms_per_page` (1000).
    */
    room_pager<Transport> rooms(list_rooms_request req = {});

    /** Bans or unbans a room: `PATCH /v5/rooms/{uuid}` with `{isBan}`; success is `201 Created`
        (the service's choice for this PATCH). Needs admin. Safe to
        retry.

        @return The room afterwards.
        @throws api_error `unauthorized`, `forbidden` (writer, reader), `not_found`.
    */
    whiteboard::room set_room_ban(std::string_view room_uuid, bool is_ban);
    /// Bans or unbans a room; sets `ec` on failure.
    whiteboard::room set_room_ban(std::string_view room_uuid, bool is_ban, error_code& ec);
    /// Bans or unbans a room; sets `ec` and `details` on failure.
    whiteboard::room set_room_ban(std::string_view room_uuid, bool is_ban, error_code& ec,
                                  error_details& details);
    /// Bans or unbans a room asynchronously; completion `void(error_code, room)`.
    template <class CompletionToken>
    auto async_set_room_ban(std::string_view room_uuid, bool is_ban, CompletionToken&& token);
    /// Bans or unbans a room asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_set_room_ban(std::string_view room_uuid, bool is_ban, error_details& details,
                            CompletionToken&& token);

    // ---- scenes ----

    /** Lists scene paths: `GET /v5/rooms/{uuid}/scenes`; success is `200 OK`.

        With `scene_dir`, the scenes directly inside that directory, in its order; without,
        every scene of the room, depth first (a directory's scenes, then its sub-directories by
        name). Needs writer or admin. Safe to retry.

        @throws api_error `bad_request` (a path naming a scene), `unauthorized`, `forbidden`,
        `not_found` (room, region, directory).
    */
    std::vector<std::string> list_scenes(std::string_view room_uuid,
                                         std::optional<std::string_view> scene_dir);
    /// Lists scene paths; sets `ec` on failure.
    std::vector<std::string> list_scenes(std::string_view room_uuid,
                                         std::optional<std::string_view> scene_dir, error_code& ec);
    /// Lists scene paths; sets `ec` and `details` on failure.
    std::vector<std::string> list_scenes(std::string_view room_uuid,
                                         std::optional<std::string_view> scene_dir, error_code& ec,
                                         error_details& details);
    /// Lists scene paths asynchronously; completion `void(error_code, std::vector<std::string>)`.
    template <class CompletionToken>
    auto async_list_scenes(std::string_view room_uuid, std::optional<std::string_view> scene_dir,
                           CompletionToken&& token);
    /// Lists scene paths asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_list_scenes(std::string_view room_uuid, std::optional<std::string_view> scene_dir,
                           error_details& details, CompletionToken&& token);

    /** Adds scenes to a directory: `POST /v5/rooms/{uuid}/scenes`; success is `201 Created`.

        See `add_scenes_request`. Needs writer or admin. Safe to retry: a scene already at its
        path is replaced in place.

        @throws api_error `bad_request` (a name with `/`, `path` naming a scene),
        `unauthorized`, `forbidden`, `not_found` (room, region).
    */
    void add_scenes(std::string_view room_uuid, add_scenes_request const& req);
    /// Adds scenes; sets `ec` on failure.
    void add_scenes(std::string_view room_uuid, add_scenes_request const& req, error_code& ec);
    /// Adds scenes; sets `ec` and `details` on failure.
    void add_scenes(std::string_view room_uuid, add_scenes_request const& req, error_code& ec,
                    error_details& details);
    /// Adds scenes asynchronously; completion `void(error_code)`.
    template <class CompletionToken>
    auto async_add_scenes(std::string_view room_uuid, add_scenes_request const& req,
                          CompletionToken&& token);
    /// Adds scenes asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_add_scenes(std::string_view room_uuid, add_scenes_request const& req,
                          error_details& details, CompletionToken&& token);

    /** Makes a scene the room's current one: `PATCH /v5/rooms/{uuid}/scene-state`; success is
        `201 Created`.

        Needs writer or admin. Safe to retry.

        @return The current scene path, as the service wrote it.
        @throws api_error `bad_request` (a directory), `unauthorized`, `forbidden`,
        `not_found` (room, region, scene).
    */
    std::string switch_scene(std::string_view room_uuid, std::string_view scene_path);
    /// Switches the current scene; sets `ec` on failure.
    std::string switch_scene(std::string_view room_uuid, std::string_view scene_path,
                             error_code& ec);
    /// Switches the current scene; sets `ec` and `details` on failure.
    std::string switch_scene(std::string_view room_uuid, std::string_view scene_path,
                             error_code& ec, error_details& details);
    /// Switches the current scene asynchronously; completion `void(error_code, std::string)`.
    template <class CompletionToken>
    auto async_switch_scene(std::string_view room_uuid, std::string_view scene_path,
                            CompletionToken&& token);
    /// Switches the current scene asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_switch_scene(std::string_view room_uuid, std::string_view scene_path,
                            error_details& details, CompletionToken&& token);

private:
    using verb = boost::beast::http::verb;

    template <class T>
    coverkit::detail::call<T> make(char const* operation, verb method,
                                   std::initializer_list<std::string_view> segments,
                                   std::initializer_list<coverkit::detail::query_param> params,
                                   std::optional<boost::json::value> const& body,
                                   unsigned success_status, bool send_token = true) const;
    template <class T>
    auto prepare_screenshot(std::string_view room_uuid, screenshot_request const& req,
                            std::string_view endpoint) const;
    auto prepare_team_token(std::string_view access_key, std::string_view secret_access_key,
                            token_role role, std::chrono::milliseconds lifespan) const;
    auto prepare_uuid_token(std::string_view kind, std::string_view uuid, token_role role,
                            std::chrono::milliseconds lifespan) const;
    auto prepare_create_room(create_room_request const& req) const;
    auto prepare_room_info(std::string_view room_uuid) const;
    auto prepare_list_rooms(list_rooms_request const& req) const;
    auto prepare_set_room_ban(std::string_view room_uuid, bool is_ban) const;
    auto prepare_list_scenes(std::string_view room_uuid,
                             std::optional<std::string_view> scene_dir) const;
    auto prepare_add_scenes(std::string_view room_uuid, add_scenes_request const& req) const;
    auto prepare_switch_scene(std::string_view room_uuid, std::string_view scene_path) const;
};

} // namespace coverkit::whiteboard

#include <coverkit/whiteboard/impl/client.hpp>
#include <coverkit/whiteboard/room_pager.hpp>

#endif
