#include "picture_codec.hpp"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <png.h>
#include <turbojpeg.h>

// stb is header-only as package managers ship it: its implementation is compiled here, in this
// one translation unit, with internal linkage (STATIC), so that it cannot clash with a copy of
// stb in the program that links the fake.
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#define STB_IMAGE_RESIZE_STATIC
#include <stb_image_resize.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace coverkit::fake::detail {

namespace {

// Pictures larger than this are refused when decoding (a fixture or upload, not an attack
// surface, but a damaged header should not ask for gigabytes).
constexpr std::uint64_t max_decoded_pixels = std::uint64_t(1) << 26; // 64 Mpx

std::optional<raster> decode_png(std::string_view bytes)
{
    png_image img;
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, bytes.data(), bytes.size()))
        return std::nullopt;
    if (std::uint64_t(img.width) * img.height > max_decoded_pixels || img.width == 0 ||
        img.height == 0) {
        png_image_free(&img);
        return std::nullopt;
    }
    img.format = PNG_FORMAT_RGB;
    raster out(static_cast<int>(img.width), static_cast<int>(img.height));
    png_color const white{255, 255, 255};
    if (!png_image_finish_read(&img, &white, out.rgb.data(), 0, nullptr)) {
        png_image_free(&img);
        return std::nullopt;
    }
    png_image_free(&img);
    return out;
}

std::optional<raster> decode_jpeg(std::string_view bytes)
{
    std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitDecompress(), &tjDestroy);
    if (!tj)
        return std::nullopt;
    auto const* data = reinterpret_cast<unsigned char const*>(bytes.data());
    auto const size = static_cast<unsigned long>(bytes.size());
    int w = 0, h = 0, subsamp = 0, colorspace = 0;
    if (tjDecompressHeader3(tj.get(), data, size, &w, &h, &subsamp, &colorspace) != 0 || w <= 0 ||
        h <= 0 || std::uint64_t(w) * std::uint64_t(h) > max_decoded_pixels)
        return std::nullopt;
    raster out(w, h);
    // A warning (say, a truncated scan) still leaves a picture; only errors refuse it.
    if (tjDecompress2(tj.get(), data, size, out.rgb.data(), w, 0, h, TJPF_RGB, 0) != 0 &&
        tjGetErrorCode(tj.get()) != TJERR_WARNING)
        return std::nullopt;
    return out;
}

// ---- text ----

struct font
{
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    std::mutex mutex; // a FreeType face is not safe to use from two threads at once
};

// The font, loaded on first use and kept for the life of the process; null when none is found.
font* the_font()
{
    static font* const f = [] {
        std::vector<std::string> candidates;
        if (char const* env = std::getenv("COVERKIT_FAKE_FONT"); env && *env)
            candidates.emplace_back(env);
        candidates.emplace_back("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        candidates.emplace_back("/usr/share/fonts/TTF/DejaVuSans.ttf");
        candidates.emplace_back("/usr/local/share/fonts/DejaVuSans.ttf");
        auto* loaded = new font;
        if (FT_Init_FreeType(&loaded->library) != 0) {
            delete loaded;
            return static_cast<font*>(nullptr);
        }
        for (auto const& path : candidates)
            if (FT_New_Face(loaded->library, path.c_str(), 0, &loaded->face) == 0)
                return loaded;
        FT_Done_FreeType(loaded->library);
        delete loaded;
        return static_cast<font*>(nullptr);
    }();
    return f;
}

// The next code point of UTF-8 `s` from `i`, advancing it; U+FFFD for a malformed sequence.
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept
{
    auto const lead = static_cast<unsigned char>(s[i++]);
    if (lead < 0x80)
        return lead;
    int extra = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : -1;
    if (extra < 0)
        return 0xfffd;
    char32_t cp = lead & (0x3f >> extra);
    for (; extra > 0; --extra) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xc0) != 0x80)
            return 0xfffd;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3f);
    }
    return cp;
}

// The advance width of `text` in pixels at the face's current size.
long text_width(FT_Face face, std::string_view text)
{
    long width = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (FT_Load_Char(face, next_code_point(text, i), FT_LOAD_DEFAULT) == 0)
            width += face->glyph->advance.x;
    }
    return width >> 6;
}

