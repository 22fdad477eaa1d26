// Screenshots with their pictures, per second, on one thread, in process.
//
//   screenshot + picture: whiteboard::client::screenshot over the in-process transport, then
//                         coverkit::download of the image URL through the same transport: the
//                         fake routes, checks the token, captures the scene, answers; the GET
//                         draws the PNG (the first read of a new object) and serves it.
//   screenshot only:      the same call without reading the picture: what a caller that never
//                         reads it pays (the fake draws nothing).
//   picture alone:        the fake's render_scene for the same scene, no HTTP at all.
//   baseline:             libpng writing an all-white picture of the same size with the same
//                         settings: the floor any fake that answers with a PNG pays.
//
// Each at 640x480 and 1920x1080, for a board (no background) and for a scene whose 1280x720 PNG
// background is decoded, resampled and drawn; then one directory of 1000 scenes through
// screenshot-list, timed without and with reading every picture.
// Usage: coverkit-bench-pictures [SECONDS_PER_ROUND=1] [ROUNDS=3]

#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include "rate.hpp"
#include "services/picture_codec.hpp"
#include "services/scene_renderer.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace json = boost::json;
namespace wb = coverkit::whiteboard;
namespace fd = coverkit::fake::detail;
using coverkit::bench::median;
using coverkit::bench::rate;

namespace {

constexpr char const* room = "faed3130727911ebaea37759ee91947c";
std::size_t sink = 0;

// A 1280x720 slide: a title band, a rule and four bars on an off-white page.
std::string slide_png()
{
    fd::raster r(1280, 720, 250, 247, 240);
    std::uint8_t const navy[3] = {28, 45, 90}, gold[3] = {230, 170, 40};
    fd::fill_rect(r, 0, 0, 1280, 150, navy);
    fd::fill_rect(r, 0, 150, 1280, 10, gold);
    for (int i = 0; i < 4; ++i)
        fd::fill_rect(r, 380 + i * 140, 690 - 120 - 40 * i, 100, 120 + 40 * i, i % 2 ? gold : navy);
    return fd::encode_png(r);
}

std::string data_url(std::string const& png)
{
    namespace b64 = boost::beast::detail::base64;
    std::string out(b64::encoded_size(png.size()), '\0');
    out.resize(b64::encode(out.data(), png.data(), png.size()));
    return "data:image/png;base64," + out;
}

} // namespace

int main(int argc, char** argv)
{
    double const seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
    int const rounds = argc > 2 ? std::atoi(argv[2]) : 3;

    auto const slide = data_url(slide_png());
    json::array scenes{"/init",
                       json::object{{"path", "/deck/slide"},
                                    {"ppt", {{"src", slide}, {"width", 1280}, {"height", 720}}}}};
    for (int i = 0; i < 1000; ++i)
        scenes.push_back(json::string("/many/scene-" + std::to_string(i)));
    json::object fixture{
        {"apps", json::array{{{"ak", "myAK"}, {"sk", "mySK"}, {"team", "2811"}}}},
        {"rooms", json::array{{{"uuid", room}, {"ak", "myAK"}, {"scenes", scenes}}}}};
    coverkit::fake::server fake(coverkit::fake::parse_fixture(fixture));

    boost::asio::io_context ioc;
    wb::token_generator tokens("myAK", "mySK");
    wb::client client(
        fake.transport(ioc.get_executor()),
        {.base_url = "http://fake.invalid", .token = tokens.sdk_token(wb::token_role::writer)});

    std::printf("screenshots and their pictures, in process, one thread (medians of %d rounds of "
                "%.1f s)\n",
                rounds, seconds);
    for (auto [w, h] : {std::pair{640, 480}, {1920, 1080}}) {
        for (char const* scene : {"/init", "/deck/slide"}) {
            wb::screenshot_request const req{w, h, scene};
            auto full = [&] {
                auto const img = client.screenshot(room, req);
                sink += coverkit::download(client.transport(), img.url).bytes.size();
            };
            auto call_only = [&] { sink += client.screenshot(room, req).key.size(); };
            fd::scene_shot shot{room, scene, w, h, nullptr, nullptr, {}};
            if (std::string_view(scene) == "/deck/slide")
                shot.ppt = std::make_shared<coverkit::fake::ppt const>(
                    coverkit::fake::ppt{slide, 1280, 720});
            auto picture = [&] { sink += fd::render_scene(shot).size(); };
            fd::raster const blank(w, h);
            auto baseline = [&] { sink += fd::encode_png(blank).size(); };

            std::vector<double> a, b, c, d;
            for (int r = 0; r < rounds; ++r) {
                fake.reset(); // the journal keeps every request: start each round empty
                a.push_back(rate(seconds, full, 1));
                b.push_back(rate(seconds, call_only, 16));
                c.push_back(rate(seconds, picture, 1));
                d.push_back(rate(seconds, baseline, 1));
            }
            std::printf("\n%dx%d, %s (%s):\n", w, h, scene,
                        shot.ppt ? "1280x720 PNG background" : "white board with its mark");
            auto const full_rate = median(a), pic_rate = median(c);
            std::printf("  %-40s %10.1f /s  (%8.3f ms)\n", "screenshot + picture (download)",
                        full_rate, 1e3 / full_rate);
            std::printf("  %-40s %10.1f /s  (%8.3f ms)\n", "screenshot only", median(b),
                        1e3 / median(b));
            std::printf("  %-40s %10.1f /s  (%8.3f ms)\n", "picture alone (render_scene)", pic_rate,
                        1e3 / pic_rate);
            std::printf("  %-40s %10.1f /s  (%8.3f ms)\n", "baseline: libpng, all-white frame",
                        median(d), 1e3 / median(d));
            std::printf("  picture's share of screenshot + picture: %.0f%%\n",
                        100.0 * full_rate / pic_rate);
        }
    }

    // One directory of 1000 scenes: the call answers without drawing; reading draws each.
    using clock_type = std::chrono::steady_clock;
    auto const t0 = clock_type::now();
    auto const list = client.screenshot_list(room, {640, 480, "/many"});
    auto const t1 = clock_type::now();
    for (auto const& img : list)
        sink += coverkit::download(client.transport(), img.url).bytes.size();
    auto const t2 = clock_type::now();
    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::printf("\nscreenshot-list of a %zu-scene directory at 640x480:\n", list.size());
    std::printf("  %-40s %10.1f ms\n", "the call", ms(t1 - t0));
    std::printf("  %-40s %10.1f ms\n", "then downloading every picture", ms(t2 - t1));
    std::printf("\nchecksum %zu\n", sink);
    return 0;
}
