#include "state.hpp"

#include <coverkit/fake/server.hpp>
#include <coverkit/scene_path.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <random>

namespace coverkit::fake {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace detail {

namespace {

constexpr std::size_t max_body_bytes = 1024 * 1024;

struct route
{
    http::verb method;
    std::array<std::string_view, 7> pattern; // "*" matches one segment; "" ends the pattern
    family fam;
    route_handler handler;
};

http_response control_reset(server_core& core, request_context&)
{
    core.fixed_clock_ms.reset();
    core.journal.clear();
    core.load();
    return json_response(http::status::ok, json::object{});
}

http_response control_requests(server_core& core, request_context&)
{
    json::array out;
    for (auto const& e : core.journal)
        out.push_back({{"method", e.method},
                       {"target", e.target},
                       {"status", e.status},
                       {"request_id", e.request_id}});
    return json_response(http::status::ok, out);
}

http_response control_clock(server_core& core, request_context& ctx)
{
    auto const* n = ctx.body.if_contains("now_ms");
    if (!n || !(n->is_int64() || n->is_uint64()) || n->to_number<std::int64_t>() < 0)
        return error_response(ctx, http::status::bad_request,
                              "now_ms must be a non-negative integer");
    core.fixed_clock_ms = n->to_number<std::int64_t>();
    return json_response(http::status::ok, {{"now_ms", *core.fixed_clock_ms}});
}

// Paths shared by several methods (`/v5/rooms`, `/v5/rooms/{uuid}`, `.../scenes`) list each
// method as its own route: dispatch answers 405 for a known path with another method.
constexpr route routes[] = {
    {http::verb::post, {"v5", "tokens", "teams"}, family::whiteboard, &wb_team_token},
    {http::verb::post, {"v5", "tokens", "rooms", "*"}, family::whiteboard, &wb_room_token},
    {http::verb::post, {"v5", "tokens", "tasks", "*"}, family::whiteboard, &wb_task_token},
    {http::verb::post, {"v5", "rooms"}, family::whiteboard, &wb_create_room},
    {http::verb::get, {"v5", "rooms"}, family::whiteboard, &wb_list_rooms},
    {http::verb::get, {"v5", "rooms", "*"}, family::whiteboard, &wb_room_info},
    {http::verb::patch, {"v5", "rooms", "*"}, family::whiteboard, &wb_ban_room},
    {http::verb::get, {"v5", "rooms", "*", "scenes"}, family::whiteboard, &wb_scene_list},
    {http::verb::post, {"v5", "rooms", "*", "scenes"}, family::whiteboard, &wb_add_scenes},
    {http::verb::patch, {"v5", "rooms", "*", "scene-state"}, family::whiteboard, &wb_switch_scene},
    {http::verb::post, {"v5", "rooms", "*", "screenshots"}, family::whiteboard, &wb_screenshots},
    {http::verb::post,
     {"v5", "rooms", "*", "screenshot-list"},
     family::whiteboard,
     &wb_screenshot_list},
    {http::verb::post,
     {"handle", "rooms", "single-snapshot"},
     family::legacy,
     &legacy_single_snapshot},
    {http::verb::post, {"handle", "rooms", "snapshots"}, family::legacy, &legacy_snapshots},
    {http::verb::get, {"api", "v1", "album", "*", "*", "cover"}, family::smh, &smh_album_cover},
    {http::verb::get,
     {"api", "v1", "album", "*", "*", "cover", "*"},
     family::smh,
     &smh_album_cover},
    {http::verb::get, {"api", "v1", "token"}, family::smh, &smh_access_token},
    {http::verb::post, {"api", "v1", "token"}, family::smh, &smh_access_token},
    {http::verb::post, {"_fake", "reset"}, family::control, &control_reset},
    {http::verb::get, {"_fake", "requests"}, family::control, &control_requests},
    {http::verb::put, {"_fake", "clock"}, family::control, &control_clock},
};

bool matches(route const& r, std::vector<std::string> const& segs)
{
    std::size_t n = 0;
    while (n < r.pattern.size() && !r.pattern[n].empty())
        ++n;
    if (n != segs.size())
        return false;
    for (std::size_t i = 0; i < n; ++i)
        if (r.pattern[i] != "*" && r.pattern[i] != segs[i])
            return false;
    return true;
}

// The family of a path no route matched, for wording its 404.
family family_of(std::vector<std::string> const& segs)
{
    if (!segs.empty() && segs[0] == "handle")
        return family::legacy;
    if (!segs.empty() && segs[0] == "api")
        return family::smh;
    return family::whiteboard;
}

// The target as the journal shows it: the values of query parameters that carry secrets
// masked. `url` is the target dispatch parsed; without one, the target is shown as it came.
std::string masked_target(std::optional<boost::urls::url_view> const& url, std::string_view raw)
{
    if (!url || !url->has_query())
        return std::string(raw);
    boost::urls::url copy(*url);
    auto params = copy.params();
    for (auto it = params.begin(); it != params.end(); ++it) {
        auto const key = (*it).key;
        if (key == "roomToken" || key == "token" || key == "access_token" ||
            key == "library_secret")
            it = params.set(it, "***");
    }
    return std::string(copy.encoded_target());
}

http_response dispatch(server_core& core, request_context& ctx, http_request const& req)
{
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url)
        return error_response(ctx, http::status::bad_request, "malformed request target");
    ctx.url = *url;
    for (auto seg : url->segments())
        ctx.segments.push_back(seg);

