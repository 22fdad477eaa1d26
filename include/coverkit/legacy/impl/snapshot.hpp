#ifndef COVERKIT_LEGACY_IMPL_SNAPSHOT_HPP
#define COVERKIT_LEGACY_IMPL_SNAPSHOT_HPP

#include <coverkit/scene_path.hpp>

#include <boost/json/object.hpp>

namespace coverkit::legacy {

namespace detail {

inline error_code check_scene_path(std::string const& path, std::string& why)
{
    if (normalize_scene_path(path))
        return {};
    why = "scene path \"" + path + "\" must start with '/' and have non-empty segments";
    return error::invalid_scene_path;
}

} // namespace detail

inline error_code check(single_snapshot_request const& req, std::string& why)
{
    if (auto ec = coverkit::detail::check_picture_size(req.width, req.height, why))
        return ec;
    if (req.scene_path)
        return detail::check_scene_path(*req.scene_path, why);
    return {};
}

inline error_code check(snapshots_request const& req, std::string& why)
{
    if (auto ec = coverkit::detail::check_picture_size(req.width, req.height, why))
        return ec;
    if (auto ec = detail::check_scene_path(req.scene_path, why))
        return ec;
    for (auto [name, v] : {std::pair{"page", req.page}, std::pair{"size", req.size}}) {
        if (v && *v < 1) {
            why = std::string(name) + " must be 1 or more, got " + std::to_string(*v);
            return error::invalid_argument;
        }
    }
    return {};
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                       single_snapshot_request const& r)
{
    boost::json::object obj;
    obj.emplace("width", r.width);
    obj.emplace("height", r.height);
    if (r.scene_path)
        obj.emplace("scenePath", *r.scene_path);
    jv = std::move(obj);
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                       snapshots_request const& r)
{
    boost::json::object obj;
    obj.emplace("width", r.width);
    obj.emplace("height", r.height);
    obj.emplace("scenePath", r.scene_path);
    if (r.page)
        obj.emplace("page", *r.page);
    if (r.size)
        obj.emplace("size", *r.size);
    jv = std::move(obj);
}

} // namespace coverkit::legacy

#endif
