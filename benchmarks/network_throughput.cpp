// Requests per second over loopback HTTP/1.1: coverkit's client against wrk and libcurl, and
// coverkit's standalone fake server against nginx. All figures come from the same run.
//
// What runs
//   The standalone `coverkit-fake-server` (the program this project builds, run with
//   `--threads 1`: its io_context on one thread, see fake-server/main.cpp) is started on 127.0.0.1:0 with
//   tests/data/contract.json; its `listening on` line gives the port. Every client sends the
//   same request on the same number C of keep-alive connections, from ONE thread:
//
//     POST /v5/rooms/faed3130727911ebaea37759ee91947c/screenshots HTTP/1.1
//     Host: 127.0.0.1:PORT, User-Agent: coverkit/0.1, token: <writer SDK token, 24 h>,
//     region: cn-hz, Content-Type: application/json, Content-Length: 41
//     {"width":640,"height":480,"path":"/init"}
//
//   and the fake answers 201 with a small JSON body after checking the token's HMAC-SHA256
//   signature and looking up the room and scene. Before each run against the fake, its journal
//   is emptied with `POST /_fake/reset` (it keeps every request otherwise).
//
// Client throughput (same server, same endpoint, C connections, one client thread each)
//   wrk         `wrk -t1 -cC -dSs --timeout 5s -s script.lua URL`: the ceiling of this server
//               on this machine. wrk counts a non-2xx answer as an error; the run is invalid
//               when it reports any, or any socket error. (wrk checks 2xx rather than 201:
//               a Lua response() callback would slow the ceiling down; the same request is
//               checked for exactly 201 with bare Beast before anything is timed.)
//   coverkit    `coverkit::http_transport` on an io_context run by one thread: C loops, each
//               sending the next request from the completion of the previous one until the
//               deadline; each answer must be 201.
//   whiteboard  (informational) the same through `whiteboard::client<http_transport>`'s
//               `async_screenshot`, which also builds the request and parses the JSON answer.
//   libcurl     the multi interface on one thread with C easy handles, each removed and re-added
//               when its transfer is done, so it reuses its connection from the multi's cache;
//               each answer must be 201 (CURLINFO_RESPONSE_CODE). New connections are counted
//               with CURLINFO_NUM_CONNECTS to show the connections really are reused.
//   Ratios: coverkit / wrk (target >= 0.80) and coverkit / libcurl (target >= 1.50), in
//   requests per second; and libcurl / coverkit in client CPU time per request, which compares
//   the two clients without the shared server in the way.
//
// Server throughput (same load generator)
//   nginx serves a static JSON file of exactly the size of the fake's 201 body (nginx-light,
//   as many workers as the fake has threads, sendfile and open_file_cache), driven by wrk with
//   the same settings (GET). The fake's figure is the wrk run above. Ratio fake / nginx
//   (target >= 0.70), and server CPU time per request, fake / nginx (target <= 1.50). The
//   answer sizes (header + body) of both are printed.
//
// Cores
//   A second fake with `--threads 2` and a second nginx with 2 workers, each driven by
//   `wrk -t2` with 4 x C connections, interleaved for ROUNDS rounds: requests per second, fake /
//   nginx (target >= 0.70), and server CPU per request. On a 2-core machine wrk shares the
//   cores with the server, for both alike.
//
// Each measurement runs ROUNDS times, interleaved (wrk, coverkit, whiteboard, libcurl, nginx,
// then again) so that drift hits all alike, and the median is reported. Clients, servers and
// wrk all share this machine's cores, so next to each rate the median CPU time per request is
// printed: of the client (this process; wrk from getrusage(RUSAGE_CHILDREN) once reaped) and of
// the server (/proc/PID/stat of the fake, or of nginx's master and workers). The load average
// before and after tells whether other work competed for the cores.
//
// A figure that misses its target is flagged "below target", but the program exits 0: a
// benchmark never fails on speed. A run with a failed exchange or an unexpected status is
// reported INVALID, without a figure. Missing wrk or nginx skips the comparisons that need them,
// saying so.
//
// Usage: coverkit-bench-network [SECONDS_PER_RUN=3] [CONNECTIONS=16] [ROUNDS=3]

#include <coverkit.hpp>
#include <coverkit/transport/http.hpp>

#include "support/nginx.hpp"
#include "support/process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/url.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef COVERKIT_FAKE_SERVER_PATH
#error "COVERKIT_FAKE_SERVER_PATH must name the coverkit-fake-server program"
#endif
#ifndef COVERKIT_BENCH_FIXTURE
#error "COVERKIT_BENCH_FIXTURE must name tests/data/contract.json"
#endif

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace wb = coverkit::whiteboard;
using clock_type = std::chrono::steady_clock;
using coverkit::error_code;

