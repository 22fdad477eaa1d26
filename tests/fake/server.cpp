#include <coverkit/fake/server.hpp>

#include "core/state_mutex.hpp"
#include "support/environment.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

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

BOOST_AUTO_TEST_CASE(readers_run_beside_writers_and_every_answer_is_whole)
{
    // Screenshots, reads of rooms and scenes, and the object store's downloads and uploads hold
    // the state lock shared and run side by side; creating rooms and adding scenes hold it
    // alone. Two reader threads, each with
    // tokens of its own (over 4096 in all: the memory of verified tokens is emptied while
    // others use it), and one writer, all at once: every answer is the one the fake gives
    // when alone, and the journal has every request once.
    coverkit::fake::server fake(coverkit::test::contract_fixture(), {.journal_entries = 20'000});
    auto const room = std::string("/v5/rooms/") + coverkit::test::main_room;
    constexpr int reads = 1100; // per reader, each of 2 requests, and a download every 10th
    constexpr int writes = 150; // each of 4 requests
    auto const fresh_tokens = [&](std::string prefix) {
        return coverkit::whiteboard::token_generator(
            "myAK", "mySK", [prefix, n = 0]() mutable { return prefix + std::to_string(n++); },
            [fake] { return fake.now_ms(); });
    };
    std::vector<std::string> problems[3];
    auto const expect = [](std::vector<std::string>& out, http_response const& res, unsigned want,
                           std::string const& what) {
        if (res.result_int() != want)
            out.push_back(what + ": " + std::to_string(res.result_int()) + " " + res.body());
    };
    std::vector<std::thread> threads;
    for (int r = 0; r < 2; ++r)
        threads.emplace_back([&, r] {
            auto tokens = fresh_tokens("reader-" + std::to_string(r) + "-");
            for (int i = 0; i < reads; ++i) {
                auto const token = tokens.sdk_token(coverkit::whiteboard::token_role::writer);
                auto const shot = call(fake, http::verb::post, room + "/screenshots",
                                       R"({"width":8,"height":8,"path":"/init"})", token);
                expect(problems[r], shot, 201, "screenshot");
                if (i % 10 == 0 && shot.result_int() == 201u) {
                    auto const url = std::string(json::parse(shot.body()).at("url").as_string());
                    auto const picture =
                        call(fake, http::verb::get, url.substr(url.find("/storage/")));
                    expect(problems[r], picture, 200, "download");
                    if (!picture.body().starts_with("\x89PNG"))
                        problems[r].push_back("download: not a PNG");
                }
                expect(problems[r],
                       call(fake, http::verb::get, i % 2 ? room : room + "/scenes", {}, token), 200,
                       "read");
            }
        });
    threads.emplace_back([&] {
        auto const token =
            fresh_tokens("writer-").sdk_token(coverkit::whiteboard::token_role::admin);
        for (int i = 0; i < writes; ++i) {
            expect(problems[2], call(fake, http::verb::post, "/v5/rooms", "{}", token), 201,
                   "create room");
            expect(problems[2],
                   call(fake, http::verb::post, room + "/scenes",
                        R"({"path":"/w)" + std::to_string(i) + R"(","scenes":[{"name":"s"}]})",
                        token),
                   201, "add scenes");
            expect(problems[2], call(fake, http::verb::get, "/v5/rooms?limit=1", {}, token), 200,
                   "list rooms");
            expect(problems[2],
                   call(fake, http::verb::put, "/storage/white-cover/up/" + std::to_string(i), "x"),
                   200, "upload");
        }
    });
    for (auto& t : threads)
        t.join();
    for (auto const& mine : problems) {
        BOOST_TEST(mine.empty(), mine.size() << " unexpected answers, the first: "
                                             << (mine.empty() ? "" : mine.front()));
    }
    auto const journal = fake.journal();
    BOOST_TEST(journal.size() == std::size_t{2 * (2 * reads + reads / 10) + 4 * writes});
    std::set<std::string> ids;
    for (auto const& e : journal)
        ids.insert(e.request_id);
    BOOST_TEST(ids.size() == journal.size());
    // What the writer did is all there.
    auto const scenes =
        call(fake, http::verb::get, room + "/scenes", {},
             coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::writer));
    BOOST_TEST(scenes.body().find("\"/w" + std::to_string(writes - 1) + "/s\"") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_state_lock_shares_reads_and_lets_a_waiting_writer_in_first)
{
    coverkit::fake::detail::state_mutex m;
    m.lock_shared();
    BOOST_TEST(m.try_lock_shared()); // readers side by side
    m.unlock_shared();
    BOOST_TEST(!m.try_lock()); // a writer waits for the readers
    std::atomic<bool> written{false};
    std::thread writer([&] {
        m.lock();
        written = true;
        m.unlock();
    });
    // Once the writer waits, new readers wait behind it: a stream of readers cannot starve it.
    // (The writer first tries for a while without waiting; a bounded loop sees it start.)
    bool kept_out = false;
    auto const until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!kept_out && std::chrono::steady_clock::now() < until) {
        if (m.try_lock_shared())
            m.unlock_shared();
        else
            kept_out = true;
        std::this_thread::yield();
    }
    BOOST_TEST(kept_out);
    BOOST_TEST(!written);
    m.unlock_shared();
    writer.join();
    BOOST_TEST(written);
    BOOST_TEST(m.try_lock_shared());
    m.unlock_shared();
}

BOOST_AUTO_TEST_CASE(the_journal_keeps_headers_and_bodies_with_secrets_masked)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto const token =
        coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::admin);
    call(fake, http::verb::post, screenshot_target(), R"({"width":2, "height":3})", token);
    call(fake, http::verb::post, "/v5/tokens/teams",
         R"({"accessKey":"myAK","secretAccessKey":"mySK","lifespan":0,"role":"admin"})");
    call(fake, http::verb::post, "/v5/rooms", R"({"nested":[{"sk":"deep-secret"}]})", token);
    auto const j = fake.journal();
    BOOST_TEST_REQUIRE(j.size() == 3u);
    // A body without secrets is kept as it came, whitespace and all.
    BOOST_TEST_REQUIRE(j[0].body.has_value());
    BOOST_TEST(*j[0].body == R"({"width":2, "height":3})");
    BOOST_TEST(j[0].body_bytes == 23u);
    BOOST_TEST(!j[0].body_truncated);
    bool token_header = false;
    for (auto const& [name, value] : j[0].headers) {
        if (name == "token") {
            token_header = true;
            BOOST_TEST(value == "NETLESSSDK_***");
        }
        BOOST_TEST(value.find(token.substr(11)) == std::string::npos);
    }
    BOOST_TEST(token_header);
    BOOST_TEST(*j[1].body ==
               R"({"accessKey":"myAK","secretAccessKey":"***","lifespan":0,"role":"admin"})");
    BOOST_TEST(j[2].body->find("deep-secret") == std::string::npos);
    BOOST_TEST(j[2].body->find(R"("sk":"***")") != std::string::npos);

    // Over HTTP: the same, as JSON.
    auto res = call(fake, http::verb::get, "/_fake/requests?limit=2");
    auto const list = json::parse(res.body()).as_array();
    BOOST_TEST_REQUIRE(list.size() == 2u);
    BOOST_TEST(list[0].at("headers").at("token").as_string() == "NETLESSSDK_***");
    BOOST_TEST(list[0].at("headers").at("host").as_string() == "fake.test:1234");
    BOOST_TEST(list[0].at("body").as_string() == R"({"width":2, "height":3})");
    BOOST_TEST(list[0].at("body_bytes").to_number<int>() == 23);
    BOOST_TEST(res.body().find("mySK") == std::string::npos);
    BOOST_TEST(res["x-journal-next"] == "2");
}

