#ifndef COVERKIT_WHITEBOARD_IMPL_SCENE_HPP
#define COVERKIT_WHITEBOARD_IMPL_SCENE_HPP

#include <coverkit/scene_path.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value_from.hpp>

#include <utility>

namespace coverkit::whiteboard {

inline error_code check(add_scenes_request const& req, std::string& why)
{
    if (!normalize_scene_path(req.path)) {
        why = "scene path \"" + req.path + "\" must start with '/' and have non-empty segments";
        return error::invalid_scene_path;
    }
    if (req.scenes.empty()) {
        why = "scenes must hold at least one scene";
        return error::invalid_argument;
    }
    for (auto const& s : req.scenes) {
        if (s.name.empty() || s.name.find('/') != std::string::npos) {
            why = "scene name \"" + s.name + "\" must be non-empty and contain no '/'";
            return error::invalid_argument;
        }
        if (s.ppt && (s.ppt->src.empty() || s.ppt->width < 1 || s.ppt->height < 1)) {
            why = "the ppt of scene \"" + s.name +
                  "\" needs a src and a width and height of 1 or more";
            return error::invalid_argument;
        }
    }
    return {};
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, scene const& s)
{
    boost::json::object obj{{"name", s.name}};
    if (s.ppt)
        obj.emplace("ppt", boost::json::object{{"src", s.ppt->src},
                                               {"width", s.ppt->width},
                                               {"height", s.ppt->height}});
    jv = std::move(obj);
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv,
                       add_scenes_request const& r)
{
    boost::json::array scenes;
    for (auto const& s : r.scenes)
        scenes.push_back(boost::json::value_from(s));
    jv = {{"path", r.path}, {"scenes", std::move(scenes)}};
}

} // namespace coverkit::whiteboard

#endif
