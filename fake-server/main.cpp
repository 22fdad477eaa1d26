//
// coverkit-fake-server — the fake whiteboard, cover and SMH service on a socket
//
#include <coverkit/fake/fixture.hpp>
#include <coverkit/fake/listener.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/system_error.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/version.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace fake = coverkit::fake;

constexpr char const* program = "coverkit-fake-server";

constexpr char const* usage = R"(usage: coverkit-fake-server [--listen HOST:PORT] [--fixture FILE]
                            [--tls-cert PEM --tls-key PEM] [--public-base URL]
                            [--threads N] [--journal-entries N] [--store-bytes N]

  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080; port 0 picks a free port;
                      IPv6 as [::1]:PORT)
  --fixture FILE      the starting state, a JSON fixture; without it, a demo app and room whose
                      credentials are printed to standard error
  --public-base URL   base of image URLs (default http://HOST:PORT/storage of the listener,
                      https:// with TLS)
  --tls-cert PEM      serve HTTPS with this certificate chain file: the server's
                      certificate first, then its intermediates (needs --tls-key)
  --tls-key PEM       the certificate's private key file, not encrypted (needs --tls-cert)
  --threads N         threads serving connections, and as many drawing pictures (default:
                      one a core)
  --journal-entries N the most requests GET /_fake/requests keeps, the oldest dropped first
                      (default: the fixture's limits.journal_entries, else 10000)
  --store-bytes N     the most bytes the object store keeps; drawn pictures are forgotten
                      least recently read first and drawn again when read (default: the
                      fixture's limits.store_bytes, else 536870912, 512 MiB)
  --help              this text
  --version           print "coverkit-fake-server VERSION" and exit

Once listening, prints "listening on http://HOST:PORT" (https with TLS) to standard output.
SIGINT/SIGTERM: stop accepting, finish requests in flight, exit 0.

Control endpoints (never journaled, never touched by a fault rule):
  POST /_fake/reset          back to the fixture's state (journal, clock, fault rules)
  GET  /_fake/requests       the journal: ?since=N&limit=N
  PUT  /_fake/clock          {"now_ms": N} fixes the clock
  POST /_fake/faults         add a fault rule, or {"faults": [rules]}, e.g.
                             {"operation":"whiteboard.screenshots","times":2,"status":503,
                              "retry_after":1}; actions: status, delay, close, partial, never
  GET  /_fake/faults         the rules, each with "used" and "uses_left"
  DELETE /_fake/faults[/ID]  delete every rule, or one
The README's "Testing failure" section lists the operation names and every member of a rule.
)";

/// A usage error: one line on standard error, exit status 2.
struct usage_error
{
    std::string message;
};

struct options
{
    tcp::endpoint listen{asio::ip::make_address("127.0.0.1"), 8080};
    std::optional<std::string> fixture;
    std::optional<std::string> public_base;
    std::optional<std::string> tls_cert;
    std::optional<std::string> tls_key;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::optional<std::size_t> journal_entries;
    std::optional<std::size_t> store_bytes;
    bool help = false;
    bool version = false;
};

/// One line: newlines in a message become spaces.
std::string one_line(std::string s)
{
    for (auto& c : s)
        if (c == '\n' || c == '\r')
            c = ' ';
    return s;
}

tcp::endpoint parse_listen(std::string const& value)
{
    auto const bad = [&](char const* why) {
        return usage_error{"bad --listen value '" + value + "': " + why};
    };
    std::string host;
    std::string port;
    if (!value.empty() && value.front() == '[') {
        auto const close = value.find(']');
        if (close == std::string::npos || close + 1 >= value.size() || value[close + 1] != ':')
            throw bad("expected [IPV6]:PORT");
        host = value.substr(1, close - 1);
        port = value.substr(close + 2);
    } else {
        auto const colon = value.rfind(':');
        if (colon == std::string::npos)
            throw bad("expected HOST:PORT");
        host = value.substr(0, colon);
        port = value.substr(colon + 1);
        if (host.find(':') != std::string::npos)
            throw bad("an IPv6 address goes in brackets, [::1]:PORT");
    }
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos)
        throw bad("the port must be a number from 0 to 65535");
    auto const port_number = std::stoul(port);
    if (port_number > 65535)
        throw bad("the port must be a number from 0 to 65535");
    if (host == "localhost")
        host = "127.0.0.1";
    boost::system::error_code ec;
    auto const address = asio::ip::make_address(host, ec);
    if (ec || host.empty())
        throw bad("the host must be an IP address");
    return {address, static_cast<unsigned short>(port_number)};
}

std::string parse_public_base(std::string value)
{
    if (!coverkit::detail::parse_base_url(value))
        throw usage_error{"bad --public-base value '" + value +
                          "': expected an http:// or https:// URL without query"};
    while (value.size() > 1 && value.back() == '/')
        value.pop_back();
    return value;
}

// A whole number in lo..hi, in decimal digits.
std::size_t parse_count(std::string const& flag, std::string const& value, std::size_t lo,
                        std::size_t hi)
{
    std::size_t n = 0;
    bool ok = !value.empty() && value.size() <= 18 &&
              value.find_first_not_of("0123456789") == std::string::npos;
    if (ok)
        n = std::stoull(value);
    if (!ok || n < lo || n > hi)
        throw usage_error{"bad " + flag + " value '" + value + "': expected a whole number from " +
                          std::to_string(lo) + " to " + std::to_string(hi)};
    return n;
}

options parse_args(int argc, char** argv)
{
    options opts;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::optional<std::string> value;
        if (auto const eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg.resize(eq);
        }
        auto const take = [&]() -> std::string {
            if (value)
                return *value;
            if (i + 1 >= argc)
                throw usage_error{"missing value for " + arg};
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            opts.help = true;
        } else if (arg == "--version") {
            opts.version = true;
        } else if (arg == "--listen") {
            opts.listen = parse_listen(take());
        } else if (arg == "--fixture") {
            opts.fixture = take();
        } else if (arg == "--public-base") {
            opts.public_base = parse_public_base(take());
        } else if (arg == "--threads") {
            opts.threads = static_cast<unsigned>(parse_count(arg, take(), 1, 256));
        } else if (arg == "--journal-entries") {
            opts.journal_entries = parse_count(arg, take(), 0, std::size_t(1) << 40);
        } else if (arg == "--store-bytes") {
            opts.store_bytes = parse_count(arg, take(), 0, std::size_t(1) << 50);
        } else if (arg == "--tls-cert") {
            opts.tls_cert = take();
        } else if (arg == "--tls-key") {
            opts.tls_key = take();
        } else {
            throw usage_error{"unknown option '" + arg + "' (see --help)"};
        }
    }
    if (opts.help || opts.version)
        return opts;
    if (opts.tls_cert.has_value() != opts.tls_key.has_value())
        throw usage_error{opts.tls_cert ? "--tls-cert needs --tls-key"
                                        : "--tls-key needs --tls-cert"};
    return opts;
}

} // namespace

