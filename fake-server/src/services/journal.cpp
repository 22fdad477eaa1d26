#include "journal.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>

namespace coverkit::fake {

boost::json::value to_json(journal_entry const& e)
{
    boost::json::object headers;
    for (auto const& [name, value] : e.headers) {
        if (auto* seen = headers.if_contains(name)) // a repeated header: its values joined
            *seen = std::string(seen->as_string()) + ", " + value;
        else
            headers.emplace(name, value);
    }
    boost::json::object out{{"method", e.method},
                            {"target", e.target},
                            {"status", e.status},
                            {"request_id", e.request_id},
                            {"headers", std::move(headers)},
                            {"body_bytes", e.body_bytes}};
    if (e.body)
        out["body"] = *e.body;
    if (e.body_truncated)
        out["body_truncated"] = true;
    if (!e.fault.empty())
        out["fault"] = e.fault;
    return out;
}

} // namespace coverkit::fake

namespace coverkit::fake::detail {

void request_journal::record(journal_entry entry)
{
    std::lock_guard lock(mutex_);
    if (capacity_ == 0) {
        ++dropped_;
        return;
    }
    if (entries_.size() == capacity_) {
        entries_.pop_front();
        ++dropped_;
    }
    entries_.push_back(std::move(entry));
}

void request_journal::clear() noexcept
{
    std::lock_guard lock(mutex_);
    entries_.clear();
    dropped_ = 0;
}

std::vector<journal_entry> request_journal::entries(std::uint64_t since, std::size_t limit) const
{
    std::lock_guard lock(mutex_);
    auto const first = since <= dropped_ ? 0 : since - dropped_;
    std::vector<journal_entry> out;
    if (first >= entries_.size())
        return out;
    auto const n = std::min<std::uint64_t>(entries_.size() - first, limit);
    out.reserve(static_cast<std::size_t>(n));
    auto const begin = entries_.begin() + static_cast<std::ptrdiff_t>(first);
    out.assign(begin, begin + static_cast<std::ptrdiff_t>(n));
    return out;
}

request_page request_journal::select(request_filter const& filter) const
{
    request_page page;
    std::lock_guard lock(mutex_);
    page.dropped = dropped_;
    page.first = std::min(std::max(filter.since, dropped_), dropped_ + entries_.size());
    page.next = page.first;
    auto const lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    auto const matches = [&](journal_entry const& e) {
        if (!filter.method.empty() &&
            !std::equal(e.method.begin(), e.method.end(), filter.method.begin(),
                        filter.method.end(), [&](char a, char b) { return lower(a) == lower(b); }))
            return false;
        if (!filter.path.empty()) {
            auto const path = std::string_view(e.target).substr(0, e.target.find('?'));
            if (path.substr(0, filter.path.size()) != filter.path)
                return false;
        }
        if (filter.status && e.status != *filter.status)
            return false;
        if (filter.status_class != 0 && e.status / 100 != filter.status_class)
            return false;
        return true;
    };
    for (auto i = static_cast<std::size_t>(page.first - dropped_);
         i < entries_.size() && page.entries.size() < filter.limit; ++i) {
        if (matches(entries_[i]))
            page.entries.push_back(entries_[i]);
        page.next = dropped_ + i + 1;
    }
    return page;
}

std::uint64_t request_journal::dropped() const noexcept
{
    std::lock_guard lock(mutex_);
    return dropped_;
}

void request_journal::set_capacity(std::size_t capacity)
{
    std::lock_guard lock(mutex_);
    capacity_ = capacity;
    while (entries_.size() > capacity_) {
        entries_.pop_front();
        ++dropped_;
    }
}

namespace {

// Names of headers and JSON members whose values are secrets.
bool secret_header(std::string_view lower_name)
{
    return lower_name == "token" || lower_name == "roomtoken" || lower_name == "authorization" ||
           lower_name == "proxy-authorization" || lower_name == "cookie";
}

constexpr std::array<std::string_view, 8> secret_members{
    "secretAccessKey", "sk",        "secret",      "library_secret",
    "token",           "roomToken", "accessToken", "access_token"};

bool secret_member(std::string_view name)
{
    return std::find(secret_members.begin(), secret_members.end(), name) != secret_members.end();
}

// A whiteboard token keeps its kind: NETLESSROOM_***.
std::string masked_value(std::string_view value)
{
    if (value.rfind("NETLESS", 0) == 0)
        if (auto const underscore = value.find('_');
            underscore != std::string_view::npos && underscore < 16)
            return std::string(value.substr(0, underscore + 1)) + "***";
    return "***";
}

// Replaces the values of secret members at any depth; whether it replaced any. Boost.JSON's
// parser bounds the depth (32).
bool mask_members(boost::json::value& v)
{
    bool masked = false;
    if (auto* obj = v.if_object()) {
        for (auto& member : *obj) {
            if (secret_member(member.key())) {
                member.value() = "***";
                masked = true;
            } else {
                masked = mask_members(member.value()) || masked;
            }
        }
    } else if (auto* arr = v.if_array()) {
        for (auto& item : *arr)
            masked = mask_members(item) || masked;
    }
    return masked;
}

// The length of the longest prefix of `s` that is whole UTF-8 (a sequence cut at the end is
// left out); npos when `s` holds bytes that are not UTF-8 text.
std::size_t utf8_prefix(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        auto const c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        unsigned min = 0;
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return std::string_view::npos;
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            n = 1, min = 0x80;
        else if ((c & 0xF0) == 0xE0)
            n = 2, min = 0x800;
        else if ((c & 0xF8) == 0xF0)
            n = 3, min = 0x10000;
        else
            return std::string_view::npos;
        if (i + n >= s.size()) {
            // A sequence the cut ended: what there is of it must continue it.
            for (std::size_t k = i + 1; k < s.size(); ++k)
                if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80)
                    return std::string_view::npos;
            return i;
        }
        unsigned cp = c & (0x3F >> n);
        for (std::size_t k = 1; k <= n; ++k) {
            auto const cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80)
                return std::string_view::npos;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return std::string_view::npos;
        i += n + 1;
    }
    return i;
}

} // namespace

