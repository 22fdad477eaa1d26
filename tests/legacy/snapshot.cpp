#include <coverkit/legacy/snapshot.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

using coverkit::error;
using coverkit::legacy::single_snapshot_request;
using coverkit::legacy::snapshots_request;

BOOST_AUTO_TEST_SUITE(legacy_snapshot)

BOOST_AUTO_TEST_CASE(sizes_are_checked_as_for_screenshots)
{
    std::string why;
    BOOST_TEST(!check(single_snapshot_request{1, 8192, {}}, why));
    BOOST_TEST(check(single_snapshot_request{0, 480, {}}, why) == error::invalid_size);
    BOOST_TEST(why.find("width") != std::string::npos);
    BOOST_TEST(check(snapshots_request{640, 8193, "/", {}, {}}, why) == error::invalid_size);
    BOOST_TEST(why.find("height") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(scene_paths_are_checked)
{
    std::string why;
    BOOST_TEST(!check(single_snapshot_request{64, 48, "/a/b/"}, why));
    BOOST_TEST(check(single_snapshot_request{64, 48, "a"}, why) == error::invalid_scene_path);
    BOOST_TEST(!check(snapshots_request{64, 48, "/", {}, {}}, why));
    // the directory is required: an empty one is not a path
    BOOST_TEST(check(snapshots_request{64, 48, "", {}, {}}, why) == error::invalid_scene_path);
    BOOST_TEST(check(snapshots_request{64, 48, "/a//b", {}, {}}, why) == error::invalid_scene_path);
    BOOST_TEST(why.find("/a//b") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(page_and_size_below_one_are_invalid_arguments)
{
    std::string why;
    BOOST_TEST(!check(snapshots_request{64, 48, "/", 1, 1}, why));
    // above the maximum is the service's to clamp, not an error
    BOOST_TEST(!check(snapshots_request{64, 48, "/", 7, 50}, why));
    BOOST_TEST(check(snapshots_request{64, 48, "/", 0, {}}, why) == error::invalid_argument);
    BOOST_TEST(why.find("page") != std::string::npos);
    BOOST_TEST(check(snapshots_request{64, 48, "/", {}, -2}, why) == error::invalid_argument);
    BOOST_TEST(why.find("size") != std::string::npos);
    BOOST_TEST(why.find("-2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bodies_use_the_wire_names)
{
    using boost::json::parse;
    using boost::json::value_from;
    BOOST_TEST(value_from(single_snapshot_request{240, 180, {}}) ==
               parse(R"({"width":240,"height":180})"));
    BOOST_TEST(value_from(single_snapshot_request{240, 180, "/init"}) ==
               parse(R"({"width":240,"height":180,"scenePath":"/init"})"));
    BOOST_TEST(value_from(snapshots_request{400, 400, "/", {}, {}}) ==
               parse(R"({"width":400,"height":400,"scenePath":"/"})"));
    BOOST_TEST(value_from(snapshots_request{400, 400, "/", 1, 1}) ==
               parse(R"({"width":400,"height":400,"scenePath":"/","page":1,"size":1})"));
}

BOOST_AUTO_TEST_SUITE_END()
