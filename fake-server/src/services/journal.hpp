#ifndef COVERKIT_FAKE_SRC_SERVICES_JOURNAL_HPP
#define COVERKIT_FAKE_SRC_SERVICES_JOURNAL_HPP

#include "../core/state_mutex.hpp"

#include <coverkit/fake/server.hpp>

#include <boost/url/url_view.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake::detail {

/** The requests the fake has answered, oldest first, as `GET /_fake/requests` lists them. Keeps
    at most `capacity` of them: past it, the oldest are dropped and counted. Requests are
    numbered from 0 (the first since the start or the last clear), dropped ones included.
    Safe to use from several threads at once: requests are recorded as they end, outside the
    server's lock. */
class request_journal
{
public:
    explicit request_journal(std::size_t capacity) : capacity_(capacity) {}

    void record(journal_entry entry);
    void clear() noexcept;

    /// Entries numbered `since` and after, at most `limit`, oldest first.
    std::vector<journal_entry> entries(std::uint64_t since = 0,
                                       std::size_t limit = static_cast<std::size_t>(-1)) const;

    /// The entries `filter` matches, from its `since` on, at most its `limit`.
    request_page select(request_filter const& filter) const;

    /// Keeps at most `capacity` entries from now on (the oldest dropped at once).
    void set_capacity(std::size_t capacity);

    /// How many entries were dropped: also the number of the oldest one kept.
    std::uint64_t dropped() const noexcept;

    /** A request target as the journal shows it: the values of query parameters that carry
        secrets (`roomToken`, `token`, `access_token`, `library_secret`) masked, and cut to
        `max_journal_target` bytes. `url` is the parsed target; without one, the target is shown
        as it came. */
    static std::string masked_target(std::optional<boost::urls::url_view> const& url,
                                     std::string_view raw);

    /// Fills `entry`'s headers and body from `req`, secrets masked (see `journal_entry`).
    static void add_request(journal_entry& entry, http_request const& req);

private:
    mutable brief_mutex mutex_;
    std::size_t capacity_;
    std::deque<journal_entry> entries_;
    std::uint64_t dropped_ = 0;
};

} // namespace coverkit::fake::detail

#endif
