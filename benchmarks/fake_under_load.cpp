// The fake under heavy input: how long a small request waits while large pictures are drawn,
// and how long adding many scenes takes.
//
//   latency:   GET of an unknown route (a 404 answered from the route table alone) on one
//              keep-alive loopback connection to fake::listener, N times; p50 and p99 of the
//              round trip. Baseline: the same with the server otherwise idle. Measured again
//              while two other connections keep asking for 4096 x 4096 pictures never read
//              before (each drawn and encoded on its first read).
//   scene add: POST .../scenes adding 1,000 and 10,000 scenes in one request, and 100,000 in
//              ten requests of 10,000, in process. Baseline: parsing the same request bodies
//              with Boost.JSON alone (what any server taking this JSON pays).
//
// Usage: coverkit-bench-fake-load [REQUESTS=2000]

#include <coverkit/fake/listener.hpp>
#include <coverkit/fake/server.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr char const* room = "faed3130727911ebaea37759ee91947c";

coverkit::fake::fixture bench_fixture()
{
    return coverkit::fake::load_fixture(COVERKIT_BENCH_FIXTURE);
}

std::string admin_token()
{
    return coverkit::whiteboard::token_generator("myAK", "mySK")
        .sdk_token(coverkit::whiteboard::token_role::admin);
}

// One keep-alive connection, blocking.
class connection
{
public:
    explicit connection(tcp::endpoint ep) : socket_(ioc_) { socket_.connect(ep); }

    http::response<http::string_body> call(http::verb method, std::string const& target,
                                           std::string body = {}, std::string const& token = {})
    {
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "bench");
        if (!token.empty())
            req.set("token", token);
        req.body() = std::move(body);
        req.prepare_payload();
        http::write(socket_, req);
        http::response_parser<http::string_body> parser;
        parser.body_limit(1ull << 31);
        http::read(socket_, buffer_, parser);
        return parser.release();
    }

private:
    asio::io_context ioc_;
    tcp::socket socket_;
    boost::beast::flat_buffer buffer_;
};

struct percentiles
{
    double p50_us;
    double p99_us;
};

percentiles small_request_latency(tcp::endpoint ep, int n)
{
    connection c(ep);
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        auto const t0 = clock_type::now();
        auto res = c.call(http::verb::get, "/nope");
        us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
        if (res.result_int() != 404)
            std::abort();
    }
    std::sort(us.begin(), us.end());
    return {us[us.size() / 2], us[us.size() * 99 / 100]};
}

std::string add_body(std::string const& dir, std::size_t first, std::size_t n)
{
    json::array scenes;
    for (std::size_t i = first; i < first + n; ++i)
        scenes.push_back(json::object{{"name", "s" + std::to_string(i)}});
    return json::serialize(json::object{{"path", dir}, {"scenes", std::move(scenes)}});
}

void scene_add(std::size_t total, std::size_t per_request)
{
    // A room holding only /bench/s0, which the first request replaces: the room ends with
    // exactly `total` scenes (100,000 is a room's cap).
    coverkit::fake::server fake(coverkit::fake::parse_fixture(
        json::parse(std::string(R"({"apps":[{"ak":"myAK","sk":"mySK"}],"rooms":[{"uuid":")") +
                    room + R"(","ak":"myAK","scenes":["/bench/s0"]}]})")));
    auto const token = admin_token();
    std::vector<std::string> bodies;
    for (std::size_t first = 0; first < total; first += per_request)
        bodies.push_back(add_body("/bench", first, per_request));

    auto const t0 = clock_type::now();
    for (auto const& body : bodies) {
        http::request<http::string_body> req{http::verb::post,
                                             std::string("/v5/rooms/") + room + "/scenes", 11};
        req.set(http::field::host, "bench");
        req.set("token", token);
        req.body() = body;
        req.prepare_payload();
        if (fake.handle(req).result_int() != 201)
            std::abort();
    }
    auto const took = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();

    auto const b0 = clock_type::now();
    std::size_t sink = 0;
    for (auto const& body : bodies)
        sink += json::parse(body).as_object().size();
    auto const parse = std::chrono::duration<double, std::milli>(clock_type::now() - b0).count();

    // And the directory listed, as screenshot-list lists it.
    http::request<http::string_body> list{
        http::verb::get, std::string("/v5/rooms/") + room + "/scenes?sceneDir=/bench", 11};
    list.set(http::field::host, "bench");
    list.set("token", token);
    auto const l0 = clock_type::now();
    auto const listed = fake.handle(list);
    auto const list_ms = std::chrono::duration<double, std::milli>(clock_type::now() - l0).count();
    std::printf("  %7zu scenes (%zu a request): add %9.1f ms   baseline JSON parse %7.1f ms   "
                "(ratio %5.1f)   list %7.1f ms%s\n",
                total, per_request, took, parse, took / std::max(parse, 1e-3), list_ms,
                listed.result_int() == 200 && sink > 0 ? "" : "  (failed)");
}

} // namespace

int main(int argc, char** argv)
{
    int const n = argc > 1 ? std::atoi(argv[1]) : 2000;

    asio::io_context ioc;
    coverkit::fake::listener listener(
        ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), [](tcp::endpoint const& bound) {
            return coverkit::fake::server(
                bench_fixture(), {.public_base = coverkit::fake::default_public_base(bound)});
        });
    listener.start();
    std::thread io([&] { ioc.run(); });
    auto const ep = listener.local_endpoint();

    std::printf("fake under load: small request latency, loopback, one I/O thread\n");
    auto const idle = small_request_latency(ep, n);
    std::printf("  baseline (idle server):           p50 %8.1f us   p99 %8.1f us\n", idle.p50_us,
                idle.p99_us);

    // Two connections drawing 4096 x 4096 pictures, each read for the first time.
    std::atomic<bool> stop{false};
    std::atomic<int> drawn{0};
    auto const token = admin_token();
    std::vector<std::thread> load;
    for (int k = 0; k < 2; ++k)
        load.emplace_back([&, k] {
            connection c(ep);
            for (int i = 0; !stop; ++i) {
                auto shot = c.call(
                    http::verb::post, std::string("/v5/rooms/") + room + "/screenshots",
                    R"({"path":"/test/page)" + std::to_string(1 + k) +
                        R"(","width":4096,"height":)" + std::to_string(4096 - (i % 64)) + "}",
                    token);
                auto const url = std::string(json::parse(shot.body()).at("url").as_string());
                auto const picture = c.call(http::verb::get, url.substr(url.find("/storage/")));
                if (picture.result_int() != 200)
                    std::abort();
                ++drawn;
            }
        });
    // Once the first pictures are being drawn.
    while (drawn.load() == 0 && n > 0)
        std::this_thread::yield();
    auto const busy = small_request_latency(ep, n);
    stop = true;
    for (auto& t : load)
        t.join();
    std::printf("  while pictures are drawn:         p50 %8.1f us   p99 %8.1f us   (%d pictures "
                "of 4096 x 4096 drawn meanwhile)\n",
                busy.p50_us, busy.p99_us, drawn.load());
    listener.stop();
    io.join();

    std::printf("scene add, in process\n");
    scene_add(1'000, 1'000);
    scene_add(10'000, 10'000);
    scene_add(100'000, 10'000);
}
