#include <coverkit/fake/faults.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/print.hpp"

#include <coverkit/detail/http_date.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <boost/beast/http/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <vector>

// Scripted faults in the fake: the rules, how they match, what they answer, their accounting,
// and the three ways to give them (C++, control endpoints, fixture).

namespace fake = coverkit::fake;
namespace http = boost::beast::http;
namespace json = boost::json;
using coverkit::test::call;
using coverkit::test::main_room;

namespace {

std::string sdk_token(fake::server const& srv)
{
    return coverkit::test::tokens(srv).sdk_token(coverkit::whiteboard::token_role::admin);
}

coverkit::http_response screenshot(fake::server const& srv, std::string room = main_room)
{
    return call(srv, http::verb::post, "/v5/rooms/" + room + "/screenshots",
                R"({"width":64,"height":48})", sdk_token(srv));
}

json::value body_of(coverkit::http_response const& res)
{
    return json::parse(res.body());
}

} // namespace

BOOST_AUTO_TEST_SUITE(fake_faults)

BOOST_AUTO_TEST_CASE(a_status_rule_answers_its_times_then_the_endpoint_does)
{
    fake::server srv(coverkit::test::contract_fixture());
    auto const added = srv.add_fault(
        {.operation = "whiteboard.screenshots", .times = 2, .status = 503, .retry_after = "7"});
    BOOST_TEST(added.rule.id == "fault-1");
    BOOST_TEST((added.uses_left == std::optional<std::uint64_t>(2)));
    for (int i = 0; i < 2; ++i) {
        auto const res = screenshot(srv);
        BOOST_TEST(res.result_int() == 503u);
        BOOST_TEST(res[http::field::retry_after] == "7");
        BOOST_TEST(body_of(res) == json::parse(R"({"message":"service unavailable"})"));
        BOOST_TEST(!res["x-request-id"].empty());
    }
    BOOST_TEST(screenshot(srv).result_int() == 201u);
    auto const state = srv.faults().at(0);
    BOOST_TEST(state.used == 2u);
    BOOST_TEST((state.uses_left == std::optional<std::uint64_t>(0)));
    // The journal marks the requests the rule answered.
    auto const journal = srv.journal();
    BOOST_TEST_REQUIRE(journal.size() == 3u);
    BOOST_TEST(journal[0].fault == "fault-1");
    BOOST_TEST(journal[0].status == 503u);
    BOOST_TEST(journal[1].fault == "fault-1");
    BOOST_TEST(journal[2].fault.empty());
    BOOST_TEST(journal[2].status == 201u);
}

BOOST_AUTO_TEST_CASE(each_family_answers_in_its_own_error_shape)
{
    fake::server srv(coverkit::test::contract_fixture());
    srv.add_fault({.operation = "legacy.snapshots",
                   .times = fake::always,
                   .status = 429,
                   .message = "slow down"});
    srv.add_fault({.operation = "smh.cover", .times = fake::always, .status = 503});
    auto const legacy = call(srv, http::verb::post, "/handle/rooms/snapshots",
                             R"({"uuid":"x","width":1,"height":1,"scenePath":"/"})");
    BOOST_TEST(legacy.result_int() == 429u);
    BOOST_TEST(body_of(legacy) == json::parse(R"({"code":429,"msg":"slow down"})"));
    auto const smh = call(srv, http::verb::get, "/api/v1/album/lib/-/cover");
    BOOST_TEST(smh.result_int() == 503u);
    auto const smh_body = body_of(smh).as_object();
    BOOST_TEST(smh_body.at("code") == "ServiceUnavailable");
    BOOST_TEST(smh_body.at("message") == "service unavailable");
}

BOOST_AUTO_TEST_CASE(rules_match_by_method_and_path_room_and_library_and_never_control)
{
    fake::server srv(coverkit::test::contract_fixture());
    srv.add_fault({.method = "post",
                   .path = "/v5/rooms/*/screenshot-list",
                   .times = fake::always,
                   .status = 500});
    srv.add_fault(
        {.room = "0000000000000000000000000000us01", .times = fake::always, .status = 502});
    srv.add_fault({.library = "lib-b", .times = fake::always, .status = 504});
    srv.add_fault({.path = "/_fake/**", .times = fake::always, .status = 500});
    auto const list =
        call(srv, http::verb::post, "/v5/rooms/" + std::string(main_room) + "/screenshot-list",
             R"({"width":64,"height":48})", sdk_token(srv));
    BOOST_TEST(list.result_int() == 500u);
    BOOST_TEST(screenshot(srv).result_int() == 201u);
    BOOST_TEST(screenshot(srv, "0000000000000000000000000000us01").result_int() == 502u);
    BOOST_TEST(call(srv, http::verb::get, "/api/v1/album/lib-b/-/cover").result_int() == 504u);
    BOOST_TEST(call(srv, http::verb::get, "/api/v1/album/lib-a/-/cover").result_int() != 504u);
    BOOST_TEST(call(srv, http::verb::get, "/api/v1/token?library_id=lib-b").result_int() == 504u);
    // The control endpoints stay reachable whatever the rules say.
    BOOST_TEST(call(srv, http::verb::get, "/_fake/faults").result_int() == 200u);
    BOOST_TEST(srv.faults().at(3).used == 0u);
}

