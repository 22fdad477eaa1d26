// Scene paths: normal form, and a room's scene tree built from the paths (one a line).
#include "fuzz.hpp"

#include "whiteboard/scene_tree.hpp"

#include <coverkit/scene_path.hpp>

int coverkit::fuzz::fuzz_scene_path(std::uint8_t const* data, std::size_t size)
{
    auto in = text(data, size);
    fake::detail::scene_tree tree;
    while (!in.empty()) {
        auto const end = std::min(in.find('\n'), in.size());
        auto const line = in.substr(0, end);
        in.remove_prefix(std::min(end + 1, in.size()));
        auto const path = normalize_scene_path(line);
        if (!path)
            continue;
        (void)tree.lookup(*path);
        if (*path != "/")
            (void)tree.add(scene_directory(*path), {std::string(scene_name(*path)), nullptr});
        if (tree.lookup(*path) == fake::detail::scene_tree::kind::directory)
            (void)tree.children(*path);
    }
    (void)tree.all();
    return 0;
}
