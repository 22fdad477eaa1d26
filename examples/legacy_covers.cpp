#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <iostream>

int main()
{
    namespace wb = coverkit::whiteboard;
    std::string const room = "faed3130727911ebaea37759ee91947c";
    coverkit::fake::server fake(coverkit::fake::parse_fixture(boost::json::parse(R"({
        "apps":  [{"ak": "myAK", "sk": "mySK", "team": "2811"}],
        "rooms": [{"uuid": "faed3130727911ebaea37759ee91947c", "ak": "myAK",
                   "scenes": ["/deck/1", "/deck/2", "/deck/3", "/deck/notes/a"],
                   "current_scene": "/deck/2"}]})")));

    boost::asio::io_context ioc;
    wb::token_generator tokens("myAK", "mySK");
    // The legacy API takes a ROOM token (writer or admin) in the roomToken header.
    coverkit::legacy::client legacy(
        fake.transport(ioc.get_executor()),
        {.base_url = "http://fake.invalid",
         .room_token = tokens.room_token(room, wb::token_role::writer)});

    // Without a scene path: the room's current scene.
    std::cout << legacy.single_snapshot(room, {.width = 240, .height = 180}).key << '\n';

    // Every scene directly inside /deck, two per page; /deck/notes/a is in a sub-directory.
    auto pager =
        legacy.pager(room, {.width = 240, .height = 180, .scene_path = "/deck", .size = 2});
    for (coverkit::image const& cover : pager)
        std::cout << "  " << cover.key << '\n';
    std::cout << "pages read: " << pager.next_page_number() << '\n';
}
