//
// coverkit — whiteboard scenes and media albums to pictures
//
// Whiteboard tokens: their format, how they are signed and checked: docs/contract.md,
// "Whiteboard tokens".
//
#ifndef COVERKIT_WHITEBOARD_TOKEN_HPP
#define COVERKIT_WHITEBOARD_TOKEN_HPP

#include <coverkit/error.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace coverkit::whiteboard {

/** The access role a whiteboard token grants.

    The numeric values are the ones written into the token's `role` field. A higher role includes
    the lower ones: `admin` ⊇ `writer` ⊇ `reader`.
*/
enum class token_role
{
    /// Everything, including banning rooms. Written as `"0"`.
    admin = 0,
    /// Create and change rooms and scenes, take screenshots. Written as `"1"`.
    writer = 1,
    /// Read only. Written as `"2"`.
    reader = 2,
};

/** The kind of a whiteboard token, which decides its prefix and whether it names a uuid.

    An `sdk` token is for a whole app; a `room` token is for one room and a `task` token for one
    task, both named by the token's `uuid`.
*/
enum class token_kind
{
    /// `NETLESSSDK_`: an app-wide token; it has no `uuid`.
    sdk,
    /// `NETLESSROOM_`: a token for the room its `uuid` names.
    room,
    /// `NETLESSTASK_`: a token for the task its `uuid` names.
    task,
};

/** Returns the API name of a role: `"admin"`, `"writer"` or `"reader"`.

    Returns an empty view for a value outside the enumeration. Thread safety: safe.
*/
std::string_view to_string(token_role role) noexcept;

/** Parses a role from its API name.

    @param name `"admin"`, `"writer"` or `"reader"`, case-sensitive.
    @return The role, or `error::invalid_argument` for any other text.
    Thread safety: safe.
*/
result<token_role> parse_token_role(std::string_view name);

/** Returns whether a token granted `granted` may perform an operation that needs `needed`.

    `admin` allows everything, `writer` allows `writer` and `reader`, `reader` only `reader`.
    Values outside the enumeration allow nothing and satisfy nothing. Thread safety: safe.
*/
bool role_allows(token_role granted, token_role needed) noexcept;

/** Returns the prefix of a token kind: `"NETLESSSDK_"`, `"NETLESSROOM_"` or `"NETLESSTASK_"`.

    Returns an empty view for a value outside the enumeration. Thread safety: safe.
*/
std::string_view token_prefix(token_kind kind) noexcept;

/** Builds a whiteboard token from explicit inputs; a pure function.

    Follows the token format of the contract: the fields `ak`, `nonce`, `role`, `uuid` (ROOM and
    TASK only) and `expireAt` (only when `lifespan` > 0) are signed with HMAC-SHA256 under `sk`
    over their sorted compact JSON, the signature is added as `sig`, and the sorted,
    `encodeURIComponent`-encoded query is base64url-encoded without padding behind the kind's
    prefix. The same inputs always give the same token.

    @param kind Which token to build.
    @param ak The app's access key.
    @param sk The app's secret key; used only as the HMAC key and never copied into the result.
    @param role The role to grant.
    @param uuid The room or task uuid: required (non-empty) for `room` and `task`, and must be
           empty for `sdk`.
    @param lifespan How long the token lives; zero means it never expires (no `expireAt`).
    @param nonce The token's nonce, usually a random v4 uuid.
    @param now_ms The current Unix time in milliseconds; `expireAt` = `now_ms + lifespan`.
    @throws std::invalid_argument when `uuid` does not fit `kind`, `lifespan` is negative,
            `now_ms + lifespan` overflows, or `kind` or `role` is outside its enumeration. The
            exception never contains `sk`.
    Thread safety: safe.
*/
std::string make_token(token_kind kind, std::string_view ak, std::string_view sk, token_role role,
                       std::string_view uuid, std::chrono::milliseconds lifespan,
                       std::string_view nonce, std::int64_t now_ms);

/// The fields of a whiteboard token, as found by `parse_token` or `verify_token`.
struct token_claims
{
    /// The kind, from the token's prefix.
    token_kind kind = token_kind::sdk;
    /// The app's access key (`ak`).
    std::string ak;
    /// The token's nonce.
    std::string nonce;
    /// The granted role.
    token_role role = token_role::reader;
    /// The room or task uuid; empty for an SDK token without one.
    std::string uuid;
    /// The absolute expiry in Unix milliseconds, or empty when the token never expires.
    std::optional<std::int64_t> expire_at_ms;

    /// Compares every field.
    friend bool operator==(token_claims const&, token_claims const&) = default;
};

