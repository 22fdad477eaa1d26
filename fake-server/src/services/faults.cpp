#include "faults.hpp"

#include <coverkit/detail/http_date.hpp>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace coverkit::fake {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 19> operations = {
    "whiteboard.team_token",
    "whiteboard.room_token",
    "whiteboard.task_token",
    "whiteboard.create_room",
    "whiteboard.list_rooms",
    "whiteboard.get_room",
    "whiteboard.ban_room",
    "whiteboard.list_scenes",
    "whiteboard.add_scenes",
    "whiteboard.switch_scene",
    "whiteboard.screenshots",
    "whiteboard.screenshot_list",
    "legacy.single_snapshot",
    "legacy.snapshots",
    "smh.cover",
    "smh.token",
    "storage.get",
    "storage.head",
    "storage.put",
};

constexpr std::array<std::string_view, 5> actions = {"status", "delay", "close", "partial",
                                                     "never"};

constexpr std::uint64_t max_times = 1'000'000'000;
constexpr std::int64_t max_delay_ms = 600'000;
constexpr std::size_t max_text = 1024;
constexpr std::size_t max_headers = 32;
constexpr std::size_t max_partial = std::size_t(64) << 20;

[[noreturn]] void fail(std::string const& what)
{
    throw fault_error(what);
}

bool is_token_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), is_token_char);
}

// Visible ASCII, spaces and tabs: what a header value may hold (no CR or LF).
bool is_field_value(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) {
        auto const u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

std::string const& text(json::object const& o, std::string_view key, std::string& out)
{
    auto const* v = o.if_contains(key);
    if (!v)
        return out;
    if (!v->is_string())
        fail(std::string(key) + " must be a string");
    if (v->get_string().size() > max_text)
        fail(std::string(key) + " must be at most 1024 bytes");
    out = std::string(v->get_string());
    return out;
}

// An integer member in lo..hi; nothing when absent.
std::optional<std::int64_t> integer(json::object const& o, std::string_view key, std::int64_t lo,
                                    std::int64_t hi, std::string const& message)
{
    auto const* v = o.if_contains(key);
    if (!v)
        return std::nullopt;
    std::int64_t n = 0;
    if (v->is_int64())
        n = v->get_int64();
    else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(hi))
        n = static_cast<std::int64_t>(v->get_uint64());
    else
        fail(message);
    if (n < lo || n > hi)
        fail(message);
    return n;
}

} // namespace

std::vector<std::string_view> fault_operations()
{
    return {operations.begin(), operations.end()};
}

