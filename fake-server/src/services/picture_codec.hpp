#ifndef COVERKIT_FAKE_SRC_SERVICES_PICTURE_CODEC_HPP
#define COVERKIT_FAKE_SRC_SERVICES_PICTURE_CODEC_HPP

// Pixels in and out of the fake: PNG decoded by libpng and encoded here, compressed by ISA-L's
// igzip; JPEG through libjpeg-turbo (TurboJPEG), resampling through stb_image_resize, text
// through FreeType. Nothing here holds state but per-thread working memory.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake::detail {

/// An 8-bit sRGB picture without alpha, rows top to bottom, `width * 3` bytes per row.
struct raster
{
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    raster() = default;
    /// A `width` × `height` picture filled with one colour.
    raster(int w, int h, std::uint8_t r = 255, std::uint8_t g = 255, std::uint8_t b = 255);

    /// Makes this a `width` × `height` picture filled with one colour, reusing its memory.
    void reset(int w, int h, std::uint8_t r = 255, std::uint8_t g = 255, std::uint8_t b = 255);

    std::uint8_t* at(int x, int y) noexcept
    {
        return rgb.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                             static_cast<std::size_t>(x)) *
                                3;
    }
    std::uint8_t const* at(int x, int y) const noexcept
    {
        return const_cast<raster*>(this)->at(x, y);
    }
};

/// The media type of encoded picture bytes, from their signature: `image/png`, `image/jpeg`,
/// or `application/octet-stream` for anything else.
std::string_view sniff_content_type(std::string_view bytes) noexcept;

/** Decodes a PNG or a JPEG into RGB; transparent pixels are composed onto white.
    @return Nothing when the bytes are neither, or are damaged. */
std::optional<raster> decode_picture(std::string_view bytes);

/** The most a picture thread keeps of each of its working buffers (the board's canvas, and
    the encoder's filtered rows and file) between pictures, so that a frame costs no fresh
    pages: 8 MiB, a 1920x1080 frame; 24 MiB a thread in all. Larger pictures get memory of
    their own, freed once done. */
inline constexpr std::size_t kept_buffer_bytes = std::size_t(8) << 20;

/** Encodes `r` as an 8-bit RGB PNG, favouring speed over size: rows filtered Up (the first
    Sub), compressed by igzip at level 1 into one IDAT chunk. A white 1920x1080 frame takes about
    a twentieth of libpng's fastest settings, in a file within 7% of its size (see
    benchmarks/picture_throughput.cpp). The same pixels always give the same bytes.
    @throws std::invalid_argument when `r` is not a picture (no pixels, or the wrong number). */
std::string encode_png(raster const& r);

/** The region `[x, y, x + w, y + h)` of `src` (pixels, within it) resampled to `out_w` ×
    `out_h` with stb_image_resize's default filters (Mitchell down, Catmull-Rom up) in linear
    light. The whole picture is `resample(src, 0, 0, src.width, src.height, ...)`. */
raster resample(raster const& src, double x, double y, double w, double h, int out_w, int out_h);

/// Copies `src` into `dst` with its top-left corner at (`x`, `y`); what falls outside is cut.
void blit(raster& dst, raster const& src, int x, int y) noexcept;

/// Fills the rectangle `[x, x + w) × [y, y + h)` (clipped) with one colour.
void fill_rect(raster& dst, int x, int y, int w, int h, std::uint8_t const (&rgb)[3]) noexcept;

/** Draws `text` (UTF-8) in one line with its box centred at (`cx`, `cy`), at a pixel size no
    larger than `px` that makes it fit in `max_width`, in `rgb`. Uses the font named by the
    environment variable `COVERKIT_FAKE_FONT`, else DejaVu Sans where Debian puts it.
    @return false, drawing nothing, when no font is found or the text would be under 6 px. */
bool draw_text(raster& dst, std::string_view text, int cx, int cy, int px, int max_width,
               std::uint8_t const (&rgb)[3]);

} // namespace coverkit::fake::detail

#endif
