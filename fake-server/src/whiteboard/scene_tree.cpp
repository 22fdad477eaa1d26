#include "scene_tree.hpp"

#include <coverkit/scene_path.hpp>

#include <algorithm>

namespace coverkit::fake::detail {

namespace {

// Calls f on each segment of a normal-form path; "/" has none.
template <class F>
bool for_each_segment(std::string_view path, F&& f)
{
    std::size_t pos = 1;
    while (pos < path.size()) {
        auto const next = std::min(path.find('/', pos), path.size());
        if (!f(path.substr(pos, next - pos)))
            return false;
        pos = next + 1;
    }
    return true;
}

std::string join(std::string_view dir, std::string_view name)
{
    std::string p(dir);
    if (p != "/")
        p += '/';
    p += name;
    return p;
}

} // namespace

scene_tree::directory const* scene_tree::find_directory(std::string_view path) const
{
    directory const* d = &root_;
    bool const found = for_each_segment(path, [&](std::string_view seg) {
        auto it = d->dirs.find(seg);
        if (it == d->dirs.end())
            return false;
        d = &it->second;
        return true;
    });
    return found ? d : nullptr;
}

scene_tree::kind scene_tree::lookup(std::string_view path) const
{
    if (find_directory(path))
        return kind::directory;
    return find_scene(path) ? kind::scene : kind::nothing;
}

scene const* scene_tree::find_scene(std::string_view path) const
{
    if (path.size() <= 1)
        return nullptr;
    auto const* d = find_directory(scene_directory(path));
    if (!d)
        return nullptr;
    auto it = std::find_if(d->scenes.begin(), d->scenes.end(),
                           [name = scene_name(path)](scene const& s) { return s.name == name; });
    return it == d->scenes.end() ? nullptr : &*it;
}

bool scene_tree::add(std::string_view dir, scene s)
{
    // Refuse, changing nothing, when a scene stands where a directory is needed, or a directory
    // where the scene would go.
    std::string prefix;
    bool const way_is_clear = for_each_segment(dir, [&](std::string_view seg) {
        prefix += '/';
        prefix += seg;
        return find_scene(prefix) == nullptr;
    });
    if (!way_is_clear || lookup(join(dir, s.name)) == kind::directory)
        return false;

    directory* d = &root_;
    for_each_segment(dir, [&](std::string_view seg) {
        d = &d->dirs[std::string(seg)];
        return true;
    });
    auto it = std::find_if(d->scenes.begin(), d->scenes.end(),
                           [&](scene const& x) { return x.name == s.name; });
    if (it != d->scenes.end())
        *it = std::move(s);
    else
        d->scenes.push_back(std::move(s));
    return true;
}

std::vector<std::string> scene_tree::children(std::string_view dir) const
{
    std::vector<std::string> out;
    if (auto const* d = find_directory(dir)) {
        out.reserve(d->scenes.size());
        for (auto const& s : d->scenes)
            out.push_back(join(dir, s.name));
    }
    return out;
}

void scene_tree::collect(directory const& d, std::string const& prefix,
                         std::vector<std::string>& out)
{
    for (auto const& s : d.scenes)
        out.push_back(join(prefix, s.name));
    for (auto const& [name, sub] : d.dirs)
        collect(sub, join(prefix, name), out);
}

std::vector<std::string> scene_tree::all() const
{
    std::vector<std::string> out;
    collect(root_, "/", out);
    return out;
}

} // namespace coverkit::fake::detail
