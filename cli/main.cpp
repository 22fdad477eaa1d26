// coverkit: the library's calls from a shell. Every command is a call the library offers; the
// program adds argument parsing (CLI11), output (text or --json), and downloads with bounded
// concurrency. Exit status: 0 success, 1 a service or transport error, 2 a usage error.
#include <coverkit.hpp>

#include <CLI/CLI.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace wb = coverkit::whiteboard;

constexpr int exit_service = 1;
constexpr int exit_usage = 2;

// A mistake in the command line found after parsing: exit status 2.
struct usage_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// What every command shares: where, as whom, how to print, how hard to try.
struct globals
{
    std::string base_url;
    std::string region;
    std::string token;
    std::string ak;
    std::string sk;
    bool json = false;
    double timeout = 60;
    unsigned retries = 0;
    bool verbose = false;
};

using transport_type =
    coverkit::retrying_transport<coverkit::logging_transport<coverkit::http_transport>>;

// The network transport, held to --timeout, retried --retries times, logged with --verbose
// (secrets redacted by the logging adapter).
transport_type make_transport(asio::io_context& ioc, globals const& g)
{
    coverkit::http_transport_options http;
    auto const timeout = std::chrono::milliseconds(static_cast<long long>(g.timeout * 1000));
    http.resolve_timeout = http.connect_timeout = http.handshake_timeout = timeout;
    http.exchange_timeout = timeout;
    http.application_id = "coverkit-cli";
    bool const verbose = g.verbose;
    coverkit::logging_transport logged(coverkit::http_transport(ioc.get_executor(), http),
                                       [verbose](coverkit::exchange_record const& r) {
                                           if (!verbose)
                                               return;
                                           std::cerr << "> " << r.method() << ' ' << r.url();
                                           if (r.error())
                                               std::cerr << " -> " << r.error().message();
                                           else
                                               std::cerr << " -> " << r.status();
                                           std::cerr << " (" << r.duration().count() / 1000
                                                     << " ms";
                                           if (!r.request_id().empty())
                                               std::cerr << ", request id " << r.request_id();
                                           std::cerr << ")\n";
                                       });
    coverkit::retry_options retry;
    retry.max_attempts = g.retries + 1;
    return transport_type(std::move(logged), retry);
}

std::string base_or(globals const& g, char const* fallback)
{
    return g.base_url.empty() ? fallback : g.base_url;
}

wb::client_options whiteboard_options(globals const& g)
{
    wb::client_options o{base_or(g, "https://api.netless.link"), g.token};
    if (!g.region.empty()) {
        auto r = wb::parse_region(g.region);
        if (!r)
            throw usage_error("--region: \"" + g.region + "\" is not a known region");
        o.region = *r;
    }
    return o;
}

// "640x480" as a width and a height.
std::pair<int, int> parse_size(std::string const& s)
{
    auto const x = s.find('x');
    try {
        if (x != std::string::npos && x > 0 && x + 1 < s.size()) {
            std::size_t used = 0;
            int const w = std::stoi(s.substr(0, x), &used);
            if (used == x) {
                int const h = std::stoi(s.substr(x + 1), &used);
                if (used == s.size() - x - 1)
                    return {w, h};
            }
        }
    } catch (std::exception const&) {
    }
    throw usage_error("--size: \"" + s + "\" is not WIDTHxHEIGHT, for example 640x480");
}

wb::token_role parse_role(std::string const& s)
{
    auto r = wb::parse_token_role(s);
    if (!r)
        throw usage_error("--role: \"" + s + "\" is not admin, writer or reader");
    return *r;
}

void print_json(json::value const& v)
{
    std::cout << json::serialize(v) << '\n';
}

void print_image(globals const& g, coverkit::image const& img)
{
    if (g.json)
        print_json(json::value_from(img));
    else
        std::cout << img.url << '\n';
}

void print_images(globals const& g, std::vector<coverkit::image> const& images)
{
    if (g.json)
        print_json(json::value_from(images));
    else
        for (auto const& img : images)
            std::cout << img.url << '\n';
}

// An option's text for a request, absent when not given. The request views `s`.
std::optional<coverkit::text_view> given(std::string const& s)
{
    if (s.empty())
        return std::nullopt;
    return s;
}

