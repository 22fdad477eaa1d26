#include "scene_tree.hpp"

#include <coverkit/scene_path.hpp>

#include <algorithm>
#include <utility>

namespace coverkit::fake::detail {

// Depth is bounded (`max_depth`), so the recursive destruction of nested directories is too.
struct scene_tree::directory
{
    std::vector<scene> scenes;                          // in insertion order
    std::unordered_map<std::string, std::size_t> index; // name -> position in `scenes`
    std::map<std::string, directory, std::less<>> dirs; // by name
};

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
    std::string p;
    p.reserve(dir.size() + 1 + name.size());
    p += dir;
    if (p != "/")
        p += '/';
    p += name;
    return p;
}

} // namespace

scene_tree::scene_tree() : root_(std::make_unique<directory>()) {}
scene_tree::~scene_tree() = default;
scene_tree::scene_tree(scene_tree&&) noexcept = default;
scene_tree& scene_tree::operator=(scene_tree&&) noexcept = default;

std::optional<scene_tree::refusal> scene_tree::check_path(std::string_view path) noexcept
{
    if (path.size() > max_path_bytes)
        return refusal::too_long;
    if (static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')) > max_depth)
        return refusal::too_deep;
    return std::nullopt;
}

scene_tree::directory const* scene_tree::find_directory(std::string_view path) const
{
    directory const* d = root_.get();
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
    auto const it = d->index.find(std::string(scene_name(path)));
    return it == d->index.end() ? nullptr : &d->scenes[it->second];
}

bool scene_tree::add(std::string_view dir, scene s)
{
    std::vector<scene> one;
    one.push_back(std::move(s));
    return !add_all(dir, std::move(one));
}

std::optional<std::pair<scene_tree::refusal, std::size_t>>
scene_tree::add_all(std::string_view dir, std::vector<scene>&& scenes)
{
    using failure = std::pair<refusal, std::size_t>;
    if (scenes.empty())
        return std::nullopt;
    // Checked first, changing nothing: the limits, then the way to `dir` (every directory on
    // it is a directory or nothing, never a scene), then each scene's place (not a directory).
    for (std::size_t i = 0; i < scenes.size(); ++i)
        if (auto why = check_path(join(dir, scenes[i].name)))
            return failure{*why, i};
    directory const* existing = root_.get();
    bool const way_is_clear = for_each_segment(dir, [&](std::string_view seg) {
        if (!existing)
            return true; // created from here on
        if (existing->index.contains(std::string(seg)))
            return false;
        auto const it = existing->dirs.find(seg);
        existing = it == existing->dirs.end() ? nullptr : &it->second;
        return true;
    });
    if (!way_is_clear)
        return failure{refusal::in_the_way, 0};
    std::size_t added = 0;
    {
        std::unordered_map<std::string_view, bool> fresh; // names new to the directory
        for (std::size_t i = 0; i < scenes.size(); ++i) {
            auto const& name = scenes[i].name;
            if (existing && existing->dirs.contains(name))
                return failure{refusal::in_the_way, i};
            if (!(existing && existing->index.contains(name)) && fresh.emplace(name, true).second)
                ++added;
        }
    }
    if (count_ + added > max_scenes)
        return failure{refusal::too_many, 0};

    directory* d = root_.get();
    for_each_segment(dir, [&](std::string_view seg) {
        auto it = d->dirs.find(seg);
        if (it == d->dirs.end())
            it = d->dirs.emplace(std::string(seg), directory{}).first;
        d = &it->second;
        return true;
    });
    for (auto& s : scenes) {
        auto const [it, inserted] = d->index.try_emplace(s.name, d->scenes.size());
        if (inserted)
            d->scenes.push_back(std::move(s));
        else
            d->scenes[it->second] = std::move(s);
    }
    count_ += added;
    return std::nullopt;
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

std::vector<std::string> scene_tree::all() const
{
    std::vector<std::string> out;
    out.reserve(count_);
    // Depth first without recursion: a directory's scenes, then its sub-directories by name.
    struct frame
    {
        directory const* dir;
        std::string path;
        std::map<std::string, directory, std::less<>>::const_iterator next;
    };
    std::vector<frame> stack;
    auto enter = [&](directory const& d, std::string path) {
        for (auto const& s : d.scenes)
            out.push_back(join(path, s.name));
        stack.push_back({&d, std::move(path), d.dirs.begin()});
    };
    enter(*root_, "/");
    while (!stack.empty()) {
        auto& top = stack.back();
        if (top.next == top.dir->dirs.end()) {
            stack.pop_back();
            continue;
        }
        auto const& [name, sub] = *top.next++;
        enter(sub, join(top.path, name));
    }
    return out;
}

} // namespace coverkit::fake::detail
