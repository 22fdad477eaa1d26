#include <coverkit/transport/http.hpp>

#include <coverkit/detail/message_head.hpp>

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
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <sstream>
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

/// A scripted server's TLS context: this run's server certificate, which quick() trusts.
SSL_CTX* scripted_tls()
{
    return coverkit::test::run_server_tls()->native_handle();
}

/// One way of making exchanges: plain or TLS, blocking or asynchronous.
struct way
{
    bool tls;
    bool async;
};

std::ostream& operator<<(std::ostream& os, way const& w)
{
    return os << (w.tls ? "https" : "http") << (w.async ? ", asynchronous" : ", blocking");
}

constexpr way every_way[] = {{false, false}, {false, true}, {true, false}, {true, true}};

struct outcome
{
    error_code ec;
    http_response res;
};

/** One exchange the way `w` says, held to `opts`; the asynchronous form runs `ioc` until it
    completes. (Without options is the same as with default ones.) */
outcome exchange(http_transport& t, asio::io_context& ioc, http_request req, way w,
                 coverkit::exchange_options const& opts = {})
{
    outcome o;
    if (!w.async) {
        o.res = t.send(std::move(req), opts, o.ec);
        return o;
    }
    bool done = false;
    t.async_send(std::move(req), opts, [&](error_code ec, http_response res) {
        o.ec = ec;
        o.res = std::move(res);
        done = true;
    });
    ioc.restart();
    ioc.run();
    BOOST_TEST_REQUIRE(done);
    return o;
}

