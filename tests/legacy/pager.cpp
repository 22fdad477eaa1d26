#include <coverkit/legacy/pager.hpp>

#include "support/environment.hpp"

#include <coverkit/transport/in_process.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <iterator>
#include <optional>
#include <ranges>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace http = boost::beast::http;
using coverkit::error;
using coverkit::error_code;
using coverkit::error_details;
using coverkit::image;
using coverkit::in_process_transport;
using coverkit::legacy::snapshot_pager;
using coverkit::legacy::snapshots_request;

static_assert(std::input_iterator<snapshot_pager<in_process_transport>::iterator>);
static_assert(std::ranges::input_range<snapshot_pager<in_process_transport>>);

namespace {

constexpr char const* page_room = "0000000000000000000000000000page";

// The scenes of the page room's directories, in insertion order.
std::vector<std::string> const ten = {"j", "i", "h", "g", "f", "e", "d", "c", "b", "a"};
std::vector<std::string> const eleven = {"k", "a", "j", "b", "i", "c", "h", "d", "g", "e", "f"};

template <class Env>
using client_for =
    coverkit::legacy::client<std::decay_t<decltype(std::declval<Env&>().transport())>>;

template <class Env>
client_for<Env> make_client(Env& env)
{
    return client_for<Env>(
        env.transport(),
        {env.base_url(), coverkit::test::tokens(env.fake).room_token(
                             page_room, coverkit::whiteboard::token_role::writer)});
}

// The scene names of `dir` the images stand for, in order.
std::vector<std::string> names_of(std::vector<image> const& images, std::string const& dir)
{
    auto const prefix = "room_cover/2811/" + std::string(page_room) + dir + "/";
    std::vector<std::string> out;
    for (auto const& img : images) {
        BOOST_TEST(img.key.starts_with(prefix), img.key);
        BOOST_TEST(img.key.ends_with(".png"), img.key);
        out.push_back(img.key.substr(prefix.size(), img.key.size() - prefix.size() - 4));
    }
    return out;
}

// Walks a pager with the range-for a user writes.
template <class Pager>
std::vector<image> walk(Pager& pager)
{
    std::vector<image> out;
    for (image const& img : pager)
        out.push_back(img);
    return out;
}

// Requests the fake has answered on the snapshots route.
std::size_t snapshot_requests(coverkit::fake::server const& fake)
{
    std::size_t n = 0;
    for (auto const& e : fake.journal())
        n += e.target.starts_with("/handle/rooms/snapshots") ? 1 : 0;
    return n;
}

// A pager whose server side answers from a script of (status, body) pairs, in order.
struct scripted
{
    boost::asio::io_context ioc;
    std::shared_ptr<std::vector<std::pair<http::status, std::string>>> script =
        std::make_shared<std::vector<std::pair<http::status, std::string>>>();
    std::shared_ptr<std::vector<boost::json::value>> bodies =
        std::make_shared<std::vector<boost::json::value>>();
    coverkit::legacy::client<in_process_transport> client{
        in_process_transport(ioc.get_executor(),
                             [s = script, b = bodies](coverkit::http_request const& req) {
                                 b->push_back(boost::json::parse(req.body()));
                                 coverkit::http_response res{http::status::ok, 11};
                                 if (b->size() <= s->size()) {
                                     auto const& [status, body] = (*s)[b->size() - 1];
                                     res.result(status);
                                     res.body() = body;
                                 }
                                 return res;
                             }),
        {"http://h", "NETLESSROOM_t"}};
};

// A list envelope of `n` images whose keys start at `first`.
std::string page_of(int first, int n)
{
    boost::json::array list;
    for (int i = first; i < first + n; ++i)
        list.push_back(
            {{"url", "u"}, {"key", "k" + std::to_string(i)}, {"bucket", "b"}, {"region", "r"}});
    return boost::json::serialize(boost::json::object{{"code", 200}, {"msg", list}});
}

} // namespace

