#include <coverkit/whiteboard/client.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/exchange.hpp"

#include <coverkit/detail/encoding.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// The whiteboard v5 screenshot endpoints: every rule a user can observe,
// checked over every contract environment. Raw exchanges cover what the client refuses to send;
// the client covers the happy paths and the error model.

using namespace std::chrono_literals;
using namespace std::string_literals;
namespace wb = coverkit::whiteboard;
namespace http = boost::beast::http;
namespace json = boost::json;
using coverkit::error;
using coverkit::test::raw_request;
using wb::token_role;

namespace {

// Rooms of tests/data/contract.json.
constexpr std::string_view main_room = coverkit::test::main_room;         // cn-hz, myAK, team 2811
constexpr std::string_view us_room = "0000000000000000000000000000us01";  // us-sv, myAK
constexpr std::string_view eu_room = "0000000000000000000000000000eu01";  // eu, myAK
constexpr std::string_view off_room = "0000000000000000000000000000off1"; // offAK: service off
constexpr std::string_view other_room = "0000000000000000000000000000oth1"; // otherAK, team 4000
constexpr std::string_view noin_room = "0000000000000000000000000000noin";  // /a/first, /a/second

// A fixed clock for the fake, in Unix milliseconds (2023-11-14).
constexpr std::int64_t fixed_now_ms = 1'700'000'000'000;

template <class Env>
using client_for = wb::client<std::decay_t<decltype(std::declval<Env&>().transport())>>;

template <class Env>
client_for<Env> make_client(Env& env, std::string token,
                            std::optional<wb::region> region = std::nullopt)
{
    return client_for<Env>(env.transport(),
                           wb::client_options{env.base_url(), std::move(token), region});
}

template <class Env>
std::string sdk(Env& env, token_role role)
{
    return coverkit::test::tokens(env.fake).sdk_token(role);
}

template <class Env>
std::string writer(Env& env)
{
    return sdk(env, token_role::writer);
}

wb::screenshot_request size(int width, int height,
                            std::optional<coverkit::text_view> path = std::nullopt)
{
    return {width, height, path};
}

// A screenshot body from raw JSON fragments; an empty fragment leaves the field out.
std::string body(std::string width, std::string height, std::string path = {})
{
    std::string out = "{";
    auto add = [&](char const* key, std::string const& v) {
        if (v.empty())
            return;
        if (out.size() > 1)
            out += ',';
        out += '"';
        out += key;
        out += "\":";
        out += v;
    };
    add("width", width);
    add("height", height);
    add("path", path);
    return out + "}";
}

std::string screenshots(std::string_view room)
{
    return coverkit::test::room_path(room, "screenshots");
}

std::string screenshot_list(std::string_view room)
{
    return coverkit::test::room_path(room, "screenshot-list");
}

// The image object the README promises for a scene, with the default public base.
template <class Env>
coverkit::image expected_image(Env const& env, std::string_view team, std::string_view room,
                               std::string_view scene)
{
    coverkit::image img;
    img.key = "room_cover/"s.append(team).append("/").append(room).append(scene).append(".png");
    img.bucket = "white-cover";
    img.region = "oss-cn-hangzhou";
    img.url = env.base_url() + "/storage/" + img.bucket + "/" + img.key;
    return img;
}

void check_image(coverkit::image const& actual, coverkit::image const& expected)
{
    BOOST_TEST(actual.key == expected.key);
    BOOST_TEST(actual.bucket == expected.bucket);
    BOOST_TEST(actual.region == expected.region);
    BOOST_TEST(actual.url == expected.url);
}

std::vector<std::string> keys_of(std::vector<coverkit::image> const& images)
{
    std::vector<std::string> out;
    for (auto const& i : images)
        out.push_back(i.key);
    return out;
}

// The keys of a room's scenes (team 2811).
std::vector<std::string> keys(std::string_view room, std::vector<std::string_view> scenes)
{
    std::vector<std::string> out;
    for (auto s : scenes)
        out.push_back("room_cover/2811/"s.append(room).append(s).append(".png"));
    return out;
}

// A v5 error response: the status, a JSON `{"message": ...}` body (with `message` when given,
// else any non-empty text), and an `x-request-id`.
void check_error(coverkit::http_response const& res, unsigned status, std::string_view message = {})
{
    BOOST_TEST(res.result_int() == status);
    BOOST_TEST(res[http::field::content_type].starts_with("application/json"));
    BOOST_TEST(!res["x-request-id"].empty());
    boost::system::error_code ec;
    auto const jv = json::parse(res.body(), ec);
    BOOST_TEST_REQUIRE(!ec, "error body is not JSON: " << res.body());
    BOOST_TEST_REQUIRE(jv.is_object(), "error body is not an object: " << res.body());
    auto const* m = jv.get_object().if_contains("message");
    BOOST_TEST_REQUIRE(m, "error body has no message: " << res.body());
    BOOST_TEST_REQUIRE(m->is_string());
    if (message.empty())
        BOOST_TEST(!m->get_string().empty());
    else
        BOOST_TEST(m->get_string() == message);
}

// A failed client call: its code, and details holding the status, the server's message, the
// request id the fake recorded for it and the raw body.
template <class Env>
void check_failure(Env& env, coverkit::error_code const& ec, coverkit::error_details const& d,
                   error expected, unsigned status, std::string_view message = {})
{
    BOOST_TEST(ec == coverkit::error_code(expected));
    BOOST_TEST(d.status == status);
    if (message.empty())
        BOOST_TEST(!d.message.empty());
    else
        BOOST_TEST(d.message == message);
    BOOST_TEST(!d.request_id.empty());
    auto const journal = env.fake.journal();
    BOOST_TEST_REQUIRE(!journal.empty());
    BOOST_TEST(d.request_id == journal.back().request_id);
    BOOST_TEST(journal.back().status == status);
    boost::system::error_code pec;
    auto const jv = json::parse(d.body, pec);
    BOOST_TEST_REQUIRE(!pec, "details.body is not JSON: " << d.body);
    BOOST_TEST_REQUIRE(jv.is_object());
    auto const* m = jv.get_object().if_contains("message");
    BOOST_TEST_REQUIRE(m);
    BOOST_TEST_REQUIRE(m->is_string());
    BOOST_TEST(m->get_string() == d.message);
}

// A screenshot taken with `token` (and `region`) on `room`: the failure it meets.
template <class Env>
void check_screenshot_fails(Env& env, std::string token, std::optional<wb::region> region,
                            std::string_view room, error expected, unsigned status,
                            std::string_view message = {})
{
    auto c = make_client(env, std::move(token), region);
    coverkit::error_code ec;
    coverkit::error_details d;
    auto const img = c.screenshot(room, size(640, 480), ec, d);
    check_failure(env, ec, d, expected, status, message);
    BOOST_TEST(img.key.empty());
}

// The same, for a raw `POST screenshots` with a valid body and the given token.
template <class Env>
void check_raw_token(Env& env, std::string_view room, std::optional<std::string> token,
                     unsigned status, std::string_view message)
{
    raw_request r;
    r.path = screenshots(room);
    r.body = body("640", "480");
    r.token = std::move(token);
    check_error(coverkit::test::exchange(env, r), status, message);
}

// Decodes a token's query, for crafting tampered tokens.
std::string query_of(std::string_view token, std::string_view prefix)
{
    auto q = coverkit::detail::base64url_decode(token.substr(prefix.size()));
    BOOST_TEST_REQUIRE(q.has_value());
    return *q;
}

} // namespace

