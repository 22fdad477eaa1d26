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
#include <shared_mutex>
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

// The pipeline: parse the target, route, check the body (no lock needed: the routes are fixed
// once the server is made); then, with the state lock held, scripted faults and the handler;
// then the response's common headers and the journal.
std::optional<http_response> server::impl::route(detail::request_context& ctx,
                                                 detail::router::match& m) const
{
    auto const& req = ctx.req;
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url)
        return ctx.refuse(http::status::bad_request, "malformed request target").response;
    ctx.url = *url;
    for (auto seg : url->segments())
        ctx.segments.push_back(seg);

    m = routes.find(req.method(), ctx.segments);
    ctx.fam = m.fam;
    switch (m.kind) {
    case detail::router::match::unknown:
        return ctx.refuse(http::status::not_found, "route not found").response;
    case detail::router::match::wrong_method:
        return ctx.refuse(http::status::method_not_allowed, "method not allowed").response;
    case detail::router::match::found:
        break;
    }
    if (!m.raw_body) {
        if (req.body().size() > max_body_bytes)
            return ctx.refuse(http::status::payload_too_large, "request body over 1 MiB").response;
        // An empty body carries no fields; anything else must be a JSON object.
        if (req.method() != http::verb::get && req.method() != http::verb::head &&
            !req.body().empty()) {
            boost::system::error_code ec;
            auto jv = json::parse(req.body(), ec);
            if (ec || !jv.is_object())
                return ctx
                    .refuse(http::status::bad_request,
                            ec ? "malformed JSON body" : "the body must be a JSON object")
                    .response;
            ctx.body = std::move(jv.get_object());
        }
    }
    return std::nullopt;
}

http_response server::impl::act(detail::request_context& ctx, detail::router::match const& m,
                                std::optional<detail::fired_fault>& fault)
{
    if (m.use == detail::state_use::reads) {
        // Side by side with other readers, unless a fault rule may fire: firing one counts it.
        std::shared_lock lock(mutex);
        if (faults.empty())
            return (*m.handler)(ctx);
    }
    std::lock_guard lock(mutex);
    if (!faults.empty() && !m.operation.empty()) {
        std::string_view room, library;
        if (m.room_segment)
            room = ctx.segments[*m.room_segment];
        else if (auto const* v =
                     m.room_member.empty() ? nullptr : ctx.body.if_contains(m.room_member);
                 v && v->is_string())
            room = v->get_string();
        std::optional<std::string> library_query;
        if (m.library_segment)
            library = ctx.segments[*m.library_segment];
        else if ((library_query = ctx.query("library_id")))
            library = *library_query;
        fault = faults.fire({m.operation, ctx.req.method_string(), ctx.segments, room, library});
        if (fault && fault->rule.action == fault_action::status)
            return scripted_answer(ctx, *fault);
    }
    return (*m.handler)(ctx);
}

http_response server::impl::scripted_answer(detail::request_context const& ctx,
                                            detail::fired_fault const& fault)
{
    auto const& rule = fault.rule;
    auto const status = static_cast<http::status>(rule.status);
    std::string reason(http::obsolete_reason(status));
    if (reason == "<unknown-status>")
        reason = "Error " + std::to_string(rule.status);
    auto message = rule.message;
    if (message.empty())
        for (char c : reason)
            message += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    auto code = rule.code;
    if (code.empty())
        for (char c : reason)
            if (c != ' ' && c != '-')
                code += c;
    auto res = ctx.refuse(status, message, code).response;
    if (!rule.retry_after.empty())
        res.set(http::field::retry_after, rule.retry_after);
    return res;
}

