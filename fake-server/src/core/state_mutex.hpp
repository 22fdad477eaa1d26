#ifndef COVERKIT_FAKE_SRC_CORE_STATE_MUTEX_HPP
#define COVERKIT_FAKE_SRC_CORE_STATE_MUTEX_HPP

// The lock around the fake's state. Requests hold it for a few microseconds; when another
// thread holds it, putting this one to sleep and waking it again (a futex wait, two context
// switches) costs more than the wait itself. So a thread first tries again for a bounded
// while, pausing between tries, and only then blocks as std::mutex does.

#include <mutex>

namespace coverkit::fake::detail {

class state_mutex
{
public:
    void lock() noexcept
    {
        for (int i = 0; i < spins; ++i) {
            if (mutex_.try_lock())
                return;
            pause();
        }
        mutex_.lock();
    }

    bool try_lock() noexcept { return mutex_.try_lock(); }

    void unlock() noexcept { mutex_.unlock(); }

private:
    // About 20 µs of trying on current x86 processors (PAUSE takes 40 to 140 cycles), several
    // times a request's hold.
    static constexpr int spins = 400;

    static void pause() noexcept
    {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        asm volatile("yield");
#endif
    }

    std::mutex mutex_;
};

} // namespace coverkit::fake::detail

#endif
