//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_LEGACY_PAGER_HPP
#define COVERKIT_LEGACY_PAGER_HPP

#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/legacy/client.hpp>
#include <coverkit/legacy/snapshot.hpp>
#include <coverkit/pager.hpp>
#include <coverkit/transport.hpp>

#include <string>
#include <vector>

namespace coverkit::legacy {

namespace detail {

/// Pages of `snapshots` by page number; the source behind `snapshot_pager`.
template <transport Transport>
class snapshot_source
{
public:
    using value_type = image;
    using executor_type = typename Transport::executor_type;

    snapshot_source(client<Transport>& c, std::string room_uuid, snapshots_request req);

    executor_type get_executor() { return client_->get_executor(); }
    int page_size() const noexcept { return *req_.size; }
    int page_number() const noexcept { return *req_.page; }

    std::vector<image> read(error_code& ec, error_details& details);
    template <class CompletionToken>
    auto async_read(error_details* details, CompletionToken&& token);
    bool advance(std::vector<image> const& page, error_code& ec, error_details& details);

private:
    client<Transport>* client_;
    std::string room_;
    // The request of the next page: its scene_path views scene_path_, set again before each
    // read (a moved source's views would dangle); page: the next to read; size: clamped.
    snapshots_request const& request();
    snapshots_request req_;
    std::string scene_path_;
    std::string last_first_key_;
};

} // namespace detail

/** Every page of covers of one scene directory, read through the legacy `snapshots` call.

    A `coverkit::pager` (see there: a range, `next_page`, `async_next_page`) that asks for
    page after page until the service answers with a short or empty page, so each scene
    directly inside the directory is returned exactly once, in the directory's order. A
    directory of exactly `page_size()` scenes takes one more request, answered with `[]`.

    A service that answers a full page identical to the previous one (a server ignoring
    `page`) ends the walk with `error::malformed_response` instead of looping forever.

    Make one with `client::pager`, or construct one directly.

    @tparam Transport The client's transport.

    @par Thread safety
    As `coverkit::pager`. The client must outlive the pager and its pending reads.
*/
template <transport Transport>
class snapshot_pager : public coverkit::pager<detail::snapshot_source<Transport>>
{
public:
    /// The client the pager reads through.
    using client_type = client<Transport>;

    /** Constructs a pager; sends nothing.

        @param c The client; must outlive the pager.
        @param room_uuid The room.
        @param req Size and scene directory; `page` is the first page read (default 1) and
        `size` the page size, by default `max_page_size` (10) so that as few requests as
        possible are made, and clamped to it as the service clamps it. A page or size below 1
        is reported, with `error::invalid_argument`, by the first read.
    */
    snapshot_pager(client_type& c, std::string room_uuid, snapshots_request req)
        : coverkit::pager<detail::snapshot_source<Transport>>(
              detail::snapshot_source<Transport>(c, std::move(room_uuid), std::move(req)))
    {}

    /// The number of covers asked for per page.
    int page_size() const noexcept { return this->source().page_size(); }

    /// The page the next read asks for; once `done()`, the last page read.
    int next_page_number() const noexcept { return this->source().page_number(); }
};

} // namespace coverkit::legacy

#include <coverkit/legacy/impl/pager.hpp>

#endif
