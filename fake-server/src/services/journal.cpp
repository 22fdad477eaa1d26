#include "journal.hpp"

#include <boost/url/url.hpp>

#include <algorithm>

namespace coverkit::fake::detail {

void request_journal::record(journal_entry entry)
{
    if (capacity_ == 0) {
        ++dropped_;
        return;
    }
    if (entries_.size() == capacity_) {
        entries_.pop_front();
        ++dropped_;
    }
    entries_.push_back(std::move(entry));
}

void request_journal::clear() noexcept
{
    entries_.clear();
    dropped_ = 0;
}

std::vector<journal_entry> request_journal::entries(std::uint64_t since, std::size_t limit) const
{
    auto const first = since <= dropped_ ? 0 : since - dropped_;
    std::vector<journal_entry> out;
    if (first >= entries_.size())
        return out;
    auto const n = std::min<std::uint64_t>(entries_.size() - first, limit);
    out.reserve(static_cast<std::size_t>(n));
    auto const begin = entries_.begin() + static_cast<std::ptrdiff_t>(first);
    out.assign(begin, begin + static_cast<std::ptrdiff_t>(n));
    return out;
}

std::string request_journal::masked_target(std::optional<boost::urls::url_view> const& url,
                                           std::string_view raw)
{
    std::string out;
    if (!url || !url->has_query()) {
        out = raw.substr(0, max_journal_target + 1);
    } else {
        boost::urls::url copy(*url);
        auto params = copy.params();
        for (auto it = params.begin(); it != params.end(); ++it) {
            auto const key = (*it).key;
            if (key == "roomToken" || key == "token" || key == "access_token" ||
                key == "library_secret")
                it = params.set(it, "***");
        }
        out = copy.encoded_target();
    }
    if (out.size() > max_journal_target) {
        out.resize(max_journal_target - 3);
        out += "...";
    }
    return out;
}

} // namespace coverkit::fake::detail
