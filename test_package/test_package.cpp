// Conan's test of the coverkit package: the client alone, or a screenshot through the fake.
#include <coverkit.hpp>
#ifdef TEST_PACKAGE_FAKE_SERVER
#include <coverkit/fake/server.hpp>
#endif

#include <boost/asio/io_context.hpp>
#include <iostream>

int main()
{
    namespace wb = coverkit::whiteboard;
    boost::asio::io_context ioc;
    std::cout << "coverkit " << COVERKIT_VERSION_STRING << '\n';
    wb::token_generator tokens("demo-ak", "demo-sk");
    auto const token = tokens.sdk_token(wb::token_role::writer);
#ifdef TEST_PACKAGE_FAKE_SERVER
    coverkit::fake::server fake(coverkit::fake::demo_fixture());
    wb::client client(fake.transport(ioc.get_executor()),
                      {.base_url = "http://fake.invalid", .token = token});
    auto const img = client.screenshot("0123456789abcdef0123456789abcdef", {64, 48, "/init"});
    auto const png = coverkit::download(client.transport(), img.url);
    bool const ok = png.content_type == "image/png" && png.bytes.size() > 8 &&
                    png.bytes.compare(1, 3, "PNG") == 0;
    std::cout << img.url << ": " << png.content_type << ", " << png.bytes.size() << " bytes\n";
    return ok ? 0 : 1;
#else
    // The network transport is declared by the umbrella header; nothing is sent here.
    wb::client client(coverkit::http_transport(ioc.get_executor()), {.token = token});
    std::cout << "token " << token.substr(0, 11) << "...\n";
    return token.rfind("NETLESSSDK_", 0) == 0 ? 0 : 1;
#endif
}
