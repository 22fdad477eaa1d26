// Screenshots with their pictures, per second, on one thread, in process.
//
//   screenshot + picture: whiteboard::client::screenshot over the in-process transport, then
//                         coverkit::download of the image URL through the same transport: the
//                         fake routes, checks the token, captures the scene, answers; the GET
//                         draws the PNG (the first read of a new object) and serves it.
//   screenshot only:      the same call without reading the picture: what a caller that never
//                         reads it pays (the fake draws nothing).
//   picture alone:        the fake's render_scene for the same scene, no HTTP at all; for the
//                         slide, after the first picture (which decodes, fits and encodes it,
//                         timed once on its own), with the store's kept pictures as the fake has.
//   baseline:             libpng writing an all-white frame of the same size with its fastest
//                         settings (PNG_IMAGE_FLAG_FAST): what the fake paid per frame before it
//                         wrote its PNGs with igzip, and the yardstick of the goals below; beside
//                         it the fake's own encoder on the same white frame.
//
// Each at 640x480 and 1920x1080, for a board (no background) and for a scene whose 1280x720 PNG
// background is decoded, resampled and drawn, with the size of each file; then the goals
// (board <= 4 ms and <= 0.3 x libpng's white frame; slide <= 1.3 x the board of the same size)
// checked against the figures of this run; then one directory of 1000 scenes through
// screenshot-list, timed without and with reading every picture.
// Usage: coverkit-bench-pictures [SECONDS_PER_ROUND=1] [ROUNDS=3]

#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include "rate.hpp"
#include "services/object_store.hpp"
#include "services/picture_codec.hpp"
#include "services/scene_renderer.hpp"

#include <png.h>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
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

// libpng's simplified API with its fastest settings: the baseline.
std::string libpng_encode(fd::raster const& r)
{
    png_image img;
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = static_cast<png_uint_32>(r.width);
    img.height = static_cast<png_uint_32>(r.height);
    img.format = PNG_FORMAT_RGB;
    img.flags = PNG_IMAGE_FLAG_FAST;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&img, nullptr, &size, 0, r.rgb.data(), 0, nullptr))
        throw std::runtime_error(img.message);
    std::string out(size, '\0');
    if (!png_image_write_to_memory(&img, out.data(), &size, 0, r.rgb.data(), 0, nullptr))
        throw std::runtime_error(img.message);
    out.resize(size);
    return out;
}

double ms_of(double per_second)
{
    return 1e3 / per_second;
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
    // Where the slide's picture is kept between shots, as in the fake's own store.
    fd::object_store store({}, "", std::size_t(256) << 20);
    std::map<std::pair<int, int>, double> board_ms, slide_ms, libpng_ms;
    for (auto [w, h] : {std::pair{640, 480}, {1920, 1080}}) {
        for (char const* scene : {"/init", "/deck/slide"}) {
            wb::screenshot_request const req{w, h, scene};
            auto full = [&] {
                auto const img = client.screenshot(room, req);
                sink += coverkit::download(client.transport(), img.url).bytes.size();
            };
            auto call_only = [&] { sink += client.screenshot(room, req).key.size(); };
            fd::scene_shot shot{room, scene, w, h, nullptr, nullptr, {}, store.kept()};
            bool const is_slide = std::string_view(scene) == "/deck/slide";
            double first_ms = 0;
            if (is_slide) {
                shot.ppt = std::make_shared<coverkit::fake::ppt const>(
                    coverkit::fake::ppt{slide, 1280, 720});
                auto const t0 = std::chrono::steady_clock::now();
                sink += fd::render_scene(shot).size();
                first_ms =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count();
            }
            auto const picture_size = fd::render_scene(shot).size();
            auto picture = [&] { sink += fd::render_scene(shot).size(); };
            fd::raster const blank(w, h);
            auto baseline = [&] { sink += libpng_encode(blank).size(); };
            auto ours = [&] { sink += fd::encode_png(blank).size(); };

            std::vector<double> a, b, c, d, e;
            for (int r = 0; r < rounds; ++r) {
                fake.reset(); // the journal keeps every request: start each round empty
                a.push_back(rate(seconds, full, 1));
                b.push_back(rate(seconds, call_only, 16));
                c.push_back(rate(seconds, picture, 1));
                d.push_back(rate(seconds, baseline, 1));
                e.push_back(rate(seconds, ours, 1));
            }
            std::printf("\n%dx%d, %s (%s):\n", w, h, scene,
                        shot.ppt ? "1280x720 PNG background" : "white board with its mark");
            auto const full_rate = median(a), pic_rate = median(c);
            std::printf("  %-44s %10.1f /s  (%8.3f ms)\n", "screenshot + picture (download)",
                        full_rate, ms_of(full_rate));
            std::printf("  %-44s %10.1f /s  (%8.3f ms)\n", "screenshot only", median(b),
                        ms_of(median(b)));
            if (is_slide)
                std::printf("  %-44s %10s     (%8.3f ms)\n", "first picture of the slide", "",
                            first_ms);
            std::printf("  %-44s %10.1f /s  (%8.3f ms)  %8zu bytes\n",
                        is_slide ? "picture alone, after the first"
                                 : "picture alone (render_scene)",
                        pic_rate, ms_of(pic_rate), picture_size);
            std::printf("  %-44s %10.1f /s  (%8.3f ms)  %8zu bytes\n",
                        "baseline: libpng, all-white frame", median(d), ms_of(median(d)),
                        libpng_encode(blank).size());
            std::printf("  %-44s %10.1f /s  (%8.3f ms)  %8zu bytes\n",
                        "the fake's encoder, all-white frame", median(e), ms_of(median(e)),
                        fd::encode_png(blank).size());
            std::printf("  picture's share of screenshot + picture: %.0f%%\n",
                        100.0 * full_rate / pic_rate);
            (is_slide ? slide_ms : board_ms)[{w, h}] = ms_of(pic_rate);
            libpng_ms[{w, h}] = ms_of(median(d));
        }
    }

    std::printf("\ngoals, against this run's figures:\n");
    for (auto const& [size, board] : board_ms) {
        auto const [w, h] = size;
        auto const libpng = libpng_ms[size], slide_t = slide_ms[size];
        std::printf("  %dx%d board: %.2f ms, %.2f x libpng's white frame (%.2f ms)%s\n", w, h,
                    board, board / libpng, libpng,
                    w == 1920 ? (board <= 4.0 && board <= 0.3 * libpng
                                     ? "  goal <= 4 ms and <= 0.3 x: met"
                                     : "  goal <= 4 ms and <= 0.3 x: NOT met")
                              : "");
        std::printf("  %dx%d slide after the first: %.2f ms, %.2f x the board%s\n", w, h, slide_t,
                    slide_t / board,
                    w == 1920 ? (slide_t <= 1.3 * board ? "  goal <= 1.3 x: met"
                                                        : "  goal <= 1.3 x: NOT met")
                              : "");
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
