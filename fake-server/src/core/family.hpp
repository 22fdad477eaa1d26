#ifndef COVERKIT_FAKE_SRC_CORE_FAMILY_HPP
#define COVERKIT_FAKE_SRC_CORE_FAMILY_HPP

// An API family of the fake (whiteboard v5, legacy cover API, SMH, the object store, the control
// endpoints) and the router its endpoints are registered in. fake-server/README.md tells where a
// new endpoint or family goes.

#include "request.hpp"

#include <boost/beast/http/verb.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake::detail {

class router;

/** One API family: owns its endpoints, its state and the wording of its errors. Constructed
    with the shared services it needs (clock, tokens, object store, ...), nothing more. */
class family
{
public:
    virtual ~family() = default;

    /// Registers the family's endpoints.
    virtual void add_routes(router& r) = 0;

    /// Back to the fixture's state (start, `POST /_fake/reset`). Called with the clock released.
    virtual void reset() {}

    /** The error answer of `status` with `message`, in the family's wording: `{"message": …}`
        unless a family words its errors otherwise. `code` is for families with error codes. */
    virtual http_response error(request_context const& ctx, boost::beast::http::status status,
                                std::string_view message, std::string_view code) const;

    /// Whether requests the family answers are kept in the request journal.
    virtual bool journaled() const { return true; }
};

/// A handler of one route; called with the server's state lock held (see `state_use`).
using route_handler = std::function<http_response(request_context&)>;

/** What a route does to the state the server's lock guards: the families' rooms, scenes, issued
    tokens and fixture, the clock and the fault rules. */
enum class state_use
{
    /// Changes it: the handler holds the lock alone.
    changes,
    /** Only reads it: the handler holds the lock shared, beside other readers. It may still
        use the services that guard themselves (token checks, the object store, the journal). */
    reads,
};

/// Which route answers a request: patterns of path segments, and trees of paths.
class router
{
public:
    /** Adds an endpoint: `method` on `pattern`, segments separated by '/' with "*" for any one
        segment, `{room}` for the one naming the room and `{library}` for the one naming the SMH
        library ("v5/rooms/{room}/scenes"). `operation` is the endpoint's name in fault rules
        (one of `fault_operations()`), or empty for endpoints no rule may touch (control). Its body,
       when not empty, must be a JSON object of at most 1 MiB (the pipeline answers 413 and 400
       before the handler). `room_member`: the body member that names the room, for endpoints whose
       path does not. `use`: whether the handler may run beside others (`state_use::reads`). */
    void add(family& f, boost::beast::http::verb method, std::string_view pattern,
             std::string_view operation, route_handler handler, std::string room_member = {},
             state_use use = state_use::changes);

    /** Adds a tree of paths, any method: every path `claims` accepts and no pattern matches.
        Its handler gets the body as it came (the object store). Its operations are
        `operation_prefix` "." and the method in lower case (`storage.get`). `use`: as for
        `add`, for every method. */
    void add_tree(family& f, std::function<bool(std::vector<std::string> const&)> claims,
                  std::string operation_prefix, route_handler handler,
                  state_use use = state_use::changes);

    /// The family whose words a 404 of a path starting with `first_segment` takes.
    void claim_prefix(family& f, std::string first_segment);

    /// The family of a request no family claims (how its 404 is worded).
    void set_default(family& f) { default_ = &f; }

    /// What answers a request.
    struct match
    {
        enum
        {
            found,        ///< `handler` answers
            wrong_method, ///< a known path, another method: 405
            unknown,      ///< no route: 404
        } kind = unknown;
        family* fam = nullptr;
        route_handler const* handler = nullptr;
        bool raw_body = false;           ///< the handler takes the body as it came
        std::string_view operation = {}; ///< the endpoint's name in fault rules
        std::optional<std::size_t> room_segment = std::nullopt;    ///< names the room
        std::optional<std::size_t> library_segment = std::nullopt; ///< names the library
        std::string_view room_member = {};  ///< the body member naming the room
        state_use use = state_use::changes; ///< how the handler holds the state lock
    };
    match find(boost::beast::http::verb method, std::vector<std::string> const& segments) const;

    family& default_family() const { return *default_; }

private:
    struct route
    {
        boost::beast::http::verb method;
        std::vector<std::string> pattern;
        family* fam;
        route_handler handler;
        std::string operation;
        std::optional<std::size_t> room_segment;
        std::optional<std::size_t> library_segment;
        std::string room_member;
        state_use use;
    };
    struct tree
    {
        std::function<bool(std::vector<std::string> const&)> claims;
        family* fam;
        route_handler handler;
        std::vector<std::pair<boost::beast::http::verb, std::string>> operations;
        state_use use;
    };
    std::vector<route> routes_;
    std::vector<tree> trees_;
    std::vector<std::pair<std::string, family*>> prefixes_;
    family* default_ = nullptr;
};

} // namespace coverkit::fake::detail

#endif
