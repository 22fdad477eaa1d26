#include <coverkit/whiteboard/client.hpp>

#include "support/environment.hpp"

#include <coverkit/transport/in_process.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <chrono>
#include <future>
#include <thread>

namespace http = boost::beast::http;
using coverkit::error;
using coverkit::error_code;
using coverkit::error_details;
using coverkit::image;
using coverkit::in_process_transport;
using coverkit::test::main_room;
using coverkit::whiteboard::client;
using coverkit::whiteboard::client_options;
using coverkit::whiteboard::region;
using coverkit::whiteboard::screenshot_request;
using coverkit::whiteboard::token_role;

namespace {

// A client of the contract fixture's fake, in process, with an SDK admin token of myAK.
struct fake_client
{
    boost::asio::io_context ioc;
    coverkit::fake::server fake{coverkit::test::contract_fixture()};
    std::string token = coverkit::test::tokens(fake).sdk_token(token_role::admin);
    client<in_process_transport> c{fake.transport(ioc.get_executor()),
                                   client_options{"http://fake.test", token, {}}};
};

// A client whose server side is a function the test writes.
struct scripted_client
{
    boost::asio::io_context ioc;
    std::shared_ptr<std::vector<coverkit::http_request>> seen =
        std::make_shared<std::vector<coverkit::http_request>>();
    coverkit::http_response answer{http::status::created, 11};

