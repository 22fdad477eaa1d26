//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_ERROR_HPP
#define COVERKIT_ERROR_HPP

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <boost/system/system_error.hpp>

#include <string>
#include <type_traits>

namespace coverkit {

/// The error code type used throughout coverkit.
using error_code = boost::system::error_code;

/// A value or an error code; returned by coverkit's pure functions.
template <class T>
using result = boost::system::result<T, error_code>;

/** The errors coverkit reports, in the `coverkit` category.

    Errors fall into six groups: input rejected before any request was sent, an error status
    answered by the server, an answer the client could not understand, token checks, a server
    certificate that failed verification, and an exchange whose outcome cannot be known. Other
   transport failures (connection refused, timeouts, a connection closed mid-response) keep their
   own Asio/Beast codes; see `http_transport`.
*/
enum class error
{
    // -- input rejected by the client; no request was sent --

    /// An argument is out of its documented range or form.
    invalid_argument = 1,
    /// A picture width, height or size is outside its documented range (1..8192 for scenes).
    invalid_size,
    /// A scene path does not follow the scene-path syntax (starts with `/`, non-empty segments,
    /// at most one trailing `/`).
    invalid_scene_path,
    /// A room uuid is empty.
    empty_room_uuid,
    /// A base URL is not an absolute `http://` or `https://` URL.
    invalid_base_url,

    // -- the server answered with an error status --

    /// 400: the server rejected the request as invalid.
    bad_request,
    /// 401: the token is missing, malformed, wrongly signed or expired.
    unauthorized,
    /// 403: the token is valid but not allowed to do this, or the service is switched off.
    forbidden,
    /// 404: the room, scene, route or object does not exist (or lives in another region).
    not_found,
    /// 405: the route exists but not with this method.
    method_not_allowed,
    /// 413: the request body is too large.
    payload_too_large,
    /// 5xx: the server failed.
    server_error,
    /// Any other status that is not the operation's documented success.
    unexpected_status,

    // -- the answer could not be understood --

    /// The response body is not of the documented shape.
    malformed_response,
    /// The response body is larger than the caller allowed (see `download_options`).
    response_too_large,

    // -- whiteboard token checks (see whiteboard/token.hpp) --

    /// The token has no known prefix, does not decode, or lacks required fields.
    malformed_token,
    /// The token's access key is unknown or its signature does not match.
    bad_token_signature,
    /// The token's `expireAt` lies in the past.
    expired_token,

    // -- TLS: the server's certificate was rejected (see transport/http.hpp) --

    /// The certificate chain does not lead to a trusted CA, or is expired or otherwise invalid.
    certificate_untrusted,
    /// The certificate is valid but issued for another host name or IP address.
    certificate_name_mismatch,

    // -- the exchange (see transport/http.hpp) --

    /** The connection failed after the whole request was sent and before any byte of an
        answer, and the request's method is not idempotent (POST, PATCH): the server may have
        received it and acted on it, so coverkit did not send it again. Repeat the call only if
        doing it twice is harmless (the README says, per call, whether a retry is safe). */
    request_outcome_unknown,
    /** The server answered `101 Switching Protocols`, which coverkit never asks for, or more
        interim (1xx) answers than a server sends before its real answer. */
    unexpected_interim_response,
    /** A redirect leads from `https://` to plain `http://`, which a client follows only when
        its options allow it (`smh::client_options::allow_insecure_redirects`). */
    insecure_redirect,
};

/// Returns the `coverkit` error category.
boost::system::error_category const& error_category() noexcept;

/// Makes an error code in the `coverkit` category.
boost::system::error_code make_error_code(error e) noexcept;

/** Maps a non-success HTTP status to the matching `error`.

    400, 401, 403, 404, 405 and 413 map to their named values, any 5xx to `error::server_error`,
    everything else to `error::unexpected_status`.
*/
error error_from_status(unsigned status) noexcept;

/** What is known about a call: which operation, sent where, and what the server said.

    Filled by every call, successful or not. For input rejected before a request was sent,
    `status` is 0, `method` and `url` are empty and `message` lists every field that was
    wrong. For a transport failure (no answer: connection refused, timeout, a connection
    closed), `status` is 0 and `host` and `port` say where coverkit was connecting. Never holds
    a token or a secret: the URL is kept without its query, user name or password.
*/
struct error_details
{
    /// The HTTP status of the response, or 0 when no response was received.
    unsigned status = 0;
    /// The server's explanation (`message`, `msg`), or coverkit's own for client-side errors.
    std::string message;
    /// The service's own error code string where the API has one (Tencent SMH `code`).
    std::string code;
    /// The `x-request-id` (or equivalent) of the response: quote it when asking for support.
    std::string request_id;
    /// The raw response body of a failed call; empty on success.
    std::string body;
    /// The API operation, by the name the contract documents give it and the fake's fault
    /// rules and journal use (`whiteboard.screenshots`, `whiteboard.get_room`,
    /// `legacy.snapshots`, `smh.album_cover`), or `download` / `download_to_file`.
    std::string operation;
    /// The HTTP method of the last request sent (`GET`, `POST`, …); empty when none was sent.
    std::string method;
    /// The URL of the last request sent, without query, fragment or user information; empty
    /// when none was sent.
    std::string url;
    /// The host of `url`, as written there (an IPv6 address in brackets).
    std::string host;
    /// The port of `url`: the one written there, else 443 for `https` and 80 for `http`.
    unsigned port = 0;

    /// Resets every field.
    void clear() noexcept;
};

/** The exception thrown by coverkit's throwing calls, and delivered to asynchronous calls
    completed with `use_awaitable`, `use_future` or the `as_api_error` adapter.

    A `boost::system::system_error` whose code is the call's error code, carrying the
    `error_details` of the failed call. `what()` names the operation, the method and URL (for a
    transport failure also the host and port), the code, the HTTP status, the request id and the
    server's message, for example
    `whiteboard.get_room: GET http://127.0.0.1:8080/v5/rooms/r-1: not found [HTTP 404, request
    id 3f2a…]: room not found`. It never contains a token or a secret.
*/
class api_error : public boost::system::system_error
{
public:
    /// Constructs from the failed call's code and details.
    api_error(error_code ec, error_details details);

    /// What is known about the failed call.
    error_details const& details() const noexcept { return details_; }

    /// The operation, method and URL, then the code's message, HTTP status, request id, service
    /// code and message.
    char const* what() const noexcept override { return what_.c_str(); }

private:
    error_details details_;
    std::string what_;
};

namespace detail {
/// Throws `api_error` when `ec` holds a failure.
void throw_on_error(error_code const& ec, error_details const& details);
} // namespace detail

} // namespace coverkit

template <>
struct boost::system::is_error_code_enum<coverkit::error> : std::true_type
{
};

#include <coverkit/impl/error.hpp>

#endif
