#include <coverkit/fake/server.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/exchange.hpp"

#include <coverkit/whiteboard/token.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The whiteboard v5 token, room and scene endpoints: token generation, room
// creation, listing, information and banning, scene listing, adding and switching, checked on
// the wire over every contract environment.

using namespace std::string_literals;
namespace wb = coverkit::whiteboard;
namespace http = boost::beast::http;
namespace json = boost::json;
using coverkit::test::raw_request;
using wb::token_kind;
using wb::token_role;

namespace {

// Rooms of tests/data/contract.json.
constexpr std::string_view main_room = coverkit::test::main_room;           // cn-hz, myAK
constexpr std::string_view us_room = "0000000000000000000000000000us01";    // us-sv, myAK
constexpr std::string_view eu_room = "0000000000000000000000000000eu01";    // eu, myAK
constexpr std::string_view off_room = "0000000000000000000000000000off1";   // cn-hz, offAK
constexpr std::string_view other_room = "0000000000000000000000000000oth1"; // cn-hz, otherAK
constexpr std::string_view absent_room = "00000000000000000000000000000000";
// myAK's cn-hz rooms, by uuid.
std::vector<std::string> const fixture_cn_hz_rooms{
    "0000000000000000000000000000noin", "0000000000000000000000000000page",
    "0000000000000000000000000000seed", std::string(main_room)};

// Every scene of the main room, depth first: a directory's scenes, then its sub-directories by
// name.
std::vector<std::string> const main_room_scenes{"/init",
                                                "/english",
                                                "/deck/page1",
                                                "/only-dirs/deeper/leaf",
                                                "/physics/newtonian-mechanics",
                                                "/physics/quantum-mechanics/first-chapter",
                                                "/test/cover",
                                                "/test/page1",
                                                "/test/page2"};

// A fixed clock for the fake, in Unix milliseconds, and its ISO 8601 form.
constexpr std::int64_t fixed_now_ms = 1'700'000'000'000;
constexpr std::string_view fixed_now_iso = "2023-11-14T22:13:20.000Z";

constexpr std::array<token_role, 3> all_roles{token_role::admin, token_role::writer,
                                              token_role::reader};

// ---- requests ----

// `s` as a JSON string literal.
std::string str(std::string_view s)
{
    return json::serialize(json::value(json::string(s)));
}

// A JSON object from raw JSON fragments; a field whose fragment is empty is left out.
std::string object(std::initializer_list<std::pair<std::string_view, std::string>> fields)
{
    std::string out = "{";
    for (auto const& [key, fragment] : fields) {
        if (fragment.empty())
            continue;
        if (out.size() > 1)
            out += ',';
        out += str(key) + ":" + fragment;
    }
    return out + "}";
}

// `{lifespan, role}` of a token request, from raw fragments.
std::string token_body(std::string role, std::string lifespan = "0")
{
    return object({{"lifespan", std::move(lifespan)}, {"role", std::move(role)}});
}

// `{accessKey, secretAccessKey, lifespan, role}` of a team token request.
std::string team_body(std::string_view ak, std::string_view sk, std::string role = str("admin"),
                      std::string lifespan = "0")
{
    return object({{"accessKey", str(ak)},
                   {"secretAccessKey", str(sk)},
                   {"lifespan", std::move(lifespan)},
                   {"role", std::move(role)}});
}

template <class Env>
coverkit::http_response call(Env& env, http::verb method, std::string path,
                             std::optional<std::string> token, std::string body = {},
                             std::optional<std::string> region = std::nullopt)
{
    raw_request r;
    r.method = method;
    r.path = std::move(path);
    r.token = std::move(token);
    r.region = std::move(region);
    r.body = std::move(body);
    return coverkit::test::exchange(env, r);
}

std::string room_info_path(std::string_view room)
{
    return "/v5/rooms/"s.append(room);
}

std::string scenes_path(std::string_view room)
{
    return coverkit::test::room_path(room, "scenes");
}

std::string scene_state_path(std::string_view room)
{
    return coverkit::test::room_path(room, "scene-state");
}

template <class Env>
std::string sdk(Env& env, token_role role = token_role::writer)
{
    return coverkit::test::tokens(env.fake).sdk_token(role);
}

template <class Env>
std::string room_token(Env& env, std::string_view room, token_role role = token_role::writer)
{
    return coverkit::test::tokens(env.fake).room_token(room, role);
}

// ---- answers ----

// A success: `status`, a JSON content type, an `x-request-id`; returns the parsed body.
json::value ok_json(coverkit::http_response const& res, unsigned status)
{
    BOOST_TEST_REQUIRE(res.result_int() == status,
                       "status " << res.result_int() << ", body " << res.body());
    BOOST_TEST(res[http::field::content_type].starts_with("application/json"));
    BOOST_TEST(!res["x-request-id"].empty());
    boost::system::error_code ec;
    auto jv = json::parse(res.body(), ec);
    BOOST_TEST_REQUIRE(!ec, "body is not JSON: " << res.body());
    return jv;
}

// A v5 error: `status` and a body of exactly `{"message": ...}`, the text `message` when given.
void check_error(coverkit::http_response const& res, unsigned status, std::string_view message = {})
{
    auto const jv = ok_json(res, status);
    BOOST_TEST_REQUIRE(jv.is_object(), "error body is not an object: " << jv);
    BOOST_TEST(jv.get_object().size() == 1u, "error body: " << jv);
    auto const* m = jv.get_object().if_contains("message");
    BOOST_TEST_REQUIRE((m && m->is_string()), "error body has no message: " << jv);
    if (message.empty())
        BOOST_TEST(!m->get_string().empty());
    else
        BOOST_TEST(m->get_string() == message);
}

std::vector<std::string> strings_of(json::value const& jv)
{
    BOOST_TEST_REQUIRE(jv.is_array(), "not an array: " << jv);
    std::vector<std::string> out;
    for (auto const& v : jv.get_array()) {
        BOOST_TEST_REQUIRE(v.is_string(), "not a string: " << v);
        out.emplace_back(v.get_string());
    }
    return out;
}

std::vector<std::string> uuids_of(json::value const& rooms)
{
    BOOST_TEST_REQUIRE(rooms.is_array(), "not an array: " << rooms);
    std::vector<std::string> out;
    for (auto const& r : rooms.get_array())
        out.emplace_back(r.at("uuid").as_string());
    return out;
}

bool is_room_uuid(std::string_view s)
{
    return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// Whether `s` has the form 2023-11-14T22:13:20.000Z (`0` in the pattern stands for a digit).
bool is_iso_millis(std::string_view s)
{
    constexpr std::string_view pattern = "0000-00-00T00:00:00.000Z";
    if (s.size() != pattern.size())
        return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (pattern[i] == '0' ? (s[i] < '0' || s[i] > '9') : s[i] != pattern[i])
            return false;
    return true;
}

// The room object the README promises for a room of myAK (team 2811, app app-1).
json::object expected_room(std::string_view uuid, std::string_view created_at,
                           bool is_record = false, bool is_ban = false, int limit = 0,
                           std::optional<std::string_view> name = std::nullopt)
{
    json::object o{{"uuid", uuid},          {"teamUUID", "2811"}, {"appUUID", "app-1"},
                   {"isRecord", is_record}, {"isBan", is_ban},    {"createdAt", created_at},
                   {"limit", limit}};
    if (name)
        o["name"] = *name;
    return o;
}

/// `POST /v5/rooms` with `body` and a writer token: the room object it created.
template <class Env>
json::object create_room(Env& env, std::string body = "{}",
                         std::optional<std::string> region = std::nullopt)
{
    auto jv = ok_json(
        call(env, http::verb::post, "/v5/rooms", sdk(env), std::move(body), std::move(region)),
        201);
    BOOST_TEST_REQUIRE(jv.is_object(), "not a room object: " << jv);
    return std::move(jv.get_object());
}

template <class Env>
std::string new_room(Env& env, std::optional<std::string> region = std::nullopt)
{
    return std::string(create_room(env, "{}", std::move(region)).at("uuid").as_string());
}

/// `GET /v5/rooms?{query}` with a writer token (and `region`): the uuids listed.
template <class Env>
std::vector<std::string> list_rooms(Env& env, std::string const& query = {},
                                    std::optional<std::string> region = std::nullopt)
{
    return uuids_of(ok_json(
        call(env, http::verb::get, "/v5/rooms" + query, sdk(env), {}, std::move(region)), 200));
}

/// The scene paths `GET .../scenes` lists, for `query` ("" or "?sceneDir=...").
template <class Env>
std::vector<std::string> list_scenes(Env& env, std::string_view room, std::string query = {})
{
    return strings_of(
        ok_json(call(env, http::verb::get, scenes_path(room) + query, sdk(env)), 200));
}

/// `POST .../scenes` with `body`: the response.
template <class Env>
coverkit::http_response add_scenes(Env& env, std::string_view room, std::string body)
{
    return call(env, http::verb::post, scenes_path(room), sdk(env), std::move(body));
}

// An add-scenes body: `path`, and `scenes` as raw JSON.
std::string scenes_body(std::string_view path, std::string scenes)
{
    return object({{"path", str(path)}, {"scenes", std::move(scenes)}});
}

// `[{"name": n}, ...]`.
std::string named(std::initializer_list<std::string_view> names)
{
    std::string out = "[";
    for (auto n : names)
        out += (out.size() > 1 ? "," : "") + object({{"name", str(n)}});
    return out + "]";
}

/// The key of the room's current scene, as the legacy single-snapshot (which shoots the current
/// scene when given no scenePath) reports it.
template <class Env>
std::string current_scene_key(Env& env, std::string_view room)
{
    raw_request r;
    r.path = "/handle/rooms/single-snapshot";
    r.headers.emplace_back("roomToken", room_token(env, room));
    r.body = object({{"width", "8"}, {"height", "8"}, {"uuid", str(room)}});
    auto const jv = ok_json(coverkit::test::exchange(env, r), 200);
    return std::string(jv.at("msg").at("image").at("key").as_string());
}

std::string key_of(std::string_view room, std::string_view scene)
{
    return "room_cover/2811/"s.append(room).append(scene).append(".png");
}

/** A token the API handed out: a JSON string whose token verifies with `sk` on the fake's clock.
    @return Its claims. */
template <class Env>
wb::token_claims issued_token(Env& env, coverkit::http_response const& res,
                              std::string_view sk = "mySK")
{
    auto const jv = ok_json(res, 201);
    BOOST_TEST_REQUIRE(jv.is_string(), "not a JSON string: " << jv);
    auto const claims = wb::verify_token(
        jv.get_string(), [&](std::string_view) { return std::optional<std::string>(sk); },
        env.fake.now_ms());
    BOOST_TEST_REQUIRE(claims.has_value(), "the token does not verify: " << jv);
    return *claims;
}

std::string token_text(coverkit::http_response const& res)
{
    return std::string(ok_json(res, 201).as_string());
}

} // namespace

BOOST_AUTO_TEST_SUITE(contract_rooms)

// ---- permissions ----

// What an operation answers for a token.
enum class outcome
{
    success,        // its success status
    role_forbidden, // 403 token access role forbidden
    room_forbidden, // 403 token access room forbidden
};

BOOST_AUTO_TEST_CASE_TEMPLATE(the_permission_table, Env, coverkit::test::contract_environments)
{
    Env env;
    constexpr auto ok = outcome::success;
    constexpr auto role_403 = outcome::role_forbidden;
    constexpr auto room_403 = outcome::room_forbidden;
    auto const room = std::string(main_room);
    auto const shot = object({{"width", "64"}, {"height", "48"}});
    struct operation
    {
        std::string_view name;
        http::verb method;
        std::string path;
        std::string body;
        unsigned success;
        // For an SDK token of role admin, writer, reader; then a ROOM token of the room.
        std::array<outcome, 6> expected;
    };
    // POST /v5/tokens/teams takes no token: it is not in this table.
    auto const tokens_room = "/v5/tokens/rooms/" + room;
    auto const reader_body = token_body(str("reader"));
    auto const add_body = scenes_body("/added", named({"one"}));
    auto const ban_body = R"({"isBan":false})"s;
    auto const switch_body = R"({"scenePath":"/init"})"s;
    auto const shots = coverkit::test::room_path(room, "screenshots");
    auto const shot_list = coverkit::test::room_path(room, "screenshot-list");
    auto const get = http::verb::get, post = http::verb::post, patch = http::verb::patch;
    // clang-format off
    std::vector<operation> const table{
        // {name, method, path, body, success status,
        //  {SDK admin, writer,   reader,     ROOM admin, writer,   reader}},
        {"room token", post, tokens_room, reader_body, 201,
         {ok,       ok,       ok,         room_403, room_403, room_403}},
        {"task token", post, "/v5/tokens/tasks/t", reader_body, 201,
         {ok,       ok,       ok,         room_403, room_403, room_403}},
        {"create room", post, "/v5/rooms", "{}", 201,
         {ok,       ok,       role_403,   room_403, room_403, room_403}},
        {"list rooms", get, "/v5/rooms", "", 200,
         {ok,       ok,       role_403,   room_403, room_403, room_403}},
        {"room info", get, room_info_path(room), "", 200,
         {ok,       ok,       role_403,   ok,       ok,       role_403}},
        {"ban", patch, room_info_path(room), ban_body, 201,
         {ok,       role_403, role_403,   ok,       role_403, role_403}},
        {"scene list", get, scenes_path(room), "", 200,
         {ok,       ok,       role_403,   ok,       ok,       role_403}},
        {"add scenes", post, scenes_path(room), add_body, 201,
         {ok,       ok,       role_403,   ok,       ok,       role_403}},
        {"switch scene", patch, scene_state_path(room), switch_body, 201,
         {ok,       ok,       role_403,   ok,       ok,       role_403}},
        {"screenshots", post, shots, shot, 201,
         {ok,       ok,       role_403,   ok,       ok,       role_403}},
        {"screenshot list", post, shot_list, shot, 201,
         {ok,       ok,       role_403,   ok,       ok,       role_403}},
    };
    // clang-format on
    auto const gen = coverkit::test::tokens(env.fake);
    for (auto const& op : table) {
        for (std::size_t column = 0; column < op.expected.size(); ++column) {
            auto const role = all_roles[column % 3];
            bool const sdk_token = column < 3;
            BOOST_TEST_CONTEXT(op.name << " with " << (sdk_token ? "SDK " : "ROOM ")
                                       << wb::to_string(role))
            {
                auto const token = sdk_token ? gen.sdk_token(role) : gen.room_token(room, role);
                auto const res = call(env, op.method, op.path, token, op.body);
                switch (op.expected[column]) {
                case outcome::success:
                    BOOST_TEST(res.result_int() == op.success, "body " << res.body());
                    break;
                case outcome::role_forbidden:
                    check_error(res, 403, "token access role forbidden");
                    break;
                case outcome::room_forbidden:
                    check_error(res, 403, "token access room forbidden");
                    break;
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(task_tokens_and_other_rooms_tokens_are_refused, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const gen = coverkit::test::tokens(env.fake);
    struct target
    {
        http::verb method;
        std::string path;
    };
    for (auto const& [method, path] : std::vector<target>{
             {http::verb::post, "/v5/tokens/rooms/"s.append(main_room)},
             {http::verb::post, "/v5/tokens/tasks/some-task"},
             {http::verb::post, "/v5/rooms"},
             {http::verb::get, "/v5/rooms"},
             {http::verb::get, room_info_path(main_room)},
             {http::verb::patch, room_info_path(main_room)},
             {http::verb::get, scenes_path(main_room)},
             {http::verb::post, scenes_path(main_room)},
             {http::verb::patch, scene_state_path(main_room)},
         }) {
        BOOST_TEST_CONTEXT(http::to_string(method) << " " << path)
        {
            // Even an admin TASK token whose uuid is the room's, or the task's own.
            for (auto uuid : {main_room, std::string_view("some-task")})
                check_error(call(env, method, path, gen.task_token(uuid, token_role::admin), "{}"),
                            403, "token access task forbidden");
            check_error(call(env, method, path, gen.room_token(us_room, token_role::admin), "{}"),
                        403, "token access room forbidden");
        }
    }
}

// ---- POST /v5/tokens/teams ----

BOOST_AUTO_TEST_CASE_TEMPLATE(team_tokens_are_sdk_tokens_of_the_asked_role, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (auto role : all_roles) {
        BOOST_TEST_CONTEXT("role " << wb::to_string(role))
        {
            // No token header: the keys are the credentials.
            auto const claims =
                issued_token(env, call(env, http::verb::post, "/v5/tokens/teams", std::nullopt,
                                       team_body("myAK", "mySK", str(wb::to_string(role)))));
            BOOST_TEST((claims.kind == token_kind::sdk));
            BOOST_TEST(claims.ak == "myAK");
            BOOST_TEST((claims.role == role));
            BOOST_TEST(claims.uuid.empty());
            BOOST_TEST(!claims.expire_at_ms.has_value());
        }
    }
    // Another app's keys sign for that app.
    auto const other = issued_token(env,
                                    call(env, http::verb::post, "/v5/tokens/teams", std::nullopt,
                                         team_body("otherAK", "otherSK")),
                                    "otherSK");
    BOOST_TEST(other.ak == "otherAK");
    // Without a lifespan the token never expires; each token gets its own nonce.
    auto const a = issued_token(env, call(env, http::verb::post, "/v5/tokens/teams", std::nullopt,
                                          team_body("myAK", "mySK", str("writer"), "")));
    auto const b = issued_token(env, call(env, http::verb::post, "/v5/tokens/teams", std::nullopt,
                                          team_body("myAK", "mySK", str("writer"), "")));
    BOOST_TEST(!a.expire_at_ms.has_value());
    BOOST_TEST(a.nonce != b.nonce);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_team_token_creates_a_room, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token = token_text(call(env, http::verb::post, "/v5/tokens/teams", std::nullopt,
                                       team_body("myAK", "mySK", str("writer"))));
    BOOST_TEST(token.starts_with("NETLESSSDK_"));
    auto const room = ok_json(call(env, http::verb::post, "/v5/rooms", token, "{}"), 201);
    BOOST_TEST(is_room_uuid(room.at("uuid").as_string()));
    BOOST_TEST(room.at("appUUID").as_string() == "app-1");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wrong_team_credentials_are_401, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (auto const& [ak, sk] : std::vector<std::pair<std::string_view, std::string_view>>{
             {"myAK", "wrongSK"},    // wrong secret
             {"myAK", "otherSK"},    // another app's secret
             {"myAK", "mySKx"},      // a longer secret
             {"myAK", ""},           // an empty secret
             {"nobodyAK", "mySK"},   // unknown access key
             {"MYAK", "mySK"},       // keys are case-sensitive
             {"otherAK", "mySK"}}) { // another app's key with this secret
        BOOST_TEST_CONTEXT(ak << " / " << sk)
        {
            auto const res =
                call(env, http::verb::post, "/v5/tokens/teams", std::nullopt, team_body(ak, sk));
            check_error(res, 401, "invalid accessKey or secretAccessKey");
            if (!sk.empty())
                BOOST_TEST(res.body().find(sk) == std::string::npos);
        }
    }
    // The secret never reaches the journal.
    for (auto const& e : env.fake.journal())
        BOOST_TEST(e.target.find("SK") == std::string::npos, e.target);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(team_token_fields_are_checked, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    // Raw bodies: a missing or non-string key or secret.
    for (std::string const& body :
         {object({{"secretAccessKey", str("mySK")}, {"role", str("admin")}}),
          object({{"accessKey", str("myAK")}, {"role", str("admin")}}),
          object({{"accessKey", "5"}, {"secretAccessKey", str("mySK")}, {"role", str("admin")}}),
          object({{"accessKey", str("myAK")}, {"secretAccessKey", "null"}, {"role", str("admin")}}),
          "{}"s}) {
        BOOST_TEST_CONTEXT("body " << body)
        {
            check_error(call(env, http::verb::post, "/v5/tokens/teams", std::nullopt, body), 400);
        }
    }
    // A bad region.
    check_error(call(env, http::verb::post, "/v5/tokens/teams", std::nullopt,
                     team_body("myAK", "mySK"), "mars"),
                400, "invalid region");
}

// ---- token bodies: role and lifespan, on every token endpoint ----

BOOST_AUTO_TEST_CASE_TEMPLATE(roles_and_lifespans_are_checked, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    // "" leaves the field out.
    std::vector<std::string> const bad_roles{
        "", str("Admin"), str("owner"), str(""), str("0"), "0", "null", "true", "[\"admin\"]"};
    std::vector<std::string> const bad_lifespans{
        "-1", "1.5", str("1000"), "null", "true", "1e30", "[0]", "9223372036854775807"};
    struct endpoint
    {
        std::string path;
        std::optional<std::string> token;
        std::string (*body)(std::string role, std::string lifespan);
    };
    auto const team = [](std::string role, std::string lifespan) {
        return team_body("myAK", "mySK", std::move(role), std::move(lifespan));
    };
    for (auto const& [path, token, body] :
         {endpoint{"/v5/tokens/teams", std::nullopt, +team},
          endpoint{"/v5/tokens/rooms/"s.append(main_room), sdk(env, token_role::admin),
                   &token_body},
          endpoint{"/v5/tokens/tasks/a-task", sdk(env, token_role::admin), &token_body}}) {
        BOOST_TEST_CONTEXT(path)
        {
            for (auto const& role : bad_roles) {
                BOOST_TEST_CONTEXT("role " << role)
                {
                    check_error(call(env, http::verb::post, path, token, body(role, "0")), 400,
                                R"(role must be "admin", "writer" or "reader")");
                }
            }
            for (auto const& lifespan : bad_lifespans) {
                BOOST_TEST_CONTEXT("lifespan " << lifespan)
                {
                    check_error(
                        call(env, http::verb::post, path, token, body(str("admin"), lifespan)), 400,
                        "lifespan must be a non-negative integer of milliseconds");
                }
            }
            // The same body with good values passes: the 400s above come from the values.
            for (auto const& lifespan : {"0"s, "1"s, "3600000"s, "1e3"s, ""s}) {
                BOOST_TEST_CONTEXT("lifespan " << lifespan)
                {
                    BOOST_TEST(
                        call(env, http::verb::post, path, token, body(str("admin"), lifespan))
                            .result_int() == 201u);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_lifespan_expires_on_the_fakes_clock, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    env.fake.set_clock(fixed_now_ms);
    auto const admin = sdk(env, token_role::admin);
    struct issued
    {
        std::string_view name;
        coverkit::http_response res;
    };
    for (auto const& [name, res] : {
             issued{"team", call(env, http::verb::post, "/v5/tokens/teams", std::nullopt,
                                 team_body("myAK", "mySK", str("writer"), "60000"))},
             issued{"room", call(env, http::verb::post, "/v5/tokens/rooms/"s.append(main_room),
                                 admin, token_body(str("writer"), "60000"))},
         }) {
        BOOST_TEST_CONTEXT(name << " token")
        {
            env.fake.set_clock(fixed_now_ms);
            BOOST_TEST(issued_token(env, res).expire_at_ms.value_or(-1) == fixed_now_ms + 60'000);
            auto const token = token_text(res);
            auto const shoot = [&] {
                return call(env, http::verb::post,
                            coverkit::test::room_path(main_room, "screenshots"), token,
                            R"({"width":8,"height":8})");
            };
            env.fake.set_clock(fixed_now_ms + 60'000); // still valid at expireAt
            BOOST_TEST(shoot().result_int() == 201u);
            env.fake.set_clock(fixed_now_ms + 60'001);
            check_error(shoot(), 401, "expired token");
        }
    }
    // A task token carries its expiry too.
    env.fake.set_clock(fixed_now_ms);
    auto const task = issued_token(env, call(env, http::verb::post, "/v5/tokens/tasks/t1", admin,
                                             token_body(str("reader"), "1")));
    BOOST_TEST(task.expire_at_ms.value_or(-1) == fixed_now_ms + 1);
}

// ---- POST /v5/tokens/rooms/{uuid}, /v5/tokens/tasks/{uuid} ----

BOOST_AUTO_TEST_CASE_TEMPLATE(room_and_task_tokens_name_their_uuid, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const caller = sdk(env, token_role::admin);
    for (auto role : all_roles) {
        BOOST_TEST_CONTEXT("role " << wb::to_string(role))
        {
            auto const body = token_body(str(wb::to_string(role)));
            auto const room =
                issued_token(env, call(env, http::verb::post,
                                       "/v5/tokens/rooms/"s.append(main_room), caller, body));
            BOOST_TEST((room.kind == token_kind::room));
            BOOST_TEST(room.uuid == main_room);
            BOOST_TEST((room.role == role));
            BOOST_TEST(room.ak == "myAK");
            BOOST_TEST(!room.expire_at_ms.has_value());
            auto const task = issued_token(
                env, call(env, http::verb::post, "/v5/tokens/tasks/task-42", caller, body));
            BOOST_TEST((task.kind == token_kind::task));
            BOOST_TEST(task.uuid == "task-42");
            BOOST_TEST((task.role == role));
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_generated_room_token_works_in_its_room_only, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token =
        token_text(call(env, http::verb::post, "/v5/tokens/rooms/"s.append(main_room), sdk(env),
                        token_body(str("writer"))));
    BOOST_TEST(token.starts_with("NETLESSROOM_"));
    auto const shot = R"({"width":64,"height":48,"path":"/test/cover"})";
    auto const img = ok_json(call(env, http::verb::post,
                                  coverkit::test::room_path(main_room, "screenshots"), token, shot),
                             201);
    BOOST_TEST(img.at("key").as_string() == key_of(main_room, "/test/cover"));
    check_error(call(env, http::verb::post,
                     coverkit::test::room_path(fixture_cn_hz_rooms[0], "screenshots"), token, shot),
                403, "token access room forbidden");
    // The room token of a room in another region is made and used in that region.
    auto const us = token_text(call(env, http::verb::post, "/v5/tokens/rooms/"s.append(us_room),
                                    sdk(env), token_body(str("writer")), "us-sv"));
    BOOST_TEST(call(env, http::verb::get, room_info_path(us_room), us, {}, "us-sv").result_int() ==
               200u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_generated_role_above_the_callers_is_403, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (auto caller : all_roles) {
        for (auto asked : all_roles) {
            for (std::string const& path :
                 {"/v5/tokens/rooms/"s.append(main_room), "/v5/tokens/tasks/t"s}) {
                BOOST_TEST_CONTEXT(path << ": " << wb::to_string(caller) << " asks for "
                                        << wb::to_string(asked))
                {
                    auto const res = call(env, http::verb::post, path, sdk(env, caller),
                                          token_body(str(wb::to_string(asked))));
                    // admin = 0 > writer = 1 > reader = 2.
                    if (static_cast<int>(asked) < static_cast<int>(caller))
                        check_error(res, 403, "token access role forbidden");
                    else
                        BOOST_TEST(res.result_int() == 201u);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_room_token_needs_the_apps_room_in_the_region, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    struct ask
    {
        std::string_view room;
        std::optional<std::string> region;
        unsigned status;
    };
    for (auto const& [room, region, status] : std::vector<ask>{
             {main_room, std::nullopt, 201},
             {main_room, "cn-hz", 201},
             {main_room, "us-sv", 404},
             {us_room, std::nullopt, 404},
             {us_room, "us-sv", 201},
             {eu_room, "gb-lon", 201},
             {other_room, std::nullopt, 404},
             {off_room, std::nullopt, 404},
             {absent_room, std::nullopt, 404},
             {main_room, "mars", 400},
         }) {
        BOOST_TEST_CONTEXT(room << " in " << region.value_or("(default)"))
        {
            auto const res = call(env, http::verb::post, "/v5/tokens/rooms/"s.append(room),
                                  sdk(env), token_body(str("reader")), region);
            if (status == 201)
                BOOST_TEST(issued_token(env, res).uuid == room);
            else
                check_error(res, status, status == 404 ? "room not found" : "invalid region");
        }
    }
}

// ---- rooms ----

BOOST_AUTO_TEST_CASE_TEMPLATE(a_new_room_has_the_documented_shape, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    env.fake.set_clock(fixed_now_ms);
    auto const plain = create_room(env);
    auto const uuid = std::string(plain.at("uuid").as_string());
    BOOST_TEST(is_room_uuid(uuid), uuid);
    BOOST_TEST(plain == expected_room(uuid, fixed_now_iso));

    auto const named = create_room(env, R"({"isRecord":true,"limit":20,"name":"physics"})");
    auto const named_uuid = std::string(named.at("uuid").as_string());
    BOOST_TEST(named == expected_room(named_uuid, fixed_now_iso, true, false, 20, "physics"));
    BOOST_TEST(named_uuid != uuid);

    // The info call answers the same object.
    for (auto const& room : {plain, named})
        BOOST_TEST(ok_json(call(env, http::verb::get, room_info_path(room.at("uuid").as_string()),
                                sdk(env)),
                           200) == json::value(room));

    // No body at all is an empty one; fields of a room may be falsy.
    auto const bare = ok_json(call(env, http::verb::post, "/v5/rooms", sdk(env)), 201);
    BOOST_TEST(bare.at("isRecord") == json::value(false));
    auto const empty_name = create_room(env, R"({"isRecord":false,"limit":0,"name":""})");
    BOOST_TEST(empty_name.at("name") == json::value(""));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(created_at_is_iso_8601_utc_with_milliseconds, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (auto const& [ms, iso] : std::vector<std::pair<std::int64_t, std::string_view>>{
             {0, "1970-01-01T00:00:00.000Z"},
             {fixed_now_ms, fixed_now_iso},
             {951'782'400'007, "2000-02-29T00:00:00.007Z"},
             {4'102'444'799'999, "2099-12-31T23:59:59.999Z"},
         }) {
        BOOST_TEST_CONTEXT("clock " << ms)
        {
            env.fake.set_clock(ms);
            BOOST_TEST(create_room(env).at("createdAt").as_string() == iso);
        }
    }
    // A fixture room was created when the fake loaded it.
    auto const info = ok_json(call(env, http::verb::get, room_info_path(main_room), sdk(env)), 200);
    BOOST_TEST(is_iso_millis(info.at("createdAt").as_string()), info);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_new_room_holds_init_as_its_current_scene, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const room = new_room(env);
    BOOST_TEST(list_scenes(env, room) == std::vector<std::string>{"/init"},
               boost::test_tools::per_element());
    BOOST_TEST(current_scene_key(env, room) == key_of(room, "/init"));
    // A screenshot without a path shoots /init.
    auto const img =
        ok_json(call(env, http::verb::post, coverkit::test::room_path(room, "screenshots"),
                     sdk(env), R"({"width":8,"height":8})"),
                201);
    BOOST_TEST(img.at("key").as_string() == key_of(room, "/init"));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(create_room_fields_of_the_wrong_type_are_400, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    struct bad
    {
        std::string body;
        std::string_view message;
    };
    for (auto const& [body, message] : std::vector<bad>{
             {R"({"isRecord":"true"})", "isRecord must be a boolean"},
             {R"({"isRecord":1})", "isRecord must be a boolean"},
             {R"({"isRecord":null})", "isRecord must be a boolean"},
             {R"({"limit":-1})", "limit must be a non-negative integer"},
             {R"({"limit":1.5})", "limit must be a non-negative integer"},
             {R"({"limit":"5"})", "limit must be a non-negative integer"},
             {R"({"limit":true})", "limit must be a non-negative integer"},
             {R"({"limit":3000000000})", "limit must be a non-negative integer"},
             {R"({"name":5})", "name must be a string"},
             {R"({"name":null})", "name must be a string"},
             {R"({"name":["a"]})", "name must be a string"},
         }) {
        BOOST_TEST_CONTEXT(body)
        {
            check_error(call(env, http::verb::post, "/v5/rooms", sdk(env), body), 400, message);
        }
    }
    // None of them made a room.
    BOOST_TEST(list_rooms(env) == fixture_cn_hz_rooms, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(rooms_are_listed_by_uuid_after_beginUUID, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    // The fixture's cn-hz rooms of myAK: not us-sv, eu, nor other apps' rooms.
    BOOST_TEST(list_rooms(env) == fixture_cn_hz_rooms, boost::test_tools::per_element());

    auto all = fixture_cn_hz_rooms;
    for (int i = 0; i < 100; ++i)
        all.push_back(new_room(env));
    std::sort(all.begin(), all.end());
    BOOST_TEST_REQUIRE(all.size() == 104u);

    struct page
    {
        std::string query;
        std::vector<std::string> expected;
    };
    for (auto const& [query, expected] : std::vector<page>{
             {"", {all.begin(), all.begin() + 100}}, // default limit 100
             {"?limit=1000", all},
             {"?limit=1", {all.front()}},
             {"?limit=3", {all.begin(), all.begin() + 3}},
             {"?beginUUID=" + all[10] + "&limit=2", {all[11], all[12]}},
             {"?limit=2&beginUUID=" + all[10], {all[11], all[12]}},
             {"?beginUUID=" + all.back(), {}},
             {"?beginUUID=", {all.begin(), all.begin() + 100}},
             // beginUUID need not name a room: the list starts after it in byte order.
             {"?beginUUID=1&limit=1000",
              {std::upper_bound(all.begin(), all.end(), "1"s), all.end()}},
             {"?beginUUID=zzz", {}},
         }) {
        BOOST_TEST_CONTEXT("GET /v5/rooms" << query)
        {
            BOOST_TEST(list_rooms(env, query) == expected, boost::test_tools::per_element());
        }
    }

    // Walking pages of 7 visits every room once, in order.
    std::vector<std::string> walked;
    for (std::string after;;) {
        auto const page = list_rooms(env, "?limit=7&beginUUID=" + after);
        BOOST_TEST_REQUIRE(page.size() <= 7u);
        if (page.empty())
            break;
        walked.insert(walked.end(), page.begin(), page.end());
        after = page.back();
    }
    BOOST_TEST(walked == all, boost::test_tools::per_element());

    // Each listed element is the room object.
    auto const listed = ok_json(call(env, http::verb::get, "/v5/rooms?limit=1000", sdk(env)), 200);
    auto const& last = listed.as_array().back();
    BOOST_TEST(last == ok_json(call(env, http::verb::get,
                                    room_info_path(last.at("uuid").as_string()), sdk(env)),
                               200));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_list_limit_outside_1_to_1000_is_400, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (std::string limit :
         {"0", "1001", "abc", "1.5", "", "-1", "+5", "1e2", "99999999999999999999"}) {
        BOOST_TEST_CONTEXT("limit '" << limit << "'")
        {
            check_error(call(env, http::verb::get, "/v5/rooms?limit=" + limit, sdk(env)), 400,
                        "limit must be an integer in 1..1000");
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_room_lives_in_the_region_it_was_created_in, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const room = create_room(env, "{}", "us-sv");
    auto const uuid = std::string(room.at("uuid").as_string());
    BOOST_TEST(ok_json(call(env, http::verb::get, room_info_path(uuid), sdk(env), {}, "us-sv"),
                       200) == json::value(room));
    for (auto const& region :
         std::initializer_list<std::optional<std::string>>{std::nullopt, "cn-hz", "eu"}) {
        BOOST_TEST_CONTEXT("region " << region.value_or("(default)"))
        {
            check_error(call(env, http::verb::get, room_info_path(uuid), sdk(env), {}, region), 404,
                        "room not found");
            check_error(call(env, http::verb::get, scenes_path(uuid), sdk(env), {}, region), 404,
                        "room not found");
        }
    }
    BOOST_TEST(list_rooms(env, "?limit=1000") == fixture_cn_hz_rooms,
               boost::test_tools::per_element());
    std::vector<std::string> us{std::string(us_room), uuid};
    std::sort(us.begin(), us.end());
    BOOST_TEST(list_rooms(env, "?limit=1000", "us-sv") == us, boost::test_tools::per_element());
    // gb-lon is eu.
    BOOST_TEST(list_rooms(env, "", "gb-lon") == std::vector<std::string>{std::string(eu_room)},
               boost::test_tools::per_element());
    check_error(call(env, http::verb::get, "/v5/rooms", sdk(env), {}, "mars"), 400,
                "invalid region");
    check_error(call(env, http::verb::post, "/v5/rooms", sdk(env), "{}", "mars"), 400,
                "invalid region");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(room_info_of_a_room_not_the_apps_is_404, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const info = ok_json(call(env, http::verb::get, room_info_path(main_room), sdk(env)), 200);
    BOOST_TEST_REQUIRE(info.is_object());
    auto expected = expected_room(main_room, info.at("createdAt").as_string());
    BOOST_TEST(info == json::value(expected));
    for (auto room : {other_room, off_room, absent_room, us_room,
                      std::string_view("FAED3130727911EBAEA37759EE91947C")}) {
        BOOST_TEST_CONTEXT("room " << room)
        {
            check_error(call(env, http::verb::get, room_info_path(room), sdk(env)), 404,
                        "room not found");
        }
    }
    // Another app sees its own room, with its own team and app.
    auto const other = ok_json(
        call(env, http::verb::get, room_info_path(other_room),
             coverkit::test::tokens(env.fake, "otherAK", "otherSK").sdk_token(token_role::writer)),
        200);
    BOOST_TEST(other.at("teamUUID").as_string() == "4000");
    BOOST_TEST(other.at("appUUID").as_string() == "app-other");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(banning_sets_isBan, Env, coverkit::test::contract_environments)
{
    Env env;
    auto const admin = sdk(env, token_role::admin);
    for (bool ban : {true, false, true}) {
        BOOST_TEST_CONTEXT("isBan " << ban)
        {
            auto const body = object({{"isBan", ban ? "true" : "false"}});
            auto const res =
                ok_json(call(env, http::verb::patch, room_info_path(main_room), admin, body), 201);
            BOOST_TEST(res.at("isBan") == json::value(ban));
            BOOST_TEST(res.at("uuid").as_string() == main_room);
            auto const info =
                ok_json(call(env, http::verb::get, room_info_path(main_room), sdk(env)), 200);
            BOOST_TEST(info == res);
        }
    }
    // A ROOM admin token of the room may ban it too.
    BOOST_TEST(call(env, http::verb::patch, room_info_path(main_room),
                    room_token(env, main_room, token_role::admin), R"({"isBan":false})")
                   .result_int() == 201u);
    for (std::string body : {"{}", R"({"isBan":"true"})", R"({"isBan":1})", R"({"isBan":null})",
                             R"({"isban":true})"}) {
        BOOST_TEST_CONTEXT("body " << body)
        {
            check_error(call(env, http::verb::patch, room_info_path(main_room), admin, body), 400,
                        "isBan must be a boolean");
        }
    }
    check_error(call(env, http::verb::patch, room_info_path(main_room), admin), 400,
                "isBan must be a boolean");
}

// ---- scenes ----

BOOST_AUTO_TEST_CASE_TEMPLATE(scene_list_is_depth_first_or_a_directorys_scenes, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    BOOST_TEST(list_scenes(env, main_room) == main_room_scenes, boost::test_tools::per_element());
    struct listing
    {
        std::string dir;
        std::vector<std::string> scenes;
    };
    for (auto const& [dir, scenes] : std::vector<listing>{
             {"/", {"/init", "/english"}},
             {"/test", {"/test/cover", "/test/page1", "/test/page2"}},
             {"/test/", {"/test/cover", "/test/page1", "/test/page2"}},
             {"%2Ftest", {"/test/cover", "/test/page1", "/test/page2"}},
             {"/physics", {"/physics/newtonian-mechanics"}},
             {"/physics/quantum-mechanics", {"/physics/quantum-mechanics/first-chapter"}},
             {"/only-dirs", {}},
             {"/only-dirs/deeper", {"/only-dirs/deeper/leaf"}},
         }) {
        BOOST_TEST_CONTEXT("sceneDir " << dir)
        {
            BOOST_TEST(list_scenes(env, main_room, "?sceneDir=" + dir) == scenes,
                       boost::test_tools::per_element());
        }
    }
    // The worked example of scene paths (README, "Rooms, scenes and tokens").
    auto const seed = "0000000000000000000000000000seed";
    BOOST_TEST(list_scenes(env, seed, "?sceneDir=/physics") ==
                   std::vector<std::string>{"/physics/newtonian-mechanics"},
               boost::test_tools::per_element());
    BOOST_TEST(list_scenes(env, seed, "?sceneDir=/") == std::vector<std::string>{"/english"},
               boost::test_tools::per_element());
}

// A fixture room may hold no scene at all: its root is an empty directory.
BOOST_AUTO_TEST_CASE(a_room_without_scenes_lists_none)
{
    auto fixture = coverkit::test::contract_fixture();
    coverkit::fake::room_spec empty;
    empty.uuid = "0000000000000000000000000000none";
    empty.ak = "myAK";
    fixture.rooms.push_back(empty);
    coverkit::fake::server fake(std::move(fixture));
    auto const token = coverkit::test::tokens(fake).sdk_token(token_role::writer);
    for (std::string query : {"", "?sceneDir=/"}) {
        BOOST_TEST_CONTEXT("query '" << query << "'")
        {
            coverkit::http_request req{http::verb::get, scenes_path(empty.uuid) + query, 11};
            req.set("token", token);
            BOOST_TEST(ok_json(fake.handle(req), 200) == json::value(json::array{}));
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(scene_list_of_a_scene_is_400_of_nothing_404, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    struct bad
    {
        std::string dir;
        unsigned status;
    };
    for (auto const& [dir, status] : std::vector<bad>{
             {"/init", 400},
             {"/test/cover", 400},
             {"/test/cover/", 400},
             {"", 400},
             {"test", 400},
             {"//", 400},
             {"/a//b", 400},
             {"/nope", 404},
             {"/Test", 404},
             {"/test/cover/x", 404},
         }) {
        BOOST_TEST_CONTEXT("sceneDir '" << dir << "'")
        {
            check_error(
                call(env, http::verb::get, scenes_path(main_room) + "?sceneDir=" + dir, sdk(env)),
                status);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(added_scenes_nest_and_list_depth_first, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const room = new_room(env);
    struct addition
    {
        std::string_view path;
        std::string scenes;
    };
    for (auto const& [path, scenes] : std::vector<addition>{
             {"/physics", named({"b", "a"})},
             {"/physics/quantum/", named({"c"})},
             {"/", named({"z"})},
             {"/algebra",
              R"([{"name":"x","ppt":{"src":"img/page1.png","width":1280,"height":720}}])"},
         }) {
        BOOST_TEST_CONTEXT("add " << scenes << " under " << path)
        {
            BOOST_TEST(ok_json(add_scenes(env, room, scenes_body(path, scenes)), 201) ==
                       json::value(json::object{}));
        }
    }
    BOOST_TEST(list_scenes(env, room) ==
                   (std::vector<std::string>{"/init", "/z", "/algebra/x", "/physics/b",
                                             "/physics/a", "/physics/quantum/c"}),
               boost::test_tools::per_element());
    BOOST_TEST(list_scenes(env, room, "?sceneDir=/physics") ==
                   (std::vector<std::string>{"/physics/b", "/physics/a"}),
               boost::test_tools::per_element());
    // The added scenes are scenes: they can be shot.
    auto const img =
        ok_json(call(env, http::verb::post, coverkit::test::room_path(room, "screenshots"),
                     sdk(env), R"({"width":8,"height":8,"path":"/algebra/x"})"),
                201);
    BOOST_TEST(img.at("key").as_string() == key_of(room, "/algebra/x"));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(adding_an_existing_scene_replaces_it_in_place, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    BOOST_TEST(add_scenes(env, main_room,
                          scenes_body("/test", R"([{"name":"page1","ppt":{"src":"img/page1.png",)"
                                               R"("width":640,"height":480}}])"))
                   .result_int() == 201u);
    BOOST_TEST(list_scenes(env, main_room) == main_room_scenes, boost::test_tools::per_element());
    // Within one request too: the second "one" replaces the first, keeping its place.
    BOOST_TEST(add_scenes(env, main_room, scenes_body("/test", named({"one", "two", "one"})))
                   .result_int() == 201u);
    BOOST_TEST(list_scenes(env, main_room, "?sceneDir=/test") ==
                   (std::vector<std::string>{"/test/cover", "/test/page1", "/test/page2",
                                             "/test/one", "/test/two"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_bad_add_is_400_and_adds_nothing, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const ppt = [](std::string fragment) {
        return R"([{"name":"p","ppt":)" + fragment + "}]";
    };
    struct bad
    {
        std::string body;
        std::string_view why;
    };
    for (auto const& [body, why] : std::vector<bad>{
             {scenes_body("/x", named({"a/b"})), "a name with '/'"},
             {scenes_body("/x", named({"/"})), "a name that is '/'"},
             {scenes_body("/x", named({""})), "an empty name"},
             {scenes_body("/x", R"([{}])"), "no name"},
             {scenes_body("/x", R"([{"name":5}])"), "a name that is no string"},
             {scenes_body("/x", named({"fine", "a/b"})), "a good scene, then a bad one"},
             {scenes_body("/x", R"([{"name":"fine"}, 5])"), "a scene that is no object"},
             {scenes_body("/init", named({"a"})), "path is an existing scene"},
             {scenes_body("/test/cover/", named({"a"})), "path is an existing scene, with a /"},
             {scenes_body("/init/deeper", named({"a"})), "a scene on the way"},
             {scenes_body("/", named({"fresh", "test"})), "a directory where a scene would go"},
             {scenes_body("x", named({"a"})), "path without a leading /"},
             {scenes_body("/a//b", named({"a"})), "path with an empty segment"},
             {object({{"path", "5"}, {"scenes", named({"a"})}}), "path that is no string"},
             {object({{"scenes", named({"a"})}}), "no path"},
             {object({{"path", str("/x")}}), "no scenes"},
             {scenes_body("/x", "[]"), "no scenes in the list"},
             {scenes_body("/x", R"({"name":"a"})"), "scenes that is no array"},
             {scenes_body("/x", ppt("5")), "a ppt that is no object"},
             {scenes_body("/x", ppt(R"({"width":1,"height":1})")), "a ppt without src"},
             {scenes_body("/x", ppt(R"({"src":5,"width":1,"height":1})")),
              "a ppt src not a string"},
             {scenes_body("/x", ppt(R"({"src":"s","width":0,"height":1})")), "a ppt width of 0"},
             {scenes_body("/x", ppt(R"({"src":"s","width":1,"height":-1})")), "a negative height"},
             {scenes_body("/x", ppt(R"({"src":"s","width":1.5,"height":1})")),
              "a fractional width"},
             {scenes_body("/x", ppt(R"({"src":"s","width":"1","height":1})")), "a string width"},
             {scenes_body("/x", ppt(R"({"src":"s","width":1})")), "a ppt without height"},
         }) {
        BOOST_TEST_CONTEXT(why << ": " << body)
        {
            check_error(add_scenes(env, main_room, body), 400);
            BOOST_TEST(list_scenes(env, main_room) == main_room_scenes,
                       boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(switching_scenes, Env, coverkit::test::contract_environments)
{
    Env env;
    auto const room = std::string(main_room);
    struct step
    {
        std::string body;
        unsigned status;
        std::string_view current; // the current scene afterwards
    };
    for (auto const& [body, status, current] : std::vector<step>{
             {R"({"scenePath":"/physics/newtonian-mechanics"})", 201,
              "/physics/newtonian-mechanics"},
             {R"({"scenePath":"/english/"})", 201, "/english"},
             {R"({"scenePath":"/physics"})", 400, "/english"},
             {R"({"scenePath":"/"})", 400, "/english"},
             {R"({"scenePath":"/nope"})", 404, "/english"},
             {R"({"scenePath":"/english/x"})", 404, "/english"},
             {R"({"scenePath":"english"})", 400, "/english"},
             {R"({"scenePath":""})", 400, "/english"},
             {R"({"scenePath":5})", 400, "/english"},
             {R"({})", 400, "/english"},
             {R"({"scenePath":"/test/cover"})", 201, "/test/cover"},
         }) {
        BOOST_TEST_CONTEXT(body)
        {
            auto const res = call(env, http::verb::patch, scene_state_path(room), sdk(env), body);
            if (status == 201)
                BOOST_TEST(ok_json(res, 201) ==
                           json::value({{"currentScenePath", std::string(current)}}));
            else
                check_error(res, status);
            BOOST_TEST(current_scene_key(env, room) == key_of(room, current));
        }
    }
    // screenshot-list without a path follows the current scene's directory.
    auto const list =
        ok_json(call(env, http::verb::post, coverkit::test::room_path(room, "screenshot-list"),
                     sdk(env), R"({"width":8,"height":8})"),
                201);
    BOOST_TEST(list.as_array().size() == 3u);
    BOOST_TEST(list.as_array()[0].at("key").as_string() == key_of(room, "/test/cover"));
}

// ---- common rules ----

BOOST_AUTO_TEST_CASE_TEMPLATE(checks_run_in_the_documented_order, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const reader = sdk(env, token_role::reader);
    auto const writer = sdk(env, token_role::writer);
    auto const admin = sdk(env, token_role::admin);
    auto const bad_add = scenes_body("/init", named({""}));
    struct step
    {
        std::string_view why;
        http::verb method;
        std::string path;
        std::optional<std::string> token;
        std::optional<std::string> region;
        std::string body;
        unsigned status;
        std::string_view message;
    };
    auto const post = http::verb::post, patch = http::verb::patch;
    auto const none = std::optional<std::string>();
    auto const tokens_absent = "/v5/tokens/rooms/"s.append(absent_room);
    auto const tokens_main = "/v5/tokens/rooms/"s.append(main_room);
    auto const room_admin = room_token(env, main_room, token_role::admin);
    // region, then token, then role (and kind), then the room, then the body, then the path.
    // clang-format off
    std::vector<step> const steps{
        {"region before token", post, scenes_path(absent_room), none, "mars", bad_add, 400,
         "invalid region"},
        {"token before role", post, scenes_path(absent_room), none, none, bad_add, 401,
         "invalid format of token"},
        {"role before room", post, scenes_path(absent_room), reader, none, bad_add, 403,
         "token access role forbidden"},
        {"room before body", post, scenes_path(absent_room), writer, none, bad_add, 404,
         "room not found"},
        {"region of the room before body", post, scenes_path(main_room), writer, "us-sv", bad_add,
         404, "room not found"},
        {"body before path", post, scenes_path(main_room), writer, none, bad_add, 400,
         "scenes[0].name must be a non-empty string without '/'"},
        {"ban: role before room", patch, room_info_path(absent_room), writer, none, "{}", 403,
         "token access role forbidden"},
        {"ban: room before body", patch, room_info_path(absent_room), admin, none, "{}", 404,
         "room not found"},
        {"room token: kind before room", post, tokens_absent, room_admin, none, "{}", 403,
         "token access room forbidden"},
        {"room token: room before body", post, tokens_absent, reader, none, "{}", 404,
         "room not found"},
        {"room token: body before the asked role", post, tokens_main, reader, none,
         token_body(str("admin"), "-1"), 400,
         "lifespan must be a non-negative integer of milliseconds"},
        {"team token: body before credentials", post, "/v5/tokens/teams", none, none,
         team_body("myAK", "wrong", str("boss")), 400,
         R"(role must be "admin", "writer" or "reader")"},
        {"create room: role before body", post, "/v5/rooms", reader, none, R"({"limit":-1})", 403,
         "token access role forbidden"},
        {"list rooms: role before limit", http::verb::get, "/v5/rooms?limit=0", reader, none, "",
         403, "token access role forbidden"},
    };
    // clang-format on
    for (auto const& s : steps) {
        BOOST_TEST_CONTEXT(s.why)
        {
            check_error(call(env, s.method, s.path, s.token, s.body, s.region), s.status,
                        s.message);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wrong_method_is_405_and_unknown_path_404, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const room = std::string(main_room);
    struct probe
    {
        http::verb method;
        std::string path;
        unsigned status;
    };
    for (auto const& [method, path, status] : std::vector<probe>{
             {http::verb::delete_, "/v5/rooms", 405},
             {http::verb::patch, "/v5/rooms", 405},
             {http::verb::delete_, room_info_path(room), 405},
             {http::verb::post, room_info_path(room), 405},
             {http::verb::put, room_info_path(room), 405},
             {http::verb::delete_, scenes_path(room), 405},
             {http::verb::patch, scenes_path(room), 405},
             {http::verb::get, scene_state_path(room), 405},
             {http::verb::post, scene_state_path(room), 405},
             {http::verb::get, "/v5/tokens/teams", 405},
             {http::verb::get, "/v5/tokens/rooms/" + room, 405},
             {http::verb::put, "/v5/tokens/tasks/t", 405},
             {http::verb::post, "/v5/tokens", 404},
             {http::verb::post, "/v5/tokens/rooms", 404},
             {http::verb::post, "/v5/tokens/users/x", 404},
             {http::verb::get, "/v5/rooms/" + room + "/scene", 404},
             {http::verb::patch, "/v5/rooms/" + room + "/scene-state/x", 404},
             {http::verb::get, "/v5/Rooms", 404},
         }) {
        BOOST_TEST_CONTEXT(http::to_string(method) << " " << path)
        {
            check_error(call(env, method, path, sdk(env, token_role::admin), "{}"), status,
                        status == 405 ? "method not allowed" : "route not found");
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_reset_drops_what_the_api_changed, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const created = new_room(env);
    auto const admin = sdk(env, token_role::admin);
    BOOST_TEST(add_scenes(env, main_room, scenes_body("/extra", named({"a"}))).result_int() ==
               201u);
    BOOST_TEST(call(env, http::verb::patch, room_info_path(main_room), admin, R"({"isBan":true})")
                   .result_int() == 201u);
    BOOST_TEST(call(env, http::verb::patch, scene_state_path(main_room), admin,
                    R"({"scenePath":"/english"})")
                   .result_int() == 201u);
    BOOST_TEST(list_rooms(env).size() == fixture_cn_hz_rooms.size() + 1);

    // Through the wire, as a test in any language would.
    raw_request reset;
    reset.path = "/_fake/reset";
    BOOST_TEST(coverkit::test::exchange(env, reset).result_int() == 200u);

    check_error(call(env, http::verb::get, room_info_path(created), sdk(env)), 404,
                "room not found");
    BOOST_TEST(list_rooms(env) == fixture_cn_hz_rooms, boost::test_tools::per_element());
    BOOST_TEST(list_scenes(env, main_room) == main_room_scenes, boost::test_tools::per_element());
    auto const info = ok_json(call(env, http::verb::get, room_info_path(main_room), sdk(env)), 200);
    BOOST_TEST(info.at("isBan") == json::value(false));
    BOOST_TEST(current_scene_key(env, main_room) == key_of(main_room, "/test/page1"));
}

BOOST_AUTO_TEST_SUITE_END()
