// The fake's picture functions (fake-server/src/picture.hpp), checked against libpng and
// TurboJPEG called directly (support/picture.hpp).

#include "services/object_store.hpp"
#include "services/picture_codec.hpp"
#include "services/scene_renderer.hpp"

#include "support/picture.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/test/unit_test.hpp>
#include <boost/url/url.hpp>

#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>

namespace fd = coverkit::fake::detail;
using coverkit::test::near;
using coverkit::test::rgb;

namespace {

constexpr rgb red{220, 20, 30};
constexpr rgb blue{20, 40, 200};

rgb at(fd::raster const& r, int x, int y)
{
    auto const* p = r.at(x, y);
    return {p[0], p[1], p[2]};
}

} // namespace

BOOST_AUTO_TEST_SUITE(fake_picture)

BOOST_AUTO_TEST_CASE(content_types_are_sniffed_from_signatures)
{
    BOOST_TEST(fd::sniff_content_type(
                   coverkit::test::encode_png(2, 2, [](int, int) { return red; })) == "image/png");
    BOOST_TEST(fd::sniff_content_type(coverkit::test::encode_jpeg(
                   2, 2, [](int, int) { return red; })) == "image/jpeg");
    BOOST_TEST(fd::sniff_content_type("GIF89a") == "application/octet-stream");
    BOOST_TEST(fd::sniff_content_type("") == "application/octet-stream");
}

BOOST_AUTO_TEST_CASE(png_and_jpeg_decode_to_their_pixels)
{
    auto const colour = [](int x, int y) { return (x + y) % 2 ? red : blue; };
    auto const png = fd::decode_picture(coverkit::test::encode_png(5, 3, colour));
    BOOST_TEST_REQUIRE(png.has_value());
    BOOST_TEST(png->width == 5);
    BOOST_TEST(png->height == 3);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 5; ++x)
            BOOST_TEST((at(*png, x, y) == colour(x, y)));

    auto const halves = [](int x, int) { return x < 32 ? red : blue; };
    auto const jpeg = fd::decode_picture(coverkit::test::encode_jpeg(64, 16, halves));
    BOOST_TEST_REQUIRE(jpeg.has_value());
    BOOST_TEST(jpeg->width == 64);
    BOOST_TEST(jpeg->height == 16);
    BOOST_TEST(near(at(*jpeg, 4, 8), red));
    BOOST_TEST(near(at(*jpeg, 60, 8), blue));
}

BOOST_AUTO_TEST_CASE(damaged_or_foreign_bytes_do_not_decode)
{
    auto const png = coverkit::test::encode_png(8, 8, [](int, int) { return red; });
    auto const jpeg = coverkit::test::encode_jpeg(8, 8, [](int, int) { return red; });
    BOOST_TEST(!fd::decode_picture("").has_value());
    BOOST_TEST(!fd::decode_picture("not a picture").has_value());
    BOOST_TEST(!fd::decode_picture(png.substr(0, 20)).has_value());
    BOOST_TEST(!fd::decode_picture(jpeg.substr(0, 10)).has_value());
    auto corrupt = png;
    corrupt[30] ^= 0x55; // the header chunk's CRC (bytes 29..32) no longer matches
    BOOST_TEST(!fd::decode_picture(corrupt).has_value());
    BOOST_TEST(!fd::decode_picture(png.substr(0, png.size() - 16)).has_value()); // no IEND
}

BOOST_AUTO_TEST_CASE(encoding_round_trips_through_libpng_and_is_deterministic)
{
    fd::raster r(7, 5);
    std::uint8_t const c[3] = {10, 200, 30};
    fd::fill_rect(r, 2, 1, 3, 3, c);
    auto const bytes = fd::encode_png(r);
    BOOST_TEST(fd::encode_png(r) == bytes);
    auto const back = coverkit::test::decode_png(bytes);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->width == 7);
    BOOST_TEST(back->height == 5);
    BOOST_TEST((back->at(3, 2) == rgb{10, 200, 30}));
    BOOST_TEST((back->at(0, 0) == rgb{255, 255, 255}));
    BOOST_TEST((back->at(5, 3) == rgb{255, 255, 255}));
}

