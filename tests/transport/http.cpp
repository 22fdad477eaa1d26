#include <coverkit/transport/http.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/pki.hpp"
#include "support/print.hpp"
#include "support/raw_server.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

// The Beast HTTP/HTTPS transport on loopback: connection reuse, many exchanges in flight, TLS
// verification, timeouts and the failures a caller must be able to tell apart.

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using coverkit::error;
using coverkit::error_code;
using coverkit::http_request;
using coverkit::http_response;
using coverkit::http_transport;
using coverkit::http_transport_options;
using coverkit::test::listening_fake;
using coverkit::test::raw_connection;
using coverkit::test::raw_server;

namespace {

http_request get(std::string url)
{
    http_request req{http::verb::get, url, 11};
    req.prepare_payload();
    return req;
}

/// A route the fake does not have: a cheap 404 with a JSON body.
std::string missing(std::string const& base)
{
    return base + "/v5/no-such-route";
}

/// Options with short timeouts, trusting this run's CA.
http_transport_options quick(std::chrono::milliseconds bound = 2s)
{
    auto o = coverkit::test::test_transport_options();
    o.resolve_timeout = bound;
    o.connect_timeout = bound;
    o.handshake_timeout = bound;
    o.exchange_timeout = bound;
    return o;
}

/// A port nothing listens on: bound, then closed again.
unsigned short closed_port()
{
    raw_server s({}, false);
    return s.port();
}

/// An error enum as the code a caller compares with (and Boost.Test can print).
template <class E>
error_code code(E e)
{
    return make_error_code(e); // found by argument-dependent lookup
}

// Steps of a scripted server, one per accepted connection.

/// Answers one request with `body`.
raw_server::step answers(std::string body)
{
    return [body](raw_connection& c) {
        if (c.read_request())
            c.answer(body);
    };
}

/// Reads a request and closes without a byte back.
raw_server::step drops_the_request()
{
    return [](raw_connection& c) {
        if (c.read_request())
            c.close();
    };
}

/** Answers one request with `body`, then takes the next and closes without a byte back: the
    race a pooled connection loses when the server drops it just as a request leaves. */
raw_server::step answers_then_drops_the_next(std::string body)
{
    return [body](raw_connection& c) {
        if (!c.read_request())
            return;
        c.answer(body);
        if (c.read_request())
            c.close();
    };
}

struct async_result
{
    error_code ec;
    http_response res;
    bool done = false;
};

} // namespace

BOOST_AUTO_TEST_SUITE(transport_http)

// ---- exchanges and the pool ----

BOOST_AUTO_TEST_CASE(blocking_exchanges_reuse_one_connection)
{
    listening_fake server;
    asio::io_context ioc; // never run: the blocking form drives its own
    http_transport t{ioc.get_executor(), quick()};
    for (int i = 0; i < 3; ++i) {
        error_code ec;
        auto res = t.send(get(missing(server.base_url())), ec);
        BOOST_TEST_REQUIRE(!ec, ec.message());
        BOOST_TEST(res.result_int() == 404u);
        BOOST_TEST(res.body().find("message") != std::string::npos);
        BOOST_TEST(!res["x-request-id"].empty());
    }
    auto const s = t.stats();
    BOOST_TEST(s.connections_opened == 1u);
    BOOST_TEST(s.connections_reused == 2u);
    BOOST_TEST(s.retries == 0u);
    BOOST_TEST(t.idle_connections() == 1u);
    t.close_idle();
    BOOST_TEST(t.idle_connections() == 0u);
}

BOOST_AUTO_TEST_CASE(the_request_reaches_the_server_in_origin_form_with_host)
{
    std::string seen;
    raw_server server({[&](raw_connection& c) {
        if (c.read_request()) {
            seen = c.last_request();
            c.answer();
        }
    }});
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    http_request req{http::verb::post, server.base_url() + "/v5/a%20b?x=1&y=%2F", 11};
    req.body() = "{}";
    req.prepare_payload();
    auto res = t.send(std::move(req));
    BOOST_TEST(res.body() == "ok");
    BOOST_TEST(seen.starts_with("POST /v5/a%20b?x=1&y=%2F HTTP/1.1\r\n"));
    BOOST_TEST(seen.find("\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") !=
               std::string::npos);
    BOOST_TEST(seen.find("\r\nUser-Agent: coverkit/") != std::string::npos);
    BOOST_TEST(seen.ends_with("\r\n\r\n{}"));
}

