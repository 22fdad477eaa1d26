#include <coverkit/fake/listener.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/raw_server.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <random>
#include <string>
#include <string_view>
#include <thread>

// The fake under hostile and heavy input: deep and numerous scenes, slow readers of large
// answers, small requests while pictures are drawn, and the caps on its memory.

namespace http = boost::beast::http;
namespace json = boost::json;
using coverkit::http_request;
using coverkit::http_response;
using coverkit::test::call;
using coverkit::test::listening_fake;
using coverkit::test::raw_fd;
using namespace std::chrono_literals;

namespace {

/// A blocking loopback HTTP/1.1 client whose every wait is bounded.
class client
{
public:
    /// `receive_buffer`: the socket's receive buffer, set before connecting (0: the default).
    explicit client(unsigned short port, int receive_buffer = 0)
        : fd_(coverkit::test::connect_loopback(port, receive_buffer))
    {
        BOOST_TEST_REQUIRE(fd_.get() >= 0);
    }

    void send(http::verb method, std::string const& target, std::string const& body = {},
              std::string const& token = {})
    {
        std::string req = std::string(http::to_string(method)) + " " + target +
                          " HTTP/1.1\r\nHost: fake.test\r\n";
        if (!token.empty())
            req += "token: " + token + "\r\n";
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        BOOST_TEST_REQUIRE(::send(fd_.get(), req.data(), req.size(), MSG_NOSIGNAL) ==
                           static_cast<ssize_t>(req.size()));
    }

    /// Reads one response, `chunk` bytes at a time with `pause` between reads (a slow reader).
    /// Stops early when the connection ends or nothing comes for the bound.
    struct response
    {
        unsigned status = 0;
        std::string header;
        std::string body;
        std::size_t content_length = 0;
        bool complete = false;
    };
    response read(std::size_t chunk = 64 * 1024,
                  std::chrono::milliseconds pause = std::chrono::milliseconds(0))
    {
        response r;
        std::string got;
        std::vector<char> buf(chunk);
        std::size_t header_end = std::string::npos;
        for (;;) {
            if (header_end != std::string::npos && got.size() >= header_end + 4 + r.content_length)
                break;
            if (!coverkit::test::wait_readable(fd_.get()))
                break;
            auto const n = ::recv(fd_.get(), buf.data(), buf.size(), 0);
            if (n <= 0)
                break;
            got.append(buf.data(), static_cast<std::size_t>(n));
            if (header_end == std::string::npos) {
                header_end = got.find("\r\n\r\n");
                if (header_end != std::string::npos) {
                    r.header = got.substr(0, header_end);
                    r.status = static_cast<unsigned>(std::stoul(r.header.substr(9, 3)));
                    auto const cl = r.header.find("Content-Length: ");
                    if (cl != std::string::npos)
                        r.content_length = std::stoul(r.header.substr(cl + 16));
                }
            }
            // Simulates a client that reads slowly; it waits for nothing.
            if (pause.count() > 0)
                std::this_thread::sleep_for(pause);
        }
        if (header_end != std::string::npos) {
            r.body = got.substr(header_end + 4);
            r.complete = r.body.size() == r.content_length;
        }
        return r;
    }

    /// Whether any byte is waiting right now.
    bool has_data() { return coverkit::test::wait_readable(fd_.get(), 0ms); }

private:
    raw_fd fd_;
};

std::string admin_token(coverkit::fake::server const& fake)
{
    return coverkit::test::tokens(fake).sdk_token(coverkit::whiteboard::token_role::admin);
}

std::string scenes_target()
{
    return std::string("/v5/rooms/") + coverkit::test::main_room + "/scenes";
}

// `{"path": dir, "scenes": [{"name": "s0"}, ...]}` with `n` scenes.
std::string add_body(std::string const& dir, std::size_t n, std::string const& prefix = "s")
{
    json::array scenes;
    for (std::size_t i = 0; i < n; ++i)
        scenes.push_back(json::object{{"name", prefix + std::to_string(i)}});
    return json::serialize(json::object{{"path", dir}, {"scenes", std::move(scenes)}});
}

std::string message_of(std::string const& body)
{
    return std::string(json::parse(body).at("message").as_string());
}

} // namespace

BOOST_AUTO_TEST_SUITE(fake_hardening)

