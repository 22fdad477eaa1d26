//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_LEGACY_PAGER_HPP
#define COVERKIT_LEGACY_PAGER_HPP

#include <coverkit/error.hpp>
#include <coverkit/image.hpp>
#include <coverkit/legacy/client.hpp>
#include <coverkit/legacy/snapshot.hpp>
#include <coverkit/transport.hpp>

#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

namespace coverkit::legacy {

/** Every page of covers of one scene directory, read through the legacy `snapshots` call.

    The pager asks for page after page until the service answers with a short or empty page,
    so each scene directly inside the directory is returned exactly once, in the directory's
    order. It is used two ways:

    - as an input range: `for (coverkit::image const& img : pager)` reads pages as the loop
      needs them and throws `api_error` from the loop when a page fails;
    - page by page: `next_page` (blocking, in the usual three forms) or `async_next_page`
      (completion `void(error_code, std::vector<image>)`), each returning the next page, or an
      empty list without sending anything once `done()`.

    A failed page leaves the pager where it was: reading again retries the same page. A service
    that answers a full page identical to the previous one (a server ignoring `page`) ends the
    walk with `error::malformed_response` instead of looping forever.

    Make one with `client::pager`, or construct one directly.

    @tparam Transport The client's transport.

    @par Thread safety
    Distinct objects: safe. Shared objects: unsafe; one read at a time. The client must outlive
    the pager and its pending reads.
*/
template <transport Transport>
class snapshot_pager
{
public:
    /// The client the pager reads through.
    using client_type = client<Transport>;

    class iterator;

    /** Constructs a pager; sends nothing.

        @param c The client; must outlive the pager.
        @param room_uuid The room.
        @param req Size and scene directory; `page` is the first page read (default 1) and
        `size` the page size (default and maximum `max_page_size`). A page or size below 1 is
        reported, with `error::invalid_argument`, by the first read.
    */
    snapshot_pager(client_type& c, std::string room_uuid, snapshots_request req);

    /// The number of covers asked for per page.
    int page_size() const noexcept { return req_.size.value_or(max_page_size); }

    /// The page the next read asks for.
    int next_page_number() const noexcept { return req_.page.value_or(1); }

    /// True once a short or empty page has been read: nothing more is sent.
    bool done() const noexcept { return done_; }

    /// Reads the next page; empty once `done()`. Throws `api_error` on failure.
    std::vector<image> next_page();
    /// Reads the next page; sets `ec` on failure.
    std::vector<image> next_page(error_code& ec);
    /// Reads the next page; sets `ec` and `details` on failure.
    std::vector<image> next_page(error_code& ec, error_details& details);

    /// Reads the next page asynchronously; completion `void(error_code, std::vector<image>)`,
    /// an empty list once `done()`. Never completes inline.
    template <class CompletionToken>
    auto async_next_page(CompletionToken&& token);
    /// Reads the next page asynchronously, filling `details` (which must live until
    /// completion).
    template <class CompletionToken>
    auto async_next_page(error_details& details, CompletionToken&& token);

    /// The first cover not yet visited, reading a page when needed. Throws `api_error`.
    iterator begin();
    /// The end of the walk: reached once the pager is `done()` and its last page visited.
    std::default_sentinel_t end() const noexcept { return {}; }

    /** An input iterator over the covers of a pager, one page held at a time.

        Advancing past the last cover of a page reads the next one, and throws `api_error` when
        that fails.
    */
    class iterator
    {
    public:
        using value_type = image;
        using difference_type = std::ptrdiff_t;
        using reference = image const&;
        using pointer = image const*;
        using iterator_concept = std::input_iterator_tag;
        using iterator_category = std::input_iterator_tag;

        /// A singular iterator, equal to the end.
        iterator() = default;

        reference operator*() const { return page_[index_]; }
        pointer operator->() const { return &page_[index_]; }
        iterator& operator++();
        void operator++(int) { ++*this; }

        friend bool operator==(iterator const& it, std::default_sentinel_t) noexcept
        {
            return it.index_ >= it.page_.size();
        }

    private:
        friend class snapshot_pager;
        explicit iterator(snapshot_pager* p) : pager_(p) {}
        void fill();

        snapshot_pager* pager_ = nullptr;
        std::vector<image> page_;
        std::size_t index_ = 0;
    };

private:
    struct next_page_op;

    // After a successful read: move on, or stop at a short page.
    void advance(std::vector<image> const& page, error_code& ec, error_details& details);

    client_type* client_;
    std::string room_;
    snapshots_request req_; // page: the next to read; size: clamped
    std::string last_first_key_;
    bool done_ = false;
};

} // namespace coverkit::legacy

#include <coverkit/legacy/impl/pager.hpp>

#endif
