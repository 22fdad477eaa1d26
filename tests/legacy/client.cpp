#include <coverkit/legacy/client.hpp>

#include "support/environment.hpp"

#include <coverkit/transport/in_process.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace http = boost::beast::http;
using coverkit::error;
using coverkit::error_code;
using coverkit::error_details;
using coverkit::image;
using coverkit::in_process_transport;
using coverkit::legacy::client;
using coverkit::legacy::client_options;
using coverkit::test::main_room;
using coverkit::whiteboard::token_role;

namespace {

constexpr char const* page_room = "0000000000000000000000000000page";

// A legacy client of the contract fixture's fake, in process, with a writer ROOM token.
struct fake_client
{
    explicit fake_client(std::string room = main_room, token_role role = token_role::writer)
        : token(coverkit::test::tokens(fake).room_token(room, role))
    {}

    boost::asio::io_context ioc;
    coverkit::fake::server fake{coverkit::test::contract_fixture()};
    std::string token;
    client<in_process_transport> c{fake.transport(ioc.get_executor()),
                                   client_options{"http://fake.test", token}};
};

// A client whose server side answers `answer` to everything and remembers the requests.
struct scripted_client
{
    boost::asio::io_context ioc;
    std::shared_ptr<std::vector<coverkit::http_request>> seen =
        std::make_shared<std::vector<coverkit::http_request>>();
    coverkit::http_response answer{http::status::ok, 11};