BOOST_AUTO_TEST_CASE(journal_bodies_are_cut_on_a_character_and_binary_ones_left_out)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    // 4095 ASCII bytes then a two-byte character: the cut leaves the character out whole.
    std::string long_text(coverkit::fake::max_journal_body - 1, 'a');
    long_text += "\xc3\xa9 and more";
    call(fake, http::verb::put, "/storage/white-cover/text.txt", long_text);
    call(fake, http::verb::put, "/storage/white-cover/bytes.bin", std::string("\x89PNG\0\x01", 6));
    auto const j = fake.journal();
    BOOST_TEST_REQUIRE(j.size() == 2u);
    BOOST_TEST_REQUIRE(j[0].body.has_value());
    BOOST_TEST(j[0].body->size() == coverkit::fake::max_journal_body - 1);
    BOOST_TEST(j[0].body_truncated);
    BOOST_TEST(j[0].body_bytes == long_text.size());
    BOOST_TEST(!j[1].body.has_value());
    BOOST_TEST(j[1].body_bytes == 6u);
    auto res = call(fake, http::verb::get, "/_fake/requests");
    auto const list = json::parse(res.body()).as_array();
    BOOST_TEST(list[0].at("body_truncated").as_bool());
    BOOST_TEST(list[1].as_object().if_contains("body") == nullptr);
}

