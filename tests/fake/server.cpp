#include <coverkit/fake/server.hpp>

#include "support/environment.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <limits>
#include <set>
#include <thread>

namespace http = boost::beast::http;
namespace json = boost::json;
using coverkit::http_request;
using coverkit::http_response;
using coverkit::test::call;

namespace {

std::string screenshot_target()
{
    return std::string("/v5/rooms/") + coverkit::test::main_room + "/screenshots";
}

} // namespace

BOOST_AUTO_TEST_SUITE(fake_server)

BOOST_AUTO_TEST_CASE(the_journal_lists_requests_oldest_first_without_control_calls)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto const token =
        coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::admin);
    auto r1 = call(fake, http::verb::post, screenshot_target(), R"({"width":1,"height":1})", token);
    auto r2 = call(fake, http::verb::get, "/nowhere");
    call(fake, http::verb::put, "/_fake/clock", R"({"now_ms": 5})");
    auto res = call(fake, http::verb::get, "/_fake/requests");
    BOOST_TEST(res.result_int() == 200u);
    auto const list = json::parse(res.body()).as_array();
    BOOST_TEST_REQUIRE(list.size() == 2u);
    BOOST_TEST(list[0].at("method").as_string() == "POST");
    BOOST_TEST(list[0].at("target").as_string() == screenshot_target());
    BOOST_TEST(list[0].at("status").to_number<int>() == 201);
    BOOST_TEST(list[0].at("request_id").as_string() == r1["x-request-id"]);
    BOOST_TEST(list[1].at("status").to_number<int>() == 404);
    BOOST_TEST(list[1].at("request_id").as_string() == r2["x-request-id"]);
    BOOST_TEST(res.body().find(token) == std::string::npos);
    BOOST_TEST(fake.journal().size() == 2u);
}

BOOST_AUTO_TEST_CASE(token_values_in_queries_are_masked)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    call(fake, http::verb::get, "/x?roomToken=NETLESSROOM_secret&a=1&access_token=abc");
    auto const j = fake.journal();
    BOOST_TEST_REQUIRE(j.size() == 1u);
    BOOST_TEST(j[0].target.find("secret") == std::string::npos);
    BOOST_TEST(j[0].target.find("abc") == std::string::npos);
    BOOST_TEST(j[0].target.find("a=1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_clock_is_set_and_reset)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto res = call(fake, http::verb::put, "/_fake/clock", R"({"now_ms": 1700000000000})");
    BOOST_TEST(res.result_int() == 200u);
    BOOST_TEST(fake.now_ms() == 1700000000000);
    for (auto bad : {R"({})", R"({"now_ms":"1"})", R"({"now_ms":-1})", R"({"now_ms":1.5})"})
        BOOST_TEST(call(fake, http::verb::put, "/_fake/clock", bad).result_int() == 400u, bad);
    call(fake, http::verb::post, "/_fake/reset");
    BOOST_TEST(fake.now_ms() != 1700000000000);
    BOOST_TEST(fake.journal().empty());
}

BOOST_AUTO_TEST_CASE(a_clock_past_year_9999_is_refused_in_plain_words)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    for (auto bad : {R"({"now_ms":18446744073709551615})", R"({"now_ms":9223372036854775808})",
                     R"({"now_ms":9223372036854775807})", R"({"now_ms":253402300800000})"}) {
        auto res = call(fake, http::verb::put, "/_fake/clock", bad);
        BOOST_TEST(res.result_int() == 400u, bad);
        BOOST_TEST(res.body().find("now_ms must be an integer in 0..253402300799999") !=
                       std::string::npos,
                   res.body());
    }
    // The last millisecond of year 9999 is the latest time, and rooms are dated with it.
    BOOST_TEST(
        call(fake, http::verb::put, "/_fake/clock", R"({"now_ms":253402300799999})").result_int() ==
        200u);
    fake.set_clock(std::numeric_limits<std::int64_t>::max());
    BOOST_TEST(fake.now_ms() == 253402300799999);
}

BOOST_AUTO_TEST_CASE(control_endpoints_check_their_method)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    BOOST_TEST(call(fake, http::verb::get, "/_fake/reset").result_int() == 405u);
    BOOST_TEST(call(fake, http::verb::post, "/_fake/requests").result_int() == 405u);
}

BOOST_AUTO_TEST_CASE(tokens_expire_on_the_fakes_clock)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    fake.set_clock(1'000'000);
    auto const token = coverkit::test::tokens(fake).sdk_token(
        coverkit::whiteboard::token_role::admin, std::chrono::milliseconds(1000));
    auto const body = R"({"width":1,"height":1})";
    BOOST_TEST(call(fake, http::verb::post, screenshot_target(), body, token).result_int() == 201u);
    fake.set_clock(1'001'000); // expireAt itself is still valid
    BOOST_TEST(call(fake, http::verb::post, screenshot_target(), body, token).result_int() == 201u);
    fake.set_clock(1'001'001);
    auto res = call(fake, http::verb::post, screenshot_target(), body, token);
    BOOST_TEST(res.result_int() == 401u);
    BOOST_TEST(json::parse(res.body()).at("message").as_string() == "expired token");
}

BOOST_AUTO_TEST_CASE(a_public_base_overrides_the_host)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture(),
                                {"https://cdn.example/pictures/"});
    auto const token =
        coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::admin);
    auto res = call(fake, http::verb::post, screenshot_target(),
                    R"({"width":1,"height":1,"path":"/english"})", token);
    BOOST_TEST_REQUIRE(res.result_int() == 201u);
    BOOST_TEST(json::parse(res.body()).at("url").as_string() ==
               std::string("https://cdn.example/pictures/white-cover/room_cover/2811/") +
                   coverkit::test::main_room + "/english.png");
}

BOOST_AUTO_TEST_CASE(scene_names_are_percent_encoded_in_urls_but_not_keys)
{
    auto fix = coverkit::test::contract_fixture();
    fix.rooms[0].scenes.push_back({"/my deck/page 1", std::nullopt});
    coverkit::fake::server fake(std::move(fix));
    auto const token =
        coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::admin);
    auto res = call(fake, http::verb::post, screenshot_target(),
                    R"({"width":1,"height":1,"path":"/my deck/page 1"})", token);
    BOOST_TEST_REQUIRE(res.result_int() == 201u);
    auto const img = json::parse(res.body());
    BOOST_TEST(img.at("key").as_string().ends_with("/my deck/page 1.png"));
    BOOST_TEST(img.at("url").as_string().ends_with("/my%20deck/page%201.png"));
}

BOOST_AUTO_TEST_CASE(concurrent_requests_get_distinct_ids)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto const token =
        coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::admin);
    std::vector<std::string> ids[4];
    std::vector<std::thread> threads;
    for (auto& mine : ids)
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i)
                mine.push_back(
                    std::string(call(fake, http::verb::post, screenshot_target(),
                                     R"({"width":1,"height":1})", token)["x-request-id"]));
        });
    for (auto& t : threads)
        t.join();
    std::set<std::string> all;
    for (auto const& mine : ids)
        all.insert(mine.begin(), mine.end());
    BOOST_TEST(all.size() == 200u);
    BOOST_TEST(fake.journal().size() == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
