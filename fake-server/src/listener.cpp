//
// coverkit — the fake server behind a socket
//
#include <coverkit/fake/listener.hpp>

#include <coverkit/detail/message_head.hpp>

#include "server_impl.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace coverkit::fake {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

std::string url_authority(tcp::endpoint const& ep)
{
    // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, wrongly) on "[" + s + "]".
    auto const addr = ep.address();
    std::string out;
    if (addr.is_v6())
        out += '[';
    out += addr.to_string();
    if (addr.is_v6())
        out += ']';
    out += ':';
    out += std::to_string(ep.port());
    return out;
}

std::string default_public_base(tcp::endpoint const& ep, bool tls)
{
    if (ep.address().is_unspecified())
        return {};
    return (tls ? "https://" : "http://") + url_authority(ep) + "/storage";
}

namespace {

/// What `listener::stop` needs of a connection, whatever its stream.
class connection
{
public:
    virtual ~connection() = default;

    /// Close if idle (or still in the TLS handshake), else close after the current answer.
    virtual void stop() = 0;
};

} // namespace

struct listener::impl : std::enable_shared_from_this<listener::impl>
{
    impl(asio::io_context& ioc, tcp::endpoint const& ep, listener_options opts)
        : ioc(ioc), acceptor(asio::make_strand(ioc)), retry_timer(acceptor.get_executor()),
          options(std::move(opts)),
          pictures(std::make_shared<asio::thread_pool>(
              options.picture_threads != 0 ? options.picture_threads
                                           : std::max(1u, std::thread::hardware_concurrency())))
    {
        acceptor.open(ep.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(ep);
        acceptor.listen(asio::socket_base::max_listen_connections);
        bound = acceptor.local_endpoint();
    }

    void do_accept();
    void on_accept(error_code ec, tcp::socket socket);

    /// Where the next connection is served: a strand of `ioc`, or the next of the listener's
    /// own event loops, each run by one thread (so that it serialises its handlers itself).
    asio::any_io_executor next_connection_executor()
    {
        if (loops.empty())
            return asio::make_strand(ioc);
        return loops[next_loop++ % loops.size()];
    }

    /// The inside of the server, for answers in two steps (slow work off the I/O threads).
    fake::server::impl& core() const { return *srv->impl_; }
    using pending = fake::server::impl::pending;
    using answer = fake::server::impl::answer;

    /// A request id for answers the listener writes itself.
    std::string next_request_id()
    {
        char id[48];
        std::snprintf(id, sizeof id, "listener-%08llu",
                      static_cast<unsigned long long>(++own_answers));
        return id;
    }

    asio::io_context& ioc;
    std::vector<asio::io_context::executor_type> loops; // listener_options::connection_threads
    std::size_t next_loop = 0;                          // on the acceptor's strand
    tcp::acceptor acceptor;
    asio::steady_timer retry_timer;
    tcp::endpoint bound;
    listener_options options;
    std::optional<fake::server> srv;
    /// Where slow answers are made. Shared: a job may outlive the listener, never the pool.
    std::shared_ptr<asio::thread_pool> pictures;
    std::atomic<bool> started{false};
    std::atomic<bool> stopping{false};
    std::atomic<unsigned long long> own_answers{0};

    std::mutex sessions_mutex;
    std::map<connection*, std::weak_ptr<connection>> sessions;
};

namespace {

using tls_stream = beast::ssl_stream<beast::tcp_stream>;

/** An answer being written: its head serialised once (coverkit/detail/message_head.hpp, byte for
    byte as Beast's serializer writes it), and its body, sent together as two buffers. */
struct outgoing_answer
{
    explicit outgoing_answer(http_response const& res) : body(res.body())
    {
        coverkit::detail::write_message_head(res, head);
    }

    /// What is left to write.
    std::array<asio::const_buffer, 2> rest() const noexcept
    {
        if (written < head.size())
            return {asio::buffer(head) + written, asio::buffer(body)};
        return {asio::buffer(body) + (written - head.size()), asio::const_buffer()};
    }

    bool done() const noexcept { return written == head.size() + body.size(); }

