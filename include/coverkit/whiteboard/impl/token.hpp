#ifndef COVERKIT_WHITEBOARD_IMPL_TOKEN_HPP
#define COVERKIT_WHITEBOARD_IMPL_TOKEN_HPP

#include <coverkit/detail/crypto.hpp>
#include <coverkit/detail/encoding.hpp>

#include <array>
#include <charconv>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

namespace coverkit::detail {

// std::string's ordering is char_traits<char>::compare, which compares as unsigned char: byte
// order, as the contract requires.
using wb_token_fields = std::map<std::string, std::string>;

struct wb_parsed_token
{
    whiteboard::token_kind kind;
    wb_token_fields fields;
};

inline constexpr std::array<whiteboard::token_kind, 3> wb_all_token_kinds{
    whiteboard::token_kind::sdk, whiteboard::token_kind::room, whiteboard::token_kind::task};

inline std::string wb_token_signed_json(wb_token_fields const& fields)
{
    std::string json = "{";
    bool first = true;
    for (auto const& [key, value] : fields) {
        if (key == "sig")
            continue;
        if (!first)
            json.push_back(',');
        first = false;
        append_js_json_string(json, key);
        json.push_back(':');
        append_js_json_string(json, value);
    }
    json.push_back('}');
    return json;
}

inline std::string wb_pack_token(whiteboard::token_kind kind, wb_token_fields const& fields)
{
    std::string query;
    for (auto const& [key, value] : fields) {
        if (!query.empty())
            query.push_back('&');
        query += encode_uri_component(key);
        query.push_back('=');
        query += encode_uri_component(value);
    }
    std::string token(whiteboard::token_prefix(kind));
    token += base64url_encode(query);
    return token;
}

inline result<wb_parsed_token> wb_parse_token_fields(std::string_view token)
{
    auto const malformed = make_error_code(error::malformed_token);
    wb_parsed_token out{};
    bool known = false;
    for (whiteboard::token_kind const k : wb_all_token_kinds) {
        std::string_view const prefix = whiteboard::token_prefix(k);
        if (token.substr(0, prefix.size()) == prefix) {
            out.kind = k;
            token.remove_prefix(prefix.size());
            known = true;
            break;
        }
    }
    if (!known)
        return malformed;
    std::optional<std::string> const query = base64url_decode(token);
    if (!query || query->empty())
        return malformed;
    std::string_view rest = *query;
    while (true) {
        std::size_t const amp = rest.find('&');
        std::string_view const pair = rest.substr(0, amp);
        std::size_t const eq = pair.find('=');
        if (eq == std::string_view::npos)
            return malformed;
        auto key = decode_query_component(pair.substr(0, eq));
        auto value = decode_query_component(pair.substr(eq + 1));
        if (!key || !value || key->empty())
            return malformed;
        if (!out.fields.emplace(std::move(*key), std::move(*value)).second)
            return malformed;
        if (amp == std::string_view::npos)
            break;
        rest.remove_prefix(amp + 1);
    }
    return out;
}

inline result<whiteboard::token_claims> wb_token_claims_from(wb_parsed_token const& parsed)
{
    auto const malformed = make_error_code(error::malformed_token);
    auto const& f = parsed.fields;
    auto const ak = f.find("ak");
    auto const nonce = f.find("nonce");
    auto const role = f.find("role");
    if (ak == f.end() || nonce == f.end() || role == f.end() || !f.contains("sig"))
        return malformed;

    whiteboard::token_claims c;
    c.kind = parsed.kind;
    c.ak = ak->second;
    c.nonce = nonce->second;
    if (role->second == "0")
        c.role = whiteboard::token_role::admin;
    else if (role->second == "1")
        c.role = whiteboard::token_role::writer;
    else if (role->second == "2")
        c.role = whiteboard::token_role::reader;
    else
        return malformed;

    if (auto const uuid = f.find("uuid"); uuid != f.end())
        c.uuid = uuid->second;
    if (parsed.kind != whiteboard::token_kind::sdk && c.uuid.empty())
        return malformed;

    if (auto const exp = f.find("expireAt"); exp != f.end()) {
        std::string const& s = exp->second;
        std::int64_t v = 0;
        auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc{} || end != s.data() + s.size())
            return malformed;
        c.expire_at_ms = v;
    }
    return c;
}

} // namespace coverkit::detail