BOOST_AUTO_TEST_CASE(a_deep_scene_path_is_refused_and_the_server_keeps_serving)
{
    listening_fake server;
    auto const token = admin_token(server.server());
    client c(server.port());
    std::string deep;
    for (int i = 0; i < 12000; ++i)
        deep += "/d";
    c.send(http::verb::post, scenes_target(), add_body(deep, 1), token);
    auto r = c.read();
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(message_of(r.body).find("at most 1024 bytes") != std::string::npos, r.body);

    // Deep but short: 65 levels are refused, 64 accepted.
    std::string levels;
    for (int i = 0; i < 64; ++i)
        levels += "/d";
    c.send(http::verb::post, scenes_target(), add_body(levels, 1), token);
    r = c.read();
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(message_of(r.body).find("at most 64 levels") != std::string::npos, r.body);
    c.send(http::verb::post, scenes_target(), add_body(levels.substr(2), 1), token);
    BOOST_TEST(c.read().status == 201u);

    // And the server goes on: another add, the list, a reset.
    c.send(http::verb::post, scenes_target(), add_body("/more", 2), token);
    BOOST_TEST(c.read().status == 201u);
    c.send(http::verb::get, scenes_target(), {}, token);
    r = c.read();
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.find(levels.substr(2) + "/s0") != std::string::npos);
    c.send(http::verb::post, "/_fake/reset");
    BOOST_TEST(c.read().status == 200u);
}

