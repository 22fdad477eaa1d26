//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_WHITEBOARD_ROOM_PAGER_HPP
#define COVERKIT_WHITEBOARD_ROOM_PAGER_HPP

#include <coverkit/error.hpp>
#include <coverkit/pager.hpp>
#include <coverkit/transport.hpp>
#include <coverkit/whiteboard/client.hpp>
#include <coverkit/whiteboard/room.hpp>

#include <optional>
#include <string>
#include <vector>

namespace coverkit::whiteboard {

namespace detail {

/// Pages of `list_rooms` by uuid cursor; the source behind `room_pager`.
template <transport Transport>
class room_source
{
public:
    using value_type = room;
    using executor_type = typename Transport::executor_type;

    room_source(client<Transport>& c, list_rooms_request req);

    executor_type get_executor() { return client_->get_executor(); }
    int page_size() const noexcept { return *req_.limit; }
    std::optional<std::string> const& begin_uuid() const noexcept { return begin_; }

    std::vector<room> read(error_code& ec, error_details& details);
    template <class CompletionToken>
    auto async_read(error_details* details, CompletionToken&& token);
    bool advance(std::vector<room> const& page, error_code& ec, error_details& details);

private:
    client<Transport>* client_;
    // The request of the next page: its begin_uuid views begin_, set again before each read
    // (a moved source's views would dangle); limit explicit.
    list_rooms_request const& request();
    list_rooms_request req_;
    std::optional<std::string> begin_; // after the last room read
};

} // namespace detail

/** Every room of the app in the client's region, read page by page through `list_rooms`.

    A `coverkit::pager` (see there: a range, `next_page`, `async_next_page`) that asks for page
    after page, each starting after the last uuid of the one before, until the service answers
    with a short or empty page. Each room is returned once, in uuid order; rooms created during
    the walk appear when their uuid sorts after the cursor.

    A page whose last uuid does not sort after the cursor (a server ignoring `beginUUID`) ends
    the walk with `error::malformed_response` instead of looping forever.

    Make one with `client::rooms`, or construct one directly.

    @par Thread safety
    As `coverkit::pager`. The client must outlive the pager and its pending reads.
*/
template <transport Transport>
class room_pager : public coverkit::pager<detail::room_source<Transport>>
{
public:
    /// The client the pager reads through.
    using client_type = client<Transport>;

    /** Constructs a pager; sends nothing.

        @param c The client; must outlive the pager.
        @param req `begin_uuid`: start after this room (default: at the first); `limit`: rooms
        per page, by default `max_rooms_per_page` (1000) so that as few requests as possible
        are made. A limit outside 1..1000 is reported, with `error::invalid_argument`, by the
        first read.
    */
    room_pager(client_type& c, list_rooms_request req = {})
        : coverkit::pager<detail::room_source<Transport>>(
              detail::room_source<Transport>(c, std::move(req)))
    {}

    /// The number of rooms asked for per page.
    int page_size() const noexcept { return this->source().page_size(); }

    /// The uuid the next page starts after; absent before the first page of a walk from the
    /// start.
    std::optional<std::string> const& next_begin_uuid() const noexcept
    {
        return this->source().begin_uuid();
    }
};

} // namespace coverkit::whiteboard

#include <coverkit/whiteboard/impl/room_pager.hpp>

#endif
