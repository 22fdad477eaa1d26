#include <coverkit/transport.hpp>

#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <coverkit/transport/in_process.hpp>
#include <coverkit/whiteboard/client.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace http = boost::beast::http;
using coverkit::error_code;
using coverkit::http_request;
using coverkit::http_response;

namespace {

// A transport a user might write, following the concept's exemplar: it answers every request
// with a canned response and counts what it was given.
struct canned_transport
{
    using executor_type = boost::asio::any_io_executor;

    executor_type ex;
    std::shared_ptr<std::vector<std::string>> targets =
        std::make_shared<std::vector<std::string>>();
    http_response answer{http::status::created, 11};

    executor_type get_executor() const { return ex; }

    http_response send(http_request req, error_code& ec)
    {
        ec = {};
        targets->push_back(std::string(req.target()));
        return answer;
    }

    template <class CompletionToken>
    auto async_send(http_request req, CompletionToken&& token)
    {
        return boost::asio::async_compose<CompletionToken, void(error_code, http_response)>(
            [this, req = std::move(req), posted = false](auto& self) mutable {
                if (!posted) {
                    posted = true;
                    return boost::asio::post(ex, std::move(self));
                }
                error_code ec;
                auto res = send(std::move(req), ec);
                self.complete(ec, std::move(res));
            },
            token, ex);
    }
};

struct no_async
{
    using executor_type = boost::asio::any_io_executor;
    executor_type get_executor() const;
    http_response send(http_request req, error_code& ec);
};

struct wrong_send
{
    using executor_type = boost::asio::any_io_executor;
    executor_type get_executor() const;
    std::string send(http_request req, error_code& ec);
    template <class CompletionToken>
    void async_send(http_request, CompletionToken&&);
};

} // namespace

static_assert(coverkit::transport<coverkit::in_process_transport>);
static_assert(coverkit::transport<canned_transport>);
static_assert(!coverkit::transport<no_async>);
static_assert(!coverkit::transport<wrong_send>);
static_assert(!coverkit::transport<int>);

BOOST_AUTO_TEST_SUITE(transport_concept)

BOOST_AUTO_TEST_CASE(a_user_written_transport_drives_the_client)
{
    boost::asio::io_context ioc;
    canned_transport t{ioc.get_executor()};
    t.answer.body() = R"({"url":"u","key":"k","bucket":"b","region":"r"})";
    coverkit::whiteboard::client c(t, {.base_url = "https://api.example", .token = "t"});
    BOOST_TEST(c.screenshot("room", {10, 10}).key == "k");
    std::optional<coverkit::image> got;
    c.async_screenshot("room", {10, 10}, [&](error_code ec, coverkit::image img) {
        BOOST_TEST(!ec);
        got = img;
    });
    BOOST_TEST(!got.has_value());
    ioc.run();
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->bucket == "b");
    BOOST_TEST_REQUIRE(t.targets->size() == 2u);
    BOOST_TEST(t.targets->at(0) == "https://api.example/v5/rooms/room/screenshots");
}

BOOST_AUTO_TEST_CASE(http_error_statuses_are_successful_exchanges)
{
    boost::asio::io_context ioc;
    canned_transport t{ioc.get_executor()};
    t.answer.result(http::status::forbidden);
    t.answer.body() = R"({"message":"token access role forbidden"})";
    t.answer.set("x-request-id", "abc");
    error_code ec;
    auto res = t.send(http_request{}, ec);
    BOOST_TEST(!ec); // the transport only carries the exchange
    coverkit::whiteboard::client c(t, {.base_url = "https://api.example"});
    coverkit::error_details d;
    c.screenshot("room", {10, 10}, ec, d); // the API family turns it into an error
    BOOST_TEST(ec == coverkit::error::forbidden);
    BOOST_TEST(d.request_id == "abc");
    BOOST_TEST(d.message == "token access role forbidden");
}

BOOST_AUTO_TEST_SUITE_END()