    std::string head;
    std::string_view body; // the response's, which outlives this
    std::size_t written = 0;
};

/** One connection: read a request, answer it, write the answer, again while kept alive.
    `Stream` is `beast::tcp_stream` (plain HTTP) or `tls_stream` (HTTPS), whose lowest layer
    carries the timeouts. */
template <class Stream>
class session : public connection, public std::enable_shared_from_this<session<Stream>>
{
    static constexpr bool is_tls = std::is_same_v<Stream, tls_stream>;

public:
    session(tcp::socket socket, std::shared_ptr<listener::impl> owner)
        : owner_(std::move(owner)), stream_(make_stream(std::move(socket), *owner_))
    {}

    ~session() override
    {
        std::lock_guard lock(owner_->sessions_mutex);
        owner_->sessions.erase(this);
    }

    void run()
    {
        asio::dispatch(stream_.get_executor(), [self = self()] { self->handshake(); });
    }

    void stop() override
    {
        asio::dispatch(stream_.get_executor(), [self = self()] {
            self->stopping_ = true;
            if (self->idle_)
                self->lowest().cancel();
            self->delay_timer_.cancel(); // a scripted delay ends now
        });
    }

private:
    static Stream make_stream(tcp::socket socket, listener::impl const& owner)
    {
        if constexpr (is_tls)
            return Stream(std::move(socket), *owner.options.tls);
        else
            return Stream(std::move(socket));
    }

    std::shared_ptr<session> self() { return this->shared_from_this(); }

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    listener_options const& options() const { return owner_->options; }

    bool stopping() const { return stopping_ || owner_->stopping; }

    // TLS: the handshake, bounded like a request, so that a client that connects and sends
    // nothing is cut off. Until it is done the connection counts as idle for `stop()`.
    void handshake()
    {
        if constexpr (is_tls) {
            if (stopping())
                return close_socket();
            idle_ = true;
            lowest().expires_after(options().header_timeout);
            stream_.async_handshake(asio::ssl::stream_base::server, [self = self()](error_code ec) {
                self->idle_ = false;
                if (ec) // nothing to shut down: just close
                    return self->close_socket();
                self->tls_up_ = true;
                self->wait_for_request();
            });
        } else {
            // For write(): a first attempt at each answer that never waits.
            error_code ignored;
            lowest().socket().non_blocking(true, ignored);
            wait_for_request();
        }
    }

    // Waits for the first byte of the next request, for at most the idle timeout.
    void wait_for_request()
    {
        if (stopping())
            return close();
        if (buffer_.size() > 0) // a pipelined request is already here
            return read_header();
        idle_ = true;
        lowest().expires_after(options().idle_timeout);
        stream_.async_read_some(buffer_.prepare(4096),
                                [self = self()](error_code ec, std::size_t n) {
                                    self->idle_ = false;
                                    if (ec)
                                        return self->close(ec);
                                    self->buffer_.commit(n);
                                    self->read_header();
                                });
    }

    void read_header()
    {
        parser_.emplace();
        parser_->body_limit(options().body_limit);
        lowest().expires_after(options().header_timeout);
        switch (parse_buffered()) {
        case parsed::handled:
            return;
        case parsed::need_body:
            return read_body();
        case parsed::need_header:
            break;
        }
        http::async_read_header(
            stream_, buffer_, *parser_,
            [self = self()](error_code ec, std::size_t) { self->on_header(ec); });
    }

    enum class parsed
    {
        need_header,
        need_body,
        handled
    };

    /** The common case, without another read: a small request usually arrives whole in the
        first read. Feeds the buffered bytes to the parser; answers at once when the request
        is complete, and otherwise says what is still missing (the parser keeps its place). */
    parsed parse_buffered()
    {
        error_code ec;
        auto feed = [&] {
            auto const n = parser_->put(buffer_.data(), ec);
            buffer_.consume(n);
            if (ec == http::error::need_more)
                ec = {};
            return n;
        };
        if (buffer_.size() == 0 || feed() == 0 || !parser_->is_header_done()) {
            if (!ec)
                return parsed::need_header;
            on_read_error(ec);
            return parsed::handled;
        }
        if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
            on_header({}); // asks for the body itself
            return parsed::handled;
        }
        while (!parser_->is_done() && buffer_.size() > 0 && feed() > 0) {
        }
        if (ec) {
            on_read_error(ec);
            return parsed::handled;
        }
        if (!parser_->is_done())
            return parsed::need_body;
        answer();
        return parsed::handled;
    }

