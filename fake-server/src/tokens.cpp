#include "state.hpp"

#include <coverkit/detail/crypto.hpp>

#include <chrono>
#include <limits>

// Token generation over the wire (SPEC 2, 3): `POST /v5/tokens/teams`, `/v5/tokens/rooms/{uuid}`
// and `/v5/tokens/tasks/{uuid}`. Tokens are signed with the app's secret on the fake's clock, so
// the tokens it hands out expire by the same clock that judges them.
namespace coverkit::fake::detail {

namespace http = boost::beast::http;
namespace json = boost::json;
using whiteboard::token_kind;
using whiteboard::token_role;

namespace {

// The `{lifespan, role}` every token request carries.
struct token_request
{
    std::chrono::milliseconds lifespan{0};
    token_role role = token_role::reader;
};

/** Reads `lifespan` (a non-negative integer of milliseconds; absent means 0, never expires) and
    `role` (required: "admin", "writer" or "reader"). A lifespan whose expiry would overflow the
    clock is refused too, rather than answered with a 500. */
std::optional<http_response> read_token_request(server_core const& core, request_context const& ctx,
                                                token_request& out)
{
    if (auto const* v = ctx.body.if_contains("lifespan")) {
        auto const n = integer_of(*v);
        if (!n || *n < 0 || *n > std::numeric_limits<std::int64_t>::max() - core.now_ms())
            return error_response(ctx, http::status::bad_request,
                                  "lifespan must be a non-negative integer of milliseconds");
        out.lifespan = std::chrono::milliseconds(*n);
    }
    auto const* role = ctx.body.if_contains("role");
    auto const parsed = role && role->is_string() ? whiteboard::parse_token_role(role->get_string())
                                                  : result<token_role>(error::invalid_argument);
    if (!parsed)
        return error_response(ctx, http::status::bad_request,
                              R"(role must be "admin", "writer" or "reader")");
    out.role = *parsed;
    return std::nullopt;
}

// 201 with the new token as a JSON string; a random nonce, the fake's clock.
http_response issue(server_core const& core, app const& owner, token_kind kind,
                    std::string_view uuid, token_request const& t)
{
    auto token = whiteboard::make_token(kind, owner.ak, owner.sk, t.role, uuid, t.lifespan,
                                        coverkit::detail::random_uuid_v4(), core.now_ms());
    return json_response(http::status::created, json::string(token));
}

// A ROOM or TASK token: any SDK token may ask, for a role no higher than its own.
http_response resource_token(server_core& core, request_context& ctx, token_kind kind)
{
    whiteboard::region region{};
    token_access access;
    // A team-level check: ROOM and TASK tokens are refused whatever their uuid.
    if (auto fail = check_region_and_token(core, ctx, token_role::reader, {}, region, access))
        return *fail;
    auto const& uuid = ctx.segments.at(3);
    if (kind == token_kind::room && !find_room(core, access, region, uuid))
        return error_response(ctx, http::status::not_found, "room not found");
    // Tasks are not modelled: any uuid names one, but a token needs a uuid.
    if (kind == token_kind::task && uuid.empty())
        return error_response(ctx, http::status::not_found, "task not found");
    token_request t;
    if (auto fail = read_token_request(core, ctx, t))
        return *fail;
    if (!whiteboard::role_allows(access.claims.role, t.role))
        return error_response(ctx, http::status::forbidden, "token access role forbidden");
    return issue(core, *access.owner, kind, uuid, t);
}

} // namespace

http_response wb_team_token(server_core& core, request_context& ctx)
{
    if (!request_region(ctx.req))
        return error_response(ctx, http::status::bad_request, "invalid region");
    auto const* ak = ctx.body.if_contains("accessKey");
    auto const* sk = ctx.body.if_contains("secretAccessKey");
    if (!ak || !ak->is_string() || !sk || !sk->is_string())
        return error_response(ctx, http::status::bad_request,
                              "accessKey and secretAccessKey must be strings");
    token_request t;
    if (auto fail = read_token_request(core, ctx, t))
        return *fail;
    auto const it = core.st.apps.find(std::string_view(ak->get_string()));
    // Compared in constant time; the message never names which half was wrong.
    if (it == core.st.apps.end() ||
        !coverkit::detail::constant_time_equal(it->second.sk, sk->get_string()))
        return error_response(ctx, http::status::unauthorized,
                              "invalid accessKey or secretAccessKey");
    return issue(core, it->second, token_kind::sdk, {}, t);
}

http_response wb_room_token(server_core& core, request_context& ctx)
{
    return resource_token(core, ctx, token_kind::room);
}

http_response wb_task_token(server_core& core, request_context& ctx)
{
    return resource_token(core, ctx, token_kind::task);
}

} // namespace coverkit::fake::detail
