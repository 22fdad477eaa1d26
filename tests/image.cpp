#include <coverkit/image.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(image)

BOOST_AUTO_TEST_CASE(reads_the_wire_object)
{
    auto jv = json::parse(R"({"url":"https://b.example/k.png","key":"k.png","bucket":"b",
                              "region":"oss-cn-hangzhou","extra":1})");
    auto img = json::try_value_to<coverkit::image>(jv);
    BOOST_TEST_REQUIRE(img.has_value());
    BOOST_TEST(img->url == "https://b.example/k.png");
    BOOST_TEST(img->key == "k.png");
    BOOST_TEST(img->bucket == "b");
    BOOST_TEST(img->region == "oss-cn-hangzhou");
}

BOOST_AUTO_TEST_CASE(round_trips)
{
    coverkit::image const img{"u", "k", "b", "r"};
    auto back = json::try_value_to<coverkit::image>(json::value_from(img));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == img));
}

BOOST_AUTO_TEST_CASE(rejects_other_shapes)
{
    for (auto text : {R"([])", R"("x")", R"({"url":"u","key":"k","bucket":"b"})",
                      R"({"url":1,"key":"k","bucket":"b","region":"r"})"}) {
        auto img = json::try_value_to<coverkit::image>(json::parse(text));
        BOOST_TEST(img.has_error(), text);
        if (img.has_error())
            BOOST_TEST(img.error() == coverkit::error_code(coverkit::error::malformed_response));
    }
}

BOOST_AUTO_TEST_CASE(lists_convert_too)
{
    auto v = json::try_value_to<std::vector<coverkit::image>>(json::parse(
        R"([{"url":"1","key":"k1","bucket":"b","region":"r"},
            {"url":"2","key":"k2","bucket":"b","region":"r"}])"));
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(v->size() == 2u);
    BOOST_TEST((*v)[1].key == "k2");
}

BOOST_AUTO_TEST_SUITE_END()
