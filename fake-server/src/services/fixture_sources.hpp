#ifndef COVERKIT_FAKE_SRC_SERVICES_FIXTURE_SOURCES_HPP
#define COVERKIT_FAKE_SRC_SERVICES_FIXTURE_SOURCES_HPP

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace coverkit::fake::detail {

/** The bytes a fixture names (a scene's background, a media file): a `data:` URL's, or those of
    a file relative to `base_dir`. Nothing for a URL of another host (the fake downloads nothing),
    an absolute path, one leaving that folder, a file over 64 MiB, or one that cannot be read. */
std::optional<std::string> fixture_source_bytes(std::filesystem::path const& base_dir,
                                                std::string_view src);

} // namespace coverkit::fake::detail

#endif
