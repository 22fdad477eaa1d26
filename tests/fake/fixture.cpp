#include <coverkit/fake/fixture.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using coverkit::fake::fixture_error;
using coverkit::fake::parse_fixture;

namespace {

// The error message of parsing `text`, or "" when it parses.
std::string problem(char const* text)
{
    try {
        parse_fixture(boost::json::parse(text));
        return "";
    } catch (fixture_error const& e) {
        return e.what();
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(fake_fixture)

BOOST_AUTO_TEST_CASE(the_spec_example_reads)
{
    auto f = parse_fixture(boost::json::parse(R"({
      "apps": [{"ak": "myAK", "sk": "mySK", "team": "2811", "app": "app-1", "screenshot_service": true}],
      "storage": {"bucket": "white-cover", "region": "oss-cn-hangzhou"},
      "rooms": [{
        "uuid": "faed3130727911ebaea37759ee91947c", "ak": "myAK", "region": "cn-hz",
        "scenes": ["/init", "/physics/newtonian-mechanics",
                   {"path": "/deck/page1", "ppt": {"src": "img/page1.png", "width": 1280, "height": 720}}],
        "current_scene": "/init"
      }],
      "smh": {"libraries": []}
    })"),
                           "/fixtures");
    BOOST_TEST_REQUIRE(f.apps.size() == 1u);
    BOOST_TEST(f.apps[0].team == "2811");
    BOOST_TEST(f.apps[0].screenshot_service);
    BOOST_TEST(f.storage.bucket == "white-cover");
    BOOST_TEST_REQUIRE(f.rooms.size() == 1u);
    BOOST_TEST_REQUIRE(f.rooms[0].scenes.size() == 3u);
    BOOST_TEST(f.rooms[0].scenes[1].path == "/physics/newtonian-mechanics");
    BOOST_TEST_REQUIRE(f.rooms[0].scenes[2].ppt.has_value());
    BOOST_TEST(f.rooms[0].scenes[2].ppt->width == 1280);
    BOOST_TEST(f.rooms[0].current_scene == "/init");
    BOOST_TEST(f.smh_libraries.empty());
    BOOST_TEST(f.base_dir == "/fixtures");
}

BOOST_AUTO_TEST_CASE(defaults_fill_what_is_left_out)
{
    auto f = parse_fixture(
        boost::json::parse(R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a"}]})"));
    BOOST_TEST(f.apps[0].screenshot_service);
    BOOST_TEST(f.storage.bucket == "white-cover");
    BOOST_TEST(f.storage.region == "oss-cn-hangzhou");
    BOOST_TEST(f.rooms[0].region == "cn-hz");
    BOOST_TEST_REQUIRE(f.rooms[0].scenes.size() == 1u);
    BOOST_TEST(f.rooms[0].scenes[0].path == "/init");
    BOOST_TEST(f.rooms[0].current_scene == "/init");
}

BOOST_AUTO_TEST_CASE(gb_lon_reads_as_eu_and_trailing_slashes_normalise)
{
    auto f = parse_fixture(boost::json::parse(
        R"({"apps":[{"ak":"a","sk":"s"}],
            "rooms":[{"uuid":"r","ak":"a","region":"gb-lon","scenes":["/x/"],"current_scene":"/x/"}]})"));
    BOOST_TEST(f.rooms[0].region == "eu");
    BOOST_TEST(f.rooms[0].scenes[0].path == "/x");
    BOOST_TEST(f.rooms[0].current_scene == "/x");
}

BOOST_AUTO_TEST_CASE(problems_are_named)
{
    struct
    {
        char const* text;
        char const* mentions;
    } const cases[] = {
        {R"([])", "must be an object"},
        {R"({})", "apps"},
        {R"({"apps":[{"ak":"a"}]})", "sk"},
        {R"({"apps":[{"ak":"a","sk":"s","colour":"blue"}]})", "apps[0]: unknown member \"colour\""},
        {R"({"apps":[{"ak":"a","sk":"s"}],"smh":{"libraries":[{"id":"l","secret":"s","spaces":[{"media":[{"name":"m","file":"f","face_boxes":[]}]}]}]}})",
         "smh.libraries[0].spaces[0].media[0]: unknown member \"face_boxes\""},
        {R"({"apps":[{"ak":"a","sk":"s"}],"smh":{"libraries":[{"id":"l","secret":"s","spaces":[{"albums":[{"name":"x"}]}]}]}})",
         "smh.libraries[0].spaces[0].albums: only an album library"},
        {R"({"apps":[{"ak":"a","sk":"s"},{"ak":"a","sk":"t"}]})", "duplicate"},
        {R"({"apps":[{"ak":"a","sk":"s","screenshot_service":"yes"}]})", "screenshot_service"},
        {R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"b"}]})", "rooms[0].ak"},
        {R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a","region":"mars"}]})",
         "mars"},
        {R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a","scenes":["x"]}]})",
         "rooms[0].scenes[0]"},
        {R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a","scenes":["/a","/a/b"]}]})",
         "also holds"},
        {R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a","scenes":["/a","/a/"]}]})",
         "duplicate"},
        {R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a","current_scene":"/b"}]})",
         "current_scene"},
        {R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a"},{"uuid":"r","ak":"a"}]})",
         "duplicate room"},
        {R"({"apps":[{"ak":"a","sk":"s"}],"rooms":[{"uuid":"r","ak":"a","scenes":[{"path":"/p","ppt":{"src":"x","width":0,"height":1}}]}]})",
         "width"},
    };
    for (auto const& c : cases) {
        auto const p = problem(c.text);
        BOOST_TEST(p.find(c.mentions) != std::string::npos, c.text << " → " << p);
        BOOST_TEST(p.find('\n') == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(files_load_with_their_folder_as_base)
{
    auto const dir = std::filesystem::temp_directory_path() / "coverkit-fixture-test";
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "f.json") << R"({"apps":[{"ak":"a","sk":"s"}]})";
        std::ofstream(dir / "bad.json") << R"({"apps":)";
    }
    auto f = coverkit::fake::load_fixture(dir / "f.json");
    BOOST_TEST(f.base_dir == dir);
    BOOST_CHECK_THROW(coverkit::fake::load_fixture(dir / "bad.json"), fixture_error);
    BOOST_CHECK_THROW(coverkit::fake::load_fixture(dir / "missing.json"), fixture_error);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(the_demo_fixture_has_the_documented_credentials)
{
    auto f = coverkit::fake::demo_fixture();
    BOOST_TEST_REQUIRE(!f.apps.empty());
    BOOST_TEST(f.apps[0].ak == "demo-ak");
    BOOST_TEST(f.apps[0].sk == "demo-sk");
    BOOST_TEST(f.apps[0].team == "demo");
    BOOST_TEST(!f.rooms.empty());
}

BOOST_AUTO_TEST_SUITE_END()
