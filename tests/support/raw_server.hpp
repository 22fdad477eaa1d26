// A scripted TCP server on loopback for transport failure cases: each accepted connection runs
// the next step of a script (answer, stay silent, close half-way...). Plain POSIX sockets, or TLS
// over them with OpenSSL; every wait bounded: a misbehaving client fails the test instead of
// hanging it.
#ifndef COVERKIT_TESTS_SUPPORT_RAW_SERVER_HPP
#define COVERKIT_TESTS_SUPPORT_RAW_SERVER_HPP

#include <arpa/inet.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace coverkit::test {

/// How long any single wait of the scripted server may take.
inline constexpr std::chrono::milliseconds raw_wait_bound{5000};

/// A socket descriptor, closed on destruction.
class raw_fd
{
public:
    raw_fd() = default;
    explicit raw_fd(int fd) : fd_(fd) {}
    raw_fd(raw_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    raw_fd& operator=(raw_fd&& other) noexcept
    {
        reset();
        fd_ = std::exchange(other.fd_, -1);
        return *this;
    }
    ~raw_fd() { reset(); }
    int get() const noexcept { return fd_; }
    void reset() noexcept
    {
        if (fd_ >= 0)
            ::close(std::exchange(fd_, -1));
    }

private:
    int fd_ = -1;
};

/// Waits until `fd` is readable; false on timeout.
inline bool wait_readable(int fd, std::chrono::milliseconds bound = raw_wait_bound)
{
    pollfd p{fd, POLLIN, 0};
    int r;
    do
        r = ::poll(&p, 1, static_cast<int>(bound.count()));
    while (r < 0 && errno == EINTR);
    return r > 0;
}

/** A blocking TCP connection to 127.0.0.1:`port`; `receive_buffer` (when not 0) is the
    socket's receive buffer, set before connecting. An invalid descriptor when it fails. */
inline raw_fd connect_loopback(unsigned short port, int receive_buffer = 0)
{
    raw_fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (receive_buffer > 0)
        ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        fd.reset();
    return fd;
}

/// One accepted connection, as a script step sees it.
class raw_connection
{
public:
    /// A plain connection, or with `tls` a TLS one whose handshake has completed.
    explicit raw_connection(raw_fd fd, SSL* tls = nullptr) : fd_(std::move(fd)), tls_(tls) {}

    /** Reads up to the end of a request's header only, leaving any body unread. Returns false
        when the client closed first or the bound passed. */
    bool read_header()
    {
        while (buffer_.find("\r\n\r\n") == std::string::npos)
            if (!read_some())
                return false;
        return true;
    }

    /** Reads one HTTP request (header, then a `Content-Length` body). Returns false when the
        client closed first or the bound passed. */
    bool read_request()
    {
        for (;;) {
            auto const end = buffer_.find("\r\n\r\n");
            if (end != std::string::npos) {
                std::size_t length = 0;
                auto const header = buffer_.substr(0, end);
                auto const cl = lower(header).find("content-length:");
                if (cl != std::string::npos)
                    length = std::stoul(header.substr(cl + 15));
                if (buffer_.size() >= end + 4 + length) {
                    last_request_ = buffer_.substr(0, end + 4 + length);
                    buffer_.erase(0, end + 4 + length);
                    return true;
                }
            }
            if (!read_some())
                return false;
        }
    }

    /** Reads up to and including `end` (the last chunk of a chunked request, say), which
        then counts as the last request read. Returns false when the client closed first or
        the bound passed. */
    bool read_through(std::string_view end)
    {
        for (;;) {
            if (auto const at = buffer_.find(end); at != std::string::npos) {
                last_request_ = buffer_.substr(0, at + end.size());
                buffer_.erase(0, at + end.size());
                return true;
            }
            if (!read_some())
                return false;
        }
    }

    /// The last request read, header and body.
    std::string const& last_request() const noexcept { return last_request_; }

