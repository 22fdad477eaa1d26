#include "whiteboard/scene_tree.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using coverkit::fake::detail::scene;
using coverkit::fake::detail::scene_tree;
using kind = scene_tree::kind;
using paths = std::vector<std::string>;

namespace {

scene_tree worked_example()
{
    // The worked example of scene paths, in this insertion order.
    scene_tree t;
    BOOST_TEST(t.add("/physics/quantum-mechanics", {"first-chapter", {}}));
    BOOST_TEST(t.add("/physics", {"newtonian-mechanics", {}}));
    BOOST_TEST(t.add("/", {"english", {}}));
    return t;
}

} // namespace

BOOST_AUTO_TEST_SUITE(fake_scene_tree)

BOOST_AUTO_TEST_CASE(the_worked_example_lists_direct_children_only)
{
    auto t = worked_example();
    BOOST_TEST(t.children("/physics") == paths{"/physics/newtonian-mechanics"});
    BOOST_TEST(t.children("/") == paths{"/english"});
    BOOST_TEST(t.children("/physics/quantum-mechanics") ==
               paths{"/physics/quantum-mechanics/first-chapter"});
}

BOOST_AUTO_TEST_CASE(paths_are_a_scene_a_directory_or_nothing)
{
    auto t = worked_example();
    BOOST_TEST((t.lookup("/") == kind::directory));
    BOOST_TEST((t.lookup("/physics") == kind::directory));
    BOOST_TEST((t.lookup("/physics/newtonian-mechanics") == kind::scene));
    BOOST_TEST((t.lookup("/english") == kind::scene));
    BOOST_TEST((t.lookup("/chemistry") == kind::nothing));
    BOOST_TEST((t.lookup("/english/more") == kind::nothing));
    BOOST_TEST((t.lookup("/phys") == kind::nothing));
}

BOOST_AUTO_TEST_CASE(scenes_keep_insertion_order_and_replace_in_place)
{
    scene_tree t;
    for (auto n : {"c", "a", "b"})
        BOOST_TEST(t.add("/d", {n, {}}));
    BOOST_TEST(t.children("/d") == (paths{"/d/c", "/d/a", "/d/b"}));
    BOOST_TEST(t.add("/d", {"a", std::make_shared<coverkit::fake::ppt const>(
                                     coverkit::fake::ppt{"x.png", 10, 20})}));
    BOOST_TEST(t.children("/d") == (paths{"/d/c", "/d/a", "/d/b"}));
    auto const* a = t.find_scene("/d/a");
    BOOST_TEST_REQUIRE(a);
    BOOST_TEST_REQUIRE(a->ppt != nullptr);
    BOOST_TEST(a->ppt->src == "x.png");
}

BOOST_AUTO_TEST_CASE(depth_first_visits_scenes_then_directories_by_name)
{
    scene_tree t;
    BOOST_TEST(t.add("/z", {"1", {}}));
    BOOST_TEST(t.add("/", {"top", {}}));
    BOOST_TEST(t.add("/a/b", {"deep", {}}));
    BOOST_TEST(t.add("/a", {"mid", {}}));
    BOOST_TEST(t.all() == (paths{"/top", "/a/mid", "/a/b/deep", "/z/1"}));
}

BOOST_AUTO_TEST_CASE(a_path_cannot_become_both)
{
    scene_tree t;
    BOOST_TEST(t.add("/a", {"b", {}}));
    BOOST_TEST(!t.add("/a/b", {"c", {}}));   // /a/b is a scene: no directory there
    BOOST_TEST(!t.add("/", {"a", {}}));      // /a is a directory: no scene there
    BOOST_TEST(!t.add("/a/b/x", {"c", {}})); // a scene on the way
    BOOST_TEST(t.all() == paths{"/a/b"});    // refused adds changed nothing
}

BOOST_AUTO_TEST_CASE(a_directory_without_direct_scenes_lists_nothing)
{
    scene_tree t;
    BOOST_TEST(t.add("/only/deeper", {"leaf", {}}));
    BOOST_TEST((t.lookup("/only") == kind::directory));
    BOOST_TEST(t.children("/only").empty());
}

BOOST_AUTO_TEST_SUITE_END()
