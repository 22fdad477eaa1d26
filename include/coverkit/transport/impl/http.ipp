#ifndef COVERKIT_TRANSPORT_IMPL_HTTP_IPP
#define COVERKIT_TRANSPORT_IMPL_HTTP_IPP

// The compiled part of http_transport: everything but its function templates. Included by
// transport/http.hpp in header-only use; with COVERKIT_SEPARATE_COMPILATION, by
// <coverkit/src.hpp> alone, in the one source file that builds it (README, "Compile time").

#include <coverkit/detail/message_head.hpp>
#include <coverkit/detail/origin.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/coroutine.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/system_error.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace coverkit {

namespace detail {

/// One keep-alive connection to an origin: TCP, or TLS over TCP.
class http_connection
{
public:
    /// Every step of a connection's I/O runs on its own strand (type-erased: Beast's streams
    /// need the standard executor model, which a strand of `any_io_executor` lacks in 1.81).
    using executor_type = boost::asio::any_io_executor;
    using tcp_stream = boost::beast::tcp_stream;
    using tls_stream = boost::beast::ssl_stream<tcp_stream>;

    /** A connection whose I/O runs on `ex`. `own` is the private `io_context` behind `ex` for
        connections driven by the blocking `send`, null for the asynchronous form. */
    http_connection(executor_type ex, std::shared_ptr<boost::asio::io_context> own,
                    boost::asio::ssl::context* tls)
        : own_(std::move(own)), ex_(ex)
    {
        if (tls)
            secure_.emplace(ex, *tls);
        else
            plain_.emplace(ex);
    }

    executor_type const& get_executor() const noexcept { return ex_; }
    std::shared_ptr<boost::asio::io_context> const& own_context() const noexcept { return own_; }

    tcp_stream& tcp() noexcept
    {
        return secure_ ? boost::beast::get_lowest_layer(*secure_) : *plain_;
    }
    tls_stream* secure() noexcept { return secure_ ? &*secure_ : nullptr; }

    /// Bytes read past the last response; a reusable connection has none.
    boost::beast::flat_buffer& buffer() noexcept { return buffer_; }

    /** Readies `req` for `write_now` and `async_write`, which must follow: its head serialised
        once into the connection's own buffer (byte for byte what Beast's serializer writes, for
        a fraction of the cost: its buffer sequence holds a piece per field), followed there by
        a small body; a larger body is sent from the request as a second buffer. `req` must
        stay put until the write ends. A chunked request is left to Beast's serializer, which
        encodes the chunks. */
    void prepare_write(http_request const& req)
    {
        sent_ = 0;
        body_ = {};
        if (req.chunked())
            return;
        detail::write_message_head(req, head_);
        std::string_view const body = req.body();
        if (body.size() <= small_body)
            head_.append(body); // one buffer: copying a small body costs less than two writes
        else
            body_ = body;
    }

    /** Plain HTTP: sends what the socket takes of the prepared request now, never waiting (the
        socket is made non-blocking), so that the usual small request needs no asynchronous
        write, timer or completion. True when the write is over: all of it sent, or failed
        (`ec` set); false when `async_write` must send the rest. Over TLS, or for a chunked
        request, always false. */
    bool write_now(http_request const& req, error_code& ec)
    {
        if (secure_ || req.chunked() || !non_blocking())
            return false;
        sent_ += plain_->socket().write_some(rest(), ec);
        if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) {
            ec = {};
            return false;
        }
        return ec || sent_ == head_.size() + body_.size();
    }

    /// Writes what `write_now` left of the prepared request (all of it, over TLS).
    template <class Handler>
    void async_write(http_request const& req, Handler&& handler)
    {
        if (req.chunked()) {
            with_stream([&](auto& stream) {
                boost::beast::http::async_write(stream, req, std::forward<Handler>(handler));
            });
            return;
        }
        auto const pieces = rest();
        with_stream([&](auto& stream) {
            boost::asio::async_write(stream, pieces, std::forward<Handler>(handler));
        });
    }

    /** Reads what the server sent next into the end of `buffer()` (up to 64 KiB); the handler
        gets the number of bytes read, which the caller commits to the buffer. Over TLS, an
        asynchronous read bounded by the stream's expiry; over plain TCP, see `read_when_ready`.
        `deadline` must be the stream's expiry. */
    template <class Handler>
    void async_read_some(std::chrono::steady_clock::time_point deadline, Handler&& handler)
    {
        if (!secure_)
            return read_when_ready(deadline, std::forward<Handler>(handler));
        auto const space = buffer_.prepare(boost::beast::read_size(buffer_, 65536));
        secure_->async_read_some(space, std::forward<Handler>(handler));
    }