BOOST_AUTO_TEST_CASE(a_probability_draws_from_the_rules_seed)
{
    auto run = [](std::uint64_t seed) {
        fake::server srv(coverkit::test::contract_fixture());
        srv.add_fault({.operation = "whiteboard.screenshots",
                       .times = fake::always,
                       .probability = 0.5,
                       .seed = seed,
                       .status = 503});
        std::string pattern;
        for (int i = 0; i < 40; ++i)
            pattern += screenshot(srv).result_int() == 503 ? 'F' : '.';
        return pattern;
    };
    auto const a = run(42);
    BOOST_TEST(a == run(42)); // the same run twice
    BOOST_TEST(a != run(43));
    BOOST_TEST(a.find('F') != std::string::npos);
    BOOST_TEST(a.find('.') != std::string::npos);
}

BOOST_AUTO_TEST_CASE(connection_faults_reach_the_in_process_transport_as_network_errors)
{
    fake::server srv(coverkit::test::contract_fixture());
    boost::asio::io_context ioc;
    auto t = srv.transport(ioc.get_executor());
    auto const token = sdk_token(srv);
    auto send = [&](http::verb method, std::string target, coverkit::exchange_options opts = {}) {
        coverkit::http_request req{method, "http://fake.test" + target, 11};
        req.set("token", token);
        if (method == http::verb::post) {
            req.body() = R"({"width":64,"height":48})";
            req.set(http::field::content_type, "application/json");
        }
        req.prepare_payload();
        coverkit::error_code ec;
        auto res = t.send(std::move(req), opts, ec);
        return std::make_pair(ec, res.result_int());
    };
    std::string const shot = "/v5/rooms/" + std::string(main_room) + "/screenshots";
    std::string const info = "/v5/rooms/" + std::string(main_room);

    srv.add_fault({.times = 2, .action = fake::fault_action::close});
    BOOST_TEST(send(http::verb::get, info).first == http::error::end_of_stream);
    BOOST_TEST(send(http::verb::post, shot).first == coverkit::error::request_outcome_unknown);
    srv.add_fault({.action = fake::fault_action::partial});
    BOOST_TEST(send(http::verb::get, info).first == http::error::partial_message);
    srv.add_fault({.action = fake::fault_action::never});
    BOOST_TEST(send(http::verb::get, info).first == boost::beast::error::timeout);
    srv.add_fault({.action = fake::fault_action::delay, .delay = std::chrono::seconds(5)});
    auto const late =
        send(http::verb::get, info,
             {.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1)});
    BOOST_TEST(late.first == boost::beast::error::timeout);
    srv.add_fault({.action = fake::fault_action::delay, .delay = std::chrono::seconds(5)});
    auto const slow = send(http::verb::get, info);
    BOOST_TEST(!slow.first);
    BOOST_TEST(slow.second == 200u);
    // Each closing fault ran the endpoint (the request was acted on); the journal says which
    // answers never came.
    auto const journal = srv.journal();
    BOOST_TEST_REQUIRE(journal.size() == 6u);
    BOOST_TEST(journal[0].status == 0u);
    BOOST_TEST(journal[1].status == 0u);
    BOOST_TEST(journal[2].status == 200u); // partial: the head went out
    BOOST_TEST(journal[3].status == 0u);
    for (auto const& e : journal)
        BOOST_TEST(!e.fault.empty());
}

BOOST_AUTO_TEST_CASE(the_control_endpoints_add_list_and_delete_rules)
{
    fake::server srv(coverkit::test::contract_fixture());
    auto const added = call(srv, http::verb::post, "/_fake/faults",
                            R"({"id":"busy","operation":"whiteboard.screenshots","times":2,)"
                            R"("status":429,"retry_after":"Sun, 06 Nov 1994 08:49:37 GMT"})");
    BOOST_TEST(added.result_int() == 201u);
    auto const rule = body_of(added).at("faults").at(0);
    BOOST_TEST(rule.at("id") == "busy");
    BOOST_TEST(rule.at("uses_left") == 2);
    auto const shot = screenshot(srv);
    BOOST_TEST(shot.result_int() == 429u);
    BOOST_TEST(shot[http::field::retry_after] == "Sun, 06 Nov 1994 08:49:37 GMT");

    BOOST_TEST(call(srv, http::verb::post, "/_fake/faults",
                    R"({"faults":[{"action":"close","times":"always"},{"delay_ms":20}]})")
                   .result_int() == 201u);
    auto const listed = body_of(call(srv, http::verb::get, "/_fake/faults")).at("faults");
    BOOST_TEST_REQUIRE(listed.as_array().size() == 3u);
    BOOST_TEST(listed.at(0).at("used") == 1);
    BOOST_TEST(listed.at(0).at("uses_left") == 1);
    BOOST_TEST(listed.at(1).at("times") == "always");
    BOOST_TEST(listed.at(1).at("uses_left").is_null());
    BOOST_TEST(listed.at(2).at("action") == "delay");
    BOOST_TEST(listed.at(2).at("delay_ms") == 20);

    BOOST_TEST(call(srv, http::verb::delete_, "/_fake/faults/busy").result_int() == 200u);
    BOOST_TEST(call(srv, http::verb::delete_, "/_fake/faults/busy").result_int() == 404u);
    auto const cleared = call(srv, http::verb::delete_, "/_fake/faults");
    BOOST_TEST(body_of(cleared) == json::parse(R"({"deleted":2})"));
    BOOST_TEST(srv.faults().empty());
}