BOOST_AUTO_TEST_SUITE(legacy_pager)

BOOST_AUTO_TEST_CASE_TEMPLATE(returns_each_scene_once_in_order_and_stops, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto client = make_client(env);
    struct
    {
        char const* dir;
        std::vector<std::string> const* expected;
        std::size_t requests; // full pages, then the short or empty one that ends the walk
    } const cases[] = {{"/ten", &ten, 2}, {"/eleven", &eleven, 2}, {"/none", nullptr, 1}};
    for (auto const& c : cases) {
        BOOST_TEST_CONTEXT(Env::name << " " << c.dir)
        {
            auto const before = snapshot_requests(env.fake);
            auto pager = client.pager(page_room, {64, 48, c.dir, {}, {}});
            BOOST_TEST(pager.page_size() == 10);               // the maximum by default
            BOOST_TEST(snapshot_requests(env.fake) == before); // nothing sent yet
            auto const got = names_of(walk(pager), c.dir);
            BOOST_TEST(got == (c.expected ? *c.expected : std::vector<std::string>{}),
                       boost::test_tools::per_element());
            BOOST_TEST(pager.done());
            BOOST_TEST(snapshot_requests(env.fake) - before == c.requests);
            // done: another walk or read sends nothing
            BOOST_TEST(walk(pager).empty());
            BOOST_TEST(pager.next_page().empty());
            BOOST_TEST(snapshot_requests(env.fake) - before == c.requests);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(smaller_pages_and_a_later_first_page, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto client = make_client(env);
    auto by_three = client.pager(page_room, {64, 48, "/eleven", {}, 3});
    BOOST_TEST(names_of(walk(by_three), "/eleven") == eleven, boost::test_tools::per_element());
    BOOST_TEST(snapshot_requests(env.fake) == 4u); // 3 + 3 + 3 + 2

    auto from_two = client.pager(page_room, {64, 48, "/ten", 2, 4});
    BOOST_TEST(from_two.next_page_number() == 2);
    std::vector<std::string> const tail(ten.begin() + 4, ten.end());
    BOOST_TEST(names_of(walk(from_two), "/ten") == tail, boost::test_tools::per_element());

    // A size above the maximum is clamped as the service clamps it, so a full page of 10 is
    // not mistaken for a short one.
    auto big = client.pager(page_room, {64, 48, "/eleven", {}, 50});
    BOOST_TEST(big.page_size() == 10);
    BOOST_TEST(names_of(walk(big), "/eleven") == eleven, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(asynchronously_page_by_page, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto client = make_client(env);
    auto pager = client.pager(page_room, {64, 48, "/eleven", {}, 4});
    std::vector<std::size_t> page_sizes;
    std::vector<image> all;
    std::optional<error_code> failure;
    boost::asio::co_spawn(
        env.ioc,
        [&]() -> boost::asio::awaitable<void> {
            // bounded: 11 scenes by 4 take 3 pages
            for (int round = 0; round < 10 && !pager.done(); ++round) {
                auto page = co_await pager.async_next_page(boost::asio::use_awaitable);
                page_sizes.push_back(page.size());
                all.insert(all.end(), page.begin(), page.end());
            }
            // once done: an empty page, nothing sent
            auto none = co_await pager.async_next_page(boost::asio::use_awaitable);
            if (!none.empty())
                failure = error::malformed_response;
        },
        [&](std::exception_ptr e) {
            if (e)
                failure = error::unexpected_status;
        });
    env.ioc.run();
    BOOST_TEST(!failure.has_value());
    BOOST_TEST(page_sizes == (std::vector<std::size_t>{4, 4, 3}), boost::test_tools::per_element());
    BOOST_TEST(names_of(all, "/eleven") == eleven, boost::test_tools::per_element());
    BOOST_TEST(snapshot_requests(env.fake) == 3u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_failing_directory_throws_from_the_loop, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto client = make_client(env);
    auto pager = client.pager(page_room, {64, 48, "/nowhere", {}, {}});
    try {
        walk(pager);
        BOOST_FAIL("no exception");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == error_code(error::not_found));
        BOOST_TEST(e.details().status == 404u);
        BOOST_TEST(!e.details().request_id.empty());
    }
    BOOST_TEST(!pager.done());
}

BOOST_AUTO_TEST_CASE(a_failed_page_is_read_again)
{
    scripted s;
    *s.script = {{http::status::ok, page_of(0, 2)},
                 {http::status::internal_server_error, R"({"code":500,"msg":"busy"})"},
                 {http::status::ok, page_of(2, 1)}};
    auto pager = s.client.pager("r", {8, 8, "/d", {}, 2});
    error_code ec;
    error_details d;
    BOOST_TEST(pager.next_page(ec).size() == 2u);
    BOOST_TEST(!ec);
    BOOST_TEST(pager.next_page(ec, d).empty());
    BOOST_TEST(ec == error::server_error);
    BOOST_TEST(d.message == "busy");
    BOOST_TEST(!pager.done());
    BOOST_TEST(pager.next_page_number() == 2);
    auto last = pager.next_page(ec);
    BOOST_TEST(!ec);
    BOOST_TEST_REQUIRE(last.size() == 1u);
    BOOST_TEST(last[0].key == "k2");
    BOOST_TEST(pager.done());
    BOOST_TEST_REQUIRE(s.bodies->size() == 3u);
    BOOST_TEST((*s.bodies)[1].at("page").as_int64() == 2);
    BOOST_TEST((*s.bodies)[2].at("page").as_int64() == 2);
    BOOST_TEST((*s.bodies)[2].at("size").as_int64() == 2);
    BOOST_TEST((*s.bodies)[2].at("uuid").as_string() == "r");
}

BOOST_AUTO_TEST_CASE(a_server_ignoring_the_page_number_ends_the_walk)
{
    scripted s;
    *s.script = {{http::status::ok, page_of(0, 10)}, {http::status::ok, page_of(0, 10)}};
    auto pager = s.client.pager("r", {8, 8, "/d", {}, {}});
    error_code ec;
    error_details d;
    BOOST_TEST(pager.next_page(ec, d).size() == 10u);
    BOOST_TEST(pager.next_page(ec, d).empty());
    BOOST_TEST(ec == error::malformed_response);
    BOOST_TEST(d.message.find("repeats") != std::string::npos);
    BOOST_TEST(pager.done());
    BOOST_TEST(s.bodies->size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_bad_page_size_is_reported_by_the_first_read)
{
    scripted s;
    auto pager = s.client.pager("r", {8, 8, "/d", {}, 0});
    error_code ec;
    error_details d;
    BOOST_TEST(pager.next_page(ec, d).empty());
    BOOST_TEST(ec == error::invalid_argument);
    BOOST_TEST(d.message.find("size") != std::string::npos);
    BOOST_TEST(s.bodies->empty());
}

BOOST_AUTO_TEST_CASE(async_reads_never_complete_inline)
{
    scripted s;
    *s.script = {{http::status::ok, page_of(0, 1)}};
    auto pager = s.client.pager("r", {8, 8, "/d", {}, {}});
    std::vector<std::size_t> sizes;
    error_details d;
    d.message = "stale";
    pager.async_next_page(d, [&](error_code ec, std::vector<image> page) {
        BOOST_TEST(!ec);
        sizes.push_back(page.size());
        // done now: the next read completes empty, through the executor, sending nothing
        pager.async_next_page(d, [&](error_code ec2, std::vector<image> none) {
            BOOST_TEST(!ec2);
            sizes.push_back(none.size());
        });
        BOOST_TEST(sizes.size() == 1u);
    });
    BOOST_TEST(sizes.empty());
    s.ioc.run();
    BOOST_TEST(sizes == (std::vector<std::size_t>{1, 0}), boost::test_tools::per_element());
    BOOST_TEST(d.message.empty());
    BOOST_TEST(s.bodies->size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