namespace {

constexpr char const* room = "faed3130727911ebaea37759ee91947c";
constexpr char const* request_body = R"({"width":640,"height":480,"path":"/init"})";
constexpr char const* user_agent = "coverkit/0.1";
constexpr unsigned expected_status = 201;
// fake-server/main.cpp runs the listener's io_context on this many threads; nginx gets as many
// workers.
constexpr unsigned fake_server_threads = 1;

// ---- small helpers ----

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    auto const n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// The absolute path of `name` in `$PATH`, or nothing.
std::optional<std::string> find_program(std::string const& name)
{
    char const* path = std::getenv("PATH");
    std::string_view dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (!dirs.empty()) {
        auto const colon = dirs.find(':');
        auto const dir = dirs.substr(0, colon);
        dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
        if (dir.empty() || dir.front() != '/')
            continue;
        auto const candidate = std::string(dir) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return std::nullopt;
}

/// Runs `argv` to its end; returns the first line it writes to stdout or stderr.
std::string first_output_line(std::vector<std::string> argv)
{
    coverkit::test::temp_dir dir;
    auto const err = dir.path() / "stderr";
    std::string out;
    {
        coverkit::test::child_process p(std::move(argv), err);
        if (auto line = p.read_line(std::chrono::seconds(10)))
            out = *line;
        p.wait_exit(std::chrono::seconds(10));
    }
    if (out.empty()) {
        auto const text = coverkit::test::detail::file_contents(err);
        out = text.substr(0, text.find('\n'));
    }
    return out;
}

/// The 1-, 5- and 15-minute load averages: whether something else was using the cores.
std::string load_average()
{
    auto const text = coverkit::test::detail::file_contents("/proc/loadavg");
    std::istringstream in(text);
    std::string one, five, fifteen;
    if (!(in >> one >> five >> fifteen))
        return "unknown";
    return one + " " + five + " " + fifteen;
}

/// `s` as a double-quoted Lua string.
std::string lua_quote(std::string_view s)
{
    std::string q = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            q += '\\';
        q += c;
    }
    return q + '"';
}

// ---- the request and one raw exchange ----

struct endpoint_urls
{
    unsigned short port = 0;
    std::string authority; // 127.0.0.1:PORT
    std::string target;    // /v5/rooms/ROOM/screenshots
    std::string absolute;  // http://127.0.0.1:PORT/v5/rooms/ROOM/screenshots
    std::string base;      // http://127.0.0.1:PORT
};

endpoint_urls urls_for(unsigned short port)
{
    boost::urls::url u;
    u.set_scheme("http");
    u.set_encoded_host("127.0.0.1");
    u.set_port_number(port);
    u.set_path_absolute(true);
    u.segments() = {"v5", "rooms", room, "screenshots"};
    endpoint_urls e;
    e.port = port;
    e.authority = std::string(u.encoded_host_and_port());
    e.target = std::string(u.encoded_target());
    e.absolute = std::string(u.buffer());
    e.base = "http://" + e.authority;
    return e;
}

/// The screenshot request every client sends. `target` absolute for http_transport (which
/// adds `Host`), or origin form with `host` for a raw exchange.
coverkit::http_request screenshot_request(std::string const& target, std::string const& token,
                                          std::string const& host = {})
{
    coverkit::http_request req{http::verb::post, target, 11};
    if (!host.empty())
        req.set(http::field::host, host);
    req.set(http::field::user_agent, user_agent);
    req.set("token", token);
    req.set("region", "cn-hz");
    req.set(http::field::content_type, "application/json");
    req.body() = request_body;
    req.prepare_payload();
    return req;
}

struct wire_exchange
{
    std::size_t request_bytes = 0;
    std::size_t header_bytes = 0;
    std::size_t total_bytes = 0;
    coverkit::http_response response;
};

/// One request on a new connection, with bare Beast, counting the bytes on the wire.
wire_exchange exchange_once(unsigned short port, coverkit::http_request const& req)
{
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    wire_exchange x;
    x.request_bytes = http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    x.header_bytes = http::read_header(stream, buffer, parser);
    x.total_bytes = x.header_bytes + http::read(stream, buffer, parser);
    x.response = parser.release();
    error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return x;
}

// ---- CPU time, so that figures from a busy machine can still be compared ----

/// CPU seconds (user + system) of this process, all threads.
double self_cpu_seconds()
{
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// CPU seconds of the children this process has waited for (wrk, once it has exited).
double reaped_children_cpu_seconds()
{
    rusage u{};
    ::getrusage(RUSAGE_CHILDREN, &u);
    auto const seconds = [](timeval const& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

/// A process's parent, name and CPU seconds from /proc/PID/stat; nothing once it is gone.
struct proc_stat
{
    pid_t parent = 0;
    std::string name;
    double cpu_seconds = 0;
};

std::optional<proc_stat> read_proc_stat(pid_t pid)
{
    auto const text =
        coverkit::test::detail::file_contents("/proc/" + std::to_string(pid) + "/stat");
    auto const open = text.find('(');
    auto const close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open)
        return std::nullopt;
    // After the name: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
    // utime stime (proc(5)).
    std::istringstream in(text.substr(close + 1));
    std::string state;
    long long ppid = 0, skip = 0, utime = 0, stime = 0;
    in >> state >> ppid;
    for (int i = 0; i < 9; ++i)
        in >> skip;
    if (!(in >> utime >> stime))
        return std::nullopt;
    static double const tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    return proc_stat{static_cast<pid_t>(ppid), text.substr(open + 1, close - open - 1),
                     static_cast<double>(utime + stime) / tick};
}

/// The processes whose parent is `parent` and, when given, whose name is `name`.
std::vector<pid_t> children_of(pid_t parent, std::string_view name = {})
{
    std::vector<pid_t> found;
    std::error_code ec;
    for (auto const& entry : std::filesystem::directory_iterator("/proc", ec)) {
        auto const file = entry.path().filename().string();
        if (file.find_first_not_of("0123456789") != std::string::npos)
            continue;
        auto const pid = static_cast<pid_t>(std::stol(file));
        if (auto const st = read_proc_stat(pid);
            st && st->parent == parent && (name.empty() || st->name == name))
            found.push_back(pid);
    }
    return found;
}

/// CPU seconds of `root` and its children (nginx: the master and its workers).
double tree_cpu_seconds(pid_t root)
{
    double total = 0;
    if (auto const st = read_proc_stat(root))
        total += st->cpu_seconds;
    for (auto const child : children_of(root))
        if (auto const st = read_proc_stat(child))
            total += st->cpu_seconds;
    return total;
}

// ---- one timed run ----

struct run_result
{
    double rate = 0;        // good responses per second
    std::uint64_t good = 0; // responses with the expected status
    std::uint64_t bad = 0;  // other statuses and failed exchanges
    std::string problem;    // non-empty: the run is invalid
    std::string detail;     // what the reader may want to check (connections, sizes)
    double client_cpu = 0;  // CPU seconds the client used in the run
    double server_cpu = 0;  // CPU seconds the server used in the run
    bool valid() const { return problem.empty() && bad == 0 && good > 0; }
};

/// Counts one completion; keeps the first few failures for the report.
struct tally
{
    std::uint64_t good = 0;
    std::uint64_t bad = 0;
    std::vector<std::string> failures;

    void fail(std::string what)
    {
        ++bad;
        if (failures.size() < 3)
            failures.push_back(std::move(what));
    }

    run_result finish(clock_type::time_point start) const
    {
        run_result r;
        auto const elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
        r.good = good;
        r.bad = bad;
        r.rate = static_cast<double>(good) / elapsed;
        if (bad > 0) {
            r.problem = std::to_string(bad) + " failed or non-201 responses";
            for (auto const& f : failures)
                r.problem += "; " + f;
        }
        return r;
    }
};

/// wrk against `url`: `threads` threads, `connections` connections, optional Lua script.
run_result run_wrk(std::string const& wrk, std::string const& url, int connections, int seconds,
                   std::optional<std::filesystem::path> const& script, unsigned threads = 1)
{
    std::vector<std::string> argv{wrk,
                                  "-t" + std::to_string(threads),
                                  "-c" + std::to_string(connections),
                                  "-d" + std::to_string(seconds) + "s",
                                  "--timeout",
                                  "5s"};
    if (script) {
        argv.push_back("-s");
        argv.push_back(script->string());
    }
    argv.push_back(url);

    coverkit::test::temp_dir dir;
    coverkit::test::child_process p(argv, dir.path() / "stderr");
    std::string output;
    while (auto line = p.read_line(std::chrono::seconds(seconds + 60)))
        output += *line + '\n';
    auto const status = p.wait_exit(std::chrono::seconds(10));

    run_result r;
    auto const value_after = [&](std::string_view key) -> std::optional<double> {
        auto const at = output.find(key);
        if (at == std::string::npos)
            return std::nullopt;
        return std::strtod(output.c_str() + at + key.size(), nullptr);
    };
    if (!status || *status != 0) {
        r.problem = "wrk failed (" +
                    (status ? "exit status " + std::to_string(*status) : std::string("no exit")) +
                    "): " + output + coverkit::test::detail::file_contents(dir.path() / "stderr");
        return r;
    }
    auto const rate = value_after("Requests/sec:");
    if (!rate) {
        r.problem = "no Requests/sec in wrk's output:\n" + output;
        return r;
    }
    r.rate = *rate;
    // "  123456 requests in 3.00s, 27.2MB read"
    if (auto const at = output.find(" requests in "); at != std::string::npos) {
        auto const start = output.rfind(' ', at - 1);
        r.good = std::strtoull(output.c_str() + start + 1, nullptr, 10);
    }
    if (auto const bad = value_after("Non-2xx or 3xx responses:")) {
        r.bad = static_cast<std::uint64_t>(*bad);
        r.good -= std::min(r.good, r.bad);
        r.problem = "wrk: " + std::to_string(r.bad) + " non-2xx or 3xx responses";
    }
    if (auto const at = output.find("Socket errors:"); at != std::string::npos) {
        auto const line = output.substr(at, output.find('\n', at) - at);
        r.problem += (r.problem.empty() ? "wrk: " : "; ") + line;
    }
    return r;
}

/// One loop of requests over a transport: the next one leaves from the previous completion.
struct transport_loop
{
    coverkit::http_transport& transport;
    coverkit::http_request const& prototype;
    clock_type::time_point deadline;
    tally& counts;

    void start()
    {
        transport.async_send(coverkit::http_request(prototype),
                             [this](error_code ec, coverkit::http_response res) {
                                 if (ec)
                                     counts.fail(ec.message());
                                 else if (res.result_int() != expected_status)
                                     counts.fail("HTTP " + std::to_string(res.result_int()));
                                 else
                                     ++counts.good;
                                 if (clock_type::now() < deadline)
                                     start();
                             });
    }
};

coverkit::http_transport_options transport_options(int connections)
{
    coverkit::http_transport_options o;
    // One idle connection per loop, so that no loop ever has to open a new one.
    o.max_idle_per_host = static_cast<std::size_t>(connections);
    return o;
}

std::string transport_detail(coverkit::http_transport const& t)
{
    auto const s = t.stats();
    return std::to_string(s.connections_opened) + " connections opened, " +
           std::to_string(s.connections_reused) + " exchanges on a reused one, " +
           std::to_string(s.retries) + " retries";
}

run_result run_coverkit_transport(endpoint_urls const& where, std::string const& token,
                                  int connections, int seconds)
{
    asio::io_context ioc(1);
    coverkit::http_transport transport(ioc.get_executor(), transport_options(connections));
    auto const prototype = screenshot_request(where.absolute, token);
    tally counts;
    auto const start = clock_type::now();
    std::vector<transport_loop> loops(
        static_cast<std::size_t>(connections),
        transport_loop{transport, prototype, start + std::chrono::seconds(seconds), counts});
    for (auto& l : loops)
        l.start();
    ioc.run();
    auto r = counts.finish(start);
    r.detail = transport_detail(transport);
    return r;
}

/// The same through the whiteboard API client, which builds the request and parses the JSON.
struct client_loop
{
    wb::client<coverkit::http_transport>& client;
    clock_type::time_point deadline;
    tally& counts;

    void start()
    {
        client.async_screenshot(room, {.width = 640, .height = 480, .path = "/init"},
                                [this](error_code ec, coverkit::image img) {
                                    if (ec || img.key.empty())
                                        counts.fail(ec ? ec.message() : "no key in the answer");
                                    else
                                        ++counts.good;
                                    if (clock_type::now() < deadline)
                                        start();
                                });
    }
};

run_result run_coverkit_client(endpoint_urls const& where, std::string const& token,
                               int connections, int seconds)
{
    asio::io_context ioc(1);
    wb::client<coverkit::http_transport> client(
        coverkit::http_transport(ioc.get_executor(), transport_options(connections)),
        {.base_url = where.base, .token = token, .region = wb::region::cn_hz});
    tally counts;
    auto const start = clock_type::now();
    std::vector<client_loop> loops(
        static_cast<std::size_t>(connections),
        client_loop{client, start + std::chrono::seconds(seconds), counts});
    for (auto& l : loops)
        l.start();
    ioc.run();
    auto r = counts.finish(start);
    r.detail = transport_detail(client.transport());
    return r;
}

/// Discards the body, counting its bytes.
std::size_t discard_body(char*, std::size_t size, std::size_t n, void* bytes)
{
    *static_cast<std::uint64_t*>(bytes) += size * n;
    return size * n;
}

run_result run_libcurl(endpoint_urls const& where, std::string const& token, int connections,
                       int seconds)
{
    std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(),
                                                                &curl_multi_cleanup);
    curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(connections));

    // The same header set as the other clients; curl's own `Accept: */*` and `Expect` removed.
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                        &curl_slist_free_all);
    for (std::string const& h : {"token: " + token, std::string("region: cn-hz"),
                                 std::string("Content-Type: application/json"),
                                 std::string("Accept:"), std::string("Expect:")})
        headers.reset(curl_slist_append(headers.release(), h.c_str()));
    std::string const body = request_body;

