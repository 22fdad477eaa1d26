#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace wb = coverkit::whiteboard;
using client_type = wb::client<coverkit::in_process_transport>;

constexpr char const* room = "faed3130727911ebaea37759ee91947c";

// Screenshots one scene and saves the picture; a failure is this scene's alone.
asio::awaitable<std::string> save(client_type& client, std::string scene, std::filesystem::path dir)
{
    try {
        auto img = co_await client.async_screenshot(
            room, {.width = 320, .height = 240, .path = scene}, asio::use_awaitable);
        auto file = dir / (scene.substr(scene.rfind('/') + 1) + ".png");
        co_await coverkit::async_download_to_file(client.transport(), img.url, file, {},
                                                  asio::use_awaitable);
        co_return "saved " + file.string();
    } catch (coverkit::api_error const& e) { // operation, URL, status, request id, message
        co_return "failed: HTTP " + std::to_string(e.details().status) + ' ' + e.details().message +
            " (" + e.details().operation + ')';
    }
}

// At most `width` scenes at a time: that many workers, each taking the next scene.
asio::awaitable<void> worker(client_type& client, std::vector<std::string> const& scenes,
                             std::vector<std::string>& outcomes, std::size_t& next,
                             std::filesystem::path dir)
{
    while (next < scenes.size()) {
        auto const i = next++;
        outcomes[i] = co_await save(client, scenes[i], dir);
    }
}

int main()
{
    coverkit::fake::server fake(coverkit::fake::parse_fixture(boost::json::parse(R"({
        "apps":  [{"ak": "myAK", "sk": "mySK", "team": "2811"}],
        "rooms": [{"uuid": "faed3130727911ebaea37759ee91947c", "ak": "myAK",
                   "scenes": ["/init", "/deck/1", "/deck/2", "/deck/3", "/deck/4", "/deck/5"]}]})")));
    asio::io_context ioc;
    wb::token_generator tokens("myAK", "mySK");
    client_type client(
        fake.transport(ioc.get_executor()),
        {.base_url = "http://fake.invalid", .token = tokens.sdk_token(wb::token_role::writer)});

    auto const dir = std::filesystem::temp_directory_path() / "coverkit-coroutines";
    std::filesystem::create_directories(dir);
    std::vector<std::string> const scenes{"/deck/1", "/deck/2", "/deck/missing",
                                          "/deck/3", "/deck/4", "/deck/5"};
    std::vector<std::string> outcomes(scenes.size());
    std::size_t next = 0;
    for (int i = 0; i < 3; ++i) // three scenes in flight at most
        asio::co_spawn(ioc, worker(client, scenes, outcomes, next, dir), asio::detached);
    ioc.run();
    for (std::size_t i = 0; i < scenes.size(); ++i)
        std::cout << scenes[i] << ": " << outcomes[i] << '\n';
}
