// The fake's object store (SPEC 6): screenshots' pictures, and whatever a test uploads.

#include "picture.hpp"
#include "state.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;

namespace {

/// Uploads larger than this are refused with 413.
constexpr std::size_t max_object_bytes = 64 * 1024 * 1024;

// `{bucket}/{key}` when `segs` is a path under `prefix` with a bucket and a key; else nothing.
std::optional<std::string> object_name(std::vector<std::string> const& prefix,
                                       std::vector<std::string> const& segs)
{
    if (segs.size() < prefix.size() + 2 || !std::equal(prefix.begin(), prefix.end(), segs.begin()))
        return std::nullopt;
    std::string name;
    for (auto i = prefix.size(); i < segs.size(); ++i) {
        if (i != prefix.size())
            name += '/';
        name += segs[i];
    }
    return name;
}

} // namespace

stored_object::stored_object(std::string content_type, std::string bytes)
    : content_type_(std::move(content_type)), bytes_(std::move(bytes))
{}

stored_object::stored_object(std::string content_type, std::function<std::string()> produce)
    : content_type_(std::move(content_type)), produce_(std::move(produce))
{}

std::string const& stored_object::bytes()
{
    // An exception leaves the flag unset, so a later read tries again.
    std::call_once(once_, [this] {
        if (produce_) {
            bytes_ = produce_();
            produce_ = nullptr; // what it captured is no longer needed
        }
    });
    return bytes_;
}

std::string object_url(server_core const& core, request_context const& ctx, std::string_view key)
{
    std::string base = core.options.public_base;
    if (base.empty()) {
        auto const host = ctx.req[http::field::host];
        base = "http://" + std::string(host.empty() ? "localhost" : host) + "/storage";
    }
    boost::urls::url url(base);
    auto segs = url.segments();
    if (!segs.empty() && segs.back().empty())
        segs.pop_back();
    segs.push_back(core.fix.storage.bucket);
    for (std::size_t pos = 0, next; pos <= key.size(); pos = next + 1) {
        next = std::min(key.find('/', pos), key.size());
        segs.push_back(key.substr(pos, next - pos));
    }
    return std::string(url.buffer());
}

void server_core::set_storage_prefix()
{
    auto& out = storage_prefix;
    out.clear();
    auto const url = boost::urls::parse_uri(options.public_base);
    if (options.public_base.empty() || !url) {
        out.emplace_back("storage");
        return;
    }
    for (auto seg : url->segments())
        out.push_back(seg);
    if (!out.empty() && out.back().empty())
        out.pop_back();
}

object_ptr find_object(server_core const& core, std::string_view url)
{
    // Only a path or an http(s) URL can name an object; anything else (a long `data:` URL)
    // is not parsed at all.
    if (!url.starts_with('/') && !url.starts_with("http://") && !url.starts_with("https://"))
        return nullptr;
    auto const ref = boost::urls::parse_uri_reference(url);
    if (!ref || (ref->has_scheme() && ref->scheme() != "http" && ref->scheme() != "https") ||
        !ref->is_path_absolute())
        return nullptr;
    std::vector<std::string> segs;
    for (auto seg : ref->segments())
        segs.push_back(seg);
    auto const name = object_name(core.storage_prefix, segs);
    if (!name)
        return nullptr;
    auto const it = core.st.objects.find(*name);
    return it == core.st.objects.end() ? nullptr : it->second;
}

std::optional<http_response> handle_storage(server_core& core, request_context& ctx)
{
    auto name = object_name(core.storage_prefix, ctx.segments);
    if (!name)
        return std::nullopt;
    ctx.fam = family::storage;
    auto const method = ctx.req.method();
    if (method == http::verb::put) {
        auto const& body = ctx.req.body();
        if (body.size() > max_object_bytes)
            return error_response(ctx, http::status::payload_too_large, "object over 64 MiB");
        auto type = std::string(ctx.req[http::field::content_type]);
        if (type.empty())
            type = sniff_content_type(body);
        core.st.objects[*name] = std::make_shared<stored_object>(std::move(type), body);
        http_response res{http::status::ok, 11};
        return res;
    }
    if (method != http::verb::get && method != http::verb::head)
        return error_response(ctx, http::status::method_not_allowed, "method not allowed");
    auto const it = core.st.objects.find(*name);
    if (it == core.st.objects.end())
        return error_response(ctx, http::status::not_found, "object not found");
    // A picture not read before is drawn now, without holding up other requests.
    ctx.deferred = [object = it->second] {
        http_response res{http::status::ok, 11};
        res.set(http::field::content_type, object->content_type());
        res.body() = object->bytes();
        return res;
    };
    return http_response{};
}

} // namespace coverkit::fake::detail
