// The fake server: its services, its API families, and the pipeline every request goes through.
//
// Where things go (fake-server/README.md says more):
// - an endpoint: in its family's folder, registered in that family's `add_routes`;
// - a family: a new folder with a `family` subclass, and one line in `server::impl`'s
//   constructor below;
// - a service several families share: `services/`, given to the families that need it;
// - a scripted answer in front of the handlers: `scripted_answer` in the pipeline below.

#include "control/api.hpp"
#include "core/family.hpp"
#include "legacy/api.hpp"
#include "services/clock.hpp"
#include "services/journal.hpp"
#include "services/object_store.hpp"
#include "services/token_authority.hpp"
#include "smh/api.hpp"
#include "storage/api.hpp"
#include "whiteboard/api.hpp"

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

struct server::impl
{
    fixture fix;
    server_options options;
    std::mutex mutex; // serialises every request and state change

    // Shared services.
    detail::fake_clock clock;
    detail::request_journal journal;
    detail::object_store store;
    detail::token_authority tokens;

    // The API families, and the routes they registered.
    std::vector<std::unique_ptr<detail::family>> families;
    detail::router routes;

    std::uint64_t request_count = 0;
    std::string request_id_prefix = make_prefix();

    impl(fixture f, server_options o)
        : fix(std::move(f)), options(std::move(o)), store(fix.storage, options.public_base),
          tokens(fix.apps, clock)
    {
        // One line a family.
        auto& wb = add<detail::whiteboard_api>(fix, clock, tokens, store);
        add<detail::legacy_api>(tokens, wb.rooms(), wb.pictures());
        add<detail::smh_api>(fix, clock, store);
        add<detail::storage_api>(store);
        add<detail::control_api>(clock, journal, [this] { reset(); });
        reset();
    }

    template <class Family, class... Args>
    Family& add(Args&&... args)
    {
        auto f = std::make_unique<Family>(std::forward<Args>(args)...);
        auto& ref = *f;
        families.push_back(std::move(f));
        ref.add_routes(routes);
        return ref;
    }

    /// Back to the fixture's state: the system clock, an empty journal, every family reset.
    void reset()
    {
        clock.release();
        journal.clear();
        tokens.reset();
        for (auto& f : families)
            f->reset();
    }

    http_response handle(http_request const& req);

private:
    http_response dispatch(detail::request_context& ctx);
    void finish(detail::request_context const& ctx, http_response& res);

    /** The seam for scripted answers: a response to give instead of the handler's (a fault a
        test asked for), or nothing to let the handler answer. The fake scripts no answers yet. */
    std::optional<http_response> scripted_answer(detail::request_context const&)
    {
        return std::nullopt;
    }
};

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

void server::impl::finish(detail::request_context const& ctx, http_response& res)
{
    auto const& req = ctx.req;
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    res.set("x-request-id", ctx.request_id);
    res.prepare_payload();
    if (req.method() == http::verb::head) {
        // A HEAD answer announces the length of the body it leaves out.
        auto const length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    if (ctx.fam->journaled())
        journal.record({std::string(req.method_string()),
                        detail::request_journal::masked_target(ctx.url, req.target()),
                        res.result_int(), ctx.request_id});
}

http_response server::impl::handle(http_request const& req)
{
    std::unique_lock lock(mutex);
    detail::request_context ctx{req, {}, {}, {}, &routes.default_family(), {}, {}};
    char id[48];
    std::snprintf(id, sizeof id, "%s-%08llu", request_id_prefix.c_str(),
                  static_cast<unsigned long long>(++request_count));
    ctx.request_id = id;

    http_response res;
    try {
        res = dispatch(ctx);
        if (ctx.deferred) {
            lock.unlock();
            try {
                res = ctx.deferred();
            } catch (...) {
                lock.lock();
                throw;
            }
            lock.lock();
        }
    } catch (std::exception const& e) {
        res = ctx.refuse(http::status::internal_server_error,
                         std::string("internal error: ") + e.what(), "InternalError");
    }
    finish(ctx, res);
    return res;
}

server::server(fixture f, server_options options)
    : impl_(std::make_shared<impl>(std::move(f), std::move(options)))
{}

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

} // namespace coverkit::fake