    void on_header(error_code ec)
    {
        if (ec)
            return on_read_error(ec);
        auto const& req = parser_->get();
        auto const expect = req[http::field::expect];
        if (req.version() >= 11 && beast::iequals(expect, "100-continue")) {
            auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                           req.version());
            http::async_write(stream_, *cont, [self = self(), cont](error_code ec, std::size_t) {
                if (ec)
                    return self->close(ec);
                self->read_body();
            });
            return;
        }
        read_body();
    }

    void read_body()
    {
        // The header timeout, set when the request started, still runs.
        http::async_read(stream_, buffer_, *parser_, [self = self()](error_code ec, std::size_t) {
            if (ec)
                return self->on_read_error(ec);
            self->answer();
        });
    }

    void on_read_error(error_code ec)
    {
        static auto const& http_category = make_error_code(http::error::bad_method).category();
        if (ec == http::error::body_limit)
            return write_own(http::status::payload_too_large, "request body over 1 MiB");
        if (ec == http::error::header_limit)
            return write_own(http::status::request_header_fields_too_large,
                             "request header fields too large");
        if (ec.category() == http_category && ec != http::error::end_of_stream &&
            ec != http::error::partial_message)
            return write_own(http::status::bad_request, "malformed HTTP request");
        // The peer left (over TLS, with or without close_notify), was too slow, or the
        // connection failed.
        close(ec);
    }

