// Transports the contract suite runs over. Each environment owns a fake server started from
// tests/data/contract.json and hands out a transport reaching it; the suite's cases are written
// once with BOOST_AUTO_TEST_CASE_TEMPLATE over `contract_environments`.
#ifndef COVERKIT_TESTS_SUPPORT_ENVIRONMENT_HPP
#define COVERKIT_TESTS_SUPPORT_ENVIRONMENT_HPP

#include <coverkit/fake/listener.hpp>
#include <coverkit/fake/server.hpp>
#include <coverkit/transport/http.hpp>
#include <coverkit/transport/in_process.hpp>
#include <coverkit/whiteboard/token.hpp>

#include "support/pki.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>

namespace coverkit::test {

/** Settings of the contract suites' fakes. When the environment variable
    COVERKIT_RECORD_REQUESTS names a file, every request a fake records in its journal is also
    appended to it, one JSON object a line as `GET /_fake/requests` lists it (`fake::to_json`),
    secrets masked: CTest's `docs_openapi_client_requests` replays them through a
    validating proxy to show that the client sends only requests docs/openapi.yaml allows. */
fake::server_options contract_server_options();

/// The room most contract cases use, in region cn-hz, app myAK (team 2811).
inline constexpr char const* main_room = "faed3130727911ebaea37759ee91947c";

/// The contract fixture, read from the test data folder.
inline fake::fixture contract_fixture()
{
    return fake::load_fixture(COVERKIT_TEST_DATA_DIR "/contract.json");
}

/// Tokens for the contract fixture's apps, fixed nonce, the fake's clock.
inline whiteboard::token_generator tokens(fake::server const& fake, std::string ak = "myAK",
                                          std::string sk = "mySK")
{
    return whiteboard::token_generator(
        std::move(ak), std::move(sk), [] { return std::string("test-nonce"); },
        [fake] { return fake.now_ms(); });
}

/** Has `fake` answer one request in process: `method` on `target` with `body` (and a `token`
    header when not empty), `Host: fake.test:1234`. */
inline http_response call(fake::server const& fake, boost::beast::http::verb method,
                          std::string target, std::string body = {}, std::string token = {})
{
    http_request req{method, target, 11};
    req.set(boost::beast::http::field::host, "fake.test:1234");
    if (!token.empty())
        req.set("token", token);
    req.body() = std::move(body);
    req.prepare_payload();
    return fake.handle(req);
}

/// The fake answering in the same process, through `in_process_transport`.
struct in_process_env
{
    static constexpr char const* name = "in-process";

    boost::asio::io_context ioc;
    fake::server fake{contract_fixture(), contract_server_options()};

    in_process_transport transport() { return fake.transport(ioc.get_executor()); }
    std::string base_url() const { return "http://fake.test"; }
};

/// The certificates of this test run: a CA and a server certificate for 127.0.0.1 and localhost.
inline test_pki const& run_pki()
{
    static test_pki const pki = make_test_pki();
    return pki;
}

/// A TLS server context holding `run_pki()`'s server certificate.
inline std::shared_ptr<boost::asio::ssl::context> run_server_tls()
{
    static auto const ctx =
        fake::make_tls_context(run_pki().server_cert_pem, run_pki().server_key_pem);
    return ctx;
}

/** A `fake::listener` on 127.0.0.1 with a free port, serving `fixture` on its own thread;
    HTTPS when given a TLS context. Stopped and joined on destruction. */
class listening_fake
{
public:
    explicit listening_fake(std::shared_ptr<boost::asio::ssl::context> tls = nullptr,
                            fake::fixture fixture = contract_fixture(),
                            fake::listener_options options = {},
                            fake::server_options server_options = contract_server_options())
    {
        options.tls = tls;
        bool const secure = tls != nullptr;
        listener_.emplace(
            ioc_, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
            [&](boost::asio::ip::tcp::endpoint const& bound) {
                server_options.public_base = fake::default_public_base(bound, secure);
                return fake::server(std::move(fixture), std::move(server_options));
            },
            options);
        base_url_ =
            (secure ? "https://" : "http://") + fake::url_authority(listener_->local_endpoint());
        listener_->start();
        thread_ = std::thread([this] { ioc_.run(); });
    }

    listening_fake(listening_fake const&) = delete;
    listening_fake& operator=(listening_fake const&) = delete;

    ~listening_fake()
    {
        listener_->stop(); // idle keep-alive connections close; run() then returns
        thread_.join();
    }

    /// The served fake; copies share its state.
    fake::server server() const { return listener_->server(); }

    /// `http://127.0.0.1:PORT` or `https://…`.
    std::string const& base_url() const { return base_url_; }

    unsigned short port() const { return listener_->local_endpoint().port(); }

private:
    boost::asio::io_context ioc_;
    std::optional<fake::listener> listener_;
    std::string base_url_;
    std::thread thread_;
};

/// Transport options trusting this run's CA, with short but safe timeouts for tests.
inline http_transport_options test_transport_options()
{
    http_transport_options o;
    o.tls.ca_pem = run_pki().ca_cert_pem;
    return o;
}

/// The fake on a loopback socket, reached through `http_transport` over plain HTTP.
struct loopback_http_env
{
    static constexpr char const* name = "loopback-http";

    boost::asio::io_context ioc;
    listening_fake server{};
    fake::server fake = server.server();
    http_transport client{ioc.get_executor(), test_transport_options()};

    http_transport transport() { return client; }
    std::string base_url() const { return server.base_url(); }
};

/// The fake on a loopback socket over HTTPS, its certificate issued by this run's CA.
struct loopback_https_env
{
    static constexpr char const* name = "loopback-https";

    boost::asio::io_context ioc;
    listening_fake server{run_server_tls()};
    fake::server fake = server.server();
    http_transport client{ioc.get_executor(), test_transport_options()};

    http_transport transport() { return client; }
    std::string base_url() const { return server.base_url(); }
};

/// Every environment the contract suite runs over.
using contract_environments = std::tuple<in_process_env, loopback_http_env, loopback_https_env>;

} // namespace coverkit::test

#endif
