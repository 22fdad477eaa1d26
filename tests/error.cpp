#include <coverkit/error.hpp>

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
    coverkit::error_details d{404, "m", "c", "r", "b"};
    d.clear();
    BOOST_TEST(d.status == 0u);
    BOOST_TEST((d.message + d.code + d.request_id + d.body).empty());
}

BOOST_AUTO_TEST_SUITE_END()
