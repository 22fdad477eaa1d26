#ifndef COVERKIT_IMPL_PAGER_HPP
#define COVERKIT_IMPL_PAGER_HPP

#include <coverkit/detail/call.hpp>

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>

namespace coverkit {

template <class Source>
std::vector<typename Source::value_type> pager<Source>::next_page(error_code& ec,
                                                                  error_details& details)
{
    ec = {};
    details.clear();
    if (done_)
        return {};
    auto page = source_.read(ec, details);
    if (!ec)
        done_ = source_.advance(page, ec, details);
    if (ec)
        return {};
    return page;
}

template <class Source>
std::vector<typename Source::value_type> pager<Source>::next_page(error_code& ec)
{
    error_details details;
    return next_page(ec, details);
}

template <class Source>
std::vector<typename Source::value_type> pager<Source>::next_page()
{
    error_code ec;
    error_details details;
    auto page = next_page(ec, details);
    detail::throw_on_error(ec, details);
    return page;
}

// Reads one page through the source, or, once done, completes with an empty page through the
// executor (never inline). The details go to the caller's, or to the pager's own.
template <class Source>
template <bool AsException>
struct pager<Source>::next_page_op
{
    enum class step
    {
        starting,
        nothing_to_read,
        reading
    };

    pager* self_pager;
    error_details* out;
    step state = step::starting;

    template <class Self>
    void operator()(Self& self, error_code ec = {}, std::vector<value_type> page = {})
    {
        switch (state) {
        case step::starting:
            if (self_pager->done_) {
                state = step::nothing_to_read;
                return boost::asio::post(self_pager->source_.get_executor(), std::move(self));
            }
            state = step::reading;
            return self_pager->source_.async_read(out, std::move(self));
        case step::nothing_to_read:
            out->clear();
            return detail::complete_call<AsException>(self, error_code{}, *out,
                                                      std::vector<value_type>{});
        case step::reading:
            break;
        }
        if (!ec) {
            self_pager->done_ = self_pager->source_.advance(page, ec, *out);
            if (ec)
                page.clear();
        }
        detail::complete_call<AsException>(self, ec, *out, std::move(page));
    }
};

template <class Source>
template <class CompletionToken>
auto pager<Source>::async_next_page(CompletionToken&& token)
{
    return detail::compose_call<void(error_code, std::vector<value_type>), next_page_op>(
        std::forward<CompletionToken>(token), source_.get_executor(), this, &details_);
}

template <class Source>
template <class CompletionToken>
auto pager<Source>::async_next_page(error_details& details, CompletionToken&& token)
{
    return detail::compose_call<void(error_code, std::vector<value_type>), next_page_op>(
        std::forward<CompletionToken>(token), source_.get_executor(), this, &details);
}

template <class Source>
void pager<Source>::iterator::fill()
{
    while (index_ >= page_.size() && !pager_->done()) {
        page_ = pager_->next_page();
        index_ = 0;
    }
}

template <class Source>
typename pager<Source>::iterator& pager<Source>::iterator::operator++()
{
    ++index_;
    fill();
    return *this;
}

template <class Source>
typename pager<Source>::iterator pager<Source>::begin()
{
    iterator it(this);
    it.fill();
    return it;
}

} // namespace coverkit

#endif
