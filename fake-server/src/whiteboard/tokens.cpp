// Tokens over the wire: `POST /v5/tokens/teams`, `/v5/tokens/rooms/{uuid}` and
// `/v5/tokens/tasks/{uuid}`. Tokens are signed with the app's secret on the fake's clock, so the
// tokens it hands out expire by the same clock that judges them.

#include "api.hpp"

#include "../core/numbers.hpp"

#include <coverkit/detail/crypto.hpp>

#include <chrono>
#include <limits>

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
checked<token_request> read_token_request(request_context const& ctx, std::int64_t now_ms)
{
    auto lifespan =
        read_integer(ctx, ctx.body.if_contains("lifespan"),
                     {.max = std::numeric_limits<std::int64_t>::max() - now_ms,
                      .message = "lifespan must be a non-negative integer of milliseconds",
                      .absent = 0});
    if (!lifespan)
        return std::move(lifespan).refusal();
    auto const* role = ctx.body.if_contains("role");
    auto const parsed = role && role->is_string() ? whiteboard::parse_token_role(role->get_string())
                                                  : result<token_role>(error::invalid_argument);
    if (!parsed)
        return ctx.refuse(http::status::bad_request,
                          R"(role must be "admin", "writer" or "reader")");
    return token_request{std::chrono::milliseconds(*lifespan), *parsed};
}

// 201 with the new token as a JSON string; a random nonce, the fake's clock.
http_response issue(app const& owner, token_kind kind, std::string_view uuid,
                    token_request const& t, std::int64_t now_ms)
{
    auto token = whiteboard::make_token(kind, owner.ak, owner.sk, t.role, uuid, t.lifespan,
                                        coverkit::detail::random_uuid_v4(), now_ms);
    return json_response(http::status::created, json::string(token));
}

} // namespace

http_response whiteboard_api::team_token(request_context& ctx)
{
    if (auto region = check_region(ctx); !region)
        return std::move(region).refusal();
    auto const* ak = ctx.body.if_contains("accessKey");
    auto const* sk = ctx.body.if_contains("secretAccessKey");
    if (!ak || !ak->is_string() || !sk || !sk->is_string())
        return ctx.refuse(http::status::bad_request,
                          "accessKey and secretAccessKey must be strings");
    auto const now = clock_.now_ms();
    auto t = read_token_request(ctx, now);
    if (!t)
        return std::move(t).refusal();
    auto const* owner = tokens_.find_app(ak->get_string());
    // Compared in constant time; the message never names which half was wrong.
    if (!owner || !coverkit::detail::constant_time_equal(owner->sk, sk->get_string()))
        return ctx.refuse(http::status::unauthorized, "invalid accessKey or secretAccessKey");
    return issue(*owner, token_kind::sdk, {}, *t, now);
}

// A ROOM or TASK token: any SDK token may ask, for a role no higher than its own.
http_response whiteboard_api::resource_token(request_context& ctx, token_kind kind)
{
    // A team-level check: ROOM and TASK tokens are refused whatever their uuid.
    auto c = check_caller(ctx, token_role::reader, {});
    if (!c)
        return std::move(c).refusal();
    auto const& uuid = ctx.segments.at(3);
    if (kind == token_kind::room && !rooms_.find(uuid, c->access.claims->ak, c->region))
        return ctx.refuse(http::status::not_found, "room not found");
    // Tasks are not modelled: any uuid names one, but a token needs a uuid.
    if (kind == token_kind::task && uuid.empty())
        return ctx.refuse(http::status::not_found, "task not found");
    auto const now = clock_.now_ms();
    auto t = read_token_request(ctx, now);
    if (!t)
        return std::move(t).refusal();
    if (!whiteboard::role_allows(c->access.claims->role, t->role))
        return ctx.refuse(http::status::forbidden, "token access role forbidden");
    return issue(*c->access.owner, kind, uuid, *t, now);
}

} // namespace coverkit::fake::detail
