// A user's client program, built by every route a user can take coverkit by (find_package,
// pkg-config, add_subdirectory, FetchContent, vendored headers). It includes nothing but the
// umbrella header.
//
//   client                  signs a token and sets a client up over the network transport
//   client BASE_URL ROOM    also takes a 64 x 48 screenshot of ROOM's /init from the service at
//                           BASE_URL (app demo-ak / demo-sk) and downloads the picture
#include <coverkit.hpp>

#include <boost/asio/io_context.hpp>
#include <exception>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    namespace wb = coverkit::whiteboard;
    try {
        boost::asio::io_context ioc;
        wb::token_generator tokens("demo-ak", "demo-sk");
        std::string const token = tokens.sdk_token(wb::token_role::writer);
        std::string const base_url = argc > 1 ? argv[1] : "https://api.netless.link";
        wb::client client(coverkit::http_transport(ioc.get_executor()),
                          {.base_url = base_url, .token = token});
        std::cout << "coverkit " << COVERKIT_VERSION_STRING << ", " << coverkit::default_user_agent
                  << ", SDK token " << token.substr(0, token.find('_') + 1) << "...\n";
        if (argc < 3)
            return token.rfind("NETLESSSDK_", 0) == 0 ? 0 : 1;

        coverkit::image const img = client.screenshot(argv[2], {64, 48, "/init"});
        coverkit::object_data const png = coverkit::download(client.transport(), img.url);
        bool const is_png = png.bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0;
        std::cout << "screenshot " << img.key << ": " << png.content_type << ", "
                  << png.bytes.size() << " bytes" << (is_png ? ", a PNG" : ", not a PNG") << '\n';
        return is_png && png.content_type == "image/png" ? 0 : 1;
    } catch (std::exception const& e) {
        std::cerr << "client: " << e.what() << '\n';
        return 1;
    }
}
