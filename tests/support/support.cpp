// The test-support utilities themselves: generated certificates, child processes, nginx.
#include "support/process.hpp"

#include "support/pki.hpp"

#include "support/nginx.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/ssl.h>

#include "support/environment.hpp"

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <fstream>
#include <mutex>

#include <chrono>
#include <csignal>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using coverkit::test::child_process;
using coverkit::test::make_test_pki;
using coverkit::test::temp_dir;
using coverkit::test::test_pki;
using coverkit::test::detail::ossl_ptr;
using namespace std::chrono_literals;

namespace {

using response = http::response<http::string_body>;

ossl_ptr<X509> parse_cert(std::string const& pem)
{
    ossl_ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    BOOST_REQUIRE(bio);
    ossl_ptr<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    BOOST_REQUIRE_MESSAGE(cert, "not a PEM certificate");
    return cert;
}

ossl_ptr<EVP_PKEY> parse_key(std::string const& pem)
{
    ossl_ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    BOOST_REQUIRE(bio);
    ossl_ptr<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    BOOST_REQUIRE_MESSAGE(key, "not a PEM private key");
    return key;
}

/// X509_verify_cert for a TLS server certificate with `ca` the only trust anchor: X509_V_OK or
/// the verification error.
int verify(X509* leaf, X509* ca)
{
    ossl_ptr<X509_STORE> store(X509_STORE_new());
    BOOST_REQUIRE(store);
    BOOST_REQUIRE(X509_STORE_add_cert(store.get(), ca) == 1);
    ossl_ptr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    BOOST_REQUIRE(ctx);
    BOOST_REQUIRE(X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr) == 1);
    BOOST_REQUIRE(X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER) == 1);
    int const status =
        X509_verify_cert(ctx.get()) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return status;
}

/** The client's outcome of a TLS handshake on loopback between a server using `pki`'s
    certificate and a client trusting only `trusted_ca_pem` and verifying `host`. Both sides
    run on one io_context, for at most 10 s. */
error_code handshake(test_pki const& pki, std::string const& trusted_ca_pem,
                     std::string const& host)
{
    ssl::context server_ctx(ssl::context::tls_server);
    server_ctx.use_certificate_chain(asio::buffer(pki.server_cert_pem));
    server_ctx.use_private_key(asio::buffer(pki.server_key_pem), ssl::context::pem);
    ssl::context client_ctx(ssl::context::tls_client);
    client_ctx.add_certificate_authority(asio::buffer(trusted_ca_pem));
    client_ctx.set_verify_mode(ssl::verify_peer);

    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    ssl::stream<tcp::socket> server(ioc, server_ctx);
    ssl::stream<tcp::socket> client(ioc, client_ctx);
    client.set_verify_callback(ssl::host_name_verification(host));
    BOOST_REQUIRE(SSL_set_tlsext_host_name(client.native_handle(), host.c_str()) == 1);

    std::optional<error_code> server_ec;
    std::optional<error_code> client_ec;
    auto done = [&] {
        if (server_ec && client_ec)
            ioc.stop();
    };
    acceptor.async_accept(server.next_layer(), [&](error_code ec) {
        if (ec) {
            server_ec = ec;
            return done();
        }
        server.async_handshake(ssl::stream_base::server, [&](error_code ec) {
            server_ec = ec;
            done();
        });
    });
    client.next_layer().async_connect(acceptor.local_endpoint(), [&](error_code ec) {
        if (ec) {
            client_ec = ec;
            return done();
        }
        client.async_handshake(ssl::stream_base::client, [&](error_code ec) {
            client_ec = ec;
            if (ec) // the server waits for the next record otherwise
                client.next_layer().close();
            done();
        });
    });
    ioc.run_for(10s);
    BOOST_REQUIRE_MESSAGE(client_ec && server_ec, "the TLS handshake did not finish in 10 s");
    if (!*client_ec)
        BOOST_TEST(!*server_ec, "server: " << server_ec->message());
    return *client_ec;
}

