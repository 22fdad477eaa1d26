#include <coverkit/transport/in_process.hpp>

#include <coverkit/detail/origin.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/test/unit_test.hpp>
#include <boost/url/parse.hpp>

#include "support/print.hpp"

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace http = boost::beast::http;
using coverkit::http_request;
using coverkit::http_response;
using coverkit::in_process_transport;

namespace {

// A handler that records what it was given and answers 200 with the target it saw.
struct recorder
{
    std::shared_ptr<std::optional<http_request>> seen =
        std::make_shared<std::optional<http_request>>();

    in_process_transport::handler_type handler()
    {
        return [seen = seen](http_request const& req) {
            *seen = req;
            http_response res{http::status::ok, 11};
            res.body() = std::string(req.target());
            res.prepare_payload();
            return res;
        };
    }
};

http_request get(std::string target)
{
    http_request req{http::verb::get, target, 11};
    req.prepare_payload();
    return req;
}

/// What a request to `target` becomes: the origin, the Host header and the target sent.
struct rewritten
{
    bool ok = false;
    bool tls = false;
    std::string host, port, host_header, target;

    bool operator==(rewritten const&) const = default;
};

std::ostream& operator<<(std::ostream& os, rewritten const& r)
{
    return os << (r.ok ? "ok " : "invalid ") << r.tls << ' ' << r.host << ' ' << r.port << ' '
              << r.host_header << ' ' << r.target;
}

rewritten through_origin_form(std::string const& target)
{
    auto req = get(target);
    coverkit::error_code ec;
    auto const where = coverkit::detail::to_origin_form(req, ec);
    if (ec)
        return {};
    return {true,
            where.tls,
            where.host,
            where.port,
            std::string(req[http::field::host]),
            std::string(req.target())};
}

/// The same from the whole URL parsed by Boost.URL as an absolute URI: the reference.
rewritten through_boost_url(std::string const& target)
{
    if (!target.empty() && target.front() == '/')
        return {true, false, "", "", "", target};
    auto url = boost::urls::parse_absolute_uri(target);
    if (!url ||
        (url->scheme_id() != boost::urls::scheme::http &&
         url->scheme_id() != boost::urls::scheme::https) ||
        url->host_address().empty())
        return {};
    // RFC 3986, 3.3: after an authority the path is empty or starts with "/". Boost.URL 1.81
    // accepts "http://h:80x/p" as port 80 and path "x/p"; the transports refuse it.
    if (!url->encoded_path().empty() && !url->encoded_path().starts_with('/'))
        return {};
    rewritten r;
    r.ok = true;
    r.tls = url->scheme_id() == boost::urls::scheme::https;
    r.host = url->host_address();
    r.port = url->has_port() && !url->port().empty() ? std::string(url->port())
                                                     : std::string(r.tls ? "443" : "80");
    if (r.port.size() > 5 || std::stoul(r.port) > 65535)
        return {};
    r.host_header = url->encoded_host_and_port();
    r.target = url->encoded_path();
    if (r.target.empty())
        r.target = "/";
    if (url->has_query())
        r.target += "?" + std::string(url->encoded_query());
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(transport_in_process)

// The transports take URLs apart by hand, for speed: the outcome must be what parsing the whole
// URL gives, for valid URLs and every kind of mistake.
BOOST_AUTO_TEST_CASE(urls_are_taken_apart_as_parsing_the_whole_url_does)
{
    std::vector<std::string> const seeds{
        "http://h",
        "HTTPS://Api.Example:8443/v5/rooms/a%2Fb?x=1&y=%20",
        "https://user:pw@host/p?q",
        "http://[::1]:8080/x",
        "http://[v7.fe]/x",
        "http://127.0.0.1:65535/a/b/",
        "http://h:65536/",
        "http://h:/p",
        "http://h:0080/p",
        "http://h?only=query",
        "http://h/p?a=/b?c",
        "http://h/p#frag",
        "http://h/%zz",
        "http://h/%4",
        "http://h/a b",
        "http://h/\r\nX: y",
        "http:///p",
        "http:/p",
        "http:p",
        "https//h/p",
        "ftp://h/x",
        "not a url",
        "h/x",
        "",
        "http://%41%42/x",
        "http://h%zz/x",
        "http://[::1/x",
        "http://h/p;q=1/!$&'()*+,=:@-._~",
        "http://h/p?[]",
    };
    std::string const alphabet = ":/?#[]@%!$&'()*+,;=-._~ \"\\^`{|}<>\x7f\x80\t0aZ9";
    std::mt19937 random(20261207);
    std::vector<std::string> cases = seeds;
    for (auto const& seed : seeds)
        for (int i = 0; i < 300; ++i) {
            auto s = seed;
            auto const at = s.empty() ? 0 : random() % (s.size() + 1);
            char const c = alphabet[random() % alphabet.size()];
            switch (random() % 3) {
            case 0:
                s.insert(at, 1, c);
                break;
            case 1:
                if (at < s.size())
                    s[at] = c;
                break;
            default:
                if (at < s.size())
                    s.erase(at, 1);
            }
            cases.push_back(std::move(s));
        }
    std::size_t valid = 0;
    for (auto const& target : cases) {
        auto const got = through_origin_form(target);
        auto const want = through_boost_url(target);
        BOOST_TEST(got == want, target << ": " << got << ", Boost.URL: " << want);
        valid += got.ok ? 1 : 0;
    }
    // Both outcomes are well represented (about one case in six is a valid URL).
    BOOST_TEST(valid > cases.size() / 10);
    BOOST_TEST(valid < cases.size() / 2);
}

BOOST_AUTO_TEST_CASE(absolute_targets_arrive_in_origin_form_with_host)
{
    boost::asio::io_context ioc;
    recorder rec;
    in_process_transport t(ioc.get_executor(), rec.handler());
    coverkit::error_code ec;
    auto res = t.send(get("https://api.example:8443/v5/rooms/a%2Fb?x=1&y=%20"), ec);
    BOOST_TEST(!ec);
    BOOST_TEST(res.body() == "/v5/rooms/a%2Fb?x=1&y=%20");
    BOOST_TEST_REQUIRE(rec.seen->has_value());
    BOOST_TEST((**rec.seen)[http::field::host] == "api.example:8443");
}

BOOST_AUTO_TEST_CASE(empty_path_becomes_slash_and_origin_form_passes)
{
    boost::asio::io_context ioc;
    recorder rec;
    in_process_transport t(ioc.get_executor(), rec.handler());
    BOOST_TEST(t.send(get("http://h")).body() == "/");
    BOOST_TEST(t.send(get("/already/origin")).body() == "/already/origin");
}

BOOST_AUTO_TEST_CASE(unroutable_targets_fail)
{
    boost::asio::io_context ioc;
    recorder rec;
    in_process_transport t(ioc.get_executor(), rec.handler());
    for (auto target : {"ftp://h/x", "not a url", "h/x"}) {
        coverkit::error_code ec;
        t.send(get(target), ec);
        BOOST_TEST(ec == coverkit::error::invalid_argument, target);
    }
    BOOST_TEST(!rec.seen->has_value());
    BOOST_CHECK_THROW(t.send(get("ftp://h/x")), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(async_send_never_completes_inline)
{
    boost::asio::io_context ioc;
    recorder rec;
    in_process_transport t(ioc.get_executor(), rec.handler());
    bool done = false;
    t.async_send(get("http://h/p"), [&](coverkit::error_code ec, http_response res) {
        BOOST_TEST(!ec);
        BOOST_TEST(res.body() == "/p");
        done = true;
    });
    BOOST_TEST(!done);
    BOOST_TEST(!rec.seen->has_value()); // the server side has not run either
    BOOST_TEST(ioc.run() > 0u);
    BOOST_TEST(done);
}

BOOST_AUTO_TEST_CASE(async_errors_complete_through_the_executor)
{
    boost::asio::io_context ioc;
    recorder rec;
    in_process_transport t(ioc.get_executor(), rec.handler());
    std::optional<coverkit::error_code> got;
    t.async_send(get("ftp://h/x"), [&](coverkit::error_code ec, http_response) { got = ec; });
    BOOST_TEST(!got.has_value());
    ioc.run();
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(*got == coverkit::error::invalid_argument);
}

BOOST_AUTO_TEST_CASE(completion_runs_on_the_handlers_executor)
{
    boost::asio::io_context ioc;
    recorder rec;
    in_process_transport t(ioc.get_executor(), rec.handler());
    auto strand = boost::asio::make_strand(ioc);
    bool on_strand = false;
    t.async_send(get("http://h/p"),
                 boost::asio::bind_executor(strand, [&](coverkit::error_code, http_response) {
                     on_strand = strand.running_in_this_thread();
                 }));
    ioc.run();
    BOOST_TEST(on_strand);
}

BOOST_AUTO_TEST_SUITE_END()
