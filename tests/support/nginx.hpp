// Debian's nginx, started by a test on a loopback port: a TLS peer coverkit did not write.
//
// `nginx_tls_proxy` terminates TLS in front of a plain HTTP server (the fake, or a server the
// test wrote); `nginx_static_server` serves one fixed body, the yardstick the fake is benchmarked
// against. Both run nginx from a temporary prefix that holds everything it writes, and know it
// is ready when its pid file appears: nginx writes it only once it listens.
#ifndef COVERKIT_TESTS_SUPPORT_NGINX_HPP
#define COVERKIT_TESTS_SUPPORT_NGINX_HPP

#include "support/pki.hpp"
#include "support/process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <unistd.h>

namespace coverkit::test {

namespace detail {

/// Where Debian's nginx package (`nginx-light`, see scripts/setup-debian.sh) puts the server.
inline constexpr char const* nginx_program = "/usr/sbin/nginx";

/// A port on 127.0.0.1 that was free a moment ago: bound with port 0, read back, released.
/// Another process may take it before nginx binds it; `nginx_instance` retries then.
inline unsigned short unused_loopback_port()
{
    unique_fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!s)
        throw_errno("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(s.get(), reinterpret_cast<sockaddr const*>(&addr), sizeof addr) != 0)
        throw_errno("bind 127.0.0.1:0");
    socklen_t len = sizeof addr;
    if (::getsockname(s.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw_errno("getsockname");
    return ntohs(addr.sin_port);
}

/// The whole file, or an empty string when it cannot be read.
inline std::string file_contents(std::filesystem::path const& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// `s` as an nginx quoted string: nginx takes `\"` and `\\` inside double quotes.
inline std::string nginx_quote(std::string_view s)
{
    std::string q = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            q += '\\';
        q += c;
    }
    q += '"';
    return q;
}

/// What differs between the servers an `nginx_instance` runs.
struct nginx_site
{
    /// `listen ... ssl`: the `server` directives must then name the certificate and key.
    bool tls = false;
    /// 1: a single nginx process (`master_process off`); more: a master and that many workers.
    unsigned workers = 1;
    /// Directives inside `http { }`, before the server block (upstreams, caches).
    std::string http;
    /// Directives inside `server { }`, after `listen`.
    std::string server;
};

/** One nginx serving an `nginx_site` on 127.0.0.1, from a temporary prefix directory.

    Default-construct it, `write` the files the site needs into the prefix, then `start`. The
    destructor stops nginx gracefully (SIGQUIT, at most 5 s) and then kills it, and removes the
    prefix. Not copyable, not movable, not thread-safe.
*/
class nginx_instance
{
public:
    /// Creates the prefix directory.
    /// @throws std::runtime_error when `/usr/sbin/nginx` is not installed.
    nginx_instance() : prefix_(make_prefix()) {}

    nginx_instance(nginx_instance const&) = delete;
    nginx_instance& operator=(nginx_instance const&) = delete;

    ~nginx_instance()
    {
        if (process_) {
            try {
                process_->stop(SIGQUIT, std::chrono::seconds(5));
            } catch (...) {
                // child_process's own destructor still kills and reaps nginx.
            }
        }
    }

    /// The prefix directory: configuration, pid file, logs, temp paths, the site's files.
    std::filesystem::path const& prefix() const noexcept { return prefix_.path(); }

    /// Writes a file into the prefix (see `temp_dir::write`) and returns its absolute path.
    std::filesystem::path write(std::string const& name, std::string const& content) const
    {
        return prefix_.write(name, content);
    }

    /** Starts nginx on a free port of 127.0.0.1 and returns once it listens.

        Tries up to 5 ports: another process can take the port between the check and nginx's
        bind (nginx then retries the bind for 2.5 s before it gives up). Each start waits at most
        10 s for the pid file.
        @param pick_port Chooses each attempt's port; tests replace it to force a taken port.
        @throws std::runtime_error with nginx's error log when nginx exits for any other reason,
        does not listen within 10 s, or found no free port in 5 attempts.
    */
    void start(nginx_site const& site,
               std::function<unsigned short()> const& pick_port = unused_loopback_port)
    {
        std::string failures;
        for (int attempt = 1; attempt <= 5; ++attempt) {
            auto const port = pick_port();
            if (try_start(site, port, failures)) {
                port_ = port;
                return;
            }
        }
        throw std::runtime_error("nginx: no free port on 127.0.0.1 in 5 attempts\n" + failures);
    }

    /// The port nginx listens on; 0 before `start`.
    unsigned short port() const noexcept { return port_; }

    /// nginx's process id (the master's when there are workers).
    pid_t pid() const noexcept { return process_ ? process_->pid() : -1; }

private:
    static temp_dir make_prefix()
    {
        if (::access(nginx_program, X_OK) != 0)
            throw std::runtime_error(std::string("nginx is not installed (") + nginx_program +
                                     " not found); scripts/setup-debian.sh installs it "
                                     "(Debian package nginx-light)");
        return temp_dir();
    }

    std::filesystem::path in_prefix(char const* name) const { return prefix() / name; }

    std::string config(nginx_site const& site, unsigned short port) const
    {
        auto const path = [&](char const* name) { return nginx_quote(in_prefix(name).string()); };
        std::string c = "# Written by coverkit's tests (tests/support/nginx.hpp).\n"
                        "daemon off;\n";
        if (site.workers <= 1) {
            // One process, which keeps the death signal of child_process: nothing survives a
            // crashed test. It never switches users, even as root.
            c += "master_process off;\nworker_processes 1;\n";
        } else {
            c += "master_process on;\nworker_processes " + std::to_string(site.workers) + ";\n";
            // As root, workers would switch to `nobody`, who cannot enter the 0700 prefix.
            if (::geteuid() == 0) {
                passwd const* pw = ::getpwuid(::geteuid());
                group const* gr = ::getgrgid(::getegid());
                if (pw && gr)
                    c += std::string("user ") + pw->pw_name + " " + gr->gr_name + ";\n";
            }
        }
        c += "pid " + path("nginx.pid") + ";\n";
        c += "error_log " + path("error.log") + " warn;\n";
        c += "events {\n    worker_connections 1024;\n}\n";
        c += "http {\n";
        c += "    access_log off;\n";
        c += "    keepalive_requests 100000;\n";
        c += "    client_body_temp_path " + path("client_body_temp") + ";\n";
        c += "    proxy_temp_path " + path("proxy_temp") + ";\n";
        c += "    fastcgi_temp_path " + path("fastcgi_temp") + ";\n";
        c += "    uwsgi_temp_path " + path("uwsgi_temp") + ";\n";
        c += "    scgi_temp_path " + path("scgi_temp") + ";\n";
        c += site.http;
        c += "    server {\n";
        c += "        listen 127.0.0.1:" + std::to_string(port) + (site.tls ? " ssl" : "") + ";\n";
        c += site.server;
        c += "    }\n";
        c += "}\n";
        return c;
    }

    /// A complete pid file: nginx writes "PID\n" and closes it.
    bool pid_file_written() const
    {
        auto const s = file_contents(in_prefix("nginx.pid"));
        return !s.empty() && s.back() == '\n';
    }

    /** Starts nginx on `port` and waits until it listens (true) or has exited because the port
        was taken (false, its log appended to `failures`). Throws for anything else. */
    bool try_start(nginx_site const& site, unsigned short port, std::string& failures)
    {
        write("nginx.conf", config(site, port));
        std::filesystem::remove(in_prefix("nginx.pid"));
        std::filesystem::remove(in_prefix("error.log"));

        // The watch exists before nginx does, so the pid file's IN_CLOSE_WRITE cannot be missed;
        // the file is still checked before every wait.
        unique_fd inotify(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
        if (!inotify)
            throw_errno("inotify_init1");
        if (::inotify_add_watch(inotify.get(), prefix().c_str(), IN_CLOSE_WRITE | IN_MOVED_TO) < 0)
            throw_errno("inotify_add_watch " + prefix().string());

        // -e: errors from before the configuration is read go to the log too.
        process_.emplace(std::vector<std::string>{nginx_program, "-p", prefix().string() + "/",
                                                  "-c", in_prefix("nginx.conf").string(), "-e",
                                                  in_prefix("error.log").string()},
                         in_prefix("stderr.log"));

        auto const deadline = deadline_after(std::chrono::seconds(10));
        for (;;) {
            if (pid_file_written())
                return true;
            pollfd fds[2] = {{inotify.get(), POLLIN, 0}, {process_->exit_fd(), POLLIN, 0}};
            int const n = ::poll(fds, process_->exit_fd() >= 0 ? 2 : 1, poll_timeout(deadline));
            if (n < 0 && errno != EINTR)
                throw_errno("poll");
            if (n > 0 && (fds[0].revents & POLLIN)) {
                char events[4096]; // the events themselves do not matter, only the file
                while (::read(inotify.get(), events, sizeof events) > 0) {
                }
            }
            bool const timed_out = n == 0 && std::chrono::steady_clock::now() >= deadline;
            if (!timed_out && !(n > 0 && fds[1].revents != 0))
                continue;
            if (pid_file_written())
                return true;
            if (auto const status = process_->wait_exit(std::chrono::milliseconds(0))) {
                auto const log = logs();
                process_.reset();
                if (log.find("Address already in use") != std::string::npos) {
                    failures += "port " + std::to_string(port) + " taken:\n" + log;
                    return false;
                }
                throw std::runtime_error("nginx exited with status " + std::to_string(*status) +
                                         " while starting on port " + std::to_string(port) + ":\n" +
                                         log);
            }
            if (timed_out) {
                process_.reset(); // SIGTERM, then SIGKILL
                throw std::runtime_error("nginx did not listen on port " + std::to_string(port) +
                                         " within 10 s:\n" + logs());
            }
        }
    }

    std::string logs() const
    {
        return "--- " + in_prefix("error.log").string() + "\n" +
               file_contents(in_prefix("error.log")) + "--- stderr\n" +
               file_contents(in_prefix("stderr.log"));
    }

    temp_dir prefix_; // declared first: removed only after nginx has stopped
    std::optional<child_process> process_;
    unsigned short port_ = 0;
};

} // namespace detail

/** nginx terminating TLS on 127.0.0.1 in front of a plain HTTP/1.1 upstream.

    A reverse proxy coverkit did not write: requests arrive over TLS 1.2 or 1.3 with the given
    certificate, and go on to the upstream over keep-alive connections (up to 16 idle), with the
    client's `Host` header. nginx runs as one process of the current user (root included) from a
    temporary prefix. Not copyable, not movable.
*/
class nginx_tls_proxy
{
public:
    /** Starts nginx and returns once it accepts connections.

        @param upstream_authority The upstream's `host:port`, e.g. "127.0.0.1:8080".
        @param cert_pem The server certificate, then any intermediates, in PEM.
        @param key_pem The certificate's private key in PEM, unencrypted.
        @throws std::runtime_error when nginx is not installed (scripts/setup-debian.sh installs
        it), or fails to start: the message holds nginx's error log.
        @throws std::invalid_argument for an authority with spaces, quotes, `;`, `{` or `}`.
    */
    nginx_tls_proxy(std::string upstream_authority, std::string cert_pem, std::string key_pem)
    {
        if (upstream_authority.empty() ||
            upstream_authority.find_first_of(" \t\r\n\"';{}\\$#") != std::string::npos)
            throw std::invalid_argument("nginx_tls_proxy: bad upstream authority");
        auto const cert = nginx_.write("server.crt", cert_pem);
        auto const key = nginx_.write("server.key", key_pem);

        detail::nginx_site site;
        site.tls = true;
        site.http = "    upstream coverkit_upstream {\n"
                    "        server " +
                    upstream_authority +
                    ";\n"
                    "        keepalive 16;\n"
                    "    }\n";
        site.server = "        ssl_certificate " + detail::nginx_quote(cert.string()) +
                      ";\n"
                      "        ssl_certificate_key " +
                      detail::nginx_quote(key.string()) +
                      ";\n"
                      "        ssl_protocols TLSv1.2 TLSv1.3;\n"
                      "        location / {\n"
                      "            proxy_pass http://coverkit_upstream;\n"
                      "            proxy_http_version 1.1;\n"
                      "            proxy_set_header Connection \"\";\n"
                      "            proxy_set_header Host $http_host;\n"
                      "            proxy_buffering on;\n"
                      "        }\n";
        nginx_.start(site);
    }

    /// The port nginx listens on, on 127.0.0.1.
    unsigned short port() const noexcept { return nginx_.port(); }

    /// `https://127.0.0.1:PORT`, without a trailing slash.
    std::string base_url() const { return "https://127.0.0.1:" + std::to_string(port()); }

private:
    detail::nginx_instance nginx_;
};

/** nginx serving one fixed body over plain HTTP on 127.0.0.1: a ceiling to benchmark against.

    `GET /static.json` answers 200 with the body and `Content-Type: application/json`, from a
    file in the prefix kept open by nginx's `open_file_cache`; other paths answer 404.
    Keep-alive connections serve up to 100000 requests. Not copyable, not movable.
*/
class nginx_static_server
{
public:
    /// The path the body is served at.
    static constexpr char const* target = "/static.json";

    /** Starts nginx and returns once it accepts connections.

        @param body The bytes every `GET /static.json` returns.
        @param workers 1 runs a single nginx process, which dies with the test process. More
        runs a master and that many worker processes, for benchmarks; if the test process is
        killed, the master is killed too but its workers may linger until they are killed.
        @throws std::runtime_error when nginx is not installed or fails to start (with nginx's
        error log); std::invalid_argument for 0 workers.
    */
    explicit nginx_static_server(std::string body, unsigned workers = 1)
    {
        if (workers == 0)
            throw std::invalid_argument("nginx_static_server: workers must be at least 1");
        auto const root = nginx_.write("www/static.json", body).parent_path();

        detail::nginx_site site;
        site.workers = workers;
        site.http = "    sendfile on;\n"
                    "    tcp_nodelay on;\n"
                    "    open_file_cache max=16 inactive=1h;\n"
                    "    open_file_cache_valid 1h;\n";
        site.server = "        root " + detail::nginx_quote(root.string()) +
                      ";\n"
                      "        location = /static.json {\n"
                      "            default_type application/json;\n"
                      "        }\n"
                      "        location / {\n"
                      "            return 404;\n"
                      "        }\n";
        nginx_.start(site);
    }

    /// The port nginx listens on, on 127.0.0.1.
    unsigned short port() const noexcept { return nginx_.port(); }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port()); }

private:
    detail::nginx_instance nginx_;
};

} // namespace coverkit::test

#endif
