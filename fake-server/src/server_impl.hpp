#ifndef COVERKIT_FAKE_SRC_SERVER_IMPL_HPP
#define COVERKIT_FAKE_SRC_SERVER_IMPL_HPP

// The fake server's inside: its services, its API families, and the pipeline every request goes
// through (server.cpp). The listener uses it to keep slow work off its I/O threads.
//
// Where things go (fake-server/README.md says more):
// - an endpoint: in its family's folder, registered in that family's `add_routes`;
// - a family: a new folder with a `family` subclass, and one line in `server::impl`'s
//   constructor below;
// - a service several families share: `services/`, given to the families that need it;
// - a scripted fault (services/faults.*): matched in the pipeline once a request has found its
//   endpoint; a status answers instead of the endpoint, the connection faults travel with the
//   answer to whoever carries it (the listener, the in-process transport).

#include "control/api.hpp"
#include "core/family.hpp"
#include "core/state_mutex.hpp"
#include "legacy/api.hpp"
#include "services/clock.hpp"
#include "services/faults.hpp"
#include "services/journal.hpp"
#include "services/object_store.hpp"
#include "services/token_authority.hpp"
#include "smh/api.hpp"
#include "storage/api.hpp"
#include "whiteboard/api.hpp"

#include <coverkit/fake/server.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace coverkit::fake {

struct server::impl
{
    fixture fix;
    server_options options;
    // The families' state, the clock and the fault rules: held shared by requests that only
    // read them (`detail::state_use`), alone by the others and by every change from outside.
    // The journal, the object store and the token checks guard themselves.
    detail::state_mutex mutex;
    detail::brief_mutex on_record_mutex; // one `server_options::on_record` call at a time

    // Shared services.
    detail::fake_clock clock;
    detail::request_journal journal;
    detail::object_store store;
    detail::token_authority tokens;
    detail::fault_script faults;

    // The API families, and the routes they registered.
    std::vector<std::unique_ptr<detail::family>> families;
    detail::router routes;

    std::atomic<std::uint64_t> request_count{0};
    std::string request_id_prefix;

    impl(fixture f, server_options o)
        : fix(std::move(f)), options(std::move(o)),
          journal(options.journal_entries.value_or(
              fix.limits.journal_entries.value_or(default_journal_entries))),
          store(fix.storage, options.public_base,
                options.store_bytes.value_or(fix.limits.store_bytes.value_or(default_store_bytes))),
          tokens(fix.apps, clock)
    {
        // One line a family.
        auto& wb = add<detail::whiteboard_api>(fix, clock, tokens, store);
        add<detail::legacy_api>(tokens, wb.rooms(), wb.pictures());
        add<detail::smh_api>(fix, clock, store);
        add<detail::storage_api>(store);
        add<detail::control_api>(
            clock, journal, faults, [this] { reset(); },
            [this](fixture next) { return replace(std::move(next)); },
            [this] { return fix.base_dir; });
        reset();
    }

    /// Starts over from `next`, as if it had been the fixture from the start; called with the
    /// lock held. The families read the fixture at every reset.
    fixture_summary replace(fixture next)
    {
        fix = std::move(next);
        journal.set_capacity(options.journal_entries.value_or(
            fix.limits.journal_entries.value_or(default_journal_entries)));
        store.configure(fix.storage, options.store_bytes.value_or(
                                         fix.limits.store_bytes.value_or(default_store_bytes)));
        tokens.set_apps(fix.apps);
        reset();
        return {fix.apps.size(), fix.rooms.size(), fix.smh_libraries.size(), fix.faults.size()};
    }

    template <class Family, class... Args>
    Family& add(Args&&... args)
    {
        auto f = std::make_unique<Family>(std::forward<Args>(args)...);
        auto& ref = *f;
        families.push_back(std::move(f));
        ref.add_routes(routes);
        return ref;
    }

    /// Back to the fixture's state: the system clock, an empty journal, every family reset.
    void reset()
    {
        clock.release();
        journal.clear();
        tokens.reset();
        faults.reset(fix.faults);
        for (auto& f : families)
            f->reset();
    }

    /// An answer, and the fault rule that acted on the request, if any: its connection part
    /// (delay, close, partial, never) is for whoever carries the answer to do.
    struct answer
    {
        http_response res;
        std::optional<detail::fired_fault> fault;
    };

    /// Answers `req` in one step (the in-process server): `begin`, then `complete`.
    answer handle(http_request const& req);

    /// A request whose answer is still to be made: its slow part (drawing a picture) runs
    /// without the server's lock, on any thread.
    struct pending
    {
        http_request const* req; // must outlive the pending answer
        std::string request_id;
        detail::family const* fam;
        std::optional<boost::urls::url_view> url;
        std::function<http_response()> slow;
        std::optional<detail::fired_fault> fault;
        journal_entry entry; // the request's headers and body, as the journal keeps them
    };

    /// Answers `req`, or leaves its slow part pending; `req` must outlive it.
    std::variant<answer, pending> begin(http_request const& req);

    /// Runs a pending answer's slow part, then finishes the answer.
    answer complete(pending p);

    /// What the in-process transport makes of an answer and its fault.
    static in_process_answer to_in_process(answer a);

private:
    /** Parses the target, finds the route (`m`) and checks the body; the refusal when one of
        them fails. Needs no lock. */
    std::optional<http_response> route(detail::request_context& ctx,
                                       detail::router::match& m) const;
    /// Scripted faults and the handler of `m`, with the state lock held as the route says.
    http_response act(detail::request_context& ctx, detail::router::match const& m,
                      std::optional<detail::fired_fault>& fault);
    // The response's common headers, a fault's headers, and the journal; needs no lock.
    // `entry` holds the request's headers and body, masked as they came.
    void finish(http_request const& req, std::string const& request_id, detail::family const& fam,
                std::optional<boost::urls::url_view> const& url, http_response& res,
                std::optional<detail::fired_fault> const& fault, journal_entry entry);

    /// The answer of a fault rule whose action is a status, in the request's family's words.
    static http_response scripted_answer(detail::request_context const& ctx,
                                         detail::fired_fault const& fault);
};

} // namespace coverkit::fake

#endif
