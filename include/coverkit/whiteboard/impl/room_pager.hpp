#ifndef COVERKIT_WHITEBOARD_IMPL_ROOM_PAGER_HPP
#define COVERKIT_WHITEBOARD_IMPL_ROOM_PAGER_HPP

#include <utility>

namespace coverkit::whiteboard::detail {

template <transport Transport>
room_source<Transport>::room_source(client<Transport>& c, list_rooms_request req)
    : client_(&c), req_(req)
{
    req_.limit = req_.limit.value_or(max_rooms_per_page);
    if (req.begin_uuid)
        begin_ = std::string(*req.begin_uuid);
}

template <transport Transport>
list_rooms_request const& room_source<Transport>::request()
{
    req_.begin_uuid = begin_;
    return req_;
}

template <transport Transport>
std::vector<room> room_source<Transport>::read(error_code& ec, error_details& details)
{
    return client_->list_rooms(request(), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto room_source<Transport>::async_read(error_details* details, CompletionToken&& token)
{
    if (details)
        return client_->async_list_rooms(request(), *details, std::forward<CompletionToken>(token));
    return client_->async_list_rooms(request(), std::forward<CompletionToken>(token));
}

template <transport Transport>
bool room_source<Transport>::advance(std::vector<room> const& page, error_code& ec,
                                     error_details& details)
{
    if (page.size() < static_cast<std::size_t>(page_size()))
        return true;
    auto const& last = page.back().uuid;
    if (begin_ && last <= *begin_) {
        ec = error::malformed_response;
        details.message = "the page after \"" + *begin_ + "\" ends at \"" + last +
                          "\"; the service ignores beginUUID";
        return true;
    }
    begin_ = last;
    return false;
}

} // namespace coverkit::whiteboard::detail

#endif
