#include "token_authority.hpp"

namespace coverkit::fake::detail {

namespace http = boost::beast::http;
using whiteboard::token_kind;
using whiteboard::token_role;

token_authority::token_authority(std::vector<app> const& apps, fake_clock const& clock)
    : clock_(clock)
{
    set_apps(apps);
}

void token_authority::set_apps(std::vector<app> const& apps)
{
    reset();
    apps_.clear();
    for (auto const& a : apps)
        apps_.emplace(a.ak, a);
}

app const* token_authority::find_app(std::string_view ak) const
{
    auto const it = apps_.find(ak);
    return it == apps_.end() ? nullptr : &it->second;
}

checked<token_access> token_authority::authenticate(request_context const& ctx,
                                                    std::string_view token)
{
    auto const now = clock_.now_ms();
    std::shared_ptr<whiteboard::token_claims const> known;
    {
        std::lock_guard lock(verified_mutex_);
        if (auto const hit = verified_.find(token); hit != verified_.end())
            known = hit->second;
    }
    if (!known) {
        // Verified without the lock: checking the signature is the slow part.
        auto claims = whiteboard::verify_token(
            token,
            [&](std::string_view ak) -> std::optional<std::string> {
                auto const* a = find_app(ak);
                return a ? std::optional(a->sk) : std::nullopt;
            },
            now);
        if (!claims) {
            auto const e = claims.error();
            return ctx.refuse(http::status::unauthorized,
                              e == error::expired_token         ? "expired token"
                              : e == error::bad_token_signature ? "invalid signature of token"
                                                                : "invalid format of token");
        }
        known = std::make_shared<whiteboard::token_claims const>(std::move(*claims));
        std::lock_guard lock(verified_mutex_);
        if (verified_.size() >= max_verified)
            verified_.clear();
        verified_.emplace(token, known);
    } else if (known->expire_at_ms && *known->expire_at_ms < now) {
        // Signature known good; the expiry rule is verify_token's.
        return ctx.refuse(http::status::unauthorized, "expired token");
    }
    auto const* owner = find_app(known->ak);
    return token_access{std::move(known), owner};
}

checked<> token_authority::authorize(request_context const& ctx, token_access const& access,
                                     token_role needed, std::string_view room_uuid)
{
    auto const& claims = *access.claims;
    if (claims.kind == token_kind::task)
        return ctx.refuse(http::status::forbidden, "token access task forbidden");
    if (claims.kind == token_kind::room && (room_uuid.empty() || claims.uuid != room_uuid))
        return ctx.refuse(http::status::forbidden, "token access room forbidden");
    if (!whiteboard::role_allows(claims.role, needed))
        return ctx.refuse(http::status::forbidden, "token access role forbidden");
    return {};
}

} // namespace coverkit::fake::detail
