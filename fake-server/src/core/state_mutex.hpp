#ifndef COVERKIT_FAKE_SRC_CORE_STATE_MUTEX_HPP
#define COVERKIT_FAKE_SRC_CORE_STATE_MUTEX_HPP

// The fake's locks. Requests hold them for a few microseconds; when another thread holds one,
// putting this one to sleep and waking it again (a futex wait, two context switches) costs
// more than the wait itself. So a thread first tries again for a bounded while, pausing
// between tries, and only then blocks.

#include <pthread.h>

#include <mutex>
#include <system_error>

namespace coverkit::fake::detail {

namespace spin {

// About 20 µs of trying on current x86 processors (PAUSE takes 40 to 140 cycles), several
// times a request's hold.
inline constexpr int tries = 400;

inline void pause() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

/// Calls `try_once` up to `tries` times, pausing between; whether one succeeded.
template <class F>
bool try_for_a_while(F&& try_once) noexcept
{
    for (int i = 0; i < tries; ++i) {
        if (try_once())
            return true;
        pause();
    }
    return false;
}

} // namespace spin

/// A mutex for short holds (a service's own data): tries for a while, then blocks.
class brief_mutex
{
public:
    void lock() noexcept
    {
        if (!spin::try_for_a_while([this] { return mutex_.try_lock(); }))
            mutex_.lock();
    }
    bool try_lock() noexcept { return mutex_.try_lock(); }
    void unlock() noexcept { mutex_.unlock(); }

private:
    std::mutex mutex_;
};

/** The lock around the API families' state (rooms, scenes, issued tokens, the fixture).
    Requests that only read it (a screenshot, a room's details, a cover) hold it shared and run
    side by side; requests that change it hold it alone. A writer waiting keeps new readers
    out, so a steady stream of readers cannot starve it. Meets SharedMutex: use it with
    `std::unique_lock` and `std::shared_lock`. */
class state_mutex
{
public:
    state_mutex()
    {
        pthread_rwlockattr_t attr;
        pthread_rwlockattr_init(&attr);
        pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
        int const e = pthread_rwlock_init(&lock_, &attr);
        pthread_rwlockattr_destroy(&attr);
        if (e != 0)
            throw std::system_error(e, std::generic_category(), "pthread_rwlock_init");
    }
    ~state_mutex() { pthread_rwlock_destroy(&lock_); }
    state_mutex(state_mutex const&) = delete;
    state_mutex& operator=(state_mutex const&) = delete;

    void lock() noexcept
    {
        if (!spin::try_for_a_while([this] { return try_lock(); }))
            pthread_rwlock_wrlock(&lock_);
    }
    bool try_lock() noexcept { return pthread_rwlock_trywrlock(&lock_) == 0; }
    void unlock() noexcept { pthread_rwlock_unlock(&lock_); }

    void lock_shared() noexcept
    {
        if (!spin::try_for_a_while([this] { return try_lock_shared(); }))
            pthread_rwlock_rdlock(&lock_);
    }
    bool try_lock_shared() noexcept { return pthread_rwlock_tryrdlock(&lock_) == 0; }
    void unlock_shared() noexcept { pthread_rwlock_unlock(&lock_); }

private:
    pthread_rwlock_t lock_;
};

} // namespace coverkit::fake::detail

#endif
