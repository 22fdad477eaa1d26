#include <coverkit/whiteboard/client.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"

#include <coverkit/legacy/pager.hpp>
#include <coverkit/transport/http.hpp>
#include <coverkit/whiteboard/room_pager.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

// A user's whole flow, written once: a team token from the service, a new room, nested scenes,
// a scene switch, `screenshot-list` of each directory and the legacy `snapshots` of the same
// directories agreeing with it. It runs over every contract environment, and against the real
// service when COVERKIT_TEST_AK, COVERKIT_TEST_SK and COVERKIT_TEST_REGION name an account.

using namespace std::chrono_literals;
namespace wb = coverkit::whiteboard;
namespace legacy = coverkit::legacy;
using wb::token_role;

namespace {

// Who the flow runs as, and where.
struct account
{
    std::string ak;
    std::string sk;
    std::optional<wb::region> region;
    std::string base_url;
    // The legacy cover API's base URL; the flow skips that part when there is none.
    std::optional<std::string> legacy_base_url;
};

std::vector<std::string> keys_of(std::vector<coverkit::image> const& images)
{
    std::vector<std::string> out;
    for (auto const& i : images)
        out.push_back(i.key);
    return out;
}

// The scene paths the keys of a room's pictures name (room_cover/{team}/{room}{path}.png).
std::vector<std::string> scenes_of(std::vector<coverkit::image> const& images,
                                   std::string const& room_uuid)
{
    std::vector<std::string> out;
    for (auto const& key : keys_of(images)) {
        auto const at = key.find("/" + room_uuid + "/");
        BOOST_TEST_REQUIRE(at != std::string::npos, key);
        BOOST_TEST_REQUIRE(key.ends_with(".png"), key);
        auto const from = at + 1 + room_uuid.size();
        out.push_back(key.substr(from, key.size() - from - 4));
    }
    return out;
}

template <class Transport>
void run_flow(Transport transport, account const& who, std::string const& room_name)
{
    using paths = std::vector<std::string>;
    wb::client<Transport> v5(transport, {who.base_url, "", who.region});

    auto const sdk = v5.create_team_token(who.ak, who.sk, token_role::admin, 1h);
    BOOST_TEST_REQUIRE(sdk.starts_with("NETLESSSDK_"));
    v5.set_token(sdk);

    auto const room = v5.create_room({false, 0, room_name});
    BOOST_TEST(room.uuid.size() == 32u);
    BOOST_TEST((room.name == std::optional<std::string>(room_name)));
    BOOST_TEST(!room.is_ban);
    BOOST_TEST((v5.room_info(room.uuid) == room));
    BOOST_TEST(v5.list_scenes(room.uuid, std::nullopt) == paths{"/init"},
               boost::test_tools::per_element());

    v5.add_scenes(room.uuid, {"/", {{"cover", std::nullopt}}});
    v5.add_scenes(room.uuid, {"/lesson",
                              {{"intro", std::nullopt},
                               {"p1", wb::scene_ppt{"https://example.com/p1.png", 1280, 720}},
                               {"p2", std::nullopt}}});
    v5.add_scenes(room.uuid, {"/lesson/extra", {{"x", std::nullopt}}});
    // Depth first: a directory's scenes, then its sub-directories by name.
    BOOST_TEST(v5.list_scenes(room.uuid, std::nullopt) ==
                   (paths{"/init", "/cover", "/lesson/intro", "/lesson/p1", "/lesson/p2",
                          "/lesson/extra/x"}),
               boost::test_tools::per_element());
    BOOST_TEST(v5.list_scenes(room.uuid, "/lesson") ==
                   (paths{"/lesson/intro", "/lesson/p1", "/lesson/p2"}),
               boost::test_tools::per_element());

    BOOST_TEST(v5.switch_scene(room.uuid, "/lesson/p1") == "/lesson/p1");
    // Without a path, screenshot-list takes the current scene's directory.
    BOOST_TEST(scenes_of(v5.screenshot_list(room.uuid, {64, 48, std::nullopt}), room.uuid) ==
                   (paths{"/lesson/intro", "/lesson/p1", "/lesson/p2"}),
               boost::test_tools::per_element());

    struct
    {
        char const* dir;
        paths scenes;
    } const dirs[] = {{"/", {"/init", "/cover"}},
                      {"/lesson", {"/lesson/intro", "/lesson/p1", "/lesson/p2"}},
                      {"/lesson/extra", {"/lesson/extra/x"}}};
    std::optional<legacy::client<Transport>> old;
    if (who.legacy_base_url)
        old.emplace(transport, legacy::client_options{
                                   *who.legacy_base_url,
                                   v5.create_room_token(room.uuid, token_role::writer, 1h)});
    else
        BOOST_TEST_MESSAGE("no legacy cover API base URL: its part of the flow is skipped");
    for (auto const& d : dirs) {
        BOOST_TEST_CONTEXT("directory " << d.dir)
        {
            auto const list = v5.screenshot_list(room.uuid, {64, 48, d.dir});
            BOOST_TEST(scenes_of(list, room.uuid) == d.scenes, boost::test_tools::per_element());
            if (!old)
                continue;
            // Pages of 2, so that "/lesson" takes two.
            std::vector<coverkit::image> covers;
            for (auto const& img : old->pager(room.uuid, {64, 48, d.dir, {}, 2}))
                covers.push_back(img);
            BOOST_TEST(keys_of(covers) == keys_of(list), boost::test_tools::per_element());
        }
    }

    bool listed = false;
    for (auto const& r : v5.rooms())
        listed = listed || r.uuid == room.uuid;
    BOOST_TEST(listed);
    BOOST_TEST(v5.set_room_ban(room.uuid, true).is_ban);
    BOOST_TEST(v5.room_info(room.uuid).is_ban);
}

char const* env(char const* name)
{
    char const* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

boost::test_tools::assertion_result real_service_configured(boost::unit_test::test_unit_id)
{
    boost::test_tools::assertion_result r(env("COVERKIT_TEST_AK") && env("COVERKIT_TEST_SK") &&
                                          env("COVERKIT_TEST_REGION"));
    if (!r)
        r.message() << "COVERKIT_TEST_AK, COVERKIT_TEST_SK and COVERKIT_TEST_REGION are not all "
                       "set; the real service is not contacted";
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(contract_flow)

BOOST_AUTO_TEST_CASE_TEMPLATE(a_users_whole_flow, Env, coverkit::test::contract_environments)
{
    Env env;
    run_flow(env.transport(), account{"myAK", "mySK", std::nullopt, env.base_url(), env.base_url()},
             "coverkit flow");
}

BOOST_AUTO_TEST_SUITE_END()

// A separate suite, so that CTest lists it on its own and reports it skipped without an account.
BOOST_AUTO_TEST_SUITE(contract_real_service)

BOOST_AUTO_TEST_CASE(a_users_whole_flow_against_the_real_service,
                     *boost::unit_test::precondition(real_service_configured))
{
    auto const region = wb::parse_region(env("COVERKIT_TEST_REGION"));
    BOOST_TEST_REQUIRE(region.has_value(), "COVERKIT_TEST_REGION is not a region");
    boost::asio::io_context ioc;
    coverkit::http_transport https(ioc.get_executor()); // the system's CA store
    auto const legacy_base = env("COVERKIT_TEST_LEGACY_BASE_URL");
    account const who{env("COVERKIT_TEST_AK"), env("COVERKIT_TEST_SK"), *region,
                      env("COVERKIT_TEST_BASE_URL") ? env("COVERKIT_TEST_BASE_URL")
                                                    : "https://api.netless.link",
                      legacy_base ? std::optional<std::string>(legacy_base) : std::nullopt};
    auto const stamp = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    run_flow(https, who, "coverkit contract " + std::to_string(stamp));
}

BOOST_AUTO_TEST_SUITE_END()