BOOST_AUTO_TEST_CASE(many_exchanges_in_flight_on_one_io_context)
{
    listening_fake server;
    asio::io_context ioc;
    auto options = quick(10s);
    options.max_idle_per_host = 16;
    http_transport t{ioc.get_executor(), options};

    std::vector<async_result> results(64);
    auto wave = [&] {
        for (auto& r : results) {
            r = {};
            t.async_send(get(missing(server.base_url())), [&r](error_code ec, http_response res) {
                r.ec = ec;
                r.res = std::move(res);
                r.done = true;
            });
        }
    };
    // Wave one: nothing pooled yet, so all 64 are in flight on 64 connections at once.
    wave();
    ioc.run();
    for (auto const& r : results) {
        BOOST_TEST_REQUIRE(r.done);
        BOOST_TEST(!r.ec, r.ec.message());
        BOOST_TEST(r.res.result_int() == 404u);
    }
    BOOST_TEST(t.stats().connections_opened == 64u);
    BOOST_TEST(t.idle_connections() == 16u); // the pool keeps at most 16 per origin

    // Wave two, with two threads running the io_context: 16 pooled, 48 new.
    wave();
    ioc.restart();
    std::thread second([&] { ioc.run(); });
    ioc.run();
    second.join();
    for (auto const& r : results) {
        BOOST_TEST_REQUIRE(r.done);
        BOOST_TEST(!r.ec, r.ec.message());
        BOOST_TEST(r.res.result_int() == 404u);
    }
    BOOST_TEST(t.stats().connections_reused == 16u);
    BOOST_TEST(t.stats().connections_opened == 64u + 48u);
}

BOOST_AUTO_TEST_CASE(asynchronous_completion_is_never_inline_and_honours_the_handler_executor)
{
    listening_fake server;
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    auto strand = asio::make_strand(ioc);
    bool returned = false;
    bool on_strand = false;
    bool inline_completion = true;
    unsigned status = 0;
    t.async_send(get(missing(server.base_url())),
                 asio::bind_executor(strand, [&](error_code ec, http_response res) {
                     inline_completion = !returned;
                     on_strand = strand.running_in_this_thread();
                     if (!ec)
                         status = res.result_int();
                 }));
    returned = true;
    ioc.run();
    BOOST_TEST(!inline_completion);
    BOOST_TEST(on_strand);
    BOOST_TEST(status == 404u);

    // Even a request refused before any I/O completes through the executor.
    returned = false;
    std::optional<error_code> refused;
    t.async_send(get("ftp://127.0.0.1/x"), [&](error_code ec, http_response) {
        inline_completion = !returned;
        refused = ec;
    });
    returned = true;
    ioc.restart();
    ioc.run();
    BOOST_TEST(!inline_completion);
    BOOST_TEST_REQUIRE(refused.has_value());
    BOOST_TEST(*refused == error::invalid_argument);
}

BOOST_AUTO_TEST_CASE(use_future_works_with_a_running_io_context)
{
    listening_fake server;
    asio::io_context ioc;
    auto guard = asio::make_work_guard(ioc);
    std::thread runner([&] { ioc.run(); });
    {
        http_transport t{ioc.get_executor(), quick()};
        auto f = t.async_send(get(missing(server.base_url())), asio::use_future);
        BOOST_TEST(f.get().result_int() == 404u);
        t.close_idle();
    }
    guard.reset();
    runner.join();
}

