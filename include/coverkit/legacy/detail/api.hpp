#ifndef COVERKIT_LEGACY_DETAIL_API_HPP
#define COVERKIT_LEGACY_DETAIL_API_HPP

#include <coverkit/detail/rest.hpp>
#include <coverkit/detail/url.hpp>
#include <coverkit/image.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value_from.hpp>

#include <string_view>
#include <type_traits>
#include <vector>

// The legacy cover API family: requests carry the `roomToken` header, and every answer comes in
// the envelope {"code": <status>, "msg": <payload or text>}.
namespace coverkit::detail {

// Failures are {"code": <status>, "msg": "<text>"}.
inline void legacy_read_error(http_response const& res, error_details& d)
{
    d.message = error_text(res, "msg");
}

// The envelope's payload. An envelope whose code is not 200 is that error even under HTTP 200,
// so a gateway answering 200 for everything cannot pass an error off as a result.
inline result<boost::json::value> legacy_payload(http_response const& res, error_details& d)
{
    auto jv = json_body(res);
    if (!jv)
        return jv.error();
    auto* obj = jv->if_object();
    auto const* code = obj ? obj->if_contains("code") : nullptr;
    auto* msg = obj ? obj->if_contains("msg") : nullptr;
    if (!code || !msg || !(code->is_int64() || code->is_uint64()))
        return error_code(error::malformed_response);
    if (code->is_int64() && code->get_int64() == 200)
        return std::move(*msg);
    if (msg->is_string())
        d.message = std::string(msg->get_string());
    auto const status = code->is_int64() && code->get_int64() > 0 && code->get_int64() < 1000
                            ? static_cast<unsigned>(code->get_int64())
                            : 0u;
    return error_code(error_from_status(status));
}

// T is `image` (single-snapshot: msg.image) or `std::vector<image>` (snapshots: msg).
template <class T>
result<T> legacy_parse(http_response& res, error_details& d)
{
    auto payload = legacy_payload(res, d);
    if (!payload)
        return payload.error();
    if constexpr (std::is_same_v<T, image>) {
        auto const* obj = payload->if_object();
        auto const* img = obj ? obj->if_contains("image") : nullptr;
        if (!img)
            return error_code(error::malformed_response);
        return json_as<image>(*img);
    } else {
        static_assert(std::is_same_v<T, std::vector<image>>);
        return json_as<T>(*payload);
    }
}

} // namespace coverkit::detail

#endif
