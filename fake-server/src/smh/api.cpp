// Tencent Smart Media Hosting: the album cover and access tokens.

#include "api.hpp"

#include "../core/numbers.hpp"
#include "../services/fixture_sources.hpp"
#include "../services/picture_codec.hpp"

#include <coverkit/detail/encoding.hpp>

#include <boost/beast/http/field.hpp>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;

namespace {

constexpr std::int64_t default_token_period_s = 86400;
constexpr std::int64_t max_token_period_s = std::int64_t(10) * 366 * 86400; // ten years
// Sizes and periods in a query: decimal digits, no sign, at most this many.
constexpr std::size_t max_digits = 18;

// Segments of `/api/v1/album/{LibraryId}/{SpaceId}/cover[/{AlbumName}]`.
constexpr std::size_t library_segment = 3;
constexpr std::size_t space_segment = 4;
constexpr std::size_t album_segment = 6;

smh_space const* find_space(smh_library const& lib, std::string_view id)
{
    for (auto const& sp : lib.spaces)
        if (sp.id == id)
            return &sp;
    return nullptr;
}

// The largest square of a `width` × `height` picture, centred on the faces' bounding box when
// there are faces and on the picture otherwise, kept inside the picture: its left, top, side.
std::array<int, 3> cover_square(int width, int height, std::vector<std::array<int, 4>> const& faces)
{
    int const side = std::min(width, height);
    double cx = width / 2.0, cy = height / 2.0;
    if (!faces.empty()) {
        int left = std::numeric_limits<int>::max(), top = left, right = 0, bottom = 0;
        for (auto const& [x, y, w, h] : faces) {
            left = std::min(left, x);
            top = std::min(top, y);
            right = std::max(right, x + w);
            bottom = std::max(bottom, y + h);
        }
        cx = (std::clamp(left, 0, width) + std::clamp(right, 0, width)) / 2.0;
        cy = (std::clamp(top, 0, height) + std::clamp(bottom, 0, height)) / 2.0;
    }
    auto const origin = [side](double centre, int extent) {
        return std::clamp(static_cast<int>(std::lround(centre - side / 2.0)), 0, extent - side);
    };
    return {origin(cx, width), origin(cy, height), side};
}

// The `size` × `size` cover of a picture: the square of `cover_square`, resampled, as PNG.
std::string placeholder(smh_media const& m);

// A damaged file (a PNG or JPEG signature, then bytes that do not decode) is drawn as the
// placeholder.
std::string scaled_cover(std::string const& bytes, smh_media const& m, int size)
{
    auto picture = decode_picture(bytes);
    if (!picture)
        picture = decode_picture(placeholder(m));
    if (!picture)
        throw std::runtime_error("the placeholder of a media file cannot be decoded");
    auto const [x, y, side] = cover_square(picture->width, picture->height, m.faces);
    // Cut the square out first, so the filter sees nothing beyond its edges.
    raster square(side, side);
    blit(square, *picture, -x, -y);
    return encode_png(resample(square, 0, 0, side, side, size, size));
}

// The picture of a media item whose file cannot be read: 800 × 600 (larger when its face boxes
// reach further), light grey, its face boxes filled in blue and its name written in the middle.
std::string placeholder(smh_media const& m)
{
    int w = 800, h = 600;
    for (auto const& [x, y, fw, fh] : m.faces) {
        w = std::max(w, std::min(x + fw, 8192));
        h = std::max(h, std::min(y + fh, 8192));
    }
    raster r(w, h, 224, 224, 224);
    std::uint8_t const blue[3] = {40, 90, 200}, grey[3] = {96, 96, 96};
    for (auto const& [x, y, fw, fh] : m.faces)
        fill_rect(r, x, y, fw, fh, blue);
    draw_text(r, m.name, w / 2, h / 2, h / 10, w * 9 / 10, grey);
    return encode_png(r);
}

// The picture of a media item and its type: its file when the fake can read it as PNG or JPEG,
// else its placeholder (a fixture may name pictures it does not ship).
std::pair<std::string_view, std::string> media_picture(std::filesystem::path const& base_dir,
                                                       smh_media const& m)
{
    auto bytes = fixture_source_bytes(base_dir, m.picture);
    auto const type = bytes ? sniff_content_type(*bytes) : std::string_view();
    if (!bytes || (type != "image/png" && type != "image/jpeg"))
        return {"image/png", placeholder(m)};
    return {type, std::move(*bytes)};
}

// A new access token: 32 random bytes, hex.
std::string new_token()
{
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1)
        throw std::runtime_error("no random bytes for a token");
    return coverkit::detail::to_hex(
        std::string_view(reinterpret_cast<char const*>(raw), sizeof raw));
}