BOOST_AUTO_TEST_CASE(the_journal_filters_by_method_path_and_status)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto const token =
        coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::admin);
    call(fake, http::verb::post, screenshot_target(), R"({"width":1,"height":1})", token); // 0: 201
    call(fake, http::verb::get, "/nowhere");                                               // 1: 404
    call(fake, http::verb::post, screenshot_target(), R"({"width":0,"height":1})", token); // 2: 400
    call(fake, http::verb::get, "/v5/rooms?limit=5", {}, token);                           // 3: 200

    auto targets = [&](std::string const& query) {
        auto res = call(fake, http::verb::get, "/_fake/requests" + query);
        BOOST_TEST_REQUIRE(res.result_int() == 200u);
        std::vector<std::string> out;
        auto const list = json::parse(res.body());
        for (auto const& e : list.as_array())
            out.push_back(std::string(e.at("target").as_string()) + " " +
                          std::to_string(e.at("status").to_number<int>()));
        return out;
    };
    auto const shot = screenshot_target();
    BOOST_TEST(targets("?method=post") == (std::vector<std::string>{shot + " 201", shot + " 400"}));
    BOOST_TEST(targets("?path=/v5/rooms") ==
               (std::vector<std::string>{shot + " 201", shot + " 400", "/v5/rooms?limit=5 200"}));
    // The prefix is of the path: the query is not part of it.
    BOOST_TEST(targets("?path=/v5/rooms?limit").empty());
    BOOST_TEST(targets("?status=4xx") == (std::vector<std::string>{"/nowhere 404", shot + " 400"}));
    BOOST_TEST(targets("?status=201&method=POST") == (std::vector<std::string>{shot + " 201"}));
    // Paging over a filter: the next page starts after the last request looked at.
    auto first = call(fake, http::verb::get, "/_fake/requests?status=4xx&limit=1");
    BOOST_TEST(first["x-journal-next"] == "2");
    BOOST_TEST(targets("?status=4xx&since=2") == (std::vector<std::string>{shot + " 400"}));

    coverkit::fake::request_filter filter;
    filter.method = "GET";
    filter.path = "/v5/";
    auto const page = fake.requests(filter);
    BOOST_TEST_REQUIRE(page.entries.size() == 1u);
    BOOST_TEST(page.entries[0].target == "/v5/rooms?limit=5");
    BOOST_TEST(page.next == 4u);

    for (auto const* bad :
         {"?status=99", "?status=6xx", "?status=abc", "?path=v5", "?method=P%20OST", "?method="}) {
        auto res = call(fake, http::verb::get, std::string("/_fake/requests") + bad);
        BOOST_TEST(res.result_int() == 400u, bad);
        BOOST_TEST(json::parse(res.body()).at("message").as_string().size() > 0u);
    }
}

