#ifndef COVERKIT_DETAIL_ADAPTER_HPP
#define COVERKIT_DETAIL_ADAPTER_HPP

#include <coverkit/transport.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

// What the transport adapters (retrying, logging) share: passing an exchange on to the
// transport they wrap, with its exchange options when that transport takes them, and keeping
// a request they hand over.
namespace coverkit::detail {

template <class Transport>
http_response send_with(Transport& t, http_request req, exchange_options const& opts,
                        error_code& ec)
{
    if constexpr (transport_with_options<Transport>)
        return t.send(std::move(req), opts, ec);
    else
        return t.send(std::move(req), ec);
}

template <class Transport, class Handler>
void async_send_with(Transport& t, http_request req, exchange_options const& opts,
                     Handler&& handler)
{
    if constexpr (transport_with_options<Transport>)
        t.async_send(std::move(req), opts, std::forward<Handler>(handler));
    else
        t.async_send(std::move(req), std::forward<Handler>(handler));
}

/** A request kept while the request itself goes to the wrapped transport: method, target,
    fields and body in one buffer (one allocation, where a copy of the message allocates each
    field; each field's sizes stand before it), from which the request can be made again. */
class saved_request
{
public:
    saved_request() = default;

    explicit saved_request(http_request const& req) : method_(req.method()), version_(req.version())
    {
        auto const method = req.method_string();
        auto const target = req.target();
        auto const& body = req.body();
        std::size_t size = method.size() + target.size() + body.size();
        for (auto const& f : req)
            size += 2 * sizeof(std::uint32_t) + f.name_string().size() + f.value().size();
        buf_.reserve(size);
        buf_.append(method);
        buf_.append(target);
        buf_.append(body);
        method_size_ = method.size();
        target_size_ = target.size();
        body_size_ = body.size();
        // Each field: the sizes of its name and value, then both.
        for (auto const& f : req) {
            auto const name = f.name_string();
            auto const value = f.value();
            auto const sizes = {static_cast<std::uint32_t>(name.size()),
                                static_cast<std::uint32_t>(value.size())};
            for (auto n : sizes)
                buf_.append(reinterpret_cast<char const*>(&n), sizeof n);
            buf_.append(name);
            buf_.append(value);
        }
    }

    boost::beast::http::verb method() const noexcept { return method_; }
    std::string_view method_string() const noexcept { return {buf_.data(), method_size_}; }
    std::string_view target() const noexcept { return {buf_.data() + method_size_, target_size_}; }
    std::string_view body() const noexcept
    {
        return {buf_.data() + method_size_ + target_size_, body_size_};
    }

    /// Calls `f(name, value)` for each field, in order.
    template <class F>
    void each_field(F&& f) const
    {
        auto at = method_size_ + target_size_ + body_size_;
        while (at < buf_.size()) {
            std::uint32_t name = 0, value = 0;
            std::memcpy(&name, buf_.data() + at, sizeof name);
            std::memcpy(&value, buf_.data() + at + sizeof name, sizeof value);
            at += sizeof name + sizeof value;
            f(std::string_view(buf_.data() + at, name),
              std::string_view(buf_.data() + at + name, value));
            at += std::size_t(name) + value;
        }
    }

    /// The request again, as it was.
    http_request rebuild() const
    {
        http_request req;
        if (method_ == boost::beast::http::verb::unknown)
            req.method_string(method_string());
        else
            req.method(method_);
        req.target(target());
        req.version(version_);
        each_field([&](std::string_view name, std::string_view value) { req.insert(name, value); });
        req.body() = std::string(body());
        return req;
    }

private:
    boost::beast::http::verb method_ = boost::beast::http::verb::get;
    unsigned version_ = 11;
    std::string buf_;
    std::size_t method_size_ = 0;
    std::size_t target_size_ = 0;
    std::size_t body_size_ = 0;
};

} // namespace coverkit::detail

#endif
