#include <coverkit/download.hpp>
#include <coverkit/fake/server.hpp>
#include <coverkit/whiteboard/client.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/exchange.hpp"
#include "support/picture.hpp"
#include "support/print.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

// Pictures and the object store: every screenshot is a real PNG of the requested size,
// served by GET and HEAD on its URL, showing the scene as it was when it was requested. Pictures
// are decoded with libpng directly (support/png.hpp), not with the fake's code.

namespace http = boost::beast::http;
namespace json = boost::json;
namespace wb = coverkit::whiteboard;
using coverkit::test::decode_png;
using coverkit::test::near;
using coverkit::test::picture;
using coverkit::test::raw_request;
using coverkit::test::rgb;

namespace {

constexpr std::string_view main_room = coverkit::test::main_room; // team 2811, myAK, cn-hz
constexpr rgb white{255, 255, 255};
constexpr rgb red{220, 20, 30};
constexpr rgb blue{20, 40, 200};

raw_request request(http::verb method, std::string path)
{
    raw_request r;
    r.method = method;
    r.path = std::move(path);
    return r;
}

template <class Env>
std::string admin_token(Env& env)
{
    return coverkit::test::tokens(env.fake).sdk_token(wb::token_role::admin);
}

// The origin-form target of an image URL the fake returned (its path: the store is on the same
// host as the API in every environment).
std::string target_of(std::string_view url)
{
    auto const u = boost::urls::parse_uri(url);
    BOOST_TEST_REQUIRE(u.has_value(), url);
    return std::string(u->encoded_target());
}

// `GET` (or `HEAD`) of an image URL through the environment's transport.
template <class Env>
coverkit::http_response fetch(Env& env, std::string_view url, http::verb method = http::verb::get)
{
    auto r = request(method, target_of(url));
    r.content_type.reset();
    return coverkit::test::exchange(env, r);
}

// The image object of a v5 screenshot of `path` at `width` × `height` in the main room.
template <class Env>
json::object screenshot(Env& env, std::string_view path, int width, int height,
                        std::string_view room = main_room)
{
    json::object body{{"width", width}, {"height", height}, {"path", path}};
    auto res = coverkit::test::post_json(env, coverkit::test::room_path(room, "screenshots"),
                                         json::serialize(body), admin_token(env));
    BOOST_TEST_REQUIRE(res.result_int() == 201u, res.body());
    return coverkit::test::json_of(res).as_object();
}

// The decoded picture at `url`, checked to be a PNG served as one.
template <class Env>
picture picture_at(Env& env, std::string_view url)
{
    auto res = fetch(env, url);
    BOOST_TEST_REQUIRE(res.result_int() == 200u, url);
    BOOST_TEST(res[http::field::content_type] == "image/png");
    auto decoded = decode_png(res.body());
    BOOST_TEST_REQUIRE(decoded.has_value(), "not a PNG: " << url);
    return std::move(*decoded);
}

template <class Env>
std::string bytes_at(Env& env, std::string_view url)
{
    auto res = fetch(env, url);
    BOOST_TEST_REQUIRE(res.result_int() == 200u, url);
    return res.body();
}

// Adds scene `name` to directory `dir` of the main room with a background `src` of `w` × `h`.
template <class Env>
void add_scene(Env& env, std::string_view dir, std::string_view name, std::string_view src, int w,
               int h)
{
    json::object scene{{"name", name}, {"ppt", {{"src", src}, {"width", w}, {"height", h}}}};
    json::object body{{"path", dir}, {"scenes", json::array{scene}}};
    auto res = coverkit::test::post_json(env, coverkit::test::room_path(main_room, "scenes"),
                                         json::serialize(body), admin_token(env));
    BOOST_TEST_REQUIRE(res.result_int() == 201u, res.body());
}

// A 200 × 100 background: its left half red, its right half blue.
std::string halves_png()
{
    return coverkit::test::encode_png(200, 100, [](int x, int) { return x < 100 ? red : blue; });
}

std::string data_url(std::string_view mime, std::string_view bytes)
{
    namespace b64 = boost::beast::detail::base64;
    std::string encoded(b64::encoded_size(bytes.size()), '\0');
    encoded.resize(b64::encode(encoded.data(), bytes.data(), bytes.size()));
    return "data:" + std::string(mime) + ";base64," + encoded;
}

bool is_white(picture const& p, int x, int y)
{
    return p.at(x, y) == white;
}

// The four corners are white and the middle row is marked: a board with its mark.
void check_board(picture const& p)
{
    BOOST_TEST(is_white(p, 0, 0));
    BOOST_TEST(is_white(p, p.width - 1, 0));
    BOOST_TEST(is_white(p, 0, p.height - 1));
    BOOST_TEST(is_white(p, p.width - 1, p.height - 1));
    int marked = 0; // pixels of the middle row that are not white
    for (int x = 0; x < p.width; ++x)
        marked += !is_white(p, x, p.height / 2);
    BOOST_TEST(marked > p.width / 4);
}

// A 400 × 400 frame holding the 2:1 halves background: 400 × 200, from y = 100 to 300.
void check_halves_in_square(picture const& p)
{
    BOOST_TEST_REQUIRE(p.width == 400);
    BOOST_TEST_REQUIRE(p.height == 400);
    BOOST_TEST(near(p.at(100, 200), red));
    BOOST_TEST(near(p.at(300, 200), blue));
    BOOST_TEST(near(p.at(5, 105), red));
    BOOST_TEST(near(p.at(394, 294), blue));
    for (int x : {0, 100, 200, 300, 399}) {
        BOOST_TEST(is_white(p, x, 0));
        BOOST_TEST(is_white(p, x, 97));
        BOOST_TEST(is_white(p, x, 303));
        BOOST_TEST(is_white(p, x, 399));
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(contract_pictures)

BOOST_AUTO_TEST_CASE_TEMPLATE(a_screenshot_is_a_png_of_exactly_the_requested_size, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (auto [w, h] : {std::pair{640, 480}, {1, 1}, {37, 900}, {1920, 1080}, {8192, 2}}) {
        auto const image = screenshot(env, "/init", w, h);
        auto res = fetch(env, image.at("url").as_string());
        BOOST_TEST_REQUIRE(res.result_int() == 200u);
        BOOST_TEST(res[http::field::content_type] == "image/png");
        BOOST_TEST(res[http::field::content_length] == std::to_string(res.body().size()));
        BOOST_TEST(!res["x-request-id"].empty());
        auto const p = decode_png(res.body());
        BOOST_TEST_REQUIRE(p.has_value());
        BOOST_TEST(p->width == w);
        BOOST_TEST(p->height == h);
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(head_announces_the_object_without_its_bytes, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const url = screenshot(env, "/test/cover", 320, 240).at("url").as_string();
    // HEAD first: the picture is drawn for it, and GET then serves the same bytes.
    auto head = fetch(env, url, http::verb::head);
    BOOST_TEST(head.result_int() == 200u);
    BOOST_TEST(head[http::field::content_type] == "image/png");
    BOOST_TEST(head.body().empty());
    auto const bytes = bytes_at(env, url);
    BOOST_TEST(head[http::field::content_length] == std::to_string(bytes.size()));
    BOOST_TEST(decode_png(bytes).has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(absent_objects_answer_404, Env, coverkit::test::contract_environments)
{
    Env env;
    auto const url = std::string(screenshot(env, "/init", 8, 8).at("url").as_string());
    auto const base = url.substr(0, url.find("/storage/") + 9);
    for (auto const* missing :
         {"white-cover/room_cover/2811/faed3130727911ebaea37759ee91947c/english.png",
          "white-cover/room_cover/2811/faed3130727911ebaea37759ee91947c/init",
          "other-bucket/room_cover/2811/faed3130727911ebaea37759ee91947c/init.png",
          "white-cover/nothing"}) {
        BOOST_TEST(fetch(env, base + missing).result_int() == 404u, missing);
        auto head = fetch(env, base + missing, http::verb::head);
        BOOST_TEST(head.result_int() == 404u, missing);
        BOOST_TEST(head.body().empty());
    }
    // A reset empties the store.
    coverkit::test::exchange(env, request(http::verb::post, "/_fake/reset"));
    BOOST_TEST(fetch(env, url).result_int() == 404u);
    // Other methods on an object: 405.
    BOOST_TEST(fetch(env, url, http::verb::delete_).result_int() == 405u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_same_scene_and_size_give_the_same_bytes, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (auto const* path : {"/init", "/physics/newtonian-mechanics"}) {
        auto const url = screenshot(env, path, 640, 480).at("url").as_string();
        auto const first = bytes_at(env, url);
        BOOST_TEST(bytes_at(env, url) == first);
        // Asked again (a new object under the same key), and after a reset.
        BOOST_TEST(bytes_at(env, screenshot(env, path, 640, 480).at("url").as_string()) == first);
        coverkit::test::exchange(env, request(http::verb::post, "/_fake/reset"));
        BOOST_TEST(bytes_at(env, screenshot(env, path, 640, 480).at("url").as_string()) == first);
    }
    // And in another fake started from the same fixture.
    coverkit::test::in_process_env other_env;
    BOOST_TEST(
        bytes_at(other_env, screenshot(other_env, "/init", 640, 480).at("url").as_string()) ==
        bytes_at(env, screenshot(env, "/init", 640, 480).at("url").as_string()));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_scene_without_background_is_a_white_board_with_its_own_mark, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    std::set<std::vector<std::uint8_t>> seen;
    for (auto const* path : {"/init", "/english", "/test/cover", "/test/page1", "/test/page2",
                             "/physics/newtonian-mechanics"}) {
        auto const p = picture_at(env, screenshot(env, path, 320, 240).at("url").as_string());
        BOOST_TEST(p.width == 320);
        check_board(p);
        seen.insert(p.pixels);
    }
    BOOST_TEST(seen.size() == 6u); // every scene looks different
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_background_from_a_data_url_is_fitted_inside_the_frame_on_white, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    add_scene(env, "/slides", "halves", data_url("image/png", halves_png()), 200, 100);
    check_halves_in_square(
        picture_at(env, screenshot(env, "/slides/halves", 400, 400).at("url").as_string()));

    // A wide frame: 400 × 200 from x = 200 to 600, white on both sides.
    auto const wide =
        picture_at(env, screenshot(env, "/slides/halves", 800, 200).at("url").as_string());
    BOOST_TEST(near(wide.at(300, 100), red));
    BOOST_TEST(near(wide.at(500, 100), blue));
    for (int y : {0, 100, 199}) {
        BOOST_TEST(is_white(wide, 0, y));
        BOOST_TEST(is_white(wide, 197, y));
        BOOST_TEST(is_white(wide, 603, y));
        BOOST_TEST(is_white(wide, 799, y));
    }

    // The page's size on the board decides the shape: the same picture as a 1:1 page fills a
    // square frame, red on the left and blue on the right.
    add_scene(env, "/slides", "square", data_url("image/png", halves_png()), 300, 300);
    auto const square =
        picture_at(env, screenshot(env, "/slides/square", 100, 100).at("url").as_string());
    BOOST_TEST(near(square.at(10, 2), red));
    BOOST_TEST(near(square.at(90, 97), blue));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_jpeg_background_is_drawn_like_a_png_one, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const jpeg =
        coverkit::test::encode_jpeg(200, 100, [](int x, int) { return x < 100 ? red : blue; });
    add_scene(env, "/slides", "photo", data_url("image/jpeg", jpeg), 200, 100);
    check_halves_in_square(
        picture_at(env, screenshot(env, "/slides/photo", 400, 400).at("url").as_string()));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_background_can_be_an_object_of_the_store, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const some_url = std::string(screenshot(env, "/init", 8, 8).at("url").as_string());
    auto const upload =
        some_url.substr(0, some_url.find("/storage/") + 9) + "white-cover/up/bg.png";
    auto put = request(http::verb::put, target_of(upload));
    put.content_type = "image/png";
    put.body = halves_png();
    BOOST_TEST_REQUIRE(coverkit::test::exchange(env, put).result_int() == 200u);
    BOOST_TEST(bytes_at(env, upload) == put.body);

    add_scene(env, "/slides", "stored", upload, 200, 100);             // its full URL
    add_scene(env, "/slides", "by-path", target_of(upload), 200, 100); // or its path
    check_halves_in_square(
        picture_at(env, screenshot(env, "/slides/stored", 400, 400).at("url").as_string()));
    check_halves_in_square(
        picture_at(env, screenshot(env, "/slides/by-path", 400, 400).at("url").as_string()));

    // Another screenshot as a background.
    auto const shot =
        std::string(screenshot(env, "/slides/stored", 400, 400).at("url").as_string());
    add_scene(env, "/slides", "nested", shot, 400, 400);
    check_halves_in_square(
        picture_at(env, screenshot(env, "/slides/nested", 400, 400).at("url").as_string()));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_picture_shows_the_scene_as_it_was_when_it_was_requested, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const solid = [](rgb c) {
        return data_url("image/png", coverkit::test::encode_png(4, 4, [c](int, int) { return c; }));
    };
    add_scene(env, "/slides", "page", solid(red), 4, 4);
    auto const before = std::string(screenshot(env, "/slides/page", 50, 50).at("url").as_string());
    // The scene changes before anyone reads the picture; the picture does not.
    add_scene(env, "/slides", "page", solid(blue), 4, 4);
    BOOST_TEST(near(picture_at(env, before).at(25, 25), red));
    // A new screenshot shows the new scene (under the same key, as the service does).
    auto const after = std::string(screenshot(env, "/slides/page", 50, 50).at("url").as_string());
    BOOST_TEST(after == before);
    BOOST_TEST(near(picture_at(env, after).at(25, 25), blue));

    // Likewise for a background object replaced in the store after the screenshot.
    auto const upload = before.substr(0, before.find("/storage/") + 9) + "white-cover/bg";
    auto put = request(http::verb::put, target_of(upload));
    put.content_type.reset();
    put.body = coverkit::test::encode_png(4, 4, [](int, int) { return red; });
    BOOST_TEST_REQUIRE(coverkit::test::exchange(env, put).result_int() == 200u);
    BOOST_TEST(fetch(env, upload)[http::field::content_type] == "image/png"); // sniffed
    add_scene(env, "/slides", "stored", upload, 4, 4);
    auto const shot = std::string(screenshot(env, "/slides/stored", 50, 50).at("url").as_string());
    put.body = coverkit::test::encode_png(4, 4, [](int, int) { return blue; });
    BOOST_TEST_REQUIRE(coverkit::test::exchange(env, put).result_int() == 200u);
    BOOST_TEST(near(picture_at(env, shot).at(25, 25), red));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(an_unreadable_background_leaves_the_board, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    add_scene(env, "/bad", "remote", "https://elsewhere.example/page.png", 200, 100);
    add_scene(env, "/bad", "garbage", "data:image/png;base64,bm90IGEgcGljdHVyZQ==", 200, 100);
    add_scene(env, "/bad", "missing", "img/none.png", 200, 100);
    add_scene(env, "/bad", "escape", "../../../../etc/hostname", 200, 100);
    for (auto const* path : {"/bad/remote", "/bad/garbage", "/bad/missing", "/bad/escape"})
        check_board(picture_at(env, screenshot(env, path, 120, 90).at("url").as_string()));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(every_picture_of_a_directory_is_served, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    json::object body{{"width", 160}, {"height", 120}, {"path", "/test"}};
    auto res =
        coverkit::test::post_json(env, coverkit::test::room_path(main_room, "screenshot-list"),
                                  json::serialize(body), admin_token(env));
    BOOST_TEST_REQUIRE(res.result_int() == 201u);
    auto const list = coverkit::test::json_of(res).as_array();
    BOOST_TEST_REQUIRE(list.size() == 3u);
    std::set<std::string> bytes;
    for (auto const& image : list) {
        auto const p = picture_at(env, image.at("url").as_string());
        BOOST_TEST(p.width == 160);
        BOOST_TEST(p.height == 120);
        bytes.insert(bytes_at(env, image.at("url").as_string()));
    }
    BOOST_TEST(bytes.size() == 3u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_client_downloads_a_screenshot_through_its_transport, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    using transport_type = std::decay_t<decltype(env.transport())>;
    wb::client<transport_type> client(env.transport(),
                                      {.base_url = env.base_url(), .token = admin_token(env)});
    auto const image = client.screenshot(std::string(main_room),
                                         {.width = 300, .height = 200, .path = "/english"});
    auto const object = coverkit::download(client.transport(), image.url);
    BOOST_TEST(object.content_type == "image/png");
    auto const p = decode_png(object.bytes);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->width == 300);
    BOOST_TEST(p->height == 200);
    check_board(*p);

    // Past the size limit: a clear error, nothing kept.
    coverkit::error_code ec;
    coverkit::download(client.transport(), image.url, {.max_bytes = 10}, ec);
    BOOST_TEST(ec == coverkit::error::response_too_large);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(legacy_covers_are_pictures_too, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token =
        coverkit::test::tokens(env.fake).room_token(std::string(main_room), wb::token_role::writer);
    auto r = request(http::verb::post, "/handle/rooms/single-snapshot");
    r.headers.emplace_back("roomToken", token);
    r.body = R"({"uuid":")" + std::string(main_room) +
             R"(","width":"240px","height":180,"scenePath":"/english"})";
    auto res = coverkit::test::exchange(env, r);
    BOOST_TEST_REQUIRE(res.result_int() == 200u, res.body());
    auto const image = coverkit::test::json_of(res).at("msg").at("image");
    auto const p = picture_at(env, image.at("url").as_string());
    BOOST_TEST(p.width == 240);
    BOOST_TEST(p.height == 180);
    check_board(p);
    // The same scene and size through the v5 API: the same picture.
    BOOST_TEST(bytes_at(env, image.at("url").as_string()) ==
               bytes_at(env, screenshot(env, "/english", 240, 180).at("url").as_string()));
}

// The first reads of a picture, from many threads at once: drawn once, the same bytes for all.
BOOST_AUTO_TEST_CASE(concurrent_first_reads_agree)
{
    coverkit::test::in_process_env env;
    std::vector<std::string> urls;
    for (auto const* path : {"/init", "/english", "/test/cover", "/test/page1"})
        urls.emplace_back(screenshot(env, path, 400, 300).at("url").as_string());
    constexpr int threads = 8;
    std::vector<std::vector<std::string>> got(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (auto const& url : urls) {
                coverkit::http_request req{http::verb::get, target_of(url), 11};
                req.set(http::field::host, "fake.test");
                got[t].push_back(env.fake.handle(req).body());
            }
        });
    for (auto& th : pool)
        th.join();
    for (int t = 1; t < threads; ++t)
        BOOST_TEST((got[t] == got[0]));
    for (auto const& bytes : got[0])
        BOOST_TEST(decode_png(bytes).has_value());
}

// A background named relative to the fixture file, read from the fixture's folder only.
BOOST_AUTO_TEST_CASE(a_background_file_next_to_the_fixture_is_fitted_inside_the_frame)
{
    auto const dir = std::filesystem::temp_directory_path() /
                     ("coverkit-pictures-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "fixture" / "img");
    {
        std::ofstream(dir / "fixture" / "img" / "page.png", std::ios::binary) << halves_png();
        std::ofstream(dir / "outside.png", std::ios::binary) << halves_png();
        std::ofstream(dir / "fixture" / "fixture.json")
            << R"({
            "apps": [{"ak": "myAK", "sk": "mySK", "team": "2811"}],
            "rooms": [{"uuid": "faed3130727911ebaea37759ee91947c", "ak": "myAK", "scenes": [
                {"path": "/deck/page", "ppt": {"src": "img/page.png", "width": 200, "height": 100}},
                {"path": "/deck/dotted", "ppt": {"src": "./img/../img/page.png", "width": 200, "height": 100}},
                {"path": "/deck/outside", "ppt": {"src": "../outside.png", "width": 200, "height": 100}},
                {"path": "/deck/absolute", "ppt": {"src": ")" +
                   (dir / "outside.png").string() + R"(", "width": 200, "height": 100}}]}]})";
    }
    coverkit::test::in_process_env env;
    env.fake =
        coverkit::fake::server(coverkit::fake::load_fixture(dir / "fixture" / "fixture.json"));
    check_halves_in_square(
        picture_at(env, screenshot(env, "/deck/page", 400, 400).at("url").as_string()));
    check_halves_in_square(
        picture_at(env, screenshot(env, "/deck/dotted", 400, 400).at("url").as_string()));
    // Outside the fixture's folder: not read.
    check_board(picture_at(env, screenshot(env, "/deck/outside", 400, 400).at("url").as_string()));
    check_board(picture_at(env, screenshot(env, "/deck/absolute", 400, 400).at("url").as_string()));
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
