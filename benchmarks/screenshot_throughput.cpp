// Screenshot calls per second on one thread, in process.
//
//   coverkit: whiteboard::client::screenshot over the in-process transport to the fake server —
//             the client validates and builds the request, the fake routes it, verifies the
//             token (HMAC-SHA256), looks up the room and scene and answers, the client checks
//             the status and converts the JSON answer into an image.
//   baseline: the same request and response built, serialised to HTTP/1.1 bytes and parsed back
//             with bare Beast and Boost.JSON, with no coverkit layer and no service logic.
//
//   adapters: the coverkit call through retrying_transport and logging_transport (a listener
//             that keeps a count) over the same in-process transport, no fault firing: what the
//             two adapters add to a call, against the coverkit call above.
//
// Prints calls per second for each, measured in the same run, and the ratios of time per call
// (coverkit / baseline, adapters / coverkit).
// Usage: coverkit-bench-screenshots [SECONDS_PER_ROUND=1] [ROUNDS=5]

#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include "rate.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <vector>

namespace http = boost::beast::http;
namespace json = boost::json;
namespace wb = coverkit::whiteboard;
using coverkit::bench::rate;

namespace {

constexpr char const* room = "faed3130727911ebaea37759ee91947c";
std::size_t sink = 0; // keeps results observable so nothing is optimised away

std::string to_wire(auto const& msg)
{
    std::ostringstream os;
    os << msg;
    return std::move(os).str();
}

// Feeds a whole serialised message to a Beast parser.
template <class Parser>
void parse_wire(Parser& p, std::string const& wire)
{
    p.eager(true);
    boost::asio::const_buffer buf(wire.data(), wire.size());
    boost::system::error_code ec;
    while (!p.is_done() && buf.size() > 0) {
        buf += p.put(buf, ec);
        if (ec)
            throw boost::system::system_error(ec);
    }
}

// The baseline: what any HTTP+JSON client/server pair must do for this exchange.
void bare_round_trip(std::string const& token)
{
    // client: build and serialise the request
    http::request<http::string_body> req{http::verb::post,
                                         std::string("/v5/rooms/") + room + "/screenshots", 11};
    req.set(http::field::host, "api.netless.link");
    req.set(http::field::user_agent, "bare");
    req.set(http::field::accept, "application/json");
    req.set(http::field::content_type, "application/json");
    req.set("token", token);
    req.body() =
        json::serialize(json::object{{"width", 640}, {"height", 480}, {"path", "/test/cover"}});
    req.prepare_payload();
    auto const req_wire = to_wire(req);

    // server: parse the request and its body, build and serialise the answer
    http::request_parser<http::string_body> rp;
    parse_wire(rp, req_wire);
    auto const in = json::parse(rp.get().body()).as_object();
    auto const path = std::string(in.at("path").as_string());
    auto const key = std::string("room_cover/2811/") + room + path + ".png";
    http::response<http::string_body> res{http::status::created, 11};
    res.set(http::field::content_type, "application/json");
    res.set("x-request-id", "0123abcd-00000001");
    res.body() =
        json::serialize(json::object{{"url", "http://api.netless.link/storage/white-cover/" + key},
                                     {"key", key},
                                     {"bucket", "white-cover"},
                                     {"region", "oss-cn-hangzhou"}});
    res.prepare_payload();
    auto const res_wire = to_wire(res);

    // client: parse the answer into the picture's fields
    http::response_parser<http::string_body> sp;
    parse_wire(sp, res_wire);
    auto const out = json::parse(sp.get().body()).as_object();
    coverkit::image img{
        std::string(out.at("url").as_string()), std::string(out.at("key").as_string()),
        std::string(out.at("bucket").as_string()), std::string(out.at("region").as_string())};
    sink += img.key.size();
}

} // namespace

int main(int argc, char** argv)
{
    double const seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
    int const rounds = argc > 2 ? std::atoi(argv[2]) : 5;

    coverkit::fake::server fake(coverkit::fake::parse_fixture(json::parse(R"({
        "apps": [{"ak": "myAK", "sk": "mySK", "team": "2811"}],
        "rooms": [{"uuid": "faed3130727911ebaea37759ee91947c", "ak": "myAK",
                   "scenes": ["/init", "/test/cover", "/test/page1"]}]})")));
    boost::asio::io_context ioc;
    wb::token_generator tokens("myAK", "mySK");
    auto const token = tokens.sdk_token(wb::token_role::writer);
    wb::client client(fake.transport(ioc.get_executor()),
                      {.base_url = "http://fake.invalid", .token = token});
    wb::screenshot_request const req{640, 480, "/test/cover"};

    auto coverkit_call = [&] { sink += client.screenshot(room, req).key.size(); };
    auto bare_call = [&] { bare_round_trip(token); };

    using logged = coverkit::logging_transport<coverkit::in_process_transport>;
    std::size_t logged_exchanges = 0;
    coverkit::retrying_transport<logged> adapted(
        logged(fake.transport(ioc.get_executor()),
               [&](coverkit::exchange_record const& r) { logged_exchanges += r.status(); }));
    wb::client adapted_client(adapted, {.base_url = "http://fake.invalid", .token = token});
    auto adapted_call = [&] { sink += adapted_client.screenshot(room, req).key.size(); };

    std::printf("coverkit screenshot round trip, in process, one thread (%d rounds of %.1f s)\n",
                rounds, seconds);
    rate(0.2, coverkit_call); // warm up
    rate(0.2, bare_call);
    rate(0.2, adapted_call);
    std::vector<double> ours, bare, adapters, paired;
    for (int r = 0; r < rounds; ++r) { // interleaved, so drift hits all alike
        fake.reset();                  // the journal keeps every request: start each round empty
        ours.push_back(rate(seconds, coverkit_call));
        bare.push_back(rate(seconds, bare_call));
        fake.reset();
        adapters.push_back(rate(seconds, adapted_call));
        // The adapters' cost is a few percent, less than this machine's drift between rounds:
        // each round also compares the two back to back, in alternating order.
        fake.reset();
        double const plain_first = r % 2 ? 0 : rate(seconds / 2, coverkit_call);
        double const adapted_rate = rate(seconds / 2, adapted_call);
        double const plain_rate = r % 2 ? rate(seconds / 2, coverkit_call) : plain_first;
        paired.push_back(plain_rate / adapted_rate);
    }
    std::sort(ours.begin(), ours.end());
    std::sort(bare.begin(), bare.end());
    std::sort(adapters.begin(), adapters.end());
    double const o = ours[ours.size() / 2], b = bare[bare.size() / 2],
                 a = adapters[adapters.size() / 2];
    std::printf("  %-52s %12.0f calls/s  (%.2f us/call)\n", "coverkit (client + in-process fake)",
                o, 1e6 / o);
    std::printf("  %-52s %12.0f calls/s  (%.2f us/call)\n",
                "baseline (bare Beast + Boost.JSON, serialised)", b, 1e6 / b);
    std::printf("  %-52s %12.0f calls/s  (%.2f us/call)\n",
                "coverkit through retry + logging adapters", a, 1e6 / a);
    std::printf("  ratio (coverkit time per call / baseline): %.2f  (target <= 2.00)\n", b / o);
    std::sort(paired.begin(), paired.end());
    std::printf("  ratio (with adapters / without), medians above: %.3f; paired back to back: "
                "%.3f  (target <= 1.05)\n",
                o / a, paired[paired.size() / 2]);
    std::printf("  %zu exchanges logged\n", logged_exchanges / 201);
    std::printf("  medians of %d rounds; checksum %zu\n", rounds, sink);
    return 0;
}
