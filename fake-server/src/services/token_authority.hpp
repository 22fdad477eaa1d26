#ifndef COVERKIT_FAKE_SRC_SERVICES_TOKEN_AUTHORITY_HPP
#define COVERKIT_FAKE_SRC_SERVICES_TOKEN_AUTHORITY_HPP

#include "../core/request.hpp"
#include "../core/state_mutex.hpp"
#include "clock.hpp"

#include <coverkit/fake/fixture.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace coverkit::fake::detail {

/** Who a valid whiteboard token speaks for. `owner` points into the authority's apps: valid
    while the request that checked the token is answered (the apps change only under the
    server's lock held alone). */
struct token_access
{
    std::shared_ptr<whiteboard::token_claims const> claims;
    app const* owner = nullptr;
};

/** The fixture's apps and the checks of whiteboard tokens (the v5 API and the legacy cover API
    share them): their form, signature and expiry (401), and what they allow (403). */
class token_authority
{
public:
    token_authority(std::vector<app> const& apps, fake_clock const& clock);

    /// The app of access key `ak`, or null.
    app const* find_app(std::string_view ak) const;

    /** Verifies a token's form, signature and expiry on the fake's clock: 401 "invalid format
        of token", "invalid signature of token" or "expired token" on failure. Safe to call
        from requests running side by side. */
    checked<token_access> authenticate(request_context const& ctx, std::string_view token);

    /** Checks that a verified token may do an operation needing `needed` on `room_uuid` (empty
        for team-level operations): 403 for a TASK token, a ROOM token of another room (or on a
        team-level operation), or a lower role. */
    static checked<> authorize(request_context const& ctx, token_access const& access,
                               whiteboard::token_role needed, std::string_view room_uuid);

    /// Forgets the tokens it has verified.
    void reset() noexcept
    {
        std::lock_guard lock(verified_mutex_);
        verified_.clear();
    }

    /// From now on knows `apps` (and forgets the tokens it has verified).
    void set_apps(std::vector<app> const& apps);

private:
    // Hashes `std::string` and `std::string_view` alike, for lookups without a copy.
    struct string_hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept
        {
            return std::hash<std::string_view>{}(s);
        }
    };

    std::map<std::string, app, std::less<>> apps_; // by ak
    fake_clock const& clock_;
    /** Tokens whose signature has been checked, and their claims. The apps never change while
        the fake runs, so a token that verified once verifies again: only its expiry is checked
        anew. Bounded; emptied by `reset()`. Guarded by `verified_mutex_`: requests that
        only read the server's state check tokens side by side. */
    std::unordered_map<std::string, std::shared_ptr<whiteboard::token_claims const>, string_hash,
                       std::equal_to<>>
        verified_;
    brief_mutex verified_mutex_;
    static constexpr std::size_t max_verified = 4096;
};

} // namespace coverkit::fake::detail

#endif
