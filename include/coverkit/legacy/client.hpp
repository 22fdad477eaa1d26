//
// coverkit — whiteboard scenes and media albums to pictures
//
// The legacy cover API: endpoints, answers and errors: docs/contract.md, "Legacy cover API".
//
#ifndef COVERKIT_LEGACY_CLIENT_HPP
#define COVERKIT_LEGACY_CLIENT_HPP

#include <coverkit/detail/client_base.hpp>
#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/legacy/snapshot.hpp>
#include <coverkit/transport.hpp>

#include <boost/url/url.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace coverkit::legacy {

template <transport Transport>
class snapshot_pager;

/// Where and as whom a legacy cover client talks.
struct client_options
{
    /// The service's base URL; `/handle/rooms/…` is appended to it. The service's documentation
    /// names no host for this API: set the one your account uses.
    std::string base_url = "https://api.netless.link";
    /// The `roomToken` header: a ROOM token (writer or admin) of the room addressed. SDK and
    /// TASK tokens are refused by the service with 403.
    std::string room_token = {};
    /// The largest answer body a call reads; a larger one fails with
    /// `error::response_too_large` before it is read whole.
    std::size_t max_response_bytes = default_max_response_bytes;
};

/** A client of the legacy Netless cover API: `/handle/rooms/single-snapshot` and
    `/handle/rooms/snapshots`.

    Answers come in the envelope `{"code": <status>, "msg": …}`; the client returns the same
    `image` type as the whiteboard v5 client, and failures the same error model: the HTTP
    status mapped by `error_from_status`, with the envelope's `msg` as
    `error_details::message`. An envelope whose `code` is not 200 is treated as that error even
    when the HTTP status is 200.

    Every call comes in five forms: throwing (`api_error`), with `error_code&`, with
    `error_code&` and `error_details&`, and asynchronous with or without `error_details&`. The
    asynchronous forms take a completion token; their completion signature is
    `void(error_code, R)` where `R` is the blocking form's return type, and the `error_details`
    given are filled before the handler runs. With `use_awaitable` or `use_future`, and with any
    token adapted by `as_api_error`, the completion is `void(std::exception_ptr, R)` instead and a
    failure is the `api_error` the throwing form throws. Request types are views of the caller's
    data, copied by the call before it returns: braced temporaries are safe arguments.

    Input is checked before anything is sent: an empty room uuid, a width or height outside
    1..8192, a malformed scene path or a page or size below 1 fail with
    `error::empty_room_uuid`, `error::invalid_size`, `error::invalid_scene_path` or
    `error::invalid_argument`, and the details say why.

    @tparam Transport A model of `coverkit::transport`, held by value.

    @par Thread safety
    Distinct objects: safe. Shared objects: calls may run concurrently when the transport allows
    it; `set_room_token` while calls are in flight is not safe. The client must outlive its
    pending asynchronous calls and its pagers.
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

    /// Replaces the `roomToken` header sent from now on.
    void set_room_token(std::string token) { options_.room_token = std::move(token); }

    /** The cover of one scene: `POST /handle/rooms/single-snapshot`; success is `200 OK` with
        the envelope's `code` 200.

        The service renders the scene as a PNG of `req.width` × `req.height`, stores it, and
        answers with where it is. Needs a writer or admin ROOM token of the room. Safe to
        retry: the picture of the same scene is overwritten at the same key.

        @param room_uuid The room; sent as the body's `uuid`.
        @param req Size and scene (default: the room's current scene).
        @return The stored picture.
        @throws api_error `bad_request` (size, a path naming a directory), `unauthorized`,
        `forbidden` (an SDK or TASK token, another room's token, role, service switched off),
        `not_found` (room, scene).
    */
    image single_snapshot(std::string_view room_uuid, single_snapshot_request const& req);
    /// The cover of one scene; sets `ec` on failure.
    image single_snapshot(std::string_view room_uuid, single_snapshot_request const& req,
                          error_code& ec);
    /// The cover of one scene; sets `ec` and `details` on failure.
    image single_snapshot(std::string_view room_uuid, single_snapshot_request const& req,
                          error_code& ec, error_details& details);
    /// The cover of one scene, asynchronously; completion `void(error_code, image)`.
    template <class CompletionToken>
    auto async_single_snapshot(std::string_view room_uuid, single_snapshot_request const& req,
                               CompletionToken&& token);
    /// The cover of one scene, asynchronously, filling `details`; completion
    /// `void(error_code, image)`. `details` must live until completion.
    template <class CompletionToken>
    auto async_single_snapshot(std::string_view room_uuid, single_snapshot_request const& req,
                               error_details& details, CompletionToken&& token);

    /** One page of covers of a scene directory: `POST /handle/rooms/snapshots`; success is
        `200 OK` with the envelope's `code` 200.

        One picture per scene directly inside `req.scene_path`, in the directory's order,
        `req.size` per page (the service's default 5, at most 10); scenes in sub-directories
        are not included. A page past the end, or a directory without direct scenes, gives an
        empty list. To walk every page, use `pager`. Needs a writer or admin ROOM token. Safe
        to retry.

        @param room_uuid The room; sent as the body's `uuid`.
        @param req Size, scene directory, page and page size.
        @throws api_error `bad_request` (size, a path naming a scene), `unauthorized`,
        `forbidden`, `not_found` (room, directory).
    */
    std::vector<image> snapshots(std::string_view room_uuid, snapshots_request const& req);
    /// One page of covers; sets `ec` on failure.
    std::vector<image> snapshots(std::string_view room_uuid, snapshots_request const& req,
                                 error_code& ec);
    /// One page of covers; sets `ec` and `details` on failure.
    std::vector<image> snapshots(std::string_view room_uuid, snapshots_request const& req,
                                 error_code& ec, error_details& details);
    /// One page of covers, asynchronously; completion `void(error_code, std::vector<image>)`.
    template <class CompletionToken>
    auto async_snapshots(std::string_view room_uuid, snapshots_request const& req,
                         CompletionToken&& token);
    /// One page of covers, asynchronously, filling `details`. `details` must live until
    /// completion.
    template <class CompletionToken>
    auto async_snapshots(std::string_view room_uuid, snapshots_request const& req,
                         error_details& details, CompletionToken&& token);

    /** A pager over every page of covers of a scene directory.

        Nothing is sent until the pager is read. `req.page` is the first page read (default
        1); `req.size` the page size, defaulting to `max_page_size` (10) so that as few
        requests as possible are made, and clamped to it as the service clamps it.

        @see snapshot_pager
    */
    snapshot_pager<Transport> pager(std::string_view room_uuid, snapshots_request req);

private:
    template <class T, class Request>
    auto prepare(std::string_view room_uuid, Request const& req, std::string_view endpoint) const;
};

} // namespace coverkit::legacy

#include <coverkit/legacy/impl/client.hpp>
#include <coverkit/legacy/pager.hpp>

#endif
