// Pictures in the tests, straight through libpng's simplified API and TurboJPEG: the pictures
// the fake serves are decoded here without any of the fake's own code, and test backgrounds and
// media are encoded here.
#ifndef COVERKIT_TESTS_SUPPORT_PICTURE_HPP
#define COVERKIT_TESTS_SUPPORT_PICTURE_HPP

#include <png.h>
#include <turbojpeg.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::test {

using rgb = std::array<std::uint8_t, 3>;

/// A decoded picture: 8-bit RGB, rows top to bottom.
struct picture
{
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    rgb at(int x, int y) const
    {
        auto const* p = pixels.data() + (static_cast<std::size_t>(y) * width + x) * 3;
        return {p[0], p[1], p[2]};
    }
};

/// The picture in `bytes`, or nothing when they are not a PNG libpng can read.
inline std::optional<picture> decode_png(std::string_view bytes)
{
    png_image img;
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, bytes.data(), bytes.size()))
        return std::nullopt;
    img.format = PNG_FORMAT_RGB;
    picture out;
    out.width = static_cast<int>(img.width);
    out.height = static_cast<int>(img.height);
    out.pixels.resize(PNG_IMAGE_SIZE(img));
    if (!png_image_finish_read(&img, nullptr, out.pixels.data(), 0, nullptr)) {
        png_image_free(&img);
        return std::nullopt;
    }
    return out;
}

/// The 8-bit RGB rows of a `width` × `height` picture whose pixel (x, y) is `colour(x, y)`.
template <class Colour>
std::vector<std::uint8_t> rgb_pixels(int width, int height, Colour colour)
{
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            rgb const c = colour(x, y);
            std::memcpy(&pixels[(static_cast<std::size_t>(y) * width + x) * 3], c.data(), 3);
        }
    return pixels;
}

/// A PNG of `width` × `height` whose pixel (x, y) is `colour(x, y)`.
template <class Colour>
std::string encode_png(int width, int height, Colour colour)
{
    auto const pixels = rgb_pixels(width, height, colour);
    png_image img;
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = static_cast<png_uint_32>(width);
    img.height = static_cast<png_uint_32>(height);
    img.format = PNG_FORMAT_RGB;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&img, nullptr, &size, 0, pixels.data(), 0, nullptr))
        throw std::runtime_error("png sizing failed");
    std::string out(size, '\0');
    if (!png_image_write_to_memory(&img, out.data(), &size, 0, pixels.data(), 0, nullptr))
        throw std::runtime_error("png encoding failed");
    out.resize(size);
    return out;
}

/// A JPEG (4:4:4, quality 100) of `width` × `height` whose pixel (x, y) is `colour(x, y)`.
template <class Colour>
std::string encode_jpeg(int width, int height, Colour colour)
{
    auto const pixels = rgb_pixels(width, height, colour);
    tjhandle tj = tjInitCompress();
    if (!tj)
        throw std::runtime_error("tjInitCompress failed");
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    int const rc = tjCompress2(tj, pixels.data(), width, 0, height, TJPF_RGB, &jpeg, &size,
                               TJSAMP_444, 100, 0);
    std::string out = rc == 0 ? std::string(reinterpret_cast<char*>(jpeg), size) : std::string();
    tjFree(jpeg);
    tjDestroy(tj);
    if (rc != 0)
        throw std::runtime_error("jpeg encoding failed");
    return out;
}

/// Whether two colours differ by at most `tolerance` in every channel.
inline bool near(rgb a, rgb b, int tolerance = 8)
{
    for (int i = 0; i < 3; ++i)
        if (std::abs(int(a[i]) - int(b[i])) > tolerance)
            return false;
    return true;
}

} // namespace coverkit::test

#endif
