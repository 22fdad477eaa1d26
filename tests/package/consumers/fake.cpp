// A user's test program: a screenshot through the fake server in process, from the installed
// package's fake_server component.
#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <iostream>

int main()
{
    namespace wb = coverkit::whiteboard;
    coverkit::fake::server fake(coverkit::fake::demo_fixture());
    boost::asio::io_context ioc;
    wb::token_generator tokens("demo-ak", "demo-sk");
    wb::client client(
        fake.transport(ioc.get_executor()),
        {.base_url = "http://fake.invalid", .token = tokens.sdk_token(wb::token_role::writer)});
    coverkit::image const img =
        client.screenshot("0123456789abcdef0123456789abcdef", {64, 48, "/init"});
    coverkit::object_data const png = coverkit::download(client.transport(), img.url);
    bool const is_png = png.bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0;
    std::cout << "in process: " << img.url << ": " << png.content_type << ", " << png.bytes.size()
              << " bytes" << (is_png ? ", a PNG" : ", not a PNG") << '\n';
    return is_png && png.content_type == "image/png" ? 0 : 1;
}
