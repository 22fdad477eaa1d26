#include <coverkit/transport/http.hpp>
#include <coverkit/whiteboard/client.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/nginx.hpp"
#include "support/print.hpp"
#include "support/process.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// One real TLS peer coverkit did not write: Debian's nginx, as a TLS reverse proxy in front of
// the standalone coverkit-fake-server. A smoke subset of the contract runs through it with the
// client's HTTPS transport: nginx terminates TLS, keeps its own upstream connections, and
// rewrites nothing the client relies on.

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace wb = coverkit::whiteboard;
using coverkit::error;
using coverkit::error_code;
using coverkit::http_transport;

namespace {

/** `coverkit-fake-server` on a free loopback port with the contract fixture, and nginx with
    this run's certificate in front of it. */
struct proxied_fake
{
    proxied_fake()
        : fake({COVERKIT_FAKE_SERVER_PATH, "--listen", "127.0.0.1:0", "--fixture",
                COVERKIT_TEST_DATA_DIR "/contract.json"})
    {
        auto const line = fake.read_line(10s);
        BOOST_TEST_REQUIRE(line.has_value(), "coverkit-fake-server printed no listening line");
        std::string const prefix = "listening on http://";
        BOOST_TEST_REQUIRE(line->starts_with(prefix), *line);
        fake_authority = line->substr(prefix.size());
        proxy.emplace(fake_authority, coverkit::test::run_pki().server_cert_pem,
                      coverkit::test::run_pki().server_key_pem);
    }

    coverkit::test::child_process fake;
    std::string fake_authority;
    std::optional<coverkit::test::nginx_tls_proxy> proxy;
};

/// The fake's clock is real time here: tokens from the fixture's app, valid for an hour.
wb::token_generator app_tokens()
{
    return wb::token_generator("myAK", "mySK");
}

} // namespace

BOOST_AUTO_TEST_SUITE(nginx_proxy)

BOOST_AUTO_TEST_CASE(screenshots_through_an_nginx_tls_proxy)
{
    proxied_fake p;
    auto const base = p.proxy->base_url();
    BOOST_TEST(base.starts_with("https://127.0.0.1:"));

    asio::io_context ioc;
    http_transport https{ioc.get_executor(), coverkit::test::test_transport_options()};
    auto const token = app_tokens().sdk_token(wb::token_role::writer);
    wb::client<http_transport> c{https, {base, token, wb::region::cn_hz}};

    // A scene, and the scenes of a directory.
    auto const img = c.screenshot(coverkit::test::main_room, {640, 480, "/init"});
    BOOST_TEST(img.key == "room_cover/2811/faed3130727911ebaea37759ee91947c/init.png");
    BOOST_TEST(img.bucket == "white-cover");
    // Without --public-base, image URLs name the fake's own listener.
    BOOST_TEST(img.url == "http://" + p.fake_authority + "/storage/white-cover/" + img.key);
    auto const list = c.screenshot_list(coverkit::test::main_room, {320, 240, "/"});
    BOOST_TEST(!list.empty());

    // Errors keep their status, message and request id through the proxy.
    wb::client<http_transport> bad{https, {base, "NETLESSSDK_bogus", wb::region::cn_hz}};
    error_code ec;
    coverkit::error_details d;
    bad.screenshot(coverkit::test::main_room, {640, 480, "/init"}, ec, d);
    BOOST_TEST(ec == error::unauthorized);
    BOOST_TEST(d.status == 401u);
    BOOST_TEST(d.message == "invalid format of token");
    BOOST_TEST(!d.request_id.empty());

    c.screenshot("0000000000000000000000000000none", {640, 480}, ec, d);
    BOOST_TEST(ec == error::not_found);

    // One TLS connection to nginx served every call.
    BOOST_TEST(https.stats().connections_opened == 1u);
    BOOST_TEST(https.stats().connections_reused == 3u);
}

BOOST_AUTO_TEST_CASE(asynchronous_calls_through_an_nginx_tls_proxy)
{
    proxied_fake p;
    asio::io_context ioc;
    http_transport https{ioc.get_executor(), coverkit::test::test_transport_options()};
    auto const token = app_tokens().sdk_token(wb::token_role::writer);
    wb::client<http_transport> c{https, {p.proxy->base_url(), token, wb::region::cn_hz}};

    std::vector<std::string> keys;
    int failures = 0;
    for (int i = 0; i < 16; ++i)
        c.async_screenshot(coverkit::test::main_room, {64 + i, 64, "/init"},
                           [&](error_code ec, coverkit::image img) {
                               if (ec)
                                   ++failures;
                               else
                                   keys.push_back(img.key);
                           });
    ioc.run();
    BOOST_TEST(failures == 0);
    BOOST_TEST(keys.size() == 16u);

    // The fake's journal, read through the proxy too, saw all 16.
    coverkit::http_request req{boost::beast::http::verb::get,
                               p.proxy->base_url() + "/_fake/requests", 11};
    auto const res = https.send(std::move(req));
    BOOST_TEST(res.result_int() == 200u);
    auto const journal = boost::json::parse(res.body());
    std::size_t screenshots = 0;
    for (auto const& e : journal.as_array())
        if (e.at("target").as_string().ends_with("/screenshots"))
            ++screenshots;
    BOOST_TEST(screenshots == 16u);
    BOOST_TEST(res.body().find(token) == std::string::npos); // no token values in the journal
}

BOOST_AUTO_TEST_CASE(the_proxy_certificate_is_verified)
{
    proxied_fake p;
    asio::io_context ioc;
    auto o = coverkit::test::test_transport_options();
    o.tls.ca_pem = coverkit::test::make_test_pki().ca_cert_pem; // not the CA of nginx's cert
    http_transport https{ioc.get_executor(), o};
    coverkit::http_request req{boost::beast::http::verb::get,
                               p.proxy->base_url() + "/_fake/requests", 11};
    error_code ec;
    https.send(std::move(req), ec);
    BOOST_TEST(ec == error::certificate_untrusted, ec.message());
}

BOOST_AUTO_TEST_SUITE_END()