    client<in_process_transport> make(client_options o)
    {
        return client<in_process_transport>(
            in_process_transport(ioc.get_executor(),
                                 [this](coverkit::http_request const& req) {
                                     seen->push_back(req);
                                     return answer;
                                 }),
            std::move(o));
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(whiteboard_client)

BOOST_AUTO_TEST_CASE(screenshot_returns_the_image)
{
    fake_client f;
    image img = f.c.screenshot(main_room, {640, 480, "/test/cover"});
    BOOST_TEST(img.key == std::string("room_cover/2811/") + main_room + "/test/cover.png");
    BOOST_TEST(img.bucket == "white-cover");
}

BOOST_AUTO_TEST_CASE(screenshot_list_returns_the_directory_in_order)
{
    fake_client f;
    auto list = f.c.screenshot_list(main_room, {320, 240, "/test"});
    BOOST_TEST_REQUIRE(list.size() == 3u);
    BOOST_TEST(list[0].key.ends_with("/test/cover.png"));
    BOOST_TEST(list[2].key.ends_with("/test/page2.png"));
}

BOOST_AUTO_TEST_CASE(sends_the_documented_request)
{
    scripted_client s;
    s.answer.body() = R"({"url":"u","key":"k","bucket":"b","region":"r"})";
    auto c = s.make({"https://api.example/base/", "NETLESSSDK_abc", region::us_sv});
    c.screenshot("a/b c?", {640, 480, "/x"});
    BOOST_TEST_REQUIRE(s.seen->size() == 1u);
    auto const& req = s.seen->front();
    BOOST_TEST((req.method() == http::verb::post));
    // the uuid travels as one percent-encoded path segment, under the base URL's path
    BOOST_TEST(req.target() == "/base/v5/rooms/a%2Fb%20c%3F/screenshots");
    BOOST_TEST(req[http::field::host] == "api.example");
    BOOST_TEST(req["token"] == "NETLESSSDK_abc");
    BOOST_TEST(req["region"] == "us-sv");
    BOOST_TEST(req[http::field::content_type] == "application/json");
    BOOST_TEST(boost::json::parse(req.body()) ==
               boost::json::parse(R"({"width":640,"height":480,"path":"/x"})"));
}

BOOST_AUTO_TEST_CASE(answers_over_the_client_limit_are_refused)
{
    // A 201 of 2,000 bytes: over a 1,000-byte limit, refused whatever it holds; the default
    // limit (8 MiB) takes it, and then it is only not an image.
    scripted_client s;
    s.answer.body() = R"({"url":")" + std::string(1980, 'u') + R"("})";
    s.answer.prepare_payload();
    client_options small{"http://fake.test", "t", {}};
    small.max_response_bytes = 1000;
    BOOST_TEST(client_options{}.max_response_bytes == coverkit::default_max_response_bytes);
    coverkit::error_code ec;
    coverkit::error_details d;
    s.make(small).screenshot("room", {64, 48, "/init"}, ec, d);
    BOOST_TEST(ec == coverkit::error::response_too_large);
    BOOST_TEST(d.message.find("1000 bytes") != std::string::npos, d.message);
    s.make(client_options{"http://fake.test", "t", {}})
        .screenshot("room", {64, 48, "/init"}, ec, d);
    BOOST_TEST(ec == coverkit::error::malformed_response);
}

BOOST_AUTO_TEST_CASE(no_region_header_unless_asked)
{
    scripted_client s;
    s.answer.body() = "[]";
    auto c = s.make({"http://h", "t", {}});
    BOOST_TEST(c.screenshot_list("r", {1, 1, {}}).empty());
    BOOST_TEST_REQUIRE(s.seen->size() == 1u);
    BOOST_TEST(s.seen->front().count("region") == 0u);
    BOOST_TEST(s.seen->front().target() == "/v5/rooms/r/screenshot-list");
}

BOOST_AUTO_TEST_CASE(input_is_checked_before_anything_is_sent)
{
    fake_client f;
    struct
    {
        char const* room;
        screenshot_request req;
        error expected;
    } const cases[] = {
        {main_room, {0, 480, {}}, error::invalid_size},
        {main_room, {640, 8193, {}}, error::invalid_size},
        {main_room, {-5, 480, {}}, error::invalid_size},
        {main_room, {640, 480, "no-slash"}, error::invalid_scene_path},
        {main_room, {640, 480, "/a//b"}, error::invalid_scene_path},
        {"", {640, 480, {}}, error::empty_room_uuid},
    };
    for (auto const& c : cases) {
        error_code ec;
        error_details d;
        f.c.screenshot(c.room, c.req, ec, d);
        BOOST_TEST(ec == c.expected);
        BOOST_TEST(d.status == 0u);
        BOOST_TEST(!d.message.empty());
        f.c.screenshot_list(c.room, c.req, ec);
        BOOST_TEST(ec == c.expected);
    }
    BOOST_TEST(f.fake.journal().empty());
}

BOOST_AUTO_TEST_CASE(a_bad_base_url_fails_every_call)
{
    fake_client f;
    client<in_process_transport> c(f.fake.transport(f.ioc.get_executor()),
                                   {"api.netless.link", f.token, {}});
    error_code ec;
    c.screenshot(main_room, {640, 480, {}}, ec);
    BOOST_TEST(ec == error::invalid_base_url);
    BOOST_TEST(f.fake.journal().empty());
}

BOOST_AUTO_TEST_CASE(failures_carry_status_message_request_id_and_body)
{
    fake_client f;
    error_code ec;
    error_details d;
    f.c.screenshot(main_room, {640, 480, "/physics"}, ec, d);
    BOOST_TEST(ec == error::bad_request);
    BOOST_TEST(d.status == 400u);
    BOOST_TEST(d.message.find("directory") != std::string::npos);
    BOOST_TEST(boost::json::parse(d.body).at("message").as_string() == d.message);
    auto const journal = f.fake.journal();
    BOOST_TEST_REQUIRE(journal.size() == 1u);
    BOOST_TEST(d.request_id == journal[0].request_id);
}

BOOST_AUTO_TEST_CASE(the_throwing_form_throws_api_error_without_the_token)
{
    fake_client f;
    auto reader = coverkit::test::tokens(f.fake).sdk_token(token_role::reader);
    f.c.set_token(reader);
    try {
        f.c.screenshot(main_room, {640, 480, {}});
        BOOST_FAIL("no exception");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == error_code(error::forbidden));
        BOOST_TEST(e.details().status == 403u);
        BOOST_TEST(e.details().message == "token access role forbidden");
        BOOST_TEST(!e.details().request_id.empty());
        std::string const what = e.what();
        BOOST_TEST(what.find("token access role forbidden") != std::string::npos);
        BOOST_TEST(what.find(reader) == std::string::npos);
        BOOST_TEST(what.find(reader.substr(11, 16)) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_success_status_with_an_unreadable_body_is_malformed_response)
{
    scripted_client s;
    s.answer.body() = R"({"url":"u"})";
    auto c = s.make({"http://h", "t", {}});
    error_code ec;
    error_details d;
    c.screenshot("r", {1, 1, {}}, ec, d);
    BOOST_TEST(ec == error::malformed_response);
    BOOST_TEST(d.status == 201u);
    BOOST_TEST(d.body == R"({"url":"u"})");
    s.answer.body() = "not json";
    c.screenshot_list("r", {1, 1, {}}, ec, d);
    BOOST_TEST(ec == error::malformed_response);
}

BOOST_AUTO_TEST_CASE(an_unexpected_status_is_reported)
{
    scripted_client s;
    s.answer.result(http::status::ok); // documented success is 201
    s.answer.body() = R"({"url":"u","key":"k","bucket":"b","region":"r"})";
    auto c = s.make({"http://h", "t", {}});
    error_code ec;
    c.screenshot("r", {1, 1, {}}, ec);
    BOOST_TEST(ec == error::unexpected_status);
}

BOOST_AUTO_TEST_CASE(async_with_a_callback)
{
    fake_client f;
    std::optional<image> got;
    f.c.async_screenshot(main_room, {640, 480, {}}, [&](error_code ec, image img) {
        BOOST_TEST(!ec);
        got = img;
    });
    BOOST_TEST(!got.has_value()); // never inline
    f.ioc.run();
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->key.ends_with("/init.png"));
}

BOOST_AUTO_TEST_CASE(async_failure_fills_details_before_the_handler_runs)
{
    fake_client f;
    error_details d;
    std::optional<error_code> got;
    unsigned status_seen = 0;
    f.c.async_screenshot_list(main_room, {640, 480, "/nowhere"}, d,
                              [&](error_code ec, std::vector<image> list) {
                                  got = ec;
                                  status_seen = d.status;
                                  BOOST_TEST(list.empty());
                              });
    f.ioc.run();
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(*got == error::not_found);
    BOOST_TEST(status_seen == 404u);
    BOOST_TEST(!d.request_id.empty());
}

BOOST_AUTO_TEST_CASE(async_rejected_input_completes_through_the_executor)
{
    fake_client f;
    std::optional<error_code> got;
    error_details d;
    f.c.async_screenshot(main_room, {0, 0, {}}, d, [&](error_code ec, image) { got = ec; });
    BOOST_TEST(!got.has_value());
    f.ioc.run();
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(*got == error::invalid_size);
    BOOST_TEST(d.message.find("width") != std::string::npos);
    BOOST_TEST(f.fake.journal().empty());
}

BOOST_AUTO_TEST_CASE(async_with_use_future)
{
    fake_client f;
    auto work = boost::asio::make_work_guard(f.ioc);
    std::thread runner([&] { f.ioc.run(); });
    auto ok = f.c.async_screenshot_list(main_room, {64, 48, "/"}, boost::asio::use_future);
    auto bad = f.c.async_screenshot(main_room, {64, 48, "/missing"}, boost::asio::use_future);
    auto list = ok.get();
    BOOST_TEST(list.size() == 2u); // "/init" and "/english"
    try {
        bad.get();
        BOOST_FAIL("no exception");
    } catch (boost::system::system_error const& e) {
        BOOST_TEST(e.code() == error_code(error::not_found));
    }
    work.reset();
    runner.join();
}

BOOST_AUTO_TEST_CASE(async_with_use_awaitable)
{
    fake_client f;
    std::optional<image> got;
    std::optional<error_code> failure;
    error_details d;
    boost::asio::co_spawn(
        f.ioc,
        [&]() -> boost::asio::awaitable<void> {
            // Named requests: GCC 12 mis-destroys braced temporaries inside co_await.
            screenshot_request const english{64, 48, "/english"};
            screenshot_request const physics{64, 48, "/physics"};
            got = co_await f.c.async_screenshot(main_room, english, boost::asio::use_awaitable);
            try {
                co_await f.c.async_screenshot(main_room, physics, d, boost::asio::use_awaitable);
            } catch (boost::system::system_error const& e) {
                failure = e.code();
            }
        },
        boost::asio::detached);
    f.ioc.run();
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->key.ends_with("/english.png"));
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(*failure == error::bad_request);
    BOOST_TEST(d.status == 400u);
}

// ---- tokens, rooms and scenes: what goes on the wire ----

namespace {

// What one call sends, as the scripted server saw it.
struct wire_expectation
{
    char const* what;
    http::verb method;
    char const* target;
    char const* body; // JSON, or nullptr for none
    bool token_header;
};

} // namespace

BOOST_AUTO_TEST_CASE(rooms_scenes_and_tokens_send_the_documented_requests)
{
    using namespace std::chrono_literals;
    using coverkit::whiteboard::add_scenes_request;
    using coverkit::whiteboard::scene;
    scripted_client s;
    auto c = s.make({"https://api.example/base/", "NETLESSSDK_abc", region::us_sv});
    error_code ec;
    // Each call's answer is left unread here: the scripted body fits none of them.
    c.create_team_token("myAK", "mySK", token_role::writer, 60s, ec);
    c.create_room_token("r 1", token_role::reader, 0ms, ec);
    c.create_task_token("t/1", token_role::admin, 5ms, ec);
    c.create_room({true, 5, "lesson"}, ec);
    c.room_info("r 1", ec);
    c.list_rooms({"abc&d", 20}, ec);
    c.list_rooms({}, ec);
    c.set_room_ban("r 1", true, ec);
    c.list_scenes("r 1", std::nullopt, ec);
    c.list_scenes("r 1", "/a b", ec);
    c.add_scenes("r 1", add_scenes_request{"/deck", {scene{"p1", std::nullopt}}}, ec);
    c.switch_scene("r 1", "/deck/p1", ec);
    using v = http::verb;
    wire_expectation const expected[] = {
        {"team token", v::post, "/base/v5/tokens/teams",
         R"({"accessKey":"myAK","secretAccessKey":"mySK","lifespan":60000,"role":"writer"})",
         false},
        {"room token", v::post, "/base/v5/tokens/rooms/r%201", R"({"lifespan":0,"role":"reader"})",
         true},
        {"task token", v::post, "/base/v5/tokens/tasks/t%2F1", R"({"lifespan":5,"role":"admin"})",
         true},
        {"create room", v::post, "/base/v5/rooms", R"({"isRecord":true,"limit":5,"name":"lesson"})",
         true},
        {"room info", v::get, "/base/v5/rooms/r%201", nullptr, true},
        {"list rooms", v::get, "/base/v5/rooms?beginUUID=abc%26d&limit=20", nullptr, true},
        {"list rooms, defaults", v::get, "/base/v5/rooms", nullptr, true},
        {"ban", v::patch, "/base/v5/rooms/r%201", R"({"isBan":true})", true},
        {"all scenes", v::get, "/base/v5/rooms/r%201/scenes", nullptr, true},
        {"scenes of a directory", v::get, "/base/v5/rooms/r%201/scenes?sceneDir=/a%20b", nullptr,
         true},
        {"add scenes", v::post, "/base/v5/rooms/r%201/scenes",
         R"({"path":"/deck","scenes":[{"name":"p1"}]})", true},
        {"switch scene", v::patch, "/base/v5/rooms/r%201/scene-state",
         R"({"scenePath":"/deck/p1"})", true},
    };
    BOOST_TEST_REQUIRE(s.seen->size() == std::size(expected));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        auto const& req = (*s.seen)[i];
        auto const& e = expected[i];
        BOOST_TEST_CONTEXT(e.what)
        {
            BOOST_TEST((req.method() == e.method));
            BOOST_TEST(req.target() == e.target);
            BOOST_TEST(req["region"] == "us-sv");
            BOOST_TEST(req.count("token") == (e.token_header ? 1u : 0u));
            if (e.token_header)
                BOOST_TEST(req["token"] == "NETLESSSDK_abc");
            if (e.body) {
                BOOST_TEST(req[http::field::content_type] == "application/json");
                BOOST_TEST(boost::json::parse(req.body()) == boost::json::parse(e.body));
            } else {
                BOOST_TEST(req.body().empty());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(answers_are_read_into_their_types)
{
    scripted_client s;
    auto c = s.make({"http://h", "t", {}});
    s.answer.body() = R"("NETLESSROOM_xyz")";
    BOOST_TEST(c.create_room_token("r", token_role::writer, {}) == "NETLESSROOM_xyz");
    s.answer.body() = R"({"currentScenePath":"/a/b"})";
    BOOST_TEST(c.switch_scene("r", "/a/b/") == "/a/b");
    s.answer.body() = "{}";
    c.add_scenes("r", {"/", {{"x", std::nullopt}}}); // throws on failure
    s.answer.result(http::status::ok);
    s.answer.body() = R"(["/init","/a/b"])";
    BOOST_TEST(c.list_scenes("r", std::nullopt) == (std::vector<std::string>{"/init", "/a/b"}),
               boost::test_tools::per_element());
    // A 200 where 201 is documented, and bodies of the wrong shape, are reported.
    error_code ec;
    c.add_scenes("r", {"/", {{"x", std::nullopt}}}, ec);
    BOOST_TEST(ec == error::unexpected_status);
    s.answer.result(http::status::created);
    for (char const* body : {"[]", "not json"}) {
        s.answer.body() = body;
        c.add_scenes("r", {"/", {{"x", std::nullopt}}}, ec);
        BOOST_TEST(ec == error::malformed_response, body);
    }
    s.answer.body() = R"({"currentScenePath":5})";
    c.switch_scene("r", "/a", ec);
    BOOST_TEST(ec == error::malformed_response);
    s.answer.body() = R"(5)";
    c.create_team_token("a", "s", token_role::reader, {}, ec);
    BOOST_TEST(ec == error::malformed_response);
}

BOOST_AUTO_TEST_CASE(room_scene_and_token_input_is_checked_before_sending)
{
    using namespace std::chrono_literals;
    scripted_client s;
    auto c = s.make({"http://h", "t", {}});
    error_code ec;
    error_details d;
    auto expect = [&](error e, char const* what) {
        BOOST_TEST(ec == e, what);
        BOOST_TEST(!d.message.empty(), what);
    };
    c.create_team_token("", "sk", token_role::admin, 0ms, ec, d);
    expect(error::invalid_argument, "empty access key");
    c.create_team_token("ak", "sk", token_role::admin, -1ms, ec, d);
    expect(error::invalid_argument, "negative lifespan");
    BOOST_TEST(d.message.find("-1") != std::string::npos);
    c.create_room_token("r", static_cast<token_role>(7), 0ms, ec, d);
    expect(error::invalid_argument, "unknown role");
    c.create_room_token("", token_role::admin, 0ms, ec, d);
    expect(error::empty_room_uuid, "empty room");
    c.create_task_token("", token_role::admin, 0ms, ec, d);
    expect(error::invalid_argument, "empty task");
    c.create_room({{}, -2, {}}, ec, d);
    expect(error::invalid_argument, "negative room limit");
    c.list_rooms({{}, 1001}, ec, d);
    expect(error::invalid_argument, "list limit");
    c.room_info("", ec, d);
    expect(error::empty_room_uuid, "room info");
    c.set_room_ban("", false, ec, d);
    expect(error::empty_room_uuid, "ban");
    c.list_scenes("r", "nope", ec, d);
    expect(error::invalid_scene_path, "scene dir");
    c.add_scenes("r", {"/d", {{"a/b", std::nullopt}}}, ec, d);
    expect(error::invalid_argument, "scene name");
    c.switch_scene("r", "a//b", ec, d);
    expect(error::invalid_scene_path, "switch");
    BOOST_TEST(s.seen->empty());
}

BOOST_AUTO_TEST_CASE(calls_that_answer_nothing_complete_with_just_an_error_code)
{
    scripted_client s;
    auto c = s.make({"http://h", "t", {}});
    s.answer.body() = "{}";
    std::vector<error_code> got;
    error_details d;
    c.async_add_scenes("r", {"/", {{"a", std::nullopt}}},
                       [&](error_code ec) { got.push_back(ec); });
    c.async_add_scenes("r", {"/", {{"a/b", std::nullopt}}}, d,
                       [&](error_code ec) { got.push_back(ec); });
    BOOST_TEST(got.empty()); // never inline
    s.ioc.run();
    BOOST_TEST_REQUIRE(got.size() == 2u);
    BOOST_TEST(!got[0]);
    BOOST_TEST(got[1] == error::invalid_argument);
    BOOST_TEST(d.message.find("a/b") != std::string::npos);
    BOOST_TEST(s.seen->size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