// ---- PNG encoding ----

void put_be32(std::uint8_t* p, std::uint32_t v) noexcept
{
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
}

// ISA-L's AVX-512 and AVX2 code (igzip, its Adler-32 and CRC-32) returns with the upper halves
// of the vector registers in use.
// Until something clears them, every SSE instruction the thread runs afterwards (zlib's, the
// JSON parser's, the resampler's) pays for a false dependency on them: measured here, libpng
// writing a frame took 41 ms after one ISA-L CRC against 16 ms before. VZEROUPPER clears them,
// as compilers do on leaving AVX code; only on a processor that has AVX (else igzip used none).
void clear_upper_vector_state() noexcept
{
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
    static bool const has_avx = __builtin_cpu_supports("avx");
    if (has_avx)
        __asm__ __volatile__("vzeroupper" ::: "memory");
#endif
}

// PNG's CRC-32 (ISO 3309, reflected, as zlib's and gzip's) of a chunk's type and data.
std::uint32_t png_crc(std::uint8_t const* p, std::size_t n) noexcept
{
    auto const crc = crc32_gzip_refl(0, p, n);
    clear_upper_vector_state();
    return crc;
}

// Writes a whole chunk (length, type, data, CRC) at `p`; returns the end.
std::uint8_t* put_chunk(std::uint8_t* p, char const (&type)[5], std::uint8_t const* data,
                        std::size_t n) noexcept
{
    put_be32(p, static_cast<std::uint32_t>(n));
    std::memcpy(p + 4, type, 4);
    if (n != 0)
        std::memcpy(p + 8, data, n);
    put_be32(p + 8 + n, png_crc(p + 4, 4 + n));
    return p + 12 + n;
}

// Working memory of a picture being encoded (`use`: 0 the filtered rows, 1 the file): the
// thread's kept buffer when `n` is at most `kept_buffer_bytes`; else `own`, allocated now.
std::uint8_t* encode_buffer(int use, std::size_t n, std::unique_ptr<std::uint8_t[]>& own)
{
    thread_local std::unique_ptr<std::uint8_t[]> kept[2];
    thread_local std::size_t kept_size[2] = {0, 0};
    if (n > kept_buffer_bytes) {
        own = std::make_unique_for_overwrite<std::uint8_t[]>(n);
        return own.get();
    }
    if (n > kept_size[use]) {
        kept[use] = std::make_unique_for_overwrite<std::uint8_t[]>(n);
        kept_size[use] = n;
    }
    return kept[use].get();
}

// igzip's working memory for level 1, per thread.
std::vector<std::uint8_t>& igzip_level_buffer()
{
    thread_local std::vector<std::uint8_t> buffer(ISAL_DEF_LVL1_DEFAULT);
    return buffer;
}

} // namespace

raster::raster(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    reset(w, h, r, g, b);
}

void raster::reset(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    width = w;
    height = h;
    auto const size = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3;
    if (r == g && g == b) {
        rgb.assign(size, r);
        return;
    }
    rgb.resize(size);
    for (std::size_t i = 0; i < rgb.size(); i += 3) {
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
    }
}

std::string_view sniff_content_type(std::string_view bytes) noexcept
{
    if (bytes.starts_with("\x89PNG\r\n\x1a\n"))
        return "image/png";
    if (bytes.starts_with("\xff\xd8\xff"))
        return "image/jpeg";
    return "application/octet-stream";
}

std::optional<raster> decode_picture(std::string_view bytes)
{
    auto const type = sniff_content_type(bytes);
    if (type == "image/png")
        return decode_png(bytes);
    if (type == "image/jpeg")
        return decode_jpeg(bytes);
    return std::nullopt;
}

