//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_IMAGE_HPP
#define COVERKIT_IMAGE_HPP

#include <coverkit/error.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace coverkit {

/// The smallest width or height of a scene picture, in pixels.
inline constexpr int min_picture_side = 1;
/// The largest width or height of a scene picture, in pixels.
inline constexpr int max_picture_side = 8192;

/** A picture stored by the service: where it is and how to fetch it.

    Returned by the whiteboard `screenshots` / `screenshot-list` calls and by the legacy cover
    API. On the wire it is the JSON object `{url, key, bucket, region}`.
*/
struct image
{
    /// Public URL of the picture.
    std::string url;
    /// Object key in the storage bucket, e.g. `room_cover/2811/<room>/<scene>.png`.
    std::string key;
    /// Storage bucket name.
    std::string bucket;
    /// Storage region, e.g. `oss-cn-hangzhou`.
    std::string region;

    friend bool operator==(image const&, image const&) = default;
};

/// Boost.JSON conversion: writes `{url, key, bucket, region}`.
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, image const& img);

/// Boost.JSON conversion: reads `{url, key, bucket, region}`; each must be a string.
result<image> tag_invoke(boost::json::try_value_to_tag<image>, boost::json::value const& jv);

} // namespace coverkit

#include <coverkit/impl/image.hpp>

#endif