BOOST_AUTO_TEST_SUITE(contract_screenshots)

// ---- screenshots: which scene ----

BOOST_AUTO_TEST_CASE_TEMPLATE(screenshot_without_path_shoots_init, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    check_image(c.screenshot(main_room, size(640, 480)),
                expected_image(env, "2811", main_room, "/init"));

    // On the wire: 201 and exactly the four fields of an image object.
    auto const res =
        coverkit::test::post_json(env, screenshots(main_room), body("640", "480"), writer(env));
    BOOST_TEST(res.result_int() == 201u);
    BOOST_TEST(res[http::field::content_type].starts_with("application/json"));
    auto const jv = coverkit::test::json_of(res);
    BOOST_TEST_REQUIRE(jv.is_object());
    auto const& obj = jv.get_object();
    BOOST_TEST(obj.size() == 4u);
    for (auto key : {"url", "key", "bucket", "region"}) {
        BOOST_TEST_CONTEXT("field " << key)
        {
            BOOST_TEST_REQUIRE(obj.contains(key));
            BOOST_TEST(obj.at(key).is_string());
        }
    }
    BOOST_TEST(obj.at("key").as_string() ==
               "room_cover/2811/" + std::string(main_room) + "/init.png");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(screenshot_of_a_named_scene, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    auto const img = c.screenshot(main_room, size(640, 480, "/test/cover"));
    // The key and URL of a screenshot, spelled out.
    BOOST_TEST(img.key == "room_cover/2811/faed3130727911ebaea37759ee91947c/test/cover.png");
    BOOST_TEST(img.bucket == "white-cover");
    BOOST_TEST(img.region == "oss-cn-hangzhou");
    BOOST_TEST(img.url == env.base_url() + "/storage/white-cover/room_cover/2811/"
                                           "faed3130727911ebaea37759ee91947c/test/cover.png");

    for (std::string scene :
         {"/english", "/physics/quantum-mechanics/first-chapter", "/physics/newtonian-mechanics",
          "/deck/page1", "/test/page2", "/only-dirs/deeper/leaf"}) {
        BOOST_TEST_CONTEXT("scene " << scene)
        {
            check_image(c.screenshot(main_room, size(320, 240, scene)),
                        expected_image(env, "2811", main_room, scene));
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(screenshot_path_may_end_in_one_slash, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    check_image(c.screenshot(main_room, size(640, 480, "/test/cover/")),
                expected_image(env, "2811", main_room, "/test/cover"));
    check_image(c.screenshot(main_room, size(640, 480, "/physics/newtonian-mechanics/")),
                expected_image(env, "2811", main_room, "/physics/newtonian-mechanics"));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(screenshot_of_a_directory_is_400, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    for (std::string path :
         {"/physics", "/physics/", "/test", "/physics/quantum-mechanics", "/only-dirs", "/"}) {
        BOOST_TEST_CONTEXT("path " << path)
        {
            coverkit::error_code ec;
            coverkit::error_details d;
            c.screenshot(main_room, size(640, 480, path), ec, d);
            check_failure(env, ec, d, error::bad_request, 400);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(screenshot_of_nothing_is_404, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    for (std::string path :
         {"/nope", "/test/page3", "/test/cover/inside", "/physics/nope", "/Init", "/init/x"}) {
        BOOST_TEST_CONTEXT("path " << path)
        {
            coverkit::error_code ec;
            coverkit::error_details d;
            c.screenshot(main_room, size(640, 480, path), ec, d);
            check_failure(env, ec, d, error::not_found, 404);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(malformed_scene_paths_are_400, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (std::string path :
         {R"("//x")", R"("x")", R"("/a//b")", R"("/test//cover")", R"("/test/cover//")", R"("")",
          R"("test/cover")", "5", "[]", R"({"p":"/init"})"}) {
        for (auto const& target : {screenshots(main_room), screenshot_list(main_room)}) {
            BOOST_TEST_CONTEXT(target << " path " << path)
            {
                check_error(
                    coverkit::test::post_json(env, target, body("640", "480", path), writer(env)),
                    400);
            }
        }
    }
}

// ---- sizes ----

BOOST_AUTO_TEST_CASE_TEMPLATE(sizes_from_1_to_8192_are_accepted, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    for (auto [w, h] :
         {std::pair{1, 1}, std::pair{8192, 8192}, std::pair{1, 8192}, std::pair{8192, 1}}) {
        BOOST_TEST_CONTEXT(w << "x" << h)
        {
            check_image(c.screenshot(main_room, size(w, h, "/test/cover")),
                        expected_image(env, "2811", main_room, "/test/cover"));
            BOOST_TEST(c.screenshot_list(main_room, size(w, h, "/test")).size() == 3u);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(sizes_outside_1_to_8192_or_not_integers_are_400, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    // "" leaves the field out.
    for (std::string bad : {"0", "-1", "8193", "1.5", "640.5", R"("640")", "", "null", "true",
                            "1e9", "-8192", "99999999999999999999", "[640]"}) {
        for (auto const& target : {screenshots(main_room), screenshot_list(main_room)}) {
            BOOST_TEST_CONTEXT(target << " width " << bad)
            {
                check_error(coverkit::test::post_json(env, target, body(bad, "480"), writer(env)),
                            400);
            }
            BOOST_TEST_CONTEXT(target << " height " << bad)
            {
                check_error(coverkit::test::post_json(env, target, body("640", bad), writer(env)),
                            400);
            }
        }
    }
    // Keys are case-sensitive.
    check_error(coverkit::test::post_json(env, screenshots(main_room),
                                          R"({"Width":640,"height":480})", writer(env)),
                400);
    // The same request with good sizes passes: the 400s above come from the sizes.
    BOOST_TEST(
        coverkit::test::post_json(env, screenshots(main_room), body("640", "480"), writer(env))
            .result_int() == 201u);
}

// ---- screenshot-list ----

BOOST_AUTO_TEST_CASE_TEMPLATE(list_without_path_uses_the_current_scenes_directory, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    // The fixture's current scene is /test/page1.
    auto const images = c.screenshot_list(main_room, size(640, 480));
    BOOST_TEST(keys_of(images) == keys(main_room, {"/test/cover", "/test/page1", "/test/page2"}),
               boost::test_tools::per_element());
    std::vector<std::string_view> const scenes{"/test/cover", "/test/page1", "/test/page2"};
    BOOST_TEST_REQUIRE(images.size() == scenes.size());
    for (std::size_t i = 0; i < scenes.size(); ++i)
        check_image(images[i], expected_image(env, "2811", main_room, scenes[i]));

    // On the wire: 201 and a JSON array of image objects.
    auto const res =
        coverkit::test::post_json(env, screenshot_list(main_room), body("64", "48"), writer(env));
    BOOST_TEST(res.result_int() == 201u);
    auto const jv = coverkit::test::json_of(res);
    BOOST_TEST_REQUIRE(jv.is_array());
    BOOST_TEST(jv.get_array().size() == 3u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(list_holds_the_direct_scenes_of_a_directory_in_order, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    struct expectation
    {
        std::string dir;
        std::vector<std::string_view> scenes;
    };
    for (auto const& [dir, scenes] : std::vector<expectation>{
             {"/test", {"/test/cover", "/test/page1", "/test/page2"}},
             {"/test/", {"/test/cover", "/test/page1", "/test/page2"}},
             {"/physics", {"/physics/newtonian-mechanics"}},
             {"/physics/", {"/physics/newtonian-mechanics"}},
             {"/physics/quantum-mechanics", {"/physics/quantum-mechanics/first-chapter"}},
             {"/", {"/init", "/english"}},
             {"/deck", {"/deck/page1"}},
             {"/only-dirs/deeper", {"/only-dirs/deeper/leaf"}},
             {"/only-dirs", {}},
             {"/only-dirs/", {}},
         }) {
        BOOST_TEST_CONTEXT("directory " << dir)
        {
            auto const images = c.screenshot_list(main_room, size(640, 480, dir));
            BOOST_TEST(keys_of(images) == keys(main_room, scenes),
                       boost::test_tools::per_element());
            for (std::size_t i = 0; i < images.size() && i < scenes.size(); ++i)
                check_image(images[i], expected_image(env, "2811", main_room, scenes[i]));
        }
    }

    // An empty directory is `[]` on the wire, not an error or null.
    auto const res = coverkit::test::post_json(env, screenshot_list(main_room),
                                               body("640", "480", R"("/only-dirs")"), writer(env));
    BOOST_TEST(res.result_int() == 201u);
    BOOST_TEST(coverkit::test::json_of(res) == json::value(json::array{}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(list_of_a_scene_is_400_and_of_nothing_404, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    for (std::string path :
         {"/test/cover", "/init", "/english", "/init/", "/physics/newtonian-mechanics"}) {
        BOOST_TEST_CONTEXT("scene " << path)
        {
            coverkit::error_code ec;
            coverkit::error_details d;
            auto const images = c.screenshot_list(main_room, size(640, 480, path), ec, d);
            check_failure(env, ec, d, error::bad_request, 400);
            BOOST_TEST(images.empty());
        }
    }
    for (std::string path : {"/nope", "/test/nope", "/Test", "/test/cover/x"}) {
        BOOST_TEST_CONTEXT("nothing " << path)
        {
            coverkit::error_code ec;
            coverkit::error_details d;
            c.screenshot_list(main_room, size(640, 480, path), ec, d);
            check_failure(env, ec, d, error::not_found, 404);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(room_without_init, Env, coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    // No /init: the default scene of `screenshots` names nothing.
    coverkit::error_code ec;
    coverkit::error_details d;
    c.screenshot(noin_room, size(640, 480), ec, d);
    check_failure(env, ec, d, error::not_found, 404);

    // Its current scene defaults to its first scene, /a/first.
    BOOST_TEST(keys_of(c.screenshot_list(noin_room, size(640, 480))) ==
                   keys(noin_room, {"/a/first", "/a/second"}),
               boost::test_tools::per_element());
    // The root holds only a directory: no direct scenes.
    BOOST_TEST(c.screenshot_list(noin_room, size(640, 480, "/")).empty());
    check_image(c.screenshot(noin_room, size(640, 480, "/a/second")),
                expected_image(env, "2811", noin_room, "/a/second"));
}

// ---- regions ----

BOOST_AUTO_TEST_CASE_TEMPLATE(cn_hz_is_the_default_region, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const expected = expected_image(env, "2811", main_room, "/init");
    check_image(make_client(env, writer(env)).screenshot(main_room, size(640, 480)), expected);
    check_image(
        make_client(env, writer(env), wb::region::cn_hz).screenshot(main_room, size(640, 480)),
        expected);
    for (auto r : {wb::region::us_sv, wb::region::sg, wb::region::in_mum, wb::region::eu}) {
        BOOST_TEST_CONTEXT("region " << wb::to_string(r))
        {
            check_screenshot_fails(env, writer(env), r, main_room, error::not_found, 404);
        }
    }
    check_error(coverkit::test::post_json(env, screenshots(main_room), body("640", "480"),
                                          writer(env), "gb-lon"),
                404);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_room_answers_only_in_its_region, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    // us-sv
    check_screenshot_fails(env, writer(env), std::nullopt, us_room, error::not_found, 404);
    check_screenshot_fails(env, writer(env), wb::region::cn_hz, us_room, error::not_found, 404);
    check_screenshot_fails(env, writer(env), wb::region::eu, us_room, error::not_found, 404);
    check_image(
        make_client(env, writer(env), wb::region::us_sv).screenshot(us_room, size(640, 480)),
        expected_image(env, "2811", us_room, "/init"));
    BOOST_TEST(make_client(env, writer(env), wb::region::us_sv)
                   .screenshot_list(us_room, size(640, 480))
                   .size() == 1u);

    // eu, and its alias gb-lon; a room without `scenes` holds /init.
    check_screenshot_fails(env, writer(env), std::nullopt, eu_room, error::not_found, 404);
    check_screenshot_fails(env, writer(env), wb::region::us_sv, eu_room, error::not_found, 404);
    check_image(make_client(env, writer(env), wb::region::eu).screenshot(eu_room, size(640, 480)),
                expected_image(env, "2811", eu_room, "/init"));
    auto const res = coverkit::test::post_json(env, screenshots(eu_room), body("640", "480"),
                                               writer(env), "gb-lon");
    BOOST_TEST(res.result_int() == 201u);
    auto const jv = coverkit::test::json_of(res);
    BOOST_TEST_REQUIRE(jv.is_object());
    BOOST_TEST(jv.at("key").as_string() == "room_cover/2811/" + std::string(eu_room) + "/init.png");
    BOOST_TEST(coverkit::test::post_json(env, screenshot_list(eu_room), body("640", "480"),
                                         writer(env), "gb-lon")
                   .result_int() == 201u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(unknown_region_is_400, Env, coverkit::test::contract_environments)
{
    Env env;
    for (std::string region : {"mars", "CN-HZ", "cn_hz", "", "eu,us-sv"}) {
        BOOST_TEST_CONTEXT("region '" << region << "'")
        {
            check_error(coverkit::test::post_json(env, screenshots(main_room), body("640", "480"),
                                                  writer(env), region),
                        400);
            check_error(coverkit::test::post_json(env, screenshot_list(main_room),
                                                  body("640", "480"), writer(env), region),
                        400);
        }
    }
    // The region is checked before the token (documented order): 400, not 401.
    raw_request r;
    r.path = screenshots(main_room);
    r.body = body("640", "480");
    r.region = "mars";
    check_error(coverkit::test::exchange(env, r), 400);
}

// ---- service switched off ----

BOOST_AUTO_TEST_CASE_TEMPLATE(screenshot_service_off_is_403, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const off = coverkit::test::tokens(env.fake, "offAK", "offSK");
    auto c = make_client(env, off.sdk_token(token_role::admin));
    coverkit::error_code ec;
    coverkit::error_details d;
    c.screenshot(off_room, size(640, 480), ec, d);
    check_failure(env, ec, d, error::forbidden, 403, "service not enable");
    c.screenshot_list(off_room, size(640, 480), ec, d);
    check_failure(env, ec, d, error::forbidden, 403, "service not enable");

    // A ROOM token of that room meets the same answer.
    check_error(coverkit::test::post_json(env, screenshots(off_room), body("640", "480"),
                                          off.room_token(off_room, token_role::writer)),
                403, "service not enable");
    // The app of the other fixture room has no `screenshot_service` field: on by default.
    auto const other = coverkit::test::tokens(env.fake, "otherAK", "otherSK");
    check_image(make_client(env, other.sdk_token(token_role::writer))
                    .screenshot(other_room, size(640, 480)),
                expected_image(env, "4000", other_room, "/init"));
}

// ---- tokens ----

BOOST_AUTO_TEST_CASE_TEMPLATE(missing_or_malformed_token_is_401_invalid_format, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    constexpr auto msg = "invalid format of token";
    auto const good = writer(env);
    auto const rest = good.substr(std::string_view("NETLESSSDK_").size());

    check_raw_token(env, main_room, std::nullopt, 401, msg);
    check_screenshot_fails(env, "", std::nullopt, main_room, error::unauthorized, 401, msg);

    for (std::string bad : {
             ""s,                     // empty header
             "NETLESSFOO_" + rest,    // unknown prefix
             "netlesssdk_" + rest,    // prefixes are case-sensitive
             "NETLESSSDK" + rest,     // no underscore
             rest,                    // no prefix at all
             "NETLESSSDK_"s,          // nothing after the prefix
             "NETLESSSDK_!!!~~~***"s, // not base64
             "NETLESSSDK_" + coverkit::detail::base64url_encode("not a query"),
             "NETLESSSDK_" + coverkit::detail::base64url_encode("ak=myAK&nonce=n&role=1"), // no sig
             "NETLESSSDK_" + coverkit::detail::base64url_encode("nonce=n&role=1&sig=" +
                                                                std::string(64, '0')), // no ak
         }) {
        BOOST_TEST_CONTEXT("token '" << bad << "'")
        {
            check_raw_token(env, main_room, bad, 401, msg);
            check_screenshot_fails(env, bad, std::nullopt, main_room, error::unauthorized, 401,
                                   msg);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wrong_signature_or_unknown_ak_is_401_invalid_signature, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    constexpr auto msg = "invalid signature of token";
    auto const now = env.fake.now_ms();

    // myAK's token signed with a wrong secret.
    auto const resigned = wb::make_token(wb::token_kind::sdk, "myAK", "wrongSK", token_role::admin,
                                         "", 0ms, "test-nonce", now);
    check_screenshot_fails(env, resigned, std::nullopt, main_room, error::unauthorized, 401, msg);
    // Another app's secret does not sign for myAK either.
    auto const cross = wb::make_token(wb::token_kind::sdk, "myAK", "otherSK", token_role::admin, "",
                                      0ms, "test-nonce", now);
    check_screenshot_fails(env, cross, std::nullopt, main_room, error::unauthorized, 401, msg);
    // An access key the fake does not know.
    auto const unknown =
        coverkit::test::tokens(env.fake, "nobodyAK", "mySK").sdk_token(token_role::admin);
    check_screenshot_fails(env, unknown, std::nullopt, main_room, error::unauthorized, 401, msg);

    // A reader token whose role was raised to admin after signing.
    auto const reader = sdk(env, token_role::reader);
    auto query = query_of(reader, "NETLESSSDK_");
    auto const at = query.find("role=2");
    BOOST_TEST_REQUIRE(at != std::string::npos);
    query.replace(at, 6, "role=0");
    check_raw_token(env, main_room, "NETLESSSDK_" + coverkit::detail::base64url_encode(query), 401,
                    msg);
    // A ROOM token moved to another room by editing its uuid.
    auto const room = coverkit::test::tokens(env.fake).room_token(us_room, token_role::writer);
    auto rq = query_of(room, "NETLESSROOM_");
    auto const u = rq.find(us_room);
    BOOST_TEST_REQUIRE(u != std::string::npos);
    rq.replace(u, us_room.size(), main_room);
    check_raw_token(env, main_room, "NETLESSROOM_" + coverkit::detail::base64url_encode(rq), 401,
                    msg);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(expiry_follows_the_fakes_clock, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    // A clock far from the system's: expiry must be judged by the fake's clock.
    env.fake.set_clock(fixed_now_ms);
    auto const gen = coverkit::test::tokens(env.fake);
    auto const token = gen.sdk_token(token_role::writer, 60s);
    auto const forever = gen.sdk_token(token_role::writer);
    auto const room = gen.room_token(main_room, token_role::writer, 1s);
    auto c = make_client(env, token);

    check_image(c.screenshot(main_room, size(640, 480)),
                expected_image(env, "2811", main_room, "/init"));
    env.fake.set_clock(fixed_now_ms + 60'000); // still valid at expireAt
    check_image(c.screenshot(main_room, size(640, 480)),
                expected_image(env, "2811", main_room, "/init"));

    env.fake.set_clock(fixed_now_ms + 60'001);
    check_screenshot_fails(env, token, std::nullopt, main_room, error::unauthorized, 401,
                           "expired token");
    check_screenshot_fails(env, room, std::nullopt, main_room, error::unauthorized, 401,
                           "expired token");
    coverkit::error_code ec;
    coverkit::error_details d;
    c.screenshot_list(main_room, size(640, 480), ec, d);
    check_failure(env, ec, d, error::unauthorized, 401, "expired token");

    // A lifespan of 0 never expires.
    env.fake.set_clock(fixed_now_ms + 100LL * 365 * 24 * 3600 * 1000);
    BOOST_TEST(make_client(env, forever).screenshot_list(main_room, size(640, 480)).size() == 3u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_reader_token_is_403_role, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    constexpr auto msg = "token access role forbidden";
    auto const gen = coverkit::test::tokens(env.fake);
    check_screenshot_fails(env, gen.sdk_token(token_role::reader), std::nullopt, main_room,
                           error::forbidden, 403, msg);
    check_screenshot_fails(env, gen.room_token(main_room, token_role::reader), std::nullopt,
                           main_room, error::forbidden, 403, msg);
    coverkit::error_code ec;
    coverkit::error_details d;
    make_client(env, gen.sdk_token(token_role::reader))
        .screenshot_list(main_room, size(640, 480), ec, d);
    check_failure(env, ec, d, error::forbidden, 403, msg);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_room_token_of_another_room_is_403_room, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    constexpr auto msg = "token access room forbidden";
    auto const gen = coverkit::test::tokens(env.fake);
    for (auto room : {us_room, noin_room, other_room, std::string_view("someotherroom")}) {
        BOOST_TEST_CONTEXT("token for " << room)
        {
            check_screenshot_fails(env, gen.room_token(room, token_role::admin), std::nullopt,
                                   main_room, error::forbidden, 403, msg);
        }
    }
    coverkit::error_code ec;
    coverkit::error_details d;
    make_client(env, gen.room_token(noin_room, token_role::writer))
        .screenshot_list(main_room, size(640, 480), ec, d);
    check_failure(env, ec, d, error::forbidden, 403, msg);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_task_token_is_403_task, Env, coverkit::test::contract_environments)
{
    Env env;
    constexpr auto msg = "token access task forbidden";
    auto const gen = coverkit::test::tokens(env.fake);
    for (auto role : {token_role::admin, token_role::writer}) {
        BOOST_TEST_CONTEXT("role " << wb::to_string(role))
        {
            // Even a task token whose uuid is the room's.
            check_screenshot_fails(env, gen.task_token(main_room, role), std::nullopt, main_room,
                                   error::forbidden, 403, msg);
            check_screenshot_fails(env, gen.task_token("sometask", role), std::nullopt, main_room,
                                   error::forbidden, 403, msg);
        }
    }
    coverkit::error_code ec;
    coverkit::error_details d;
    make_client(env, gen.task_token(main_room, token_role::admin))
        .screenshot_list(main_room, size(640, 480), ec, d);
    check_failure(env, ec, d, error::forbidden, 403, msg);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(writer_and_admin_tokens_are_accepted, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const gen = coverkit::test::tokens(env.fake);
    auto const expected = expected_image(env, "2811", main_room, "/test/cover");
    for (auto const& token : {gen.sdk_token(token_role::writer), gen.sdk_token(token_role::admin),
                              gen.room_token(main_room, token_role::writer),
                              gen.room_token(main_room, token_role::admin)}) {
        BOOST_TEST_CONTEXT("token " << token.substr(0, token.find('_') + 1) << "…")
        {
            auto c = make_client(env, token);
            check_image(c.screenshot(main_room, size(640, 480, "/test/cover")), expected);
            BOOST_TEST(c.screenshot_list(main_room, size(640, 480)).size() == 3u);
            auto const res =
                coverkit::test::post_json(env, screenshots(main_room), body("640", "480"), token);
            BOOST_TEST(res.result_int() == 201u);
        }
    }
    // A ROOM token of a room in another region works in that region.
    check_image(make_client(env, gen.room_token(us_room, token_role::writer), wb::region::us_sv)
                    .screenshot(us_room, size(640, 480)),
                expected_image(env, "2811", us_room, "/init"));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_room_of_another_app_or_no_room_is_404, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const gen = coverkit::test::tokens(env.fake);
    // otherAK's room and offAK's room, with myAK's token.
    check_screenshot_fails(env, gen.sdk_token(token_role::admin), std::nullopt, other_room,
                           error::not_found, 404);
    check_screenshot_fails(env, gen.sdk_token(token_role::admin), std::nullopt, off_room,
                           error::not_found, 404);
    // A ROOM token of myAK naming otherAK's room.
    check_screenshot_fails(env, gen.room_token(other_room, token_role::admin), std::nullopt,
                           other_room, error::not_found, 404);
    // No such room; uuids are case-sensitive.
    for (std::string room : {"00000000000000000000000000000000", "FAED3130727911EBAEA37759EE91947C",
                             "faed3130727911ebaea37759ee91947"}) {
        BOOST_TEST_CONTEXT("room " << room)
        {
            check_screenshot_fails(env, writer(env), std::nullopt, room, error::not_found, 404);
            coverkit::error_code ec;
            coverkit::error_details d;
            make_client(env, writer(env)).screenshot_list(room, size(640, 480), ec, d);
            check_failure(env, ec, d, error::not_found, 404);
        }
    }
}

// ---- common rules ----

BOOST_AUTO_TEST_CASE_TEMPLATE(wrong_method_is_405, Env, coverkit::test::contract_environments)
{
    Env env;
    for (auto method : {http::verb::get, http::verb::put, http::verb::patch, http::verb::delete_,
                        http::verb::head}) {
        for (auto const& target : {screenshots(main_room), screenshot_list(main_room)}) {
            BOOST_TEST_CONTEXT(http::to_string(method) << " " << target)
            {
                raw_request r;
                r.method = method;
                r.path = target;
                r.token = writer(env);
                if (method != http::verb::get && method != http::verb::head)
                    r.body = body("640", "480");
                auto const res = coverkit::test::exchange(env, r);
                if (method == http::verb::head) {
                    BOOST_TEST(res.result_int() == 405u);
                    BOOST_TEST(!res["x-request-id"].empty());
                } else {
                    check_error(res, 405);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(unknown_route_is_404, Env, coverkit::test::contract_environments)
{
    Env env;
    auto const room = std::string(main_room);
    for (std::string const& path : std::vector<std::string>{
             "/v5/rooms/" + room + "/screenshot", "/v5/rooms/" + room + "/Screenshots",
             "/v5/rooms/" + room + "/screenshots/extra", "/v5/rooms/" + room + "/screenshot_list",
             "/v4/rooms/" + room + "/screenshots", "/v5/room/screenshots",
             "/V5/rooms/" + room + "/screenshots", "/nothing/here", "/"}) {
        BOOST_TEST_CONTEXT("POST " << path)
        {
            check_error(coverkit::test::post_json(env, path, body("640", "480"), writer(env)), 404);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(bodies_over_1_mib_are_413, Env, coverkit::test::contract_environments)
{
    Env env;
    constexpr std::size_t mib = 1024 * 1024;
    auto padded = [](std::size_t total) {
        std::string const head = R"({"width":640,"height":480,"pad":")";
        std::string const tail = R"("})";
        return head + std::string(total - head.size() - tail.size(), 'x') + tail;
    };
    for (auto const& target : {screenshots(main_room), screenshot_list(main_room)}) {
        BOOST_TEST_CONTEXT(target)
        {
            // Exactly 1 MiB is not over the limit.
            auto const at_limit = padded(mib);
            BOOST_TEST_REQUIRE(at_limit.size() == mib);
            BOOST_TEST(coverkit::test::post_json(env, target, at_limit, writer(env)).result_int() ==
                       201u);
            check_error(coverkit::test::post_json(env, target, padded(mib + 1), writer(env)), 413);
            // The size is judged before the JSON and the token.
            check_error(coverkit::test::post_json(env, target, std::string(2 * mib, '{'), ""), 413);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(malformed_json_or_non_object_body_is_400, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (std::string bad :
         {"", "{", R"({"width":640,"height":480,})", "not json", R"({"width":640 "height":480})",
          R"({'width':640,'height':480})", R"({"width":640,"height":480}})",
          R"({"width":640,"height":480} x)",
          // not an object
          "[]", R"([{"width":640,"height":480}])", R"("text")", "640", "null", "true"}) {
        for (auto const& target : {screenshots(main_room), screenshot_list(main_room)}) {
            BOOST_TEST_CONTEXT(target << " body '" << bad << "'")
            {
                check_error(coverkit::test::post_json(env, target, bad, writer(env)), 400);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(every_response_has_a_unique_request_id, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    std::vector<coverkit::http_response> responses;
    auto const good = body("640", "480");
    responses.push_back(
        coverkit::test::post_json(env, screenshots(main_room), good, writer(env))); // 201
    responses.push_back(
        coverkit::test::post_json(env, screenshots(main_room), good, writer(env))); // 201 again
    responses.push_back(
        coverkit::test::post_json(env, screenshot_list(main_room), good, writer(env))); // 201
    responses.push_back(
        coverkit::test::post_json(env, screenshots(main_room), body("0", "480"), writer(env)));
    responses.push_back(coverkit::test::post_json(env, screenshots(main_room), good, "bad"));
    responses.push_back(
        coverkit::test::post_json(env, screenshots(main_room), good, sdk(env, token_role::reader)));
    responses.push_back(coverkit::test::post_json(env, screenshots(us_room), good, writer(env)));
    responses.push_back(coverkit::test::post_json(env, "/nowhere", good, writer(env)));
    raw_request get;
    get.method = http::verb::get;
    get.path = screenshots(main_room);
    responses.push_back(coverkit::test::exchange(env, get));
    responses.push_back(coverkit::test::post_json(env, screenshots(main_room),
                                                  std::string(1024 * 1024 + 1, ' '), ""));
    responses.push_back(
        coverkit::test::post_json(env, screenshots(main_room), good, writer(env), "mars"));

    std::vector<unsigned> const statuses{201, 201, 201, 400, 401, 403, 404, 404, 405, 413, 400};
    std::vector<unsigned> actual;
    std::set<std::string> ids;
    for (auto const& res : responses) {
        actual.push_back(res.result_int());
        auto const id = std::string(res["x-request-id"]);
        BOOST_TEST(!id.empty());
        ids.insert(id);
    }
    BOOST_TEST(actual == statuses, boost::test_tools::per_element());
    BOOST_TEST(ids.size() == responses.size());

    // The client reports the id of the response it got, on success paths' failures too.
    coverkit::error_code ec;
    coverkit::error_details d;
    make_client(env, writer(env)).screenshot(main_room, size(640, 480, "/nope"), ec, d);
    check_failure(env, ec, d, error::not_found, 404);
    BOOST_TEST(!ids.contains(d.request_id));
}

// ---- the journal ----

// No journal entry, and nothing the journal endpoint answers, holds any part of `secret`.
template <class Env>
void check_journal_free_of(Env& env, std::string const& secret)
{
    for (auto const& e : env.fake.journal()) {
        BOOST_TEST_CONTEXT(e.method << " " << e.target)
        {
            BOOST_TEST(e.target.find(secret) == std::string::npos);
            // Not even its signed tail.
            BOOST_TEST(e.target.find(secret.substr(secret.size() - 24)) == std::string::npos);
            BOOST_TEST(e.method.find(secret) == std::string::npos);
            BOOST_TEST(e.request_id.find(secret) == std::string::npos);
        }
    }
    raw_request requests;
    requests.method = http::verb::get;
    requests.path = "/_fake/requests";
    requests.content_type.reset();
    auto const listed = coverkit::test::exchange(env, requests);
    BOOST_TEST(listed.result_int() == 200u);
    BOOST_TEST(listed.body().find(secret.substr(secret.size() - 24)) == std::string::npos);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_journal_records_every_call, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    BOOST_TEST(env.fake.journal().empty());
    auto const token = writer(env);
    auto const room_token =
        coverkit::test::tokens(env.fake).room_token(main_room, token_role::admin);

    std::vector<coverkit::http_response> responses;
    responses.push_back(
        coverkit::test::post_json(env, screenshots(main_room), body("640", "480"), token));
    responses.push_back(
        coverkit::test::post_json(env, screenshot_list(main_room), body("640", "0"), room_token));
    responses.push_back(
        coverkit::test::post_json(env, screenshots(main_room), body("640", "480"), token + "x"));
    raw_request get;
    get.method = http::verb::get;
    get.path = screenshot_list(main_room);
    get.token = token;
    responses.push_back(coverkit::test::exchange(env, get));
    responses.push_back(coverkit::test::post_json(env, "/v5/nowhere", "{}", token));
    // Through the client: its id is the one the client reports.
    coverkit::error_code ec;
    coverkit::error_details d;
    make_client(env, room_token).screenshot_list(main_room, size(64, 64, "/test"), ec, d);
    BOOST_TEST(!ec);

    struct row
    {
        std::string method;
        std::string target;
        unsigned status;
        std::string request_id;
    };
    auto id = [](coverkit::http_response const& r) { return std::string(r["x-request-id"]); };
    std::vector<row> const expected{
        {"POST", screenshots(main_room), 201, id(responses[0])},
        {"POST", screenshot_list(main_room), 400, id(responses[1])},
        {"POST", screenshots(main_room), 401, id(responses[2])},
        {"GET", screenshot_list(main_room), 405, id(responses[3])},
        {"POST", "/v5/nowhere", 404, id(responses[4])},
        {"POST", screenshot_list(main_room), 201, d.request_id},
    };
    auto const journal = env.fake.journal();
    BOOST_TEST_REQUIRE(journal.size() == expected.size());
    for (std::size_t i = 0; i < journal.size(); ++i) {
        BOOST_TEST_CONTEXT("entry " << i)
        {
            BOOST_TEST(journal[i].method == expected[i].method);
            BOOST_TEST(journal[i].target == expected[i].target);
            BOOST_TEST(journal[i].status == expected[i].status);
            BOOST_TEST(!journal[i].request_id.empty());
            BOOST_TEST(journal[i].request_id == expected[i].request_id);
        }
    }

    // The wire form lists the same entries; control calls are not recorded.
    check_journal_free_of(env, token);
    check_journal_free_of(env, room_token);
    raw_request requests;
    requests.method = http::verb::get;
    requests.path = "/_fake/requests";
    requests.content_type.reset();
    auto const jv = coverkit::test::json_of(coverkit::test::exchange(env, requests));
    BOOST_TEST_REQUIRE(jv.is_array());
    BOOST_TEST_REQUIRE(jv.get_array().size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        BOOST_TEST_CONTEXT("listed entry " << i)
        {
            auto const& o = jv.get_array()[i].as_object();
            BOOST_TEST(o.at("method").as_string() == expected[i].method);
            BOOST_TEST(o.at("target").as_string() == expected[i].target);
            BOOST_TEST(o.at("status").template to_number<unsigned>() == expected[i].status);
            BOOST_TEST(o.at("request_id").as_string() == expected[i].request_id);
        }
    }
    BOOST_TEST(env.fake.journal().size() == expected.size());

    env.fake.reset();
    BOOST_TEST(env.fake.journal().empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_journal_masks_tokens_in_query_strings, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token = writer(env);
    auto const room_token =
        coverkit::test::tokens(env.fake).room_token(main_room, token_role::admin);
    // The whiteboard API never reads tokens from the query, but a confused caller may put them
    // there; the journal must not keep them, whatever their order.
    for (auto const& query : {"?token=" + token + "&roomToken=" + room_token,
                              "?roomToken=" + room_token + "&token=" + token,
                              "?a=1&token=" + token + "&b=2&roomToken=" + room_token + "&c=3"}) {
        auto const res = coverkit::test::post_json(env, screenshots(main_room) + query,
                                                   body("640", "480"), token);
        BOOST_TEST(res.result_int() == 201u);
        BOOST_TEST(env.fake.journal().back().target.starts_with(screenshots(main_room) + "?"));
    }
    check_journal_free_of(env, token);
    check_journal_free_of(env, room_token);
}

// ---- the client's error model ----

BOOST_AUTO_TEST_CASE_TEMPLATE(the_throwing_form_carries_the_details, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token = sdk(env, token_role::reader);
    auto c = make_client(env, token);
    try {
        c.screenshot(main_room, size(640, 480));
        BOOST_FAIL("a reader token must not take screenshots");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == coverkit::error_code(error::forbidden));
        BOOST_TEST(e.details().status == 403u);
        BOOST_TEST(e.details().message == "token access role forbidden");
        BOOST_TEST(e.details().request_id == env.fake.journal().back().request_id);
        BOOST_TEST(std::string_view(e.what()).find("token access role forbidden") !=
                   std::string_view::npos);
        BOOST_TEST(std::string_view(e.what()).find(e.details().request_id) !=
                   std::string_view::npos);
        BOOST_TEST(std::string_view(e.what()).find(token) == std::string_view::npos);
        BOOST_TEST(e.details().body.find(token) == std::string::npos);
    }
    try {
        c.screenshot_list(main_room, size(640, 480));
        BOOST_FAIL("a reader token must not take screenshots");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == coverkit::error_code(error::forbidden));
        BOOST_TEST(e.details().status == 403u);
    }

    // A success leaves the error code clear.
    coverkit::error_code ec = error::not_found;
    coverkit::error_details d;
    make_client(env, writer(env)).screenshot(main_room, size(640, 480), ec, d);
    BOOST_TEST(!ec);
    BOOST_TEST(d.status == 201u);
    BOOST_TEST(d.request_id == env.fake.journal().back().request_id);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_client_sends_nothing_it_must_refuse, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto c = make_client(env, writer(env));
    struct refused
    {
        wb::screenshot_request req;
        error expected;
    };
    for (auto const& [req, expected] : std::vector<refused>{
             {size(0, 480), error::invalid_size},
             {size(640, -1), error::invalid_size},
             {size(8193, 480), error::invalid_size},
             {size(640, 8193), error::invalid_size},
             {size(640, 480, "x"), error::invalid_scene_path},
             {size(640, 480, "//x"), error::invalid_scene_path},
             {size(640, 480, "/a//b"), error::invalid_scene_path},
             {size(640, 480, ""), error::invalid_scene_path},
         }) {
        BOOST_TEST_CONTEXT(req.width << "x" << req.height << " path " << req.path.value_or("-"))
        {
            coverkit::error_code ec;
            coverkit::error_details d;
            c.screenshot(main_room, req, ec, d);
            BOOST_TEST(ec == coverkit::error_code(expected));
            BOOST_TEST(d.status == 0u);
            BOOST_TEST(!d.message.empty());
            c.screenshot_list(main_room, req, ec, d);
            BOOST_TEST(ec == coverkit::error_code(expected));
        }
    }
    coverkit::error_code ec;
    c.screenshot("", size(640, 480), ec);
    BOOST_TEST(ec == coverkit::error_code(error::empty_room_uuid));
    BOOST_TEST(env.fake.journal().empty());
}

BOOST_AUTO_TEST_SUITE_END()