    template <class Parser, class Handler>
    void async_read(Parser& parser, Handler&& handler)
    {
        with_stream([&](auto& stream) {
            boost::beast::http::async_read(stream, buffer_, parser, std::forward<Handler>(handler));
        });
    }

    /** Whether an idle connection may carry another request: open, and nothing from the
        server waiting on it — not in the read buffer, not inside TLS, not on the socket.
        Anything waiting (an answer nobody asked for, such as a late second response or a 408
        on an idle connection; a TLS close_notify; the end of the stream) means the connection
        is out of step or closing: it is dropped, never reused, so such bytes cannot reach a
        later request. */
    bool is_quiet() noexcept
    {
        auto& socket = tcp().socket();
        if (!socket.is_open() || buffer_.size() != 0)
            return false;
        if (secure_) {
            SSL* ssl = secure_->native_handle();
            if (SSL_pending(ssl) > 0 || BIO_ctrl_pending(SSL_get_rbio(ssl)) > 0)
                return false;
        }
        char byte;
        auto const n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }

    std::chrono::steady_clock::time_point idle_since{};

private:
    /// A body up to this size is copied after the head and written with it as one buffer.
    static constexpr std::size_t small_body = 8192;

    /** The head and the body of a request, as a plain buffer sequence. Not a `std::array`:
        Asio writes an array of two buffers with a special case that, once the head is sent,
        presents it again, empty, before the body; Beast's TLS stream (Boost 1.81) then writes
        nothing and reports success, and the request's body would never go out. */
    struct head_and_body
    {
        using value_type = boost::asio::const_buffer;
        using const_iterator = value_type const*;
        std::array<value_type, 2> pieces;
        const_iterator begin() const noexcept { return pieces.data(); }
        const_iterator end() const noexcept { return pieces.data() + pieces.size(); }
    };

    /// What is left to send of the prepared request: the head (a small body in it) and a larger
    /// body. Either piece may be empty; the head only after `write_now` (plain TCP) sent it.
    head_and_body rest() const noexcept
    {
        auto const head = std::min(sent_, head_.size());
        return {{boost::asio::buffer(head_) + head, boost::asio::buffer(body_) + (sent_ - head)}};
    }

    /** Plain TCP: waits until the socket is readable or `deadline` passes, then reads what is
        there without waiting. An asynchronous read would first try the socket at once; right
        after a request the answer is not there yet, and that try is a system call spent on
        EAGAIN every exchange. The wait is bounded by the connection's own timer: past the
        deadline the wait is cancelled and the handler gets `beast::error::timeout`. A wake-up
        with nothing to read gives 0 bytes (the caller reads again). */
    template <class Handler>
    void read_when_ready(std::chrono::steady_clock::time_point deadline, Handler&& handler)
    {
        auto& socket = plain_->socket();
        wait_->socket = &socket;
        wait_->waiting = true;
        wait_->fired = false;
        timer_.expires_at(deadline);
        // Holds only the shared flags: once the wait is over the connection may be pooled or
        // gone before a late timer's handler runs; both run on the connection's strand.
        timer_.async_wait([w = wait_](error_code ec) {
            if (!ec && w->waiting) {
                w->fired = true;
                error_code ignored;
                w->socket->cancel(ignored);
            }
        });
        socket.async_wait(boost::asio::socket_base::wait_read,
                          [this, h = std::forward<Handler>(handler)](error_code ec) mutable {
                              wait_->waiting = false;
                              timer_.cancel();
                              std::size_t n = 0;
                              if (wait_->fired) {
                                  ec = boost::beast::error::timeout;
                              } else if (!ec) {
                                  // Readable: a blocking read would not wait either, should
                                  // the mode not be set.
                                  non_blocking();
                                  n = plain_->socket().read_some(
                                      buffer_.prepare(boost::beast::read_size(buffer_, 65536)), ec);
                                  if (ec == boost::asio::error::would_block ||
                                      ec == boost::asio::error::try_again)
                                      ec = {};
                              }
                              std::move(h)(ec, n);
                          });
    }

