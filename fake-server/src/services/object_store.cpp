#include "object_store.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>

namespace coverkit::fake::detail {

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

object_store::object_store(fake::storage where, std::string const& public_base)
    : where_(std::move(where)), public_base_(public_base)
{
    auto const url = boost::urls::parse_uri(public_base);
    if (public_base.empty() || !url) {
        prefix_.emplace_back("storage");
        return;
    }
    for (auto seg : url->segments())
        prefix_.push_back(seg);
    if (!prefix_.empty() && prefix_.back().empty())
        prefix_.pop_back();
}

void object_store::put(std::string_view key, object_ptr object)
{
    std::string name;
    name.reserve(where_.bucket.size() + 1 + key.size());
    name.append(where_.bucket).append(1, '/').append(key);
    put_named(std::move(name), std::move(object));
}

void object_store::put_named(std::string name, object_ptr object)
{
    objects_[std::move(name)] = std::move(object);
}

object_ptr object_store::get(std::string_view name) const
{
    auto const it = objects_.find(name);
    return it == objects_.end() ? nullptr : it->second;
}

std::optional<std::string> object_store::name_of(std::vector<std::string> const& segs) const
{
    if (segs.size() < prefix_.size() + 2 ||
        !std::equal(prefix_.begin(), prefix_.end(), segs.begin()))
        return std::nullopt;
    std::string name;
    for (auto i = prefix_.size(); i < segs.size(); ++i) {
        if (i != prefix_.size())
            name += '/';
        name += segs[i];
    }
    return name;
}

object_ptr object_store::find_by_url(std::string_view url) const
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
    auto const name = name_of(segs);
    return name ? get(*name) : nullptr;
}

std::string object_store::url_of(http_request const& req, std::string_view key) const
{
    std::string base = public_base_;
    if (base.empty()) {
        auto const host = req[boost::beast::http::field::host];
        base = "http://" + std::string(host.empty() ? "localhost" : host) + "/storage";
    }
    boost::urls::url url(base);
    auto segs = url.segments();
    if (!segs.empty() && segs.back().empty())
        segs.pop_back();
    segs.push_back(where_.bucket);
    for (std::size_t pos = 0, next; pos <= key.size(); pos = next + 1) {
        next = std::min(key.find('/', pos), key.size());
        segs.push_back(key.substr(pos, next - pos));
    }
    return std::string(url.buffer());
}

} // namespace coverkit::fake::detail