    void answer()
    {
        auto req = std::make_shared<http_request>(parser_->release());
        parser_.reset();
        if (options().on_request) {
            started_ = std::chrono::steady_clock::now();
            log_method_ = req->method_string();
            auto const url = boost::urls::parse_origin_form(req->target());
            log_target_ = detail::request_journal::masked_target(
                url ? std::optional<boost::urls::url_view>(*url) : std::nullopt, req->target());
        }
        auto& core = owner_->core();
        auto step = core.begin(*req);
        if (auto* a = std::get_if<listener::impl::answer>(&step))
            return respond(std::move(*a));
        // Slow (a picture drawn on its first read): made on a picture thread, written here.
        // The connection's executor counts the job as work, so the io_context keeps running
        // until the answer is written.
        auto work = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked);
        asio::post(
            *owner_->pictures, [self = self(), req = std::move(req), work = std::move(work),
                                p = std::move(std::get<listener::impl::pending>(step))]() mutable {
                auto a = self->owner_->core().complete(std::move(p));
                asio::dispatch(work, [self = std::move(self), req = std::move(req),
                                      a = std::move(a)]() mutable { self->respond(std::move(a)); });
            });
    }

    void respond(listener::impl::answer a)
    {
        res_ = std::move(a.res);
        fault_ = std::move(a.fault);
        if (fault_ && fault_->rule.delay.count() > 0) {
            // A scripted delay; `stop()` cuts it short.
            delay_timer_.expires_after(fault_->rule.delay);
            delay_timer_.async_wait([self = self()](error_code) { self->deliver(); });
            return;
        }
        deliver();
    }

    /// Writes the answer, or does what a fault rule asked instead.
    void deliver()
    {
        auto const action = fault_ ? fault_->rule.action : fault_action::status;
        if (options().on_request)
            log(action == fault_action::close || action == fault_action::never ? 0u
                                                                               : res_.result_int());
        switch (action) {
        case fault_action::close:
            // Before any byte of the answer, and without TLS's close_notify: the client sees
            // the connection end.
            return close_socket();
        case fault_action::never:
            return hold();
        case fault_action::partial:
            return write_partial();
        case fault_action::status:
        case fault_action::delay:
            break;
        }
        if (stopping())
            res_.keep_alive(false);
        write(res_.keep_alive());
    }

    /// The head and part of the body (half, unless the rule says how much), then the close.
    /// With no body (HEAD), half of the head.
    void write_partial()
    {
        coverkit::detail::write_message_head(res_, partial_);
        auto const& body = res_.body();
        if (body.empty()) {
            partial_.resize(partial_.size() / 2);
        } else {
            auto const n =
                std::min(fault_->rule.partial_bytes.value_or(body.size() / 2), body.size() - 1);
            partial_.append(body, 0, n);
        }
        lowest().expires_after(options().write_timeout);
        asio::async_write(stream_, asio::buffer(partial_),
                          [self = self()](error_code, std::size_t) { self->close_socket(); });
    }

    /// Never answers: reads and drops whatever comes until the client leaves, the listener
    /// stops (the connection counts as idle) or 10 minutes pass.
    void hold()
    {
        idle_ = true;
        if (stopping())
            return close_socket();
        lowest().expires_after(std::chrono::minutes(10));
        buffer_.clear();
        lowest().async_read_some(buffer_.prepare(64 * 1024),
                                 [self = self()](error_code ec, std::size_t) {
                                     if (ec) {
                                         self->idle_ = false;
                                         return self->close_socket();
                                     }
                                     self->hold();
                                 });
    }

    /// An answer of the listener itself, after which the connection closes.
    void write_own(http::status status, std::string const& message)
    {
        http_response res{status, 11};
        res.set(http::field::content_type, "application/json");
        res.set("x-request-id", owner_->next_request_id());
        res.body() = R"({"message":")" + message + R"("})";
        res.keep_alive(false);
        res.prepare_payload();
        res_ = std::move(res);
        if (options().on_request) {
            started_ = std::chrono::steady_clock::now();
            log_method_ = "-";
            log_target_ = "-";
            log(res_.result_int());
        }
        lowest().expires_after(options().header_timeout);
        http::async_write(stream_, res_, [self = self()](error_code ec, std::size_t) {
            if (ec)
                return self->close(ec);
            self->drain_and_close();
        });
    }

    /** After an answer to a request whose rest is not read: stop sending, then read and drop
        what the client still sends, for a bounded time, so that closing with unread data does
        not reset the connection before the client has read the answer. Over TLS the bytes
        are dropped undecrypted, from the socket, and no close_notify is sent: the answer
        carries its length and `Connection: close`. */
    void drain_and_close()
    {
        error_code ignored;
        lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
        buffer_.clear();
        lowest().expires_after(closing_time());
        drain();
    }

    void drain()
    {
        lowest().async_read_some(buffer_.prepare(64 * 1024),
                                 [self = self()](error_code ec, std::size_t) {
                                     if (ec)
                                         return self->close_socket();
                                     self->drain();
                                 });
    }

    // Writes `res_` whole, however long it takes, while the client keeps reading: a watchdog
    // closes the connection only when a whole write timeout passes with no progress, neither
    // bytes handed to the kernel nor bytes the kernel sent from its queue (which can hold
    // megabytes, and drains only as fast as the client reads).
    void write(bool keep_alive)
    {
        outgoing_.emplace(res_);
        lowest().expires_never();
        written_ = 0;
        if constexpr (!is_tls) {
            // Plain HTTP: most answers fit in the socket's send buffer at once, so the first
            // attempt is a send that never waits (the socket is non-blocking); only what it
            // leaves is written asynchronously, under the watchdog.
            auto& socket = lowest().socket();
            if (socket.non_blocking()) {
                error_code ec;
                auto const n = socket.write_some(outgoing_->rest(), ec);
                written_ += n;
                outgoing_->written += n;
                if (ec && ec != asio::error::would_block && ec != asio::error::try_again)
                    return close(ec);
                if (outgoing_->done())
                    return answered(keep_alive);
            }
        }
        progress_ = {written_, send_queue()};
        watch_write();
        write_some(keep_alive);
    }

    /// The answer is out: the next request, or the end of the connection.
    void answered(bool keep_alive)
    {
        outgoing_.reset();
        if (!keep_alive)
            return close();
        res_ = {};
        if (buffer_.size() == 0)
            return wait_for_request(); // starts a read: returns at once
        // A pipelined request is already here. Answered from the loop, not from here, so that
        // a client's many small requests in one read cannot nest answers on the stack.
        asio::post(stream_.get_executor(), [self = self()] { self->wait_for_request(); });
    }

    void write_some(bool keep_alive)
    {
        stream_.async_write_some(outgoing_->rest(),
                                 [self = self(), keep_alive](error_code ec, std::size_t n) {
                                     self->written_ += n;
                                     if (ec) {
                                         self->watchdog_.cancel();
                                         return self->close(ec);
                                     }
                                     self->outgoing_->written += n;
                                     if (!self->outgoing_->done())
                                         return self->write_some(keep_alive);
                                     self->watchdog_.cancel();
                                     self->answered(keep_alive);
                                 });
    }

    // What the watchdog compares from one look to the next.
    struct write_progress
    {
        std::size_t written = 0;
        long queued = -1; // bytes in the kernel's send queue; -1 when unknown
    };

    long send_queue()
    {
#ifdef SIOCOUTQ
        int queued = 0;
        if (::ioctl(lowest().socket().native_handle(), SIOCOUTQ, &queued) == 0)
            return queued;
#endif
        return -1;
    }

    void watch_write()
    {
        watchdog_.expires_after(options().write_timeout);
        watchdog_.async_wait([self = self()](error_code ec) {
            if (ec || !self->outgoing_)
                return; // the write ended
            write_progress const now{self->written_, self->send_queue()};
            auto const& before = self->progress_;
            bool const moved =
                now.written != before.written ||
                (now.queued >= 0 && before.queued >= 0 && now.queued < before.queued);
            if (!moved)
                return self->close_socket(); // the pending write fails and ends the connection
            self->progress_ = now;
            self->watch_write();
        });
    }

    std::chrono::milliseconds closing_time() const
    {
        return std::min<std::chrono::milliseconds>(options().header_timeout,
                                                   std::chrono::seconds(2));
    }

    /** Ends the connection; `why` is the error that ended it, if any. Over TLS, after a clean
        end (an exchange done, the peer's close_notify, `stop()`), sends close_notify and waits
        a bounded time for the peer's. After a failure (a timeout, a TLS error, a peer gone
        without close_notify: `ssl::error::stream_truncated`) there is nothing to say. */
    void close(error_code why = {})
    {
        if constexpr (is_tls) {
            bool const clean = !why || why == asio::error::eof ||
                               why == http::error::end_of_stream ||
                               why == asio::error::operation_aborted;
            if (tls_up_ && clean && lowest().socket().is_open()) {
                tls_up_ = false;
                lowest().expires_after(closing_time());
                // Whatever the outcome (both close_notify exchanged, the peer gone, the time
                // up), the socket is closed next.
                stream_.async_shutdown([self = self()](error_code) { self->close_socket(); });
                return;
            }
        }
        close_socket();
    }

    void close_socket()
    {
        error_code ignored;
        lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
        lowest().socket().close(ignored);
    }

    // Declared before the stream: the listener owns the TLS context the stream uses.
    std::shared_ptr<listener::impl> owner_;
    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http_response res_;
    std::optional<detail::fired_fault> fault_; // the fault rule acting on res_, if any

    // For `listener_options::on_request`: the request being answered.
    std::chrono::steady_clock::time_point started_;
    std::string log_method_;
    std::string log_target_;

    void log(unsigned status)
    {
        auto const id = res_["x-request-id"];
        options().on_request(request_record{log_method_, log_target_, status,
                                            std::string_view(id.data(), id.size()),
                                            std::chrono::duration_cast<std::chrono::microseconds>(
                                                std::chrono::steady_clock::now() - started_)});
    }
    asio::steady_timer delay_timer_{stream_.get_executor()}; // a scripted delay
    std::string partial_;                                    // a partial answer's bytes
    std::optional<outgoing_answer> outgoing_;                // writing res_
    asio::steady_timer watchdog_{stream_.get_executor()};    // while writing
    std::size_t written_ = 0;
    write_progress progress_;
    bool idle_ = false;
    bool stopping_ = false;
    bool tls_up_ = false; // TLS: handshake done and no close_notify sent yet
};

} // namespace