    /// Plain TCP: whether the socket's own operations return at once rather than wait (set on
    /// first use: one system call a connection).
    bool non_blocking() noexcept
    {
        auto& socket = plain_->socket();
        if (socket.non_blocking())
            return true;
        error_code ec;
        socket.non_blocking(true, ec);
        return !ec;
    }

    /// Calls `f` with the connection's stream: the TLS one, or the plain TCP one.
    template <class F>
    void with_stream(F&& f)
    {
        if (secure_)
            f(*secure_);
        else
            f(*plain_);
    }

    // Declared first, destroyed last: the streams' I/O objects belong to it.
    std::shared_ptr<boost::asio::io_context> own_;
    executor_type ex_;
    std::optional<tcp_stream> plain_;
    std::optional<tls_stream> secure_;
    boost::beast::flat_buffer buffer_;
    /// `read_when_ready`'s state, shared with its timer's handler.
    struct wait_state
    {
        boost::asio::ip::tcp::socket* socket = nullptr;
        bool waiting = false; // a wait is on, and the connection with it
        bool fired = false;   // the deadline passed first
    };
    std::shared_ptr<wait_state> wait_ = std::make_shared<wait_state>();
    boost::asio::steady_timer timer_{ex_};
    std::string head_;      // the head of the request being written, and a small body
    std::string_view body_; // a larger body, in the request
    std::size_t sent_ = 0;  // bytes of head_ then body_ that write_now sent
};

/// Idle keep-alive connections by origin, bounded per origin, expiring after a while.
class http_pool
{
public:
    http_pool(std::size_t max_idle, std::chrono::milliseconds expiry)
        : max_idle_(max_idle), expiry_(expiry)
    {}

    /** The most recently used connection to `key` that has not expired and is quiet (checked
        on every take: one non-blocking system call), or null. */
    std::unique_ptr<http_connection> take(std::string const& key)
    {
        std::vector<std::unique_ptr<http_connection>> dropped; // closed after unlocking
        std::lock_guard lock(mutex_);
        auto it = idle_.find(key);
        if (it == idle_.end())
            return nullptr;
        auto const now = std::chrono::steady_clock::now();
        auto& list = it->second;
        while (!list.empty()) {
            auto c = std::move(list.back());
            list.pop_back();
            auto const idle = now - c->idle_since;
            if (idle < expiry_ && c->is_quiet())
                return c;
            dropped.push_back(std::move(c));
        }
        return nullptr;
    }

    /// Keeps `c` for reuse, dropping the oldest connection when the origin's list is full.
    void put(std::string const& key, std::unique_ptr<http_connection> c)
    {
        std::vector<std::unique_ptr<http_connection>> dropped;
        if (max_idle_ == 0)
            return;
        c->idle_since = std::chrono::steady_clock::now();
        std::lock_guard lock(mutex_);
        auto& list = idle_[key];
        while (!list.empty() &&
               (list.size() >= max_idle_ || c->idle_since - list.front()->idle_since >= expiry_)) {
            dropped.push_back(std::move(list.front()));
            list.pop_front();
        }
        list.push_back(std::move(c));
    }

    std::size_t idle() const
    {
        std::lock_guard lock(mutex_);
        std::size_t n = 0;
        for (auto const& [key, list] : idle_)
            n += list.size();
        return n;
    }

    void clear()
    {
        std::unordered_map<std::string, std::deque<std::unique_ptr<http_connection>>> dropped;
        std::lock_guard lock(mutex_);
        dropped.swap(idle_);
    }

private:
    std::size_t max_idle_;
    std::chrono::milliseconds expiry_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::deque<std::unique_ptr<http_connection>>> idle_;
};

/** The strand a new connection's I/O runs on. Over an `io_context`'s own executor, the usual
    case, the strand holds that executor itself rather than through `any_io_executor`: one
    type erasure less on every step of every exchange. */
inline boost::asio::any_io_executor connection_strand(boost::asio::any_io_executor const& ex)
{
    if (auto const* io = ex.target<boost::asio::io_context::executor_type>())
        return boost::asio::make_strand(*io);
    return boost::asio::make_strand(ex);
}

/// The client TLS context of `opts`: TLS 1.2 or later, peers verified unless switched off.
inline boost::asio::ssl::context make_client_tls_context(tls_options const& opts)
{
    namespace ssl = boost::asio::ssl;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    if (opts.ca_file.empty() && opts.ca_pem.empty())
        ctx.set_default_verify_paths();
    if (!opts.ca_file.empty())
        ctx.load_verify_file(opts.ca_file);
    if (!opts.ca_pem.empty())
        ctx.add_certificate_authority(boost::asio::buffer(opts.ca_pem));
    ctx.set_verify_mode(opts.insecure_skip_verification ? ssl::verify_none : ssl::verify_peer);
    return ctx;
}

