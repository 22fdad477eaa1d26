#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <iostream>

int main()
{
    namespace wb = coverkit::whiteboard;
    // The fake service, in process: one app, one room holding /init.
    coverkit::fake::server fake(coverkit::fake::parse_fixture(boost::json::parse(R"({
        "apps":  [{"ak": "myAK", "sk": "mySK", "team": "2811"}],
        "rooms": [{"uuid": "faed3130727911ebaea37759ee91947c", "ak": "myAK"}]})")));

    boost::asio::io_context ioc;
    wb::token_generator tokens("myAK", "mySK"); // signs SDK/ROOM/TASK tokens locally
    wb::client client(fake.transport(ioc.get_executor()),
                      {.base_url = "http://fake.invalid", // any host reaches the fake
                       .token = tokens.sdk_token(wb::token_role::writer)});

    coverkit::image cover = client.screenshot("faed3130727911ebaea37759ee91947c",
                                              {.width = 640, .height = 480, .path = "/init"});
    std::cout << cover.key << " -> " << cover.url << '\n';

    // The picture itself, through the same transport: a 640 x 480 PNG.
    coverkit::object_data png = coverkit::download(client.transport(), cover.url);
    std::cout << png.content_type << ", " << png.bytes.size() << " bytes\n";

    coverkit::error_code ec;
    coverkit::error_details why;
    client.screenshot("faed3130727911ebaea37759ee91947c", {640, 480, "/nowhere"}, ec, why);
    std::cout << ec.message() << ": HTTP " << why.status << ' ' << why.message << '\n';
}
