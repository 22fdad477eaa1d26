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
#include <coverkit/whiteboard/token.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <mutex>
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

constexpr char const* usage = R"(Usage: coverkit-fake-server [OPTION]...
Serve the fake Agora/Netless whiteboard v5 API, the legacy Netless cover API and Tencent
Smart Media Hosting's album covers on one HTTP or HTTPS port, from a JSON fixture, with real
PNG pictures, for tests in any language. docs/contract.md in coverkit's sources describes
every endpoint, answer and limit; docs/openapi.yaml describes them for tools.

Options:
  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080; port 0 picks a free port;
                      IPv6 as [::1]:PORT)
  --fixture FILE      the starting state, a JSON fixture (format: docs/contract.md, "The
                      fixture"; JSON Schema: docs/fixture.schema.json); without it, a demo
                      app, room and SMH library whose keys are printed to standard error
  --public-base URL   base of image URLs (default http://HOST:PORT/storage of the listener,
                      https:// with TLS)
  --tls-cert PEM      serve HTTPS with this certificate chain file: the server's
                      certificate first, then its intermediates (needs --tls-key)
  --tls-key PEM       the certificate's private key file, not encrypted (needs --tls-cert)
  --threads N         threads serving connections, and as many drawing pictures (default:
                      one a core)
  --journal-entries N
                      the most requests GET /_fake/requests keeps, the oldest dropped first
                      (default: the fixture's limits.journal_entries, else 10000)
  --store-bytes N     the most bytes the object store keeps; drawn pictures are forgotten
                      least recently read first and drawn again when read (default: the
                      fixture's limits.store_bytes, else 536870912, 512 MiB)
  -v, --verbose       one line per request on standard error: method, target (secrets
                      masked), status, request id, duration
  -h, --help          print this text and exit
  --version           print "coverkit-fake-server VERSION" and exit

Endpoints:
  POST /v5/tokens/teams         an SDK token from the app's keys
  POST /v5/tokens/rooms/UUID    a ROOM token (/v5/tokens/tasks/UUID: a TASK token)
  POST /v5/rooms                create a room (GET: list rooms)
  GET /v5/rooms/UUID            a room's information (PATCH: ban it)
  GET /v5/rooms/UUID/scenes     list a room's scenes (POST: add scenes)
  PATCH /v5/rooms/UUID/scene-state
                                switch the current scene
  POST /v5/rooms/UUID/screenshots
                                a PNG of one scene
  POST /v5/rooms/UUID/screenshot-list
                                PNGs of the scenes of a scene directory
  POST /handle/rooms/single-snapshot
                                the legacy cover API: one scene
  POST /handle/rooms/snapshots  the legacy cover API: a page of a directory's scenes
  GET /api/v1/token             an SMH access token (also POST)
  GET /api/v1/album/LIBRARY/SPACE/cover/ALBUM
                                an SMH album cover: 302 to the picture
  GET /storage/BUCKET/KEY       a picture (also HEAD; PUT uploads one)

Control endpoints (no token; never journaled, never touched by a fault rule):
  POST /_fake/reset             back to the fixture's state (journal, clock, fault rules)
  GET /_fake/requests           the journal, headers and bodies with secrets masked; filters:
                                ?method=M&path=PREFIX&status=CODE|4xx, pages: ?since=N&limit=N
  PUT /_fake/clock              {"now_ms": N} fixes the clock
  PUT /_fake/fixture            a fixture replaces the running one, as --fixture would
  POST /_fake/faults            add a fault rule, or {"faults": [rules]}; e.g.
                                {"operation":"whiteboard.screenshots","times":2,"status":503,
                                "retry_after":1}; actions: status, delay, close, partial, never
  GET /_fake/faults             the rules, each with "used" and "uses_left"
  DELETE /_fake/faults          delete every rule (/_fake/faults/ID: one)

Output:
  Once listening, prints "listening on http://HOST:PORT" (https with TLS) to standard output.
  SIGINT or SIGTERM: stop accepting, finish the requests in flight, exit 0. A bad option or
  fixture: one line on standard error, exit 2; an address that cannot be bound: exit 1.
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
    bool verbose = false;
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
        } else if (arg == "--verbose" || arg == "-v") {
            opts.verbose = true;
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

/// `--verbose`: one line a request on standard error, written whole.
void print_request(fake::request_record const& r)
{
    static std::mutex mutex;
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f ms",
                  static_cast<double>(r.duration.count()) / 1000.0);
    std::string line;
    line.reserve(r.method.size() + r.target.size() + r.request_id.size() + 32);
    line.append(r.method).append(" ").append(r.target).append(" ");
    line.append(r.status == 0 ? std::string("-") : std::to_string(r.status));
    line.append(" ").append(r.request_id).append(" ").append(duration).append("\n");
    std::lock_guard lock(mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

/// What a first-time user needs to make a request of the demo fake listening at `base`.
std::string demo_guide(fake::fixture const& fix, std::string const& base)
{
    std::ostringstream out;
    out << "coverkit-fake-server: demo mode (no --fixture); every key below is the fake's own\n";
    std::string sdk_token;
    for (auto const& a : fix.apps) {
        out << "demo app: ak=" << a.ak << " sk=" << a.sk << " team=" << a.team << " app=" << a.app
            << '\n';
        if (sdk_token.empty())
            sdk_token = coverkit::whiteboard::token_generator(a.ak, a.sk)
                            .sdk_token(coverkit::whiteboard::token_role::admin);
    }
    out << "demo SDK token (admin, never expires): " << sdk_token << '\n';
    std::string room, scene;
    for (auto const& r : fix.rooms) {
        out << "demo room: uuid=" << r.uuid << " region=" << r.region << " ak=" << r.ak;
        if (r.name)
            out << " name=\"" << *r.name << '"';
        out << '\n';
        for (auto const& sc : r.scenes)
            out << "  scene " << sc.path << (sc.path == r.current_scene ? " (current)" : "")
                << '\n';
        if (room.empty()) {
            room = r.uuid;
            scene = r.scenes.size() > 1 ? r.scenes[1].path : r.current_scene;
        }
    }
    std::string library, secret, album;
    for (auto const& lib : fix.smh_libraries) {
        out << "demo SMH library: library_id=" << lib.id << " library_secret=" << lib.secret
            << (lib.album ? " (album library" : " (library") << ", single-tenant: space -)\n";
        for (auto const& sp : lib.spaces)
            for (auto const& al : sp.albums) {
                out << "  album " << al.name << ": " << al.media.size() << " media\n";
                if (album.empty()) {
                    library = lib.id;
                    secret = lib.secret;
                    album = al.name;
                }
            }
    }
    out << "try:\n";
    if (!room.empty())
        out << "  curl -X POST -H 'token: " << sdk_token
            << "' -H 'Content-Type: application/json' -d '{\"width\":640,\"height\":360,"
            << "\"path\":\"" << scene << "\"}' " << base << "/v5/rooms/" << room
            << "/screenshots\n";
    if (!album.empty()) {
        out << "  curl '" << base << "/api/v1/token?library_id=" << library
            << "&library_secret=" << secret << "'\n";
        out << "  curl -L -o cover.png '" << base << "/api/v1/album/" << library << "/-/cover/"
            << album << "?size=256&access_token=ACCESS_TOKEN'\n";
    }
    out << "  curl " << base << "/_fake/requests\n";
    return out.str();
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
        listener_opts.connection_threads = opts.threads;
        if (opts.verbose)
            listener_opts.on_request = print_request;
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
        asio::io_context ioc{1};
        // Installed before anything is announced, so a signal right after the announcement
        // is already a clean stop.
        asio::signal_set signals(ioc, SIGINT, SIGTERM);

        bool const tls = listener_opts.tls != nullptr;
        fake::fixture const demo = opts.fixture ? fake::fixture{} : fixture;
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
        auto const ep = listener.local_endpoint();
        std::string const base = (tls ? "https://" : "http://") + fake::url_authority(ep);
        // Bound: the demo's keys, then accept.
        if (!opts.fixture)
            std::cerr << demo_guide(demo, base) << std::flush;
        listener.start();
        std::cout << "listening on " << base << std::endl;

        // This thread accepts connections and waits for signals; the listener's own threads
        // serve the connections, and as many more draw pictures. Once stopped, run() returns
        // and the listener's destructor waits for the connections still open.
        ioc.run();
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