    std::uint64_t body_bytes = 0;
    std::vector<std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>> easy;
    for (int i = 0; i < connections; ++i) {
        easy.emplace_back(curl_easy_init(), &curl_easy_cleanup);
        CURL* e = easy.back().get();
        curl_easy_setopt(e, CURLOPT_URL, where.absolute.c_str());
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &discard_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &body_bytes);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_TIMEOUT, 5L);
        curl_easy_setopt(e, CURLOPT_MAXCONNECTS, static_cast<long>(connections));
    }

    tally counts;
    long new_connections = 0;
    long request_size = 0;
    auto const start = clock_type::now();
    auto const deadline = start + std::chrono::seconds(seconds);
    for (auto& e : easy)
        curl_multi_add_handle(multi.get(), e.get());
    std::size_t active = easy.size();
    while (active > 0) {
        int running = 0;
        if (auto const mc = curl_multi_perform(multi.get(), &running); mc != CURLM_OK) {
            run_result r;
            r.problem = std::string("curl_multi_perform: ") + curl_multi_strerror(mc);
            return r;
        }
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            CURL* e = msg->easy_handle;
            CURLcode const result = msg->data.result;
            long code = 0;
            long connects = 0;
            curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
            curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &connects);
            curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &request_size);
            new_connections += connects;
            if (result != CURLE_OK)
                counts.fail(curl_easy_strerror(result));
            else if (code != static_cast<long>(expected_status))
                counts.fail("HTTP " + std::to_string(code));
            else
                ++counts.good;
            curl_multi_remove_handle(multi.get(), e);
            if (clock_type::now() < deadline)
                curl_multi_add_handle(multi.get(), e);
            else
                --active;
        }
        if (active > 0)
            curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
    }
    auto r = counts.finish(start);
    r.detail = std::to_string(new_connections) + " connections opened for " +
               std::to_string(counts.good + counts.bad) + " transfers, " +
               std::to_string(request_size) + " B per request";
    return r;
}

