// Asynchronous calls as a newcomer writes them: awaited with braced temporaries, failures as
// api_error with their details (use_awaitable, use_future, as_api_error), error codes kept for
// as_tuple and callbacks, every input problem reported at once, and a refused connection that
// says where it was going. The suite runs under AddressSanitizer in the project's own build,
// which is where GCC 12's mishandling of braced temporaries in co_await showed.
#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include "support/environment.hpp"
#include "support/print.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <string>
#include <thread>
#include <type_traits>

#include <unistd.h>

namespace asio = boost::asio;
using coverkit::api_error;
using coverkit::error;
using coverkit::error_code;
using coverkit::error_details;
using coverkit::in_process_transport;
using coverkit::test::main_room;
using coverkit::whiteboard::token_role;

// What makes a braced temporary safe in a co_await expression on every compiler: destroying
// the request twice (GCC 12 does) frees nothing.
static_assert(std::is_trivially_destructible_v<coverkit::whiteboard::screenshot_request>);
static_assert(std::is_trivially_destructible_v<coverkit::whiteboard::create_room_request>);
static_assert(std::is_trivially_destructible_v<coverkit::whiteboard::list_rooms_request>);
static_assert(std::is_trivially_destructible_v<coverkit::whiteboard::add_scenes_request>);
static_assert(std::is_trivially_destructible_v<coverkit::whiteboard::scene>);
static_assert(std::is_trivially_destructible_v<coverkit::legacy::single_snapshot_request>);
static_assert(std::is_trivially_destructible_v<coverkit::legacy::snapshots_request>);
static_assert(std::is_trivially_destructible_v<coverkit::smh::album_cover_request>);
static_assert(std::is_trivially_destructible_v<coverkit::smh::access_token_request>);
static_assert(std::is_trivially_destructible_v<coverkit::download_options>);
// What keeps a request from dangling: text and lists it holds come from what the caller keeps.
static_assert(std::is_constructible_v<coverkit::text_view, std::string const&>);
static_assert(!std::is_constructible_v<coverkit::text_view, std::string>);
static_assert(!std::is_assignable_v<std::optional<coverkit::text_view>&, std::string>);
static_assert(std::is_constructible_v<coverkit::list_view<coverkit::whiteboard::scene>,
                                      std::vector<coverkit::whiteboard::scene> const&>);
static_assert(!std::is_constructible_v<coverkit::list_view<coverkit::whiteboard::scene>,
                                       std::vector<coverkit::whiteboard::scene>>);

namespace {

// The contract fixture's fake, in process, and one client of each family.
struct fixture
{
    asio::io_context ioc;
    coverkit::fake::server fake{coverkit::test::contract_fixture()};
    std::string sdk = coverkit::test::tokens(fake).sdk_token(token_role::admin);
    in_process_transport transport = fake.transport(ioc.get_executor());
    coverkit::whiteboard::client<in_process_transport> wb{transport, {"http://fake.test", sdk}};
    coverkit::legacy::client<in_process_transport> legacy{
        transport,
        {"http://fake.test",
         coverkit::test::tokens(fake).room_token(main_room, token_role::writer)}};
    coverkit::smh::client<in_process_transport> smh{transport, {"http://fake.test"}};

