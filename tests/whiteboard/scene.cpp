#include <coverkit/whiteboard/scene.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

using coverkit::error;
using coverkit::whiteboard::add_scenes_request;
using coverkit::whiteboard::scene;
using coverkit::whiteboard::scene_ppt;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(whiteboard_scene)

BOOST_AUTO_TEST_CASE(bodies_use_the_wire_names)
{
    // A request kept in a variable names its scenes: a braced list would end with the
    // declaration.
    std::vector<scene> const scenes{scene{"cover", std::nullopt},
                                    scene{"p1", scene_ppt{"https://x/p1.png", 1280, 720}}};
    add_scenes_request const req{"/deck", scenes};
    BOOST_TEST(json::value_from(req) == json::parse(R"({"path":"/deck","scenes":[{"name":"cover"},
                   {"name":"p1","ppt":{"src":"https://x/p1.png","width":1280,"height":720}}]})"));
}

BOOST_AUTO_TEST_CASE(additions_are_checked)
{
    std::string why;
    BOOST_TEST(!check(add_scenes_request{"/", {scene{"a", std::nullopt}}}, why));
    // The scenes of each case are kept in a vector: a request views them.
    struct
    {
        char const* path;
        std::vector<scene> scenes;
        error expected;
        char const* named; // a word the explanation must hold
    } const cases[] = {
        {"deck", {scene{"a", std::nullopt}}, error::invalid_scene_path, "deck"},
        {"/deck", {}, error::invalid_argument, "at least one"},
        {"/deck", {scene{"", std::nullopt}}, error::invalid_argument, "name"},
        {"/deck",
         {scene{"a", std::nullopt}, scene{"b/c", std::nullopt}},
         error::invalid_argument,
         "b/c"},
        {"/deck", {scene{"a", scene_ppt{"", 1, 1}}}, error::invalid_argument, "ppt"},
        {"/deck", {scene{"a", scene_ppt{"s", 0, 1}}}, error::invalid_argument, "ppt"},
        {"/deck", {scene{"a", scene_ppt{"s", 1, -1}}}, error::invalid_argument, "ppt"},
    };
    for (auto const& c : cases) {
        BOOST_TEST(check(add_scenes_request{c.path, c.scenes}, why) == c.expected, c.named);
        BOOST_TEST(why.find(c.named) != std::string::npos, why);
    }
}

BOOST_AUTO_TEST_SUITE_END()