// ---- reporting ----

struct measurement
{
    explicit measurement(std::string n) : name(std::move(n)) {}

    std::string name;
    std::vector<double> rates;
    std::vector<std::string> problems;
    std::string detail; // from the last run
    std::optional<std::string> skipped;

    std::vector<double> client_us; // client CPU microseconds per request
    std::vector<double> server_us; // server CPU microseconds per request

    void add(run_result const& r)
    {
        rates.push_back(r.rate);
        auto const requests = static_cast<double>(r.good + r.bad);
        if (requests > 0) {
            client_us.push_back(r.client_cpu / requests * 1e6);
            server_us.push_back(r.server_cpu / requests * 1e6);
        }
        if (!r.valid())
            problems.push_back(r.problem.empty() ? "no response" : r.problem);
        detail = r.detail;
    }

    /// The median when every run was valid.
    std::optional<double> value() const
    {
        if (skipped || rates.empty() || !problems.empty())
            return std::nullopt;
        return median(rates);
    }

    std::string figure() const
    {
        if (skipped)
            return "skipped";
        if (auto const v = value()) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%9.0f", *v);
            return buf;
        }
        return "  INVALID";
    }

    /// The median server CPU microseconds per request of valid runs.
    std::optional<double> server_cpu_us() const
    {
        if (!value() || server_us.empty())
            return std::nullopt;
        return median(server_us);
    }

    /// The median client CPU microseconds per request of valid runs.
    std::optional<double> client_cpu_us() const
    {
        if (!value() || client_us.empty())
            return std::nullopt;
        return median(client_us);
    }

    /// The median CPU time per request of the client or the server, when measured.
    std::string cpu(bool server) const
    {
        auto const& us = server ? server_us : client_us;
        if (skipped || us.empty())
            return "";
        char buf[32];
        std::snprintf(buf, sizeof buf, "%7.1f us", median(us));
        return buf;
    }

    std::string rounds() const
    {
        std::string s;
        for (auto r : rates) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%s%.0f", s.empty() ? "" : " ", r);
            s += buf;
        }
        return s;
    }
};