/// Whether a failure means the connection was lost (closed or reset), not a timeout or a limit.
inline bool is_connection_lost(error_code const& ec) noexcept
{
    namespace http = boost::beast::http;
    return ec && ec != boost::beast::error::timeout && ec != http::error::body_limit &&
           ec != http::error::header_limit && ec != boost::asio::error::operation_aborted;
}

/** The `User-Agent` of `options`: the application id, a space and the user agent (as Azure's
    SDKs prefix theirs). Throws `system_error` (`error::invalid_argument`) for an application id
    over 24 characters or holding anything but visible ASCII, or a user agent holding a control
    character (it would split the header). */
inline std::string user_agent_of(http_transport_options const& options)
{
    auto const invalid = [](std::string const& what) {
        throw boost::system::system_error(make_error_code(error::invalid_argument), what);
    };
    for (unsigned char ch : options.user_agent)
        if (ch < 0x20 || ch == 0x7f)
            invalid("http_transport_options::user_agent holds a control character");
    if (options.application_id.size() > 24)
        invalid("http_transport_options::application_id is longer than 24 characters");
    for (unsigned char ch : options.application_id)
        if (ch <= 0x20 || ch >= 0x7f)
            invalid("http_transport_options::application_id may hold only visible ASCII, no "
                    "spaces");
    if (options.application_id.empty())
        return options.user_agent;
    if (options.user_agent.empty())
        return options.application_id;
    return options.application_id + ' ' + options.user_agent;
}

/// Interim answers skipped before the real one; more is a misbehaving server.
inline constexpr int max_interim_responses = 16;

} // namespace detail

struct http_transport::impl
{
    explicit impl(http_transport_options opts)
        : options(std::move(opts)), user_agent(detail::user_agent_of(options)),
          pool(options.max_idle_per_host, options.idle_expiry)
    {
        // CAs the caller named are loaded now, so that a file that cannot be read is reported
        // by the constructor; the system's store is loaded by the first HTTPS connection.
        if (!options.tls.ca_file.empty() || !options.tls.ca_pem.empty())
            tls.emplace(detail::make_client_tls_context(options.tls));
    }

    /** The client TLS context, made on first use when the system's CA store is trusted:
        reading it takes tens of milliseconds, which a transport that only ever speaks plain
        HTTP need not spend. Null, with `ec` set, when it cannot be made. */
    boost::asio::ssl::context* tls_context(error_code& ec)
    {
        std::lock_guard lock(tls_mutex);
        if (!tls) {
            try {
                tls.emplace(detail::make_client_tls_context(options.tls));
            } catch (boost::system::system_error const& e) {
                ec = e.code();
                return nullptr;
            }
        }
        return &*tls;
    }

    http_transport_options options;
    std::string user_agent; // what requests without a User-Agent are sent with
    std::mutex tls_mutex;
    std::optional<boost::asio::ssl::context> tls;
    detail::http_pool pool;
    std::atomic<std::uint64_t> connections_opened{0};
    std::atomic<std::uint64_t> connections_reused{0};
    std::atomic<std::uint64_t> retries{0};
};

COVERKIT_DECL http_transport::http_transport(executor_type ex, http_transport_options options)
    : ex_(std::move(ex)), impl_(std::make_shared<impl>(std::move(options)))
{}

COVERKIT_DECL http_transport_options const& http_transport::options() const noexcept
{
    return impl_->options;
}

COVERKIT_DECL std::size_t http_transport::idle_connections() const
{
    return impl_->pool.idle();
}

COVERKIT_DECL void http_transport::close_idle()
{
    impl_->pool.clear();
}

COVERKIT_DECL http_transport_stats http_transport::stats() const
{
    return {impl_->connections_opened.load(), impl_->connections_reused.load(),
            impl_->retries.load()};
}

#include <boost/asio/yield.hpp>

/** One exchange: a pooled or new connection, the request written, the response read, the
    connection given back; one retry on a fresh connection when a pooled one was stale. Every
    intermediate step runs on the connection's executor (a strand in the asynchronous form);
    the final completion goes through the handler's own executor. */
