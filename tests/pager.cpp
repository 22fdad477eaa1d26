#include <coverkit/pager.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <functional>
#include <optional>
#include <ranges>
#include <vector>

using coverkit::error;
using coverkit::error_code;
using coverkit::error_details;

namespace {

// A listing of the numbers 0..count-1 in pages of `size`, failing once at page `fail_at`.
struct number_source
{
    using value_type = int;
    using executor_type = boost::asio::io_context::executor_type;

    boost::asio::io_context* ioc;
    int count;
    int size;
    std::optional<int> fail_at = std::nullopt;
    int page = 0;
    int reads = 0;

    executor_type get_executor() { return ioc->get_executor(); }

    std::vector<int> read(error_code& ec, error_details& d)
    {
        ++reads;
        if (fail_at == page) {
            fail_at.reset();
            ec = error::server_error;
            d.status = 500;
            return {};
        }
        std::vector<int> out;
        for (int i = page * size; i < count && i < (page + 1) * size; ++i)
            out.push_back(i);
        return out;
    }

    template <class Handler>
    void async_read(error_details* d, Handler&& h)
    {
        error_details scratch;
        error_code ec;
        auto page_read = read(ec, d ? *d : scratch);
        boost::asio::post(*ioc, [h = std::move(h), ec, page_read]() mutable {
            std::move(h)(ec, std::move(page_read));
        });
    }

    bool advance(std::vector<int> const& p, error_code&, error_details&)
    {
        if (p.size() < static_cast<std::size_t>(size))
            return true;
        ++page;
        return false;
    }
};

using number_pager = coverkit::pager<number_source>;
static_assert(std::input_iterator<number_pager::iterator>);
static_assert(std::ranges::input_range<number_pager>);

std::vector<int> iota(int n)
{
    std::vector<int> v;
    for (int i = 0; i < n; ++i)
        v.push_back(i);
    return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(generic_pager)

BOOST_AUTO_TEST_CASE(a_range_visits_every_item_once)
{
    boost::asio::io_context ioc;
    for (auto [count, reads] : {std::pair{7, 3}, std::pair{6, 3}, std::pair{0, 1}}) {
        number_pager p(number_source{&ioc, count, 3});
        std::vector<int> seen;
        for (int n : p)
            seen.push_back(n);
        BOOST_TEST(seen == iota(count), boost::test_tools::per_element());
        BOOST_TEST(p.done());
        BOOST_TEST(p.source().reads == reads); // full pages, then the short or empty one
        for (int n : p)                        // a done pager reads nothing more
            seen.push_back(n);
        BOOST_TEST(p.next_page().empty());
        BOOST_TEST(p.source().reads == reads);
    }
}

BOOST_AUTO_TEST_CASE(a_failed_page_throws_from_the_loop_and_is_read_again)
{
    boost::asio::io_context ioc;
    number_pager p(number_source{&ioc, 5, 2, 1});
    std::vector<int> seen;
    try {
        for (int n : p)
            seen.push_back(n);
        BOOST_FAIL("no exception");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == error_code(error::server_error));
        BOOST_TEST(e.details().status == 500u);
    }
    BOOST_TEST(seen == iota(2), boost::test_tools::per_element());
    BOOST_TEST(!p.done());
    for (int n : p)
        seen.push_back(n);
    BOOST_TEST(seen == iota(5), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(async_pages_complete_through_the_executor)
{
    boost::asio::io_context ioc;
    number_pager p(number_source{&ioc, 3, 2});
    std::vector<std::size_t> sizes;
    std::function<void()> next = [&] {
        p.async_next_page([&](error_code ec, std::vector<int> page) {
            BOOST_TEST(!ec);
            sizes.push_back(page.size());
            if (sizes.size() < 4) // bounded: two pages, then two reads of a done pager
                next();
        });
    };
    next();
    BOOST_TEST(sizes.empty()); // never inline
    ioc.run();
    BOOST_TEST(sizes == (std::vector<std::size_t>{2, 1, 0, 0}), boost::test_tools::per_element());
    BOOST_TEST(p.source().reads == 2);
}

BOOST_AUTO_TEST_SUITE_END()