void check_fault_rule(fault_rule const& r)
{
    if (!r.id.empty() && (r.id.size() > 64 || !std::all_of(r.id.begin(), r.id.end(), [](char c) {
                              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                     (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                          })))
        fail("id must be 1 to 64 letters, digits, '-', '_' or '.'");
    if (!r.operation.empty() &&
        std::find(operations.begin(), operations.end(), r.operation) == operations.end()) {
        std::string known;
        for (auto op : operations)
            known += (known.empty() ? "" : ", ") + std::string(op);
        fail("operation \"" + r.operation.substr(0, 64) + "\" is unknown; known: " + known);
    }
    if (!r.method.empty() && !is_token(r.method))
        fail("method must be an HTTP method such as GET or POST");
    if (!r.path.empty() && (r.path.front() != '/' || r.path.size() > max_text))
        fail("path must be a pattern starting with '/', at most 1024 bytes");
    for (auto const* s : {&r.room, &r.library, &r.message, &r.code, &r.retry_after})
        if (s->size() > max_text)
            fail("room, library, message, code and retry_after must be at most 1024 bytes");
    if (r.times && (*r.times < 1 || *r.times > max_times))
        fail("times must be an integer in 1..1000000000, or \"always\"");
    if (!(r.probability > 0.0 && r.probability <= 1.0))
        fail("probability must be a number in (0, 1]");
    if (static_cast<unsigned>(r.action) > static_cast<unsigned>(fault_action::never))
        fail("action must be one of status, delay, close, partial, never");
    if (r.action == fault_action::status && (r.status < 400 || r.status > 599))
        fail("status must be an integer in 400..599");
    if (!r.retry_after.empty()) {
        bool const seconds =
            r.retry_after.size() <= 9 && std::all_of(r.retry_after.begin(), r.retry_after.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
        if (!seconds && !coverkit::detail::parse_http_date(r.retry_after))
            fail("retry_after must be a number of seconds (at most 9 digits) or an HTTP date "
                 "such as \"Sun, 06 Nov 1994 08:49:37 GMT\"");
    }
    if (!r.code.empty() && !is_token(r.code))
        fail("code must be letters and digits, such as ServiceUnavailable");
    if (!is_field_value(r.message))
        fail("message must not hold control characters");
    if (r.headers.size() > max_headers)
        fail("headers may hold at most 32 fields");
    for (auto const& [name, value] : r.headers) {
        if (!is_token(name) || name.size() > 256)
            fail("headers: \"" + name.substr(0, 64) + "\" is not a header name");
        if (boost::beast::iequals(name, "content-length") ||
            boost::beast::iequals(name, "transfer-encoding") ||
            boost::beast::iequals(name, "connection"))
            fail("headers: " + name + " is the fake's to set");
        if (!is_field_value(value) || value.size() > max_text)
            fail("headers: the value of " + name +
                 " must be at most 1024 bytes without control characters");
    }
    if (r.delay.count() < 0 || r.delay.count() > max_delay_ms)
        fail("delay_ms must be an integer in 0..600000 (10 minutes)");
    if (r.partial_bytes && *r.partial_bytes > max_partial)
        fail("partial_bytes must be an integer in 0..67108864");
}

fault_rule parse_fault_rule(json::value const& jv)
{
    auto const* o = jv.if_object();
    if (!o)
        fail("a fault rule must be a JSON object");
    static constexpr std::array<std::string_view, 17> members = {
        "id",      "operation",   "method",  "path",     "room",         "library",
        "times",   "probability", "seed",    "action",   "status",       "retry_after",
        "message", "code",        "headers", "delay_ms", "partial_bytes"};
    for (auto const& m : *o)
        if (std::find(members.begin(), members.end(), m.key()) == members.end())
            fail("unknown member \"" + std::string(m.key().substr(0, 64)) + "\"");

    fault_rule r;
    text(*o, "id", r.id);
    if (o->contains("id") && r.id.empty())
        fail("id must be 1 to 64 letters, digits, '-', '_' or '.'");
    text(*o, "operation", r.operation);
    text(*o, "method", r.method);
    text(*o, "path", r.path);
    text(*o, "room", r.room);
    text(*o, "library", r.library);
    if (auto const* t = o->if_contains("times")) {
        if (t->is_string() && t->get_string() == "always")
            r.times = always;
        else
            r.times = static_cast<std::uint64_t>(
                *integer(*o, "times", 1, max_times,
                         "times must be an integer in 1..1000000000, or \"always\""));
    }
    if (auto const* p = o->if_contains("probability")) {
        if (!p->is_number())
            fail("probability must be a number in (0, 1]");
        r.probability = p->to_number<double>();
    }
    if (auto const* s = o->if_contains("seed")) {
        if (s->is_uint64())
            r.seed = s->get_uint64();
        else if (s->is_int64() && s->get_int64() >= 0)
            r.seed = static_cast<std::uint64_t>(s->get_int64());
        else
            fail("seed must be a non-negative integer");
    }
    std::string action;
    text(*o, "action", action);
    if (o->contains("action")) {
        auto const it = std::find(actions.begin(), actions.end(), action);
        if (it == actions.end())
            fail("action must be one of status, delay, close, partial, never");
        r.action = static_cast<fault_action>(it - actions.begin());
    } else if (!o->contains("status") && o->contains("delay_ms")) {
        r.action = fault_action::delay; // {"delay_ms": 2000} alone: a slow answer
    }
    auto const status_only = [&](std::string_view key) {
        if (o->contains(key) && r.action != fault_action::status)
            fail(std::string(key) + " belongs to the status action only");
    };
    for (auto key : {"status", "retry_after", "message", "code"})
        status_only(key);
    if (auto n = integer(*o, "status", 400, 599, "status must be an integer in 400..599"))
        r.status = static_cast<unsigned>(*n);
    if (auto const* ra = o->if_contains("retry_after")) {
        if (ra->is_string())
            text(*o, "retry_after", r.retry_after);
        else
            r.retry_after = std::to_string(*integer(
                *o, "retry_after", 0, 999'999'999,
                "retry_after must be a number of seconds (at most 9 digits) or an HTTP date"));
    }
    text(*o, "message", r.message);
    text(*o, "code", r.code);
    if (auto const* h = o->if_contains("headers")) {
        auto const* ho = h->if_object();
        if (!ho)
            fail("headers must be an object of strings");
        if (ho->size() > max_headers)
            fail("headers may hold at most 32 fields");
        for (auto const& m : *ho) {
            if (!m.value().is_string())
                fail("headers: the value of " + std::string(m.key().substr(0, 64)) +
                     " must be a string");
            r.headers.emplace_back(std::string(m.key()), std::string(m.value().get_string()));
        }
    }
    if (auto n = integer(*o, "delay_ms", 0, max_delay_ms,
                         "delay_ms must be an integer in 0..600000 (10 minutes)"))
        r.delay = std::chrono::milliseconds(*n);
    if (o->contains("partial_bytes") && r.action != fault_action::partial)
        fail("partial_bytes belongs to the partial action only");
    if (auto n = integer(*o, "partial_bytes", 0, static_cast<std::int64_t>(max_partial),
                         "partial_bytes must be an integer in 0..67108864"))
        r.partial_bytes = static_cast<std::size_t>(*n);
    check_fault_rule(r);
    return r;
}

json::value to_json(fault_state const& s)
{
    auto const& r = s.rule;
    json::object o;
    o["id"] = r.id;
    auto set = [&](std::string_view key, std::string const& v) {
        if (!v.empty())
            o[key] = v;
    };
    set("operation", r.operation);
    set("method", r.method);
    set("path", r.path);
    set("room", r.room);
    set("library", r.library);
    if (r.times)
        o["times"] = *r.times;
    else
        o["times"] = "always";
    if (r.probability < 1.0) {
        o["probability"] = r.probability;
        o["seed"] = r.seed;
    }
    o["action"] = actions[static_cast<std::size_t>(r.action)];
    if (r.action == fault_action::status) {
        o["status"] = r.status;
        set("retry_after", r.retry_after);
        set("message", r.message);
        set("code", r.code);
    }
    if (!r.headers.empty()) {
        json::object h;
        for (auto const& [name, value] : r.headers)
            h[name] = value;
        o["headers"] = std::move(h);
    }
    if (r.delay.count() > 0 || r.action == fault_action::delay)
        o["delay_ms"] = r.delay.count();
    if (r.partial_bytes)
        o["partial_bytes"] = *r.partial_bytes;
    o["used"] = s.used;
    if (s.uses_left)
        o["uses_left"] = *s.uses_left;
    else
        o["uses_left"] = nullptr;
    return o;
}

namespace detail {

void fault_script::reset(std::vector<fault_rule> const& rules)
{
    rules_.clear();
    next_id_ = 1;
    for (auto const& r : rules)
        add(r);
}

fault_state fault_script::add(fault_rule rule)
{
    check_fault_rule(rule);
    if (rules_.size() >= max_fault_rules)
        fail("the fake holds at most 1000 fault rules; delete some first");
    if (rule.id.empty()) {
        do
            rule.id = "fault-" + std::to_string(next_id_++);
        while (std::any_of(rules_.begin(), rules_.end(),
                           [&](entry const& e) { return e.state.rule.id == rule.id; }));
    } else if (std::any_of(rules_.begin(), rules_.end(),
                           [&](entry const& e) { return e.state.rule.id == rule.id; })) {
        fail("id \"" + rule.id + "\" is taken by another rule");
    }
    entry e;
    e.rng.seed(rule.seed);
    if (!rule.path.empty()) {
        std::string_view p = rule.path;
        p.remove_prefix(1);
        for (std::size_t pos = 0, next; pos <= p.size(); pos = next + 1) {
            next = std::min(p.find('/', pos), p.size());
            e.path.emplace_back(p.substr(pos, next - pos));
        }
    }
    e.state.uses_left = rule.times;
    e.state.rule = std::move(rule);
    rules_.push_back(std::move(e));
    return rules_.back().state;
}

std::vector<fault_state> fault_script::add_all(std::vector<fault_rule> rules)
{
    // Everything that could refuse a rule is checked before the first is added.
    if (rules_.size() + rules.size() > max_fault_rules)
        fail("the fake holds at most 1000 fault rules; delete some first");
    std::vector<std::string_view> ids;
    for (auto const& e : rules_)
        ids.push_back(e.state.rule.id);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        auto const& r = rules[i];
        try {
            check_fault_rule(r);
            if (!r.id.empty()) {
                if (std::find(ids.begin(), ids.end(), r.id) != ids.end())
                    fail("id \"" + r.id + "\" is taken by another rule");
                ids.push_back(r.id);
            }
        } catch (fault_error const& e) {
            if (rules.size() == 1)
                throw;
            fail("faults[" + std::to_string(i) + "]: " + e.what());
        }
    }
    std::vector<fault_state> added;
    for (auto& r : rules)
        added.push_back(add(std::move(r)));
    return added;
}

std::vector<fault_state> fault_script::list() const
{
    std::vector<fault_state> out;
    out.reserve(rules_.size());
    for (auto const& e : rules_)
        out.push_back(e.state);
    return out;
}

std::size_t fault_script::clear()
{
    auto const n = rules_.size();
    rules_.clear();
    return n;
}

bool fault_script::remove(std::string_view id)
{
    auto const it = std::find_if(rules_.begin(), rules_.end(),
                                 [&](entry const& e) { return e.state.rule.id == id; });
    if (it == rules_.end())
        return false;
    rules_.erase(it);
    return true;
}

namespace {

// Whether `segs` fit the pattern: "*" any one segment, a final "**" any rest.
bool path_fits(std::vector<std::string> const& pattern, std::vector<std::string> const& segs)
{
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == "**" && i + 1 == pattern.size())
            return true;
        if (i >= segs.size() || (pattern[i] != "*" && pattern[i] != segs[i]))
            return false;
    }
    return pattern.size() == segs.size();
}

} // namespace

std::optional<fired_fault> fault_script::fire(fault_target const& t)
{
    for (auto& e : rules_) {
        auto& s = e.state;
        auto const& r = s.rule;
        if (s.uses_left && *s.uses_left == 0)
            continue;
        if ((!r.operation.empty() && r.operation != t.operation) ||
            (!r.method.empty() && !boost::beast::iequals(r.method, t.method)) ||
            (!r.path.empty() && !path_fits(e.path, t.segments)) ||
            (!r.room.empty() && r.room != t.room) || (!r.library.empty() && r.library != t.library))
            continue;
        if (r.probability < 1.0 &&
            std::uniform_real_distribution<double>(0.0, 1.0)(e.rng) >= r.probability)
            continue;
        ++s.used;
        if (s.uses_left)
            --*s.uses_left;
        return fired_fault{r.id, r};
    }
    return std::nullopt;
}

} // namespace detail

} // namespace coverkit::fake