struct http_transport::send_op
{
    // What the exchange needs at stable addresses: Beast's operations keep references.
    struct state
    {
        http_request req;
        exchange_options opts;
        detail::origin where;
        // The host as an IP address, when it is one: no lookup, no SNI, the address checked.
        // Set when a connection is opened.
        std::optional<boost::asio::ip::address> host_ip;
        std::string pool_key;
        error_code setup_error;
        bool sync = false;
        std::chrono::steady_clock::time_point deadline; // of the exchange under way
        // The executor under new connections' strands: the transport's, or the private
        // io_context of a blocking send.
        executor_type io_ex;
        std::shared_ptr<boost::asio::io_context> own;
        std::unique_ptr<detail::http_connection> conn;
        bool reused = false;
        bool retried = false;
        bool written = false;   // the whole request went out
        bool received = false;  // some byte of an answer came back (interim ones included)
        int interim = 0;        // 1xx answers skipped
        bool discarded = false; // a redirect's body left unread (opts.discard_redirect_body)
        bool* lookup_abandoned = nullptr; // set when a timed-out lookup is left running
        boost::asio::ip::tcp::resolver::results_type endpoints;
        std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser;
        error_code result_ec;
        http_response result;
    };

    std::shared_ptr<impl> owner;
    std::unique_ptr<state> st;
    boost::asio::coroutine coro{};

    /// Prepares an exchange: origin form, headers, pool key and a pooled connection if any.
    static std::unique_ptr<state> prepare(impl& owner, http_request req,
                                          exchange_options const& opts, bool sync)
    {
        auto st = std::make_unique<state>();
        st->req = std::move(req);
        st->opts = opts;
        st->sync = sync;
        st->where = detail::to_origin_form(st->req, st->setup_error);
        if (!st->setup_error && st->where.host.empty())
            st->setup_error = error::invalid_argument; // origin form: no origin to reach
        if (st->setup_error)
            return st;
        if (st->req.find(boost::beast::http::field::user_agent) == st->req.end() &&
            !owner.user_agent.empty())
            st->req.set(boost::beast::http::field::user_agent, owner.user_agent);
        st->pool_key = st->where.key(sync ? "sync " : "async ");
        st->conn = owner.pool.take(st->pool_key);
        st->reused = st->conn != nullptr;
        return st;
    }

    template <class Self>
    void operator()(Self& self, error_code ec, boost::asio::ip::tcp::resolver::results_type r)
    {
        st->endpoints = std::move(r);
        (*this)(self, ec);
    }

    template <class Self>
    void operator()(Self& self, error_code ec, boost::asio::ip::tcp::endpoint const&)
    {
        (*this)(self, ec);
    }