namespace coverkit::whiteboard {

inline std::string_view to_string(token_role role) noexcept
{
    switch (role) {
    case token_role::admin:
        return "admin";
    case token_role::writer:
        return "writer";
    case token_role::reader:
        return "reader";
    }
    return {};
}

inline result<token_role> parse_token_role(std::string_view name)
{
    if (name == "admin")
        return token_role::admin;
    if (name == "writer")
        return token_role::writer;
    if (name == "reader")
        return token_role::reader;
    return make_error_code(error::invalid_argument);
}

inline bool role_allows(token_role granted, token_role needed) noexcept
{
    auto const g = static_cast<int>(granted);
    auto const n = static_cast<int>(needed);
    // Lower numbers are stronger roles.
    return g >= 0 && g <= 2 && n >= 0 && n <= 2 && g <= n;
}

inline std::string_view token_prefix(token_kind kind) noexcept
{
    switch (kind) {
    case token_kind::sdk:
        return "NETLESSSDK_";
    case token_kind::room:
        return "NETLESSROOM_";
    case token_kind::task:
        return "NETLESSTASK_";
    }
    return {};
}

inline std::string make_token(token_kind kind, std::string_view ak, std::string_view sk,
                              token_role role, std::string_view uuid,
                              std::chrono::milliseconds lifespan, std::string_view nonce,
                              std::int64_t now_ms)
{
    if (token_prefix(kind).empty())
        throw std::invalid_argument("coverkit: make_token: unknown token kind");
    if (to_string(role).empty())
        throw std::invalid_argument("coverkit: make_token: unknown token role");
    if (kind == token_kind::sdk && !uuid.empty())
        throw std::invalid_argument("coverkit: make_token: an SDK token takes no uuid");
    if (kind != token_kind::sdk && uuid.empty())
        throw std::invalid_argument("coverkit: make_token: a ROOM or TASK token needs a uuid");
    if (lifespan.count() < 0)
        throw std::invalid_argument("coverkit: make_token: negative lifespan");

    coverkit::detail::wb_token_fields fields;
    fields.emplace("ak", ak);
    fields.emplace("nonce", nonce);
    fields.emplace("role", std::string(1, static_cast<char>('0' + static_cast<int>(role))));
    if (kind != token_kind::sdk)
        fields.emplace("uuid", uuid);
    if (lifespan.count() > 0) {
        std::int64_t const span = lifespan.count();
        if (now_ms > std::numeric_limits<std::int64_t>::max() - span)
            throw std::invalid_argument("coverkit: make_token: expireAt overflows");
        fields.emplace("expireAt", std::to_string(now_ms + span));
    }
    std::string sig =
        coverkit::detail::hmac_sha256_hex(sk, coverkit::detail::wb_token_signed_json(fields));
    fields.emplace("sig", std::move(sig));
    return coverkit::detail::wb_pack_token(kind, fields);
}

inline token_generator::token_generator(std::string ak, std::string sk)
    : token_generator(
          std::move(ak), std::move(sk), [] { return coverkit::detail::random_uuid_v4(); },
          [] {
              auto const d = std::chrono::system_clock::now().time_since_epoch();
              return static_cast<std::int64_t>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
          })
{}

inline token_generator::token_generator(std::string ak, std::string sk, nonce_source nonce,
                                        clock now)
    : ak_(std::move(ak)), sk_(std::move(sk)), nonce_(std::move(nonce)), now_(std::move(now))
{
    if (!nonce_ || !now_)
        throw std::invalid_argument("coverkit: token_generator needs a nonce source and a clock");
}

inline std::string token_generator::make(token_kind kind, std::string_view uuid, token_role role,
                                         std::chrono::milliseconds lifespan) const
{
    std::string const nonce = nonce_();
    std::int64_t const now = now_();
    return make_token(kind, ak_, sk_, role, uuid, lifespan, nonce, now);
}

inline std::string token_generator::sdk_token(token_role role,
                                              std::chrono::milliseconds lifespan) const
{
    return make(token_kind::sdk, {}, role, lifespan);
}

inline std::string token_generator::room_token(std::string_view room_uuid, token_role role,
                                               std::chrono::milliseconds lifespan) const
{
    return make(token_kind::room, room_uuid, role, lifespan);
}

inline std::string token_generator::task_token(std::string_view task_uuid, token_role role,
                                               std::chrono::milliseconds lifespan) const
{
    return make(token_kind::task, task_uuid, role, lifespan);
}

inline result<token_claims> parse_token(std::string_view token)
{
    auto parsed = coverkit::detail::wb_parse_token_fields(token);
    if (!parsed)
        return parsed.error();
    return coverkit::detail::wb_token_claims_from(*parsed);
}

inline result<token_claims>
verify_token(std::string_view token,
             std::function<std::optional<std::string>(std::string_view ak)> const& secret_for,
             std::int64_t now_ms)
{
    auto parsed = coverkit::detail::wb_parse_token_fields(token);
    if (!parsed)
        return parsed.error();
    auto claims = coverkit::detail::wb_token_claims_from(*parsed);
    if (!claims)
        return claims.error();

    std::optional<std::string> const sk = secret_for(claims->ak);
    if (!sk)
        return make_error_code(error::bad_token_signature);
    std::string const expected = coverkit::detail::hmac_sha256_hex(
        *sk, coverkit::detail::wb_token_signed_json(parsed->fields));
    if (!coverkit::detail::constant_time_equal(expected, parsed->fields.at("sig")))
        return make_error_code(error::bad_token_signature);

    if (claims->expire_at_ms && *claims->expire_at_ms < now_ms)
        return make_error_code(error::expired_token);
    return claims;
}

} // namespace coverkit::whiteboard

#endif
