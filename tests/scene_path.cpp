#include <coverkit/scene_path.hpp>

#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <string>

BOOST_AUTO_TEST_SUITE(scene_path)

BOOST_AUTO_TEST_CASE(valid_paths_normalise)
{
    struct
    {
        char const* in;
        char const* out;
    } const cases[] = {{"/", "/"},           {"/init", "/init"},    {"/init/", "/init"},
                       {"/a/b/c", "/a/b/c"}, {"/a/b/c/", "/a/b/c"}, {"/中文/页", "/中文/页"},
                       {"/a b/c", "/a b/c"}};
    for (auto const& c : cases) {
        auto r = coverkit::normalize_scene_path(c.in);
        BOOST_TEST_REQUIRE(r.has_value(), c.in);
        BOOST_TEST(*r == c.out);
    }
}

BOOST_AUTO_TEST_CASE(invalid_paths_are_rejected)
{
    for (auto p : {"", "init", "a/b", "//", "/a//b", "/a//", "///", "//a", " /a"}) {
        auto r = coverkit::normalize_scene_path(p);
        BOOST_TEST(r.has_error(), '"' << p << '"');
        if (r.has_error())
            BOOST_TEST(r.error() == coverkit::error_code(coverkit::error::invalid_scene_path));
    }
}

BOOST_AUTO_TEST_CASE(directory_and_name)
{
    BOOST_TEST(coverkit::scene_directory("/a/b/c") == "/a/b");
    BOOST_TEST(coverkit::scene_directory("/init") == "/");
    BOOST_TEST(coverkit::scene_name("/a/b/c") == "c");
    BOOST_TEST(coverkit::scene_name("/init") == "init");
}

BOOST_AUTO_TEST_SUITE_END()
