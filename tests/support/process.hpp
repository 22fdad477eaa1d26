// A program the tests start and stop: nginx, the standalone fake, /bin/sh.
//
// Everything a test waits for here is an event — a line on the child's stdout, the child's exit
// — waited for with poll() and a deadline, never with a sleep. The child is killed when the test
// process dies, so a crashed test leaves nothing running.
#ifndef COVERKIT_TESTS_SUPPORT_PROCESS_HPP
#define COVERKIT_TESTS_SUPPORT_PROCESS_HPP

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace coverkit::test {

namespace detail {

/// An owned file descriptor, closed on destruction; -1 owns nothing.
class unique_fd
{
public:
    unique_fd() = default;
    explicit unique_fd(int fd) noexcept : fd_(fd) {}
    unique_fd(unique_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& other) noexcept
    {
        if (this != &other)
            reset(std::exchange(other.fd_, -1));
        return *this;
    }
    unique_fd(unique_fd const&) = delete;
    unique_fd& operator=(unique_fd const&) = delete;
    ~unique_fd() { reset(); }

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    void reset(int fd = -1) noexcept
    {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_ = -1;
};

[[noreturn]] inline void throw_errno(std::string const& what)
{
    throw std::system_error(errno, std::generic_category(), what);
}

/// Milliseconds left until `deadline` for poll(), rounded up, at least 0 and at most INT_MAX.
inline int poll_timeout(std::chrono::steady_clock::time_point deadline)
{
    auto const left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, INT_MAX));
}

/// `now + timeout`, without overflowing for huge timeouts.
inline std::chrono::steady_clock::time_point deadline_after(std::chrono::milliseconds timeout)
{
    auto const now = std::chrono::steady_clock::now();
    auto const room = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::time_point::max() - now);
    return timeout >= room ? std::chrono::steady_clock::time_point::max() : now + timeout;
}

/** Waits until `fd` has one of `events` or `deadline` passes; returns the revents, 0 on
    timeout. Restarts after signals. */
inline short poll_one(int fd, short events, std::chrono::steady_clock::time_point deadline)
{
    for (;;) {
        pollfd p{fd, events, 0};
        int const n = ::poll(&p, 1, poll_timeout(deadline));
        if (n > 0)
            return p.revents;
        if (n == 0) {
            if (std::chrono::steady_clock::now() >= deadline)
                return 0;
            continue; // poll() woke early (its timeout is rounded); keep waiting
        }
        if (errno != EINTR)
            throw_errno("poll");
    }
}

/// A pidfd for `pid`, or -1 when the kernel has none (Linux before 5.3).
inline int open_pidfd(pid_t pid) noexcept
{
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); // always close-on-exec
#else
    (void)pid;
    return -1;
#endif
}

} // namespace detail

/** A child process started with fork and execv, its stdout captured through a pipe.

    In the child, stdin reads `/dev/null`, stdout goes to a pipe the parent reads with
    `read_line`, stderr goes to a file or, by default, is inherited; all signals are unblocked and
    have their default action. The child gets `PR_SET_PDEATHSIG` = SIGKILL: it is killed when
    the thread that created this object exits, so a crashed test never leaves it running.
    Create it on a thread that outlives it (the test's own thread, not a short-lived helper).

    The child's grandchildren (processes it forks) get no such signal.

    The destructor sends SIGTERM, waits up to 5 seconds for the exit, then sends SIGKILL and
    reaps the child. Not copyable, not movable; not thread-safe.

    Exits are collected with waitpid() on this child's pid only; the test process must not
    ignore SIGCHLD (`SIG_IGN` makes the kernel reap children itself).
*/
class child_process
{
public:
    /** Starts `argv[0]` with the arguments `argv`.

        @param argv The program's absolute path, then its arguments; no `PATH` search.
        @param stderr_file When given, the child's stderr is written to this file (created or
        truncated, mode 0644); otherwise the child inherits the test's stderr.
        @throws std::system_error when the program cannot be executed (the child's `execv`
        errno, e.g. `ENOENT` for a missing file), or when a pipe, the stderr file or the fork
        fails; std::invalid_argument for an empty `argv` or a relative program path.
    */
    explicit child_process(std::vector<std::string> argv,
                           std::optional<std::filesystem::path> stderr_file = std::nullopt)
    {
        if (argv.empty() || argv.front().empty() || argv.front().front() != '/')
            throw std::invalid_argument("child_process: argv[0] must be an absolute path");

        // Everything the child needs is prepared before fork(): between fork() and execv() only
        // async-signal-safe calls are allowed, since other threads may hold malloc's locks.
        std::vector<char*> args;
        args.reserve(argv.size() + 1);
        for (auto& a : argv)
            args.push_back(a.data());
        args.push_back(nullptr);

        detail::unique_fd null_in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (!null_in)
            detail::throw_errno("open /dev/null");
        detail::unique_fd err_out;
        if (stderr_file) {
            err_out.reset(
                ::open(stderr_file->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
            if (!err_out)
                detail::throw_errno("open " + stderr_file->string());
        }
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0)
            detail::throw_errno("pipe2");
        stdout_.reset(out[0]);
        detail::unique_fd out_w(out[1]);
        // Closed by a successful execv(); otherwise the child writes its errno into it.
        int exec_status[2];
        if (::pipe2(exec_status, O_CLOEXEC) != 0)
            detail::throw_errno("pipe2");
        detail::unique_fd status_r(exec_status[0]);
        detail::unique_fd status_w(exec_status[1]);

        // For the child's fallback when close_range() is missing; getrlimit() is not
        // async-signal-safe.
        rlimit files{};
        int const max_fd = ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536
                               ? static_cast<int>(files.rlim_cur)
                               : 65536;
        pid_t const parent = ::getpid();
        pid_ = ::fork();
        if (pid_ < 0)
            detail::throw_errno("fork");
        if (pid_ == 0)
            run_child(args.data(), parent, null_in.get(), out_w.get(), err_out.get(),
                      status_w.get(), max_fd);

        status_w.reset();
        out_w.reset();
        pidfd_.reset(detail::open_pidfd(pid_));

        try {
            await_exec(argv.front(), status_r.get());
        } catch (...) {
            if (!status_) { // not collected yet: no child may outlive a failed constructor
                ::kill(pid_, SIGKILL);
                int st = 0;
                while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
                }
            }
            throw;
        }
    }