    template <class Self>
    void operator()(Self& self, error_code ec = {}, std::size_t bytes = 0)
    {
        namespace asio = boost::asio;
        namespace beast = boost::beast;
        namespace http = beast::http;
        auto& o = owner->options;
        reenter(coro)
        {
            if (st->setup_error) {
                yield asio::post(st->io_ex, std::move(self)); // never complete inside async_send
                return self.complete(st->setup_error, http_response{});
            }
            for (;;) {
                if (!st->conn) {
                    st->reused = false;
                    {
                        boost::asio::ssl::context* tls = nullptr;
                        if (st->where.tls && !(tls = owner->tls_context(ec)))
                            break;
                        st->conn = std::make_unique<detail::http_connection>(
                            detail::connection_strand(st->io_ex), st->own, tls);
                    }
                    if (!resolved_from_literal()) {
                        yield start_resolve(self);
                        if (ec)
                            break;
                    }
                    yield start_connect(self);
                    if (ec)
                        break;
                    st->conn->tcp().socket().set_option(asio::ip::tcp::no_delay(true), ec);
                    ec = {};
                    if (st->conn->secure()) {
                        if (!prepare_tls(*st->conn->secure(), ec))
                            break;
                        st->conn->tcp().expires_at(bound(o.handshake_timeout));
                        yield start_handshake(self);
                        if (ec) {
                            ec = verification_error(*st->conn->secure(), ec);
                            break;
                        }
                    }
                    ++owner->connections_opened;
                } else {
                    ++owner->connections_reused;
                }
                st->parser.reset();
                st->written = st->received = false;
                st->interim = 0;
                st->discarded = false;
                st->deadline = bound(o.exchange_timeout);
                st->conn->tcp().expires_at(st->deadline);
                st->conn->prepare_write(st->req);
                if (!st->conn->write_now(st->req, ec)) {
                    yield start_write(self);
                }
                if (!ec) {
                    st->written = true;
                    // Interim answers (100 Continue, 103 Early Hints) precede the real one,
                    // which is read with a fresh parser each time.
                    do {
                        st->parser.emplace();
                        // The body's limit is applied once the status is known: a redirect's
                        // body may be left unread whatever its length.
                        st->parser->body_limit(boost::none);
                        // A response to HEAD announces a body it does not carry.
                        st->parser->skip(st->req.method() == boost::beast::http::verb::head);
                        // The header: what is buffered, then what the socket brings, parsed
                        // as it comes (what Beast's async_read_header does, without its two
                        // composed operations around every read).
                        while (!parse_buffered(ec, false)) {
                            yield start_read_some(self);
                            st->conn->buffer().commit(bytes);
                            if (ec) {
                                ec = read_failure(ec);
                                break;
                            }
                        }
                        st->received = st->received || st->parser->got_some();
                    } while (!ec && is_interim() && ++st->interim <= detail::max_interim_responses);
                    if (!ec && st->parser->get().result_int() / 100 == 1)
                        ec = error::unexpected_interim_response; // 101, or too many
                    if (!ec && !st->parser->is_done()) {
                        if (st->opts.discard_redirect_body &&
                            detail::is_redirect(st->parser->get().result_int())) {
                            st->discarded = true; // the body stays unread; the connection goes
                        } else if (announces_too_much()) {
                            ec = boost::beast::http::error::body_limit; // refused unread
                        } else {
                            st->parser->body_limit(body_limit());
                            // The body that came with the header (all of a small answer,
                            // usually) needs no asynchronous read, nor the trip through the
                            // executor that ends one.
                            if (!parse_buffered(ec, true)) {
                                yield start_read(self);
                            }
                        }
                    }
                }
                if (ec == boost::asio::ssl::error::stream_truncated) {
                    // The server closed the TCP connection without TLS's close_notify: the same
                    // event as over plain HTTP, reported the same way.
                    ec = st->received ? error_code(boost::beast::http::error::partial_message)
                                      : error_code(boost::beast::http::error::end_of_stream);
                }
                if (ec && !st->received && detail::is_connection_lost(ec)) {
                    // Lost before any answer. A pooled connection the server had closed is
                    // replaced once, transparently, but only when sending again is harmless:
                    // the request did not go out whole, or its method is idempotent.
                    bool const idempotent = detail::is_idempotent(st->req.method());
                    if (st->reused && !st->retried && (!st->written || idempotent)) {
                        st->retried = true;
                        st->conn.reset();
                        ++owner->retries;
                        continue;
                    }
                    if (st->written && !idempotent)
                        ec = error::request_outcome_unknown;
                }
                break;
            }
            if (ec) {
                st->conn.reset(); // failed or timed out: never reused
                st->result_ec = ec;
                if (ec == boost::beast::http::error::body_limit && st->parser &&
                    st->parser->is_header_done()) {
                    // Refused for its size: the caller still learns the status and headers.
                    st->result = st->parser->release();
                    st->result.body().clear();
                }
            } else {
                finish_exchange();
            }
            // Complete on the handler's executor, not the connection's strand.
            yield asio::dispatch(std::move(self));
            self.complete(st->result_ec, std::move(st->result));
        }
    }

private:
    /// When a step given `timeout` must end: then, or at the exchange's deadline if sooner.
    std::chrono::steady_clock::time_point bound(std::chrono::steady_clock::duration timeout) const
    {
        auto const at = std::chrono::steady_clock::now() + timeout;
        return st->opts.deadline && *st->opts.deadline < at ? *st->opts.deadline : at;
    }

    /// The transport's body limit, or the exchange's when smaller.
    std::uint64_t body_limit() const
    {
        auto const own = owner->options.max_response_body;
        auto const asked = st->opts.max_body;
        return asked != 0 && asked < own ? asked : own;
    }

    /// Whether the header just read announces a body over the limit.
    bool announces_too_much() const
    {
        auto const length = st->parser->content_length();
        return length && *length > body_limit();
    }

    /// Whether the answer just read is an interim one to skip (1xx but 101).
    bool is_interim() const
    {
        auto const status = st->parser->get().result_int();
        return status / 100 == 1 && status != 101;
    }

