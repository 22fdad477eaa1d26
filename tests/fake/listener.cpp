#include <coverkit/fake/listener.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/raw_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

// fake::listener on the wire, byte by byte: requests split across writes, pipelined requests and
// Expect: 100-continue, with a plain socket as the client.

using coverkit::test::listening_fake;
using coverkit::test::raw_fd;

namespace {

/// A blocking loopback client whose every wait is bounded.
class wire_client
{
public:
    explicit wire_client(unsigned short port) : fd_(coverkit::test::connect_loopback(port))
    {
        BOOST_TEST_REQUIRE(fd_.get() >= 0);
    }

    void send(std::string_view bytes)
    {
        BOOST_TEST_REQUIRE(::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                           static_cast<ssize_t>(bytes.size()));
    }

    /// Reads until `count` complete responses (header and Content-Length body) have arrived.
    std::string responses(int count)
    {
        std::string got;
        while (complete(got) < count) {
            if (!coverkit::test::wait_readable(fd_.get()))
                break;
            char chunk[4096];
            auto const n = ::recv(fd_.get(), chunk, sizeof chunk, 0);
            if (n <= 0)
                break;
            got.append(chunk, static_cast<std::size_t>(n));
        }
        return got;
    }

    /// Whether the server closed the connection (within the wait's bound), with nothing sent.
    bool closed_by_server()
    {
        char byte;
        return coverkit::test::wait_readable(fd_.get()) && ::recv(fd_.get(), &byte, 1, 0) == 0;
    }

private:
    // Complete responses at the start of `s`.
    static int complete(std::string_view s)
    {
        int n = 0;
        for (;;) {
            auto const end = s.find("\r\n\r\n");
            if (end == std::string_view::npos)
                return n;
            std::size_t length = 0;
            auto const cl = s.substr(0, end).find("Content-Length: ");
            if (cl != std::string_view::npos)
                length = std::stoul(std::string(s.substr(cl + 16, end - cl - 16)));
            if (s.starts_with("HTTP/1.1 100"))
                length = 0;
            if (s.size() < end + 4 + length)
                return n;
            s.remove_prefix(end + 4 + length);
            ++n;
        }
    }

    raw_fd fd_;
};

constexpr std::string_view clock_request = "PUT /_fake/clock HTTP/1.1\r\nHost: fake\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: 14\r\n\r\n{\"now_ms\":123}";

} // namespace

BOOST_AUTO_TEST_SUITE(fake_listener)

BOOST_AUTO_TEST_CASE(a_request_split_across_writes_is_answered_once_whole)
{
    listening_fake server;
    wire_client c(server.port());
    auto const split = clock_request.find("Content-Len");
    c.send(clock_request.substr(0, split)); // inside the header
    auto const body = clock_request.find("{\"now");
    c.send(clock_request.substr(split, body + 5 - split)); // inside the body
    c.send(clock_request.substr(body + 5));
    auto const got = c.responses(1);
    BOOST_TEST(got.starts_with("HTTP/1.1 200 OK\r\n"), got);
    BOOST_TEST(got.ends_with("{\"now_ms\":123}"), got);
    BOOST_TEST(server.server().now_ms() == 123);
}

BOOST_AUTO_TEST_CASE(pipelined_requests_are_answered_in_order)
{
    listening_fake server;
    wire_client c(server.port());
    std::string two(clock_request);
    two += "GET /_fake/requests HTTP/1.1\r\nHost: fake\r\n\r\n";
    c.send(two);
    auto const got = c.responses(2);
    auto const second = got.find("HTTP/1.1 200 OK", 1);
    BOOST_TEST_REQUIRE(second != std::string::npos, got);
    BOOST_TEST(got.substr(0, second).ends_with("{\"now_ms\":123}"));
    BOOST_TEST(got.substr(second).ends_with("[]")); // control requests stay out of the journal
}

BOOST_AUTO_TEST_CASE(expect_100_continue_is_answered_before_the_body_is_sent)
{
    listening_fake server;
    wire_client c(server.port());
    auto const body = clock_request.find("{\"now");
    std::string header(clock_request.substr(0, body - 2));
    header += "Expect: 100-continue\r\n\r\n";
    c.send(header);
    auto const interim = c.responses(1);
    BOOST_TEST(interim.starts_with("HTTP/1.1 100 Continue\r\n"), interim);
    c.send(clock_request.substr(body));
    auto const got = c.responses(1);
    BOOST_TEST(got.starts_with("HTTP/1.1 200 OK\r\n"), got);
    BOOST_TEST(got.ends_with("{\"now_ms\":123}"), got);
}

BOOST_AUTO_TEST_CASE(hundreds_of_pipelined_requests_are_answered_each_in_turn)
{
    // They come in a few reads; each is answered in order, the next one started from the event
    // loop rather than nested on the stack, however many one read brings.
    listening_fake server;
    wire_client c(server.port());
    int const n = 500;
    std::string all;
    for (int i = 1; i <= n; ++i) {
        auto const body = R"({"now_ms":)" + std::to_string(i) + "}";
        all += "PUT /_fake/clock HTTP/1.1\r\nHost: fake\r\nContent-Type: application/json\r\n"
               "Content-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
    }
    c.send(all);
    auto const got = c.responses(n);
    std::size_t at = 0;
    for (int i = 1; i <= n && at != std::string::npos; ++i) {
        at = got.find("\r\n\r\n{\"now_ms\":" + std::to_string(i) + "}", at);
        BOOST_TEST(at != std::string::npos, "answer " << i);
    }
    BOOST_TEST(server.server().now_ms() == n);
}

BOOST_AUTO_TEST_CASE(a_listener_with_threads_of_its_own_serves_connections_on_them)
{
    std::mutex mutex;
    std::set<std::thread::id> threads;
    coverkit::fake::listener_options options;
    options.connection_threads = 2;
    options.on_request = [&](coverkit::fake::request_record const&) {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
    };
    std::optional<listening_fake> server;
    server.emplace(nullptr, coverkit::test::contract_fixture(), options);
    // Four connections, handed to the two threads in turn; each kept open after its answer.
    std::vector<std::unique_ptr<wire_client>> clients;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<wire_client>(server->port()));
        clients.back()->send(clock_request);
        auto const got = clients.back()->responses(1);
        BOOST_TEST(got.starts_with("HTTP/1.1 200 OK\r\n"), got);
    }
    {
        std::lock_guard lock(mutex);
        BOOST_TEST(threads.size() == 2u);
        BOOST_TEST(threads.count(std::this_thread::get_id()) == 0u);
    }
    // Stopped and destroyed with the connections open and idle: they are closed, and the
    // destructor, which waits for the listener's threads, returns.
    server.reset();
    for (auto& c : clients)
        BOOST_TEST(c->closed_by_server());
}

BOOST_AUTO_TEST_SUITE_END()