// An SMH error: `code` is SMH's, e.g. "LibraryNotFound".
refusal fail(request_context const& ctx, http::status status, std::string_view code,
             std::string_view message)
{
    return ctx.refuse(status, message, code);
}

} // namespace

void smh_api::add_routes(router& r)
{
    auto cover = [this](request_context& ctx) { return album_cover(ctx); };
    auto token = [this](request_context& ctx) { return access_token(ctx); };
    // A cover reads the libraries and issued tokens; issuing a token changes them.
    r.add(*this, http::verb::get, "api/v1/album/{library}/*/cover", "smh.cover", cover, {},
          state_use::reads);
    r.add(*this, http::verb::get, "api/v1/album/{library}/*/cover/*", "smh.cover", cover, {},
          state_use::reads);
    r.add(*this, http::verb::get, "api/v1/token", "smh.token", token);
    r.add(*this, http::verb::post, "api/v1/token", "smh.token", token);
    r.claim_prefix(*this, "api");
}

void smh_api::reset()
{
    libraries_ = fix_.smh_libraries;
    tokens_.clear();
}

http_response smh_api::error(request_context const& ctx, http::status status,
                             std::string_view message, std::string_view code) const
{
    // The fake's own errors (route, method, body size, numbers) in SMH's words.
    if (code.empty())
        code = status == http::status::not_found            ? "NotFound"
               : status == http::status::method_not_allowed ? "MethodNotAllowed"
               : status == http::status::payload_too_large  ? "RequestEntityTooLarge"
               : status == http::status::bad_request        ? "InvalidParameter"
                                                            : "InternalError";
    return json_response(status,
                         {{"code", code}, {"message", message}, {"requestId", ctx.request_id}});
}

smh_library const* smh_api::find_library(std::string_view id) const
{
    for (auto const& lib : libraries_)
        if (lib.id == id)
            return &lib;
    return nullptr;
}

