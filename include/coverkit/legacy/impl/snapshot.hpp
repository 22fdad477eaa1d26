#ifndef COVERKIT_LEGACY_IMPL_SNAPSHOT_HPP
#define COVERKIT_LEGACY_IMPL_SNAPSHOT_HPP

#include <coverkit/scene_path.hpp>

#include <boost/json/object.hpp>

namespace coverkit::legacy {

inline error_code check(single_snapshot_request const& req, std::string& why)
{
    error_code ec;
    why.clear();
    coverkit::detail::check_picture_size(req.width, req.height, ec, why);
    if (req.scene_path)
        coverkit::detail::check_scene_path("scene path", *req.scene_path, ec, why);
    return ec;
}

inline error_code check(snapshots_request const& req, std::string& why)
{
    error_code ec;
    why.clear();
    coverkit::detail::check_picture_size(req.width, req.height, ec, why);
    coverkit::detail::check_scene_path("scene path", req.scene_path, ec, why);
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
