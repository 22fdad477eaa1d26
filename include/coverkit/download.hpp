//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_DOWNLOAD_HPP
#define COVERKIT_DOWNLOAD_HPP

#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/transport.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace coverkit {

/// The largest object `download` accepts unless told otherwise: 32 MiB.
inline constexpr std::size_t default_max_download = 32 * 1024 * 1024;

/// How a download is bounded.
struct download_options
{
    /// The largest body accepted; a larger one fails with `error::response_too_large`. The
    /// transport's own limit (`http_transport_options::max_response_body`) still applies.
    std::size_t max_bytes = default_max_download;
};

/// A downloaded object: its bytes and what the server said they are.
struct object_data
{
    /// The `Content-Type` of the response, e.g. `image/png`; empty when none was sent.
    std::string content_type;
    /// The object's bytes.
    std::string bytes;

    friend bool operator==(object_data const&, object_data const&) = default;
};

/** Downloads an object: `GET url` through `transport`, so it shares the transport's connection
    pool (and, in process, reaches the fake's object store).

    Safe to retry. Comes in five forms, like the API calls: throwing (`api_error`), with
    `error_code&`, with `error_code&` and `error_details&`, and asynchronous (`async_download`,
    completion `void(error_code, object_data)`) with or without `error_details&`. Success is
    `200 OK`.

    @param transport Any model of `coverkit::transport`.
    @param url An absolute `http`/`https` URL, such as `image::url`.
    @param options The size limit.
    @throws api_error `invalid_argument` (not an absolute http(s) URL), `not_found` (no such
    object), any other status as `error_from_status` maps it, `response_too_large`.
*/
template <transport Transport>
object_data download(Transport& transport, std::string_view url, download_options options = {});
/// Downloads an object; sets `ec` on failure.
template <transport Transport>
object_data download(Transport& transport, std::string_view url, download_options options,
                     error_code& ec);
/// Downloads an object; sets `ec` and `details` on failure.
template <transport Transport>
object_data download(Transport& transport, std::string_view url, download_options options,
                     error_code& ec, error_details& details);
/// Downloads an object asynchronously; completion `void(error_code, object_data)`. The
/// transport must outlive the operation.
template <transport Transport, class CompletionToken>
auto async_download(Transport& transport, std::string_view url, download_options options,
                    CompletionToken&& token);
/// Downloads an object asynchronously, filling `details` (which must live until completion).
template <transport Transport, class CompletionToken>
auto async_download(Transport& transport, std::string_view url, download_options options,
                    error_details& details, CompletionToken&& token);

/** Downloads an object into a file, atomically: the bytes go to a temporary file next to
    `file`, which is flushed to disk and then renamed over `file`. On any failure the temporary
    file is removed and `file` is left as it was: there is never a half-written file.

    The directory must exist. Errors are those of `download`, and the system's (`errno`) for
    the file.

    @return The object's content type.
*/
template <transport Transport>
std::string download_to_file(Transport& transport, std::string_view url,
                             std::filesystem::path const& file, download_options options = {});
/// Downloads an object into a file; sets `ec` and `details` on failure.
template <transport Transport>
std::string download_to_file(Transport& transport, std::string_view url,
                             std::filesystem::path const& file, download_options options,
                             error_code& ec, error_details& details);
/** Downloads an object into a file asynchronously; completion `void(error_code, std::string)`
    with the content type. The file is written as by `download_to_file`, once the whole body
    has arrived, on the operation's executor: the write (and its flush to disk) blocks that
    thread for as long as it takes. The transport must outlive the operation; `url` and `file`
    are copied before the function returns.
*/
template <transport Transport, class CompletionToken>
auto async_download_to_file(Transport& transport, std::string_view url,
                            std::filesystem::path const& file, download_options options,
                            CompletionToken&& token);
/// Downloads an object into a file asynchronously, filling `details` (which must live until
/// completion).
template <transport Transport, class CompletionToken>
auto async_download_to_file(Transport& transport, std::string_view url,
                            std::filesystem::path const& file, download_options options,
                            error_details& details, CompletionToken&& token);

} // namespace coverkit

#include <coverkit/impl/download.hpp>

#endif