    /** Parses what the connection's buffer holds of the answer: its header, or with `whole`
        the rest of it too. True when that part is complete, or parsing failed (`ec` set);
        false when more must be read. */
    bool parse_buffered(error_code& ec, bool whole)
    {
        auto& parser = *st->parser;
        auto& buffer = st->conn->buffer();
        parser.eager(whole);
        auto const complete = [&] { return whole ? parser.is_done() : parser.is_header_done(); };
        while (buffer.size() != 0 && !complete()) {
            auto const used = parser.put(buffer.data(), ec);
            buffer.consume(used);
            if (ec == boost::beast::http::error::need_more) {
                ec = {};
                return false;
            }
            if (ec)
                return true;
            if (used == 0)
                return false;
        }
        return complete();
    }

    /** A read of the header that failed, as Beast's reads report it: the end of the stream
        before any byte is `http::error::end_of_stream`, after some `partial_message`. */
    error_code read_failure(error_code ec)
    {
        if (ec != boost::asio::error::eof)
            return ec;
        if (!st->parser->got_some())
            return boost::beast::http::error::end_of_stream;
        error_code e;
        st->parser->put_eof(e);
        return e ? e : error_code(boost::beast::http::error::partial_message);
    }

    /// Takes the response; gives the connection back to the pool when it can serve another.
    void finish_exchange()
    {
        auto& parser = *st->parser;
        st->result = parser.release();
        auto& conn = *st->conn;
        conn.tcp().expires_never();
        if (!st->discarded && st->result.keep_alive() && !parser.need_eof() &&
            conn.buffer().size() == 0)
            owner->pool.put(st->pool_key, std::move(st->conn));
        else
            st->conn.reset();
    }

    // The start_* functions take what they need from `st` before `self` (and with it this
    // object and `st`) moves into the operation's handler.

    /// Connects to the looked-up addresses in turn, bounded by `connect_timeout`.
    template <class Self>
    void start_connect(Self& self)
    {
        auto& tcp = st->conn->tcp();
        auto endpoints = st->endpoints;
        tcp.expires_at(bound(owner->options.connect_timeout));
        tcp.async_connect(endpoints, bind(std::move(self)));
    }

    template <class Self>
    void start_handshake(Self& self)
    {
        auto& tls = *st->conn->secure();
        tls.async_handshake(boost::asio::ssl::stream_base::client, bind(std::move(self)));
    }

    template <class Self>
    void start_write(Self& self)
    {
        auto& conn = *st->conn;
        auto const& req = st->req;
        conn.async_write(req, bind(std::move(self)));
    }

    template <class Self>
    void start_read_some(Self& self)
    {
        auto& conn = *st->conn;
        auto const deadline = st->deadline;
        conn.async_read_some(deadline, bind(std::move(self)));
    }

    template <class Self>
    void start_read(Self& self)
    {
        auto& conn = *st->conn;
        auto& parser = *st->parser;
        conn.async_read(parser, bind(std::move(self)));
    }

    /// Intermediate steps run on the connection's executor.
    template <class Self>
    auto bind(Self&& self)
    {
        auto ex = st->conn->get_executor();
        return boost::asio::bind_executor(std::move(ex), std::forward<Self>(self));
    }

    /// An IP literal needs no lookup: its endpoint goes straight to connect.
    bool resolved_from_literal()
    {
        error_code not_ip;
        auto const addr = boost::asio::ip::make_address(st->where.host, not_ip);
        if (not_ip)
            return false;
        st->host_ip = addr;
        unsigned long port = std::stoul(st->where.port);
        st->endpoints = boost::asio::ip::tcp::resolver::results_type::create(
            boost::asio::ip::tcp::endpoint(addr, static_cast<unsigned short>(port)), st->where.host,
            st->where.port);
        return true;
    }

