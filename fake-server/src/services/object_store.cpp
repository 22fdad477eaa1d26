#include "object_store.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/authority_view.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace coverkit::fake::detail {

/** What a store's objects hold, and which drawn pictures were read least recently. Objects and
    the store share it; its mutex guards every object's `bytes_`, `lru_pos_`, `in_lru_` and
    `counted_`. Lock order: an object's draw mutex, then this one. */
struct store_memory
{
    mutable std::mutex mutex;
    std::size_t capacity = 0;
    std::size_t used = 0;          // every counted byte
    std::size_t given = 0;         // of those, the bytes of objects that cannot be drawn again
    std::list<stored_object*> lru; // drawn pictures held, most recently read first

    // Kept pictures (kept_pictures), most recently used first, by key; none once `closed` (the
    // store is gone: nothing would ever forget them).
    using kept_entry = std::pair<std::string, std::shared_ptr<std::string const>>;
    std::list<kept_entry> kept;
    std::unordered_map<std::string_view, std::list<kept_entry>::iterator> kept_index;
    bool closed = false;
    static constexpr std::size_t max_kept = 4096;

    void drop_oldest_kept()
    {
        used -= kept.back().second->size();
        kept_index.erase(kept.back().first);
        kept.pop_back();
    }

    void drop_kept() noexcept
    {
        for (auto const& entry : kept)
            used -= entry.second->size();
        kept_index.clear();
        kept.clear();
    }

    // Forgets kept pictures, then the least recently read drawn pictures but `spare`, until the
    // bytes fit.
    void make_room(stored_object const* spare)
    {
        while (used > capacity && !kept.empty())
            drop_oldest_kept();
        while (used > capacity && !lru.empty() && lru.back() != spare)
            forget(*lru.back());
    }

    // Counts `o`'s bytes, and forgets the least recently read drawn pictures but `o` until
    // the bytes fit.
    void admit(stored_object& o, std::shared_ptr<std::string const> bytes)
    {
        o.counted_ = bytes->size();
        used += o.counted_;
        o.bytes_ = std::move(bytes);
        if (o.produce_) {
            lru.push_front(&o);
            o.lru_pos_ = lru.begin();
            o.in_lru_ = true;
        } else {
            given += o.counted_;
        }
        make_room(&o);
    }

    // Stops counting `o`'s bytes; a drawn picture's are dropped, to be drawn again.
    void forget(stored_object& o)
    {
        used -= o.counted_;
        if (o.in_lru_) {
            lru.erase(o.lru_pos_);
            o.in_lru_ = false;
            o.bytes_.reset();
        } else {
            given -= o.counted_;
        }
        o.counted_ = 0;
    }

    void touch(stored_object& o)
    {
        if (o.in_lru_)
            lru.splice(lru.begin(), lru, o.lru_pos_);
    }
};

stored_object::stored_object(std::string content_type, std::string bytes)
    : content_type_(std::move(content_type)),
      bytes_(std::make_shared<std::string const>(std::move(bytes)))
{}

stored_object::stored_object(std::string content_type, std::function<std::string()> produce)
    : content_type_(std::move(content_type)), produce_(std::move(produce))
{}

stored_object::~stored_object()
{
    if (memory_) {
        std::lock_guard lock(memory_->mutex);
        if (counted_ != 0 || in_lru_)
            memory_->forget(*this);
    }
}

std::shared_ptr<std::string const> stored_object::bytes()
{
    if (!memory_) // not in a store (yet): nothing else sees it
        return bytes_ ? bytes_ : std::make_shared<std::string const>(produce_());
    std::lock_guard draw(draw_mutex_);
    {
        std::lock_guard lock(memory_->mutex);
        if (bytes_) {
            memory_->touch(*this);
            return bytes_;
        }
    }
    // Drawn without the store's lock: other objects are read meanwhile. An exception leaves
    // nothing held, so a later read tries again.
    auto drawn = std::make_shared<std::string const>(produce_());
    std::lock_guard lock(memory_->mutex);
    memory_->admit(*this, drawn);
    return drawn;
}

object_store::object_store(fake::storage where, std::string const& public_base,
                           std::size_t capacity)
    : where_(std::move(where)), memory_(std::make_shared<store_memory>())
{
    memory_->capacity = capacity;
    auto const url = boost::urls::parse_uri(public_base);
    if (public_base.empty() || !url) {
        prefix_.emplace_back("storage");
        return;
    }
    if (url->has_query())
        url_tail_.append(1, '?').append(url->encoded_query());
    if (url->has_fragment())
        url_tail_.append(1, '#').append(url->encoded_fragment());
    url_head_ = public_base.substr(0, public_base.size() - url_tail_.size());
    if (url_head_.ends_with('/'))
        url_head_.pop_back();
    for (auto seg : url->segments())
        prefix_.push_back(seg);
    if (!prefix_.empty() && prefix_.back().empty())
        prefix_.pop_back();
}