std::string encode_png(raster const& r)
{
    if (r.width <= 0 || r.height <= 0 || r.rgb.size() != std::size_t(r.width) * r.height * 3)
        throw std::invalid_argument("PNG encoding: not a picture");
    auto const stride = static_cast<std::size_t>(r.width) * 3;
    auto const filtered_size = (stride + 1) * static_cast<std::size_t>(r.height);
    // igzip counts in 32 bits: a frame of more than 2 GiB cannot happen (sides are bounded),
    // but say so rather than wrap.
    if (filtered_size > std::numeric_limits<std::uint32_t>::max() / 2)
        throw std::length_error("PNG encoding: picture too large");

    // The rows as PNG stores them: a filter byte, then the row filtered (Up: the difference from
    // the row above; the first row Sub: from the pixel to its left). Boards and fitted slides are
    // mostly rows equal to the one above: those become zeros without arithmetic, and igzip turns
    // runs of zeros into a few bits each.
    std::unique_ptr<std::uint8_t[]> own_filtered, own_file;
    std::uint8_t* const filtered = encode_buffer(0, filtered_size, own_filtered);
    auto* out_row = filtered;
    for (int y = 0; y < r.height; ++y, out_row += stride + 1) {
        auto const* row = r.rgb.data() + static_cast<std::size_t>(y) * stride;
        if (y == 0) {
            out_row[0] = 1; // Sub
            std::memcpy(out_row + 1, row, std::min<std::size_t>(3, stride));
            for (std::size_t i = 3; i < stride; ++i)
                out_row[1 + i] = static_cast<std::uint8_t>(row[i] - row[i - 3]);
            continue;
        }
        auto const* above = row - stride;
        out_row[0] = 2; // Up
        if (std::memcmp(row, above, stride) == 0) {
            std::memset(out_row + 1, 0, stride);
            continue;
        }
        for (std::size_t i = 0; i < stride; ++i)
            out_row[1 + i] = static_cast<std::uint8_t>(row[i] - above[i]);
    }

    // The file: signature, IHDR, one IDAT holding the zlib stream, IEND. igzip compresses
    // straight into the IDAT's place; the buffer allows for stored blocks, the worst case.
    constexpr std::string_view signature("\x89PNG\r\n\x1a\n", 8);
    constexpr std::size_t ihdr_size = 12 + 13, idat_head = 8, iend_size = 12;
    auto const bound = filtered_size + filtered_size / 64 + 4096;
    std::size_t const total_bound =
        signature.size() + ihdr_size + idat_head + bound + 4 + iend_size;
    std::uint8_t* const file = encode_buffer(1, total_bound, own_file);
    std::uint8_t* p = file;
    std::memcpy(p, signature.data(), signature.size());
    p += signature.size();

    std::uint8_t ihdr[13];
    put_be32(ihdr, static_cast<std::uint32_t>(r.width));
    put_be32(ihdr + 4, static_cast<std::uint32_t>(r.height));
    ihdr[8] = 8;  // bits per sample
    ihdr[9] = 2;  // colour type: RGB
    ihdr[10] = 0; // deflate
    ihdr[11] = 0; // adaptive filtering
    ihdr[12] = 0; // not interlaced
    p = put_chunk(p, "IHDR", ihdr, sizeof ihdr);

    std::uint8_t* const idat = p;
    std::memcpy(idat + 4, "IDAT", 4);
    isal_zstream z;
    isal_deflate_stateless_init(&z);
    z.level = 1;
    auto& level_buffer = igzip_level_buffer();
    z.level_buf = level_buffer.data();
    z.level_buf_size = static_cast<std::uint32_t>(level_buffer.size());
    z.gzip_flag = IGZIP_ZLIB;
    z.end_of_stream = 1;
    z.flush = NO_FLUSH;
    z.next_in = filtered;
    z.next_out = idat + idat_head;
    z.avail_in = static_cast<std::uint32_t>(filtered_size);
    z.avail_out = static_cast<std::uint32_t>(bound);
    int const status = isal_deflate_stateless(&z);
    clear_upper_vector_state();
    if (status != COMP_OK)
        throw std::runtime_error("PNG encoding failed (igzip)");
    std::size_t const compressed = z.total_out;
    put_be32(idat, static_cast<std::uint32_t>(compressed));
    put_be32(idat + idat_head + compressed, png_crc(idat + 4, 4 + compressed));
    p = idat + idat_head + compressed + 4;
    p = put_chunk(p, "IEND", nullptr, 0);
    return std::string(reinterpret_cast<char const*>(file), static_cast<std::size_t>(p - file));
}

