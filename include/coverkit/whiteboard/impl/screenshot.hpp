#ifndef COVERKIT_WHITEBOARD_IMPL_SCREENSHOT_HPP
#define COVERKIT_WHITEBOARD_IMPL_SCREENSHOT_HPP

#include <coverkit/scene_path.hpp>

#include <boost/json/object.hpp>

namespace coverkit::whiteboard {

inline error_code check(screenshot_request const& req, std::string& why)
{
    error_code ec;
    why.clear();
    coverkit::detail::check_picture_size(req.width, req.height, ec, why);
    if (req.path)
        coverkit::detail::check_scene_path("scene path", *req.path, ec, why);
    return ec;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                       screenshot_request const& r)
{
    boost::json::object obj;
    obj.emplace("width", r.width);
    obj.emplace("height", r.height);
    if (r.path)
        obj.emplace("path", r.path->view());
    jv = std::move(obj);
}

} // namespace coverkit::whiteboard

#endif
