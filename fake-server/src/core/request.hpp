#ifndef COVERKIT_FAKE_SRC_CORE_REQUEST_HPP
#define COVERKIT_FAKE_SRC_CORE_REQUEST_HPP

// What every handler works with: the request being answered, and the one way a check fails (a
// `refusal`, a ready error response worded by the request's family).

#include <coverkit/transport.hpp>

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/url/url_view.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace coverkit::fake::detail {

class family;

/// A JSON response with `status` and `body`.
http_response json_response(boost::beast::http::status status, boost::json::value const& body);

/** The answer to a request that failed a check: a ready error response. Handlers return it as
    their response; checks return it inside a `checked`. */
struct refusal
{
    http_response response;

    operator http_response() && { return std::move(response); }
};

/// One request being answered.
struct request_context
{
    http_request const& req;
    std::optional<boost::urls::url_view> url; // the parsed target, once the pipeline has read it
    std::vector<std::string> segments;        // decoded path segments
    std::string request_id;
    /// The family the request belongs to: it words the request's errors.
    family const* fam = nullptr;
    boost::json::object body; // the parsed body, for routes whose body is JSON
    /// Set by a handler whose answer takes long to produce (a picture read for the first time):
    /// called after the handler returns, with the server's lock released, to make the answer.
    std::function<http_response()> deferred;

    /// An error answer to this request, worded as its family words errors. `code` is a family's
    /// machine-readable code, for families that have them (SMH).
    refusal refuse(boost::beast::http::status status, std::string_view message,
                   std::string_view code = {}) const;

    /// The decoded value of query parameter `key`: nothing when absent, empty when it has none.
    std::optional<std::string> query(std::string_view key) const;
};

/** The result of a check: a value, or the refusal that answers the request.

    @code
    auto room = rooms.check_room(ctx, ...);
    if (!room)
        return std::move(room).refusal();
    @endcode */
template <class T = void>
class [[nodiscard]] checked
{
public:
    checked(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    checked(struct refusal r) : v_(std::in_place_index<1>, std::move(r)) {}

    explicit operator bool() const noexcept { return v_.index() == 0; }
    T& operator*() & { return std::get<0>(v_); }
    T const& operator*() const& { return std::get<0>(v_); }
    T* operator->() { return &std::get<0>(v_); }
    T const* operator->() const { return &std::get<0>(v_); }

    /// The refusal. Pre: `!*this`.
    struct refusal refusal() && { return std::move(std::get<1>(v_)); }

private:
    std::variant<T, struct refusal> v_;
};

/// A check with nothing to give back: passed, or the refusal.
template <>
class [[nodiscard]] checked<void>
{
public:
    checked() = default;
    checked(struct refusal r) : r_(std::move(r)) {}

    explicit operator bool() const noexcept { return !r_; }
    struct refusal refusal() && { return std::move(*r_); }

private:
    std::optional<struct refusal> r_;
};

} // namespace coverkit::fake::detail

#endif