// The options of a command taking a picture of ROOM: the room, --size, --path, -o.
void picture_options(CLI::App* cmd, std::string& room, std::string& size, std::string& path,
                     char const* path_help, std::string& out, char const* out_help)
{
    cmd->add_option("room", room, "Room uuid")->required();
    cmd->add_option("--size", size, "WIDTHxHEIGHT, 1..8192 each")->required();
    cmd->add_option("--path", path, path_help);
    cmd->add_option("-o,--output", out, out_help);
}

// Says that `file` was written: a JSON line, or `wrote FILE (N bytes)`.
void report_written(bool json, std::filesystem::path const& file, std::uintmax_t size,
                    std::string const& content_type)
{
    if (json)
        print_json({{"file", file.string()}, {"bytes", size}, {"content_type", content_type}});
    else
        std::cout << "wrote " << file.string() << " (" << size << " bytes)\n";
}

// The file a picture goes to in a directory: the last segment of its key.
std::filesystem::path file_in(std::filesystem::path const& dir, coverkit::image const& img)
{
    auto const slash = img.key.rfind('/');
    return dir / (slash == std::string::npos ? img.key : img.key.substr(slash + 1));
}

/* Downloads pictures into files, at most `jobs` at a time, each written atomically. On a
   terminal, a progress line on standard error (count, bytes, rate); otherwise one line per
   file on standard output. Returns how many failed; each failure is one line on stderr. */
class downloader
{
public:
    downloader(transport_type& t, asio::io_context& ioc, bool json)
        : transport_(t), ioc_(ioc), json_(json), tty_(::isatty(2) == 1)
    {}

    int run(std::vector<std::pair<std::string, std::filesystem::path>> items, unsigned jobs)
    {
        items_ = std::move(items);
        started_ = std::chrono::steady_clock::now();
        for (unsigned i = 0; i < std::max(1u, jobs) && i < items_.size(); ++i)
            asio::co_spawn(ioc_, worker(), asio::detached);
        ioc_.run();
        ioc_.restart();
        if (tty_ && !items_.empty())
            std::cerr << '\n';
        return failed_;
    }

private:
    asio::awaitable<void> worker()
    {
        while (next_ < items_.size()) {
            auto const& [url, file] = items_[next_++];
            coverkit::error_details d;
            auto [ec, type] = co_await coverkit::async_download_to_file(
                transport_, url, file, {}, d, asio::as_tuple(asio::use_awaitable));
            if (ec) {
                ++failed_;
                std::cerr << (tty_ ? "\n" : "") << "coverkit: " << file.string() << ": "
                          << coverkit::api_error(ec, d).what() << '\n';
                continue;
            }
            auto const size = std::filesystem::file_size(file);
            bytes_ += size;
            ++done_;
            if (json_ || !tty_)
                report_written(json_, file, size, type);
            if (tty_)
                progress();
        }
    }

    void progress()
    {
        auto const seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        auto const total = items_.size();
        int const width = 30;
        int const filled = static_cast<int>(width * done_ / std::max<std::size_t>(total, 1));
        std::fprintf(stderr, "\r[%s%s] %zu/%zu  %.1f KiB  %.1f KiB/s",
                     std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                     done_, total, bytes_ / 1024.0, seconds > 0 ? bytes_ / 1024.0 / seconds : 0.0);
        std::fflush(stderr);
    }

    transport_type& transport_;
    asio::io_context& ioc_;
    bool json_;
    bool tty_;
    std::vector<std::pair<std::string, std::filesystem::path>> items_;
    std::size_t next_ = 0;
    std::size_t done_ = 0;
    int failed_ = 0;
    std::uintmax_t bytes_ = 0;
    std::chrono::steady_clock::time_point started_;
};

// The last exit status a command set (1 when a download failed).
int exit_status = 0;

void download_all(globals const& g, transport_type& t, asio::io_context& ioc,
                  std::vector<coverkit::image> const& images, std::filesystem::path const& dir,
                  unsigned jobs)
{
    std::error_code fs;
    std::filesystem::create_directories(dir, fs);
    if (fs)
        throw usage_error("-o: cannot make directory " + dir.string() + ": " + fs.message());
    std::vector<std::pair<std::string, std::filesystem::path>> items;
    for (auto const& img : images)
        items.emplace_back(img.url, file_in(dir, img));
    downloader d(t, ioc, g.json);
    if (d.run(std::move(items), jobs) > 0)
        exit_status = exit_service;
}

void download_one(globals const& g, transport_type& t, std::string const& url,
                  std::filesystem::path const& file)
{
    auto type = coverkit::download_to_file(t, url, file);
    report_written(g.json, file, std::filesystem::file_size(file), type);
}

