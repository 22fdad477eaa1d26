//
// coverkit — whiteboard scenes and media albums to pictures
//
// Tencent SMH album covers: the checks, their order and the cover rule: docs/contract.md,
// "Tencent SMH".
//
#ifndef COVERKIT_SMH_CLIENT_HPP
#define COVERKIT_SMH_CLIENT_HPP

#include <coverkit/detail/client_base.hpp>
#include <coverkit/download.hpp>
#include <coverkit/error.hpp>
#include <coverkit/smh/cover.hpp>
#include <coverkit/transport.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace coverkit::smh {

/// Where a Tencent SMH client talks.
struct client_options
{
    /// The service's base URL; `/api/v1/…` is appended to it.
    std::string base_url = "https://api.tencentsmh.cn";
    /// The largest JSON answer body a call reads (an access token, an error); a larger one
    /// fails with `error::response_too_large` before it is read whole. Pictures are bounded by
    /// `download_options::max_bytes` instead.
    std::size_t max_response_bytes = default_max_response_bytes;
    /// The longest a whole call may take, every redirect included; past it the call fails with
    /// `boost::beast::error::timeout`. The transport's own timeouts still bound each step.
    std::chrono::milliseconds timeout{60'000};
    /// Whether `cover` may follow a redirect from `https://` to plain `http://`. Off: such a
    /// redirect fails with `error::insecure_redirect`, so neither the request nor the picture
    /// crosses the network in the clear.
    bool allow_insecure_redirects = false;
};

/// How many redirects `client::cover` follows before it gives up.
inline constexpr int max_redirects = 5;

/** A client of Tencent Smart Media Hosting's album covers and access tokens.

    Failures share coverkit's error model: the HTTP status mapped by `error_from_status`, and
    the SMH error body `{"code", "message", "requestId"}` read into `error_details::code`,
    `::message` and `::request_id` (the `x-request-id` header when the body names none), with
    the raw body in `::body`. A body of another shape still gives the status-mapped error, with an
    empty `code`.

    Access tokens and library secrets travel in the query string. They never appear in
    `error_details`, in `api_error::what()` or in anything coverkit writes: should a server echo
    one in its answer, it is replaced by `[redacted]` in what the caller is told.

    Every call comes in five forms: throwing (`api_error`), with `error_code&`, with
    `error_code&` and `error_details&`, and asynchronous with or without `error_details&`. The
    asynchronous forms take a completion token; their completion signature is
    `void(error_code, R)` where `R` is the blocking form's return type, they never complete
    inside the initiating call, and the `error_details` given are filled before the handler
    runs. With `use_awaitable` or `use_future`, and with any token adapted by `as_api_error`,
    the completion is `void(std::exception_ptr, R)` instead and a failure is the `api_error` the
    throwing form throws. Request types are views of the caller's data, copied by the call
    before it returns: braced temporaries are safe arguments.

    Input is checked before anything is sent (see `check`): a bad request fails with
    `error::invalid_argument` or `error::invalid_size` and the details say why.

    @tparam Transport A model of `coverkit::transport`, held by value.

    @par Thread safety
    Distinct objects: safe. Shared objects: calls may run concurrently when the transport allows
    it. The client must outlive its pending asynchronous calls.
*/
template <transport Transport>
class client : public coverkit::detail::client_base<Transport, client_options>
{
    using base_type = coverkit::detail::client_base<Transport, client_options>;
    using base_type::base_;
    using base_type::options_;
    using base_type::transport_;

public:
    /// Constructs a client; a base URL that is not absolute `http`/`https` makes every call
    /// fail with `error::invalid_base_url`.
    explicit client(Transport transport, client_options options = {})
        : base_type(std::move(transport), std::move(options))
    {}

