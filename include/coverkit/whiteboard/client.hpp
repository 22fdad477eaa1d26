//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_WHITEBOARD_CLIENT_HPP
#define COVERKIT_WHITEBOARD_CLIENT_HPP

#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/transport.hpp>
#include <coverkit/whiteboard/region.hpp>
#include <coverkit/whiteboard/screenshot.hpp>

#include <boost/url/url.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::whiteboard {

/// Where and as whom a whiteboard client talks.
struct client_options
{
    /// The service's base URL; paths such as `/v5/rooms/…` are appended to it.
    std::string base_url = "https://api.netless.link";
    /// The `token` header: an SDK token, or a ROOM token of the room addressed.
    std::string token = {};
    /// The `region` header; when absent none is sent and the service uses `cn-hz`.
    std::optional<whiteboard::region> region = std::nullopt;
};

/** A client of the Agora/Netless whiteboard v5 REST API.

    Every call comes in five forms: throwing (`api_error`), with `error_code&`, with
    `error_code&` and `error_details&`, and asynchronous with or without `error_details&`. The
    asynchronous forms take a completion token (callbacks, `use_future`, `use_awaitable`,
    `deferred`); their completion signature is `void(error_code, R)` where `R` is the blocking
    form's return type, and the `error_details` given are filled before the handler runs.

    Input is checked before anything is sent: an empty room uuid, a width or height outside
    1..8192 or a malformed scene path fail with `error::empty_room_uuid`, `error::invalid_size`
    or `error::invalid_scene_path`, and the details say why.

    @tparam Transport A model of `coverkit::transport`, held by value.

    @par Thread safety
    Distinct objects: safe. Shared objects: calls may run concurrently when the transport allows
    it; changing the options (`set_token`) while calls are in flight is not safe. The client
    must outlive its pending asynchronous calls.
*/
template <transport Transport>
class client
{
public:
    /// The transport type.
    using transport_type = Transport;
    /// The executor of asynchronous calls: the transport's.
    using executor_type = typename Transport::executor_type;

    /// Constructs a client; a base URL that is not absolute `http`/`https` makes every call
    /// fail with `error::invalid_base_url`.
    explicit client(Transport transport, client_options options = {});

    /// Returns the transport's executor.
    executor_type get_executor() { return transport_.get_executor(); }

    /// Returns the transport.
    Transport& transport() noexcept { return transport_; }

    /// Returns the options.
    client_options const& options() const noexcept { return options_; }

    /// Replaces the `token` header sent from now on.
    void set_token(std::string token) { options_.token = std::move(token); }

    /** Screenshots one scene: `POST /v5/rooms/{uuid}/screenshots`.

        The service renders the scene as a PNG of `req.width` × `req.height`, stores it, and
        answers with where it is. Needs a writer or admin token. Safe to retry: the picture of
        the same scene is overwritten at the same key.

        @param room_uuid The room; sent percent-encoded as one path segment.
        @param req Size and scene path (default `/init`).
        @return The stored picture.
        @throws api_error `bad_request` (size, a path naming a directory), `unauthorized`,
        `forbidden` (role, room, service switched off), `not_found` (room, region, scene).
    */
    image screenshot(std::string_view room_uuid, screenshot_request const& req);
    /// Screenshots one scene; sets `ec` on failure.
    image screenshot(std::string_view room_uuid, screenshot_request const& req, error_code& ec);
    /// Screenshots one scene; sets `ec` and `details` on failure.
    image screenshot(std::string_view room_uuid, screenshot_request const& req, error_code& ec,
                     error_details& details);
    /// Screenshots one scene asynchronously; completion `void(error_code, image)`.
    template <class CompletionToken>
    auto async_screenshot(std::string_view room_uuid, screenshot_request const& req,
                          CompletionToken&& token);
    /// Screenshots one scene asynchronously, filling `details`; completion
    /// `void(error_code, image)`. `details` must live until completion.
    template <class CompletionToken>
    auto async_screenshot(std::string_view room_uuid, screenshot_request const& req,
                          error_details& details, CompletionToken&& token);

    /** Screenshots the scenes of one directory: `POST /v5/rooms/{uuid}/screenshot-list`.

        One picture per scene directly inside the directory, in the directory's order; scenes
        in sub-directories are not included, and a directory without direct scenes gives an
        empty list. Needs a writer or admin token. Safe to retry.

        @param room_uuid The room; sent percent-encoded as one path segment.
        @param req Size and scene directory (default: the directory of the current scene).
        @throws api_error `bad_request` (size, a path naming a scene), `unauthorized`,
        `forbidden`, `not_found` (room, region, directory).
    */
    std::vector<image> screenshot_list(std::string_view room_uuid, screenshot_request const& req);
    /// Screenshots a directory; sets `ec` on failure.
    std::vector<image> screenshot_list(std::string_view room_uuid, screenshot_request const& req,
                                       error_code& ec);
    /// Screenshots a directory; sets `ec` and `details` on failure.
    std::vector<image> screenshot_list(std::string_view room_uuid, screenshot_request const& req,
                                       error_code& ec, error_details& details);
    /// Screenshots a directory asynchronously; completion `void(error_code, std::vector<image>)`.
    template <class CompletionToken>
    auto async_screenshot_list(std::string_view room_uuid, screenshot_request const& req,
                               CompletionToken&& token);
    /// Screenshots a directory asynchronously, filling `details`.
    template <class CompletionToken>
    auto async_screenshot_list(std::string_view room_uuid, screenshot_request const& req,
                               error_details& details, CompletionToken&& token);

private:
    template <class T>
    auto prepare_screenshot(std::string_view room_uuid, screenshot_request const& req,
                            std::string_view endpoint) const;

    Transport transport_;
    client_options options_;
    result<boost::urls::url> base_;
};

} // namespace coverkit::whiteboard

#include <coverkit/whiteboard/impl/client.hpp>

#endif
