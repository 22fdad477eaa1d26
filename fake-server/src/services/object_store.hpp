#ifndef COVERKIT_FAKE_SRC_SERVICES_OBJECT_STORE_HPP
#define COVERKIT_FAKE_SRC_SERVICES_OBJECT_STORE_HPP

#include "../core/state_mutex.hpp"

#include <coverkit/fake/fixture.hpp>
#include <coverkit/transport.hpp>

#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake::detail {

struct store_memory;

/** An object of the fake's store. Immutable once stored: storing again under the same name
    replaces the object, and whoever holds the old one keeps seeing the old bytes. A picture can
    be stored before it is drawn: it is produced on its first read, from what it captured, and
    may be forgotten when the store is full, to be drawn again (the same bytes) on a later read. */
class stored_object
{
public:
    /// Bytes given (an upload, a media file): kept until the object is replaced.
    stored_object(std::string content_type, std::string bytes);
    /// Bytes drawn on the first read by `produce`, which must give the same bytes every time.
    stored_object(std::string content_type, std::function<std::string()> produce);
    ~stored_object();
    stored_object(stored_object const&) = delete;
    stored_object& operator=(stored_object const&) = delete;

    std::string const& content_type() const noexcept { return content_type_; }

    /// The object's bytes: drawn now when they are not held (once, whichever thread asks first).
    std::shared_ptr<std::string const> bytes();

private:
    friend class object_store;
    friend struct store_memory;

    std::string content_type_;
    std::function<std::string()> produce_; // null for given bytes
    std::mutex draw_mutex_;                // one drawing at a time
    // Guarded by the store's memory mutex once the object is in a store:
    std::shared_ptr<std::string const> bytes_;
    std::shared_ptr<store_memory> memory_; // the store that counts the bytes, once stored
    std::list<stored_object*>::iterator lru_pos_;
    bool in_lru_ = false;
    std::size_t counted_ = 0; // bytes counted in the store
};
using object_ptr = std::shared_ptr<stored_object>;

/** Pictures the fake derives from others and keeps so as not to derive them again (a background
    decoded, fitted to a frame and encoded), by key. They live in their store's memory: counted
    in its capacity, and when it is full forgotten first, least recently used first, before any
    drawn picture; one over a quarter of the capacity is not kept, nor more than 4096 keys.
    Copies refer to the same store; once it is gone, or for a default-constructed one, nothing
    is kept and every picture is derived again. */
class kept_pictures
{
public:
    /// Keeps nothing.
    kept_pictures() = default;

    /** The bytes kept under `key`; else `derive()`'s, kept for the next call. `derive` runs
        without any lock held; two threads asking for the same new key may both run it, and
        must get the same bytes. */
    std::shared_ptr<std::string const> get(std::string const& key,
                                           std::function<std::string()> const& derive) const;

private:
    friend class object_store;
    explicit kept_pictures(std::weak_ptr<store_memory> memory) : memory_(std::move(memory)) {}
    std::weak_ptr<store_memory> memory_;
};

/** The object store: objects by name (`{bucket}/{key}`), served under a path prefix
    (`/storage` by default, else the path of the public base URL) and addressed by URLs
    `{public base}/{bucket}/{key}`. The fake's own pictures go into the fixture's bucket.
    Storing and finding objects is safe from several threads at once; `configure` is not (the
    server calls it holding its lock alone). */
class object_store
{
public:
    /// A store whose objects hold at most `capacity` bytes.
    object_store(fake::storage where, std::string const& public_base, std::size_t capacity);
    ~object_store();

    std::string const& bucket() const noexcept { return where_.bucket; }
    std::string const& region() const noexcept { return where_.region; }

    /** Stores `object` under `key` of the bucket.
        @return false, storing nothing, when its given bytes do not fit in the capacity even
        with every drawn picture forgotten. */
    bool put(std::string_view key, object_ptr object);

    /// Stores `object` under `name`, `{bucket}/{key}` of any bucket; as `put`.
    bool put_named(std::string name, object_ptr object);

    /// The store's capacity in bytes.
    std::size_t capacity() const noexcept;
    /// The bytes it counts now: given bytes, drawn pictures held and kept pictures.
    std::size_t used() const noexcept;

    /// Where the store keeps derived pictures (see `kept_pictures`).
    kept_pictures kept() const noexcept { return kept_pictures(memory_); }

    /// The object stored under `name`, or null.
    object_ptr get(std::string_view name) const;

    /// The object a URL or an absolute path names (its path under the store's prefix), or null.
    object_ptr find_by_url(std::string_view url) const;

    /// The name `{bucket}/{key}` a request path names, when it is under the store's prefix with
    /// a bucket and a key.
    std::optional<std::string> name_of(std::vector<std::string> const& segments) const;

    /** The URL of `key` of the bucket: `{public base}/{bucket}/{key}`, the bucket and each key
        segment percent-encoded where a path segment needs it. Without a (valid) public base,
        `http://{Host}/storage` from `req`'s `Host` header, or `localhost` when that is missing
        or is not a URL authority. */
    std::string url_of(http_request const& req, std::string_view key) const;

    /// Forgets every object, and every kept picture.
    void clear() noexcept;

    /// Forgets every object, and from now on stores into `where` up to `capacity` bytes.
    void configure(fake::storage where, std::size_t capacity);

private:
    fake::storage where_;
    // A valid public base, cut where its path ends (one trailing '/' left out), and its query
    // and fragment; both empty without one (URLs are then made from the request's Host).
    std::string url_head_;
    std::string url_tail_;
    std::vector<std::string> prefix_; // the path segments the store is served under
    std::shared_ptr<store_memory> memory_;
    // Requests that only read the server's state store pictures side by side. Lock order:
    // this, then the memory's mutex (an object's draw mutex comes before both).
    mutable brief_mutex objects_mutex_;
    std::map<std::string, object_ptr, std::less<>> objects_;
};

} // namespace coverkit::fake::detail

#endif