    /** Where an album cover is, without fetching it:
        `GET /api/v1/album/{LibraryId}/{SpaceId}/cover[/{AlbumName}]?size=&access_token=&user_id=`;
        success is `302 Found` (or `200 OK` with the picture, from a server that does not
        redirect).

        The service answers with a redirect to the picture, which is not followed: its
        `Location` is returned, resolved against the request URL when relative. A server that
        answers 200 with the picture itself gives the request URL. Either may embed the access
        token or a signature: treat the URL as a secret and do not log it. It can go straight
        into an `<img>` tag. Safe to retry.

        @param req The library, space, album, size, token and user.
        @return An absolute `http`/`https` URL.
        @throws api_error `invalid_argument`, `invalid_size` (input); `bad_request`
        (`EmptyAccessToken`, `CoverNotSupportedInRootDirectory`,
        `CoverNotSupportedInFileLibrary`, `InvalidParameter`), `forbidden`
        (`InvalidAccessToken`, `AccessTokenNotMatchSpace`), `not_found` (`LibraryNotFound`,
        `SpaceNotFound`, `DirectoryNotFound`, `FileNotFound`); `malformed_response` for a
        redirect without a usable `Location`.
    */
    std::string cover_location(album_cover_request const& req);
    /// Where an album cover is; sets `ec` on failure.
    std::string cover_location(album_cover_request const& req, error_code& ec);
    /// Where an album cover is; sets `ec` and `details` on failure.
    std::string cover_location(album_cover_request const& req, error_code& ec,
                               error_details& details);
    /// Where an album cover is, asynchronously; completion `void(error_code, std::string)`.
    template <class CompletionToken>
    auto async_cover_location(album_cover_request const& req, CompletionToken&& token);
    /// Where an album cover is, asynchronously, filling `details`; completion
    /// `void(error_code, std::string)`. `details` must live until completion.
    template <class CompletionToken>
    auto async_cover_location(album_cover_request const& req, error_details& details,
                              CompletionToken&& token);

    /** An album cover's bytes: the request of `cover_location`, then its redirects followed
        through the same transport, at most `max_redirects` of them, up to the 200 carrying the
        picture. Success is `302 Found`, then `200 OK` from the storage. Safe to retry.

        @param req The library, space, album, size, token and user.
        @param options The size limit of the picture.
        @return The picture's bytes and content type.
        Redirect bodies are left unread. The whole call, every redirect included, ends within
        `client_options::timeout`.

        @throws api_error The errors of `cover_location`; the storage's status (such as
        `not_found`) when a redirect leads nowhere; `unexpected_status` when still redirected
        after `max_redirects`; `insecure_redirect` for a redirect from https to http (unless
        `client_options::allow_insecure_redirects`); `response_too_large` for a picture over
        `options.max_bytes`, before it is read whole.
    */
    object_data cover(album_cover_request const& req, download_options options = {});
    /// An album cover's bytes; sets `ec` on failure.
    object_data cover(album_cover_request const& req, download_options options, error_code& ec);
    /// An album cover's bytes; sets `ec` and `details` on failure (the details of the last
    /// exchange).
    object_data cover(album_cover_request const& req, download_options options, error_code& ec,
                      error_details& details);
    /// An album cover's bytes, asynchronously; completion `void(error_code, object_data)`.
    /// Each exchange is started from the previous one's completion.
    template <class CompletionToken>
    auto async_cover(album_cover_request const& req, download_options options,
                     CompletionToken&& token);
    /// An album cover's bytes, asynchronously, filling `details`; completion
    /// `void(error_code, object_data)`. `details` must live until completion.
    template <class CompletionToken>
    auto async_cover(album_cover_request const& req, download_options options,
                     error_details& details, CompletionToken&& token);

    /** A new access token: `GET
       /api/v1/token?library_id=&library_secret=&space_id=&user_id=&period=`; success is
       `200 OK`.

        Each call issues a new token; retrying after a failure whose answer was lost leaves an
        unused token behind, which expires on its own.

        @param req The library, its secret, and the space, user and lifetime of the token.
        @return The token and its lifetime in seconds.
        @throws api_error `invalid_argument` (input); `forbidden` (`InvalidLibrarySecret`),
        `not_found` (`LibraryNotFound`); `malformed_response` for an answer that is not
        `{"accessToken": "<non-empty>", "expiresIn": <seconds>}`.
    */
    access_token create_access_token(access_token_request const& req);
    /// A new access token; sets `ec` on failure.
    access_token create_access_token(access_token_request const& req, error_code& ec);
    /// A new access token; sets `ec` and `details` on failure.
    access_token create_access_token(access_token_request const& req, error_code& ec,
                                     error_details& details);
    /// A new access token, asynchronously; completion `void(error_code, access_token)`.
    template <class CompletionToken>
    auto async_create_access_token(access_token_request const& req, CompletionToken&& token);
    /// A new access token, asynchronously, filling `details`; completion
    /// `void(error_code, access_token)`. `details` must live until completion.
    template <class CompletionToken>
    auto async_create_access_token(access_token_request const& req, error_details& details,
                                   CompletionToken&& token);

private:
    template <bool Follow>
    auto prepare_cover(album_cover_request const& req, std::size_t max_bytes) const;
    auto prepare_token(access_token_request const& req) const;
};

} // namespace coverkit::smh

#include <coverkit/smh/impl/client.hpp>

#endif
