// Replays inputs through a fuzz target with the project's own compiler and sanitizers, so that
// a crash found once stays fixed: `coverkit-fuzz-replay TARGET FILE_OR_FOLDER...`.
#include "fuzz.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

using target = int (*)(std::uint8_t const*, std::size_t);

struct named
{
    std::string_view name;
    target run;
};

constexpr named targets[] = {
    {"token", coverkit::fuzz::fuzz_token},           {"fixture", coverkit::fuzz::fuzz_fixture},
    {"scene_path", coverkit::fuzz::fuzz_scene_path}, {"data_url", coverkit::fuzz::fuzz_data_url},
    {"request", coverkit::fuzz::fuzz_request},       {"client", coverkit::fuzz::fuzz_client},
};

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: coverkit-fuzz-replay TARGET FILE_OR_FOLDER...\n");
        return 2;
    }
    auto const* t = std::find_if(std::begin(targets), std::end(targets),
                                 [&](named const& n) { return n.name == argv[1]; });
    if (t == std::end(targets)) {
        std::fprintf(stderr, "coverkit-fuzz-replay: unknown target '%s'\n", argv[1]);
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (int i = 2; i < argc; ++i) {
        std::filesystem::path const p = argv[i];
        if (std::filesystem::is_directory(p)) {
            for (auto const& e : std::filesystem::directory_iterator(p))
                if (e.is_regular_file())
                    files.push_back(e.path());
        } else {
            files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "coverkit-fuzz-replay: no inputs\n");
        return 1;
    }
    for (auto const& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::string const bytes{std::istreambuf_iterator<char>(in), {}};
        t->run(reinterpret_cast<std::uint8_t const*>(bytes.data()), bytes.size());
    }
    std::printf("%s: %zu inputs replayed\n", argv[1], files.size());
    return 0;
}
