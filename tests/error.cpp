#include <coverkit/error.hpp>

#include <boost/asio/error.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <string>

using coverkit::error;

BOOST_AUTO_TEST_SUITE(error_model)

BOOST_AUTO_TEST_CASE(codes_live_in_the_coverkit_category)
{
    coverkit::error_code ec = error::forbidden;
    BOOST_TEST(ec.category().name() == std::string("coverkit"));
    BOOST_TEST(ec == error::forbidden);
    BOOST_TEST(ec != error::unauthorized);
    BOOST_TEST(ec.message() == "forbidden (403)");
}

BOOST_AUTO_TEST_CASE(every_value_has_its_own_message)
{
    std::string previous;
    for (int v = static_cast<int>(error::invalid_argument);
         v <= static_cast<int>(error::insecure_redirect); ++v) {
        auto const m = coverkit::make_error_code(static_cast<error>(v)).message();
        BOOST_TEST(m != "unknown coverkit error");
        BOOST_TEST(m != previous);
        previous = m;
    }
    BOOST_TEST(coverkit::make_error_code(static_cast<error>(999)).message() ==
               "unknown coverkit error");
}

BOOST_AUTO_TEST_CASE(statuses_map_to_errors)
{
    BOOST_TEST((coverkit::error_from_status(400) == error::bad_request));
    BOOST_TEST((coverkit::error_from_status(401) == error::unauthorized));
    BOOST_TEST((coverkit::error_from_status(403) == error::forbidden));
    BOOST_TEST((coverkit::error_from_status(404) == error::not_found));
    BOOST_TEST((coverkit::error_from_status(405) == error::method_not_allowed));
    BOOST_TEST((coverkit::error_from_status(413) == error::payload_too_large));
    BOOST_TEST((coverkit::error_from_status(500) == error::server_error));
    BOOST_TEST((coverkit::error_from_status(503) == error::server_error));
    BOOST_TEST((coverkit::error_from_status(302) == error::unexpected_status));
    BOOST_TEST((coverkit::error_from_status(418) == error::unexpected_status));
}

BOOST_AUTO_TEST_CASE(api_error_carries_the_details_and_says_them)
{
    coverkit::error_details d;
    d.status = 403;
    d.message = "token access role forbidden";
    d.request_id = "req-42";
    d.body = R"({"message":"token access role forbidden"})";
    coverkit::api_error e(error::forbidden, d);
    BOOST_TEST(e.code() == coverkit::error_code(error::forbidden));
    BOOST_TEST(e.details().status == 403u);
    BOOST_TEST(e.details().request_id == "req-42");
    BOOST_TEST(e.details().body == d.body);
    std::string const what = e.what();
    BOOST_TEST(what.find("forbidden") != std::string::npos);
    BOOST_TEST(what.find("403") != std::string::npos);
    BOOST_TEST(what.find("req-42") != std::string::npos);
    BOOST_TEST(what.find("token access role forbidden") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(throw_on_error_throws_only_on_failure)
{
    coverkit::error_details d;
    BOOST_CHECK_NO_THROW(coverkit::detail::throw_on_error({}, d));
    BOOST_CHECK_THROW(coverkit::detail::throw_on_error(error::not_found, d), coverkit::api_error);
}

BOOST_AUTO_TEST_CASE(details_clear_resets_every_field)
{
    coverkit::error_details d{404, "m", "c", "r", "b", "op", "GET", "http://h/p", "h", 8080};
    d.clear();
    BOOST_TEST(d.status == 0u);
    BOOST_TEST(d.port == 0u);
    BOOST_TEST(
        (d.message + d.code + d.request_id + d.body + d.operation + d.method + d.url + d.host)
            .empty());
}

BOOST_AUTO_TEST_CASE(what_names_the_operation_and_where_it_went)
{
    coverkit::error_details d;
    d.operation = "whiteboard.get_room";
    d.method = "GET";
    d.url = "https://api.example/v5/rooms/r-1";
    d.host = "api.example";
    d.port = 443;
    d.status = 404;
    d.request_id = "req-7";
    d.message = "room not found";
    BOOST_TEST(std::string(coverkit::api_error(error::not_found, d).what()) ==
               "whiteboard.get_room: GET https://api.example/v5/rooms/r-1: " +
                   coverkit::error_code(error::not_found).message() +
                   " [HTTP 404, request id req-7]: room not found");
    // No answer: the host and port instead of the status.
    d.status = 0;
    d.request_id.clear();
    d.message.clear();
    auto const refused =
        boost::asio::error::make_error_code(boost::asio::error::connection_refused);
    BOOST_TEST(std::string(coverkit::api_error(refused, d).what()) ==
               "whiteboard.get_room: GET https://api.example/v5/rooms/r-1: " + refused.message() +
                   " [host api.example, port 443]");
    // Input rejected: the operation and the problems.
    coverkit::error_details input;
    input.operation = "whiteboard.screenshots";
    input.message = "width must be an integer in 1..8192, got 0; height must be an integer in "
                    "1..8192, got 0";
    BOOST_TEST(std::string(coverkit::api_error(error::invalid_size, input).what()) ==
               "whiteboard.screenshots: " + coverkit::error_code(error::invalid_size).message() +
                   ": " + input.message);
}

BOOST_AUTO_TEST_SUITE_END()