    void write(std::string_view bytes)
    {
        while (!bytes.empty()) {
            auto const n =
                tls_ ? ::SSL_write(tls_.get(), bytes.data(), static_cast<int>(bytes.size()))
                     : ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0)
                return; // the client left; the test's assertions tell
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    /** Waits (bounded) until the client's side has acknowledged every byte written, so that
        they are waiting in its socket: the event a test needs before it acts on them. */
    bool wait_until_delivered()
    {
        auto const until = std::chrono::steady_clock::now() + raw_wait_bound;
        for (;;) {
            int queued = 0;
            if (::ioctl(fd_.get(), SIOCOUTQ, &queued) != 0)
                return false;
            if (queued == 0)
                return true;
            if (std::chrono::steady_clock::now() > until)
                return false;
            ::sched_yield();
        }
    }

    /// Closes with a reset (SO_LINGER 0) instead of an orderly close.
    void reset()
    {
        linger l{1, 0};
        ::setsockopt(fd_.get(), SOL_SOCKET, SO_LINGER, &l, sizeof l);
        close();
    }

    /// A complete keep-alive answer with `body`.
    void answer(std::string_view body = "ok")
    {
        write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n\r\n" + std::string(body));
    }

    /// Waits until the client closes its side (bounded), e.g. after a timeout on its side.
    bool wait_for_client_close()
    {
        while (read_some()) {
        }
        return closed_by_client_;
    }

    /// Closes the socket; over TLS without a close_notify, as a crashing server would.
    void close()
    {
        tls_.reset();
        fd_.reset();
    }

private:
    static std::string lower(std::string s)
    {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }

    bool read_some()
    {
        if (!(tls_ && ::SSL_pending(tls_.get()) > 0) && !wait_readable(fd_.get()))
            return false;
        char chunk[4096];
        auto const n = tls_ ? ::SSL_read(tls_.get(), chunk, sizeof chunk)
                            : ::recv(fd_.get(), chunk, sizeof chunk, 0);
        if (n <= 0) {
            closed_by_client_ = true;
            return false;
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    struct ssl_free
    {
        void operator()(SSL* p) const noexcept { ::SSL_free(p); }
    };

    raw_fd fd_;
    std::unique_ptr<SSL, ssl_free> tls_;
    std::string buffer_;
    std::string last_request_;
    bool closed_by_client_ = false;
};

/** Listens on 127.0.0.1 (a free port) and runs `script[i]` on the i-th accepted connection, one
    connection at a time, on its own thread. Connections beyond the script are closed at once.
    `accept_connections = false` leaves the listening socket's backlog alone: connects
    succeed (the kernel completes them) but nothing ever reads. */
class raw_server
{
public:
    using step = std::function<void(raw_connection&)>;

    explicit raw_server(std::vector<step> script, bool accept_connections = true)
        : raw_server(std::move(script), nullptr, accept_connections)
    {}

    /** The same over TLS with `tls` (a server context: certificate and key), when not null;
        `base_url()` then says https. */
    raw_server(std::vector<step> script, SSL_CTX* tls, bool accept_connections = true)
        : script_(std::move(script)), tls_(tls)
    {
        // OpenSSL writes to its socket without MSG_NOSIGNAL: a client that left must fail the
        // write, not end the test process.
        if (tls_)
            std::signal(SIGPIPE, SIG_IGN);
        listen_ = raw_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (listen_.get() < 0)
            throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (::bind(listen_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listen_.get(), 16) != 0)
            throw std::runtime_error("bind/listen: " + std::string(std::strerror(errno)));
        socklen_t len = sizeof addr;
        ::getsockname(listen_.get(), reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        if (accept_connections)
            thread_ = std::thread([this] { run(); });
    }

    raw_server(raw_server const&) = delete;
    raw_server& operator=(raw_server const&) = delete;

    ~raw_server()
    {
        stop_ = true;
        // Unblocks the accept loop's poll: the listening socket reports an error once shut.
        ::shutdown(listen_.get(), SHUT_RDWR);
        if (thread_.joinable())
            thread_.join();
    }

    unsigned short port() const noexcept { return port_; }

    std::string base_url() const
    {
        return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_);
    }

    /// Connections accepted so far.
    int accepted() const noexcept { return accepted_; }

    /// Steps that ran to their end.
    int finished() const noexcept { return finished_; }

private:
    void run()
    {
        while (!stop_) {
            if (!wait_readable(listen_.get(), std::chrono::milliseconds(20'000)) || stop_)
                return;
            raw_fd fd(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC));
            if (fd.get() < 0)
                return;
            auto const index = static_cast<std::size_t>(accepted_++);
            SSL* ssl = nullptr;
            if (tls_ && !(ssl = handshake(fd.get())))
                continue; // the client gave up or failed verification
            raw_connection conn(std::move(fd), ssl);
            if (index < script_.size()) {
                script_[index](conn);
                ++finished_;
            }
        }
    }

    /// A TLS handshake on `fd`, every read and write bounded; null when it fails.
    SSL* handshake(int fd)
    {
        timeval bound{static_cast<time_t>(raw_wait_bound.count() / 1000), 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof bound);
        SSL* ssl = ::SSL_new(tls_);
        if (ssl && ::SSL_set_fd(ssl, fd) == 1 && ::SSL_accept(ssl) == 1)
            return ssl;
        ::SSL_free(ssl);
        return nullptr;
    }

    std::vector<step> script_;
    SSL_CTX* tls_ = nullptr;
    raw_fd listen_;
    unsigned short port_ = 0;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<int> accepted_{0};
    std::atomic<int> finished_{0};
};

} // namespace coverkit::test

#endif