http_request with_body(http::verb method, std::string url, std::string body)
{
    http_request req{method, url, 11};
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
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

BOOST_AUTO_TEST_CASE(the_configured_user_agent_follows_the_application_id)
{
    // coverkit's API calls send no User-Agent of their own (transport_adapters checks it): a
    // request without one is what they hand over.
    std::string seen;
    raw_server server({[&](raw_connection& c) {
        if (c.read_request()) {
            seen = c.last_request();
            c.answer();
        }
    }});
    asio::io_context ioc;
    auto o = quick();
    o.user_agent = "photo-app/2";
    o.application_id = "billing";
    http_transport t{ioc.get_executor(), o};
    http_request req{http::verb::get, server.base_url() + "/v5/rooms/r", 11};
    auto res = t.send(std::move(req));
    BOOST_TEST(res.body() == "ok");
    BOOST_TEST(seen.find("\r\nUser-Agent: billing photo-app/2\r\n") != std::string::npos, seen);

    // What cannot travel in the header is refused when the transport is made.
    o.application_id = "has space";
    BOOST_CHECK_THROW(http_transport(ioc.get_executor(), o), boost::system::system_error);
    o.application_id = std::string(25, 'a');
    BOOST_CHECK_THROW(http_transport(ioc.get_executor(), o), boost::system::system_error);
    o.application_id = {};
    o.user_agent = "evil\r\nX-Injected: 1";
    BOOST_CHECK_THROW(http_transport(ioc.get_executor(), o), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(message_heads_are_what_beast_writes)
{
    auto beast_head = [](auto const& m) {
        std::ostringstream os;
        os << m.base();
        return os.str();
    };
    std::string head;
    http::response<http::string_body> res{http::status::created, 11};
    res.set(http::field::content_type, "application/json");
    res.set("x-request-id", "fake-00000001");
    res.set("X-Empty", "");
    res.body() = "{}";
    res.prepare_payload();
    coverkit::detail::write_message_head(res, head);
    BOOST_TEST(head == beast_head(res));
    BOOST_TEST(head.ends_with("Content-Length: 2\r\n\r\n"));
    res.result(599); // a status without a reason of its own
    coverkit::detail::write_message_head(res, head);
    BOOST_TEST(head == beast_head(res));
    res.reason("Slow Down");
    res.version(10);
    coverkit::detail::write_message_head(res, head);
    BOOST_TEST(head == beast_head(res));
    BOOST_TEST(head.starts_with("HTTP/1.0 599 Slow Down\r\n"));

    http::request<http::string_body> req{http::verb::post, "/v5/rooms/x?a=1", 11};
    req.set(http::field::host, "127.0.0.1:1");
    coverkit::detail::write_message_head(req, head);
    BOOST_TEST(head == beast_head(req));
    req.method_string("PURGE");
    coverkit::detail::write_message_head(req, head);
    BOOST_TEST(head == beast_head(req));
}

BOOST_AUTO_TEST_CASE(requests_go_out_byte_for_byte_as_beast_serialises_them)
{
    // The transport writes a request's head itself (above) and Beast's serializer only for
    // chunked requests. What the server reads is parsed back and serialised again by Beast:
    // the bytes must be the same, over plain TCP and TLS, blocking and asynchronous.
    auto beast_bytes = [](std::string const& wire) {
        http::request_parser<http::string_body> parser;
        parser.eager(true);
        parser.body_limit(wire.size());
        error_code ec;
        auto const used = parser.put(asio::buffer(wire), ec);
        BOOST_TEST_REQUIRE(!ec, ec.message());
        BOOST_TEST_REQUIRE(parser.is_done());
        BOOST_TEST(used == wire.size());
        std::ostringstream os;
        os << parser.get();
        return os.str();
    };
    for (auto const w : every_way) {
        BOOST_TEST_CONTEXT(w)
        {
            std::vector<std::string> seen;
            raw_server server({[&](raw_connection& c) {
                                  for (int i = 0; i < 2; ++i)
                                      if (c.read_request()) {
                                          seen.push_back(c.last_request());
                                          c.answer();
                                      }
                                  if (c.read_through("\r\n0\r\n\r\n")) {
                                      seen.push_back(c.last_request());
                                      c.answer();
                                  }
                                  if (c.read_request()) {
                                      seen.push_back(c.last_request());
                                      c.answer();
                                  }
                              }},
                              w.tls ? scripted_tls() : nullptr);
            asio::io_context ioc;
            http_transport t{ioc.get_executor(), quick()};
            auto post = with_body(http::verb::post, server.base_url() + "/v5/rooms/r/screenshots",
                                  R"({"width":640,"height":480,"path":"/init"})");
            post.set("token", "NETLESSSDK_abc");
            post.set(http::field::content_type, "application/json");
            post.set("X-Empty", "");
            BOOST_TEST(exchange(t, ioc, std::move(post), w).res.body() == "ok");
            // Bigger than a TLS record (16 KiB) and than one write of Asio's (64 KiB).
            auto big = with_body(http::verb::put, server.base_url() + "/a%20b?c=d",
                                 std::string(100'000, 'b'));
            BOOST_TEST(exchange(t, ioc, std::move(big), w).res.body() == "ok");
            http_request chunked{http::verb::put, server.base_url() + "/upload", 11};
            chunked.body() = "0123456789abcdef0123";
            chunked.chunked(true);
            BOOST_TEST(exchange(t, ioc, std::move(chunked), w).res.body() == "ok");
            // More than the kernel takes in one write (a socket's send buffer is at most
            // 4 MiB by default): over plain TCP the transport's first write, which never
            // waits, sends a part, and an asynchronous write the rest.
            std::string huge_body(8u << 20, 'h');
            for (std::size_t i = 0; i < huge_body.size(); i += 4096)
                huge_body[i] = static_cast<char>('0' + i / 4096 % 10); // a misplaced piece shows
            auto huge = with_body(http::verb::put, server.base_url() + "/huge", huge_body);
            BOOST_TEST(exchange(t, ioc, std::move(huge), w).res.body() == "ok");

            BOOST_TEST_REQUIRE(seen.size() == 4u);
            for (auto const& wire : seen)
                BOOST_TEST(wire == beast_bytes(wire));
            BOOST_TEST(seen[0].starts_with("POST /v5/rooms/r/screenshots HTTP/1.1\r\n"));
            BOOST_TEST(seen[0].find("\r\nX-Empty: \r\n") != std::string::npos);
            BOOST_TEST(
                seen[0].ends_with("\r\n\r\n{\"width\":640,\"height\":480,\"path\":\"/init\"}"));
            BOOST_TEST(seen[1].starts_with("PUT /a%20b?c=d HTTP/1.1\r\n"));
            BOOST_TEST(seen[1].ends_with("\r\n\r\n" + std::string(100'000, 'b')));
            BOOST_TEST(seen[2].ends_with("\r\n\r\n14\r\n0123456789abcdef0123\r\n0\r\n\r\n"));
            BOOST_TEST(seen[3].starts_with("PUT /huge HTTP/1.1\r\n"));
            BOOST_TEST((seen[3].ends_with("\r\n\r\n" + huge_body)));
            BOOST_TEST(t.stats().connections_opened == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_answer_that_comes_in_pieces_is_read_whole)
{
    // The header and the body in several writes, each delivered before the next: the client
    // parses what it has and reads on, wherever the cut falls; twice on one connection.
    std::string const answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                               "Content-Length: 11\r\n\r\nhello world";
    auto const header_end = answer.find("\r\n\r\n") + 4;
    std::vector<std::size_t> const cuts{
        1, 9, 20, header_end - 2, header_end, header_end + 3, answer.size()};
    for (auto const w : every_way) {
        raw_server server({[&](raw_connection& c) {
                              for (int i = 0; i < 2 && c.read_request(); ++i) {
                                  std::size_t from = 0;
                                  for (auto const to : cuts) {
                                      c.write(std::string_view(answer).substr(from, to - from));
                                      c.wait_until_delivered();
                                      from = to;
                                  }
                              }
                          }},
                          w.tls ? scripted_tls() : nullptr);
        asio::io_context ioc;
        http_transport t{ioc.get_executor(), quick()};
        for (int i = 0; i < 2; ++i) {
            auto const o = exchange(t, ioc, get(server.base_url() + "/pieces"), w);
            BOOST_TEST(!o.ec, w << ": " << o.ec.message());
            BOOST_TEST(o.res.result_int() == 200u, w);
            BOOST_TEST(o.res.body() == "hello world", w);
        }
        BOOST_TEST(t.stats().connections_opened == 1u, w);
    }
}

BOOST_AUTO_TEST_CASE(a_header_over_the_limit_is_refused)
{
    // Beast's parser allows a response header of 8 KiB; a longer one fails the exchange and the
    // connection is not kept.
    for (auto const w : every_way) {
        raw_server server({[](raw_connection& c) {
                              if (c.read_request())
                                  c.write("HTTP/1.1 200 OK\r\nX-Long: " + std::string(20'000, 'x') +
                                          "\r\nContent-Length: 2\r\n\r\nok");
                          }},
                          w.tls ? scripted_tls() : nullptr);
        asio::io_context ioc;
        http_transport t{ioc.get_executor(), quick()};
        auto const o = exchange(t, ioc, get(server.base_url() + "/long"), w);
        BOOST_TEST(o.ec == code(http::error::header_limit), w << ": " << o.ec.message());
        BOOST_TEST(t.idle_connections() == 0u, w);
    }
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

// ---- answers that must never reach the wrong request, requests never sent twice ----

BOOST_AUTO_TEST_CASE(an_answer_nobody_asked_for_never_reaches_a_later_request)
{
    // After its answer the server sends another one unasked (a 408 on an idle keep-alive
    // connection, as some servers and proxies do), and waits until it is in the client's socket.
    // The next request must not take it for its own: the connection is dropped, not reused.
    for (auto const w : every_way) {
        std::promise<void> client_has_one;
        std::promise<bool> stale_delivered;
        raw_server server(
            {[&](raw_connection& c) {
                 if (!c.read_request())
                     return;
                 c.answer("one");
                 if (client_has_one.get_future().wait_for(coverkit::test::raw_wait_bound) !=
                     std::future_status::ready)
                     return;
                 c.write("HTTP/1.1 408 Request Timeout\r\nContent-Length: 5\r\n\r\nstale");
                 stale_delivered.set_value(c.wait_until_delivered());
                 if (c.read_request()) // only a client that reused the connection gets here
                     c.answer("wrong");
             },
             answers("two")},
            w.tls ? scripted_tls() : nullptr);
        asio::io_context ioc;
        http_transport t{ioc.get_executor(), quick()};
        auto const one = exchange(t, ioc, get(server.base_url() + "/1"), w);
        BOOST_TEST(!one.ec, w << ": " << one.ec.message());
        BOOST_TEST(one.res.body() == "one", w);
        client_has_one.set_value();
        auto delivered = stale_delivered.get_future();
        BOOST_TEST_REQUIRE(
            (delivered.wait_for(coverkit::test::raw_wait_bound) == std::future_status::ready), w);
        BOOST_TEST_REQUIRE(delivered.get(), w);

        auto const two = exchange(t, ioc, get(server.base_url() + "/2"), w);
        BOOST_TEST(!two.ec, w << ": " << two.ec.message());
        BOOST_TEST(two.res.result_int() == 200u, w);
        BOOST_TEST(two.res.body() == "two", w);
        BOOST_TEST(t.stats().connections_reused == 0u, w);
        BOOST_TEST(server.accepted() == 2, w);
    }
}

BOOST_AUTO_TEST_CASE(a_request_that_may_have_reached_the_server_is_not_sent_again)
{
    // The server reads the whole request on a pooled connection, then closes it. A POST is not
    // resent (two rooms for one create_room); an idempotent PUT is, on a fresh connection.
    for (auto const w : every_way) {
        raw_server server({answers_then_drops_the_next("one"), answers("not reached")},
                          w.tls ? scripted_tls() : nullptr);
        asio::io_context ioc;
        http_transport t{ioc.get_executor(), quick()};
        BOOST_TEST(exchange(t, ioc, get(server.base_url() + "/1"), w).res.body() == "one", w);
        auto const post =
            exchange(t, ioc, with_body(http::verb::post, server.base_url() + "/v5/rooms", "{}"), w);
        BOOST_TEST(post.ec == code(error::request_outcome_unknown), w << ": " << post.ec.message());
        BOOST_TEST(t.stats().retries == 0u, w);
        BOOST_TEST(server.accepted() == 1, w);

        raw_server again({answers_then_drops_the_next("one"), answers("two")},
                         w.tls ? scripted_tls() : nullptr);
        BOOST_TEST(exchange(t, ioc, get(again.base_url() + "/1"), w).res.body() == "one", w);
        auto const put =
            exchange(t, ioc, with_body(http::verb::put, again.base_url() + "/object", "x"), w);
        BOOST_TEST(!put.ec, w << ": " << put.ec.message());
        BOOST_TEST(put.res.body() == "two", w);
        BOOST_TEST(t.stats().retries == 1u, w);
        BOOST_TEST(again.accepted() == 2, w);
    }
}

BOOST_AUTO_TEST_CASE(a_post_lost_on_a_fresh_connection_may_have_reached_the_server)
{
    for (auto const w : every_way) {
        raw_server server({drops_the_request()}, w.tls ? scripted_tls() : nullptr);
        asio::io_context ioc;
        http_transport t{ioc.get_executor(), quick()};
        auto const post =
            exchange(t, ioc, with_body(http::verb::post, server.base_url() + "/v5/rooms", "{}"), w);
        BOOST_TEST(post.ec == code(error::request_outcome_unknown), w << ": " << post.ec.message());
        BOOST_TEST(t.stats().retries == 0u, w);
    }
}

BOOST_AUTO_TEST_CASE(a_request_not_sent_whole_is_sent_again_whatever_its_method)
{
    // The server takes the header of a 32 MiB POST on a pooled connection and resets it: the
    // body never went out whole, so the server cannot have acted on it.
    for (auto const w : every_way) {
        raw_server server({[](raw_connection& c) {
                               if (!c.read_request())
                                   return;
                               c.answer("one");
                               if (c.read_header())
                                   c.reset();
                           },
                           answers("two")},
                          w.tls ? scripted_tls() : nullptr);
        asio::io_context ioc;
        http_transport t{ioc.get_executor(), quick(5s)};
        BOOST_TEST(exchange(t, ioc, get(server.base_url() + "/1"), w).res.body() == "one", w);
        auto const post = exchange(
            t, ioc,
            with_body(http::verb::post, server.base_url() + "/upload", std::string(32 << 20, 'b')),
            w);
        BOOST_TEST(!post.ec, w << ": " << post.ec.message());
        BOOST_TEST(post.res.body() == "two", w);
        BOOST_TEST(t.stats().retries == 1u, w);
        BOOST_TEST(server.accepted() == 2, w);
    }
}

BOOST_AUTO_TEST_CASE(interim_answers_are_skipped)
{
    for (auto const w : every_way) {
        raw_server server({[](raw_connection& c) {
                              if (!c.read_request())
                                  return;
                              c.write(
                                  "HTTP/1.1 100 Continue\r\n\r\n"
                                  "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                                  "HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nnew");
                              if (c.read_request())
                                  c.answer("after");
                          }},
                          w.tls ? scripted_tls() : nullptr);
        asio::io_context ioc;
        http_transport t{ioc.get_executor(), quick()};
        auto const created =
            exchange(t, ioc, with_body(http::verb::post, server.base_url() + "/v5/rooms", "{}"), w);
        BOOST_TEST(!created.ec, w << ": " << created.ec.message());
        BOOST_TEST(created.res.result_int() == 201u, w);
        BOOST_TEST(created.res.body() == "new", w);
        // The connection is in step: the next answer is the next request's.
        auto const after = exchange(t, ioc, get(server.base_url() + "/2"), w);
        BOOST_TEST(after.res.body() == "after", w);
        BOOST_TEST(t.stats().connections_reused == 1u, w);
    }
}

BOOST_AUTO_TEST_CASE(switching_protocols_and_endless_interim_answers_are_errors)
{
    std::string endless;
    for (int i = 0; i < 17; ++i)
        endless += "HTTP/1.1 100 Continue\r\n\r\n";
    endless += "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    for (auto const w : every_way) {
        for (std::string const& answer :
             {std::string("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\n\r\n"),
              endless}) {
            raw_server server({[&](raw_connection& c) {
                                  if (c.read_request())
                                      c.write(answer);
                                  c.wait_for_client_close();
                              }},
                              w.tls ? scripted_tls() : nullptr);
            asio::io_context ioc;
            http_transport t{ioc.get_executor(), quick()};
            auto const o = exchange(t, ioc, get(server.base_url() + "/"), w);
            BOOST_TEST(o.ec == code(error::unexpected_interim_response),
                       w << ": " << o.ec.message());
            BOOST_TEST(t.idle_connections() == 0u, w);
        }
    }
}

// ---- exchange options: limits enforced while reading, one deadline ----

BOOST_AUTO_TEST_CASE(a_body_over_the_exchange_limit_is_refused_before_it_is_read)
{
    // 60 MB announced, or chunked without end: the server sends 1 MiB and then waits for the
    // client to leave. A client reading on would time out instead.
    std::string const chunk = "100000\r\n" + std::string(0x100000, 'x') + "\r\n";
    for (auto const w : every_way) {
        for (std::string const head : {"HTTP/1.1 200 OK\r\nContent-Length: 60000000\r\n\r\n",
                                       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
            bool const chunked = head.find("chunked") != std::string::npos;
            raw_server server({[&](raw_connection& c) {
                                  if (!c.read_request())
                                      return;
                                  c.write(head);
                                  c.write(chunked ? chunk : std::string(0x100000, 'x'));
                                  c.wait_for_client_close();
                              }},
                              w.tls ? scripted_tls() : nullptr);
            asio::io_context ioc;
            http_transport t{ioc.get_executor(), quick(5s)};
            coverkit::exchange_options opts;
            opts.max_body = 1024;
            auto const o = exchange(t, ioc, get(server.base_url() + "/big"), w, opts);
            BOOST_TEST(o.ec == code(http::error::body_limit),
                       w << (chunked ? ", chunked: " : ": ") << o.ec.message());
            BOOST_TEST(o.res.result_int() == 200u, w); // the header read is handed back
            BOOST_TEST(o.res.body().empty(), w);
            BOOST_TEST(t.idle_connections() == 0u, w);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_redirect_body_can_be_left_unread)
{
    for (auto const w : every_way) {
        raw_server server({[](raw_connection& c) {
                              if (!c.read_request())
                                  return;
                              c.write("HTTP/1.1 302 Found\r\nLocation: /there\r\n"
                                      "Content-Length: 60000000\r\n\r\n" +
                                      std::string(4096, 'r'));
                              c.wait_for_client_close();
                          }},
                          w.tls ? scripted_tls() : nullptr);
        asio::io_context ioc;
        http_transport t{ioc.get_executor(), quick()};
        coverkit::exchange_options opts;
        opts.max_body = 1024;
        opts.discard_redirect_body = true;
        auto const o = exchange(t, ioc, get(server.base_url() + "/here"), w, opts);
        BOOST_TEST(!o.ec, w << ": " << o.ec.message());
        BOOST_TEST(o.res.result_int() == 302u, w);
        BOOST_TEST(o.res[http::field::location] == "/there", w);
        BOOST_TEST(o.res.body().empty(), w);
        BOOST_TEST(t.idle_connections() == 0u, w); // its unread body makes it unusable
    }
}

BOOST_AUTO_TEST_CASE(the_deadline_of_an_exchange_ends_it)
{
    raw_server silent({}, false); // connections complete in the backlog; nothing reads
    asio::io_context ioc;
    http_transport t{ioc.get_executor(), quick(5s)};
    for (auto const w : every_way) {
        auto const url = (w.tls ? "https://127.0.0.1:" : "http://127.0.0.1:") +
                         std::to_string(silent.port()) + "/";
        coverkit::exchange_options opts;
        auto const start = std::chrono::steady_clock::now();
        opts.deadline = start + 300ms;
        auto const o = exchange(t, ioc, get(url), w, opts);
        auto const took = std::chrono::steady_clock::now() - start;
        BOOST_TEST(o.ec == code(beast::error::timeout), w << ": " << o.ec.message());
        BOOST_TEST(took >= 300ms, w);
        BOOST_TEST(took < 3s, w);
    }
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