int main(int argc, char** argv)
{
    options opts;
    fake::fixture fixture;
    fake::listener_options listener_opts;
    try {
        opts = parse_args(argc, argv);
        if (opts.help) {
            std::cout << usage << std::flush;
            return 0;
        }
        if (opts.version) {
            std::cout << program << ' ' << COVERKIT_VERSION_STRING << std::endl;
            return 0;
        }
        listener_opts.picture_threads = opts.threads;
        if (opts.tls_cert)
            listener_opts.tls = fake::load_tls_context(*opts.tls_cert, *opts.tls_key);
        fixture = opts.fixture ? fake::load_fixture(*opts.fixture) : fake::demo_fixture();
    } catch (usage_error const& e) {
        std::cerr << program << ": " << one_line(e.message) << std::endl;
        return 2;
    } catch (fake::fixture_error const& e) {
        std::cerr << program << ": bad fixture: " << one_line(e.what()) << std::endl;
        return 2;
    } catch (std::exception const& e) {
        std::cerr << program << ": " << one_line(e.what()) << std::endl;
        return 2;
    }

    try {
        asio::io_context ioc{static_cast<int>(opts.threads)};
        // Installed before anything is announced, so a signal right after the announcement
        // is already a clean stop.
        asio::signal_set signals(ioc, SIGINT, SIGTERM);

        std::ostringstream credentials;
        if (!opts.fixture) {
            for (auto const& a : fixture.apps)
                credentials << "demo app: ak=" << a.ak << " sk=" << a.sk << " team=" << a.team
                            << '\n';
            for (auto const& r : fixture.rooms)
                credentials << "demo room: uuid=" << r.uuid << " region=" << r.region
                            << " ak=" << r.ak << '\n';
        }

        bool const tls = listener_opts.tls != nullptr;
        fake::listener listener(
            ioc, opts.listen,
            [&](tcp::endpoint const& bound) {
                fake::server_options so;
                so.journal_entries = opts.journal_entries;
                so.store_bytes = opts.store_bytes;
                so.public_base =
                    opts.public_base ? *opts.public_base : fake::default_public_base(bound, tls);
                return fake::server(std::move(fixture), std::move(so));
            },
            listener_opts);
        signals.async_wait([&](boost::system::error_code ec, int) {
            if (!ec)
                listener.stop();
        });
        // Bound: announce the demo credentials, then start accepting.
        std::cerr << credentials.str() << std::flush;
        listener.start();

        auto const ep = listener.local_endpoint();
        std::cout << "listening on " << (tls ? "https://" : "http://") << fake::url_authority(ep)
                  << std::endl;

        // Connections are served by every thread; the fake's state is behind one lock, but
        // reading, parsing and writing run in parallel. Pictures are drawn on the listener's
        // own threads.
        std::vector<std::thread> more;
        for (unsigned i = 1; i < opts.threads; ++i)
            more.emplace_back([&ioc] { ioc.run(); });
        ioc.run();
        for (auto& t : more)
            t.join();
        return 0;
    } catch (boost::system::system_error const& e) {
        std::cerr << program << ": cannot listen on " << fake::url_authority(opts.listen) << ": "
                  << one_line(e.code().message()) << std::endl;
        return 1;
    } catch (std::exception const& e) {
        std::cerr << program << ": " << one_line(e.what()) << std::endl;
        return 1;
    }
}