/// "1.40 x nginx (target <= 1.50)", "above target" when so; a note when a figure is missing.
std::string at_most_text(std::optional<double> num, std::optional<double> den, char const* of,
                         double target)
{
    if (!num || !den || *den <= 0)
        return "(no ratio: a figure is skipped or invalid)";
    double const ratio = *num / *den;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.2f x %-8s (target <= %.2f)%s", ratio, of, target,
                  ratio > target ? "  above target" : "");
    return buf;
}

/// "0.93 x wrk (target >= 0.80)", "below target" when so; a note when a figure is missing.
std::string ratio_text(std::optional<double> num, std::optional<double> den, char const* of,
                       double target, char const* prefix = "")
{
    if (!num || !den || *den <= 0)
        return "(no ratio: a figure is skipped or invalid)";
    double const ratio = *num / *den;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s%.2f x %-8s (target >= %.2f)%s", prefix, ratio, of, target,
                  ratio < target ? "  below target" : "");
    return buf;
}

/// One row: requests per second, CPU time per request of the client or the server, a note.
void print_line(measurement const& m, bool server_cpu, std::string const& note)
{
    std::printf("  %-30s %9s %12s%s%s\n", m.name.c_str(), m.figure().c_str(),
                m.cpu(server_cpu).c_str(), note.empty() ? "" : "   ", note.c_str());
}

int parse_positive(char const* text, char const* what)
{
    int v = 0;
    auto const end = text + std::char_traits<char>::length(text);
    auto const [p, ec] = std::from_chars(text, end, v);
    if (ec != std::errc{} || p != end || v < 1)
        throw std::invalid_argument(std::string(what) + " must be a whole number >= 1");
    return v;
}

} // namespace

