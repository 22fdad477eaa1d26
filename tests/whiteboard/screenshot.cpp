#include <coverkit/whiteboard/screenshot.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

using coverkit::error;
using coverkit::whiteboard::screenshot_request;

BOOST_AUTO_TEST_SUITE(whiteboard_screenshot)

BOOST_AUTO_TEST_CASE(sizes_in_range_pass)
{
    std::string why;
    for (auto [w, h] : {std::pair{1, 1}, std::pair{8192, 8192}, std::pair{640, 480}})
        BOOST_TEST(!check(screenshot_request{w, h, {}}, why));
    BOOST_TEST(why.empty());
}

BOOST_AUTO_TEST_CASE(sizes_out_of_range_fail_naming_the_field)
{
    std::string why;
    BOOST_TEST(check(screenshot_request{0, 480, {}}, why) == error::invalid_size);
    BOOST_TEST(why.find("width") != std::string::npos);
    BOOST_TEST(why.find('0') != std::string::npos);
    BOOST_TEST(check(screenshot_request{640, 8193, {}}, why) == error::invalid_size);
    BOOST_TEST(why.find("height") != std::string::npos);
    BOOST_TEST(check(screenshot_request{-1, 480, {}}, why) == error::invalid_size);
}

BOOST_AUTO_TEST_CASE(paths_are_checked)
{
    std::string why;
    BOOST_TEST(!check(screenshot_request{640, 480, "/a/b/"}, why));
    BOOST_TEST(check(screenshot_request{640, 480, "a/b"}, why) == error::invalid_scene_path);
    BOOST_TEST(why.find("a/b") != std::string::npos);
    BOOST_TEST(check(screenshot_request{640, 480, "/a//b"}, why) == error::invalid_scene_path);
}

BOOST_AUTO_TEST_CASE(serialises_the_wire_body)
{
    auto const with =
        boost::json::serialize(boost::json::value_from(screenshot_request{640, 480, "/test"}));
    BOOST_TEST(with == R"({"width":640,"height":480,"path":"/test"})");
    auto const without =
        boost::json::serialize(boost::json::value_from(screenshot_request{640, 480, {}}));
    BOOST_TEST(without == R"({"width":640,"height":480})");
}

BOOST_AUTO_TEST_SUITE_END()
