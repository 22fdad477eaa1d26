//
// coverkit — the fake server behind a socket
//
#include <coverkit/fake/listener.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace coverkit::fake {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

std::string url_authority(tcp::endpoint const& ep)
{
    auto const addr = ep.address();
    auto const host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
    return host + ":" + std::to_string(ep.port());
}

std::string default_public_base(tcp::endpoint const& ep)
{
    if (ep.address().is_unspecified())
        return {};
    return "http://" + url_authority(ep) + "/storage";
}

namespace {

class session;

} // namespace

struct listener::impl : std::enable_shared_from_this<listener::impl>
{
    impl(asio::io_context& ioc, tcp::endpoint const& ep, listener_options opts)
        : ioc(ioc), acceptor(asio::make_strand(ioc)), retry_timer(acceptor.get_executor()),
          options(opts)
    {
        acceptor.open(ep.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(ep);
        acceptor.listen(asio::socket_base::max_listen_connections);
        bound = acceptor.local_endpoint();
    }

    void do_accept();
    void on_accept(error_code ec, tcp::socket socket);

    /// A request id for answers the listener writes itself.
    std::string next_request_id()
    {
        char id[48];
        std::snprintf(id, sizeof id, "listener-%08llu",
                      static_cast<unsigned long long>(++own_answers));
        return id;
    }

    asio::io_context& ioc;
    tcp::acceptor acceptor;
    asio::steady_timer retry_timer;
    tcp::endpoint bound;
    listener_options options;
    std::optional<fake::server> srv;
    std::atomic<bool> started{false};
    std::atomic<bool> stopping{false};
    std::atomic<unsigned long long> own_answers{0};

    std::mutex sessions_mutex;
    std::map<session*, std::weak_ptr<session>> sessions;
};

namespace {

/// One connection: read a request, answer it, write the answer, again while kept alive.
class session : public std::enable_shared_from_this<session>
{
public:
    session(tcp::socket socket, std::shared_ptr<listener::impl> owner)
        : stream_(std::move(socket)), owner_(std::move(owner))
    {}

    ~session()
    {
        std::lock_guard lock(owner_->sessions_mutex);
        owner_->sessions.erase(this);
    }

    void run()
    {
        asio::dispatch(stream_.get_executor(),
                       [self = shared_from_this()] { self->wait_for_request(); });
    }

    /// Called through `listener::stop`: close if idle, else close after the current answer.
    void stop()
    {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            self->stopping_ = true;
            if (self->idle_)
                self->stream_.cancel();
        });
    }

private:
    listener_options const& options() const { return owner_->options; }

    bool stopping() const { return stopping_ || owner_->stopping; }

    // Waits for the first byte of the next request, for at most the idle timeout.
    void wait_for_request()
    {
        if (stopping())
            return close();
        if (buffer_.size() > 0) // a pipelined request is already here
            return read_header();
        idle_ = true;
        stream_.expires_after(options().idle_timeout);
        stream_.async_read_some(buffer_.prepare(4096),
                                [self = shared_from_this()](error_code ec, std::size_t n) {
                                    self->idle_ = false;
                                    if (ec)
                                        return self->close();
                                    self->buffer_.commit(n);
                                    self->read_header();
                                });
    }

    void read_header()
    {
        parser_.emplace();
        parser_->body_limit(options().body_limit);
        stream_.expires_after(options().header_timeout);
        http::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](error_code ec, std::size_t) { self->on_header(ec); });
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
            http::async_write(stream_, *cont,
                              [self = shared_from_this(), cont](error_code ec, std::size_t) {
                                  if (ec)
                                      return self->close();
                                  self->read_body();
                              });
            return;
        }
        read_body();
    }

    void read_body()
    {
        // The header timeout, set when the request started, still runs.
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](error_code ec, std::size_t) {
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
        close(); // the peer left, was too slow, or the socket failed
    }

    void answer()
    {
        http::request<http::string_body> req = parser_->release();
        parser_.reset();
        res_ = owner_->srv->handle(req);
        if (stopping())
            res_.keep_alive(false);
        write(res_.keep_alive());
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
        stream_.expires_after(options().header_timeout);
        http::async_write(stream_, res_, [self = shared_from_this()](error_code ec, std::size_t) {
            if (ec)
                return self->close();
            self->drain_and_close();
        });
    }

    /** After an answer to a request whose rest is not read: stop sending, then read and drop
        what the client still sends, for a bounded time, so that closing with unread data does
        not reset the connection before the client has read the answer. */
    void drain_and_close()
    {
        error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        buffer_.clear();
        stream_.expires_after(
            std::min<std::chrono::milliseconds>(options().header_timeout, std::chrono::seconds(2)));
        drain();
    }

    void drain()
    {
        stream_.async_read_some(buffer_.prepare(64 * 1024),
                                [self = shared_from_this()](error_code ec, std::size_t) {
                                    if (ec)
                                        return self->close();
                                    self->drain();
                                });
    }

    void write(bool keep_alive)
    {
        stream_.expires_after(options().header_timeout);
        http::async_write(stream_, res_,
                          [self = shared_from_this(), keep_alive](error_code ec, std::size_t) {
                              if (ec || !keep_alive)
                                  return self->close();
                              self->res_ = {};
                              self->wait_for_request();
                          });
    }

    void close()
    {
        error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.socket().close(ignored);
    }

    beast::tcp_stream stream_;
    std::shared_ptr<listener::impl> owner_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http_response res_;
    bool idle_ = false;
    bool stopping_ = false;
};

} // namespace

void listener::impl::do_accept()
{
    acceptor.async_accept(
        asio::make_strand(ioc),
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
    auto s = std::make_shared<session>(std::move(socket), shared_from_this());
    {
        std::lock_guard lock(sessions_mutex);
        sessions.emplace(s.get(), s);
    }
    s->run();
    do_accept();
}

listener::listener(asio::io_context& ioc, fake::server srv, tcp::endpoint ep,
                   listener_options options)
    : impl_(std::make_shared<impl>(ioc, ep, options))
{
    impl_->srv.emplace(std::move(srv));
}

listener::listener(asio::io_context& ioc, tcp::endpoint ep,
                   std::function<fake::server(tcp::endpoint const&)> make_server,
                   listener_options options)
    : impl_(std::make_shared<impl>(ioc, ep, options))
{
    impl_->srv.emplace(make_server(impl_->bound));
}

listener::~listener()
{
    stop();
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
    std::vector<std::shared_ptr<session>> live;
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