http_response smh_api::album_cover(request_context& ctx)
{
    auto const& segs = ctx.segments;
    // The library: it exists, and holds media.
    auto const* lib = find_library(segs[library_segment]);
    if (!lib)
        return fail(ctx, http::status::not_found, "LibraryNotFound",
                    "the media library does not exist");
    if (!lib->media_library)
        return fail(ctx, http::status::bad_request, "CoverNotSupportedInFileLibrary",
                    "a file library has no album covers");

    // The access token, unless the library is public-read.
    issued_token const* token = nullptr;
    if (!lib->public_read) {
        auto const value = ctx.query("access_token");
        if (!value || value->empty())
            return fail(ctx, http::status::bad_request, "EmptyAccessToken",
                        "access_token is required");
        auto const it = tokens_.find(*value);
        if (it == tokens_.end() || it->second.library != lib->id ||
            clock_.now_ms() >= it->second.expires_at_ms)
            return fail(ctx, http::status::forbidden, "InvalidAccessToken",
                        "the access token is unknown, expired or of another library");
        token = &it->second;
    }

    // The space: it exists, and is the token's.
    auto const* space = find_space(*lib, segs[space_segment]);
    if (!space)
        return fail(ctx, http::status::not_found, "SpaceNotFound",
                    lib->multi_tenant ? "the tenant space does not exist"
                                      : "a single-tenant library's space is \"-\"");
    if (token && token->space && *token->space != space->id)
        return fail(ctx, http::status::forbidden, "AccessTokenNotMatchSpace",
                    "the access token was issued for another space");

    // The album: required in an album library, not allowed elsewhere.
    std::vector<smh_media> const* media = &space->media;
    std::string album_name = "-";
    bool const has_album = segs.size() > album_segment;
    if (lib->album) {
        if (!has_album)
            return fail(ctx, http::status::bad_request, "CoverNotSupportedInRootDirectory",
                        "an album library needs an album name");
        auto const it =
            std::find_if(space->albums.begin(), space->albums.end(),
                         [&](smh_album const& a) { return a.name == segs[album_segment]; });
        if (it == space->albums.end())
            return fail(ctx, http::status::not_found, "DirectoryNotFound",
                        "the album does not exist");
        media = &it->media;
        album_name = it->name;
    } else if (has_album) {
        return fail(ctx, http::status::not_found, "DirectoryNotFound",
                    "a library without albums has no album directories");
    }

    // The size: an integer in 1..4096 when given.
    std::optional<int> size;
    if (auto const text = ctx.query("size")) {
        auto n = read_integer(ctx, std::string_view(*text),
                              {.min = 1,
                               .max = 4096,
                               .message = "size must be an integer in 1..4096",
                               .max_digits = max_digits});
        if (!n)
            return std::move(n).refusal();
        size = static_cast<int>(*n);
    }

    // The first media by upload time, ties by name (none at all is FileNotFound).
    if (media->empty())
        return fail(ctx, http::status::not_found, "FileNotFound",
                    "there is no media to make a cover of");
    auto const& first =
        *std::min_element(media->begin(), media->end(), [](smh_media const& a, smh_media const& b) {
            return std::tie(a.uploaded_at_ms, a.name) < std::tie(b.uploaded_at_ms, b.name);
        });
    auto const type = media_picture(fix_.base_dir, first).first;

    // Into the store, and a redirect to it. The cover is read (or scaled) on its first read,
    // and again should the store forget it.
    std::string key = "smh_cover/" + lib->id + "/" + space->id + "/" + album_name + "/" +
                      (size ? std::to_string(*size) : std::string("original")) + "/" + first.name;
    object_ptr object;
    if (size)
        object = std::make_shared<stored_object>(
            "image/png", [base = fix_.base_dir, m = first, n = *size] {
                return scaled_cover(media_picture(base, m).second, m, n);
            });
    else
        object =
            std::make_shared<stored_object>(std::string(type), [base = fix_.base_dir, m = first] {
                return media_picture(base, m).second;
            });
    store_.put(key, std::move(object));
    http_response res{http::status::found, 11};
    res.set(http::field::location, store_.url_of(ctx.req, key));
    return res;
}

http_response smh_api::access_token(request_context& ctx)
{
    auto const library_id = ctx.query("library_id");
    if (!library_id || library_id->empty())
        return fail(ctx, http::status::bad_request, "InvalidParameter", "library_id is required");
    auto const* lib = find_library(*library_id);
    if (!lib)
        return fail(ctx, http::status::not_found, "LibraryNotFound",
                    "the media library does not exist");
    auto const secret = ctx.query("library_secret").value_or("");
    if (secret.size() != lib->secret.size() ||
        CRYPTO_memcmp(secret.data(), lib->secret.data(), secret.size()) != 0)
        return fail(ctx, http::status::forbidden, "InvalidLibrarySecret",
                    "the library secret is wrong");
    std::optional<std::string> space = ctx.query("space_id");
    if (space && space->empty())
        space.reset();
    if (space && !find_space(*lib, *space))
        return fail(ctx, http::status::not_found, "SpaceNotFound",
                    "the tenant space does not exist");
    auto period = read_integer(
        ctx, ctx.query("period"),
        {.min = 1,
         .max = max_token_period_s,
         .message = "period must be a whole number of seconds from 1 to 316224000 (ten "
                    "years)",
         .max_digits = max_digits,
         .absent = default_token_period_s});
    if (!period)
        return std::move(period).refusal();
    auto token = new_token();
    tokens_[token] = {lib->id, space, clock_.now_ms() + *period * 1000};
    return json_response(http::status::ok, {{"accessToken", token}, {"expiresIn", *period}});
}

} // namespace coverkit::fake::detail
