#ifndef COVERKIT_LEGACY_IMPL_SNAPSHOT_HPP
#define COVERKIT_LEGACY_IMPL_SNAPSHOT_HPP

#include <coverkit/scene_path.hpp>

#include <boost/json/object.hpp>

namespace coverkit::legacy {

namespace detail {

inline void check_scene_path(std::string_view path, error_code& ec, std::string& why)
{
    if (!normalize_scene_path(path))
        coverkit::detail::add_problem(ec, why, error::invalid_scene_path,
                                      "scene path \"" + std::string(path) +
                                          "\" must start with '/' and have non-empty segments");
}

} // namespace detail

inline error_code check(single_snapshot_request const& req, std::string& why)
{
    error_code ec;
    why.clear();
    coverkit::detail::check_picture_size(req.width, req.height, ec, why);
    if (req.scene_path)
        detail::check_scene_path(*req.scene_path, ec, why);
    return ec;
}

inline error_code check(snapshots_request const& req, std::string& why)
{
    error_code ec;
    why.clear();
    coverkit::detail::check_picture_size(req.width, req.height, ec, why);
    detail::check_scene_path(req.scene_path, ec, why);
    for (auto [name, v] : {std::pair{"page", req.page}, std::pair{"size", req.size}})
        if (v && *v < 1)
            coverkit::detail::add_problem(ec, why, error::invalid_argument,
                                          std::string(name) + " must be 1 or more, got " +
                                              std::to_string(*v));
    return ec;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                       single_snapshot_request const& r)
{
    boost::json::object obj;
    obj.emplace("width", r.width);
    obj.emplace("height", r.height);
    if (r.scene_path)
        obj.emplace("scenePath", r.scene_path->view());
    jv = std::move(obj);
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                       snapshots_request const& r)
{
    boost::json::object obj;
    obj.emplace("width", r.width);
    obj.emplace("height", r.height);
    obj.emplace("scenePath", r.scene_path.view());
    if (r.page)
        obj.emplace("page", *r.page);
    if (r.size)
        obj.emplace("size", *r.size);
    jv = std::move(obj);
}

} // namespace coverkit::legacy

#endif