    child_process(child_process const&) = delete;
    child_process& operator=(child_process const&) = delete;

    /// Stops the child as `stop()` does, if it still runs.
    ~child_process()
    {
        try {
            stop();
        } catch (...) {
            // Nothing sensible to do in a destructor; the death signal still covers the child.
        }
    }

    /// The child's process id.
    pid_t pid() const noexcept { return pid_; }

    /** A descriptor poll() reports readable (POLLIN) once the child has exited, for waiting on
        the exit together with other events; -1 when the kernel has no pidfd_open (before
        Linux 5.3) or once the exit was collected. Owned by this object. */
    int exit_fd() const noexcept { return pidfd_.get(); }

    /** The next line the child wrote to stdout, without its `\n`.

        Waits at most `timeout` for the line to be complete. At end of file a last line without
        `\n` is returned as it is.
        @returns the line; `std::nullopt` on timeout (the partial line is kept for the next call)
        or at end of file.
        @throws std::system_error when poll() or read() fails.
    */
    std::optional<std::string> read_line(std::chrono::milliseconds timeout)
    {
        auto const deadline = detail::deadline_after(timeout);
        for (;;) {
            if (auto const nl = buffer_.find('\n'); nl != std::string::npos) {
                std::string line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return line;
            }
            if (stdout_eof_) {
                if (buffer_.empty())
                    return std::nullopt;
                return std::exchange(buffer_, {});
            }
            if (detail::poll_one(stdout_.get(), POLLIN, deadline) == 0)
                return std::nullopt;
            char chunk[4096];
            ssize_t const n = ::read(stdout_.get(), chunk, sizeof chunk);
            if (n > 0)
                buffer_.append(chunk, static_cast<std::size_t>(n));
            else if (n == 0)
                stdout_eof_ = true;
            else if (errno != EINTR && errno != EAGAIN)
                detail::throw_errno("read child stdout");
        }
    }

    /** Waits at most `timeout` for the child to exit and collects its status.

        @returns the exit code, or 128 + the signal number for a child killed by a signal (the
        shell's convention); the same value again on later calls. `std::nullopt` on timeout.
        @throws std::system_error when waitpid() fails (e.g. SIGCHLD is ignored).
    */
    std::optional<int> wait_exit(std::chrono::milliseconds timeout)
    {
        if (status_)
            return status_;
        if (reap(WNOHANG))
            return status_;
        auto const deadline = detail::deadline_after(timeout);
        if (pidfd_) {
            if (detail::poll_one(pidfd_.get(), POLLIN, deadline) == 0)
                return std::nullopt;
            reap(0); // readable: the child is a zombie, waitpid() returns at once
            return status_;
        }
        // No pidfd (Linux before 5.3): waitpid() cannot wait with a timeout, so check at growing
        // intervals, up to 20 ms. Only this fallback ever sleeps.
        long interval_ns = 100'000;
        while (!reap(WNOHANG)) {
            if (std::chrono::steady_clock::now() >= deadline)
                return std::nullopt;
            timespec const ts{0, interval_ns};
            ::nanosleep(&ts, nullptr);
            interval_ns = std::min(interval_ns * 2, 20'000'000L);
        }
        return status_;
    }