void require(std::string const& value, char const* what)
{
    if (value.empty())
        throw usage_error(std::string(what) + " is needed");
}

} // namespace

int main(int argc, char** argv)
{
    globals g;
    CLI::App app{
        "coverkit " COVERKIT_VERSION_STRING
        ": whiteboard screenshots, legacy covers, SMH album covers and tokens from a shell.\n"
        "Exit status: 0 success, 1 a service or transport error, 2 a usage error.",
        "coverkit"};
    app.set_version_flag("--version", "coverkit " COVERKIT_VERSION_STRING);
    app.require_subcommand(1);
    // Global options are taken after the command too (`coverkit rooms --json`).
    app.fallthrough();
    app.option_defaults()->always_capture_default();
    app.add_option("--base-url", g.base_url,
                   "Service base URL for every API family (for example a coverkit-fake-server)")
        ->envname("COVERKIT_BASE_URL");
    app.add_option("--region", g.region,
                   "Whiteboard region header (cn-hz, us-sv, sg, in-mum, gb-lon)")
        ->envname("COVERKIT_REGION");
    app.add_option("--token", g.token, "SDK or ROOM token for the whiteboard and legacy calls")
        ->envname("COVERKIT_TOKEN");
    app.add_option("--ak", g.ak, "App access key (tokens)")->envname("COVERKIT_AK");
    app.add_option("--sk", g.sk, "App secret key (tokens); never printed")->envname("COVERKIT_SK");
    app.add_flag("--json", g.json, "Machine-readable output, one JSON value a line");
    app.add_option("--timeout", g.timeout, "Seconds each step of an exchange may take")
        ->check(CLI::PositiveNumber);
    app.add_option("--retries", g.retries, "Retries of a failed exchange, with backoff");
    app.add_flag("-v,--verbose", g.verbose, "Log every exchange on stderr, secrets redacted");

    asio::io_context ioc;
    // Built after parsing, when the globals are known.
    std::optional<transport_type> transport;
    auto net = [&]() -> transport_type& {
        if (!transport)
            transport.emplace(make_transport(ioc, g));
        return *transport;
    };
    auto wb_client = [&] { return wb::client<transport_type>(net(), whiteboard_options(g)); };

    // ---- token sdk|room|task ----
    auto* token = app.add_subcommand("token", "Sign a token locally (no request is sent)");
    token->require_subcommand(1);
    std::string role = "writer";
    long long lifespan_ms = 0;
    std::string uuid;
    for (auto kind : {"sdk", "room", "task"}) {
        auto* sub = token->add_subcommand(kind, std::string("Sign a ") + kind + " token");
        sub->add_option("--role", role, "admin, writer or reader");
        sub->add_option("--lifespan", lifespan_ms, "Milliseconds the token lives; 0 never expires")
            ->check(CLI::NonNegativeNumber);
        if (std::string_view(kind) != "sdk")
            sub->add_option("--uuid", uuid, std::string("The ") + kind + "'s uuid")->required();
        sub->callback([&, kind = std::string(kind)] {
            require(g.ak, "--ak (or COVERKIT_AK)");
            require(g.sk, "--sk (or COVERKIT_SK)");
            wb::token_generator gen(g.ak, g.sk);
            auto const r = parse_role(role);
            std::chrono::milliseconds const life(lifespan_ms);
            auto const t = kind == "sdk"    ? gen.sdk_token(r, life)
                           : kind == "room" ? gen.room_token(uuid, r, life)
                                            : gen.task_token(uuid, r, life);
            if (g.json)
                print_json({{"token", t}});
            else
                std::cout << t << '\n';
        });
    }

    // ---- screenshot, screenshot-list ----
    std::string room, size, path, out;
    unsigned jobs = 4;
    auto* shot = app.add_subcommand("screenshot", "Screenshot one scene (POST .../screenshots)");
    picture_options(shot, room, size, path, "Scene path (default /init)", out,
                    "Download the picture into this file");
    shot->callback([&] {
        auto [w, h] = parse_size(size);
        auto img = wb_client().screenshot(room, {.width = w, .height = h, .path = given(path)});
        if (out.empty())
            print_image(g, img);
        else
            download_one(g, net(), img.url, out);
    });
    auto* list = app.add_subcommand(
        "screenshot-list", "Screenshot the scenes of one directory (POST .../screenshot-list)");
    picture_options(list, room, size, path, "Scene directory (default: the current scene's)", out,
                    "Download the pictures into this directory");
    list->add_option("-j,--jobs", jobs, "Downloads in flight at most")->check(CLI::Range(1, 64));
    list->callback([&] {
        auto [w, h] = parse_size(size);
        auto images =
            wb_client().screenshot_list(room, {.width = w, .height = h, .path = given(path)});
        if (!out.empty())
            return download_all(g, net(), ioc, images, out, jobs);
        print_images(g, images);
    });

    // ---- rooms, room create, scenes, scenes add, scene switch ----
    int limit = 0;
    auto* rooms =
        app.add_subcommand("rooms", "List every room of the app (GET /v5/rooms, all pages)");
    rooms->add_option("--page-size", limit, "Rooms per request, 1..1000")
        ->check(CLI::Range(1, 1000));
    rooms->callback([&] {
        auto c = wb_client();
        wb::list_rooms_request req;
        if (limit > 0)
            req.limit = limit;
        json::array all;
        for (auto const& r : c.rooms(req)) {
            if (g.json)
                all.push_back(json::value_from(r));
            else
                std::cout << r.uuid << '\n';
        }
        if (g.json)
            print_json(all);
    });
    auto* room_cmd = app.add_subcommand("room", "Rooms");
    room_cmd->require_subcommand(1);
    std::string name;
    bool record = false;
    auto* create = room_cmd->add_subcommand("create", "Create a room (POST /v5/rooms)");
    create->add_option("--name", name, "The room's name");
    create->add_option("--limit", limit, "Most users; 0 for no limit")
        ->check(CLI::NonNegativeNumber);
    create->add_flag("--record", record, "Record the room");
    create->callback([&] {
        auto c = wb_client();
        wb::create_room_request req;
        if (!name.empty())
            req.name = name;
        if (limit > 0)
            req.limit = limit;
        if (record)
            req.is_record = true;
        auto r = c.create_room(req);
        if (g.json)
            print_json(json::value_from(r));
        else
            std::cout << r.uuid << '\n';
    });
    auto* scenes = app.add_subcommand("scenes", "List scenes, or add them (scenes add)");
    std::string dir;
    scenes->add_option("room", room, "Room uuid");
    scenes->add_option("--dir", dir, "Only the scenes directly inside this directory");
    std::vector<std::string> names;
    auto* add = scenes->add_subcommand("add", "Add scenes to a directory (POST .../scenes)");
    add->add_option("room", room, "Room uuid")->required();
    add->add_option("--path", path, "The directory, for example /deck")->required();
    add->add_option("names", names, "Scene names")->required();
    add->callback([&] {
        auto c = wb_client();
        std::vector<wb::scene> list;
        for (auto const& n : names)
            list.push_back({.name = n});
        c.add_scenes(room, {.path = path, .scenes = list});
        if (g.json)
            print_json({{"added", names.size()}});
        else
            std::cout << "added " << names.size() << " scene(s) to " << path << '\n';
    });
    scenes->callback([&] {
        if (add->parsed())
            return;
        if (room.empty())
            throw usage_error("scenes: the room uuid is needed");
        auto c = wb_client();
        std::optional<std::string_view> d;
        if (!dir.empty())
            d = dir;
        auto paths = c.list_scenes(room, d);
        if (g.json)
            print_json(json::value_from(paths));
        else
            for (auto const& p : paths)
                std::cout << p << '\n';
    });
    auto* scene = app.add_subcommand("scene", "Scenes");
    scene->require_subcommand(1);
    auto* sw = scene->add_subcommand("switch", "Make a scene current (PATCH .../scene-state)");
    sw->add_option("room", room, "Room uuid")->required();
    sw->add_option("path", path, "Scene path")->required();
    sw->callback([&] {
        auto c = wb_client();
        auto now = c.switch_scene(room, path);
        if (g.json)
            print_json({{"current", now}});
        else
            std::cout << now << '\n';
    });

    // ---- legacy cover|covers ----
    auto* legacy = app.add_subcommand("legacy", "The legacy cover API (--token: a ROOM token)");
    legacy->require_subcommand(1);
    auto legacy_client = [&] {
        return coverkit::legacy::client<transport_type>(
            net(), {base_or(g, "https://api.netless.link"), g.token});
    };
    auto* cover = legacy->add_subcommand("cover", "One scene's cover (single-snapshot)");
    picture_options(cover, room, size, path, "Scene path (default: the current scene)", out,
                    "Download the picture into this file");
    cover->callback([&] {
        auto [w, h] = parse_size(size);
        auto img = legacy_client().single_snapshot(
            room, {.width = w, .height = h, .scene_path = given(path)});
        if (out.empty())
            print_image(g, img);
        else
            download_one(g, net(), img.url, out);
    });
    int page = 1, per_page = 0;
    bool all_pages = false;
    auto* covers =
        legacy->add_subcommand("covers", "A directory's covers (snapshots), a page or --all");
    picture_options(covers, room, size, path, "Scene directory", out,
                    "Download the pictures into this directory");
    covers->get_option("--path")->required();
    covers->add_option("--page", page, "Page, from 1")->check(CLI::PositiveNumber);
    covers->add_option("--per-page", per_page, "Covers per page, 1..10")->check(CLI::Range(1, 10));
    covers->add_flag("--all", all_pages, "Every page");
    covers->add_option("-j,--jobs", jobs, "Downloads in flight at most")->check(CLI::Range(1, 64));
    covers->callback([&] {
        auto [w, h] = parse_size(size);
        auto c = legacy_client();
        coverkit::legacy::snapshots_request req{.width = w, .height = h, .scene_path = path};
        if (per_page > 0)
            req.size = per_page;
        std::vector<coverkit::image> images;
        if (all_pages) {
            for (auto const& img : c.pager(room, req))
                images.push_back(img);
        } else {
            req.page = page;
            images = c.snapshots(room, req);
        }
        if (!out.empty())
            return download_all(g, net(), ioc, images, out, jobs);
        print_images(g, images);
    });

    // ---- album-cover ----
    std::string library, space = "-", album, access_token, library_secret;
    int side = 0;
    bool location = false;
    auto* album_cover = app.add_subcommand("album-cover", "A Tencent SMH album cover");
    album_cover->add_option("library", library, "Library id")->required();
    album_cover->add_option("--space", space, "Space id ('-' in a single-tenant library)");
    album_cover->add_option("--album", album, "Album name");
    album_cover->add_option("--size", side,
                            "Side of the square cover, 1..4096; none for the original");
    album_cover->add_option("--access-token", access_token, "SMH access token; never printed")
        ->envname("COVERKIT_SMH_ACCESS_TOKEN");
    album_cover
        ->add_option("--library-secret", library_secret,
                     "Make an access token with the library's secret; never printed")
        ->envname("COVERKIT_SMH_LIBRARY_SECRET");
    auto* to_file = album_cover->add_option("-o,--output", out, "Save the picture into this file");
    album_cover
        ->add_flag("--location", location, "Print where the cover is (the default without -o)")
        ->excludes(to_file);
    album_cover->callback([&] {
        coverkit::smh::client<transport_type> c(net(), {base_or(g, "https://api.tencentsmh.cn")});
        if (access_token.empty() && !library_secret.empty())
            access_token =
                c.create_access_token({.library_id = library, .library_secret = library_secret})
                    .token;
        coverkit::smh::album_cover_request req{.library_id = library, .space_id = space};
        if (!album.empty())
            req.album = album;
        if (side > 0)
            req.size = side;
        if (!access_token.empty())
            req.access_token = access_token;
        auto where = c.cover_location(req);
        if (!out.empty())
            return download_one(g, net(), where, out);
        if (g.json)
            print_json({{"location", where}});
        else
            std::cout << where << '\n';
    });

    try {
        app.parse(argc, argv);
    } catch (CLI::CallForHelp const& e) {
        return app.exit(e);
    } catch (CLI::CallForAllHelp const& e) {
        return app.exit(e);
    } catch (CLI::CallForVersion const& e) {
        return app.exit(e);
    } catch (CLI::ParseError const& e) {
        std::cerr << "coverkit: " << e.what() << " (see --help)\n";
        return exit_usage;
    } catch (usage_error const& e) {
        std::cerr << "coverkit: " << e.what() << " (see --help)\n";
        return exit_usage;
    } catch (coverkit::api_error const& e) {
        std::cerr << "coverkit: " << e.what() << '\n';
        // Input the library refused before sending anything is the caller's mistake.
        bool const refused = e.details().status == 0 && e.details().url.empty();
        return refused ? exit_usage : exit_service;
    } catch (boost::system::system_error const& e) {
        std::cerr << "coverkit: " << e.what() << '\n';
        return exit_service;
    } catch (std::exception const& e) {
        std::cerr << "coverkit: " << e.what() << '\n';
        return exit_service;
    }
    return exit_status;
}
