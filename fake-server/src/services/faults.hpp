#ifndef COVERKIT_FAKE_SRC_SERVICES_FAULTS_HPP
#define COVERKIT_FAKE_SRC_SERVICES_FAULTS_HPP

// The scripted faults: the rules a test asked for, which request each acts on next, and how
// many uses each has left. Consulted by the pipeline once a request has found its endpoint.

#include <coverkit/fake/faults.hpp>

#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake::detail {

/// What a rule is matched against.
struct fault_target
{
    std::string_view operation;
    std::string_view method;
    std::vector<std::string> const& segments; // decoded path segments
    std::string_view room;                    // empty when the request names none
    std::string_view library;                 // empty when the request names none
};

/// A rule that acts on a request: a copy of what it does.
struct fired_fault
{
    std::string rule_id;
    fault_rule rule;
};

/// The rules in force, in the order they were added; the first that acts answers.
class fault_script
{
public:
    /// Back to `rules` (a fixture's), every count restarted. @throws fault_error.
    void reset(std::vector<fault_rule> const& rules);

    /// Adds a rule after the others; its state as listed. @throws fault_error.
    fault_state add(fault_rule rule);

    /// Adds every rule of `rules`, or none when one cannot be used (`faults[i]: ...`).
    /// @throws fault_error.
    std::vector<fault_state> add_all(std::vector<fault_rule> rules);

    /// Every rule and its use, in order.
    std::vector<fault_state> list() const;

    /// Removes every rule; how many there were.
    std::size_t clear();

    /// Removes the rule named `id`; whether there was one.
    bool remove(std::string_view id);

    /// Whether no rule is in force (the common case: nothing to match).
    bool empty() const noexcept { return rules_.empty(); }

    /// The first rule that acts on `t`, its use counted; nothing when none does.
    std::optional<fired_fault> fire(fault_target const& t);

private:
    struct entry
    {
        fault_state state;
        std::mt19937_64 rng;
        std::vector<std::string> path; // the pattern's segments
    };
    std::vector<entry> rules_;
    std::uint64_t next_id_ = 1;
};

} // namespace coverkit::fake::detail

#endif