raster resample(raster const& src, double x, double y, double w, double h, int out_w, int out_h)
{
    raster out(out_w, out_h);
    int const ok = stbir_resize_region(
        src.rgb.data(), src.width, src.height, src.width * 3, out.rgb.data(), out_w, out_h,
        out_w * 3, STBIR_TYPE_UINT8, 3, STBIR_ALPHA_CHANNEL_NONE, 0, STBIR_EDGE_CLAMP,
        STBIR_EDGE_CLAMP, STBIR_FILTER_DEFAULT, STBIR_FILTER_DEFAULT, STBIR_COLORSPACE_SRGB,
        nullptr, static_cast<float>(x / src.width), static_cast<float>(y / src.height),
        static_cast<float>((x + w) / src.width), static_cast<float>((y + h) / src.height));
    if (!ok)
        throw std::runtime_error("resampling failed");
    return out;
}

void blit(raster& dst, raster const& src, int x, int y) noexcept
{
    int const x0 = std::max(x, 0), x1 = std::min(x + src.width, dst.width);
    if (x0 >= x1)
        return;
    for (int row = std::max(y, 0); row < std::min(y + src.height, dst.height); ++row)
        std::memcpy(dst.at(x0, row), src.at(x0 - x, row - y),
                    static_cast<std::size_t>(x1 - x0) * 3);
}

void fill_rect(raster& dst, int x, int y, int w, int h, std::uint8_t const (&rgb)[3]) noexcept
{
    int const x0 = std::max(x, 0), x1 = std::min(x + w, dst.width);
    int const y0 = std::max(y, 0), y1 = std::min(y + h, dst.height);
    if (x0 >= x1 || y0 >= y1)
        return;
    // The first row pixel by pixel, the others copies of it.
    for (int col = x0; col < x1; ++col)
        std::memcpy(dst.at(col, y0), rgb, 3);
    auto const bytes = static_cast<std::size_t>(x1 - x0) * 3;
    for (int row = y0 + 1; row < y1; ++row)
        std::memcpy(dst.at(x0, row), dst.at(x0, y0), bytes);
}

bool draw_text(raster& dst, std::string_view text, int cx, int cy, int px, int max_width,
               std::uint8_t const (&rgb)[3])
{
    constexpr int min_px = 6;
    auto* f = the_font();
    if (!f || px < min_px || max_width <= 0)
        return false;
    std::lock_guard lock(f->mutex);
    FT_Face const face = f->face;
    if (FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px)) != 0)
        return false;
    auto width = text_width(face, text);
    if (width > max_width) {
        px = static_cast<int>(static_cast<long>(px) * max_width / width);
        if (px < min_px || FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px)) != 0)
            return false;
        width = text_width(face, text);
    }
    auto const ascender = face->size->metrics.ascender >> 6;
    auto const descender = face->size->metrics.descender >> 6; // negative
    long pen_x = cx - width / 2;
    long const baseline = cy - (ascender - descender) / 2 + ascender;
    for (std::size_t i = 0; i < text.size();) {
        if (FT_Load_Char(face, next_code_point(text, i), FT_LOAD_RENDER) != 0)
            continue;
        auto const* g = face->glyph;
        auto const& bm = g->bitmap;
        long const left = pen_x + g->bitmap_left;
        long const top = baseline - g->bitmap_top;
        for (unsigned r = 0; r < bm.rows; ++r) {
            long const y = top + static_cast<long>(r);
            if (y < 0 || y >= dst.height)
                continue;
            for (unsigned c = 0; c < bm.width; ++c) {
                long const x = left + static_cast<long>(c);
                if (x < 0 || x >= dst.width)
                    continue;
                unsigned const a = bm.buffer[static_cast<long>(r) * bm.pitch + c];
                auto* p = dst.at(static_cast<int>(x), static_cast<int>(y));
                for (int k = 0; k < 3; ++k)
                    p[k] = static_cast<std::uint8_t>((p[k] * (255 - a) + rgb[k] * a + 127) / 255);
            }
        }
        pen_x += g->advance.x >> 6;
    }
    return true;
}

} // namespace coverkit::fake::detail