bool is_verify_failure(error_code ec)
{
    return ec.category() == asio::error::get_ssl_category() &&
           ERR_GET_REASON(static_cast<unsigned long>(ec.value())) ==
               SSL_R_CERTIFICATE_VERIFY_FAILED;
}

/** Runs `op` on `ioc` until it completes, for at most 10 s, and returns its result. */
template <class T>
T run_bounded(asio::io_context& ioc, asio::awaitable<T> op)
{
    std::optional<T> result;
    std::exception_ptr error;
    bool finished = false;
    asio::co_spawn(ioc, std::move(op), [&](std::exception_ptr e, T value) {
        finished = true;
        error = e;
        if (!e)
            result = std::move(value);
        ioc.stop();
    });
    ioc.restart();
    ioc.run_for(10s);
    BOOST_REQUIRE_MESSAGE(finished, "the exchange did not finish in 10 s");
    if (error)
        std::rethrow_exception(error);
    return std::move(*result);
}

/// `GET target` on an open connection to `host`.
template <class Stream>
asio::awaitable<response> get(Stream& stream, beast::flat_buffer& buffer, std::string target,
                              std::string host)
{
    http::request<http::empty_body> req(http::verb::get, target, 11);
    req.set(http::field::host, host);
    co_await http::async_write(stream, req, asio::use_awaitable);
    response res;
    co_await http::async_read(stream, buffer, res, asio::use_awaitable);
    co_return res;
}

/// `GET target` `count` times over one HTTPS connection to 127.0.0.1:`port`, verifying the
/// server's certificate against `ctx`'s CAs for the IP address 127.0.0.1.
asio::awaitable<std::vector<response>> https_get(ssl::context& ctx, unsigned short port,
                                                 std::string target, int count)
{
    auto const ex = co_await asio::this_coro::executor;
    beast::ssl_stream<beast::tcp_stream> stream(ex, ctx);
    stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    tcp::endpoint const ep(asio::ip::make_address("127.0.0.1"), port);
    co_await beast::get_lowest_layer(stream).async_connect(ep, asio::use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
    std::string const host = "127.0.0.1:" + std::to_string(port);
    beast::flat_buffer buffer;
    std::vector<response> responses;
    for (int i = 0; i < count; ++i) {
        auto res = co_await get(stream, buffer, target, host);
        responses.push_back(std::move(res));
    }
    co_return responses;
}

/// `GET target` over plain HTTP to 127.0.0.1:`port`.
asio::awaitable<response> http_get(unsigned short port, std::string target)
{
    auto const ex = co_await asio::this_coro::executor;
    beast::tcp_stream stream(ex);
    tcp::endpoint const ep(asio::ip::make_address("127.0.0.1"), port);
    co_await stream.async_connect(ep, asio::use_awaitable);
    beast::flat_buffer buffer;
    auto res = co_await get(stream, buffer, target, "127.0.0.1:" + std::to_string(port));
    co_return res;
}

/** A plain HTTP/1.1 server on 127.0.0.1: `GET /ping` answers "pong", anything else 404; keeps
    connections alive. Runs on the io_context it is given, while that runs. */
class ping_server
{
public:
    explicit ping_server(asio::io_context& ioc)
        : acceptor_(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))
    {
        asio::co_spawn(ioc, accept_loop(), asio::detached);
    }

    std::string authority() const
    {
        return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
    }

    int connections = 0;
    int requests = 0;
    std::string last_host;

private:
    asio::awaitable<void> accept_loop()
    {
        for (;;) {
            error_code ec;
            tcp::socket socket =
                co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return;
            ++connections;
            asio::co_spawn(acceptor_.get_executor(), session(std::move(socket)), asio::detached);
        }
    }

    asio::awaitable<void> session(tcp::socket socket)
    {
        beast::flat_buffer buffer;
        for (;;) {
            error_code ec;
            http::request<http::string_body> req;
            co_await http::async_read(socket, buffer, req,
                                      asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return;
            ++requests;
            last_host = std::string(req[http::field::host]);
            bool const ping = req.method() == http::verb::get && req.target() == "/ping";
            response res(ping ? http::status::ok : http::status::not_found, req.version());
            res.set(http::field::content_type, "text/plain");
            res.body() = ping ? "pong" : "not found";
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !res.keep_alive())
                co_return;
        }
    }

    tcp::acceptor acceptor_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(test_support)

BOOST_AUTO_TEST_SUITE(certificates)

BOOST_AUTO_TEST_CASE(the_leaf_verifies_against_its_ca_only)
{
    auto const pki = make_test_pki();
    auto const stranger = make_test_pki();
    auto const ca = parse_cert(pki.ca_cert_pem);
    auto const leaf = parse_cert(pki.server_cert_pem);
    auto const other_ca = parse_cert(stranger.ca_cert_pem);

    BOOST_TEST(verify(leaf.get(), ca.get()) == X509_V_OK);
    int const foreign = verify(leaf.get(), other_ca.get());
    BOOST_TEST(foreign != X509_V_OK, "verified against a stranger CA");
    BOOST_TEST_MESSAGE("against a stranger CA: " << X509_verify_cert_error_string(foreign));
    // The stranger's own leaf does not verify against the first CA either.
    BOOST_TEST(verify(parse_cert(stranger.server_cert_pem).get(), ca.get()) != X509_V_OK);
}

BOOST_AUTO_TEST_CASE(the_ca_is_a_ca_and_the_leaf_is_not)
{
    auto const pki = make_test_pki();
    BOOST_TEST(X509_check_ca(parse_cert(pki.ca_cert_pem).get()) == 1);
    BOOST_TEST(X509_check_ca(parse_cert(pki.server_cert_pem).get()) == 0);
}

BOOST_AUTO_TEST_CASE(the_default_san_is_localhost_and_127_0_0_1)
{
    auto const leaf = parse_cert(make_test_pki().server_cert_pem);
    BOOST_TEST(X509_check_host(leaf.get(), "localhost", 0, 0, nullptr) == 1);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0) == 1);
    BOOST_TEST(X509_check_host(leaf.get(), "example.com", 0, 0, nullptr) != 1);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "127.0.0.2", 0) != 1);
}

