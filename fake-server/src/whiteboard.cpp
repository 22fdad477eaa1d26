#include "state.hpp"

#include <coverkit/scene_path.hpp>
#include <coverkit/whiteboard/screenshot.hpp>

#include <boost/beast/http/field.hpp>

#include <cmath>
#include <limits>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_kind;
using whiteboard::token_role;

std::optional<http_response> authenticate(server_core& core, request_context const& ctx,
                                          std::string_view token, token_access& out)
{
    auto const now = core.now_ms();
    result<whiteboard::token_claims> claims = error::malformed_token;
    if (auto hit = core.verified_tokens.find(token); hit != core.verified_tokens.end()) {
        // Signature known good; the expiry rule is verify_token's.
        auto const& c = hit->second;
        if (c.expire_at_ms && *c.expire_at_ms < now)
            claims = error::expired_token;
        else
            claims = c;
    } else {
        claims = whiteboard::verify_token(
            token,
            [&](std::string_view ak) -> std::optional<std::string> {
                auto it = core.st.apps.find(ak);
                if (it == core.st.apps.end())
                    return std::nullopt;
                return it->second.sk;
            },
            now);
        if (claims) {
            if (core.verified_tokens.size() >= server_core::max_verified_tokens)
                core.verified_tokens.clear();
            core.verified_tokens.emplace(token, *claims);
        }
    }
    if (!claims) {
        auto const e = claims.error();
        char const* message = e == error::expired_token         ? "expired token"
                              : e == error::bad_token_signature ? "invalid signature of token"
                                                                : "invalid format of token";
        return error_response(ctx, http::status::unauthorized, message);
    }
    out.owner = &core.st.apps.find(claims->ak)->second;
    out.claims = std::move(*claims);
    return std::nullopt;
}

std::optional<http_response> authorize(request_context const& ctx, token_access const& access,
                                       token_role needed, std::string_view room_uuid)
{
    auto const& claims = access.claims;
    if (claims.kind == token_kind::task)
        return error_response(ctx, http::status::forbidden, "token access task forbidden");
    if (claims.kind == token_kind::room && (room_uuid.empty() || claims.uuid != room_uuid))
        return error_response(ctx, http::status::forbidden, "token access room forbidden");
    if (!whiteboard::role_allows(claims.role, needed))
        return error_response(ctx, http::status::forbidden, "token access role forbidden");
    return std::nullopt;
}

std::optional<http_response> check_token(server_core& core, request_context const& ctx,
                                         std::string_view token, token_role needed,
                                         std::string_view room_uuid, token_access& out)
{
    if (auto fail = authenticate(core, ctx, token, out))
        return fail;
    return authorize(ctx, out, needed, room_uuid);
}

std::optional<whiteboard::region> request_region(http_request const& req)
{
    auto const it = req.find("region");
    if (it == req.end())
        return whiteboard::region::cn_hz;
    auto r = whiteboard::parse_region(it->value());
    return r ? std::optional(*r) : std::nullopt;
}

std::optional<http_response> check_region_and_token(server_core& core, request_context const& ctx,
                                                    token_role needed, std::string_view room_uuid,
                                                    whiteboard::region& region, token_access& out)
{
    auto const r = request_region(ctx.req);
    if (!r)
        return error_response(ctx, http::status::bad_request, "invalid region");
    region = *r;
    return check_token(core, ctx, ctx.req["token"], needed, room_uuid, out);
}

room_state* find_room(server_core& core, token_access const& access, whiteboard::region region,
                      std::string_view uuid)
{
    auto it = core.st.rooms.find(uuid);
    if (it == core.st.rooms.end() || it->second.ak != access.claims.ak ||
        it->second.region != region)
        return nullptr;
    return &it->second;
}

std::optional<http_response> check_room_access(server_core& core, request_context const& ctx,
                                               token_role needed, room_state*& room,
                                               token_access& access)
{
    auto const& uuid = ctx.segments.at(2);
    whiteboard::region region{};
    if (auto fail = check_region_and_token(core, ctx, needed, uuid, region, access))
        return fail;
    room = find_room(core, access, region, uuid);
    if (!room)
        return error_response(ctx, http::status::not_found, "room not found");
    return std::nullopt;
}

std::optional<std::int64_t> integer_of(json::value const& v)
{
    constexpr double exact = 9007199254740992.0; // 2^53: doubles above it skip integers
    if (v.is_int64())
        return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v.get_uint64());
    if (v.is_double()) {
        auto const d = v.get_double();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < exact)
            return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

namespace {

// Everything a screenshot endpoint checks before looking at its path.
struct screenshot_target
{
    room_state* room = nullptr;
    app const* owner = nullptr;
    int width = 0;
    int height = 0;
    std::optional<std::string> path; // normalised, when given
};

std::optional<http_response> check_screenshot(server_core& core, request_context& ctx,
                                              screenshot_target& t)
{
    token_access access;
    if (auto fail = check_room_access(core, ctx, token_role::writer, t.room, access))
        return fail;
    if (!access.owner->screenshot_service)
        return error_response(ctx, http::status::forbidden, "service not enable");
    auto const w = picture_side(ctx.body, "width", side_forms::number);
    auto const h = picture_side(ctx.body, "height", side_forms::number);
    if (!w || !h)
        return error_response(ctx, http::status::bad_request,
                              std::string(!w ? "width" : "height") +
                                  " must be an integer in 1..8192");
    auto path = scene_path_member(ctx.body, "path");
    if (!path)
        return error_response(ctx, http::status::bad_request, "invalid scene path");
    t.path = std::move(*path);
    t.owner = access.owner;
    t.width = *w;
    t.height = *h;
    return std::nullopt;
}

} // namespace

http_response wb_screenshots(server_core& core, request_context& ctx)
{
    screenshot_target t;
    if (auto fail = check_screenshot(core, ctx, t))
        return *fail;
    auto const path = t.path.value_or("/init");
    switch (t.room->scenes.lookup(path)) {
    case scene_tree::kind::directory:
        return error_response(ctx, http::status::bad_request,
                              "path \"" + path + "\" is a scene directory, not a scene");
    case scene_tree::kind::nothing:
        return error_response(ctx, http::status::not_found, "scene \"" + path + "\" not found");
    case scene_tree::kind::scene:
        break;
    }
    return json_response(http::status::created,
                         image_of(core, ctx, *t.room, *t.owner, path, t.width, t.height));
}

http_response wb_screenshot_list(server_core& core, request_context& ctx)
{
    screenshot_target t;
    if (auto fail = check_screenshot(core, ctx, t))
        return *fail;
    auto const& current = t.room->current_scene;
    auto const dir = t.path.value_or(current.empty() ? "/" : std::string(scene_directory(current)));
    switch (t.room->scenes.lookup(dir)) {
    case scene_tree::kind::scene:
        return error_response(ctx, http::status::bad_request,
                              "path \"" + dir + "\" is a scene, not a scene directory");
    case scene_tree::kind::nothing:
        return error_response(ctx, http::status::not_found,
                              "scene directory \"" + dir + "\" not found");
    case scene_tree::kind::directory:
        break;
    }
    json::array out;
    for (auto const& scene : t.room->scenes.children(dir))
        out.push_back(image_of(core, ctx, *t.room, *t.owner, scene, t.width, t.height));
    return json_response(http::status::created, out);
}

} // namespace coverkit::fake::detail
