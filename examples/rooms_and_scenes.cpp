#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <iostream>

int main()
{
    namespace wb = coverkit::whiteboard;
    using namespace std::chrono_literals;
    coverkit::fake::server fake(coverkit::fake::parse_fixture(boost::json::parse(R"({
        "apps": [{"ak": "myAK", "sk": "mySK", "team": "2811", "app": "app-1"}]})")));
    fake.set_clock(1'700'000'000'000); // the fake's clock: createdAt and token expiry

    boost::asio::io_context ioc;
    wb::client client(fake.transport(ioc.get_executor()), {.base_url = "http://fake.invalid"});

    // An SDK token from the service itself, valid for an hour.
    client.set_token(client.create_team_token("myAK", "mySK", wb::token_role::writer, 1h));

    wb::room room = client.create_room({.name = "physics"});
    std::cout << room.uuid.size() << "-digit uuid, created " << room.created_at << '\n';

    client.add_scenes(room.uuid, {"/lesson", {{"intro"}, {"forces"}}});
    client.add_scenes(room.uuid, {"/lesson/appendix", {{"tables"}}});
    std::cout << "now on " << client.switch_scene(room.uuid, "/lesson/forces") << '\n';
    for (std::string const& path : client.list_scenes(room.uuid, std::nullopt))
        std::cout << "  " << path << '\n';

    for (wb::room const& r : client.rooms()) // every room, page by page
        std::cout << "room \"" << r.name.value_or("") << "\"\n";
}
