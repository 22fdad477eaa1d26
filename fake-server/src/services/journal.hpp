#ifndef COVERKIT_FAKE_SRC_SERVICES_JOURNAL_HPP
#define COVERKIT_FAKE_SRC_SERVICES_JOURNAL_HPP

#include <coverkit/fake/server.hpp>

#include <boost/url/url_view.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake::detail {

/// The requests the fake has answered, oldest first, as `GET /_fake/requests` lists them.
class request_journal
{
public:
    void record(journal_entry entry) { entries_.push_back(std::move(entry)); }
    std::vector<journal_entry> const& entries() const noexcept { return entries_; }
    void clear() noexcept { entries_.clear(); }

    /** A request target as the journal shows it: the values of query parameters that carry
        secrets (`roomToken`, `token`, `access_token`, `library_secret`) masked. `url` is the
        parsed target; without one, the target is shown as it came. */
    static std::string masked_target(std::optional<boost::urls::url_view> const& url,
                                     std::string_view raw);

private:
    std::vector<journal_entry> entries_;
};

} // namespace coverkit::fake::detail

#endif