    /** Sends `sig` to the child; does nothing once its exit was collected.
        @throws std::system_error when kill() fails. */
    void signal(int sig)
    {
        // Until waitpid() collects it, the pid stays the child's (a zombie keeps it), so kill()
        // cannot hit an unrelated process.
        if (!status_ && ::kill(pid_, sig) != 0)
            detail::throw_errno("kill");
    }

    /** Sends `sig`, waits up to `grace` for the exit, then sends SIGKILL and waits for the
        exit without a time limit.
        @returns the exit status as `wait_exit` reports it.
        @throws std::system_error when kill() or waitpid() fails. */
    int stop(int sig = SIGTERM, std::chrono::milliseconds grace = std::chrono::seconds(5))
    {
        if (status_)
            return *status_;
        signal(sig);
        if (auto const s = wait_exit(grace))
            return *s;
        signal(SIGKILL);
        reap(0);
        return *status_;
    }

private:
    /// close_range(first, ~0, CLOSE_RANGE_CLOEXEC); false when the kernel lacks it (< 5.11).
    static bool mark_cloexec_from(unsigned first) noexcept
    {
#ifdef SYS_close_range
        return ::syscall(SYS_close_range, first, ~0U, 1U << 2 /* CLOSE_RANGE_CLOEXEC */) == 0;
#else
        (void)first;
        return false;
#endif
    }

    [[noreturn]] static void run_child(char* const* args, pid_t parent, int in, int out, int err,
                                       int status, int max_fd) noexcept
    {
        auto fail = [status] {
            int const e = errno;
            [[maybe_unused]] auto const n = ::write(status, &e, sizeof e);
            ::_exit(127);
        };
        if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            fail();
        if (::getppid() != parent) // the parent died before prctl(): the signal was missed
            ::_exit(127);
        if (::dup2(in, STDIN_FILENO) < 0 || ::dup2(out, STDOUT_FILENO) < 0 ||
            (err >= 0 && ::dup2(err, STDERR_FILENO) < 0))
            fail();
        // Descriptors the test opened without O_CLOEXEC (Asio's sockets, for one) must not leak
        // into the child: an inherited socket keeps a connection or a port open as long as the
        // child lives. Marked close-on-exec rather than closed, so `status` still reports.
        if (!mark_cloexec_from(3))
            for (int fd = 3; fd < max_fd; ++fd)
                ::fcntl(fd, F_SETFD, FD_CLOEXEC); // EBADF for unused numbers; harmless
        // Ignored signals and the signal mask survive execv(); the test runner's must not.
        struct sigaction dfl = {};
        dfl.sa_handler = SIG_DFL;
        for (int s = 1; s < NSIG; ++s)
            ::sigaction(s, &dfl, nullptr); // fails harmlessly for SIGKILL, SIGSTOP and the like
        sigset_t none;
        ::sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(args[0], args);
        fail();
        ::_exit(127); // not reached; keeps [[noreturn]] honest for the compiler
    }

    /// Waits for `status_r`'s EOF (execv() succeeded) or the child's errno (it failed).
    void await_exec(std::string const& program, int status_r)
    {
        // execv() is quick; the bound only guards against a child stuck before it.
        auto const deadline = detail::deadline_after(std::chrono::seconds(10));
        for (;;) {
            if (detail::poll_one(status_r, POLLIN, deadline) == 0)
                throw std::runtime_error("child_process: " + program +
                                         " did not start within 10 s");
            int child_errno = 0;
            ssize_t const n = ::read(status_r, &child_errno, sizeof child_errno);
            if (n < 0 && errno == EINTR)
                continue;
            if (n == static_cast<ssize_t>(sizeof child_errno)) {
                reap(0); // the child _exit()s right after reporting
                throw std::system_error(child_errno, std::generic_category(),
                                        "child_process: cannot execute " + program);
            }
            return; // EOF: execv() succeeded
        }
    }

    /// waitpid() with `flags`; true when the exit was collected into `status_`.
    bool reap(int flags)
    {
        int st = 0;
        for (;;) {
            pid_t const r = ::waitpid(pid_, &st, flags);
            if (r == 0)
                return false; // WNOHANG, still running
            if (r == pid_)
                break;
            if (errno != EINTR)
                detail::throw_errno("waitpid");
        }
        status_ = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
        pidfd_.reset();
        return true;
    }

    pid_t pid_ = -1;
    detail::unique_fd stdout_;
    detail::unique_fd pidfd_;
    std::string buffer_;
    bool stdout_eof_ = false;
    std::optional<int> status_;
};

} // namespace coverkit::test

#endif