    route const* found = nullptr;
    bool path_known = false;
    for (auto const& r : routes) {
        if (!matches(r, ctx.segments))
            continue;
        path_known = true;
        ctx.fam = r.fam;
        if (r.method == req.method()) {
            found = &r;
            break;
        }
    }
    if (!found) {
        if (path_known)
            return error_response(ctx, http::status::method_not_allowed, "method not allowed");
        if (auto res = handle_storage(core, ctx))
            return std::move(*res);
        ctx.fam = family_of(ctx.segments);
        return error_response(ctx, http::status::not_found, "route not found");
    }
    if (req.body().size() > max_body_bytes)
        return error_response(ctx, http::status::payload_too_large, "request body over 1 MiB");
    // An empty body carries no fields; anything else must be a JSON object.
    if (req.method() != http::verb::get && req.method() != http::verb::head &&
        !req.body().empty()) {
        boost::system::error_code ec;
        auto jv = json::parse(req.body(), ec);
        if (ec || !jv.is_object())
            return error_response(ctx, http::status::bad_request,
                                  ec ? "malformed JSON body" : "the body must be a JSON object");
        ctx.body = std::move(jv.get_object());
    }
    return found->handler(core, ctx);
}

std::string make_prefix()
{
    std::random_device rd;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
    return buf;
}

} // namespace

std::int64_t server_core::now_ms() const
{
    if (fixed_clock_ms)
        return *fixed_clock_ms;
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void server_core::load()
{
    st = {};
    verified_tokens.clear();
    for (auto const& a : fix.apps)
        st.apps.emplace(a.ak, a);
    auto const created = now_ms();
    for (auto const& spec : fix.rooms) {
        room_state r;
        r.uuid = spec.uuid;
        r.ak = spec.ak;
        r.region = *whiteboard::parse_region(spec.region);
        for (auto const& s : spec.scenes)
            r.scenes.add(scene_directory(s.path),
                         {std::string(scene_name(s.path)),
                          s.ppt ? std::make_shared<ppt const>(*s.ppt) : nullptr});
        r.current_scene = spec.current_scene;
        r.name = spec.name;
        r.is_record = spec.is_record;
        r.is_ban = spec.is_ban;
        r.limit = spec.limit;
        r.created_at_ms = created;
        st.rooms.emplace(r.uuid, std::move(r));
    }
}

http_response json_response(http::status status, json::value const& body)
{
    http_response res{status, 11};
    res.set(http::field::content_type, "application/json");
    res.body() = json::serialize(body);
    return res;
}

http_response error_response(request_context const& ctx, http::status status,
                             std::string_view message, std::string_view code)
{
    switch (ctx.fam) {
    case family::legacy:
        return json_response(status, {{"code", static_cast<unsigned>(status)}, {"msg", message}});
    case family::smh: {
        // The fake's own errors (route, method, body size) in SMH's words.
        if (code.empty())
            code = status == http::status::not_found            ? "NotFound"
                   : status == http::status::method_not_allowed ? "MethodNotAllowed"
                   : status == http::status::payload_too_large  ? "RequestEntityTooLarge"
                   : status == http::status::bad_request        ? "InvalidParameter"
                                                                : "InternalError";
        return json_response(status,
                             {{"code", code}, {"message", message}, {"requestId", ctx.request_id}});
    }
    case family::whiteboard:
    case family::storage:
    case family::control:
        break;
    }
    return json_response(status, {{"message", message}});
}

} // namespace detail

struct server::impl : detail::server_core
{
};

server::server(fixture f, server_options options) : impl_(std::make_shared<impl>())
{
    impl_->fix = std::move(f);
    impl_->options = std::move(options);
    impl_->set_storage_prefix();
    impl_->request_id_prefix = detail::make_prefix();
    impl_->load();
}

namespace detail {

http_response handle_request(server_core& core, http_request const& req)
{
    std::unique_lock lock(core.mutex);
    request_context ctx{req, {}, {}, {}, family::whiteboard, {}, {}};
    char id[48];
    std::snprintf(id, sizeof id, "%s-%08llu", core.request_id_prefix.c_str(),
                  static_cast<unsigned long long>(++core.request_count));
    ctx.request_id = id;

    http_response res;
    try {
        res = dispatch(core, ctx, req);
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
        res = error_response(ctx, http::status::internal_server_error,
                             std::string("internal error: ") + e.what(), "InternalError");
    }
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
    if (ctx.fam != family::control)
        core.journal.push_back({std::string(req.method_string()),
                                masked_target(ctx.url, req.target()), res.result_int(),
                                ctx.request_id});
    return res;
}

} // namespace detail

http_response server::handle(http_request const& req) const
{
    return detail::handle_request(*impl_, req);
}

in_process_transport server::transport(boost::asio::any_io_executor ex) const
{
    return in_process_transport(std::move(ex), [core = impl_](http_request const& req) {
        return detail::handle_request(*core, req);
    });
}

void server::reset() const
{
    std::lock_guard lock(impl_->mutex);
    impl_->fixed_clock_ms.reset();
    impl_->journal.clear();
    impl_->load();
}

void server::set_clock(std::int64_t now_ms) const
{
    std::lock_guard lock(impl_->mutex);
    impl_->fixed_clock_ms = now_ms;
}

std::int64_t server::now_ms() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->now_ms();
}

std::vector<journal_entry> server::journal() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->journal;
}

} // namespace coverkit::fake
