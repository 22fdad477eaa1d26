#ifndef COVERKIT_WHITEBOARD_IMPL_CLIENT_HPP
#define COVERKIT_WHITEBOARD_IMPL_CLIENT_HPP

#include <coverkit/whiteboard/detail/api.hpp>

namespace coverkit::whiteboard {

template <transport Transport>
template <class T>
coverkit::detail::call<T> client<Transport>::make(
    char const* operation, verb method, std::initializer_list<std::string_view> segments,
    std::initializer_list<coverkit::detail::query_param> params,
    std::optional<boost::json::value> const& body, unsigned success_status, bool send_token) const
{
    if (auto bad = this->template reject_bad_base<T>(operation))
        return std::move(*bad);
    // Every v5 call is safe to repeat but create_room (a second room).
    bool const creates_room = method == verb::post && segments.size() == 2;
    auto c = coverkit::detail::build_call<T>(
        *base_,
        {.operation = operation,
         .method = method,
         .path = segments,
         .query = params,
         .body = body ? &*body : nullptr,
         .headers = {{"token", send_token ? std::string_view(options_.token) : std::string_view()},
                     {"region",
                      options_.region ? to_string(*options_.region) : std::string_view()}},
         .success_status = success_status,
         .repeatable = !creates_room,
         .max_body = options_.max_response_bytes});
    c.read_error = &coverkit::detail::wb_read_error;
    c.parse = &coverkit::detail::wb_parse<T>;
    return c;
}

template <transport Transport>
template <class T>
auto client<Transport>::prepare_screenshot(std::string_view room_uuid,
                                           screenshot_request const& req,
                                           std::string_view endpoint) const
{
    char const* const operation =
        endpoint == "screenshots" ? "whiteboard.screenshots" : "whiteboard.screenshot_list";
    coverkit::detail::problems p;
    coverkit::detail::check_room_uuid(room_uuid, p);
    std::string why;
    p.add_check(check(req, why), why);
    if (p)
        return coverkit::detail::reject<T>(operation, std::move(p));
    return make<T>(operation, verb::post, {"v5", "rooms", room_uuid, endpoint}, {},
                   boost::json::value_from(req), 201);
}

template <transport Transport>
auto client<Transport>::prepare_team_token(std::string_view access_key,
                                           std::string_view secret_access_key, token_role role,
                                           std::chrono::milliseconds lifespan) const
{
    char const* const operation = "whiteboard.team_token";
    coverkit::detail::problems p;
    if (access_key.empty())
        p.add(error::invalid_argument, "the access key is empty");
    if (secret_access_key.empty())
        p.add(error::invalid_argument, "the secret key is empty");
    coverkit::detail::check_token_request(role, lifespan, p.ec, p.why);
    if (p)
        return coverkit::detail::reject<std::string>(operation, std::move(p));
    return make<std::string>(operation, verb::post, {"v5", "tokens", "teams"}, {},
                             boost::json::value{{"accessKey", access_key},
                                                {"secretAccessKey", secret_access_key},
                                                {"lifespan", lifespan.count()},
                                                {"role", to_string(role)}},
                             201, false);
}

template <transport Transport>
auto client<Transport>::prepare_uuid_token(std::string_view kind, std::string_view uuid,
                                           token_role role,
                                           std::chrono::milliseconds lifespan) const
{
    bool const room = kind == "rooms";
    char const* const operation = room ? "whiteboard.room_token" : "whiteboard.task_token";
    coverkit::detail::problems p;
    if (uuid.empty())
        p.add(room ? error::empty_room_uuid : error::invalid_argument,
              room ? "the room uuid is empty" : "the task uuid is empty");
    coverkit::detail::check_token_request(role, lifespan, p.ec, p.why);
    if (p)
        return coverkit::detail::reject<std::string>(operation, std::move(p));
    return make<std::string>(
        operation, verb::post, {"v5", "tokens", kind, uuid}, {},
        boost::json::value{{"lifespan", lifespan.count()}, {"role", to_string(role)}}, 201);
}

template <transport Transport>
auto client<Transport>::prepare_create_room(create_room_request const& req) const
{
    char const* const operation = "whiteboard.create_room";
    std::string why;
    if (auto ec = check(req, why))
        return coverkit::detail::reject<whiteboard::room>(operation, ec, std::move(why));
    return make<whiteboard::room>(operation, verb::post, {"v5", "rooms"}, {},
                                  boost::json::value_from(req), 201);
}

template <transport Transport>
auto client<Transport>::prepare_room_info(std::string_view room_uuid) const
{
    char const* const operation = "whiteboard.get_room";
    coverkit::detail::problems p;
    coverkit::detail::check_room_uuid(room_uuid, p);
    if (p)
        return coverkit::detail::reject<whiteboard::room>(operation, std::move(p));
    return make<whiteboard::room>(operation, verb::get, {"v5", "rooms", room_uuid}, {},
                                  std::nullopt, 200);
}

template <transport Transport>
auto client<Transport>::prepare_list_rooms(list_rooms_request const& req) const
{
    using rooms = std::vector<whiteboard::room>;
    char const* const operation = "whiteboard.list_rooms";
    std::string why;
    if (auto ec = check(req, why))
        return coverkit::detail::reject<rooms>(operation, ec, std::move(why));
    std::optional<std::string> limit;
    if (req.limit)
        limit = std::to_string(*req.limit);
    return make<rooms>(operation, verb::get, {"v5", "rooms"},
                       {{"beginUUID", req.begin_uuid}, {"limit", limit}}, std::nullopt, 200);
}

template <transport Transport>
auto client<Transport>::prepare_set_room_ban(std::string_view room_uuid, bool is_ban) const
{
    char const* const operation = "whiteboard.ban_room";
    coverkit::detail::problems p;
    coverkit::detail::check_room_uuid(room_uuid, p);
    if (p)
        return coverkit::detail::reject<whiteboard::room>(operation, std::move(p));
    return make<whiteboard::room>(operation, verb::patch, {"v5", "rooms", room_uuid}, {},
                                  boost::json::value{{"isBan", is_ban}}, 201);
}

template <transport Transport>
auto client<Transport>::prepare_list_scenes(std::string_view room_uuid,
                                            std::optional<std::string_view> scene_dir) const
{
    using paths = std::vector<std::string>;
    char const* const operation = "whiteboard.list_scenes";
    coverkit::detail::problems p;
    coverkit::detail::check_room_uuid(room_uuid, p);
    if (scene_dir)
        coverkit::detail::check_scene_path("scene directory", *scene_dir, p.ec, p.why);
    if (p)
        return coverkit::detail::reject<paths>(operation, std::move(p));
    return make<paths>(operation, verb::get, {"v5", "rooms", room_uuid, "scenes"},
                       {{"sceneDir", scene_dir}}, std::nullopt, 200);
}

template <transport Transport>
auto client<Transport>::prepare_add_scenes(std::string_view room_uuid,
                                           add_scenes_request const& req) const
{
    char const* const operation = "whiteboard.add_scenes";
    coverkit::detail::problems p;
    coverkit::detail::check_room_uuid(room_uuid, p);
    std::string why;
    p.add_check(check(req, why), why);
    if (p)
        return coverkit::detail::reject<void>(operation, std::move(p));
    return make<void>(operation, verb::post, {"v5", "rooms", room_uuid, "scenes"}, {},
                      boost::json::value_from(req), 201);
}

template <transport Transport>
auto client<Transport>::prepare_switch_scene(std::string_view room_uuid,
                                             std::string_view scene_path) const
{
    char const* const operation = "whiteboard.switch_scene";
    coverkit::detail::problems p;
    coverkit::detail::check_room_uuid(room_uuid, p);
    coverkit::detail::check_scene_path("scene path", scene_path, p.ec, p.why);
    if (p)
        return coverkit::detail::reject<std::string>(operation, std::move(p));
    auto c = make<std::string>(operation, verb::patch, {"v5", "rooms", room_uuid, "scene-state"},
                               {}, boost::json::value{{"scenePath", scene_path}}, 201);
    c.parse = &coverkit::detail::wb_parse_current_scene;
    return c;
}

template <transport Transport>
image client<Transport>::screenshot(std::string_view room_uuid, screenshot_request const& req)
{
    return coverkit::detail::run(transport_,
                                 prepare_screenshot<image>(room_uuid, req, "screenshots"));
}

template <transport Transport>
image client<Transport>::screenshot(std::string_view room_uuid, screenshot_request const& req,
                                    error_code& ec)
{
    error_details details;
    return screenshot(room_uuid, req, ec, details);
}

template <transport Transport>
image client<Transport>::screenshot(std::string_view room_uuid, screenshot_request const& req,
                                    error_code& ec, error_details& details)
{
    return coverkit::detail::run(
        transport_, prepare_screenshot<image>(room_uuid, req, "screenshots"), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_screenshot(std::string_view room_uuid, screenshot_request const& req,
                                         CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare_screenshot<image>(room_uuid, req, "screenshots"),
                                       nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_screenshot(std::string_view room_uuid, screenshot_request const& req,
                                         error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare_screenshot<image>(room_uuid, req, "screenshots"),
                                       &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
std::vector<image> client<Transport>::screenshot_list(std::string_view room_uuid,
                                                      screenshot_request const& req)
{
    return coverkit::detail::run(
        transport_, prepare_screenshot<std::vector<image>>(room_uuid, req, "screenshot-list"));
}

template <transport Transport>
std::vector<image> client<Transport>::screenshot_list(std::string_view room_uuid,
                                                      screenshot_request const& req, error_code& ec)
{
    error_details details;
    return screenshot_list(room_uuid, req, ec, details);
}

template <transport Transport>
std::vector<image> client<Transport>::screenshot_list(std::string_view room_uuid,
                                                      screenshot_request const& req, error_code& ec,
                                                      error_details& details)
{
    return coverkit::detail::run(
        transport_, prepare_screenshot<std::vector<image>>(room_uuid, req, "screenshot-list"), ec,
        details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_screenshot_list(std::string_view room_uuid,
                                              screenshot_request const& req,
                                              CompletionToken&& token)
{
    return coverkit::detail::async_run(
        transport_, prepare_screenshot<std::vector<image>>(room_uuid, req, "screenshot-list"),
        nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_screenshot_list(std::string_view room_uuid,
                                              screenshot_request const& req, error_details& details,
                                              CompletionToken&& token)
{
    return coverkit::detail::async_run(
        transport_, prepare_screenshot<std::vector<image>>(room_uuid, req, "screenshot-list"),
        &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
std::string client<Transport>::create_team_token(std::string_view access_key,
                                                 std::string_view secret_access_key,
                                                 token_role role,
                                                 std::chrono::milliseconds lifespan)
{
    return coverkit::detail::run(transport_,
                                 prepare_team_token(access_key, secret_access_key, role, lifespan));
}

template <transport Transport>
std::string client<Transport>::create_team_token(std::string_view access_key,
                                                 std::string_view secret_access_key,
                                                 token_role role,
                                                 std::chrono::milliseconds lifespan, error_code& ec)
{
    error_details details;
    return create_team_token(access_key, secret_access_key, role, lifespan, ec, details);
}

template <transport Transport>
std::string client<Transport>::create_team_token(std::string_view access_key,
                                                 std::string_view secret_access_key,
                                                 token_role role,
                                                 std::chrono::milliseconds lifespan, error_code& ec,
                                                 error_details& details)
{
    return coverkit::detail::run(
        transport_, prepare_team_token(access_key, secret_access_key, role, lifespan), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_team_token(std::string_view access_key,
                                                std::string_view secret_access_key, token_role role,
                                                std::chrono::milliseconds lifespan,
                                                CompletionToken&& token)
{
    return coverkit::detail::async_run(
        transport_, prepare_team_token(access_key, secret_access_key, role, lifespan), nullptr,
        std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_team_token(std::string_view access_key,
                                                std::string_view secret_access_key, token_role role,
                                                std::chrono::milliseconds lifespan,
                                                error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(
        transport_, prepare_team_token(access_key, secret_access_key, role, lifespan), &details,
        std::forward<CompletionToken>(token));
}

template <transport Transport>
std::string client<Transport>::create_room_token(std::string_view room_uuid, token_role role,
                                                 std::chrono::milliseconds lifespan)
{
    return coverkit::detail::run(transport_,
                                 prepare_uuid_token("rooms", room_uuid, role, lifespan));
}

template <transport Transport>
std::string client<Transport>::create_room_token(std::string_view room_uuid, token_role role,
                                                 std::chrono::milliseconds lifespan, error_code& ec)
{
    error_details details;
    return create_room_token(room_uuid, role, lifespan, ec, details);
}

template <transport Transport>
std::string client<Transport>::create_room_token(std::string_view room_uuid, token_role role,
                                                 std::chrono::milliseconds lifespan, error_code& ec,
                                                 error_details& details)
{
    return coverkit::detail::run(transport_, prepare_uuid_token("rooms", room_uuid, role, lifespan),
                                 ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_room_token(std::string_view room_uuid, token_role role,
                                                std::chrono::milliseconds lifespan,
                                                CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare_uuid_token("rooms", room_uuid, role, lifespan),
                                       nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_room_token(std::string_view room_uuid, token_role role,
                                                std::chrono::milliseconds lifespan,
                                                error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare_uuid_token("rooms", room_uuid, role, lifespan),
                                       &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
std::string client<Transport>::create_task_token(std::string_view task_uuid, token_role role,
                                                 std::chrono::milliseconds lifespan)
{
    return coverkit::detail::run(transport_,
                                 prepare_uuid_token("tasks", task_uuid, role, lifespan));
}

template <transport Transport>
std::string client<Transport>::create_task_token(std::string_view task_uuid, token_role role,
                                                 std::chrono::milliseconds lifespan, error_code& ec)
{
    error_details details;
    return create_task_token(task_uuid, role, lifespan, ec, details);
}

template <transport Transport>
std::string client<Transport>::create_task_token(std::string_view task_uuid, token_role role,
                                                 std::chrono::milliseconds lifespan, error_code& ec,
                                                 error_details& details)
{
    return coverkit::detail::run(transport_, prepare_uuid_token("tasks", task_uuid, role, lifespan),
                                 ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_task_token(std::string_view task_uuid, token_role role,
                                                std::chrono::milliseconds lifespan,
                                                CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare_uuid_token("tasks", task_uuid, role, lifespan),
                                       nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_task_token(std::string_view task_uuid, token_role role,
                                                std::chrono::milliseconds lifespan,
                                                error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare_uuid_token("tasks", task_uuid, role, lifespan),
                                       &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
whiteboard::room client<Transport>::create_room(create_room_request const& req)
{
    return coverkit::detail::run(transport_, prepare_create_room(req));
}

template <transport Transport>
whiteboard::room client<Transport>::create_room(create_room_request const& req, error_code& ec)
{
    error_details details;
    return create_room(req, ec, details);
}

template <transport Transport>
whiteboard::room client<Transport>::create_room(create_room_request const& req, error_code& ec,
                                                error_details& details)
{
    return coverkit::detail::run(transport_, prepare_create_room(req), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_room(create_room_request const& req, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_create_room(req), nullptr,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_room(create_room_request const& req, error_details& details,
                                          CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_create_room(req), &details,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
whiteboard::room client<Transport>::room_info(std::string_view room_uuid)
{
    return coverkit::detail::run(transport_, prepare_room_info(room_uuid));
}

template <transport Transport>
whiteboard::room client<Transport>::room_info(std::string_view room_uuid, error_code& ec)
{
    error_details details;
    return room_info(room_uuid, ec, details);
}

template <transport Transport>
whiteboard::room client<Transport>::room_info(std::string_view room_uuid, error_code& ec,
                                              error_details& details)
{
    return coverkit::detail::run(transport_, prepare_room_info(room_uuid), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_room_info(std::string_view room_uuid, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_room_info(room_uuid), nullptr,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_room_info(std::string_view room_uuid, error_details& details,
                                        CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_room_info(room_uuid), &details,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
std::vector<whiteboard::room> client<Transport>::list_rooms(list_rooms_request const& req)
{
    return coverkit::detail::run(transport_, prepare_list_rooms(req));
}

template <transport Transport>
std::vector<whiteboard::room> client<Transport>::list_rooms(list_rooms_request const& req,
                                                            error_code& ec)
{
    error_details details;
    return list_rooms(req, ec, details);
}

template <transport Transport>
std::vector<whiteboard::room> client<Transport>::list_rooms(list_rooms_request const& req,
                                                            error_code& ec, error_details& details)
{
    return coverkit::detail::run(transport_, prepare_list_rooms(req), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_list_rooms(list_rooms_request const& req, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_list_rooms(req), nullptr,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_list_rooms(list_rooms_request const& req, error_details& details,
                                         CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_list_rooms(req), &details,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
whiteboard::room client<Transport>::set_room_ban(std::string_view room_uuid, bool is_ban)
{
    return coverkit::detail::run(transport_, prepare_set_room_ban(room_uuid, is_ban));
}

template <transport Transport>
whiteboard::room client<Transport>::set_room_ban(std::string_view room_uuid, bool is_ban,
                                                 error_code& ec)
{
    error_details details;
    return set_room_ban(room_uuid, is_ban, ec, details);
}

template <transport Transport>
whiteboard::room client<Transport>::set_room_ban(std::string_view room_uuid, bool is_ban,
                                                 error_code& ec, error_details& details)
{
    return coverkit::detail::run(transport_, prepare_set_room_ban(room_uuid, is_ban), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_set_room_ban(std::string_view room_uuid, bool is_ban,
                                           CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_set_room_ban(room_uuid, is_ban), nullptr,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_set_room_ban(std::string_view room_uuid, bool is_ban,
                                           error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_set_room_ban(room_uuid, is_ban),
                                       &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
std::vector<std::string> client<Transport>::list_scenes(std::string_view room_uuid,
                                                        std::optional<std::string_view> scene_dir)
{
    return coverkit::detail::run(transport_, prepare_list_scenes(room_uuid, scene_dir));
}

template <transport Transport>
std::vector<std::string> client<Transport>::list_scenes(std::string_view room_uuid,
                                                        std::optional<std::string_view> scene_dir,
                                                        error_code& ec)
{
    error_details details;
    return list_scenes(room_uuid, scene_dir, ec, details);
}

template <transport Transport>
std::vector<std::string> client<Transport>::list_scenes(std::string_view room_uuid,
                                                        std::optional<std::string_view> scene_dir,
                                                        error_code& ec, error_details& details)
{
    return coverkit::detail::run(transport_, prepare_list_scenes(room_uuid, scene_dir), ec,
                                 details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_list_scenes(std::string_view room_uuid,
                                          std::optional<std::string_view> scene_dir,
                                          CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_list_scenes(room_uuid, scene_dir),
                                       nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_list_scenes(std::string_view room_uuid,
                                          std::optional<std::string_view> scene_dir,
                                          error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_list_scenes(room_uuid, scene_dir),
                                       &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
void client<Transport>::add_scenes(std::string_view room_uuid, add_scenes_request const& req)
{
    coverkit::detail::run(transport_, prepare_add_scenes(room_uuid, req));
}

template <transport Transport>
void client<Transport>::add_scenes(std::string_view room_uuid, add_scenes_request const& req,
                                   error_code& ec)
{
    error_details details;
    add_scenes(room_uuid, req, ec, details);
}

template <transport Transport>
void client<Transport>::add_scenes(std::string_view room_uuid, add_scenes_request const& req,
                                   error_code& ec, error_details& details)
{
    coverkit::detail::run(transport_, prepare_add_scenes(room_uuid, req), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_add_scenes(std::string_view room_uuid, add_scenes_request const& req,
                                         CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_add_scenes(room_uuid, req), nullptr,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_add_scenes(std::string_view room_uuid, add_scenes_request const& req,
                                         error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_add_scenes(room_uuid, req), &details,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
std::string client<Transport>::switch_scene(std::string_view room_uuid, std::string_view scene_path)
{
    return coverkit::detail::run(transport_, prepare_switch_scene(room_uuid, scene_path));
}

template <transport Transport>
std::string client<Transport>::switch_scene(std::string_view room_uuid, std::string_view scene_path,
                                            error_code& ec)
{
    error_details details;
    return switch_scene(room_uuid, scene_path, ec, details);
}

template <transport Transport>
std::string client<Transport>::switch_scene(std::string_view room_uuid, std::string_view scene_path,
                                            error_code& ec, error_details& details)
{
    return coverkit::detail::run(transport_, prepare_switch_scene(room_uuid, scene_path), ec,
                                 details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_switch_scene(std::string_view room_uuid, std::string_view scene_path,
                                           CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_switch_scene(room_uuid, scene_path),
                                       nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_switch_scene(std::string_view room_uuid, std::string_view scene_path,
                                           error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_, prepare_switch_scene(room_uuid, scene_path),
                                       &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
room_pager<Transport> client<Transport>::rooms(list_rooms_request req)
{
    return room_pager<Transport>(*this, std::move(req));
}

} // namespace coverkit::whiteboard

#endif