void request_journal::add_request(journal_entry& entry, http_request const& req)
{
    entry.headers.reserve(static_cast<std::size_t>(std::distance(req.begin(), req.end())));
    for (auto const& field : req) {
        std::string name(field.name_string());
        for (auto& c : name) // ASCII: header names are tokens
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        auto value = secret_header(name) ? masked_value(field.value()) : std::string(field.value());
        entry.headers.emplace_back(std::move(name), std::move(value));
    }
    auto const& body = req.body();
    entry.body_bytes = body.size();
    if (body.empty())
        return;
    std::string text;
    // Parsed only when a secret member's name is in it: most bodies are kept as they came.
    bool const may_hold_secret =
        std::any_of(secret_members.begin(), secret_members.end(),
                    [&](std::string_view name) { return body.find(name) != std::string::npos; });
    if (may_hold_secret) {
        boost::system::error_code ec;
        auto jv = boost::json::parse(body, ec);
        if (!ec && mask_members(jv))
            text = boost::json::serialize(jv);
    }
    std::string_view kept = text.empty() ? std::string_view(body) : std::string_view(text);
    bool const cut = kept.size() > max_journal_body;
    if (cut)
        kept = kept.substr(0, max_journal_body);
    auto const whole = utf8_prefix(kept);
    if (whole == std::string_view::npos || (!cut && whole != kept.size()))
        return; // not text
    entry.body = std::string(kept.substr(0, whole));
    entry.body_truncated = cut;
}

std::string request_journal::masked_target(std::optional<boost::urls::url_view> const& url,
                                           std::string_view raw)
{
    std::string out;
    if (!url || !url->has_query()) {
        out = raw.substr(0, max_journal_target + 1);
    } else {
        boost::urls::url copy(*url);
        auto params = copy.params();
        for (auto it = params.begin(); it != params.end(); ++it) {
            auto const key = (*it).key;
            if (key == "roomToken" || key == "token" || key == "access_token" ||
                key == "library_secret")
                it = params.set(it, "***");
        }
        out = copy.encoded_target();
    }
    if (out.size() > max_journal_target) {
        out.resize(max_journal_target - 3);
        out += "...";
    }
    return out;
}

} // namespace coverkit::fake::detail
