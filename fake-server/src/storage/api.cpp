#include "api.hpp"

#include "../services/picture_codec.hpp"

#include <boost/beast/http/field.hpp>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;

namespace {

/// Uploads larger than this are refused with 413.
constexpr std::size_t max_object_bytes = 64 * 1024 * 1024;

} // namespace

void storage_api::add_routes(router& r)
{
    // The object store guards itself, and the families' state is not touched: downloads and
    // uploads run beside screenshots.
    r.add_tree(
        *this,
        [this](std::vector<std::string> const& segs) { return store_.name_of(segs).has_value(); },
        "storage", [this](request_context& ctx) { return handle(ctx); }, state_use::reads);
}

http_response storage_api::handle(request_context& ctx)
{
    auto name = *store_.name_of(ctx.segments);
    auto const method = ctx.req.method();
    if (method == http::verb::put) {
        auto const& body = ctx.req.body();
        if (body.size() > max_object_bytes)
            return ctx.refuse(http::status::payload_too_large, "object over 64 MiB");
        auto type = std::string(ctx.req[http::field::content_type]);
        if (type.empty())
            type = sniff_content_type(body);
        if (!store_.put_named(std::move(name),
                              std::make_shared<stored_object>(std::move(type), body)))
            return ctx.refuse(http::status::payload_too_large,
                              "the object store is full: uploads may hold at most " +
                                  std::to_string(store_.capacity()) + " bytes in all");
        return http_response{http::status::ok, 11};
    }
    if (method != http::verb::get && method != http::verb::head)
        return ctx.refuse(http::status::method_not_allowed, "method not allowed");
    auto object = store_.get(name);
    if (!object)
        return ctx.refuse(http::status::not_found, "object not found");
    // A picture not read before is drawn now, without holding up other requests.
    ctx.deferred = [object = std::move(object)] {
        http_response res{http::status::ok, 11};
        res.set(http::field::content_type, object->content_type());
        res.body() = *object->bytes();
        return res;
    };
    return http_response{};
}

} // namespace coverkit::fake::detail
