// Shared by the in-process benchmarks: how many calls of a function fit in a time.
#ifndef COVERKIT_BENCHMARKS_RATE_HPP
#define COVERKIT_BENCHMARKS_RATE_HPP

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace coverkit::bench {

/// Runs `f` in batches of `batch` for about `seconds`; returns calls per second.
template <class F>
double rate(double seconds, F&& f, int batch = 64)
{
    using clock_type = std::chrono::steady_clock;
    std::size_t calls = 0;
    auto const start = clock_type::now();
    auto const stop = start + std::chrono::duration<double>(seconds);
    auto now = start;
    do {
        for (int i = 0; i < batch; ++i)
            f();
        calls += static_cast<std::size_t>(batch);
        now = clock_type::now();
    } while (now < stop);
    return static_cast<double>(calls) / std::chrono::duration<double>(now - start).count();
}

/// The median of `v` (which it sorts).
inline double median(std::vector<double>& v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace coverkit::bench

#endif
