#include <coverkit/download.hpp>

#include "support/environment.hpp"
#include "support/nginx.hpp"
#include "support/pki.hpp"

#include <coverkit/transport/http.hpp>
#include <coverkit/transport/in_process.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace http = boost::beast::http;
namespace fs = std::filesystem;
using coverkit::download;
using coverkit::download_options;
using coverkit::error;
using coverkit::error_code;
using coverkit::error_details;
using coverkit::object_data;

namespace {

// A transport whose server side answers `answer` and remembers the requests.
struct scripted
{
    boost::asio::io_context ioc;
    std::shared_ptr<std::vector<coverkit::http_request>> seen =
        std::make_shared<std::vector<coverkit::http_request>>();
    std::shared_ptr<coverkit::http_response> answer =
        std::make_shared<coverkit::http_response>(http::status::ok, 11);
    coverkit::in_process_transport transport{
        ioc.get_executor(), [seen = seen, answer = answer](coverkit::http_request const& req) {
            seen->push_back(req);
            return *answer;
        }};

    void answers(http::status status, std::string body, std::string type = "image/png")
    {
        answer->result(status);
        answer->set(http::field::content_type, type);
        answer->body() = std::move(body);
    }
};

constexpr char const* url = "http://store.test/storage/white-cover/room_cover/a/b.png";

// Bytes that are not text: every byte value, repeated.
std::string binary(std::size_t n)
{
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i)
        s[i] = static_cast<char>(i * 7 % 256);
    return s;
}

