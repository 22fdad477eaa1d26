#ifndef COVERKIT_FAKE_SRC_WHITEBOARD_SCENE_TREE_HPP
#define COVERKIT_FAKE_SRC_WHITEBOARD_SCENE_TREE_HPP

#include <coverkit/fake/fixture.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake::detail {

/// A scene in the tree: its name (last path segment) and background.
struct scene
{
    std::string name;
    /// Shared, never changed: a screenshot keeps it without copying a long `data:` URL.
    std::shared_ptr<fake::ppt const> ppt;
};

/** The scenes of one room: a tree rooted at `/` whose directories hold scenes in
    insertion order and sub-directories by name. A path is a scene, a directory or nothing.
    Paths given to it are in normal form (see `normalize_scene_path`). */
class scene_tree
{
public:
    enum class kind
    {
        nothing,
        scene,
        directory
    };

    /// What `path` names.
    kind lookup(std::string_view path) const;

    /// The scene at `path`, or null.
    scene const* find_scene(std::string_view path) const;

    /** Adds a scene named `s.name` inside directory `dir`, creating directories on the way; a
        scene already at that path is replaced in place (keeps its position).
        @return false, changing nothing, when the new path or one of the directories on the way
        is already of the other kind (a directory where the scene would go, or a scene where a
        directory is needed). */
    bool add(std::string_view dir, scene s);

    /// Full paths of the scenes directly inside directory `dir`, in order. Pre: `dir` is one.
    std::vector<std::string> children(std::string_view dir) const;

    /// Full paths of every scene, depth first: a directory's scenes, then its sub-directories
    /// by name.
    std::vector<std::string> all() const;

private:
    struct directory
    {
        std::vector<scene> scenes;
        std::map<std::string, directory, std::less<>> dirs;
    };

    directory const* find_directory(std::string_view path) const;
    static void collect(directory const& d, std::string const& prefix,
                        std::vector<std::string>& out);

    directory root_;
};

} // namespace coverkit::fake::detail

#endif