    // Runs `body` as a coroutine to its end; returns what escaped it, if anything.
    std::exception_ptr run(std::function<asio::awaitable<void>()> body)
    {
        std::exception_ptr escaped;
        bool finished = false;
        asio::co_spawn(ioc, std::move(body), [&](std::exception_ptr e) {
            escaped = e;
            finished = true;
        });
        ioc.run();
        ioc.restart();
        BOOST_TEST_REQUIRE(finished);
        return escaped;
    }
};

// Longer than any small-string buffer, so a copy the compiler mishandles would be a heap block.
std::string longer(std::string_view s)
{
    return std::string(s) + std::string(40, 'x');
}

// The api_error `body` throws, or a failed test.
template <class F>
api_error thrown_by(F&& body)
{
    try {
        body();
    } catch (api_error const& e) {
        return e;
    }
    BOOST_FAIL("no api_error");
    throw std::logic_error("unreachable");
}

bool holds(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(coroutines)

BOOST_AUTO_TEST_CASE(every_asynchronous_call_awaits_braced_temporaries)
{
    fixture f;
    // Text the requests view, named: a temporary std::string does not compile into a request
    // (it would dangle); string_view arguments still take temporaries.
    auto const dir = "/" + longer("coroutine");
    auto const room_name = longer("a room"), after = std::string(32, '0');
    auto const first_path = dir + "/" + longer("first"), second_path = dir + "/" + longer("second");
    auto const file = std::filesystem::temp_directory_path() /
                      ("coverkit-coroutines-" + std::to_string(::getpid()) + ".png");
    std::vector<std::string> done;
    auto escaped = f.run([&]() -> asio::awaitable<void> {
        using namespace coverkit::whiteboard;
        using coverkit::legacy::single_snapshot_request;
        using coverkit::legacy::snapshots_request;
        auto const use = asio::use_awaitable;

        auto team = co_await f.wb.async_create_team_token(std::string("myAK"), std::string("mySK"),
                                                          token_role::writer, {}, use);
        BOOST_TEST(team.starts_with("NETLESSSDK_"));
        auto room_token = co_await f.wb.async_create_room_token(
            std::string(main_room), token_role::reader, std::chrono::hours(1), use);
        BOOST_TEST(room_token.starts_with("NETLESSROOM_"));
        auto task_token =
            co_await f.wb.async_create_task_token(longer("task"), token_role::reader, {}, use);
        BOOST_TEST(task_token.starts_with("NETLESSTASK_"));
        done.push_back("tokens");

        auto made = co_await f.wb.async_create_room(
            {.is_record = true, .limit = 5, .name = room_name}, use);
        BOOST_TEST((made.name && *made.name == longer("a room")));
        auto info = co_await f.wb.async_room_info(std::string(made.uuid), use);
        BOOST_TEST(info.uuid == made.uuid);
        auto listed = co_await f.wb.async_list_rooms({.begin_uuid = after, .limit = 1000}, use);
        BOOST_TEST(!listed.empty());
        auto banned = co_await f.wb.async_set_room_ban(std::string(made.uuid), false, use);
        BOOST_TEST(!banned.is_ban);
        auto pager = f.wb.rooms({.begin_uuid = after, .limit = 2});
        auto page = co_await pager.async_next_page(use);
        BOOST_TEST(page.size() == 2u);
        done.push_back("rooms");

        // GCC 12 cannot keep a braced list's array across a suspension (a compile error), so
        // the scenes are named; the request around them is still a braced temporary.
        auto const first = longer("first"), second = longer("second");
        std::vector<scene> const added{{.name = first}, {.name = second}};
        co_await f.wb.async_add_scenes(main_room, {.path = dir, .scenes = added}, use);
        auto scenes = co_await f.wb.async_list_scenes(main_room, dir, use);
        BOOST_TEST(scenes.size() == 2u);
        auto current =
            co_await f.wb.async_switch_scene(main_room, dir + "/" + longer("second"), use);
        BOOST_TEST(current == dir + "/" + longer("second"));
        done.push_back("scenes");

        auto one = co_await f.wb.async_screenshot(
            main_room, {.width = 64, .height = 48, .path = first_path}, use);
        BOOST_TEST(one.key.ends_with(".png"));
        auto all = co_await f.wb.async_screenshot_list(
            main_room, {.width = 64, .height = 48, .path = dir}, use);
        BOOST_TEST(all.size() == 2u);
        done.push_back("screenshots");

        auto single = co_await f.legacy.async_single_snapshot(
            main_room, single_snapshot_request{.width = 32, .height = 24, .scene_path = first_path},
            use);
        BOOST_TEST(single.key.ends_with(".png"));
        auto pages = co_await f.legacy.async_snapshots(
            main_room, {.width = 32, .height = 24, .scene_path = dir, .page = 1, .size = 1}, use);
        BOOST_TEST(pages.size() == 1u);
        auto legacy_pager =
            f.legacy.pager(main_room, {.width = 32, .height = 24, .scene_path = dir});
        auto legacy_page = co_await legacy_pager.async_next_page(use);
        BOOST_TEST(legacy_page.size() == 2u);
        done.push_back("legacy");

        auto token = co_await f.smh.async_create_access_token(
            {.library_id = "smhlib", .library_secret = "s3cret"}, use);
        BOOST_TEST(!token.token.empty());
        auto location = co_await f.smh.async_cover_location(
            {.library_id = "smhlib", .album = "trip", .size = 64, .access_token = token.token},
            use);
        BOOST_TEST(!location.empty());
        auto cover = co_await f.smh.async_cover(
            {.library_id = "smhlib", .album = "trip", .size = 64, .access_token = token.token},
            {.max_bytes = 1 << 20}, use);
        BOOST_TEST(cover.content_type == "image/png");
        done.push_back("smh");

        auto object = co_await coverkit::async_download(f.transport, std::string(one.url),
                                                        {.max_bytes = 1 << 20}, use);
        BOOST_TEST(object.content_type == "image/png");
        auto type = co_await coverkit::async_download_to_file(f.transport, std::string(one.url),
                                                              file, {.max_bytes = 1 << 20}, use);
        BOOST_TEST(type == "image/png");
        done.push_back("download");
    });
    BOOST_TEST(!escaped);
    BOOST_TEST(done.size() == 7u);
    BOOST_TEST(std::filesystem::file_size(file) > 0u);
    std::filesystem::remove(file);
}

BOOST_AUTO_TEST_CASE(awaited_failures_are_api_errors_with_their_details)
{
    fixture f;
    auto const missing = longer("no-such-room");
    std::optional<api_error> caught;
    auto escaped = f.run([&]() -> asio::awaitable<void> {
        try {
            co_await f.wb.async_room_info(missing, asio::use_awaitable);
        } catch (api_error const& e) {
            caught = e;
        }
    });
    BOOST_TEST(!escaped);
    BOOST_TEST_REQUIRE(caught.has_value());
    auto const& d = caught->details();
    BOOST_TEST(caught->code() == error::not_found);
    BOOST_TEST(d.status == 404u);
    BOOST_TEST(!d.message.empty());
    BOOST_TEST(!d.request_id.empty());
    BOOST_TEST(!d.body.empty());
    BOOST_TEST(d.operation == "whiteboard.get_room");
    BOOST_TEST(d.method == "GET");
    BOOST_TEST(d.url == "http://fake.test/v5/rooms/" + missing);
    BOOST_TEST(d.host == "fake.test");
    BOOST_TEST(d.port == 80u);
    std::string const what = caught->what();
    BOOST_TEST(holds(what, "whiteboard.get_room: GET http://fake.test/v5/rooms/" + missing), what);
    BOOST_TEST(holds(what, "HTTP 404"), what);
    BOOST_TEST(holds(what, d.request_id), what);
    BOOST_TEST(holds(what, d.message), what);
    BOOST_TEST(!holds(what, f.sdk), what);

    // The same exception as the blocking form's.
    auto blocking = thrown_by([&] { f.wb.room_info(missing); });
    BOOST_TEST(std::string(blocking.what()).substr(0, what.find("request id")) ==
               what.substr(0, what.find("request id")));
}

BOOST_AUTO_TEST_CASE(a_future_rethrows_the_api_error)
{
    fixture f;
    auto work = asio::make_work_guard(f.ioc);
    std::thread runner([&] { f.ioc.run(); });
    auto failing = f.legacy.async_single_snapshot(
        main_room, {.width = 32, .height = 24, .scene_path = "/no/such/scene"}, asio::use_future);
    auto e = thrown_by([&] { failing.get(); });
    work.reset();
    runner.join();
    BOOST_TEST(e.details().operation == "legacy.single_snapshot");
    BOOST_TEST(e.details().method == "POST");
    BOOST_TEST(e.details().url == "http://fake.test/handle/rooms/single-snapshot");
    BOOST_TEST(e.details().status != 0u);
    BOOST_TEST(!e.details().message.empty());
}

BOOST_AUTO_TEST_CASE(as_api_error_adapts_any_token)
{
    fixture f;
    std::optional<api_error> from_deferred;
    auto escaped = f.run([&]() -> asio::awaitable<void> {
        try {
            // as_api_error(use_awaitable) is what use_awaitable already does.
            co_await f.wb.async_room_info("missing-room",
                                          coverkit::as_api_error(asio::use_awaitable));
        } catch (api_error const& e) {
            from_deferred = e;
        }
    });
    BOOST_TEST(!escaped);
    BOOST_TEST_REQUIRE(from_deferred.has_value());
    BOOST_TEST(from_deferred->details().status == 404u);
    BOOST_TEST(from_deferred->details().operation == "whiteboard.get_room");

    // A deferred operation, and callbacks: the exception, and nothing on success.
    std::vector<std::exception_ptr> got;
    auto deferred = f.wb.async_room_info("missing-room", coverkit::as_api_error(asio::deferred));
    std::move(deferred)(
        [&](std::exception_ptr e, coverkit::whiteboard::room) { got.push_back(e); });
    f.wb.async_room_info("missing-room", coverkit::as_api_error(
                                             [&](std::exception_ptr e, coverkit::whiteboard::room) {
                                                 got.push_back(e);
                                             }));
    f.wb.async_room_info(
        main_room, coverkit::as_api_error([&](std::exception_ptr e, coverkit::whiteboard::room) {
            got.push_back(e);
        }));
    f.ioc.run();
    BOOST_TEST_REQUIRE(got.size() == 3u);
    BOOST_TEST(!static_cast<bool>(got[2]));
    for (int i : {0, 1}) {
        BOOST_TEST_REQUIRE(static_cast<bool>(got[i]));
        auto e = thrown_by([&] { std::rethrow_exception(got[i]); });
        BOOST_TEST(e.code() == error::not_found);
        BOOST_TEST(e.details().operation == "whiteboard.get_room");
    }
}

BOOST_AUTO_TEST_CASE(as_tuple_and_callbacks_keep_the_error_code_and_details)
{
    fixture f;
    error_code awaited;
    error_details d;
    auto escaped = f.run([&]() -> asio::awaitable<void> {
        auto [ec, page] = co_await f.wb.async_screenshot_list(
            main_room, {.width = 64, .height = 48, .path = "/no-such-dir"}, d,
            asio::as_tuple(asio::use_awaitable));
        awaited = ec;
        BOOST_TEST(page.empty());
    });
    BOOST_TEST(!escaped);
    BOOST_TEST(awaited == error::not_found);
    BOOST_TEST(d.status == 404u);
    BOOST_TEST(d.operation == "whiteboard.screenshot_list");
    BOOST_TEST(d.url == std::string("http://fake.test/v5/rooms/") + main_room + "/screenshot-list");

    error_code called;
    f.wb.async_switch_scene(main_room, "/no/such/scene", d,
                            [&](error_code ec, std::string) { called = ec; });
    f.ioc.run();
    BOOST_TEST(called == error::not_found);
    BOOST_TEST(d.operation == "whiteboard.switch_scene");
    BOOST_TEST(d.method == "PATCH");
}

BOOST_AUTO_TEST_CASE(a_refused_connection_names_the_host_and_port)
{
    asio::io_context ioc;
    // A port nothing listens on: bound, then closed.
    unsigned port = 0;
    {
        asio::ip::tcp::acceptor a(ioc, {asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    auto const base = "http://127.0.0.1:" + std::to_string(port);
    coverkit::whiteboard::client<coverkit::http_transport> c{
        coverkit::http_transport(ioc.get_executor()), {base, "NETLESSSDK_secret"}};
    auto e = thrown_by([&] { c.room_info("r-1"); });
    BOOST_TEST(e.code() == asio::error::connection_refused);
    BOOST_TEST(e.details().status == 0u);
    BOOST_TEST(e.details().operation == "whiteboard.get_room");
    BOOST_TEST(e.details().host == "127.0.0.1");
    BOOST_TEST(e.details().port == port);
    BOOST_TEST(e.details().url == base + "/v5/rooms/r-1");
    std::string const what = e.what();
    BOOST_TEST(holds(what, "whiteboard.get_room: GET " + base + "/v5/rooms/r-1"), what);
    BOOST_TEST(holds(what, "host 127.0.0.1, port " + std::to_string(port)), what);
    BOOST_TEST(!holds(what, "NETLESSSDK_secret"), what);

    // Awaited, the same.
    std::optional<api_error> awaited;
    asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<void> {
            try {
                co_await c.async_room_info("r-1", asio::use_awaitable);
            } catch (api_error const& e) {
                awaited = e;
            }
        },
        asio::detached);
    ioc.run();
    BOOST_TEST_REQUIRE(awaited.has_value());
    BOOST_TEST(awaited->details().port == port);
    BOOST_TEST(awaited->code() == asio::error::connection_refused);
}

BOOST_AUTO_TEST_CASE(the_url_in_details_keeps_no_query)
{
    fixture f;
    error_code ec;
    error_details d;
    f.smh.cover_location(
        {.library_id = "smhlib", .album = "no such album", .access_token = "tok-SECRET"}, ec, d);
    BOOST_TEST(ec);
    BOOST_TEST(d.operation == "smh.album_cover");
    BOOST_TEST(d.url == "http://fake.test/api/v1/album/smhlib/-/cover/no%20such%20album");
    auto e = thrown_by([&] {
        f.smh.cover_location(
            {.library_id = "smhlib", .album = "no such album", .access_token = "tok-SECRET"});
    });
    BOOST_TEST(!holds(e.what(), "tok-SECRET"), e.what());
    BOOST_TEST(!holds(e.what(), "access_token"), e.what());
}

BOOST_AUTO_TEST_CASE(input_checks_report_every_problem)
{
    fixture f;
    auto e = thrown_by([&] { f.wb.screenshot("", {.width = 0, .height = 9000, .path = "bad"}); });
    BOOST_TEST(e.code() == error::empty_room_uuid); // the first problem's code
    auto const& why = e.details().message;
    BOOST_TEST(holds(why, "the room uuid is empty"), why);
    BOOST_TEST(holds(why, "width must be an integer in 1..8192, got 0"), why);
    BOOST_TEST(holds(why, "height must be an integer in 1..8192, got 9000"), why);
    BOOST_TEST(holds(why, "scene path \"bad\""), why);
    BOOST_TEST(e.details().operation == "whiteboard.screenshots");
    BOOST_TEST(e.details().url.empty());
    BOOST_TEST(holds(e.what(), "whiteboard.screenshots: "), e.what());

    error_code ec;
    error_details d;
    f.wb.add_scenes(main_room, {.path = "nope", .scenes = {{.name = ""}, {.name = "a/b"}}}, ec, d);
    BOOST_TEST(ec == error::invalid_scene_path);
    BOOST_TEST(holds(d.message, "scene path \"nope\""), d.message);
    BOOST_TEST(holds(d.message, "scene name \"\""), d.message);
    BOOST_TEST(holds(d.message, "scene name \"a/b\""), d.message);

    f.smh.cover({.library_id = "", .space_id = "..", .album = "", .size = 0}, {}, ec, d);
    BOOST_TEST(ec == error::invalid_argument);
    for (auto part : {"the library id is empty", "the space id \"..\"", "the album name is empty",
                      "size must be in"})
        BOOST_TEST(holds(d.message, part), d.message);

    f.legacy.snapshots("", {.width = 1, .height = 0, .scene_path = "", .page = 0, .size = -1}, ec,
                       d);
    BOOST_TEST(ec == error::empty_room_uuid);
    for (auto part : {"room uuid", "height", "scene path", "page must be", "size must be"})
        BOOST_TEST(holds(d.message, part), d.message);

    f.wb.create_team_token("", "", static_cast<token_role>(99), std::chrono::milliseconds(-1), ec,
                           d);
    BOOST_TEST(ec == error::invalid_argument);
    for (auto part : {"access key", "secret key", "role", "lifespan"})
        BOOST_TEST(holds(d.message, part), d.message);
}

BOOST_AUTO_TEST_CASE(a_pager_awaited_throws_api_error)
{
    fixture f;
    auto pager = f.legacy.pager("missing-room", {.width = 32, .height = 24, .scene_path = "/"});
    std::optional<api_error> caught;
    auto escaped = f.run([&]() -> asio::awaitable<void> {
        try {
            co_await pager.async_next_page(asio::use_awaitable);
        } catch (api_error const& e) {
            caught = e;
        }
    });
    BOOST_TEST(!escaped);
    BOOST_TEST_REQUIRE(caught.has_value());
    BOOST_TEST(caught->details().operation == "legacy.snapshots");
    BOOST_TEST(caught->details().status != 0u);
}

BOOST_AUTO_TEST_CASE(async_download_to_file_leaves_no_file_on_failure)
{
    fixture f;
    auto const file = std::filesystem::temp_directory_path() /
                      ("coverkit-coroutines-missing-" + std::to_string(::getpid()) + ".png");
    std::filesystem::remove(file);
    error_code got;
    error_details d;
    coverkit::async_download_to_file(f.transport, "http://fake.test/no/such/object.png", file, {},
                                     d, [&](error_code ec, std::string) { got = ec; });
    f.ioc.run();
    BOOST_TEST(got == error::not_found);
    BOOST_TEST(d.operation == "download_to_file");
    BOOST_TEST(!std::filesystem::exists(file));
}

BOOST_AUTO_TEST_SUITE_END()
