// `data:` URLs and file names as a fixture gives them (a scene's background, a media file).
#include "fuzz.hpp"

#include "services/fixture_sources.hpp"

#include <string>

int coverkit::fuzz::fuzz_data_url(std::uint8_t const* data, std::size_t size)
{
    auto const in = text(data, size);
    std::filesystem::path const base = "/nonexistent-coverkit-fuzz";
    (void)fake::detail::fixture_source_bytes(base, "data:" + std::string(in));
    (void)fake::detail::fixture_source_bytes(base, in);
    return 0;
}