BOOST_AUTO_TEST_CASE(a_rule_that_cannot_be_used_is_refused_whole_with_a_plain_message)
{
    fake::server srv(coverkit::test::contract_fixture());
    auto refused = [&](std::string body, std::string expected) {
        auto const res = call(srv, http::verb::post, "/_fake/faults", body);
        BOOST_TEST(res.result_int() == 400u, body);
        auto const message = std::string(body_of(res).at("message").as_string());
        BOOST_TEST(message.find(expected) != std::string::npos, message);
    };
    refused(R"({"operation":"whiteboard.screenshot"})",
            "operation \"whiteboard.screenshot\" is unknown");
    refused(R"({"stauts":503})", "unknown member \"stauts\"");
    refused(R"({"status":200})", "status must be an integer in 400..599");
    refused(R"({"retry_after":"tomorrow"})", "retry_after must be");
    refused(R"({"times":0})", "times must be");
    refused(R"({"probability":1.5})", "probability must be");
    refused(R"({"action":"explode"})", "action must be one of");
    refused(R"({"action":"close","status":503})", "status belongs to the status action only");
    refused(R"({"delay_ms":600001})", "delay_ms must be");
    refused(R"({"headers":{"Content-Length":"1"}})", "Content-Length is the fake's to set");
    refused(R"({"headers":{"x-a":"b\r\nc"}})", "without control characters");
    refused(R"({"faults":[{"id":"a"},{"id":"a"}]})", "id \"a\" is taken");
    refused(R"({"faults":[{},{"times":-1}]})", "faults[1]: times must be");
    refused(R"({"faults":{}})", "faults must be an array");
    refused("", "the body must be a fault rule");
    refused("[]", "the body must be a JSON object");
    BOOST_TEST(srv.faults().empty()); // nothing of a refused batch was added
    BOOST_CHECK_THROW(srv.add_fault({.status = 99}), fake::fault_error);
}

BOOST_AUTO_TEST_CASE(a_fixtures_faults_come_back_with_every_reset)
{
    auto jv = json::parse(R"({"apps":[{"ak":"a","sk":"s"}],
        "faults":[{"id":"first-two","operation":"whiteboard.list_rooms","times":2,"status":503}]})");
    fake::server srv(fake::parse_fixture(jv));
    srv.add_fault({.operation = "whiteboard.get_room", .status = 500});
    BOOST_TEST_REQUIRE(srv.faults().size() == 2u);
    BOOST_TEST(call(srv, http::verb::get, "/v5/rooms").result_int() == 503u);
    BOOST_TEST(call(srv, http::verb::post, "/_fake/reset").result_int() == 200u);
    auto const after = srv.faults();
    BOOST_TEST_REQUIRE(after.size() == 1u);
    BOOST_TEST(after[0].rule.id == "first-two");
    BOOST_TEST(after[0].used == 0u);

    auto bad = json::parse(R"({"apps":[{"ak":"a","sk":"s"}],"faults":[{"times":"twice"}]})");
    try {
        (void)fake::parse_fixture(bad);
        BOOST_FAIL("a fixture with an unusable rule was read");
    } catch (fake::fixture_error const& e) {
        BOOST_TEST(std::string(e.what()).find("faults[0]: times must be") != std::string::npos,
                   e.what());
    }
}

BOOST_AUTO_TEST_CASE(http_dates_read_and_write_the_preferred_form)
{
    using coverkit::detail::format_http_date;
    using coverkit::detail::parse_http_date;
    auto const t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count() ==
               784111777);
    BOOST_TEST(format_http_date(*t) == "Sun, 06 Nov 1994 08:49:37 GMT");
    BOOST_TEST(!parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT")); // wrong weekday
    BOOST_TEST(!parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
    BOOST_TEST(!parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
    BOOST_TEST(!parse_http_date(""));
}

BOOST_AUTO_TEST_CASE(every_operation_name_is_documented_and_reachable)
{
    auto const ops = fake::fault_operations();
    BOOST_TEST(ops.size() == 19u);
    fake::server srv(coverkit::test::contract_fixture());
    for (auto op : ops)
        BOOST_CHECK_NO_THROW(srv.add_fault({.operation = std::string(op)}));
}

BOOST_AUTO_TEST_SUITE_END()
