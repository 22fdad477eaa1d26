#include <coverkit/whiteboard/room.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

using coverkit::error;
using coverkit::whiteboard::create_room_request;
using coverkit::whiteboard::list_rooms_request;
using coverkit::whiteboard::room;
namespace json = boost::json;

namespace {

constexpr char const* wire = R"({"uuid":"0123456789abcdef0123456789abcdef","teamUUID":"2811",
    "appUUID":"app-1","isRecord":true,"isBan":false,"createdAt":"2023-11-14T22:13:20.000Z",
    "limit":20,"name":"physics"})";

} // namespace

BOOST_AUTO_TEST_SUITE(whiteboard_room)

BOOST_AUTO_TEST_CASE(reads_and_writes_the_wire_object)
{
    auto const jv = json::parse(wire);
    auto r = json::try_value_to<room>(jv);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->uuid == "0123456789abcdef0123456789abcdef");
    BOOST_TEST(r->team_uuid == "2811");
    BOOST_TEST(r->app_uuid == "app-1");
    BOOST_TEST(r->is_record);
    BOOST_TEST(!r->is_ban);
    BOOST_TEST(r->created_at == "2023-11-14T22:13:20.000Z");
    BOOST_TEST(r->limit == 20);
    BOOST_TEST((r->name == std::optional<std::string>("physics")));
    BOOST_TEST(json::value_from(*r) == jv);
}

BOOST_AUTO_TEST_CASE(name_is_optional)
{
    auto jv = json::parse(wire);
    jv.as_object().erase("name");
    auto r = json::try_value_to<room>(jv);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(!r->name.has_value());
    BOOST_TEST(json::value_from(*r) == jv); // and stays absent when written
}

BOOST_AUTO_TEST_CASE(a_missing_or_mistyped_member_is_malformed)
{
    for (auto [member, value] :
         {std::pair{"uuid", json::value(5)}, std::pair{"teamUUID", json::value(nullptr)},
          std::pair{"isBan", json::value("no")}, std::pair{"isRecord", json::value(1)},
          std::pair{"limit", json::value(-1)}, std::pair{"limit", json::value(1.5)},
          std::pair{"name", json::value(3)}, std::pair{"createdAt", json::value(0)}}) {
        auto jv = json::parse(wire);
        jv.as_object()[member] = value;
        auto r = json::try_value_to<room>(jv);
        BOOST_TEST(r.has_error(), member);
        BOOST_TEST((r.has_error() && r.error() == error::malformed_response), member);
        jv.as_object().erase(member);
        if (std::string_view(member) != "name")
            BOOST_TEST(json::try_value_to<room>(jv).has_error(), member << " absent");
    }
    BOOST_TEST(json::try_value_to<room>(json::value("room")).has_error());
}

BOOST_AUTO_TEST_CASE(create_room_bodies_carry_only_what_is_set)
{
    BOOST_TEST(json::value_from(create_room_request{}) == json::parse("{}"));
    BOOST_TEST(json::value_from(create_room_request{true, 10, "lesson"}) ==
               json::parse(R"({"isRecord":true,"limit":10,"name":"lesson"})"));
    std::string why;
    BOOST_TEST(!check(create_room_request{{}, 0, {}}, why));
    BOOST_TEST(check(create_room_request{{}, -1, {}}, why) == error::invalid_argument);
    BOOST_TEST(why.find("limit") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(list_limits_are_1_to_1000)
{
    std::string why;
    for (int ok : {1, 100, 1000})
        BOOST_TEST(!check(list_rooms_request{{}, ok}, why));
    BOOST_TEST(!check(list_rooms_request{}, why));
    for (int bad : {0, -5, 1001}) {
        BOOST_TEST(check(list_rooms_request{{}, bad}, why) == error::invalid_argument);
        BOOST_TEST(why.find(std::to_string(bad)) != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
