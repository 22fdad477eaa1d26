//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_PAGER_HPP
#define COVERKIT_PAGER_HPP

#include <coverkit/error.hpp>

#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace coverkit {

/** Every page of a paginated listing, read one page at a time until the last.

    The pager asks its source for page after page until the source says a page was the last
    (a short or empty page), so each item of the listing is returned once. It is used two ways:

    - as an input range: `for (auto const& item : pager)` reads pages as the loop needs them
      and throws `api_error` from the loop when a page fails;
    - page by page: `next_page` (blocking, in three forms) or `async_next_page` (completion
      `void(error_code, std::vector<value_type>)`), each returning the next page, or an empty
      list without sending anything once `done()`.

    A failed page leaves the pager where it was: reading again retries the same page.

    The API families make pagers for their listings: `legacy::snapshot_pager` (covers of a
    scene directory, by page number) and `whiteboard::room_pager` (rooms, by uuid cursor).

    @tparam Source Where pages come from. Exposition only:
    @code
    struct Source {
        using value_type = ...;     // the items listed
        using executor_type = ...;  // where asynchronous reads complete
        executor_type get_executor();
        // Reads the current page.
        std::vector<value_type> read(error_code& ec, error_details& details);
        // Reads the current page asynchronously: completion void(error_code, std::vector<...>),
        // filling *details when not null.
        template <class CompletionToken> auto async_read(error_details* details, CompletionToken&&);
        // After a page was read: moves to the next page and returns false, or returns true when
        // that page was the last; may report a page that makes no sense in ec and details.
        bool advance(std::vector<value_type> const& page, error_code& ec, error_details& details);
    };
    @endcode

    @par Thread safety
    Distinct objects: safe. Shared objects: unsafe; one read at a time. Whatever the source
    reads through must outlive the pager and its pending reads.
*/
template <class Source>
class pager
{
public:
    /// The source of pages.
    using source_type = Source;
    /// The items listed.
    using value_type = typename Source::value_type;

    class iterator;

    /// Constructs a pager at the source's first page; sends nothing.
    explicit pager(Source source) : source_(std::move(source)) {}

    /// The source, which knows where the walk stands.
    Source const& source() const noexcept { return source_; }

    /// True once the last page has been read: nothing more is sent.
    bool done() const noexcept { return done_; }

    /// Reads the next page; empty once `done()`. Throws `api_error` on failure.
    std::vector<value_type> next_page();
    /// Reads the next page; sets `ec` on failure.
    std::vector<value_type> next_page(error_code& ec);
    /// Reads the next page; sets `ec` and `details` on failure.
    std::vector<value_type> next_page(error_code& ec, error_details& details);

    /// Reads the next page asynchronously; completion
    /// `void(error_code, std::vector<value_type>)`, an empty list once `done()`. Never
    /// completes inline. The pager must not move or go away until completion.
    template <class CompletionToken>
    auto async_next_page(CompletionToken&& token);
    /// Reads the next page asynchronously, filling `details` (which must live until
    /// completion).
    template <class CompletionToken>
    auto async_next_page(error_details& details, CompletionToken&& token);

    /// The first item not yet visited, reading a page when needed. Throws `api_error`.
    iterator begin();
    /// The end of the walk: reached once the pager is `done()` and its last page visited.
    std::default_sentinel_t end() const noexcept { return {}; }

    /** An input iterator over the items of a pager, one page held at a time.

        Advancing past the last item of a page reads the next one, and throws `api_error` when
        that fails.
    */
    class iterator
    {
    public:
        using value_type = typename Source::value_type;
        using difference_type = std::ptrdiff_t;
        using reference = value_type const&;
        using pointer = value_type const*;
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
        friend class pager;
        explicit iterator(pager* p) : pager_(p) {}
        void fill();

        pager* pager_ = nullptr;
        std::vector<value_type> page_;
        std::size_t index_ = 0;
    };

protected:
    /// The source, for derived pagers that add accessors.
    Source& mutable_source() noexcept { return source_; }

private:
    template <bool AsException>
    struct next_page_op;

    Source source_;
    bool done_ = false;
    // The details of an asynchronous read whose caller gave none: an api_error needs them.
    error_details details_;
};

} // namespace coverkit

#include <coverkit/impl/pager.hpp>

#endif