BOOST_AUTO_TEST_CASE(the_san_holds_the_requested_names_and_addresses)
{
    auto const leaf =
        parse_cert(make_test_pki({"api.coverkit.test", "*.cdn.test"}, {"::1"}).server_cert_pem);
    BOOST_TEST(X509_check_host(leaf.get(), "api.coverkit.test", 0, 0, nullptr) == 1);
    BOOST_TEST(X509_check_host(leaf.get(), "img.cdn.test", 0, 0, nullptr) == 1);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "::1", 0) == 1);
    BOOST_TEST(X509_check_host(leaf.get(), "localhost", 0, 0, nullptr) != 1);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0) != 1);
}

BOOST_AUTO_TEST_CASE(the_key_is_pkcs8_p256_and_matches_the_leaf)
{
    auto const pki = make_test_pki();
    BOOST_TEST(pki.server_key_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    auto const key = parse_key(pki.server_key_pem);
    BOOST_TEST(EVP_PKEY_is_a(key.get(), "EC") == 1);
    char group[64] = {};
    std::size_t len = 0;
    BOOST_REQUIRE(EVP_PKEY_get_group_name(key.get(), group, sizeof group, &len) == 1);
    BOOST_TEST(std::string(group, len) == "prime256v1");
    BOOST_TEST(X509_check_private_key(parse_cert(pki.server_cert_pem).get(), key.get()) == 1);
}

BOOST_AUTO_TEST_CASE(a_bad_ip_address_throws_naming_the_call)
{
    BOOST_CHECK_EXCEPTION(make_test_pki({"localhost"}, {"not-an-address"}), std::runtime_error,
                          [](std::runtime_error const& e) {
                              return std::string(e.what()).find("a2i_IPADDRESS") !=
                                     std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(a_tls_handshake_succeeds_with_the_ca_trusted_and_the_host_verified)
{
    auto const pki = make_test_pki();
    auto const ec = handshake(pki, pki.ca_cert_pem, "localhost");
    BOOST_TEST(!ec, ec.message());
}

BOOST_AUTO_TEST_CASE(a_tls_handshake_fails_for_another_host_name)
{
    auto const pki = make_test_pki();
    auto const ec = handshake(pki, pki.ca_cert_pem, "other.test");
    BOOST_TEST(is_verify_failure(ec), ec.message());
}

BOOST_AUTO_TEST_CASE(a_tls_handshake_fails_when_another_ca_is_trusted)
{
    auto const pki = make_test_pki();
    auto const ec = handshake(pki, make_test_pki().ca_cert_pem, "localhost");
    BOOST_TEST(is_verify_failure(ec), ec.message());
}

BOOST_AUTO_TEST_CASE(a_temp_dir_holds_written_files_until_destroyed)
{
    std::filesystem::path dir;
    {
        temp_dir tmp;
        dir = tmp.path();
        BOOST_TEST(std::filesystem::is_directory(dir));
        auto const file = tmp.write("sub/a.txt", "content\n");
        BOOST_TEST(file == dir / "sub/a.txt");
        BOOST_TEST(coverkit::test::detail::file_contents(file) == "content\n");
    }
    BOOST_TEST(!std::filesystem::exists(dir));
}

BOOST_AUTO_TEST_SUITE_END() // certificates

BOOST_AUTO_TEST_SUITE(child_processes)

BOOST_AUTO_TEST_CASE(echo_prints_a_line_and_exits_with_0)
{
    child_process echo({"/bin/echo", "hello"});
    BOOST_TEST(echo.read_line(10s).value_or("<none>") == "hello");
    BOOST_TEST(!echo.read_line(10s).has_value()); // end of file
    BOOST_TEST(echo.wait_exit(10s).value_or(-1) == 0);
    BOOST_TEST(echo.wait_exit(0ms).value_or(-1) == 0); // the status is kept
}

BOOST_AUTO_TEST_CASE(the_exit_code_is_reported)
{
    child_process sh({"/bin/sh", "-c", "exit 3"});
    BOOST_TEST(sh.wait_exit(10s).value_or(-1) == 3);
}

BOOST_AUTO_TEST_CASE(a_child_killed_by_a_signal_reports_128_plus_the_signal)
{
    child_process sh({"/bin/sh", "-c", "kill -9 $$"});
    BOOST_TEST(sh.wait_exit(10s).value_or(-1) == 128 + SIGKILL);
}

BOOST_AUTO_TEST_CASE(waits_time_out_while_the_child_runs_and_signal_stops_it)
{
    child_process sleeper({"/bin/sleep", "60"});
    BOOST_TEST(!sleeper.wait_exit(20ms).has_value());
    BOOST_TEST(!sleeper.read_line(20ms).has_value());
    sleeper.signal(SIGTERM);
    BOOST_TEST(sleeper.wait_exit(10s).value_or(-1) == 128 + SIGTERM);
}

BOOST_AUTO_TEST_CASE(a_partial_line_waits_for_its_newline)
{
    // However the pipe splits the output, lines come out whole; the last has no newline.
    child_process sh({"/bin/sh", "-c", "printf 'one\\ntw'; printf 'o\\nlast'"});
    BOOST_TEST(sh.read_line(10s).value_or("<none>") == "one");
    BOOST_TEST(sh.read_line(10s).value_or("<none>") == "two");
    BOOST_TEST(sh.read_line(10s).value_or("<none>") == "last");
    BOOST_TEST(!sh.read_line(10s).has_value());
    BOOST_TEST(sh.wait_exit(10s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(stdin_is_dev_null_and_stderr_can_go_to_a_file)
{
    temp_dir tmp;
    auto const err = tmp.path() / "stderr.txt";
    child_process sh({"/bin/sh", "-c", "cat; echo to-stderr >&2; echo to-stdout"}, err);
    BOOST_TEST(sh.read_line(10s).value_or("<none>") == "to-stdout");
    BOOST_TEST(sh.wait_exit(10s).value_or(-1) == 0);
    BOOST_TEST(coverkit::test::detail::file_contents(err) == "to-stderr\n");
}

BOOST_AUTO_TEST_CASE(the_child_inherits_no_descriptor_beyond_the_standard_three)
{
    // A pipe without O_CLOEXEC, as Asio's sockets are: were its write end inherited, the read
    // end would not see the hang-up while the child runs.
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    coverkit::test::detail::unique_fd read_end(fds[0]);
    coverkit::test::detail::unique_fd write_end(fds[1]);
    child_process sleeper({"/bin/sleep", "60"});
    write_end.reset();
    pollfd p{read_end.get(), POLLIN, 0};
    BOOST_TEST(::poll(&p, 1, 0) == 1);
    BOOST_TEST((p.revents & POLLHUP) != 0);
}

BOOST_AUTO_TEST_CASE(the_destructor_stops_and_reaps_a_running_child)
{
    pid_t pid = 0;
    {
        child_process sleeper({"/bin/sleep", "60"});
        pid = sleeper.pid();
        BOOST_TEST(::kill(pid, 0) == 0);
    }
    // Reaped: the pid no longer names our child (it could name a new process only much later).
    BOOST_TEST(::kill(pid, 0) == -1);
}

BOOST_AUTO_TEST_CASE(stop_escalates_to_sigkill_after_the_grace_period)
{
    // The shell ignores SIGTERM; `exec` keeps the ignored disposition for `sleep`.
    child_process stubborn({"/bin/sh", "-c", "trap '' TERM; echo ready; exec /bin/sleep 60"});
    BOOST_REQUIRE(stubborn.read_line(10s).value_or("<none>") == "ready");
    BOOST_TEST(stubborn.stop(SIGTERM, 100ms) == 128 + SIGKILL);
}

BOOST_AUTO_TEST_CASE(exec_of_a_missing_file_throws_from_the_constructor)
{
    BOOST_CHECK_EXCEPTION(child_process({"/nonexistent/coverkit-no-such-program"}),
                          std::system_error,
                          [](std::system_error const& e) { return e.code().value() == ENOENT; });
    BOOST_CHECK_THROW(child_process({"bin/echo"}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END() // child_processes

BOOST_AUTO_TEST_SUITE(nginx_servers)

BOOST_AUTO_TEST_CASE(the_tls_proxy_forwards_to_the_upstream_over_keep_alive)
{
    asio::io_context ioc;
    ping_server upstream(ioc);
    auto const pki = make_test_pki();
    coverkit::test::nginx_tls_proxy proxy(upstream.authority(), pki.server_cert_pem,
                                          pki.server_key_pem);
    BOOST_TEST(proxy.base_url() == "https://127.0.0.1:" + std::to_string(proxy.port()));

    ssl::context ctx(ssl::context::tls_client);
    ctx.add_certificate_authority(asio::buffer(pki.ca_cert_pem));
    ctx.set_verify_mode(ssl::verify_peer);
    auto const responses = run_bounded(ioc, https_get(ctx, proxy.port(), "/ping", 2));

    BOOST_REQUIRE_EQUAL(responses.size(), 2u);
    for (auto const& res : responses) {
        BOOST_TEST(res.result_int() == 200);
        BOOST_TEST(res.body() == "pong");
    }
    BOOST_TEST(upstream.requests == 2);
    BOOST_TEST(upstream.connections == 1); // nginx kept its upstream connection alive
    BOOST_TEST(upstream.last_host == "127.0.0.1:" + std::to_string(proxy.port()));
}

BOOST_AUTO_TEST_CASE(the_tls_proxy_is_rejected_by_a_client_trusting_another_ca)
{
    asio::io_context ioc;
    ping_server upstream(ioc);
    auto const pki = make_test_pki();
    coverkit::test::nginx_tls_proxy proxy(upstream.authority(), pki.server_cert_pem,
                                          pki.server_key_pem);

    ssl::context ctx(ssl::context::tls_client);
    ctx.add_certificate_authority(asio::buffer(make_test_pki().ca_cert_pem));
    ctx.set_verify_mode(ssl::verify_peer);
    BOOST_CHECK_EXCEPTION(
        run_bounded(ioc, https_get(ctx, proxy.port(), "/ping", 1)), boost::system::system_error,
        [](boost::system::system_error const& e) { return is_verify_failure(e.code()); });
    BOOST_TEST(upstream.requests == 0);
}

BOOST_AUTO_TEST_CASE(a_proxy_that_cannot_start_throws_with_nginx_s_log)
{
    auto const pki = make_test_pki();
    // A key that is not a key: nginx refuses the configuration and exits at once.
    BOOST_CHECK_EXCEPTION(
        coverkit::test::nginx_tls_proxy("127.0.0.1:9", pki.server_cert_pem, "not a key\n"),
        std::runtime_error, [](std::runtime_error const& e) {
            BOOST_TEST_MESSAGE("nginx failure: " << e.what());
            return std::string(e.what()).find("cannot load certificate key") != std::string::npos;
        });
    BOOST_CHECK_THROW(coverkit::test::nginx_tls_proxy("127.0.0.1:9; evil", pki.server_cert_pem,
                                                      pki.server_key_pem),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(nginx_moves_to_another_port_when_its_port_is_taken)
{
    asio::io_context ioc;
    tcp::acceptor squatter(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    auto const taken = squatter.local_endpoint().port();
    int picks = 0;
    auto pick = [&]() -> unsigned short {
        return ++picks == 1 ? taken : coverkit::test::detail::unused_loopback_port();
    };
    coverkit::test::detail::nginx_instance nginx;
    coverkit::test::detail::nginx_site site;
    site.server = "location / { return 204; }\n";
    nginx.start(site, pick); // nginx gives up on the taken port after its own 2.5 s of retries

    BOOST_TEST(picks == 2);
    BOOST_TEST(nginx.port() != taken);
    auto const res = run_bounded(ioc, http_get(nginx.port(), "/"));
    BOOST_TEST(res.result_int() == 204);
}

BOOST_AUTO_TEST_CASE(the_static_server_serves_its_body)
{
    std::string const body = R"({"hello":"world","n":[1,2,3]})";
    coverkit::test::nginx_static_server server(body, 1);
    BOOST_TEST(server.base_url() == "http://127.0.0.1:" + std::to_string(server.port()));
    asio::io_context ioc;
    auto const res = run_bounded(ioc, http_get(server.port(), server.target));
    BOOST_TEST(res.result_int() == 200);
    BOOST_TEST(res.body() == body);
    BOOST_TEST(res[http::field::content_type] == "application/json");
    auto const missing = run_bounded(ioc, http_get(server.port(), "/other"));
    BOOST_TEST(missing.result_int() == 404);
}

BOOST_AUTO_TEST_CASE(the_static_server_runs_with_several_workers)
{
    std::string const body = "[]";
    coverkit::test::nginx_static_server server(body, 2);
    asio::io_context ioc;
    auto const res = run_bounded(ioc, http_get(server.port(), server.target));
    BOOST_TEST(res.result_int() == 200);
    BOOST_TEST(res.body() == body);
}

BOOST_AUTO_TEST_SUITE_END() // nginx_servers

BOOST_AUTO_TEST_SUITE_END() // test_support

namespace coverkit::test {

fake::server_options contract_server_options()
{
    fake::server_options options;
    char const* file = std::getenv("COVERKIT_RECORD_REQUESTS");
    if (file == nullptr || *file == '\0')
        return options;
    options.on_record = [path = std::string(file)](fake::journal_entry const& e) {
        auto const line = boost::json::serialize(fake::to_json(e));
        // The first request of a run starts the file afresh.
        static std::mutex mutex;
        static bool started = false;
        std::lock_guard lock(mutex);
        std::ofstream(path, started ? std::ios::app : std::ios::trunc) << line << '\n';
        started = true;
    };
    return options;
}

} // namespace coverkit::test