void object_store::configure(fake::storage where, std::size_t capacity)
{
    clear();
    where_ = std::move(where);
    std::lock_guard lock(memory_->mutex);
    memory_->capacity = capacity;
}

// Objects outlive the map when a response still holds them; they keep the memory alive, but
// it keeps no picture any more.
object_store::~object_store()
{
    std::lock_guard lock(memory_->mutex);
    memory_->drop_kept();
    memory_->closed = true;
}

void object_store::clear() noexcept
{
    decltype(objects_) gone; // objects leave the count as they go: after unlocking
    {
        std::lock_guard lock(objects_mutex_);
        gone.swap(objects_);
    }
    std::lock_guard lock(memory_->mutex);
    memory_->drop_kept();
}

std::shared_ptr<std::string const>
kept_pictures::get(std::string const& key, std::function<std::string()> const& derive) const
{
    auto const memory = memory_.lock();
    if (memory) {
        std::lock_guard lock(memory->mutex);
        if (auto const it = memory->kept_index.find(key); it != memory->kept_index.end()) {
            memory->kept.splice(memory->kept.begin(), memory->kept, it->second);
            return it->second->second;
        }
    }
    auto bytes = std::make_shared<std::string const>(derive());
    if (!memory)
        return bytes;
    std::lock_guard lock(memory->mutex);
    if (memory->closed || memory->kept_index.contains(key) || bytes->size() > memory->capacity / 4)
        return bytes;
    if (memory->kept.size() >= store_memory::max_kept)
        memory->drop_oldest_kept();
    memory->kept.emplace_front(key, bytes);
    memory->kept_index.emplace(memory->kept.front().first, memory->kept.begin());
    memory->used += bytes->size();
    memory->make_room(nullptr);
    return bytes;
}

std::size_t object_store::capacity() const noexcept
{
    return memory_->capacity;
}

std::size_t object_store::used() const noexcept
{
    std::lock_guard lock(memory_->mutex);
    return memory_->used;
}

bool object_store::put(std::string_view key, object_ptr object)
{
    std::string name;
    name.reserve(where_.bucket.size() + 1 + key.size());
    name.append(where_.bucket).append(1, '/').append(key);
    return put_named(std::move(name), std::move(object));
}

bool object_store::put_named(std::string name, object_ptr object)
{
    std::unique_lock objects_lock(objects_mutex_);
    auto& slot = objects_[name];
    {
        std::lock_guard lock(memory_->mutex);
        if (!object->produce_) {
            // Given bytes stay until replaced: they must fit beside the other given bytes
            // (the one replaced leaves room).
            auto const size = object->bytes_->size();
            auto const replaced = slot && !slot->produce_ ? slot->counted_ : 0;
            if (memory_->given - replaced + size > memory_->capacity) {
                if (!slot)
                    objects_.erase(name);
                return false;
            }
        }
        object->memory_ = memory_;
        if (!object->produce_)
            memory_->admit(*object, object->bytes_);
    }
    slot.swap(object);
    objects_lock.unlock();
    object.reset(); // the replaced object leaves the count as it goes
    return true;
}

object_ptr object_store::get(std::string_view name) const
{
    std::lock_guard lock(objects_mutex_);
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

namespace {

// Appends '/' and `segment`, percent-encoded (upper-case hex) where RFC 3986 does not allow a
// character in a path segment: everything but unreserved characters, sub-delimiters, ':' and
// '@'. Written by hand because it runs on every screenshot: building a boost::urls::url each
// time was a twentieth of the fake's time per request.
void append_segment(std::string& out, std::string_view segment)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    auto const plain = [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("-._~!$&'()*+,;=:@").find(static_cast<char>(c)) !=
                   std::string_view::npos;
    };
    out += '/';
    for (unsigned char c : segment) {
        if (plain(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
}

} // namespace

std::string object_store::url_of(http_request const& req, std::string_view key) const
{
    std::string out;
    out.reserve(url_head_.size() + where_.bucket.size() + key.size() + url_tail_.size() + 48);
    if (!url_head_.empty()) {
        out = url_head_;
    } else {
        std::string_view host = req[boost::beast::http::field::host];
        if (host.empty() || !boost::urls::parse_authority(host))
            host = "localhost";
        out.append("http://").append(host).append("/storage");
    }
    append_segment(out, where_.bucket);
    for (std::size_t pos = 0, next; pos <= key.size(); pos = next + 1) {
        next = std::min(key.find('/', pos), key.size());
        append_segment(out, key.substr(pos, next - pos));
    }
    out += url_tail_;
    return out;
}

} // namespace coverkit::fake::detail
