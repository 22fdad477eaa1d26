#ifndef COVERKIT_FUZZ_FUZZ_HPP
#define COVERKIT_FUZZ_FUZZ_HPP

// Fuzz targets. Each `fuzz_NAME` takes one input and must neither crash nor leak nor hang on
// any. Built with clang and -fsanitize=fuzzer (scripts/fuzz.sh), each is a libFuzzer program;
// built with the project's own compiler, one replay program runs the committed corpus through
// all of them (the `fuzz_replay_*` tests).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace coverkit::fuzz {

int fuzz_token(std::uint8_t const* data, std::size_t size);
int fuzz_fixture(std::uint8_t const* data, std::size_t size);
int fuzz_scene_path(std::uint8_t const* data, std::size_t size);
int fuzz_data_url(std::uint8_t const* data, std::size_t size);
int fuzz_request(std::uint8_t const* data, std::size_t size);
int fuzz_client(std::uint8_t const* data, std::size_t size);

inline std::string_view text(std::uint8_t const* data, std::size_t size)
{
    return {reinterpret_cast<char const*>(data), size};
}

} // namespace coverkit::fuzz

// In a libFuzzer build, the one target this program is for.
#ifdef COVERKIT_FUZZ_ENTRY
extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    return coverkit::fuzz::COVERKIT_FUZZ_ENTRY(data, size);
}
#endif

#endif
