#include "family.hpp"

#include <coverkit/fake/faults.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

namespace coverkit::fake::detail {

namespace http = boost::beast::http;

http_response json_response(http::status status, boost::json::value const& body)
{
    http_response res{status, 11};
    res.set(http::field::content_type, "application/json");
    res.body() = boost::json::serialize(body);
    return res;
}

refusal request_context::refuse(http::status status, std::string_view message,
                                std::string_view code) const
{
    return {fam->error(*this, status, message, code)};
}

std::optional<std::string> request_context::query(std::string_view key) const
{
    if (!url)
        return std::nullopt;
    auto const params = url->params();
    auto const it = params.find(key);
    if (it == params.end())
        return std::nullopt;
    return std::string((*it).has_value ? (*it).value : std::string_view());
}

http_response family::error(request_context const&, http::status status, std::string_view message,
                            std::string_view) const
{
    return json_response(status, {{"message", message}});
}

void router::add(family& f, http::verb method, std::string_view pattern, std::string_view operation,
                 route_handler handler, std::string room_member, state_use use)
{
    auto const known = fault_operations();
    if (!operation.empty() && std::find(known.begin(), known.end(), operation) == known.end())
        throw std::logic_error("route " + std::string(pattern) + ": operation " +
                               std::string(operation) + " is not in fault_operations()");
    route r{
        method, {}, &f, std::move(handler), std::string(operation), {}, {}, std::move(room_member),
        use};
    for (std::size_t pos = 0, next; pos <= pattern.size(); pos = next + 1) {
        next = std::min(pattern.find('/', pos), pattern.size());
        auto seg = pattern.substr(pos, next - pos);
        if (seg == "{room}")
            r.room_segment = r.pattern.size();
        if (seg == "{library}")
            r.library_segment = r.pattern.size();
        r.pattern.emplace_back(!seg.empty() && seg.front() == '{' ? "*" : seg);
    }
    routes_.push_back(std::move(r));
}

void router::add_tree(family& f, std::function<bool(std::vector<std::string> const&)> claims,
                      std::string operation_prefix, route_handler handler, state_use use)
{
    tree t{std::move(claims), &f, std::move(handler), {}, use};
    for (auto method : {http::verb::get, http::verb::head, http::verb::put, http::verb::post,
                        http::verb::delete_, http::verb::patch}) {
        auto name = operation_prefix + '.';
        for (char c : http::to_string(method))
            name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        t.operations.emplace_back(method, std::move(name));
    }
    trees_.push_back(std::move(t));
}

void router::claim_prefix(family& f, std::string first_segment)
{
    prefixes_.emplace_back(std::move(first_segment), &f);
}

router::match router::find(http::verb method, std::vector<std::string> const& segs) const
{
    auto const fits = [&](route const& r) {
        return r.pattern.size() == segs.size() &&
               std::equal(
                   r.pattern.begin(), r.pattern.end(), segs.begin(),
                   [](std::string const& p, std::string const& s) { return p == "*" || p == s; });
    };
    match m;
    for (auto const& r : routes_) {
        if (!fits(r))
            continue;
        m.kind = match::wrong_method;
        m.fam = r.fam;
        if (r.method == method) {
            m.kind = match::found;
            m.handler = &r.handler;
            m.operation = r.operation;
            m.room_segment = r.room_segment;
            m.library_segment = r.library_segment;
            m.room_member = r.room_member;
            m.use = r.use;
            return m;
        }
    }
    if (m.kind == match::wrong_method)
        return m;
    for (auto const& t : trees_) {
        if (t.claims(segs)) {
            m = {match::found, t.fam, &t.handler, true};
            m.use = t.use;
            for (auto const& [verb, name] : t.operations)
                if (verb == method)
                    m.operation = name;
            return m;
        }
    }
    m.fam = default_;
    if (!segs.empty())
        for (auto const& [first, f] : prefixes_)
            if (segs[0] == first)
                m.fam = f;
    return m;
}

} // namespace coverkit::fake::detail