BOOST_AUTO_TEST_CASE(a_fixture_with_a_scene_path_past_the_limits_is_refused)
{
    std::string deep;
    for (int i = 0; i < 12000; ++i)
        deep += "/d";
    auto const text = R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a","scenes":[")" +
                      deep + R"("]}]})";
    BOOST_CHECK_EXCEPTION(coverkit::fake::parse_fixture(json::parse(text)),
                          coverkit::fake::fixture_error, [](auto const& e) {
                              return std::string(e.what()).find("over 1024 bytes") !=
                                     std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(scenes_per_request_and_per_room_are_bounded)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture());
    auto const token = admin_token(fake);
    auto res = call(fake, http::verb::post, scenes_target(), add_body("/big", 10'001), token);
    BOOST_TEST(res.result_int() == 400u);
    BOOST_TEST(message_of(res.body()).find("at most 10000 scenes per request") !=
               std::string::npos);

    // 10,000 in one request, in order; then the room fills up to 100,000.
    res = call(fake, http::verb::post, scenes_target(), add_body("/big", 10'000), token);
    BOOST_TEST_REQUIRE(res.result_int() == 201u);
    res = call(fake, http::verb::get, scenes_target() + "?sceneDir=/big", {}, token);
    auto const listed = json::parse(res.body()).as_array();
    BOOST_TEST_REQUIRE(listed.size() == 10'000u);
    BOOST_TEST(listed[0].as_string() == "/big/s0");
    BOOST_TEST(listed[9'999].as_string() == "/big/s9999");

    std::size_t const in_fixture =
        json::parse(call(fake, http::verb::get, scenes_target(), {}, token).body())
            .as_array()
            .size();
    std::size_t total = in_fixture;
    for (int batch = 0; total + 10'000 <= 100'000; ++batch) {
        res = call(fake, http::verb::post, scenes_target(),
                   add_body("/fill" + std::to_string(batch), 10'000), token);
        BOOST_TEST_REQUIRE(res.result_int() == 201u);
        total += 10'000;
    }
    res = call(fake, http::verb::post, scenes_target(), add_body("/last", 100'000 - total + 1),
               token);
    BOOST_TEST(res.result_int() == 400u);
    BOOST_TEST(message_of(res.body()).find("at most 100000 scenes") != std::string::npos);
    // Replacing scenes adds none: still allowed.
    res = call(fake, http::verb::post, scenes_target(), add_body("/big", 3), token);
    BOOST_TEST(res.result_int() == 201u);
}

BOOST_AUTO_TEST_CASE(a_large_scene_add_over_the_wire_leaves_other_clients_answered)
{
    // Ten thousand scenes in one request on one connection, small requests on another: every
    // answer comes, each right. (How long the add holds the others up is measured by
    // coverkit-bench-fake-load, not asserted here.)
    listening_fake server;
    auto const token = admin_token(server.server());
    client adder(server.port());
    client other(server.port());
    adder.send(http::verb::post, scenes_target(), add_body("/wide", 10'000), token);
    for (int i = 0; i < 3; ++i) {
        other.send(http::verb::get, "/nope");
        BOOST_TEST(other.read().status == 404u);
    }
    auto const added = adder.read();
    BOOST_TEST(added.status == 201u);
    adder.send(http::verb::post,
               std::string("/v5/rooms/") + coverkit::test::main_room + "/screenshot-list",
               R"({"path":"/wide","width":16,"height":16})", token);
    auto const listed = adder.read();
    BOOST_TEST_REQUIRE(listed.status == 201u);
    BOOST_TEST(json::parse(listed.body).as_array().size() == 10'000u);
}

BOOST_AUTO_TEST_CASE(a_slow_reader_of_a_large_answer_gets_every_byte)
{
    // Each pause is under the write timeout; the whole answer takes far longer than it.
    coverkit::fake::listener_options options;
    options.write_timeout = 300ms;
    options.header_timeout = 300ms;
    listening_fake server(nullptr, coverkit::test::contract_fixture(), options);

    std::string object(8 * 1024 * 1024, '\0');
    std::mt19937 rng(7);
    for (auto& ch : object)
        ch = static_cast<char>(rng());
    // Stored in process: the listener's own body limit (1 MiB) is for requests, not answers.
    BOOST_TEST_REQUIRE(
        call(server.server(), http::verb::put, "/storage/white-cover/big.bin", object)
            .result_int() == 200u);

    client slow(server.port(), 64 * 1024);
    slow.send(http::verb::get, "/storage/white-cover/big.bin");
    auto const started = std::chrono::steady_clock::now();
    auto const r = slow.read(1024 * 1024, 20ms);
    auto const took = std::chrono::steady_clock::now() - started;
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.complete, r.body.size() << " of " << object.size() << " bytes");
    BOOST_TEST((r.body == object));
    // Not a speed check: it shows the reader really was slower than the timeout.
    BOOST_TEST_MESSAGE("slow read took "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                       << " ms");
    BOOST_TEST((took > options.write_timeout));
}

BOOST_AUTO_TEST_CASE(small_requests_are_answered_while_a_picture_is_drawn)
{
    listening_fake server;
    auto const token = admin_token(server.server());
    // A large picture, stored but not drawn until its first read.
    auto res = call(server.server(), http::verb::post,
                    std::string("/v5/rooms/") + coverkit::test::main_room + "/screenshots",
                    R"({"path":"/init","width":8192,"height":8192})", token);
    BOOST_TEST_REQUIRE(res.result_int() == 201u);
    auto const url = std::string(json::parse(res.body()).at("url").as_string());
    auto const path = url.substr(url.find("/storage/"));

    // Request ids count up: a request on the picture's connection gives the id before the
    // picture's. Small requests on another connection then go until one is taken after the
    // picture request: from then on the picture is being drawn, and that small request is
    // answered while nothing of the picture has come.
    auto const id = [](std::string const& header) {
        auto const at = header.find("x-request-id: ");
        auto const line = header.substr(at, header.find("\r\n", at) - at);
        return std::stoull(line.substr(line.rfind('-') + 1));
    };
    client picture(server.port());
    client small(server.port());
    picture.send(http::verb::get, "/nope");
    auto const before = id(picture.read().header);
    picture.send(http::verb::get, path);
    bool taken_after = false;
    bool picture_pending = false;
    for (int i = 0; i < 10'000 && !taken_after; ++i) {
        small.send(http::verb::get, "/nope");
        auto const quick = small.read();
        BOOST_TEST_REQUIRE(quick.status == 404u);
        taken_after = id(quick.header) > before + 1;
        picture_pending = !picture.has_data();
    }
    BOOST_TEST(taken_after);
    BOOST_TEST(picture_pending);
    auto const big = picture.read();
    BOOST_TEST(big.status == 200u);
    BOOST_TEST(big.complete);
}

BOOST_AUTO_TEST_CASE(the_journal_keeps_its_newest_entries_and_pages)
{
    coverkit::fake::server fake(coverkit::test::contract_fixture(), {.journal_entries = 5});
    for (int i = 0; i < 8; ++i)
        call(fake, http::verb::get, "/nope/" + std::to_string(i));
    auto const kept = fake.journal();
    BOOST_TEST_REQUIRE(kept.size() == 5u);
    BOOST_TEST(kept.front().target == "/nope/3");
    BOOST_TEST(kept.back().target == "/nope/7");
    BOOST_TEST(fake.journal_dropped() == 3u);

    auto res = call(fake, http::verb::get, "/_fake/requests");
    BOOST_TEST(json::parse(res.body()).as_array().size() == 5u);
    BOOST_TEST(res["x-journal-dropped"] == "3");
    BOOST_TEST(res["x-journal-first"] == "3");
    BOOST_TEST(res["x-journal-next"] == "8");
    res = call(fake, http::verb::get, "/_fake/requests?since=5&limit=2");
    auto const page = json::parse(res.body()).as_array();
    BOOST_TEST_REQUIRE(page.size() == 2u);
    BOOST_TEST(page[0].at("target").as_string() == "/nope/5");
    BOOST_TEST(page[1].at("target").as_string() == "/nope/6");
    BOOST_TEST(res["x-journal-next"] == "7");
    res = call(fake, http::verb::get, "/_fake/requests?since=100");
    BOOST_TEST(json::parse(res.body()).as_array().empty());
    for (auto bad : {"?since=-1", "?limit=0", "?limit=x", "?since="})
        BOOST_TEST(call(fake, http::verb::get, std::string("/_fake/requests") + bad).result_int() ==
                       400u,
                   bad);

    // Long targets are cut.
    call(fake, http::verb::get, "/" + std::string(7000, 'x'));
    BOOST_TEST(fake.journal().back().target.size() == coverkit::fake::max_journal_target);
    BOOST_TEST(fake.journal().back().target.ends_with("..."));

    call(fake, http::verb::post, "/_fake/reset");
    BOOST_TEST(fake.journal().empty());
    BOOST_TEST(fake.journal_dropped() == 0u);
}

BOOST_AUTO_TEST_CASE(the_store_keeps_within_its_cap_and_loses_no_picture)
{
    // A cap smaller than one picture: every picture is still served whole, and the same bytes
    // each time (drawn again once forgotten).
    coverkit::fake::server fake(coverkit::test::contract_fixture(), {.store_bytes = 1024});
    auto const token = admin_token(fake);
    auto const shots = std::string("/v5/rooms/") + coverkit::test::main_room + "/screenshot-list";
    auto res = call(fake, http::verb::post, shots, R"({"path":"/test","width":1920,"height":1080})",
                    token);
    BOOST_TEST_REQUIRE(res.result_int() == 201u);
    std::vector<std::string> paths;
    auto const images = json::parse(res.body());
    for (auto const& image : images.as_array()) {
        auto const url = std::string(image.at("url").as_string());
        paths.push_back(url.substr(url.find("/storage/")));
    }
    BOOST_TEST_REQUIRE(paths.size() == 3u);
    std::vector<std::string> first;
    for (auto const& p : paths) {
        auto got = call(fake, http::verb::get, p);
        BOOST_TEST(got.result_int() == 200u);
        BOOST_TEST(got.body().size() > 1024u);
        first.push_back(got.body());
    }
    for (std::size_t i = 0; i < paths.size(); ++i)
        BOOST_TEST(call(fake, http::verb::get, paths[i]).body() == first[i]);
}

BOOST_AUTO_TEST_CASE(uploads_that_do_not_fit_the_store_are_refused)
{
    // Uploads are kept until replaced: one that does not fit is refused.
    coverkit::fake::server fake(coverkit::test::contract_fixture(), {.store_bytes = 4096});
    BOOST_TEST(
        call(fake, http::verb::put, "/storage/b/small", std::string(3000, 'a')).result_int() ==
        200u);
    auto res = call(fake, http::verb::put, "/storage/b/more", std::string(2000, 'b'));
    BOOST_TEST(res.result_int() == 413u);
    BOOST_TEST(message_of(res.body()).find("object store is full") != std::string::npos);
    BOOST_TEST(call(fake, http::verb::get, "/storage/b/more").result_int() == 404u);
    // Replacing an upload frees its room.
    BOOST_TEST(
        call(fake, http::verb::put, "/storage/b/small", std::string(4000, 'c')).result_int() ==
        200u);
    BOOST_TEST(call(fake, http::verb::get, "/storage/b/small").body() == std::string(4000, 'c'));
}

BOOST_AUTO_TEST_CASE(fixture_limits_are_read_and_checked)
{
    auto f = coverkit::fake::parse_fixture(json::parse(
        R"({"apps":[{"ak":"a","sk":"s"}],"limits":{"journal_entries":2,"store_bytes":100}})"));
    BOOST_TEST(f.limits.journal_entries.value_or(0) == 2u);
    BOOST_TEST(f.limits.store_bytes.value_or(0) == 100u);
    coverkit::fake::server fake(f);
    for (int i = 0; i < 4; ++i)
        call(fake, http::verb::get, "/x");
    BOOST_TEST(fake.journal().size() == 2u);
    // A server option wins over the fixture.
    coverkit::fake::server wider(f, {.journal_entries = 3});
    for (int i = 0; i < 4; ++i)
        call(wider, http::verb::get, "/x");
    BOOST_TEST(wider.journal().size() == 3u);
    BOOST_CHECK_THROW(coverkit::fake::parse_fixture(json::parse(
                          R"({"apps":[{"ak":"a","sk":"s"}],"limits":{"store_bytes":-1}})")),
                      coverkit::fake::fixture_error);
}

BOOST_AUTO_TEST_SUITE_END()
