#ifndef COVERKIT_FAKE_SRC_SERVICES_CLOCK_HPP
#define COVERKIT_FAKE_SRC_SERVICES_CLOCK_HPP

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

namespace coverkit::fake::detail {

/// The fake's clock: the system clock, or a time a test fixed. Judges token expiry and dates
/// rooms.
class fake_clock
{
public:
    /// The latest time the clock can be set to: 9999-12-31T23:59:59.999Z, the last instant
    /// ISO 8601 dates (`createdAt`) write with four-digit years.
    static constexpr std::int64_t max_ms = 253'402'300'799'999;

    /// The current time in Unix milliseconds.
    std::int64_t now_ms() const
    {
        if (fixed_ms_)
            return *fixed_ms_;
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }

    /// Fixes the clock at `now_ms`, brought into 0..`max_ms`.
    void fix(std::int64_t now_ms) noexcept
    {
        fixed_ms_ = std::clamp<std::int64_t>(now_ms, 0, max_ms);
    }

    /// Back to the system clock.
    void release() noexcept { fixed_ms_.reset(); }

private:
    std::optional<std::int64_t> fixed_ms_;
};

} // namespace coverkit::fake::detail

#endif