void listener::impl::do_accept()
{
    acceptor.async_accept(
        next_connection_executor(),
        asio::bind_executor(acceptor.get_executor(),
                            [self = shared_from_this()](error_code ec, tcp::socket socket) {
                                self->on_accept(ec, std::move(socket));
                            }));
}

void listener::impl::on_accept(error_code ec, tcp::socket socket)
{
    if (stopping || ec == asio::error::operation_aborted || !acceptor.is_open())
        return;
    if (ec) {
        // Out of descriptors or a connection reset before it was accepted: try again shortly,
        // without spinning.
        retry_timer.expires_after(std::chrono::milliseconds(50));
        retry_timer.async_wait([self = shared_from_this()](error_code wait_ec) {
            if (!wait_ec && !self->stopping)
                self->do_accept();
        });
        return;
    }
    auto const launch = [this](auto s) {
        {
            // Checked under the lock, so that `stop()` either sees the connection or was seen
            // here first (the listener's own threads are joined only after `stop()`).
            std::lock_guard lock(sessions_mutex);
            if (stopping)
                return;
            sessions.emplace(s.get(), s);
        }
        s->run();
    };
    if (options.tls)
        launch(std::make_shared<session<tls_stream>>(std::move(socket), shared_from_this()));
    else
        launch(std::make_shared<session<beast::tcp_stream>>(std::move(socket), shared_from_this()));
    do_accept();
}