int main(int argc, char** argv)
{
    int seconds = 3, connections = 16, rounds = 3;
    try {
        if (argc > 4)
            throw std::invalid_argument("too many arguments");
        if (argc > 1)
            seconds = parse_positive(argv[1], "SECONDS_PER_RUN");
        if (argc > 2)
            connections = parse_positive(argv[2], "CONNECTIONS");
        if (argc > 3)
            rounds = parse_positive(argv[3], "ROUNDS");
    } catch (std::exception const& e) {
        std::fprintf(stderr,
                     "coverkit-bench-network: %s\n"
                     "usage: coverkit-bench-network [SECONDS_PER_RUN=3] [CONNECTIONS=16] "
                     "[ROUNDS=3]\n",
                     e.what());
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN); // a peer closing a socket must not end the benchmark

    try {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        auto const wrk = find_program("wrk");
        bool const have_nginx = ::access(coverkit::test::detail::nginx_program, X_OK) == 0;

        std::printf("coverkit network benchmark: loopback HTTP/1.1, %d connections, %d s x %d "
                    "rounds\n",
                    connections, seconds, rounds);
        std::printf("  machine: %u cores (std::thread::hardware_concurrency), shared by the "
                    "clients, the servers and wrk\n",
                    std::thread::hardware_concurrency());
        std::printf("  load average before: %s (other work on the machine skews every figure)\n",
                    load_average().c_str());
        std::printf("  wrk:     %s\n",
                    wrk ? first_output_line({*wrk, "-v"}).c_str() : "not installed");
        std::printf("  libcurl: %s\n", curl_version());
        std::printf("  nginx:   %s\n",
                    have_nginx
                        ? first_output_line({coverkit::test::detail::nginx_program, "-v"}).c_str()
                        : "not installed");
        if (!wrk)
            std::printf("  SKIPPED: coverkit vs wrk and fake vs nginx: wrk is not installed "
                        "(scripts/setup-debian.sh installs package wrk)\n");
        else if (!have_nginx)
            std::printf("  SKIPPED: fake vs nginx: nginx is not installed "
                        "(scripts/setup-debian.sh installs package nginx-light)\n");

        // The fake, as users run it, on `threads` threads; its port from its first line.
        auto const start_fake = [](unsigned threads) {
            auto p = std::make_unique<coverkit::test::child_process>(std::vector<std::string>{
                COVERKIT_FAKE_SERVER_PATH, "--listen", "127.0.0.1:0", "--threads",
                std::to_string(threads), "--fixture", COVERKIT_BENCH_FIXTURE});
            auto const announced = p->read_line(std::chrono::seconds(10));
            constexpr std::string_view prefix = "listening on http://127.0.0.1:";
            if (!announced || announced->rfind(prefix, 0) != 0)
                throw std::runtime_error(
                    "coverkit-fake-server did not announce its port; it said: " +
                    announced.value_or("(nothing)"));
            auto const port =
                static_cast<unsigned short>(std::stoul(announced->substr(prefix.size())));
            return std::pair{std::move(p), port};
        };
        auto [fake_process, port] = start_fake(fake_server_threads);
        auto& fake = *fake_process;
        auto const where = urls_for(port);

        wb::token_generator tokens("myAK", "mySK");
        auto const token = tokens.sdk_token(wb::token_role::writer, std::chrono::hours(24));
        auto const reset_fake_at = [&](unsigned short at) {
            coverkit::http_request req{http::verb::post, "/_fake/reset", 11};
            req.set(http::field::host, "127.0.0.1:" + std::to_string(at));
            req.prepare_payload();
            auto const x = exchange_once(at, req);
            if (x.response.result_int() != 200)
                throw std::runtime_error("POST /_fake/reset answered " +
                                         std::to_string(x.response.result_int()));
        };
        auto const reset_fake = [&] { reset_fake_at(port); };

        // The request must work before anything is timed.
        reset_fake();
        auto const probe =
            exchange_once(port, screenshot_request(where.target, token, where.authority));
        if (probe.response.result_int() != expected_status)
            throw std::runtime_error(
                "the fake answered " + std::to_string(probe.response.result_int()) +
                " instead of " + std::to_string(expected_status) + ": " + probe.response.body());
        auto const answer_body = probe.response.body();
        std::printf("  request: POST %s, %zu B (header + body) as Beast writes it\n",
                    where.target.c_str(), probe.request_bytes);
        std::printf("  fake's answer: %u, %zu B = %zu B header + %zu B JSON body\n",
                    probe.response.result_int(), probe.total_bytes, probe.header_bytes,
                    answer_body.size());

        std::optional<coverkit::test::temp_dir> script_dir;
        std::optional<std::filesystem::path> script;
        if (wrk) {
            script_dir.emplace();
            script = script_dir->write(
                "screenshots.lua", "wrk.method = \"POST\"\n"
                                   "wrk.body = " +
                                       lua_quote(request_body) +
                                       "\n"
                                       "wrk.headers[\"User-Agent\"] = " +
                                       lua_quote(user_agent) +
                                       "\n"
                                       "wrk.headers[\"token\"] = " +
                                       lua_quote(token) +
                                       "\n"
                                       "wrk.headers[\"region\"] = \"cn-hz\"\n"
                                       "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        }

        std::optional<coverkit::test::nginx_static_server> nginx;
        std::string nginx_url;
        std::optional<wire_exchange> nginx_probe;
        std::optional<std::string> nginx_skip;
        if (!wrk)
            nginx_skip = "wrk is not installed";
        else if (!have_nginx)
            nginx_skip = "nginx is not installed";
        else {
            try {
                nginx.emplace(answer_body, fake_server_threads);
                nginx_url = nginx->base_url() + coverkit::test::nginx_static_server::target;
                coverkit::http_request get{http::verb::get,
                                           coverkit::test::nginx_static_server::target, 11};
                get.set(http::field::host, "127.0.0.1:" + std::to_string(nginx->port()));
                nginx_probe = exchange_once(nginx->port(), get);
                if (nginx_probe->response.result_int() != 200 ||
                    nginx_probe->response.body() != answer_body)
                    throw std::runtime_error("nginx does not serve the body: HTTP " +
                                             std::to_string(nginx_probe->response.result_int()));
            } catch (std::exception const& e) {
                nginx.reset();
                nginx_skip = std::string("nginx failed to start: ") + e.what();
                std::printf("  SKIPPED: fake vs nginx: %s\n", nginx_skip->c_str());
            }
        }

        measurement m_wrk{"wrk (ceiling)"}, m_coverkit{"coverkit http_transport"},
            m_client{"coverkit whiteboard::client"}, m_curl{"libcurl multi"},
            m_nginx{"nginx static JSON (" + std::to_string(answer_body.size()) + " B)"};
        if (!wrk)
            m_wrk.skipped = "wrk is not installed";
        m_nginx.skipped = nginx_skip;

        std::printf("\nrunning %d rounds of %d s each (wrk, coverkit, whiteboard::client, "
                    "libcurl, nginx)...\n",
                    rounds, seconds);
        std::fflush(stdout);
        // The CPU time the client and the server spent in one run: the client is this process,
        // or wrk (a child, counted once it has been waited for); the server is the fake, or
        // the nginx master and its workers.
        pid_t const nginx_pid = [&] {
            auto const masters = nginx ? children_of(::getpid(), "nginx") : std::vector<pid_t>{};
            return masters.size() == 1 ? masters.front() : pid_t{-1};
        }();
        auto const timed = [&](pid_t server, bool client_is_wrk, auto&& run) {
            auto const client_cpu = [&] {
                return client_is_wrk ? reaped_children_cpu_seconds() : self_cpu_seconds();
            };
            auto const server_cpu = [&] { return server > 0 ? tree_cpu_seconds(server) : 0.0; };
            auto const client_before = client_cpu();
            auto const server_before = server_cpu();
            run_result r = run();
            r.client_cpu = client_cpu() - client_before;
            r.server_cpu = server_cpu() - server_before;
            return r;
        };
        for (int r = 0; r < rounds; ++r) {
            if (wrk) {
                reset_fake();
                m_wrk.add(timed(fake.pid(), true, [&] {
                    return run_wrk(*wrk, where.absolute, connections, seconds, script);
                }));
            }
            reset_fake();
            m_coverkit.add(timed(fake.pid(), false, [&] {
                return run_coverkit_transport(where, token, connections, seconds);
            }));
            reset_fake();
            m_client.add(timed(fake.pid(), false, [&] {
                return run_coverkit_client(where, token, connections, seconds);
            }));
            reset_fake();
            m_curl.add(timed(fake.pid(), false,
                             [&] { return run_libcurl(where, token, connections, seconds); }));
            if (nginx)
                m_nginx.add(timed(nginx_pid, true, [&] {
                    return run_wrk(*wrk, nginx_url, connections, seconds, std::nullopt);
                }));
            std::printf("  round %d done\n", r + 1);
            std::fflush(stdout);
        }
        reset_fake();

        std::printf("\nclient throughput, POST screenshots, %d connections, one client thread, "
                    "%d s x %d rounds (median):\n",
                    connections, seconds, rounds);
        std::printf("  %-30s %9s %12s\n", "", "req/s", "client CPU");
        print_line(m_wrk, false, "");
        print_line(m_coverkit, false, ratio_text(m_coverkit.value(), m_wrk.value(), "wrk", 0.80));
        print_line(m_client, false, "(informational: + request building and JSON parsing)");
        print_line(m_curl, false,
                   ratio_text(m_coverkit.value(), m_curl.value(), "libcurl", 1.50, "coverkit = "));
        // Both clients share the cores with the fake, whose cost per request is larger than
        // either client's: requests per second then mostly measure the server. The client's
        // own CPU time per request is the figure that compares the clients themselves.
        std::printf(
            "  client CPU per request, libcurl / coverkit: %s\n",
            ratio_text(m_curl.client_cpu_us(), m_coverkit.client_cpu_us(), "", 1.50).c_str());

        std::printf("server throughput, driven by wrk -t1 -c%d (fake: %u threads, nginx: %u "
                    "workers):\n",
                    connections, fake_server_threads, fake_server_threads);
        std::printf("  %-30s %9s %12s\n", "", "req/s", "server CPU");
        print_line(m_nginx, true, "");
        measurement m_fake = m_wrk;
        m_fake.name = "coverkit-fake-server";
        print_line(m_fake, true,
                   ratio_text(m_fake.value(), m_nginx.value(), "nginx", 0.70) +
                       (wrk ? "  (= the wrk runs above)" : ""));
        std::printf("  server CPU per request, fake / nginx: %s\n",
                    at_most_text(m_fake.server_cpu_us(), m_nginx.server_cpu_us(), "nginx", 1.50)
                        .c_str());
        std::printf("  (CPU: median CPU time per request of the client process, or of the server's "
                    "processes, user + system)\n");
        if (nginx_probe)
            std::printf("  answer sizes: fake %zu B (%zu B header + %zu B body), nginx %zu B "
                        "(%zu B header + %zu B body)\n",
                        probe.total_bytes, probe.header_bytes, answer_body.size(),
                        nginx_probe->total_bytes, nginx_probe->header_bytes,
                        nginx_probe->response.body().size());

        // Cores: the fake on 2 threads against nginx with 2 workers, both driven by wrk with 2
        // threads and 4 times the connections.
        constexpr unsigned cores = 2;
        int const many = connections * 4;
        measurement m_fake2{"coverkit-fake-server, " + std::to_string(cores) + " threads"},
            m_nginx2{"nginx, " + std::to_string(cores) + " workers"};
        if (!wrk || !nginx) {
            m_fake2.skipped = m_nginx2.skipped = nginx_skip.value_or("wrk is not installed");
        } else {
            reset_fake(); // the first fake stays idle meanwhile
            auto [fake2, port2] = start_fake(cores);
            auto const where2 = urls_for(port2);
            coverkit::test::nginx_static_server nginx2(answer_body, cores);
            auto const nginx2_url =
                nginx2.base_url() + coverkit::test::nginx_static_server::target;
            auto const nginx2_pid = [&] {
                for (auto pid : children_of(::getpid(), "nginx"))
                    if (pid != nginx_pid)
                        return pid;
                return pid_t{-1};
            }();
            std::printf("\nrunning %d rounds of %d s each (fake with %u threads, nginx with %u "
                        "workers, wrk -t%u -c%d)...\n",
                        rounds, seconds, cores, cores, cores, many);
            std::fflush(stdout);
            for (int r = 0; r < rounds; ++r) {
                reset_fake_at(port2);
                m_fake2.add(timed(fake2->pid(), true, [&] {
                    return run_wrk(*wrk, where2.absolute, many, seconds, script, cores);
                }));
                m_nginx2.add(timed(nginx2_pid, true, [&] {
                    return run_wrk(*wrk, nginx2_url, many, seconds, std::nullopt, cores);
                }));
            }
            reset_fake_at(port2);
        }
        std::printf("server throughput on %u cores, driven by wrk -t%u -c%d:\n", cores, cores,
                    many);
        std::printf("  %-30s %9s %12s\n", "", "req/s", "server CPU");
        print_line(m_nginx2, true, "");
        print_line(m_fake2, true, ratio_text(m_fake2.value(), m_nginx2.value(), "nginx", 0.70));
        std::printf("  server CPU per request, fake / nginx: %s\n",
                    at_most_text(m_fake2.server_cpu_us(), m_nginx2.server_cpu_us(), "nginx", 1.50)
                        .c_str());

        std::printf("\nper round (req/s):\n");
        for (auto const* m :
             {&m_wrk, &m_coverkit, &m_client, &m_curl, &m_nginx, &m_fake2, &m_nginx2}) {
            if (m->skipped)
                std::printf("  %-34s skipped: %s\n", m->name.c_str(), m->skipped->c_str());
            else
                std::printf("  %-34s %s\n", m->name.c_str(), m->rounds().c_str());
        }
        std::printf("checks (last round):\n");
        std::printf("  coverkit http_transport: %s\n", m_coverkit.detail.c_str());
        std::printf("  coverkit whiteboard::client: %s\n", m_client.detail.c_str());
        std::printf("  libcurl: %s\n", m_curl.detail.c_str());
        bool invalid = false;
        for (auto const* m :
             {&m_wrk, &m_coverkit, &m_client, &m_curl, &m_nginx, &m_fake2, &m_nginx2})
            for (auto const& p : m->problems) {
                std::printf("  INVALID run of %s: %s\n", m->name.c_str(), p.c_str());
                invalid = true;
            }
        if (!invalid)
            std::printf("  every response of every run had the expected status (201; nginx "
                        "200, wrk: 2xx)\n");
        std::printf("  load average after: %s\n", load_average().c_str());
        curl_global_cleanup();
    } catch (std::exception const& e) {
        std::fprintf(stderr, "coverkit-bench-network: %s\n", e.what());
        return 1;
    }
    return 0;
}
