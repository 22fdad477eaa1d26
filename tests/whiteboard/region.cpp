#include <coverkit/whiteboard/region.hpp>

#include <boost/test/unit_test.hpp>

using coverkit::whiteboard::region;

BOOST_AUTO_TEST_SUITE(whiteboard_region)

BOOST_AUTO_TEST_CASE(every_region_round_trips)
{
    for (auto r : {region::cn_hz, region::us_sv, region::sg, region::in_mum, region::eu}) {
        auto back = coverkit::whiteboard::parse_region(to_string(r));
        BOOST_TEST_REQUIRE(back.has_value());
        BOOST_TEST((*back == r));
    }
    BOOST_TEST(to_string(region::cn_hz) == "cn-hz");
    BOOST_TEST(to_string(region::in_mum) == "in-mum");
}

BOOST_AUTO_TEST_CASE(gb_lon_is_eu)
{
    auto r = coverkit::whiteboard::parse_region("gb-lon");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST((*r == region::eu));
}

BOOST_AUTO_TEST_CASE(other_values_are_rejected)
{
    for (auto s : {"", "CN-HZ", "cn_hz", "mars", "eu "})
        BOOST_TEST(coverkit::whiteboard::parse_region(s).has_error(), s);
}

BOOST_AUTO_TEST_SUITE_END()
