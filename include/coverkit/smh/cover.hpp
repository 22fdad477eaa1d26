//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_SMH_COVER_HPP
#define COVERKIT_SMH_COVER_HPP

#include <coverkit/error.hpp>
#include <coverkit/text_view.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace coverkit::smh {

/// The smallest `album_cover_request::size` the service accepts.
inline constexpr int min_cover_size = 1;
/// The largest `album_cover_request::size` the service accepts.
inline constexpr int max_cover_size = 4096;

/// The `period` the service gives an access token when the request names none: one day.
inline constexpr std::int64_t default_token_period = 86400;

/** Which album cover to get:
    `GET /api/v1/album/{LibraryId}/{SpaceId}/cover[/{AlbumName}]?size=&access_token=&user_id=`.

    The cover is the first media item of the album (or of the space, without an album) by upload
    time; a video gives its first frame. With `size` the picture is cropped to its largest square
    (centred on the faces found, else on the picture) and scaled to `size` × `size`; without, it
    is the original.

    `library_id`, `space_id` and `album` travel as single path segments, percent-encoded: an album
    name may hold spaces, `/` or any UTF-8 text.

    Like every request type, it holds views (`text_view`, `list_view`) of the caller's text,
    not copies: each call copies what it sends before it returns, so a braced temporary
    passed straight to a call, `co_await`ed or not, is safe (README, "Coroutines").
*/
struct album_cover_request
{
    /// The media library. Required.
    text_view library_id = {};
    /// The tenant space: `-` (the default) in a single-tenant library, a space id in a
    /// multi-tenant one. Required.
    text_view space_id = "-";
    /// The album: required in an album library, not allowed in any other. Not empty when
    /// given.
    std::optional<text_view> album = std::nullopt;
    /// The side of the square cover in pixels, `min_cover_size`..`max_cover_size`; absent for
    /// the original picture.
    std::optional<int> size = std::nullopt;
    /// The access token (see `client::create_access_token`); absent only for a public-read
    /// library or space. A secret: coverkit never puts it in an error or a message.
    std::optional<text_view> access_token = std::nullopt;
    /// The user on whose behalf an admin token acts when it was issued without one.
    std::optional<text_view> user_id = std::nullopt;

    friend bool operator==(album_cover_request const&, album_cover_request const&) = default;
};

/** What access token to ask for:
    `GET /api/v1/token?library_id=&library_secret=&space_id=&user_id=&period=`.

    Like every request type, it holds views (`text_view`, `list_view`) of the caller's text,
    not copies: each call copies what it sends before it returns, so a braced temporary
    passed straight to a call, `co_await`ed or not, is safe (README, "Coroutines").
*/
struct access_token_request
{
    /// The media library. Required.
    text_view library_id = {};
    /// The library's secret. Required. A secret: coverkit never puts it in an error or a
    /// message.
    text_view library_secret = {};
    /// The tenant space the token is for; absent for a single-tenant library.
    std::optional<text_view> space_id = std::nullopt;
    /// The user the token acts as; absent for none.
    std::optional<text_view> user_id = std::nullopt;
    /// How long the token lives, in seconds, 1 or more; absent for the service's default
    /// (`default_token_period`).
    std::optional<std::int64_t> period = std::nullopt;

    friend bool operator==(access_token_request const&, access_token_request const&) = default;
};

/** An access token as the service issues it: `{"accessToken": "...", "expiresIn": <seconds>}`.

    Pass `token` as `album_cover_request::access_token`. It is a secret: coverkit never puts it in
    an error or a message.
*/
struct access_token
{
    /// The token.
    std::string token = {};
    /// Seconds from issue until the token expires.
    std::int64_t expires_in = 0;

    friend bool operator==(access_token const&, access_token const&) = default;
};

/** Checks an album cover request as the client does before sending it.

    @param why Receives every problem found, each naming its field, separated by `; `; never
    a token. The code returned is the first problem's.
    @return `error::invalid_argument` for an empty `library_id` or `space_id`, an `album` that is
    given but empty, or any of the three that is `.` or `..` (a path would read it as a
    directory step); `error::invalid_size` for a `size` outside
    `min_cover_size`..`max_cover_size`; else a clear code.
*/
error_code check(album_cover_request const& req, std::string& why);

/** Checks an access token request as the client does before sending it.

    @param why Receives every problem found, each naming its field, separated by `; `; never
    the secret. The code returned is the first problem's.
    @return `error::invalid_argument` for an empty `library_id` or `library_secret`, or a
    `period` below 1; else a clear code.
*/
error_code check(access_token_request const& req, std::string& why);

/// Boost.JSON conversion: writes `{"accessToken", "expiresIn"}`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, access_token const& t);

/// Boost.JSON conversion: reads `{"accessToken", "expiresIn"}`; `accessToken` must be a
/// non-empty string and `expiresIn` an integer of 0 or more, else `error::malformed_response`.
/// Other members are ignored.
result<access_token> tag_invoke(boost::json::try_value_to_tag<access_token>,
                                boost::json::value const& jv);

} // namespace coverkit::smh

#include <coverkit/smh/impl/cover.hpp>

#endif