BOOST_AUTO_TEST_CASE(a_fixture_put_replaces_the_running_one)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto const old_token =
        coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::admin);
    call(fake, http::verb::post, "/_fake/faults",
         R"({"operation":"whiteboard.list_rooms","status":503})");
    auto res = call(fake, http::verb::put, "/_fake/fixture", R"({
        "apps": [{"ak": "newAK", "sk": "newSK", "team": "77", "app": "a"}],
        "storage": {"bucket": "other-bucket", "region": "r"},
        "rooms": [{"uuid": "00000000000000000000000000000001", "ak": "newAK",
                   "scenes": ["/init", "/a/b"]}],
        "faults": [{"operation": "whiteboard.get_room", "times": 1, "status": 500}]})");
    BOOST_TEST_REQUIRE(res.result_int() == 200u);
    BOOST_TEST(json::parse(res.body()) ==
               json::parse(R"({"apps":1,"rooms":1,"libraries":0,"faults":1})"));
    // The old app is gone, the new one works; the rule added before is gone, the fixture's is in.
    auto old = call(fake, http::verb::get, "/v5/rooms", {}, old_token);
    BOOST_TEST(old.result_int() == 401u);
    auto const token = coverkit::test::tokens(fake, "newAK", "newSK")
                           .sdk_token(coverkit::whiteboard::token_role::admin);
    BOOST_TEST(call(fake, http::verb::get, "/v5/rooms", {}, token).result_int() == 200u);
    auto const room = std::string("/v5/rooms/00000000000000000000000000000001");
    BOOST_TEST(call(fake, http::verb::get, room, {}, token).result_int() == 500u);
    BOOST_TEST(call(fake, http::verb::get, room, {}, token).result_int() == 200u);
    auto shot = call(fake, http::verb::post, room + "/screenshots",
                     R"({"width":4,"height":4,"path":"/a/b"})", token);
    BOOST_TEST_REQUIRE(shot.result_int() == 201u);
    BOOST_TEST(json::parse(shot.body()).at("bucket").as_string() == "other-bucket");
    // The journal started over with the new fixture.
    BOOST_TEST(fake.journal().size() == 5u);
    // A reset goes back to the new fixture, not the first.
    fake.reset();
    BOOST_TEST(call(fake, http::verb::get, "/v5/rooms", {}, old_token).result_int() == 401u);

    // A bad fixture changes nothing and says why, as --fixture would.
    auto bad = call(fake, http::verb::put, "/_fake/fixture", R"({"apps": 3})");
    BOOST_TEST(bad.result_int() == 400u);
    auto const message = std::string(json::parse(bad.body()).at("message").as_string());
    BOOST_TEST(message.rfind("bad fixture: ", 0) == 0u, message);
    BOOST_TEST(call(fake, http::verb::put, "/_fake/fixture", "[1]").result_int() == 400u);
    BOOST_TEST(call(fake, http::verb::put, "/_fake/fixture", "").result_int() == 400u);
    BOOST_TEST(call(fake, http::verb::get, "/v5/rooms", {}, token).result_int() == 200u);

    // The C++ side.
    auto const summary = fake.replace_fixture(coverkit::test::contract_fixture());
    BOOST_TEST(summary.rooms == coverkit::test::contract_fixture().rooms.size());
    BOOST_TEST(call(fake, http::verb::get, "/v5/rooms", {}, old_token).result_int() == 200u);
}

BOOST_AUTO_TEST_CASE(unknown_control_paths_are_404_and_not_journaled)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto res = call(fake, http::verb::get, "/_fake/nothing");
    BOOST_TEST(res.result_int() == 404u);
    BOOST_TEST(json::parse(res.body()).at("message").as_string() == "route not found");
    BOOST_TEST(fake.journal().empty());
}

BOOST_AUTO_TEST_CASE(an_empty_room_token_header_leaves_the_query_parameter)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto const room_token = coverkit::test::tokens(fake).room_token(
        coverkit::test::main_room, coverkit::whiteboard::token_role::writer);
    http_request req{http::verb::post, "/handle/rooms/single-snapshot?roomToken=" + room_token, 11};
    req.set(http::field::host, "fake.test:1234");
    req.set("roomToken", "");
    req.body() =
        std::string(R"({"width":8,"height":8,"uuid":")") + coverkit::test::main_room + R"("})";
    req.prepare_payload();
    auto res = fake.handle(req);
    BOOST_TEST(res.result_int() == 200u, res.body());
}

BOOST_AUTO_TEST_SUITE_END()
