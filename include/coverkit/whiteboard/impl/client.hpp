#ifndef COVERKIT_WHITEBOARD_IMPL_CLIENT_HPP
#define COVERKIT_WHITEBOARD_IMPL_CLIENT_HPP

#include <coverkit/whiteboard/detail/api.hpp>

namespace coverkit::whiteboard {

template <transport Transport>
client<Transport>::client(Transport transport, client_options options)
    : transport_(std::move(transport)), options_(std::move(options)),
      base_(coverkit::detail::parse_base_url(options_.base_url))
{}

template <transport Transport>
template <class T>
auto client<Transport>::prepare_screenshot(std::string_view room_uuid,
                                           screenshot_request const& req,
                                           std::string_view endpoint) const
{
    using coverkit::detail::reject;
    if (!base_)
        return reject<T>(error::invalid_base_url,
                         "base url \"" + options_.base_url + "\" is not an absolute http(s) URL");
    if (room_uuid.empty())
        return reject<T>(error::empty_room_uuid, "the room uuid is empty");
    std::string why;
    if (auto ec = check(req, why))
        return reject<T>(ec, std::move(why));
    return coverkit::detail::wb_make_call<T>(
        boost::beast::http::verb::post,
        coverkit::detail::make_url(*base_, {"v5", "rooms", room_uuid, endpoint}), options_.token,
        options_.region, boost::json::value_from(req), 201);
}

template <transport Transport>
image client<Transport>::screenshot(std::string_view room_uuid, screenshot_request const& req)
{
    return coverkit::detail::run(transport_,
                                 prepare_screenshot<image>(room_uuid, req, "screenshots"));
}

template <transport Transport>
image client<Transport>::screenshot(std::string_view room_uuid, screenshot_request const& req,
                                    error_code& ec)
{
    error_details details;
    return screenshot(room_uuid, req, ec, details);
}

template <transport Transport>
image client<Transport>::screenshot(std::string_view room_uuid, screenshot_request const& req,
                                    error_code& ec, error_details& details)
{
    return coverkit::detail::run(
        transport_, prepare_screenshot<image>(room_uuid, req, "screenshots"), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_screenshot(std::string_view room_uuid, screenshot_request const& req,
                                         CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare_screenshot<image>(room_uuid, req, "screenshots"),
                                       nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_screenshot(std::string_view room_uuid, screenshot_request const& req,
                                         error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run(transport_,
                                       prepare_screenshot<image>(room_uuid, req, "screenshots"),
                                       &details, std::forward<CompletionToken>(token));
}

template <transport Transport>
std::vector<image> client<Transport>::screenshot_list(std::string_view room_uuid,
                                                      screenshot_request const& req)
{
    return coverkit::detail::run(
        transport_, prepare_screenshot<std::vector<image>>(room_uuid, req, "screenshot-list"));
}

template <transport Transport>
std::vector<image> client<Transport>::screenshot_list(std::string_view room_uuid,
                                                      screenshot_request const& req, error_code& ec)
{
    error_details details;
    return screenshot_list(room_uuid, req, ec, details);
}

template <transport Transport>
std::vector<image> client<Transport>::screenshot_list(std::string_view room_uuid,
                                                      screenshot_request const& req, error_code& ec,
                                                      error_details& details)
{
    return coverkit::detail::run(
        transport_, prepare_screenshot<std::vector<image>>(room_uuid, req, "screenshot-list"), ec,
        details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_screenshot_list(std::string_view room_uuid,
                                              screenshot_request const& req,
                                              CompletionToken&& token)
{
    return coverkit::detail::async_run(
        transport_, prepare_screenshot<std::vector<image>>(room_uuid, req, "screenshot-list"),
        nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_screenshot_list(std::string_view room_uuid,
                                              screenshot_request const& req, error_details& details,
                                              CompletionToken&& token)
{
    return coverkit::detail::async_run(
        transport_, prepare_screenshot<std::vector<image>>(room_uuid, req, "screenshot-list"),
        &details, std::forward<CompletionToken>(token));
}

} // namespace coverkit::whiteboard

#endif