    client<in_process_transport> make(client_options o = {"http://h", "NETLESSROOM_t"})
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

std::string key_of(std::string_view room, std::string_view scene)
{
    return "room_cover/2811/" + std::string(room) + std::string(scene) + ".png";
}

} // namespace

BOOST_AUTO_TEST_SUITE(legacy_client)

BOOST_AUTO_TEST_CASE(single_snapshot_defaults_to_the_current_scene)
{
    fake_client f;
    image img = f.c.single_snapshot(main_room, {240, 180, {}});
    BOOST_TEST(img.key == key_of(main_room, "/test/page1")); // the fixture's current scene
    BOOST_TEST(img.bucket == "white-cover");
    BOOST_TEST(img.region == "oss-cn-hangzhou");
    BOOST_TEST(img.url == "http://fake.test/storage/white-cover/" + img.key);
    BOOST_TEST(f.c.single_snapshot(main_room, {240, 180, "/english"}).key ==
               key_of(main_room, "/english"));
}

BOOST_AUTO_TEST_CASE(snapshots_returns_the_asked_page)
{
    fake_client f(page_room);
    auto page = f.c.snapshots(page_room, {64, 48, "/eleven", 2, 3});
    BOOST_TEST_REQUIRE(page.size() == 3u);
    BOOST_TEST(page[0].key == key_of(page_room, "/eleven/b"));
    BOOST_TEST(page[1].key == key_of(page_room, "/eleven/i"));
    BOOST_TEST(page[2].key == key_of(page_room, "/eleven/c"));
    // without page and size: the service's first page of 5
    BOOST_TEST(f.c.snapshots(page_room, {64, 48, "/ten", {}, {}}).size() == 5u);
    BOOST_TEST(f.c.snapshots(page_room, {64, 48, "/ten", 9, {}}).empty());
}

BOOST_AUTO_TEST_CASE(sends_the_documented_request)
{
    scripted_client s;
    s.answer.body() =
        R"({"code":200,"msg":{"image":{"url":"u","key":"k","bucket":"b","region":"r"}}})";
    auto c = s.make({"https://api.example/base/", "NETLESSROOM_abc"});
    BOOST_TEST(c.single_snapshot("a/b c", {240, 180, "/x"}).key == "k");
    s.answer.body() = R"({"code":200,"msg":[]})";
    BOOST_TEST(c.snapshots("a/b c", {400, 400, "/", 2, 7}).empty());
    BOOST_TEST_REQUIRE(s.seen->size() == 2u);
    auto const& single = (*s.seen)[0];
    BOOST_TEST((single.method() == http::verb::post));
    BOOST_TEST(single.target() == "/base/handle/rooms/single-snapshot");
    BOOST_TEST(single[http::field::host] == "api.example");
    BOOST_TEST(single["roomToken"] == "NETLESSROOM_abc");
    BOOST_TEST(single.count("token") == 0u);
    BOOST_TEST(single[http::field::content_type] == "application/json");
    // the uuid travels in the body, as it is
    BOOST_TEST(boost::json::parse(single.body()) ==
               boost::json::parse(R"({"width":240,"height":180,"scenePath":"/x","uuid":"a/b c"})"));
    auto const& list = (*s.seen)[1];
    BOOST_TEST(list.target() == "/base/handle/rooms/snapshots");
    BOOST_TEST(
        boost::json::parse(list.body()) ==
        boost::json::parse(
            R"({"width":400,"height":400,"scenePath":"/","page":2,"size":7,"uuid":"a/b c"})"));
}

BOOST_AUTO_TEST_CASE(failures_carry_status_msg_request_id_and_body)
{
    fake_client f;
    error_code ec;
    error_details d;
    f.c.single_snapshot(main_room, {240, 180, "/physics"}, ec, d);
    BOOST_TEST(ec == error::bad_request);
    BOOST_TEST(d.status == 400u);
    BOOST_TEST(d.message.find("directory") != std::string::npos);
    auto const body = boost::json::parse(d.body);
    BOOST_TEST(body.at("code").as_int64() == 400);
    BOOST_TEST(body.at("msg").as_string() == d.message);
    auto const journal = f.fake.journal();
    BOOST_TEST_REQUIRE(journal.size() == 1u);
    BOOST_TEST(d.request_id == journal[0].request_id);
}

BOOST_AUTO_TEST_CASE(an_sdk_token_is_refused_and_never_shown)
{
    fake_client f;
    auto const sdk = coverkit::test::tokens(f.fake).sdk_token(token_role::admin);
    f.c.set_room_token(sdk);
    try {
        f.c.snapshots(main_room, {64, 48, "/test", {}, {}});
        BOOST_FAIL("no exception");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == error_code(error::forbidden));
        BOOST_TEST(e.details().status == 403u);
        BOOST_TEST(!e.details().message.empty());
        std::string const what = e.what();
        BOOST_TEST(what.find(e.details().message) != std::string::npos);
        BOOST_TEST(what.find(sdk.substr(11, 16)) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(an_envelope_error_under_http_200_is_that_error)
{
    scripted_client s;
    s.answer.body() = R"({"code":404,"msg":"room not found"})";
    auto c = s.make();
    error_code ec;
    error_details d;
    c.single_snapshot("r", {1, 1, {}}, ec, d);
    BOOST_TEST(ec == error::not_found);
    BOOST_TEST(d.status == 200u); // what the HTTP layer said
    BOOST_TEST(d.message == "room not found");
    BOOST_TEST(d.body == s.answer.body());
    s.answer.body() = R"({"code":-3,"msg":{"odd":true}})";
    c.snapshots("r", {1, 1, "/", {}, {}}, ec, d);
    BOOST_TEST(ec == error::unexpected_status);
}

BOOST_AUTO_TEST_CASE(unreadable_envelopes_are_malformed_responses)
{
    scripted_client s;
    auto c = s.make();
    for (char const* body :
         {"not json", "[]", R"({"msg":{}})", R"({"code":200})", R"({"code":"200","msg":{}})",
          R"({"code":200,"msg":{}})", R"({"code":200,"msg":{"image":5}})",
          R"({"code":200,"msg":{"image":{"url":"u"}}})"}) {
        s.answer.body() = body;
        error_code ec;
        error_details d;
        c.single_snapshot("r", {1, 1, {}}, ec, d);
        BOOST_TEST(ec == error::malformed_response, body);
        BOOST_TEST(d.body == body);
        BOOST_TEST(!d.message.empty());
    }
    for (char const* body : {R"({"code":200,"msg":{}})", R"({"code":200,"msg":[{"url":1}]})"}) {
        s.answer.body() = body;
        error_code ec;
        c.snapshots("r", {1, 1, "/", {}, {}}, ec);
        BOOST_TEST(ec == error::malformed_response, body);
    }
}

BOOST_AUTO_TEST_CASE(input_is_checked_before_anything_is_sent)
{
    fake_client f;
    error_code ec;
    error_details d;
    f.c.single_snapshot("", {64, 48, {}}, ec, d);
    BOOST_TEST(ec == error::empty_room_uuid);
    f.c.single_snapshot(main_room, {0, 48, {}}, ec, d);
    BOOST_TEST(ec == error::invalid_size);
    f.c.single_snapshot(main_room, {64, 48, "init"}, ec, d);
    BOOST_TEST(ec == error::invalid_scene_path);
    f.c.snapshots(main_room, {64, 48, "", {}, {}}, ec, d);
    BOOST_TEST(ec == error::invalid_scene_path);
    f.c.snapshots(main_room, {64, 48, "/", 0, {}}, ec, d);
    BOOST_TEST(ec == error::invalid_argument);
    BOOST_TEST(d.status == 0u);
    BOOST_TEST(d.message.find("page") != std::string::npos);
    client<in_process_transport> bad_base(f.fake.transport(f.ioc.get_executor()),
                                          {"fake.test", f.token});
    bad_base.single_snapshot(main_room, {64, 48, {}}, ec);
    BOOST_TEST(ec == error::invalid_base_url);
    BOOST_TEST(f.fake.journal().empty());
}

BOOST_AUTO_TEST_CASE(async_forms_complete_through_the_executor)
{
    fake_client f;
    std::optional<image> single;
    std::optional<error_code> failure;
    error_details d;
    f.c.async_single_snapshot(main_room, {64, 48, {}}, [&](error_code ec, image img) {
        BOOST_TEST(!ec);
        single = img;
    });
    f.c.async_snapshots(main_room, {64, 48, "/nowhere", {}, {}}, d,
                        [&](error_code ec, std::vector<image> list) {
                            failure = ec;
                            BOOST_TEST(list.empty());
                            BOOST_TEST(d.status == 404u); // filled before the handler runs
                        });
    BOOST_TEST(!single.has_value()); // never inline
    BOOST_TEST(!failure.has_value());
    f.ioc.run();
    BOOST_TEST_REQUIRE(single.has_value());
    BOOST_TEST(single->key == key_of(main_room, "/test/page1"));
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(*failure == error::not_found);
    BOOST_TEST(!d.message.empty());
}

BOOST_AUTO_TEST_SUITE_END()
