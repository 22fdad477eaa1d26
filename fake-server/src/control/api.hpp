#ifndef COVERKIT_FAKE_SRC_CONTROL_API_HPP
#define COVERKIT_FAKE_SRC_CONTROL_API_HPP

// The control endpoints tests drive the fake with: `POST /_fake/reset`, `GET /_fake/requests`,
// `PUT /_fake/clock`, `PUT /_fake/fixture`, and the fault rules at `/_fake/faults`
// (docs/contract.md, "Control endpoints"). Not kept in the journal, and never touched by a
// fault rule.

#include "../core/family.hpp"
#include "../services/clock.hpp"
#include "../services/faults.hpp"
#include "../services/journal.hpp"

#include <coverkit/fake/fixture.hpp>
#include <coverkit/fake/server.hpp>

#include <filesystem>
#include <functional>

namespace coverkit::fake::detail {

class control_api final : public family
{
public:
    control_api(fake_clock& clock, request_journal const& journal, fault_script& faults,
                std::function<void()> reset_all,
                std::function<fixture_summary(fixture)> replace_fixture,
                std::function<std::filesystem::path()> fixture_dir)
        : clock_(clock), journal_(journal), faults_(faults), reset_all_(std::move(reset_all)),
          replace_fixture_(std::move(replace_fixture)), fixture_dir_(std::move(fixture_dir))
    {}

    void add_routes(router& r) override;
    bool journaled() const override { return false; }

private:
    fake_clock& clock_;
    request_journal const& journal_;
    fault_script& faults_;
    std::function<void()> reset_all_;
    std::function<fixture_summary(fixture)> replace_fixture_;
    std::function<std::filesystem::path()> fixture_dir_;
};

} // namespace coverkit::fake::detail

#endif