    /** Looks the host up, bounded by `resolve_timeout`. The system resolver cannot be
        interrupted: on timeout the exchange goes on with `beast::error::timeout` and the
        lookup ends in the background. */
    template <class Self>
    void start_resolve(Self& self)
    {
        namespace asio = boost::asio;
        using results_type = asio::ip::tcp::resolver::results_type;
        struct race
        {
            explicit race(asio::any_io_executor const& ex) : resolver(ex), timer(ex) {}
            asio::ip::tcp::resolver resolver;
            asio::steady_timer timer;
            std::optional<Self> waiting;
        };
        auto ex = st->conn->get_executor();
        auto r = std::make_shared<race>(ex);
        auto const host = st->where.host;
        auto const port = st->where.port;
        auto* s = st.get();
        r->timer.expires_at(bound(owner->options.resolve_timeout));
        r->waiting.emplace(std::move(self));
        r->resolver.async_resolve(host, port, asio::ip::resolver_base::numeric_service,
                                  asio::bind_executor(ex, [r](error_code ec, results_type results) {
                                      if (!r->waiting)
                                          return;
                                      r->timer.cancel();
                                      auto op = std::move(*r->waiting);
                                      r->waiting.reset();
                                      op(ec, std::move(results));
                                  }));
        r->timer.async_wait(asio::bind_executor(ex, [r, s](error_code ec) {
            if (ec == asio::error::operation_aborted || !r->waiting)
                return;
            r->resolver.cancel();
            if (s->lookup_abandoned)
                *s->lookup_abandoned = true;
            auto op = std::move(*r->waiting);
            r->waiting.reset();
            op(boost::beast::error::timeout, results_type{});
        }));
    }

    /// SNI for host names, and the name or address the certificate must carry.
    bool prepare_tls(detail::http_connection::tls_stream& tls, error_code& ec)
    {
        SSL* ssl = tls.native_handle();
        auto const& host = st->where.host;
        bool const by_name = !st->host_ip;
        bool ok = true;
        if (by_name)
            ok = SSL_set_tlsext_host_name(ssl, host.c_str()) == 1;
        if (ok && !owner->options.tls.insecure_skip_verification) {
            if (by_name) {
                SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
                ok = SSL_set1_host(ssl, host.c_str()) == 1;
            } else {
                ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
            }
        }
        if (!ok)
            ec = error::invalid_argument;
        return ok;
    }

    /// A handshake failure caused by the certificate, as coverkit's two verification codes.
    static error_code verification_error(detail::http_connection::tls_stream& tls, error_code ec)
    {
        if (ec.category() != boost::asio::error::get_ssl_category())
            return ec;
        auto const result = SSL_get_verify_result(tls.native_handle());
        if (result == X509_V_OK)
            return ec;
        if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH)
            return error::certificate_name_mismatch;
        return error::certificate_untrusted;
    }
};

#include <boost/asio/unyield.hpp>

COVERKIT_DECL void http_transport::start(executor_type const& ex, std::shared_ptr<impl> const& core,
                                         http_request req, exchange_options const& opts,
                                         exchange_handler handler)
{
    auto st = send_op::prepare(*core, std::move(req), opts, false);
    st->io_ex = ex;
    boost::asio::async_compose<exchange_handler, void(error_code, http_response)>(
        send_op{core, std::move(st)}, handler, ex);
}

COVERKIT_DECL http_response http_transport::send(http_request req, error_code& ec)
{
    return send(std::move(req), exchange_options{}, ec);
}

COVERKIT_DECL http_response http_transport::send(http_request req, exchange_options const& opts,
                                                 error_code& ec)
{
    ec = {};
    auto st = send_op::prepare(*impl_, std::move(req), opts, true);
    if (st->setup_error) {
        ec = st->setup_error;
        return {};
    }
    // A pooled connection brings its private io_context; a new one gets its own.
    auto own = st->conn ? st->conn->own_context() : std::make_shared<boost::asio::io_context>(1);
    own->restart();
    st->own = own;
    st->io_ex = own->get_executor();
    bool done = false;
    bool abandoned = false;
    st->lookup_abandoned = &abandoned;
    http_response res;
    // Erased as the asynchronous form's handler is: one instantiation of the exchange serves
    // both forms.
    exchange_handler handler([&](error_code e, http_response r) {
        ec = e;
        res = std::move(r);
        done = true;
    });
    boost::asio::async_compose<exchange_handler, void(error_code, http_response)>(
        send_op{impl_, std::move(st)}, handler, own->get_executor());
    while (!done && own->run_one() != 0) {
    }
    if (!done) // unreachable: the exchange holds work on the context until it completes
        ec = boost::asio::error::operation_aborted;
    if (abandoned) {
        // A timed-out lookup still runs; destroying the context would wait for it.
        std::thread([own = std::move(own)] { own->run(); }).detach();
    }
    return res;
}

COVERKIT_DECL http_response http_transport::send(http_request req)
{
    error_code ec;
    auto res = send(std::move(req), ec);
    if (ec)
        throw boost::system::system_error(ec, "coverkit::http_transport::send");
    return res;
}

} // namespace coverkit

#endif