BOOST_AUTO_TEST_CASE(targets_that_name_no_origin_are_invalid_arguments)
{
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    for (std::string target : {"ftp://127.0.0.1/x", "/v5/rooms", "http:///nohost", "not a url",
                               "http://127.0.0.1:70000/x"}) {
        error_code ec;
        t.send(get(target), ec);
        BOOST_TEST(ec == error::invalid_argument, target);
    }
    BOOST_CHECK_THROW(t.send(get("/relative")), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(pool_limits_turn_reuse_off)
{
    listening_fake server;
    asio::io_context ioc;
    auto no_pool = quick();
    no_pool.max_idle_per_host = 0;
    auto expired = quick();
    expired.idle_expiry = 0ms; // every idle connection has expired when next needed
    for (auto const& o : {no_pool, expired}) {
        http_transport t{ioc.get_executor(), o};
        for (int i = 0; i < 3; ++i)
            BOOST_TEST(t.send(get(missing(server.base_url()))).result_int() == 404u);
        BOOST_TEST(t.stats().connections_opened == 3u);
        BOOST_TEST(t.stats().connections_reused == 0u);
    }
}

BOOST_AUTO_TEST_CASE(a_response_over_the_body_limit_is_refused)
{
    raw_server server({answers(std::string(1000, 'x'))});
    asio::io_context ioc;
    auto o = quick();
    o.max_response_body = 999;
    http_transport t{ioc.get_executor(), o};
    error_code ec;
    t.send(get(server.base_url() + "/big"), ec);
    BOOST_TEST(ec == code(http::error::body_limit));
    BOOST_TEST(t.idle_connections() == 0u);
}

// ---- failures a caller must be able to tell apart ----

BOOST_AUTO_TEST_CASE(connection_refused)
{
    auto const port = closed_port();
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    auto const url = "http://127.0.0.1:" + std::to_string(port) + "/";
    error_code ec;
    t.send(get(url), ec);
    BOOST_TEST(ec == code(asio::error::connection_refused), ec.message());

    std::optional<error_code> async_ec;
    t.async_send(get(url), [&](error_code e, http_response) { async_ec = e; });
    ioc.run();
    BOOST_TEST_REQUIRE(async_ec.has_value());
    BOOST_TEST(*async_ec == code(asio::error::connection_refused), async_ec->message());
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_times_out_within_the_bound)
{
    raw_server silent({}, false); // connections complete in the backlog; nothing reads
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick(300ms)};
    for (auto const* scheme : {"http://", "https://"}) {
        // http: the exchange timeout; https: the handshake timeout.
        auto const url = scheme + std::string("127.0.0.1:") + std::to_string(silent.port()) + "/";
        auto const start = std::chrono::steady_clock::now();
        error_code ec;
        t.send(get(url), ec);
        auto const took = std::chrono::steady_clock::now() - start;
        BOOST_TEST(ec == code(beast::error::timeout), scheme << ": " << ec.message());
        BOOST_TEST(took >= 300ms);
        BOOST_TEST(took < 3s);

        std::optional<error_code> async_ec;
        t.async_send(get(url), [&](error_code e, http_response) { async_ec = e; });
        ioc.restart();
        ioc.run();
        BOOST_TEST_REQUIRE(async_ec.has_value());
        BOOST_TEST(*async_ec == code(beast::error::timeout), scheme << ": " << async_ec->message());
    }
    BOOST_TEST(t.idle_connections() == 0u); // a timed-out connection is never reused
}

BOOST_AUTO_TEST_CASE(a_server_that_closes_in_the_middle_of_a_response)
{
    raw_server server({[](raw_connection& c) {
        if (!c.read_request())
            return;
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
        c.close();
    }});
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    error_code ec;
    t.send(get(server.base_url() + "/"), ec);
    BOOST_TEST(ec == code(http::error::partial_message), ec.message());
    BOOST_TEST(t.stats().retries == 0u); // bytes of a response arrived: never resent
    BOOST_TEST(t.idle_connections() == 0u);
}

BOOST_AUTO_TEST_CASE(a_fresh_connection_closed_before_any_answer_is_not_retried)
{
    raw_server server({drops_the_request()});
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    error_code ec;
    t.send(get(server.base_url() + "/"), ec);
    BOOST_TEST(ec == code(http::error::end_of_stream), ec.message());
    BOOST_TEST(t.stats().retries == 0u);
    BOOST_TEST(server.accepted() == 1);
}

BOOST_AUTO_TEST_CASE(a_pooled_connection_the_server_closed_is_retried_transparently)
{
    raw_server server({answers_then_drops_the_next("one"), answers("two")});
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    BOOST_TEST(t.send(get(server.base_url() + "/1")).body() == "one");
    error_code ec;
    auto res = t.send(get(server.base_url() + "/2"), ec);
    BOOST_TEST_REQUIRE(!ec, ec.message());
    BOOST_TEST(res.body() == "two");
    BOOST_TEST(t.stats().retries == 1u);
    BOOST_TEST(t.stats().connections_opened == 2u);
    BOOST_TEST(server.accepted() == 2);
}

BOOST_AUTO_TEST_CASE(the_asynchronous_form_retries_a_stale_pooled_connection_too)
{
    raw_server server({answers_then_drops_the_next("one"), answers("two")});
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    std::vector<std::string> bodies;
    t.async_send(get(server.base_url() + "/1"), [&](error_code ec, http_response res) {
        BOOST_TEST(!ec);
        bodies.push_back(res.body());
        t.async_send(get(server.base_url() + "/2"), [&](error_code ec2, http_response res2) {
            BOOST_TEST(!ec2, ec2.message());
            bodies.push_back(res2.body());
        });
    });
    ioc.run();
    BOOST_TEST(bodies == (std::vector<std::string>{"one", "two"}),
               boost::test_tools::per_element());
    BOOST_TEST(t.stats().retries == 1u);
}

BOOST_AUTO_TEST_CASE(a_connection_closed_between_requests_is_replaced)
{
    // The server closes right after its answer; the client finds the connection closed in the
    // pool, or loses the race and retries: either way the caller sees only the answer.
    raw_server server({answers("one"), answers("two")}); // each step's end closes
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    BOOST_TEST(t.send(get(server.base_url() + "/1")).body() == "one");
    BOOST_TEST(t.send(get(server.base_url() + "/2")).body() == "two");
    BOOST_TEST(t.stats().connections_opened == 2u);
    BOOST_TEST(server.accepted() == 2);
}

BOOST_AUTO_TEST_CASE(a_retry_happens_once_only)
{
    raw_server server({answers_then_drops_the_next("one"), drops_the_request()});
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    BOOST_TEST(t.send(get(server.base_url() + "/1")).body() == "one");
    error_code ec;
    t.send(get(server.base_url() + "/2"), ec);
    BOOST_TEST(ec == code(http::error::end_of_stream), ec.message());
    BOOST_TEST(t.stats().retries == 1u);
    BOOST_TEST(server.accepted() == 2);
}

// ---- TLS ----

BOOST_AUTO_TEST_CASE(https_with_the_trusted_ca_blocking_and_asynchronous)
{
    listening_fake server{coverkit::test::run_server_tls()};
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    BOOST_TEST(server.base_url().starts_with("https://127.0.0.1:"));
    BOOST_TEST(t.send(get(missing(server.base_url()))).result_int() == 404u);
    BOOST_TEST(t.send(get(missing(server.base_url()))).result_int() == 404u);
    BOOST_TEST(t.stats().connections_opened == 1u);

    std::vector<async_result> results(8);
    for (auto& r : results)
        t.async_send(get(missing(server.base_url())), [&r](error_code ec, http_response res) {
            r.ec = ec;
            r.res = std::move(res);
            r.done = true;
        });
    ioc.run();
    for (auto const& r : results) {
        BOOST_TEST_REQUIRE(r.done);
        BOOST_TEST(!r.ec, r.ec.message());
        BOOST_TEST(r.res.result_int() == 404u);
    }
}

BOOST_AUTO_TEST_CASE(https_by_host_name_checks_the_name)
{
    listening_fake server{coverkit::test::run_server_tls()};
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    auto const url = "https://localhost:" + std::to_string(server.port());
    BOOST_TEST(t.send(get(missing(url))).result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(sni_names_the_host_and_is_left_out_for_ip_addresses)
{
    // The server's context records the name each ClientHello asks for (SNI).
    struct seen_names
    {
        std::mutex mutex;
        std::vector<std::string> names;
    } seen;
    auto const tls = coverkit::fake::make_tls_context(coverkit::test::run_pki().server_cert_pem,
                                                      coverkit::test::run_pki().server_key_pem);
    SSL_CTX_set_tlsext_servername_arg(tls->native_handle(), &seen);
    SSL_CTX_set_tlsext_servername_callback(
        tls->native_handle(), +[](SSL* ssl, int*, void* arg) {
            auto& s = *static_cast<seen_names*>(arg);
            char const* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
            std::lock_guard lock(s.mutex);
            s.names.push_back(name ? name : "(none)");
            return SSL_TLSEXT_ERR_OK;
        });
    listening_fake server{tls};
    asio::io_context ioc;
    auto o = quick();
    o.max_idle_per_host = 0; // a handshake per request
    http_transport t{ioc.get_executor(), o};
    auto const port = std::to_string(server.port());
    BOOST_TEST(t.send(get(missing("https://localhost:" + port))).result_int() == 404u);
    BOOST_TEST(t.send(get(missing("https://127.0.0.1:" + port))).result_int() == 404u);
    std::lock_guard lock(seen.mutex);
    BOOST_TEST(seen.names == (std::vector<std::string>{"localhost", "(none)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_certificate_from_an_unknown_ca_is_rejected)
{
    listening_fake server{coverkit::test::run_server_tls()};
    asio::io_context ioc;
    auto stranger = quick();
    stranger.tls.ca_pem = coverkit::test::make_test_pki().ca_cert_pem; // another CA
    auto system_store = quick();
    system_store.tls.ca_pem.clear(); // the system's CAs never signed the test CA
    for (auto const& o : {stranger, system_store}) {
        http_transport t{ioc.get_executor(), o};
        error_code ec;
        t.send(get(missing(server.base_url())), ec);
        BOOST_TEST(ec == error::certificate_untrusted, ec.message());
        BOOST_TEST(t.idle_connections() == 0u);
    }
}

BOOST_AUTO_TEST_CASE(a_certificate_for_another_host_is_rejected)
{
    auto const elsewhere = coverkit::test::make_test_pki({"other.example"}, {"127.0.0.2"});
    listening_fake server{
        coverkit::fake::make_tls_context(elsewhere.server_cert_pem, elsewhere.server_key_pem)};
    asio::io_context ioc;
    auto o = quick();
    o.tls.ca_pem = elsewhere.ca_cert_pem; // trusted CA, wrong names
    http_transport t{ioc.get_executor(), o};
    for (auto const* host : {"127.0.0.1", "localhost"}) {
        error_code ec;
        t.send(get(missing("https://" + std::string(host) + ":" + std::to_string(server.port()))),
               ec);
        BOOST_TEST(ec == error::certificate_name_mismatch, host << ": " << ec.message());
    }
}

BOOST_AUTO_TEST_CASE(verification_can_be_switched_off_explicitly)
{
    listening_fake server{coverkit::test::run_server_tls()};
    asio::io_context ioc;
    auto o = quick();
    o.tls.ca_pem.clear();
    o.tls.insecure_skip_verification = true;
    http_transport t{ioc.get_executor(), o};
    BOOST_TEST(t.send(get(missing(server.base_url()))).result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(a_ca_file_can_replace_the_system_store)
{
    coverkit::test::temp_dir dir;
    auto const ca = dir.write("ca.pem", coverkit::test::run_pki().ca_cert_pem);
    listening_fake server{coverkit::test::run_server_tls()};
    asio::io_context ioc;
    auto o = quick();
    o.tls.ca_pem.clear();
    o.tls.ca_file = ca.string();
    http_transport t{ioc.get_executor(), o};
    BOOST_TEST(t.send(get(missing(server.base_url()))).result_int() == 404u);

    o.tls.ca_file = (dir.path() / "absent.pem").string();
    BOOST_CHECK_THROW((http_transport{ioc.get_executor(), o}), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(tls_to_a_plain_server_fails_cleanly)
{
    listening_fake server; // plain HTTP
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick()};
    auto url = server.base_url();
    url.replace(0, 4, "https");
    error_code ec;
    t.send(get(missing(url)), ec);
    BOOST_TEST(ec.failed());
    BOOST_TEST(ec != code(beast::error::timeout)); // refused at once, not after the bound
    BOOST_TEST(t.idle_connections() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