void server::impl::finish(http_request const& req, std::string const& request_id,
                          detail::family const& fam,
                          std::optional<boost::urls::url_view> const& url, http_response& res,
                          std::optional<detail::fired_fault> const& fault, journal_entry entry)
{
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    if (fault)
        for (auto const& [name, value] : fault->rule.headers)
            res.set(name, value);
    res.set("x-request-id", request_id);
    res.prepare_payload();
    if (req.method() == http::verb::head) {
        // A HEAD answer announces the length of the body it leaves out.
        auto const length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    if (fam.journaled()) {
        // What the client got: no status when the answer never came.
        bool const unanswered = fault && (fault->rule.action == fault_action::close ||
                                          fault->rule.action == fault_action::never);
        entry.method = req.method_string();
        entry.target = detail::request_journal::masked_target(url, req.target());
        entry.status = unanswered ? 0u : res.result_int();
        entry.request_id = request_id;
        if (fault)
            entry.fault = fault->rule_id;
        if (options.on_record) {
            // Requests end on several threads at once; the callback sees one at a time.
            std::lock_guard lock(on_record_mutex);
            options.on_record(entry);
        }
        journal.record(std::move(entry));
    }
}

std::variant<server::impl::answer, server::impl::pending>
server::impl::begin(http_request const& req)
{
    journal_entry entry;
    detail::request_journal::add_request(entry, req);
    detail::request_context ctx{req, {}, {}, {}, &routes.default_family(), {}, {}};
    char id[48];
    std::snprintf(
        id, sizeof id, "%s-%08llu", request_id_prefix.c_str(),
        static_cast<unsigned long long>(request_count.fetch_add(1, std::memory_order_relaxed) + 1));
    ctx.request_id = id;

    std::optional<detail::fired_fault> fault;
    http_response res;
    try {
        detail::router::match m;
        if (auto refused = route(ctx, m)) {
            res = std::move(*refused);
        } else {
            res = act(ctx, m, fault);
            if (ctx.deferred)
                return pending{&req,
                               std::move(ctx.request_id),
                               ctx.fam,
                               ctx.url,
                               std::move(ctx.deferred),
                               std::move(fault),
                               std::move(entry)};
        }
    } catch (std::exception const& e) {
        res = ctx.refuse(http::status::internal_server_error,
                         std::string("internal error: ") + e.what(), "InternalError");
    }
    finish(req, ctx.request_id, *ctx.fam, ctx.url, res, fault, std::move(entry));
    return answer{std::move(res), std::move(fault)};
}

server::impl::answer server::impl::complete(pending p)
{
    http_response res;
    try {
        res = p.slow();
    } catch (std::exception const& e) {
        detail::request_context ctx{*p.req, p.url, {}, p.request_id, p.fam, {}, {}};
        res = ctx.refuse(http::status::internal_server_error,
                         std::string("internal error: ") + e.what(), "InternalError");
    }
    finish(*p.req, p.request_id, *p.fam, p.url, res, p.fault, std::move(p.entry));
    return answer{std::move(res), std::move(p.fault)};
}

server::impl::answer server::impl::handle(http_request const& req)
{
    auto step = begin(req);
    if (auto* a = std::get_if<answer>(&step))
        return std::move(*a);
    return complete(std::move(std::get<pending>(step)));
}

in_process_answer server::impl::to_in_process(answer a)
{
    in_process_answer out{std::move(a.res)};
    if (!a.fault)
        return out;
    out.delay = a.fault->rule.delay;
    switch (a.fault->rule.action) {
    case fault_action::close:
        out.fault = connection_fault::close_before_answer;
        break;
    case fault_action::partial:
        out.fault = connection_fault::partial_answer;
        break;
    case fault_action::never:
        out.fault = connection_fault::no_answer;
        break;
    case fault_action::status:
    case fault_action::delay:
        break;
    }
    return out;
}

server::server(fixture f, server_options options)
    : impl_(std::make_shared<impl>(std::move(f), std::move(options)))
{
    impl_->request_id_prefix = make_prefix();
}

http_response server::handle(http_request const& req) const
{
    return impl_->handle(req).res;
}

in_process_answer server::exchange(http_request const& req) const
{
    return impl::to_in_process(impl_->handle(req));
}

in_process_transport server::transport(boost::asio::any_io_executor ex,
                                       in_process_options options) const
{
    return in_process_transport(
        std::move(ex),
        in_process_transport::exchange_handler_type([core = impl_](http_request const& req) {
            return impl::to_in_process(core->handle(req));
        }),
        options);
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

request_page server::requests(request_filter const& filter) const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->journal.select(filter);
}

fixture_summary server::replace_fixture(fixture f) const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->replace(std::move(f));
}

std::filesystem::path server::fixture_dir() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->fix.base_dir;
}

fault_state server::add_fault(fault_rule rule) const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->faults.add(std::move(rule));
}

std::vector<fault_state> server::faults() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->faults.list();
}

std::size_t server::clear_faults() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->faults.clear();
}

bool server::remove_fault(std::string_view id) const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->faults.remove(id);
}

} // namespace coverkit::fake