/** Makes whiteboard tokens for one app, from a nonce source and a clock.

    Holds the access key and the secret key. The secret is used only to sign: no member function
    returns, prints or throws it.

    @par Thread safety
    Distinct objects: safe. Shared objects: the `const` member functions are safe to call
    concurrently when the nonce source and clock are (the defaults are).
*/
class token_generator
{
public:
    /// Returns a fresh nonce for each token.
    using nonce_source = std::function<std::string()>;
    /// Returns the current Unix time in milliseconds.
    using clock = std::function<std::int64_t()>;

    /** Constructs a generator with random v4 uuid nonces and the system clock.

        @param ak The app's access key.
        @param sk The app's secret key.
    */
    token_generator(std::string ak, std::string sk);

    /** Constructs a generator with an injected nonce source and clock; for reproducible tokens.

        @param ak The app's access key.
        @param sk The app's secret key.
        @param nonce Called once per token for its nonce.
        @param now Called once per token for the current Unix time in milliseconds.
        @throws std::invalid_argument when `nonce` or `now` is empty.
    */
    token_generator(std::string ak, std::string sk, nonce_source nonce, clock now);

    /** Makes an SDK token (`NETLESSSDK_…`) for the whole app.

        @param role The role to grant.
        @param lifespan How long the token lives; zero (the default) means it never expires.
        @throws std::invalid_argument for a negative lifespan (see `make_token`); whatever the
                nonce source or clock throws; `std::runtime_error` when the default nonce source
                cannot get random bytes.
    */
    std::string sdk_token(token_role role, std::chrono::milliseconds lifespan = {}) const;

    /** Makes a ROOM token (`NETLESSROOM_…`) for one room.

        @param room_uuid The room's uuid; must not be empty.
        @param role The role to grant.
        @param lifespan How long the token lives; zero (the default) means it never expires.
        @throws std::invalid_argument for an empty uuid or a negative lifespan; otherwise as
                `sdk_token`.
    */
    std::string room_token(std::string_view room_uuid, token_role role,
                           std::chrono::milliseconds lifespan = {}) const;

    /** Makes a TASK token (`NETLESSTASK_…`) for one task.

        @param task_uuid The task's uuid; must not be empty.
        @param role The role to grant.
        @param lifespan How long the token lives; zero (the default) means it never expires.
        @throws std::invalid_argument for an empty uuid or a negative lifespan; otherwise as
                `sdk_token`.
    */
    std::string task_token(std::string_view task_uuid, token_role role,
                           std::chrono::milliseconds lifespan = {}) const;

    /// Returns the access key the generator signs for.
    std::string const& access_key() const noexcept { return ak_; }

private:
    std::string make(token_kind kind, std::string_view uuid, token_role role,
                     std::chrono::milliseconds lifespan) const;

    std::string ak_;
    std::string sk_;
    nonce_source nonce_;
    clock now_;
};

/** Decodes a token and reads its fields without checking the signature.

    Strips the prefix, base64url-decodes the rest (standard alphabet and `=` padding accepted,
    padding optional) and parses the query in any field order, with `+` read as a space. Requires
    `ak`, `nonce`, `role` (`"0"`, `"1"` or `"2"`), `sig`, and a non-empty `uuid` for ROOM and TASK
    tokens; `expireAt`, when present, must be a decimal integer. Unknown fields are allowed and
    ignored. A `uuid` in an SDK token is reported as it is.

    @param token The whole token, prefix included.
    @return The claims, or `error::malformed_token` for an unknown prefix, text that does not
            decode, a query pair without `=` or with an empty key, a bad `%` escape, a
            duplicate key (after decoding), a missing field or a field of the wrong form.
    Thread safety: safe. Never puts the token into an error.
*/
result<token_claims> parse_token(std::string_view token);

/** Checks a token completely, as the fake server does, and returns its claims.

    Parses the token as `parse_token` does; looks up the secret of its `ak` with `secret_for`;
    rebuilds the signed JSON from every field except `sig` (unknown fields included, sorted by key
    bytes); recomputes the HMAC and compares it with `sig` in constant time; then rejects a token
    whose `expireAt` is earlier than `now_ms` (a token is still valid at its `expireAt`). The
    prefix is not covered by the signature; callers check `kind` against the operation. Roles and
    uuids are left to the caller (`role_allows`).

    @param token The whole token, prefix included.
    @param secret_for Returns the secret key of an access key, or `std::nullopt` when the access
           key is unknown.
    @param now_ms The verifier's current Unix time in milliseconds.
    @return The claims, or `error::malformed_token` (as `parse_token`),
            `error::bad_token_signature` (unknown access key or wrong signature) or
            `error::expired_token`.
    Thread safety: safe when `secret_for` is. Exceptions from `secret_for` propagate.
*/
result<token_claims>
verify_token(std::string_view token,
             std::function<std::optional<std::string>(std::string_view ak)> const& secret_for,
             std::int64_t now_ms);

} // namespace coverkit::whiteboard

#include <coverkit/whiteboard/impl/token.hpp>

#endif
