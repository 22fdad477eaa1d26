#ifndef COVERKIT_LEGACY_IMPL_CLIENT_HPP
#define COVERKIT_LEGACY_IMPL_CLIENT_HPP

#include <coverkit/legacy/detail/api.hpp>

#include <algorithm>

namespace coverkit::legacy {

template <transport Transport>
template <class T, class Request>
auto client<Transport>::prepare(std::string_view room_uuid, Request const& req,
                                std::string_view endpoint) const
{
    char const* const operation =
        endpoint == "snapshots" ? "legacy.snapshots" : "legacy.single_snapshot";
    if (auto bad = this->template reject_bad_base<T>(operation))
        return std::move(*bad);
    coverkit::detail::problems p;
    coverkit::detail::check_room_uuid(room_uuid, p);
    std::string why;
    p.add_check(check(req, why), why);
    if (p)
        return coverkit::detail::reject<T>(operation, std::move(p));
    // POST {base}/handle/rooms/{endpoint}: the request's fields plus the room's uuid. Both
    // endpoints are safe to repeat: a picture is drawn again at the same key.
    auto body = boost::json::value_from(req);
    body.as_object().emplace("uuid", room_uuid);
    auto c =
        coverkit::detail::build_call<T>(*base_, {.operation = operation,
                                                 .method = boost::beast::http::verb::post,
                                                 .path = {"handle", "rooms", endpoint},
                                                 .body = &body,
                                                 .headers = {{"roomToken", options_.room_token}},
                                                 .max_body = options_.max_response_bytes});
    c.read_error = &coverkit::detail::legacy_read_error;
    c.parse = &coverkit::detail::legacy_parse<T>;
    return c;
}

template <transport Transport>
image client<Transport>::single_snapshot(std::string_view room_uuid,
                                         single_snapshot_request const& req)
{
    return coverkit::detail::run(transport_, prepare<image>(room_uuid, req, "single-snapshot"));
}

template <transport Transport>
image client<Transport>::single_snapshot(std::string_view room_uuid,
                                         single_snapshot_request const& req, error_code& ec)
{
    error_details details;
    return single_snapshot(room_uuid, req, ec, details);
}

template <transport Transport>
image client<Transport>::single_snapshot(std::string_view room_uuid,
                                         single_snapshot_request const& req, error_code& ec,
                                         error_details& details)
{
    return coverkit::detail::run(transport_, prepare<image>(room_uuid, req, "single-snapshot"), ec,
                                 details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_single_snapshot(std::string_view room_uuid,
                                              single_snapshot_request const& req,
                                              CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare<image>(room_uuid, req, "single-snapshot"), nullptr,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_single_snapshot(std::string_view room_uuid,
                                              single_snapshot_request const& req,
                                              error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare<image>(room_uuid, req, "single-snapshot"), &details,
                                       std::forward<CompletionToken>(token));
}

template <transport Transport>
std::vector<image> client<Transport>::snapshots(std::string_view room_uuid,
                                                snapshots_request const& req)
{
    return coverkit::detail::run(transport_,
                                 prepare<std::vector<image>>(room_uuid, req, "snapshots"));
}

template <transport Transport>
std::vector<image> client<Transport>::snapshots(std::string_view room_uuid,
                                                snapshots_request const& req, error_code& ec)
{
    error_details details;
    return snapshots(room_uuid, req, ec, details);
}

template <transport Transport>
std::vector<image> client<Transport>::snapshots(std::string_view room_uuid,
                                                snapshots_request const& req, error_code& ec,
                                                error_details& details)
{
    return coverkit::detail::run(
        transport_, prepare<std::vector<image>>(room_uuid, req, "snapshots"), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_snapshots(std::string_view room_uuid, snapshots_request const& req,
                                        CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare<std::vector<image>>(room_uuid, req, "snapshots"),
                                       nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_snapshots(std::string_view room_uuid, snapshots_request const& req,
                                        error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare<std::vector<image>>(room_uuid, req, "snapshots"),
                                       &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
snapshot_pager<Transport> client<Transport>::pager(std::string_view room_uuid,
                                                   snapshots_request req)
{
    return snapshot_pager<Transport>(*this, std::string(room_uuid), std::move(req));
}

} // namespace coverkit::legacy

#endif
