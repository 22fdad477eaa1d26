#ifndef COVERKIT_IMPL_SCENE_PATH_HPP
#define COVERKIT_IMPL_SCENE_PATH_HPP

namespace coverkit {

inline result<std::string> normalize_scene_path(std::string_view path)
{
    if (path.empty() || path.front() != '/')
        return error_code(error::invalid_scene_path);
    if (path.size() == 1)
        return std::string(path);
    path.remove_suffix(path.back() == '/' ? 1 : 0);
    // What remains must be "/seg(/seg)*": "//" was "/" plus an empty segment, and a second
    // trailing '/' or an inner "//" is an empty segment too.
    if (path.size() == 1 || path.back() == '/' || path.find("//") != std::string_view::npos)
        return error_code(error::invalid_scene_path);
    return std::string(path);
}

namespace detail {
// Adds to `ec` and `why` (see add_problem) a `path` that is not a scene path; `label` names it
// ("scene path", "scene directory").
inline void check_scene_path(std::string_view label, std::string_view path, error_code& ec,
                             std::string& why)
{
    if (!normalize_scene_path(path))
        add_problem(ec, why, error::invalid_scene_path,
                    std::string(label) + " \"" + std::string(path) +
                        "\" must start with '/' and have non-empty segments");
}
} // namespace detail

inline std::string_view scene_directory(std::string_view path) noexcept
{
    auto const slash = path.rfind('/');
    return slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
}

inline std::string_view scene_name(std::string_view path) noexcept
{
    return path.substr(path.rfind('/') + 1);
}

} // namespace coverkit

#endif
