#ifndef COVERKIT_LEGACY_IMPL_PAGER_HPP
#define COVERKIT_LEGACY_IMPL_PAGER_HPP

#include <algorithm>
#include <limits>

namespace coverkit::legacy::detail {

template <transport Transport>
snapshot_source<Transport>::snapshot_source(client<Transport>& c, std::string room_uuid,
                                            snapshots_request req)
    : client_(&c), room_(std::move(room_uuid)), req_(req), scene_path_(req.scene_path)
{
    // The service clamps a larger size; a pager asking for more would take every page for a
    // short one and stop after the first.
    req_.size = std::min(req_.size.value_or(max_page_size), max_page_size);
    req_.page = req_.page.value_or(1);
}

template <transport Transport>
snapshots_request const& snapshot_source<Transport>::request()
{
    req_.scene_path = scene_path_;
    return req_;
}

template <transport Transport>
std::vector<image> snapshot_source<Transport>::read(error_code& ec, error_details& details)
{
    return client_->snapshots(room_, request(), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto snapshot_source<Transport>::async_read(error_details* details, CompletionToken&& token)
{
    if (details)
        return client_->async_snapshots(room_, request(), *details,
                                        std::forward<CompletionToken>(token));
    return client_->async_snapshots(room_, request(), std::forward<CompletionToken>(token));
}

template <transport Transport>
bool snapshot_source<Transport>::advance(std::vector<image> const& page, error_code& ec,
                                         error_details& details)
{
    if (page.size() < static_cast<std::size_t>(page_size()))
        return true;
    if (page.front().key == last_first_key_) {
        ec = error::malformed_response;
        details.message = "page " + std::to_string(page_number()) +
                          " repeats the previous page; the service ignores the page number";
        return true;
    }
    last_first_key_ = page.front().key;
    if (*req_.page == std::numeric_limits<int>::max())
        return true;
    ++*req_.page;
    return false;
}

} // namespace coverkit::legacy::detail

#endif
