// A screenshot's picture: the scene's background fitted inside the frame on white, or a white
// board with a mark of the scene.

#include "scene_renderer.hpp"

#include "fixture_sources.hpp"
#include "picture_codec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace coverkit::fake::detail {

namespace {

// The encoded bytes of a background: an object of the store captured with the shot, a `data:`
// URL, or a file next to the fixture.
std::optional<std::string> background_bytes(scene_shot const& shot)
{
    if (shot.ppt_object)
        return *shot.ppt_object->bytes();
    std::string_view const src = shot.ppt->src;
    return fixture_source_bytes(shot.base_dir, src);
}

// FNV-1a, 64 bits, continued from `h` over `bytes`: stable across runs, and cheap beside
// decoding a picture.
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ull) noexcept
{
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

// A stable digest of the scene, so its mark is the same in every run.
std::uint64_t scene_digest(std::string_view room, std::string_view path) noexcept
{
    return fnv1a(path, fnv1a(std::string_view("\0", 1), fnv1a(room)));
}

// A saturated, mid-dark colour from a digest (white text stays readable on it).
void mark_colour(std::uint64_t digest, std::uint8_t (&rgb)[3]) noexcept
{
    double const hue = static_cast<double>(digest % 360) / 60.0;
    double const s = 0.55 + static_cast<double>((digest >> 16) % 30) / 100.0;
    double const v = 0.72;
    double const c = v * s;
    double const x = c * (1 - std::fabs(std::fmod(hue, 2.0) - 1));
    double r = 0, g = 0, b = 0;
    switch (static_cast<int>(hue)) {
    case 0:
        r = c, g = x;
        break;
    case 1:
        r = x, g = c;
        break;
    case 2:
        g = c, b = x;
        break;
    case 3:
        g = x, b = c;
        break;
    case 4:
        r = x, b = c;
        break;
    default:
        r = c, b = x;
        break;
    }
    double const m = v - c;
    rgb[0] = static_cast<std::uint8_t>(std::lround((r + m) * 255));
    rgb[1] = static_cast<std::uint8_t>(std::lround((g + m) * 255));
    rgb[2] = static_cast<std::uint8_t>(std::lround((b + m) * 255));
}

// A white board with the scene's mark: a band across the middle in a colour of the scene, the
// scene path written on it, and a square whose place along the band is the scene's too.
void draw_board(scene_shot const& shot, raster& out)
{
    out.reset(shot.width, shot.height);
    auto const digest = scene_digest(shot.room_uuid, shot.scene_path);
    std::uint8_t colour[3];
    mark_colour(digest, colour);
    int const w = shot.width, h = shot.height;
    int const margin_x = w / 12;
    int const band_h = std::max(1, h / 4);
    int const band_y = (h - band_h) / 2;
    fill_rect(out, margin_x, band_y, w - 2 * margin_x, band_h, colour);
    // A small square above the band, at a place of the scene's own.
    int const side = std::max(1, band_h / 3);
    int const room_x = std::max(1, w - 2 * margin_x - side);
    fill_rect(out, margin_x + static_cast<int>((digest >> 32) % static_cast<unsigned>(room_x)),
              band_y - side - std::max(1, side / 2), side, side, colour);
    std::uint8_t const white[3] = {255, 255, 255};
    draw_text(out, shot.scene_path, w / 2, band_y + band_h / 2, band_h * 3 / 5,
              (w - 2 * margin_x) * 9 / 10, white);
}

// The background decoded and fitted inside the frame, centred, on white, as a PNG; empty when
// the bytes are not a picture.
std::string fitted_background(scene_shot const& shot, std::string const& bytes)
{
    auto const picture = decode_picture(bytes);
    if (!picture)
        return {};
    // The page is ppt.width × ppt.height on the board, and the picture fills it.
    double const scale = std::min(static_cast<double>(shot.width) / shot.ppt->width,
                                  static_cast<double>(shot.height) / shot.ppt->height);
    int const w = std::clamp(static_cast<int>(std::lround(shot.ppt->width * scale)), 1, shot.width);
    int const h =
        std::clamp(static_cast<int>(std::lround(shot.ppt->height * scale)), 1, shot.height);
    raster out(shot.width, shot.height);
    blit(out, resample(*picture, 0, 0, picture->width, picture->height, w, h), (shot.width - w) / 2,
         (shot.height - h) / 2);
    return encode_png(out);
}

} // namespace

std::string render_scene(scene_shot const& shot)
{
    if (shot.ppt) {
        if (auto const bytes = background_bytes(shot)) {
            // The picture is the background alone: kept by what it depends on, the encoded
            // picture (digest and size), the page's size and the frame's, so a deck taken again
            // at a size it was taken at costs neither a decode, a resample nor an encode.
            auto const key = std::to_string(fnv1a(*bytes)) + ':' + std::to_string(bytes->size()) +
                             ':' + std::to_string(shot.ppt->width) + 'x' +
                             std::to_string(shot.ppt->height) + ':' + std::to_string(shot.width) +
                             'x' + std::to_string(shot.height);
            auto const png = shot.kept.get(key, [&] { return fitted_background(shot, *bytes); });
            if (!png->empty())
                return *png;
        }
    }
    // The board is drawn on the thread's own canvas, kept between pictures up to
    // `kept_buffer_bytes`.
    thread_local raster canvas;
    if (static_cast<std::size_t>(shot.width) * static_cast<std::size_t>(shot.height) * 3 >
        kept_buffer_bytes) {
        raster once;
        draw_board(shot, once);
        return encode_png(once);
    }
    draw_board(shot, canvas);
    return encode_png(canvas);
}

} // namespace coverkit::fake::detail
