#ifndef COVERKIT_LEGACY_IMPL_PAGER_HPP
#define COVERKIT_LEGACY_IMPL_PAGER_HPP

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <limits>

namespace coverkit::legacy {

template <transport Transport>
snapshot_pager<Transport>::snapshot_pager(client_type& c, std::string room_uuid,
                                          snapshots_request req)
    : client_(&c), room_(std::move(room_uuid)), req_(std::move(req))
{
    // The service clamps a larger size; a pager asking for more would take every page for a
    // short one and stop after the first.
    req_.size = std::min(req_.size.value_or(max_page_size), max_page_size);
    req_.page = req_.page.value_or(1);
}

template <transport Transport>
void snapshot_pager<Transport>::advance(std::vector<image> const& page, error_code& ec,
                                        error_details& details)
{
    if (page.size() < static_cast<std::size_t>(page_size())) {
        done_ = true;
        return;
    }
    if (!page.empty() && page.front().key == last_first_key_) {
        done_ = true;
        ec = error::malformed_response;
        details.message = "page " + std::to_string(next_page_number()) +
                          " repeats the previous page; the service ignores the page number";
        return;
    }
    last_first_key_ = page.front().key;
    if (*req_.page == std::numeric_limits<int>::max())
        done_ = true;
    else
        ++*req_.page;
}

template <transport Transport>
std::vector<image> snapshot_pager<Transport>::next_page(error_code& ec, error_details& details)
{
    ec = {};
    details.clear();
    if (done_)
        return {};
    auto page = client_->snapshots(room_, req_, ec, details);
    if (!ec)
        advance(page, ec, details);
    if (ec)
        return {};
    return page;
}

template <transport Transport>
std::vector<image> snapshot_pager<Transport>::next_page(error_code& ec)
{
    error_details details;
    return next_page(ec, details);
}

template <transport Transport>
std::vector<image> snapshot_pager<Transport>::next_page()
{
    error_code ec;
    error_details details;
    auto page = next_page(ec, details);
    coverkit::detail::throw_on_error(ec, details);
    return page;
}

// Reads one page through the client's asynchronous call, or, once done, completes with an
// empty page through the executor (never inline).
template <transport Transport>
struct snapshot_pager<Transport>::next_page_op
{
    snapshot_pager* pager;
    error_details* out;
    enum class step
    {
        starting,
        nothing_to_read,
        reading
    };
    step state;

    template <class Self>
    void operator()(Self& self, error_code ec = {}, std::vector<image> page = {})
    {
        switch (state) {
        case step::starting:
            if (pager->done_) {
                state = step::nothing_to_read;
                return boost::asio::post(pager->client_->get_executor(), std::move(self));
            }
            state = step::reading;
            if (out)
                return pager->client_->async_snapshots(pager->room_, pager->req_, *out,
                                                       std::move(self));
            return pager->client_->async_snapshots(pager->room_, pager->req_, std::move(self));
        case step::nothing_to_read:
            if (out)
                out->clear();
            return self.complete(error_code{}, std::vector<image>{});
        case step::reading:
            break;
        }
        if (!ec) {
            error_details scratch;
            pager->advance(page, ec, out ? *out : scratch);
            if (ec)
                page.clear();
        }
        self.complete(ec, std::move(page));
    }
};

template <transport Transport>
template <class CompletionToken>
auto snapshot_pager<Transport>::async_next_page(CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(error_code, std::vector<image>)>(
        next_page_op{this, nullptr, next_page_op::step::starting}, token, client_->get_executor());
}

template <transport Transport>
template <class CompletionToken>
auto snapshot_pager<Transport>::async_next_page(error_details& details, CompletionToken&& token)
{
    return boost::asio::async_compose<CompletionToken, void(error_code, std::vector<image>)>(
        next_page_op{this, &details, next_page_op::step::starting}, token, client_->get_executor());
}

template <transport Transport>
void snapshot_pager<Transport>::iterator::fill()
{
    while (index_ >= page_.size() && !pager_->done()) {
        page_ = pager_->next_page();
        index_ = 0;
    }
}

template <transport Transport>
typename snapshot_pager<Transport>::iterator& snapshot_pager<Transport>::iterator::operator++()
{
    ++index_;
    fill();
    return *this;
}

template <transport Transport>
typename snapshot_pager<Transport>::iterator snapshot_pager<Transport>::begin()
{
    iterator it(this);
    it.fill();
    return it;
}

} // namespace coverkit::legacy

#endif
