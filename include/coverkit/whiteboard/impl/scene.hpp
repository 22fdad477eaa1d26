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
    using coverkit::detail::add_problem;
    error_code ec;
    why.clear();
    coverkit::detail::check_scene_path("scene path", req.path, ec, why);
    if (req.scenes.empty())
        add_problem(ec, why, error::invalid_argument, "scenes must hold at least one scene");
    for (auto const& s : req.scenes) {
        if (s.name.empty() || s.name.view().find('/') != std::string_view::npos)
            add_problem(ec, why, error::invalid_argument,
                        "scene name \"" + std::string(s.name) +
                            "\" must be non-empty and contain no '/'");
        if (s.ppt && (s.ppt->src.empty() || s.ppt->width < 1 || s.ppt->height < 1))
            add_problem(ec, why, error::invalid_argument,
                        "the ppt of scene \"" + std::string(s.name) +
                            "\" needs a src and a width and height of 1 or more");
    }
    return ec;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, scene const& s)
{
    boost::json::object obj{{"name", s.name.view()}};
    if (s.ppt)
        obj.emplace("ppt", boost::json::object{{"src", s.ppt->src.view()},
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
    jv = {{"path", r.path.view()}, {"scenes", std::move(scenes)}};
}

} // namespace coverkit::whiteboard

#endif
