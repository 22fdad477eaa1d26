#include "fixture_sources.hpp"

#include <coverkit/detail/encoding.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace coverkit::fake::detail {

namespace {

constexpr std::uintmax_t max_background_bytes = 64 * 1024 * 1024;

bool starts_with_nocase(std::string_view s, std::string_view prefix) noexcept
{
    return s.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
               return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
           });
}

// The bytes of a `data:` URL (RFC 2397): base64 or percent-encoded.
std::optional<std::string> data_url_bytes(std::string_view src)
{
    src.remove_prefix(5); // "data:"
    auto const comma = src.find(',');
    if (comma == std::string_view::npos)
        return std::nullopt;
    auto const meta = src.substr(0, comma);
    auto const data = src.substr(comma + 1);
    if (meta.size() >= 7 && starts_with_nocase(meta.substr(meta.size() - 7), ";base64"))
        return coverkit::detail::base64url_decode(data);
    return coverkit::detail::decode_query_component(data);
}

// The bytes of a file named relative to the fixture's folder; nothing for an absolute path,
// one leaving that folder, or one that cannot be read.
std::optional<std::string> fixture_file_bytes(std::filesystem::path const& base_dir,
                                              std::string_view src)
{
    std::filesystem::path const rel = std::filesystem::path(src).lexically_normal();
    if (rel.empty() || rel.is_absolute() || rel.has_root_name() || *rel.begin() == "..")
        return std::nullopt;
    auto const full = base_dir / rel;
    std::error_code ec;
    auto const size = std::filesystem::file_size(full, ec);
    if (ec || size > max_background_bytes)
        return std::nullopt;
    std::ifstream in(full, std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof())
        return std::nullopt;
    return bytes;
}

} // namespace

std::optional<std::string> fixture_source_bytes(std::filesystem::path const& base_dir,
                                                std::string_view src)
{
    if (starts_with_nocase(src, "data:"))
        return data_url_bytes(src);
    if (src.find("://") != std::string_view::npos)
        return std::nullopt; // another host: the fake downloads nothing
    return fixture_file_bytes(base_dir, src);
}

} // namespace coverkit::fake::detail