std::string read_file(fs::path const& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Files in `dir` other than the ones named.
std::vector<std::string> entries(fs::path const& dir)
{
    std::vector<std::string> out;
    for (auto const& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(download_object)

BOOST_AUTO_TEST_CASE(gets_the_bytes_and_their_type)
{
    scripted s;
    s.answers(http::status::ok, binary(5000));
    auto const o = download(s.transport, url);
    BOOST_TEST(o.content_type == "image/png");
    BOOST_TEST((o.bytes == binary(5000)));
    BOOST_TEST_REQUIRE(s.seen->size() == 1u);
    auto const& req = s.seen->front();
    BOOST_TEST((req.method() == http::verb::get));
    // in origin form, as every transport sends it
    BOOST_TEST(req.target() == "/storage/white-cover/room_cover/a/b.png");
    BOOST_TEST(req[http::field::host] == "store.test");
    BOOST_TEST(req[http::field::accept] == "*/*");
    BOOST_TEST(req.body().empty());
}

BOOST_AUTO_TEST_CASE(the_size_limit_is_the_callers)
{
    scripted s;
    s.answers(http::status::ok, binary(10));
    error_code ec;
    error_details d;
    BOOST_TEST(download(s.transport, url, download_options{10}, ec, d).bytes.size() == 10u);
    BOOST_TEST(!ec);
    s.answers(http::status::ok, binary(11));
    auto const o = download(s.transport, url, download_options{10}, ec, d);
    BOOST_TEST(ec == error::response_too_large);
    BOOST_TEST(o.bytes.empty());
    BOOST_TEST(d.status == 200u);
    BOOST_TEST(d.message.find("11") != std::string::npos);
    BOOST_TEST(d.message.find("10") != std::string::npos);
    BOOST_TEST(coverkit::default_max_download == 32u * 1024 * 1024);
}

BOOST_AUTO_TEST_CASE(failures_carry_the_status_and_message)
{
    scripted s;
    s.answers(http::status::not_found, R"({"message":"no such object"})", "application/json");
    error_code ec;
    error_details d;
    download(s.transport, url, {}, ec, d);
    BOOST_TEST(ec == error::not_found);
    BOOST_TEST(d.status == 404u);
    BOOST_TEST(d.message == "no such object");
    s.answers(http::status::forbidden, "plain text", "text/plain");
    try {
        download(s.transport, url);
        BOOST_FAIL("no exception");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == error_code(error::forbidden));
        BOOST_TEST(e.details().body == "plain text");
    }
}

BOOST_AUTO_TEST_CASE(only_absolute_http_urls_are_sent)
{
    scripted s;
    for (char const* bad : {"", "/storage/a.png", "ftp://h/a.png", "http:///a.png", "not a url"}) {
        error_code ec;
        error_details d;
        download(s.transport, bad, {}, ec, d);
        BOOST_TEST(ec == error::invalid_argument, bad);
        BOOST_TEST(!d.message.empty());
    }
    BOOST_TEST(s.seen->empty());
}

BOOST_AUTO_TEST_CASE(asynchronously)
{
    scripted s;
    s.answers(http::status::ok, binary(100));
    std::optional<object_data> got;
    std::optional<error_code> failure;
    error_details d;
    coverkit::async_download(s.transport, url, {}, [&](error_code ec, object_data o) {
        BOOST_TEST(!ec);
        got = std::move(o);
    });
    coverkit::async_download(s.transport, "nope", {}, d,
                             [&](error_code ec, object_data) { failure = ec; });
    BOOST_TEST(!got.has_value()); // never inline
    s.ioc.run();
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST((got->bytes == binary(100)));
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(*failure == error::invalid_argument);
    BOOST_TEST(!d.message.empty());
}

BOOST_AUTO_TEST_CASE(over_http_from_nginx)
{
    // A real server and the network transport: a megabyte that is not text.
    auto const body = binary(1 << 20);
    coverkit::test::nginx_static_server nginx(body);
    boost::asio::io_context ioc;
    coverkit::http_transport transport(ioc.get_executor(),
                                       coverkit::test::test_transport_options());
    auto const where = nginx.base_url() + coverkit::test::nginx_static_server::target;
    auto const o = download(transport, where);
    BOOST_TEST((o.bytes == body));
    BOOST_TEST(o.content_type == "application/json");
    error_code ec;
    download(transport, where, download_options{1000}, ec);
    BOOST_TEST(ec == error::response_too_large);
    download(transport, nginx.base_url() + "/missing", {}, ec);
    BOOST_TEST(ec == error::not_found);
}

BOOST_AUTO_TEST_CASE(to_a_file_atomically)
{
    coverkit::test::temp_dir dir;
    auto const file = fs::path(dir.path()) / "cover.png";
    scripted s;
    s.answers(http::status::ok, binary(3000));
    BOOST_TEST(coverkit::download_to_file(s.transport, url, file) == "image/png");
    BOOST_TEST((read_file(file) == binary(3000)));
    struct stat st
    {
    };
    BOOST_TEST_REQUIRE(::stat(file.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0644u);
    BOOST_TEST(entries(dir.path()) == std::vector<std::string>{"cover.png"},
               boost::test_tools::per_element());

    // Failures leave the file as it was, and no temporary file behind.
    error_code ec;
    error_details d;
    s.answers(http::status::not_found, "{}", "application/json");
    coverkit::download_to_file(s.transport, url, file, {}, ec, d);
    BOOST_TEST(ec == error::not_found);
    s.answers(http::status::ok, binary(5000));
    coverkit::download_to_file(s.transport, url, file, download_options{4999}, ec, d);
    BOOST_TEST(ec == error::response_too_large);
    BOOST_TEST((read_file(file) == binary(3000)));
    BOOST_TEST(entries(dir.path()) == std::vector<std::string>{"cover.png"},
               boost::test_tools::per_element());

    // A directory where the file should go: the rename fails, the temporary file goes.
    fs::create_directory(fs::path(dir.path()) / "taken");
    coverkit::download_to_file(s.transport, url, fs::path(dir.path()) / "taken", {}, ec, d);
    BOOST_TEST(ec == boost::system::errc::is_a_directory);
    BOOST_TEST(d.message.find("renaming") != std::string::npos);
    BOOST_TEST(entries(dir.path()).size() == 2u); // cover.png and taken/
    fs::remove(fs::path(dir.path()) / "taken");

    // A directory that does not exist: the system's error, naming the place.
    coverkit::download_to_file(s.transport, url, fs::path(dir.path()) / "no" / "x.png", {}, ec, d);
    BOOST_TEST(ec == boost::system::errc::no_such_file_or_directory);
    BOOST_TEST(d.message.find("/no") != std::string::npos);
    BOOST_TEST(entries(dir.path()) == std::vector<std::string>{"cover.png"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
