#include <coverkit/whiteboard/room_pager.hpp>

#include "support/environment.hpp"

#include <coverkit/transport/in_process.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace http = boost::beast::http;
namespace wb = coverkit::whiteboard;
using coverkit::error;
using coverkit::error_code;
using coverkit::error_details;

namespace {

template <class Env>
using client_for = wb::client<std::decay_t<decltype(std::declval<Env&>().transport())>>;

template <class Env>
client_for<Env> make_client(Env& env)
{
    return client_for<Env>(
        env.transport(),
        {env.base_url(), coverkit::test::tokens(env.fake).sdk_token(wb::token_role::writer)});
}

std::vector<std::string> uuids_of(std::vector<wb::room> const& rooms)
{
    std::vector<std::string> out;
    for (auto const& r : rooms)
        out.push_back(r.uuid);
    return out;
}

// Requests the fake has answered on the room listing.
std::size_t list_requests(coverkit::fake::server const& fake)
{
    std::size_t n = 0;
    for (auto const& e : fake.journal())
        n += e.method == "GET" && (e.target == "/v5/rooms" || e.target.starts_with("/v5/rooms?"));
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(whiteboard_room_pager)

BOOST_AUTO_TEST_CASE_TEMPLATE(walks_every_room_once_in_uuid_order, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto client = make_client(env);
    for (int i = 0; i < 20; ++i)
        client.create_room({});
    // Every room of the app in cn-hz, from one page large enough to hold them all.
    auto const all = uuids_of(client.list_rooms({std::nullopt, 1000}));
    BOOST_TEST_REQUIRE(all.size() >= 20u);
    BOOST_TEST(std::is_sorted(all.begin(), all.end()));

    auto const before = list_requests(env.fake);
    auto pager = client.rooms({std::nullopt, 7});
    BOOST_TEST(pager.page_size() == 7);
    BOOST_TEST(!pager.next_begin_uuid().has_value());
    std::vector<std::string> walked;
    for (wb::room const& r : pager)
        walked.push_back(r.uuid);
    BOOST_TEST(walked == all, boost::test_tools::per_element());
    // full pages of 7, then the short (or empty) one that ends the walk
    BOOST_TEST(list_requests(env.fake) - before == all.size() / 7 + 1);
    BOOST_TEST(pager.done());

    // Starting after a given room.
    std::vector<std::string> tail;
    for (wb::room const& r : client.rooms({all[4], 3}))
        tail.push_back(r.uuid);
    BOOST_TEST(tail == std::vector<std::string>(all.begin() + 5, all.end()),
               boost::test_tools::per_element());
    // The default page is the largest: one request for all of them.
    BOOST_TEST(client.rooms().page_size() == wb::max_rooms_per_page);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(asynchronously_page_by_page, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto client = make_client(env);
    for (int i = 0; i < 5; ++i)
        client.create_room({});
    auto const all = uuids_of(client.list_rooms({}));
    auto pager = client.rooms({std::nullopt, 4});
    std::vector<std::string> walked;
    bool failed = false;
    boost::asio::co_spawn(
        env.ioc,
        [&]() -> boost::asio::awaitable<void> {
            for (int round = 0; round < 20 && !pager.done(); ++round) { // bounded
                auto page = co_await pager.async_next_page(boost::asio::use_awaitable);
                for (auto const& r : page)
                    walked.push_back(r.uuid);
            }
        },
        [&](std::exception_ptr e) { failed = e != nullptr; });
    env.ioc.run();
    BOOST_TEST(!failed);
    BOOST_TEST(walked == all, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_server_ignoring_begin_uuid_ends_the_walk)
{
    boost::asio::io_context ioc;
    int requests = 0;
    wb::client<coverkit::in_process_transport> client(
        coverkit::in_process_transport(
            ioc.get_executor(),
            [&](coverkit::http_request const&) {
                ++requests;
                coverkit::http_response res{http::status::ok, 11};
                wb::room a, b;
                a.uuid = "a";
                b.uuid = "b";
                res.body() = boost::json::serialize(boost::json::value_from(std::vector{a, b}));
                return res;
            }),
        {"http://h", "t"});
    auto pager = client.rooms({std::nullopt, 2});
    error_code ec;
    error_details d;
    BOOST_TEST(pager.next_page(ec, d).size() == 2u);
    BOOST_TEST(!ec);
    BOOST_TEST((pager.next_begin_uuid() == std::optional<std::string>("b")));
    BOOST_TEST(pager.next_page(ec, d).empty());
    BOOST_TEST(ec == error::malformed_response);
    BOOST_TEST(d.message.find("beginUUID") != std::string::npos);
    BOOST_TEST(pager.done());
    BOOST_TEST(requests == 2);
}

BOOST_AUTO_TEST_CASE(a_bad_limit_is_reported_by_the_first_read)
{
    boost::asio::io_context ioc;
    coverkit::fake::server fake{coverkit::test::contract_fixture()};
    wb::client client(fake.transport(ioc.get_executor()), {"http://fake.test", "t"});
    auto pager = client.rooms({std::nullopt, 0});
    error_code ec;
    BOOST_TEST(pager.next_page(ec).empty());
    BOOST_TEST(ec == error::invalid_argument);
    BOOST_TEST(fake.journal().empty());
}

BOOST_AUTO_TEST_SUITE_END()