BOOST_AUTO_TEST_CASE(encoded_pixels_are_what_libpng_reads_back_for_any_content_and_size)
{
    // Flat, random (igzip falls back to stored blocks) and mixed rows; sides of one pixel, odd
    // widths, and a frame large enough for many deflate blocks.
    std::mt19937 noise(7);
    std::uint8_t const c[3] = {10, 200, 30};
    for (auto const& [w, h] : {std::pair{1, 1}, {1, 9}, {9, 1}, {333, 77}, {1024, 768}}) {
        for (int kind = 0; kind < 3; ++kind) {
            fd::raster r(w, h);
            if (kind == 1)
                for (auto& byte : r.rgb)
                    byte = static_cast<std::uint8_t>(noise());
            if (kind == 2) {
                fd::fill_rect(r, w / 4, h / 4, w / 2 + 1, h / 2 + 1, c);
                for (int y = 0; y < h; y += 3)
                    for (int x = y % w; x < w; x += 7)
                        r.at(x, y)[1] = static_cast<std::uint8_t>(noise());
            }
            auto const bytes = fd::encode_png(r);
            BOOST_TEST(fd::encode_png(r) == bytes);
            auto const back = coverkit::test::decode_png(bytes);
            BOOST_TEST_REQUIRE(back.has_value(), w << "x" << h << " kind " << kind);
            BOOST_TEST(back->width == w);
            BOOST_TEST(back->height == h);
            BOOST_TEST((back->pixels == r.rgb), w << "x" << h << " kind " << kind);
        }
    }
    // The same pixels give the same bytes whatever the thread encoded before (igzip's working
    // memory is reused from picture to picture).
    fd::raster mixed(300, 200);
    fd::fill_rect(mixed, 20, 30, 100, 50, c);
    auto const first = fd::encode_png(mixed);
    fd::raster noisy(640, 480);
    for (auto& byte : noisy.rgb)
        byte = static_cast<std::uint8_t>(noise() % 4);
    fd::encode_png(noisy);
    BOOST_TEST(fd::encode_png(mixed) == first);

    fd::raster empty;
    BOOST_CHECK_THROW(fd::encode_png(empty), std::invalid_argument);
    fd::raster wrong(4, 4);
    wrong.rgb.pop_back();
    BOOST_CHECK_THROW(fd::encode_png(wrong), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(kept_pictures_count_in_the_store_and_go_first_when_it_is_full)
{
    fd::object_store store({}, "", 1000);
    auto const kept = store.kept();
    int derived = 0;
    auto make = [&](std::size_t n, char c) {
        return [&derived, n, c] {
            ++derived;
            return std::string(n, c);
        };
    };
    BOOST_TEST(*kept.get("a", make(200, 'a')) == std::string(200, 'a'));
    BOOST_TEST(*kept.get("a", make(200, 'x')) == std::string(200, 'a')); // kept: not derived
    BOOST_TEST(derived == 1);
    BOOST_TEST(store.used() == 200u);
    kept.get("b", make(250, 'b'));
    BOOST_TEST(store.used() == 450u);
    BOOST_TEST(*kept.get("big", make(251, 'c')) == std::string(251, 'c')); // over a quarter
    BOOST_TEST(store.used() == 450u);

    // An upload that needs the room: the kept pictures go, oldest first ("a" was used last).
    kept.get("a", make(200, 'a'));
    BOOST_TEST(
        store.put("up", std::make_shared<fd::stored_object>("text/plain", std::string(600, 'u'))));
    BOOST_TEST(store.used() == 800u);
    derived = 0;
    kept.get("a", make(200, 'a'));
    BOOST_TEST(derived == 0); // still kept
    kept.get("b", make(250, 'b'));
    BOOST_TEST(derived == 1); // was forgotten
    BOOST_TEST(store.used() <= 1000u);

    store.clear();
    BOOST_TEST(store.used() == 0u);

    // Once its store is gone, a copy keeps nothing and still answers.
    std::optional<fd::object_store> gone(std::in_place, coverkit::fake::storage{}, "", 1000);
    auto const orphan = gone->kept();
    gone.reset();
    derived = 0;
    BOOST_TEST(*orphan.get("a", make(10, 'z')) == std::string(10, 'z'));
    BOOST_TEST(*orphan.get("a", make(10, 'z')) == std::string(10, 'z'));
    BOOST_TEST(derived == 2);
    BOOST_TEST(*fd::kept_pictures{}.get("a", make(3, 'q')) == "qqq");
}

BOOST_AUTO_TEST_CASE(object_urls_encode_segments_as_boost_url_does)
{
    // The reference: Boost.URL's own segment encoding, on the public base or Host's URL.
    auto reference = [](std::string base, std::string_view bucket, std::string_view key) {
        boost::urls::url url(base);
        auto segs = url.segments();
        if (!segs.empty() && segs.back().empty())
            segs.pop_back();
        segs.push_back(bucket);
        for (std::size_t pos = 0, next; pos <= key.size(); pos = next + 1) {
            next = std::min(key.find('/', pos), key.size());
            segs.push_back(key.substr(pos, next - pos));
        }
        return std::string(url.buffer());
    };
    std::string every_byte;
    for (int c = 1; c < 256; ++c)
        if (c != '/')
            every_byte += static_cast<char>(c);
    std::vector<std::string> const keys{"room_cover/2811/faed3130727911ebaea37759ee91947c/init.png",
                                        "a b/\xc3\xbc/%/?#[]/:@!$&'()*+,;=",
                                        "x//y",
                                        "",
                                        "/lead/",
                                        every_byte};
    coverkit::http_request req{boost::beast::http::verb::post, "/", 11};
    req.set(boost::beast::http::field::host, "127.0.0.1:8080");
    for (std::string const base : {"", "http://h:1", "http://h:1/", "http://h:1/a/",
                                   "http://h:1/a//", "https://cdn.example/p/q?x=1&y=%20#f"}) {
        for (std::string_view bucket : {"white-cover", "b k"}) {
            fd::object_store store({std::string(bucket), "r"}, base, 1000);
            for (auto const& key : keys)
                BOOST_TEST(store.url_of(req, key) ==
                               reference(base.empty() ? "http://127.0.0.1:8080/storage" : base,
                                         bucket, key),
                           "base [" << base << "] key [" << key << "]");
        }
    }
    // A Host that is not a URL authority, or none: localhost; a public base that is not a URL:
    // as none.
    fd::object_store store({}, "not a url", 1000);
    for (std::string_view host : {"a b", "x{y}", "[::1", ""}) {
        req.set(boost::beast::http::field::host, host);
        BOOST_TEST(store.url_of(req, "k.png") == "http://localhost/storage/white-cover/k.png");
    }
}

BOOST_AUTO_TEST_CASE(fitted_backgrounds_are_kept_by_content_and_size)
{
    // Two slides of the same size, red and blue, as data: URLs; rendered, again, and at
    // another frame size: the kept fitted backgrounds must never stand for another picture.
    auto slide = [](std::uint8_t const(&c)[3]) {
        fd::raster r(40, 30);
        fd::fill_rect(r, 0, 0, 40, 30, c);
        auto const png = fd::encode_png(r);
        std::string encoded(boost::beast::detail::base64::encoded_size(png.size()), '\0');
        encoded.resize(
            boost::beast::detail::base64::encode(encoded.data(), png.data(), png.size()));
        return "data:image/png;base64," + encoded;
    };
    std::uint8_t const red_c[3] = {220, 20, 30}, blue_c[3] = {20, 40, 200};
    fd::object_store store({}, "", std::size_t(16) << 20);
    auto shot = [&store](std::string src, int w, int h) {
        fd::scene_shot s;
        s.kept = store.kept();
        s.room_uuid = "r";
        s.scene_path = "/deck/1";
        s.width = w;
        s.height = h;
        s.ppt = std::make_shared<coverkit::fake::ppt const>(coverkit::fake::ppt{src, 40, 30});
        return s;
    };
    auto const red_src = slide(red_c), blue_src = slide(blue_c);
    auto const first = fd::render_scene(shot(red_src, 80, 60));
    auto const used = store.used();
    BOOST_TEST(used == first.size());                             // kept, and counted in the store
    BOOST_TEST(fd::render_scene(shot(red_src, 80, 60)) == first); // the same bytes
    BOOST_TEST(store.used() == used);                             // from the kept picture
    for (auto const& [src, w, h, colour] :
         {std::tuple{red_src, 80, 60, red}, std::tuple{blue_src, 80, 60, blue},
          std::tuple{red_src, 40, 30, red}, std::tuple{blue_src, 40, 30, blue}}) {
        auto const picture = coverkit::test::decode_png(fd::render_scene(shot(src, w, h)));
        BOOST_TEST_REQUIRE(picture.has_value());
        BOOST_TEST(picture->width == w);
        BOOST_TEST(near(picture->at(w / 2, h / 2), colour), w << "x" << h);
    }
}

BOOST_AUTO_TEST_CASE(resampling_keeps_regions_where_they_were)
{
    fd::raster src(100, 50, 255, 255, 255);
    std::uint8_t const r[3] = {220, 20, 30}, b[3] = {20, 40, 200};
    fd::fill_rect(src, 0, 0, 50, 50, r);
    fd::fill_rect(src, 50, 0, 50, 50, b);
    auto const down = fd::resample(src, 0, 0, 100, 50, 20, 10);
    BOOST_TEST(down.width == 20);
    BOOST_TEST(down.height == 10);
    BOOST_TEST(near(at(down, 2, 5), red));
    BOOST_TEST(near(at(down, 17, 5), blue));
    auto const up = fd::resample(src, 0, 0, 100, 50, 400, 200);
    BOOST_TEST(near(at(up, 100, 100), red));
    BOOST_TEST(near(at(up, 300, 100), blue));
    // A region: the right half alone is blue but for the filter's reach across its left edge.
    auto const right = fd::resample(src, 50, 0, 50, 50, 30, 30);
    BOOST_TEST(near(at(right, 4, 15), blue));
    BOOST_TEST(near(at(right, 28, 28), blue));
}

BOOST_AUTO_TEST_CASE(blit_and_fill_clip_at_the_edges)
{
    fd::raster dst(10, 10);
    std::uint8_t const c[3] = {1, 2, 3};
    fd::fill_rect(dst, -5, -5, 7, 7, c);
    BOOST_TEST((at(dst, 0, 0) == rgb{1, 2, 3}));
    BOOST_TEST((at(dst, 1, 1) == rgb{1, 2, 3}));
    BOOST_TEST((at(dst, 2, 2) == rgb{255, 255, 255}));
    fd::raster src(4, 4, 9, 9, 9);
    fd::blit(dst, src, 8, 8);
    BOOST_TEST((at(dst, 9, 9) == rgb{9, 9, 9}));
    BOOST_TEST((at(dst, 7, 7) == rgb{255, 255, 255}));
    fd::blit(dst, src, 20, 20); // wholly outside: nothing
    fd::blit(dst, src, -10, 0);
    BOOST_TEST((at(dst, 5, 5) == rgb{255, 255, 255}));
}

BOOST_AUTO_TEST_CASE(text_is_drawn_centred_and_shrunk_to_fit)
{
    fd::raster r(200, 40);
    std::uint8_t const black[3] = {0, 0, 0};
    BOOST_TEST_REQUIRE(fd::draw_text(r, "/physics", 100, 20, 24, 180, black));
    int left = r.width, right = -1;
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x)
            if (at(r, x, y)[0] < 128) {
                left = std::min(left, x);
                right = std::max(right, x);
            }
    BOOST_TEST(left < right);
    BOOST_TEST(std::abs((left + right) / 2 - 100) <= 3); // centred
    // Too long for its room at 24 px: drawn smaller, inside it.
    fd::raster narrow(60, 40);
    BOOST_TEST(fd::draw_text(narrow, "/a/long/scene/path", 30, 20, 24, 58, black));
    BOOST_TEST((at(narrow, 0, 20) == rgb{255, 255, 255}));
    BOOST_TEST((at(narrow, 59, 20) == rgb{255, 255, 255}));
    // Below 6 px: nothing drawn.
    fd::raster tiny(10, 10);
    BOOST_TEST(!fd::draw_text(tiny, "/x", 5, 5, 5, 10, black));
    BOOST_TEST((tiny.rgb == fd::raster(10, 10).rgb));
}

BOOST_AUTO_TEST_SUITE_END()