/// `listener_options::connection_threads`: one event loop and one thread each, kept running
/// until the listener is destroyed.
struct listener::own_threads
{
    explicit own_threads(unsigned n)
    {
        for (unsigned i = 0; i < n; ++i) {
            loops.push_back(std::make_unique<asio::io_context>(1));
            keep.emplace_back(loops.back()->get_executor());
        }
        try {
            for (auto& loop : loops)
                threads.emplace_back([&ctx = *loop] { run(ctx); });
        } catch (...) {
            end();
            throw;
        }
    }

    ~own_threads() { end(); }

    void end()
    {
        keep.clear(); // each thread returns once its last connection has closed
        for (auto& t : threads)
            t.join();
        // The loops go next, with whatever handlers they still hold.
    }

    own_threads(own_threads const&) = delete;
    own_threads& operator=(own_threads const&) = delete;

    static void run(asio::io_context& ctx)
    {
        for (;;) {
            try {
                ctx.run();
                return;
            } catch (std::exception const&) {
                // A handler threw (out of memory): its connection is gone, the others go on,
                // as on a thread of the caller's io_context whose run() is called again.
            }
        }
    }

    std::vector<std::unique_ptr<asio::io_context>> loops;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep;
    std::vector<std::thread> threads;
};

listener::listener(asio::io_context& ioc, fake::server srv, tcp::endpoint ep,
                   listener_options options)
    : impl_(std::make_shared<impl>(ioc, ep, options))
{
    impl_->srv.emplace(std::move(srv));
    start_threads();
}

listener::listener(asio::io_context& ioc, tcp::endpoint ep,
                   std::function<fake::server(tcp::endpoint const&)> make_server,
                   listener_options options)
    : impl_(std::make_shared<impl>(ioc, ep, options))
{
    impl_->srv.emplace(make_server(impl_->bound));
    start_threads();
}

void listener::start_threads()
{
    if (impl_->options.connection_threads == 0)
        return;
    threads_ = std::make_unique<own_threads>(impl_->options.connection_threads);
    for (auto& loop : threads_->loops)
        impl_->loops.push_back(loop->get_executor());
}

listener::~listener()
{
    stop();
    threads_.reset();
}

void listener::start()
{
    if (impl_->started.exchange(true) || impl_->stopping)
        return;
    asio::dispatch(impl_->acceptor.get_executor(), [self = impl_] { self->do_accept(); });
}

tcp::endpoint listener::local_endpoint() const
{
    return impl_->bound;
}

void listener::stop()
{
    if (impl_->stopping.exchange(true))
        return;
    asio::dispatch(impl_->acceptor.get_executor(), [self = impl_] {
        error_code ignored;
        self->acceptor.close(ignored);
        self->retry_timer.cancel();
    });
    std::vector<std::shared_ptr<connection>> live;
    {
        std::lock_guard lock(impl_->sessions_mutex);
        for (auto& [ptr, weak] : impl_->sessions)
            if (auto s = weak.lock())
                live.push_back(std::move(s));
    }
    for (auto& s : live)
        s->stop();
}

fake::server const& listener::server() const
{
    return *impl_->srv;
}

} // namespace coverkit::fake
