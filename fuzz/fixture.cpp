// The fixture parser, and a fake server loading what it accepts.
#include "fuzz.hpp"

#include <coverkit/fake/fixture.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/json/parse.hpp>

int coverkit::fuzz::fuzz_fixture(std::uint8_t const* data, std::size_t size)
{
    boost::system::error_code ec;
    auto const jv = boost::json::parse(text(data, size), ec);
    if (ec)
        return 0;
    try {
        auto f = fake::parse_fixture(jv, "/nonexistent-coverkit-fuzz");
        fake::server server(std::move(f));
        server.reset();
    } catch (fake::fixture_error const&) {
    }
    return 0;
}
