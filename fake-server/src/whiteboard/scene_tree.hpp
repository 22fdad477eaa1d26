#ifndef COVERKIT_FAKE_SRC_WHITEBOARD_SCENE_TREE_HPP
#define COVERKIT_FAKE_SRC_WHITEBOARD_SCENE_TREE_HPP

#include <coverkit/fake/fixture.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace coverkit::fake::detail {

/// A scene in the tree: its name (last path segment) and background.
struct scene
{
    std::string name;
    /// Shared, never changed: a screenshot keeps it without copying a long `data:` URL.
    std::shared_ptr<fake::ppt const> ppt;
};

/** The scenes of one room: a tree rooted at `/` whose directories hold scenes in insertion
    order and sub-directories by name. A path is a scene, a directory or nothing. Paths given to
    it are in normal form (see `normalize_scene_path`).

    Bounded, so that no request can make it costly: a scene path is at most `max_path_bytes`
    long and `max_depth` segments deep, a room holds at most `max_scenes` scenes. Finding a
    scene or directory costs O(depth · log n); adding k scenes O(k · (depth + log n)). */
class scene_tree
{
public:
    /// The longest scene path, in bytes of its normal form.
    static constexpr std::size_t max_path_bytes = 1024;
    /// The most segments of a scene path (`/a/b/c` has 3).
    static constexpr std::size_t max_depth = 64;
    /// The most scenes of one room.
    static constexpr std::size_t max_scenes = 100'000;

    enum class kind
    {
        nothing,
        scene,
        directory
    };

    /// Why scenes could not be added; nothing was changed.
    enum class refusal
    {
        in_the_way, ///< a scene stands where a directory is needed, or a directory where a
                    ///< scene would go
        too_long,   ///< a path over `max_path_bytes`
        too_deep,   ///< a path over `max_depth` segments
        too_many,   ///< the room would hold more than `max_scenes`
    };

    scene_tree();
    ~scene_tree();
    scene_tree(scene_tree&&) noexcept;
    scene_tree& operator=(scene_tree&&) noexcept;

    /// What `path` names.
    kind lookup(std::string_view path) const;

    /// The scene at `path`, or null.
    scene const* find_scene(std::string_view path) const;

    /** Adds a scene named `s.name` inside directory `dir`, creating directories on the way; a
        scene already at that path is replaced in place (keeps its position).
        @return false, changing nothing, when it cannot be (see `add_all`). */
    bool add(std::string_view dir, scene s);

    /** Adds every scene of `scenes` inside directory `dir`, in order, as `add` would one by one
        (a name given twice: the later replaces the earlier in place), or none of them.
        @return Nothing when added (the scenes moved from `scenes`); else why not, with the
        index of the first scene refused, `scenes` left as it was. */
    std::optional<std::pair<refusal, std::size_t>> add_all(std::string_view dir,
                                                           std::vector<scene>&& scenes);

    /// Full paths of the scenes directly inside directory `dir`, in order. Pre: `dir` is one.
    std::vector<std::string> children(std::string_view dir) const;

    /// Full paths of every scene, depth first: a directory's scenes, then its sub-directories
    /// by name.
    std::vector<std::string> all() const;

    /// How many scenes the tree holds.
    std::size_t size() const noexcept { return count_; }

    /// Whether `path` (normal form) is within `max_path_bytes` and `max_depth`.
    static std::optional<refusal> check_path(std::string_view path) noexcept;

private:
    struct directory;
    directory const* find_directory(std::string_view path) const;

    std::unique_ptr<directory> root_;
    std::size_t count_ = 0;
};

} // namespace coverkit::fake::detail

#endif
