#ifndef COVERKIT_IMPL_ERROR_HPP
#define COVERKIT_IMPL_ERROR_HPP

#include <string>
#include <string_view>
#include <utility>

namespace coverkit {
namespace detail {

class error_category_impl final : public boost::system::error_category
{
public:
    // A fixed id lets codes compare equal across shared libraries that each hold a copy.
    constexpr error_category_impl() noexcept : boost::system::error_category(0xc0e4'c17a'2b6d'0001)
    {}

    char const* name() const noexcept override { return "coverkit"; }

    std::string message(int ev) const override { return message(ev, nullptr, 0); }

    char const* message(int ev, char*, std::size_t) const noexcept override
    {
        switch (static_cast<error>(ev)) {
        case error::invalid_argument:
            return "invalid argument";
        case error::invalid_size:
            return "picture size out of range";
        case error::invalid_scene_path:
            return "invalid scene path";
        case error::empty_room_uuid:
            return "empty room uuid";
        case error::invalid_base_url:
            return "invalid base url";
        case error::bad_request:
            return "bad request (400)";
        case error::unauthorized:
            return "unauthorized (401)";
        case error::forbidden:
            return "forbidden (403)";
        case error::not_found:
            return "not found (404)";
        case error::method_not_allowed:
            return "method not allowed (405)";
        case error::payload_too_large:
            return "payload too large (413)";
        case error::server_error:
            return "server error (5xx)";
        case error::unexpected_status:
            return "unexpected HTTP status";
        case error::malformed_response:
            return "malformed response";
        case error::response_too_large:
            return "response larger than allowed";
        case error::malformed_token:
            return "invalid format of token";
        case error::bad_token_signature:
            return "invalid signature of token";
        case error::expired_token:
            return "expired token";
        case error::certificate_untrusted:
            return "server certificate not trusted";
        case error::certificate_name_mismatch:
            return "server certificate issued for another host";
        case error::request_outcome_unknown:
            return "connection lost after the request was sent; the server may have received it";
        case error::unexpected_interim_response:
            return "unexpected interim (1xx) response";
        case error::insecure_redirect:
            return "redirect from https to plain http refused";
        }
        return "unknown coverkit error";
    }
};

inline std::string describe(error_code const& ec, error_details const& d)
{
    std::string s;
    if (!d.operation.empty()) {
        s += d.operation;
        s += ": ";
    }
    if (!d.url.empty()) {
        s += d.method;
        s += ' ';
        s += d.url;
        s += ": ";
    }
    s += ec.message();
    if (d.status != 0) {
        s += " [HTTP ";
        s += std::to_string(d.status);
        if (!d.request_id.empty()) {
            s += ", request id ";
            s += d.request_id;
        }
        s += ']';
    } else if (!d.host.empty()) {
        // No answer: where coverkit was connecting.
        s += " [host ";
        s += d.host;
        s += ", port ";
        s += std::to_string(d.port);
        s += ']';
    }
    if (!d.code.empty()) {
        s += " ";
        s += d.code;
    }
    if (!d.message.empty()) {
        s += ": ";
        s += d.message;
    }
    return s;
}

// Adds one problem found in a call's input: the first one's code is the call's, and `why`
// lists every problem, separated by "; ".
inline void add_problem(error_code& first, std::string& why, error_code ec, std::string_view text)
{
    if (!first)
        first = ec;
    if (!why.empty())
        why += "; ";
    why += text;
}

inline void throw_on_error(error_code const& ec, error_details const& details)
{
    if (ec)
        throw api_error(ec, details);
}

} // namespace detail

inline boost::system::error_category const& error_category() noexcept
{
    static constexpr detail::error_category_impl instance;
    return instance;
}

inline boost::system::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

inline error error_from_status(unsigned status) noexcept
{
    switch (status) {
    case 400:
        return error::bad_request;
    case 401:
        return error::unauthorized;
    case 403:
        return error::forbidden;
    case 404:
        return error::not_found;
    case 405:
        return error::method_not_allowed;
    case 413:
        return error::payload_too_large;
    default:
        return status >= 500 && status <= 599 ? error::server_error : error::unexpected_status;
    }
}

inline void error_details::clear() noexcept
{
    operation.clear();
    method.clear();
    url.clear();
    host.clear();
    port = 0;
    status = 0;
    message.clear();
    code.clear();
    request_id.clear();
    body.clear();
}

inline api_error::api_error(error_code ec, error_details details)
    : boost::system::system_error(ec), details_(std::move(details)),
      what_(detail::describe(ec, details_))
{}

} // namespace coverkit

#endif
