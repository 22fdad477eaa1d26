// The fake server's request pipeline; server_impl.hpp holds its parts.

#include "server_impl.hpp"

#include <coverkit/fake/server.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <cstdio>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

namespace coverkit::fake {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr std::size_t max_body_bytes = 1024 * 1024;

// A prefix of request ids that differs from run to run.
std::string make_prefix()
{
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
    return buf;
}

} // namespace

// The pipeline: parse the target, route, check the body, [scripted answer], handler; then the
// response's common headers and the journal.
http_response server::impl::dispatch(detail::request_context& ctx)
{
    auto const& req = ctx.req;
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url)
        return ctx.refuse(http::status::bad_request, "malformed request target");
    ctx.url = *url;
    for (auto seg : url->segments())
        ctx.segments.push_back(seg);

    auto const m = routes.find(req.method(), ctx.segments);
    ctx.fam = m.fam;
    switch (m.kind) {
    case detail::router::match::unknown:
        return ctx.refuse(http::status::not_found, "route not found");
    case detail::router::match::wrong_method:
        return ctx.refuse(http::status::method_not_allowed, "method not allowed");
    case detail::router::match::found:
        break;
    }
    if (!m.raw_body) {
        if (req.body().size() > max_body_bytes)
            return ctx.refuse(http::status::payload_too_large, "request body over 1 MiB");
        // An empty body carries no fields; anything else must be a JSON object.
        if (req.method() != http::verb::get && req.method() != http::verb::head &&
            !req.body().empty()) {
            boost::system::error_code ec;
            auto jv = json::parse(req.body(), ec);
            if (ec || !jv.is_object())
                return ctx.refuse(http::status::bad_request,
                                  ec ? "malformed JSON body" : "the body must be a JSON object");
            ctx.body = std::move(jv.get_object());
        }
    }
    if (auto scripted = scripted_answer(ctx))
        return std::move(*scripted);
    return (*m.handler)(ctx);
}

void server::impl::finish(http_request const& req, std::string const& request_id,
                          detail::family const& fam,
                          std::optional<boost::urls::url_view> const& url, http_response& res)
{
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    res.set("x-request-id", request_id);
    res.prepare_payload();
    if (req.method() == http::verb::head) {
        // A HEAD answer announces the length of the body it leaves out.
        auto const length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    if (fam.journaled())
        journal.record({std::string(req.method_string()),
                        detail::request_journal::masked_target(url, req.target()), res.result_int(),
                        request_id});
}

std::variant<http_response, server::impl::pending> server::impl::begin(http_request const& req)
{
    std::lock_guard lock(mutex);
    detail::request_context ctx{req, {}, {}, {}, &routes.default_family(), {}, {}};
    char id[48];
    std::snprintf(id, sizeof id, "%s-%08llu", request_id_prefix.c_str(),
                  static_cast<unsigned long long>(++request_count));
    ctx.request_id = id;

    http_response res;
    try {
        res = dispatch(ctx);
        if (ctx.deferred)
            return pending{&req, std::move(ctx.request_id), ctx.fam, ctx.url,
                           std::move(ctx.deferred)};
    } catch (std::exception const& e) {
        res = ctx.refuse(http::status::internal_server_error,
                         std::string("internal error: ") + e.what(), "InternalError");
    }
    finish(req, ctx.request_id, *ctx.fam, ctx.url, res);
    return res;
}

http_response server::impl::complete(pending p)
{
    http_response res;
    try {
        res = p.slow();
    } catch (std::exception const& e) {
        detail::request_context ctx{*p.req, p.url, {}, p.request_id, p.fam, {}, {}};
        res = ctx.refuse(http::status::internal_server_error,
                         std::string("internal error: ") + e.what(), "InternalError");
    }
    std::lock_guard lock(mutex);
    finish(*p.req, p.request_id, *p.fam, p.url, res);
    return res;
}

http_response server::impl::handle(http_request const& req)
{
    auto step = begin(req);
    if (auto* res = std::get_if<http_response>(&step))
        return std::move(*res);
    return complete(std::move(std::get<pending>(step)));
}

server::server(fixture f, server_options options)
    : impl_(std::make_shared<impl>(std::move(f), std::move(options)))
{
    impl_->request_id_prefix = make_prefix();
}

http_response server::handle(http_request const& req) const
{
    return impl_->handle(req);
}

in_process_transport server::transport(boost::asio::any_io_executor ex) const
{
    return in_process_transport(
        std::move(ex), [core = impl_](http_request const& req) { return core->handle(req); });
}

void server::reset() const
{
    std::lock_guard lock(impl_->mutex);
    impl_->reset();
}

void server::set_clock(std::int64_t now_ms) const
{
    std::lock_guard lock(impl_->mutex);
    impl_->clock.fix(now_ms);
}

std::int64_t server::now_ms() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->clock.now_ms();
}

std::vector<journal_entry> server::journal() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->journal.entries();
}

std::uint64_t server::journal_dropped() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->journal.dropped();
}

} // namespace coverkit::fake
