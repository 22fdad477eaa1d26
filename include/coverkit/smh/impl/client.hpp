#ifndef COVERKIT_SMH_IMPL_CLIENT_HPP
#define COVERKIT_SMH_IMPL_CLIENT_HPP

#include <coverkit/smh/detail/api.hpp>

#include <initializer_list>
#include <optional>

namespace coverkit::smh {

template <transport Transport>
template <bool Follow>
auto client<Transport>::prepare_cover(album_cover_request const& req, std::size_t max_bytes) const
{
    using coverkit::detail::reject;
    coverkit::detail::smh_cover_state<Follow> s;
    if (req.access_token)
        s.secrets.add(*req.access_token);
    std::string why;
    char const* const operation = req.album ? "smh.album_cover" : "smh.cover";
    if (auto bad = this->template reject_bad_base<object_data>(operation))
        s.c = std::move(*bad);
    else if (auto ec = check(req, why))
        s.c = reject<object_data>(operation, ec, std::move(why));
    if (s.c.rejected)
        return s;
    std::optional<std::string> size;
    if (req.size)
        size = std::to_string(*req.size);
    std::initializer_list<coverkit::detail::query_param> params = {
        {"size", size}, {"access_token", req.access_token}, {"user_id", req.user_id}};
    s.url =
        req.album
            ? coverkit::detail::make_url(
                  *base_, {"api", "v1", "album", req.library_id, req.space_id, "cover", *req.album},
                  params)
            : coverkit::detail::make_url(
                  *base_, {"api", "v1", "album", req.library_id, req.space_id, "cover"}, params);
    s.deadline = std::chrono::steady_clock::now() + options_.timeout;
    // cover_location reads no picture: its answer is held to the JSON limit.
    s.max_bytes = Follow ? max_bytes : options_.max_response_bytes;
    s.c = coverkit::detail::smh_get(s.url, s.max_bytes, s.deadline);
    s.c.operation = operation;
    s.max_redirects = Follow ? max_redirects : 0;
    s.allow_insecure_redirects = options_.allow_insecure_redirects;
    return s;
}

template <transport Transport>
auto client<Transport>::prepare_token(access_token_request const& req) const
{
    using coverkit::detail::reject;
    coverkit::detail::smh_single_state<access_token> s;
    s.secrets.add(req.library_secret);
    std::string why;
    char const* const operation = "smh.token";
    if (auto bad = this->template reject_bad_base<access_token>(operation))
        s.c = std::move(*bad);
    else if (auto ec = check(req, why))
        s.c = reject<access_token>(operation, ec, std::move(why));
    if (s.c.rejected)
        return s;
    std::optional<std::string> period;
    if (req.period)
        period = std::to_string(*req.period);
    s.c = coverkit::detail::build_call<access_token>(
        *base_, {.operation = operation,
                 .path = {"api", "v1", "token"},
                 .query = {{"library_id", req.library_id},
                           {"library_secret", req.library_secret},
                           {"space_id", req.space_id},
                           {"user_id", req.user_id},
                           {"period", period}},
                 .max_body = options_.max_response_bytes});
    s.c.read_error = &coverkit::detail::smh_read_error;
    s.c.parse = &coverkit::detail::smh_parse_token;
    s.c.exchange.deadline = std::chrono::steady_clock::now() + options_.timeout;
    return s;
}

template <transport Transport>
std::string client<Transport>::cover_location(album_cover_request const& req)
{
    return coverkit::detail::run_state(transport_, prepare_cover<false>(req, 0));
}

template <transport Transport>
std::string client<Transport>::cover_location(album_cover_request const& req, error_code& ec)
{
    error_details details;
    return cover_location(req, ec, details);
}

template <transport Transport>
std::string client<Transport>::cover_location(album_cover_request const& req, error_code& ec,
                                              error_details& details)
{
    return coverkit::detail::run_state(transport_, prepare_cover<false>(req, 0), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_cover_location(album_cover_request const& req,
                                             CompletionToken&& token)
{
    return coverkit::detail::async_run_state(transport_, prepare_cover<false>(req, 0), nullptr,
                                             std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_cover_location(album_cover_request const& req, error_details& details,
                                             CompletionToken&& token)
{
    return coverkit::detail::async_run_state(transport_, prepare_cover<false>(req, 0), &details,
                                             std::forward<CompletionToken>(token));
}

template <transport Transport>
object_data client<Transport>::cover(album_cover_request const& req, download_options options)
{
    return coverkit::detail::run_state(transport_, prepare_cover<true>(req, options.max_bytes));
}

template <transport Transport>
object_data client<Transport>::cover(album_cover_request const& req, download_options options,
                                     error_code& ec)
{
    error_details details;
    return cover(req, options, ec, details);
}

template <transport Transport>
object_data client<Transport>::cover(album_cover_request const& req, download_options options,
                                     error_code& ec, error_details& details)
{
    return coverkit::detail::run_state(transport_, prepare_cover<true>(req, options.max_bytes), ec,
                                       details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_cover(album_cover_request const& req, download_options options,
                                    CompletionToken&& token)
{
    return coverkit::detail::async_run_state(transport_,
                                             prepare_cover<true>(req, options.max_bytes), nullptr,
                                             std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_cover(album_cover_request const& req, download_options options,
                                    error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run_state(transport_,
                                             prepare_cover<true>(req, options.max_bytes), &details,
                                             std::forward<CompletionToken>(token));
}

template <transport Transport>
access_token client<Transport>::create_access_token(access_token_request const& req)
{
    return coverkit::detail::run_state(transport_, prepare_token(req));
}

template <transport Transport>
access_token client<Transport>::create_access_token(access_token_request const& req, error_code& ec)
{
    error_details details;
    return create_access_token(req, ec, details);
}

template <transport Transport>
access_token client<Transport>::create_access_token(access_token_request const& req, error_code& ec,
                                                    error_details& details)
{
    return coverkit::detail::run_state(transport_, prepare_token(req), ec, details);
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_access_token(access_token_request const& req,
                                                  CompletionToken&& token)
{
    return coverkit::detail::async_run_state(transport_, prepare_token(req), nullptr,
                                             std::forward<CompletionToken>(token));
}

template <transport Transport>
template <class CompletionToken>
auto client<Transport>::async_create_access_token(access_token_request const& req,
                                                  error_details& details, CompletionToken&& token)
{
    return coverkit::detail::async_run_state(transport_, prepare_token(req), &details,
                                             std::forward<CompletionToken>(token));
}

} // namespace coverkit::smh

#endif
