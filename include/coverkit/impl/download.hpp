#ifndef COVERKIT_IMPL_DOWNLOAD_HPP
#define COVERKIT_IMPL_DOWNLOAD_HPP

#include <coverkit/detail/call.hpp>
#include <coverkit/detail/rest.hpp>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/url/parse.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace coverkit {

namespace detail {

inline result<object_data> read_object(http_response& res, error_details&)
{
    object_data o;
    o.content_type = std::string(res[boost::beast::http::field::content_type]);
    o.bytes = std::move(res.body());
    return o;
}

// A storage error may come as JSON {"message": ...}; anything else leaves the message empty.
inline void read_object_error(http_response const& res, error_details& d)
{
    d.message = error_text(res, "message");
}

inline call<object_data> prepare_download(std::string_view url, download_options const& options,
                                          char const* operation = "download")
{
    auto const u = boost::urls::parse_absolute_uri(url);
    if (!u ||
        (u->scheme_id() != boost::urls::scheme::http &&
         u->scheme_id() != boost::urls::scheme::https) ||
        u->encoded_host().empty())
        return reject<object_data>(operation, error::invalid_argument,
                                   "\"" + std::string(url) + "\" is not an absolute http(s) URL");
    call<object_data> c;
    c.operation = operation;
    c.req.method(boost::beast::http::verb::get);
    c.req.target(url);
    c.req.version(11);
    c.req.set(boost::beast::http::field::accept, "*/*");
    c.req.prepare_payload();
    c.success_status = 200;
    c.exchange.max_body = options.max_bytes;
    c.parse = &read_object;
    c.read_error = &read_object_error;
    return c;
}

inline error_code last_system_error()
{
    return error_code(errno, boost::system::generic_category());
}

// Writes `bytes` to a temporary file beside `file`, flushes it to disk and renames it over
// `file`; on failure removes the temporary file and leaves `file` alone.
inline void write_file_atomically(std::filesystem::path const& file, std::string_view bytes,
                                  error_code& ec, error_details& d)
{
    auto const dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::string temp = (dir / ("." + file.filename().string() + ".coverkit-XXXXXX")).string();
    auto fail = [&](std::string what, int fd) {
        ec = last_system_error();
        d.message = what + ": " + ec.message();
        if (fd >= 0)
            ::close(fd);
        ::unlink(temp.c_str());
    };
    int const fd = ::mkstemp(temp.data());
    if (fd < 0) {
        ec = last_system_error();
        d.message = "creating a temporary file in " + dir.string() + ": " + ec.message();
        return;
    }
    // mkstemp makes the file private (0600); a downloaded picture is an ordinary file.
    if (::fchmod(fd, 0644) != 0)
        return fail("setting the mode of " + temp, fd);
    for (std::size_t done = 0; done < bytes.size();) {
        auto const n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail("writing " + temp, fd);
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return fail("writing " + temp, fd);
    if (::close(fd) != 0)
        return fail("writing " + temp, -1);
    if (::rename(temp.c_str(), file.c_str()) != 0)
        return fail("renaming " + temp + " to " + file.string(), -1);
}

// download_to_file as a call: the object's answer read as download's, then written to the
// file; the result is the content type.
struct download_file_state
{
    using result_type = std::string;

    call<object_data> c;
    std::filesystem::path file;

    bool step(http_response& res, error_code& ec, std::string& v, error_details& d)
    {
        auto object = finish(c, res, ec, d);
        if (ec)
            return true;
        write_file_atomically(file, object.bytes, ec, d);
        if (!ec)
            v = std::move(object.content_type);
        return true;
    }
    void done(error_details&) const noexcept {}
};

inline download_file_state prepare_download_file(std::string_view url,
                                                 std::filesystem::path const& file,
                                                 download_options const& options)
{
    return {prepare_download(url, options, "download_to_file"), file};
}

} // namespace detail

template <transport Transport>
object_data download(Transport& transport, std::string_view url, download_options options)
{
    return detail::run(transport, detail::prepare_download(url, options));
}

template <transport Transport>
object_data download(Transport& transport, std::string_view url, download_options options,
                     error_code& ec)
{
    error_details details;
    return download(transport, url, options, ec, details);
}

template <transport Transport>
object_data download(Transport& transport, std::string_view url, download_options options,
                     error_code& ec, error_details& details)
{
    return detail::run(transport, detail::prepare_download(url, options), ec, details);
}

template <transport Transport, class CompletionToken>
auto async_download(Transport& transport, std::string_view url, download_options options,
                    CompletionToken&& token)
{
    return detail::async_run(transport, detail::prepare_download(url, options), nullptr,
                             std::forward<CompletionToken>(token));
}

template <transport Transport, class CompletionToken>
auto async_download(Transport& transport, std::string_view url, download_options options,
                    error_details& details, CompletionToken&& token)
{
    return detail::async_run(transport, detail::prepare_download(url, options), &details,
                             std::forward<CompletionToken>(token));
}

template <transport Transport>
std::string download_to_file(Transport& transport, std::string_view url,
                             std::filesystem::path const& file, download_options options,
                             error_code& ec, error_details& details)
{
    return detail::run_state(transport, detail::prepare_download_file(url, file, options), ec,
                             details);
}

template <transport Transport>
std::string download_to_file(Transport& transport, std::string_view url,
                             std::filesystem::path const& file, download_options options)
{
    return detail::run_state(transport, detail::prepare_download_file(url, file, options));
}

template <transport Transport, class CompletionToken>
auto async_download_to_file(Transport& transport, std::string_view url,
                            std::filesystem::path const& file, download_options options,
                            CompletionToken&& token)
{
    return detail::async_run_state(transport, detail::prepare_download_file(url, file, options),
                                   nullptr, std::forward<CompletionToken>(token));
}

template <transport Transport, class CompletionToken>
auto async_download_to_file(Transport& transport, std::string_view url,
                            std::filesystem::path const& file, download_options options,
                            error_details& details, CompletionToken&& token)
{
    return detail::async_run_state(transport, detail::prepare_download_file(url, file, options),
                                   &details, std::forward<CompletionToken>(token));
}

} // namespace coverkit

#endif
