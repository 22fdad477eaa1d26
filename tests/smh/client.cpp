#include <coverkit/smh/client.hpp>

#include <coverkit/detail/url.hpp>
#include <coverkit/transport/http.hpp>
#include <coverkit/transport/in_process.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>
#include <boost/url/parse.hpp>

#include "support/environment.hpp"
#include "support/print.hpp"
#include "support/raw_server.hpp"

#include <functional>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http = boost::beast::http;
using coverkit::error;
using coverkit::error_code;
using coverkit::error_details;
using coverkit::http_request;
using coverkit::http_response;
using coverkit::in_process_transport;
using coverkit::object_data;
using coverkit::smh::access_token;
using coverkit::smh::access_token_request;
using coverkit::smh::album_cover_request;
using coverkit::smh::client;
using coverkit::smh::client_options;

namespace {

http_response answer(http::status status, std::string body = {}, std::string content_type = {})
{
    http_response res{status, 11};
    if (!content_type.empty())
        res.set(http::field::content_type, content_type);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

http_response redirect(std::string_view location, http::status status = http::status::found)
{
    auto res = answer(status);
    res.set(http::field::location, location);
    return res;
}

http_response smh_error(http::status status, std::string_view code, std::string_view message,
                        std::string_view request_id)
{
    return answer(status,
                  R"({"code":")" + std::string(code) + R"(","message":")" + std::string(message) +
                      R"(","requestId":")" + std::string(request_id) + R"("})",
                  "application/json");
}

// A client whose server side answers with `route` and remembers every request.
struct scripted
{
    boost::asio::io_context ioc;
    std::vector<http_request> seen;
    std::function<http_response(http_request const&)> route = [](http_request const&) {
        return answer(http::status::ok);
    };

    client<in_process_transport> make(std::string base = "https://smh.example/base/")
    {
        return client<in_process_transport>(in_process_transport(ioc.get_executor(),
                                                                 [this](http_request const& req) {
                                                                     seen.push_back(req);
                                                                     return route(req);
                                                                 }),
                                            client_options{std::move(base)});
    }

    // Answers `res` to everything.
    void always(http_response res)
    {
        route = [res](http_request const&) { return res; };
    }
};

// The request views its text: the callers' literals outlive it.
album_cover_request cover_of(coverkit::text_view library,
                             std::optional<coverkit::text_view> album = {})
{
    album_cover_request r;
    r.library_id = library;
    r.album = album;
    return r;
}

// A transport whose every exchange fails as a refused connection does.
struct refusing_transport
{
    using executor_type = boost::asio::any_io_executor;
    executor_type ex;
    int* sent;

    executor_type get_executor() const { return ex; }

    http_response send(http_request, error_code& ec)
    {
        ++*sent;
        ec = boost::asio::error::connection_refused;
        return {};
    }

    template <class CompletionToken>
    auto async_send(http_request, CompletionToken&& token)
    {
        ++*sent;
        return boost::asio::async_initiate<CompletionToken, void(error_code, http_response)>(
            [](auto handler, executor_type ex) {
                boost::asio::post(ex, [h = std::move(handler)]() mutable {
                    std::move(h)(error_code(boost::asio::error::connection_refused),
                                 http_response{});
                });
            },
            token, ex);
    }
};
static_assert(coverkit::transport<refusing_transport>);

bool holds(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

// True when no field of the details, nor the exception text, holds `secret`.
bool keeps_out(error_details const& d, std::string_view secret)
{
    return !holds(d.message, secret) && !holds(d.code, secret) && !holds(d.request_id, secret) &&
           !holds(d.body, secret);
}

} // namespace

BOOST_AUTO_TEST_SUITE(smh_client)

BOOST_AUTO_TEST_CASE(make_url_encodes_one_segment_per_name_and_plus_in_the_query)
{
    auto const base = coverkit::detail::parse_base_url("https://h.example/b/");
    BOOST_TEST_REQUIRE(base.has_value());
    BOOST_TEST(
        coverkit::detail::make_url(*base, {"x", "a/b", "summer trip", "旅行"},
                                   {{"k", "a+b c&d=e/f?"}, {"none", std::nullopt}}) ==
        "https://h.example/b/x/a%2Fb/summer%20trip/%E6%97%85%E8%A1%8C?k=a%2Bb%20c%26d%3De/f?");
    // what a server reads back (Boost.URL's params() takes '+' as a space)
    auto const u = boost::urls::parse_uri(
        coverkit::detail::make_url(*base, {}, {{"k", "a+b c&d=e"}, {"k2", "%2B"}}));
    BOOST_TEST_REQUIRE(u.has_value());
    auto const params = u->params();
    BOOST_TEST((*params.find("k")).value == "a+b c&d=e");
    BOOST_TEST((*params.find("k2")).value == "%2B");
    BOOST_TEST(u->segments().size() == 1u); // "b", nothing appended
}

BOOST_AUTO_TEST_CASE(cover_location_sends_the_documented_request)
{
    scripted s;
    s.always(redirect("https://cos.example/covers/1.jpg?sign=q"));
    auto c = s.make();
    auto req = cover_of("lib 1", "summer trip");
    req.size = 256;
    req.access_token = "tok";
    req.user_id = "u 1";
    BOOST_TEST(c.cover_location(req) == "https://cos.example/covers/1.jpg?sign=q");
    BOOST_TEST_REQUIRE(s.seen.size() == 1u);
    auto const& sent = s.seen[0];
    BOOST_TEST((sent.method() == http::verb::get));
    BOOST_TEST(
        sent.target() ==
        "/base/api/v1/album/lib%201/-/cover/summer%20trip?size=256&access_token=tok&user_id=u%201");
    BOOST_TEST(sent[http::field::host] == "smh.example");
    BOOST_TEST(sent.body().empty());
    BOOST_TEST(!sent[http::field::user_agent].empty());
}

BOOST_AUTO_TEST_CASE(names_are_single_percent_encoded_segments)
{
    scripted s;
    s.always(redirect("/x"));
    auto c = s.make("http://smh.example");
    struct case_
    {
        char const* name;
        char const* encoded;
    };
    for (auto [name, encoded] : {case_{"summer trip", "summer%20trip"}, case_{"a/b", "a%2Fb"},
                                 case_{"旅行", "%E6%97%85%E8%A1%8C"},
                                 case_{"a?b#c%d", "a%3Fb%23c%25d"}, case_{"a+b", "a+b"}}) {
        s.seen.clear();
        auto req = cover_of(name, name);
        req.space_id = name;
        c.cover_location(req);
        BOOST_TEST_REQUIRE(s.seen.size() == 1u);
        BOOST_TEST(s.seen[0].target() == "/api/v1/album/" + std::string(encoded) + "/" + encoded +
                                             "/cover/" + encoded,
                   name);
        // and the server reads each back as one segment, as it was
        auto const u = boost::urls::parse_origin_form(s.seen[0].target());
        BOOST_TEST_REQUIRE(u.has_value());
        std::vector<std::string> segments(u->segments().begin(), u->segments().end());
        BOOST_TEST((segments ==
                    std::vector<std::string>{"api", "v1", "album", name, name, "cover", name}));
    }
    // without album and query: nothing more
    s.seen.clear();
    c.cover_location(cover_of("lib"));
    BOOST_TEST_REQUIRE(s.seen.size() == 1u);
    BOOST_TEST(s.seen[0].target() == "/api/v1/album/lib/-/cover");
}

BOOST_AUTO_TEST_CASE(query_parameters_are_sent_only_when_set)
{
    scripted s;
    s.always(redirect("/x"));
    auto c = s.make("http://smh.example");
    auto req = cover_of("lib");
    req.size = 64;
    c.cover_location(req);
    req.size.reset();
    req.user_id = "me";
    c.cover_location(req);
    req.user_id.reset();
    req.access_token = "a+b/c=d&e f";
    c.cover_location(req);
    BOOST_TEST_REQUIRE(s.seen.size() == 3u);
    BOOST_TEST(s.seen[0].target() == "/api/v1/album/lib/-/cover?size=64");
    BOOST_TEST(s.seen[1].target() == "/api/v1/album/lib/-/cover?user_id=me");
    BOOST_TEST(s.seen[2].target() == "/api/v1/album/lib/-/cover?access_token=a%2Bb/c%3Dd%26e%20f");
    auto const u = boost::urls::parse_origin_form(s.seen[2].target());
    BOOST_TEST_REQUIRE(u.has_value());
    BOOST_TEST((*u->params().find("access_token")).value == "a+b/c=d&e f");
}

BOOST_AUTO_TEST_CASE(a_relative_location_is_resolved_against_the_request)
{
    scripted s;
    auto c = s.make("https://smh.example/base");
    auto const req = cover_of("lib", "trip");
    struct case_
    {
        char const* location;
        char const* resolved;
    };
    for (auto [location, resolved] :
         {case_{"/storage/c.jpg", "https://smh.example/storage/c.jpg"},
          case_{"c.jpg?v=2", "https://smh.example/base/api/v1/album/lib/-/cover/c.jpg?v=2"},
          case_{"//cdn.example/c.jpg", "https://cdn.example/c.jpg"},
          case_{"http://other.example:8080/c%20d.jpg#frag",
                "http://other.example:8080/c%20d.jpg"}}) {
        s.always(redirect(location));
        BOOST_TEST(c.cover_location(req) == resolved, location);
    }
    for (auto status : {http::status::moved_permanently, http::status::see_other,
                        http::status::temporary_redirect, http::status::permanent_redirect}) {
        s.always(redirect("/s.png", status));
        error_code ec;
        error_details d;
        BOOST_TEST(c.cover_location(req, ec, d) == "https://smh.example/s.png");
        BOOST_TEST(!ec);
        BOOST_TEST(d.status == static_cast<unsigned>(status));
    }
}

BOOST_AUTO_TEST_CASE(a_200_answer_gives_the_request_url)
{
    scripted s;
    s.always(answer(http::status::ok, "PNG", "image/png"));
    auto c = s.make();
    auto req = cover_of("lib", "a/b");
    req.access_token = "tok";
    BOOST_TEST(c.cover_location(req) ==
               "https://smh.example/base/api/v1/album/lib/-/cover/a%2Fb?access_token=tok");
}

BOOST_AUTO_TEST_CASE(a_redirect_without_a_usable_location_is_malformed)
{
    scripted s;
    auto c = s.make();
    auto no_location = answer(http::status::found);
    no_location.set("x-request-id", "rid-7");
    for (auto const& res : {no_location, redirect("ftp://files.example/c.jpg"),
                            redirect("not a url"), redirect("http:///nohost")}) {
        s.always(res);
        error_code ec;
        error_details d;
        BOOST_TEST(c.cover_location(cover_of("lib"), ec, d).empty());
        BOOST_TEST(ec == error::malformed_response);
        BOOST_TEST(d.status == 302u);
        BOOST_TEST(holds(d.message, "Location"));
        c.cover(cover_of("lib"), {}, ec, d);
        BOOST_TEST(ec == error::malformed_response);
    }
    s.always(no_location);
    error_code ec;
    error_details d;
    c.cover_location(cover_of("lib"), ec, d);
    BOOST_TEST(d.request_id == "rid-7");
}

BOOST_AUTO_TEST_CASE(cover_follows_the_redirect_through_the_same_transport)
{
    scripted s;
    s.route = [](http_request const& req) {
        if (req.target().starts_with("/base/api/v1/album/"))
            return redirect("/storage/covers/c.jpg?sign=abc");
        if (req.target() == "/storage/covers/c.jpg?sign=abc")
            return answer(http::status::ok, "JPEG-BYTES", "image/jpeg");
        return answer(http::status::not_found);
    };
    auto c = s.make();
    auto req = cover_of("lib", "trip");
    req.access_token = "tok";
    req.size = 128;
    auto const got = c.cover(req);
    BOOST_TEST(got.content_type == "image/jpeg");
    BOOST_TEST(got.bytes == "JPEG-BYTES");
    BOOST_TEST_REQUIRE(s.seen.size() == 2u);
    BOOST_TEST(s.seen[0].target() ==
               "/base/api/v1/album/lib/-/cover/trip?size=128&access_token=tok");
    BOOST_TEST((s.seen[1].method() == http::verb::get));
    BOOST_TEST(s.seen[1][http::field::host] == "smh.example");
    BOOST_TEST(!holds(s.seen[1].target(), "tok")); // the token goes where the service sends it
}

BOOST_AUTO_TEST_CASE(cover_takes_bytes_served_directly)
{
    scripted s;
    s.always(answer(http::status::ok, "PNG-BYTES", "image/png"));
    auto c = s.make();
    BOOST_TEST((c.cover(cover_of("lib")) == object_data{"image/png", "PNG-BYTES"}));
    BOOST_TEST(s.seen.size() == 1u);
}

BOOST_AUTO_TEST_CASE(redirects_are_followed_five_times_and_no_more)
{
    static_assert(coverkit::smh::max_redirects == 5);
    scripted s;
    // /hop/1 → /hop/2 → … → /hop/N, which answers the bytes
    int last_hop = 5;
    s.route = [&last_hop](http_request const& req) {
        auto const t = std::string(req.target());
        if (t.starts_with("/api/"))
            return redirect("/hop/1");
        int const n = std::stoi(t.substr(5));
        if (n < last_hop)
            return redirect("/hop/" + std::to_string(n + 1));
        return answer(http::status::ok, "BYTES", "image/png");
    };
    auto c = s.make("http://smh.example");
    BOOST_TEST(c.cover(cover_of("lib")).bytes == "BYTES");
    BOOST_TEST(s.seen.size() == 6u); // the call and 5 redirects

    last_hop = 6;
    s.seen.clear();
    error_code ec;
    error_details d;
    c.cover(cover_of("lib"), {}, ec, d);
    BOOST_TEST(ec == error::unexpected_status);
    BOOST_TEST(d.status == 302u);
    BOOST_TEST(holds(d.message, "5 redirects"));
    BOOST_TEST(s.seen.size() == 6u);

    // a loop ends the same way, asynchronously too
    s.always(redirect("/loop"));
    s.seen.clear();
    std::optional<error_code> failure;
    c.async_cover(cover_of("lib"), {}, [&](error_code ec, object_data o) {
        failure = ec;
        BOOST_TEST(o.bytes.empty());
    });
    s.ioc.run();
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(*failure == error::unexpected_status);
    BOOST_TEST(s.seen.size() == 6u);
}

BOOST_AUTO_TEST_CASE(max_bytes_bounds_the_picture)
{
    scripted s;
    s.route = [](http_request const& req) {
        if (req.target().starts_with("/api/v1/album/big/"))
            return redirect("/storage/big.png");
        return answer(http::status::ok, std::string(100, 'x'), "image/png");
    };
    auto c = s.make("http://smh.example");
    coverkit::download_options small;
    small.max_bytes = 99;
    coverkit::download_options exact;
    exact.max_bytes = 100;
    for (char const* library : {"direct", "big"}) {
        error_code ec;
        error_details d;
        BOOST_TEST(c.cover(cover_of(library), small, ec, d).bytes.empty());
        BOOST_TEST(ec == error::response_too_large, library);
        BOOST_TEST(holds(d.message, "99 bytes allowed"), d.message); // refused while reading
        BOOST_TEST(c.cover(cover_of(library), exact, ec).bytes.size() == 100u);
        BOOST_TEST(!ec, library);
    }
    // the location alone never reads a body
    BOOST_TEST(c.cover_location(cover_of("direct")) ==
               "http://smh.example/api/v1/album/direct/-/cover");
}

BOOST_AUTO_TEST_CASE(a_redirect_from_https_to_http_is_refused_unless_allowed)
{
    scripted s;
    s.route = [](http_request const& req) {
        if (req.target().starts_with("/api/"))
            return redirect("http://storage.example/c.png");
        return answer(http::status::ok, "PNG-BYTES", "image/png");
    };
    auto c = s.make("https://smh.example");
    error_code ec;
    error_details d;
    c.cover(cover_of("lib"), {}, ec, d);
    BOOST_TEST(ec == error::insecure_redirect);
    BOOST_TEST(d.status == 302u);
    BOOST_TEST(s.seen.size() == 1u); // the plain-http URL was never asked
    std::optional<error_code> async_ec;
    c.async_cover(cover_of("lib"), {}, [&](error_code e, object_data) { async_ec = e; });
    s.ioc.run();
    BOOST_TEST_REQUIRE(async_ec.has_value());
    BOOST_TEST(*async_ec == error::insecure_redirect);
    BOOST_TEST(s.seen.size() == 2u);

    client_options allowing{"https://smh.example"};
    allowing.allow_insecure_redirects = true;
    client<in_process_transport> lenient(
        in_process_transport(s.ioc.get_executor(),
                             [&s](http_request const& req) { return s.route(req); }),
        allowing);
    BOOST_TEST(lenient.cover(cover_of("lib")).bytes == "PNG-BYTES");
    // https to https, and http to http, need no permission
    s.route = [](http_request const& req) {
        if (req.target().starts_with("/api/"))
            return redirect("https://storage.example/c.png");
        return answer(http::status::ok, "PNG-BYTES", "image/png");
    };
    BOOST_TEST(c.cover(cover_of("lib")).bytes == "PNG-BYTES");
}

BOOST_AUTO_TEST_CASE(redaction_of_a_body_full_of_secrets)
{
    // An error body echoing the access token 100,000 times (6.5 MB), adjacent and apart: every
    // occurrence is cut out, in one pass.
    std::string token;
    for (int i = 0; i < 4; ++i)
        token += "0123456789abcdef";
    std::string body;
    for (int i = 0; i < 100'000; ++i)
        body += i % 2 ? token + token.substr(0, 7) : token;
    scripted s;
    s.always(answer(http::status::forbidden, body));
    auto c = s.make("http://smh.example");
    auto req = cover_of("lib");
    req.access_token = token;
    error_code ec;
    error_details d;
    c.cover_location(req, ec, d);
    BOOST_TEST(ec == error::forbidden);
    BOOST_TEST(!holds(d.body, token));
    std::size_t redacted = 0;
    for (auto pos = d.body.find("[redacted]"); pos != std::string::npos;
         pos = d.body.find("[redacted]", pos + 1))
        ++redacted;
    BOOST_TEST(redacted == 100'000u);
    BOOST_TEST(d.body.size() == 100'000u * 10 + 50'000u * 7);
}

BOOST_AUTO_TEST_CASE(one_deadline_bounds_a_call_and_its_redirects)
{
    // The service redirects at once; the storage accepts the connection and never answers.
    // The transport would wait 5 s for that exchange; the call's 300 ms end it. Over HTTP and
    // HTTPS, blocking and asynchronous.
    for (bool const tls : {false, true}) {
        for (bool const async : {false, true}) {
            coverkit::test::raw_server server(
                {[](coverkit::test::raw_connection& conn) {
                    if (conn.read_request())
                        conn.write("HTTP/1.1 302 Found\r\nLocation: /slow\r\n"
                                   "Content-Length: 0\r\n\r\n");
                    if (conn.read_request())
                        conn.wait_for_client_close();
                }},
                tls ? coverkit::test::run_server_tls()->native_handle() : nullptr);
            boost::asio::io_context ioc;
            auto transport_options = coverkit::test::test_transport_options();
            transport_options.exchange_timeout = std::chrono::seconds(5);
            client_options o{server.base_url()};
            o.timeout = std::chrono::milliseconds(300);
            client<coverkit::http_transport> c(
                coverkit::http_transport(ioc.get_executor(), transport_options), o);
            auto const start = std::chrono::steady_clock::now();
            error_code ec;
            if (async) {
                c.async_cover(cover_of("lib"), {}, [&](error_code e, object_data) { ec = e; });
                ioc.run();
            } else {
                c.cover(cover_of("lib"), {}, ec);
            }
            auto const took = std::chrono::steady_clock::now() - start;
            BOOST_TEST(ec == error_code(boost::beast::error::timeout),
                       server.base_url() << (async ? " async: " : ": ") << ec.message());
            BOOST_TEST(took >= std::chrono::milliseconds(300));
            BOOST_TEST(took < std::chrono::seconds(3));
        }
    }
}

BOOST_AUTO_TEST_CASE(errors_carry_the_smh_code_message_and_request_id)
{
    scripted s;
    auto c = s.make();
    auto const body =
        smh_error(http::status::not_found, "LibraryNotFound", "no such library", "req-42");
    s.always(body);
    error_code ec;
    error_details d;
    BOOST_TEST(c.cover_location(cover_of("nope"), ec, d).empty());
    BOOST_TEST(ec == error::not_found);
    BOOST_TEST(d.status == 404u);
    BOOST_TEST(d.code == "LibraryNotFound");
    BOOST_TEST(d.message == "no such library");
    BOOST_TEST(d.request_id == "req-42");
    BOOST_TEST(d.body == body.body());

    struct case_
    {
        http::status status;
        char const* code;
        error expected;
    };
    for (auto [status, code, expected] :
         {case_{http::status::bad_request, "InvalidParameter", error::bad_request},
          case_{http::status::bad_request, "EmptyAccessToken", error::bad_request},
          case_{http::status::forbidden, "AccessTokenNotMatchSpace", error::forbidden},
          case_{http::status::not_found, "FileNotFound", error::not_found},
          case_{http::status::internal_server_error, "InternalError", error::server_error}}) {
        s.always(smh_error(status, code, "m", "r"));
        try {
            c.cover(cover_of("lib"));
            BOOST_FAIL("no exception");
        } catch (coverkit::api_error const& e) {
            BOOST_TEST(e.code() == expected, code);
            BOOST_TEST(e.details().code == code);
            BOOST_TEST(holds(e.what(), code));
        }
    }

    // no requestId in the body: the header's
    auto no_id = answer(http::status::forbidden, R"({"code":"InvalidAccessToken","message":"m"})",
                        "application/json");
    no_id.set("x-request-id", "hdr-9");
    s.always(no_id);
    c.cover_location(cover_of("lib"), ec, d);
    BOOST_TEST(ec == error::forbidden);
    BOOST_TEST(d.code == "InvalidAccessToken");
    BOOST_TEST(d.request_id == "hdr-9");

    // another shape: the status still speaks, with no code
    for (char const* other :
         {"<html>Bad Gateway</html>", R"({"code":5,"message":7})", R"(["code"])"}) {
        s.always(answer(http::status::bad_gateway, other));
        c.cover_location(cover_of("lib"), ec, d);
        BOOST_TEST(ec == error::server_error, other);
        BOOST_TEST(d.code.empty());
        BOOST_TEST(d.message.empty());
        BOOST_TEST(d.body == other);
    }
    s.always(answer(http::status::not_modified));
    c.cover(cover_of("lib"), {}, ec, d);
    BOOST_TEST(ec == error::unexpected_status);
}

BOOST_AUTO_TEST_CASE(a_redirect_to_nowhere_is_the_storage_error)
{
    scripted s;
    s.route = [](http_request const& req) {
        if (req.target().starts_with("/api/"))
            return redirect("http://store.example/gone.jpg");
        return answer(http::status::not_found, R"({"message":"no such key"})", "application/json");
    };
    auto c = s.make("http://smh.example");
    error_code ec;
    error_details d;
    c.cover(cover_of("lib"), {}, ec, d);
    BOOST_TEST(ec == error::not_found);
    BOOST_TEST(d.status == 404u);
    BOOST_TEST(d.message == "no such key");
    BOOST_TEST(d.code.empty());
    BOOST_TEST_REQUIRE(s.seen.size() == 2u);
    BOOST_TEST(s.seen[1][http::field::host] == "store.example");
    BOOST_TEST(s.seen[1].target() == "/gone.jpg");
}

BOOST_AUTO_TEST_CASE(create_access_token_sends_the_documented_request)
{
    scripted s;
    s.always(answer(http::status::ok, R"({"accessToken":"issued","expiresIn":3600})",
                    "application/json"));
    auto c = s.make("https://smh.example");
    access_token_request req;
    req.library_id = "lib";
    req.library_secret = "s+cr&t";
    BOOST_TEST((c.create_access_token(req) == access_token{"issued", 3600}));
    req.space_id = "space 1";
    req.user_id = "u";
    req.period = 3600;
    error_code ec;
    BOOST_TEST(c.create_access_token(req, ec).token == "issued");
    BOOST_TEST(!ec);
    BOOST_TEST_REQUIRE(s.seen.size() == 2u);
    BOOST_TEST((s.seen[0].method() == http::verb::get));
    BOOST_TEST(s.seen[0].target() == "/api/v1/token?library_id=lib&library_secret=s%2Bcr%26t");
    BOOST_TEST(s.seen[1].target() == "/api/v1/token?library_id=lib&library_secret=s%2Bcr%26t"
                                     "&space_id=space%201&user_id=u&period=3600");
    BOOST_TEST(s.seen[1].body().empty());
}

BOOST_AUTO_TEST_CASE(a_token_answer_of_the_wrong_shape_is_malformed_and_keeps_the_token_out)
{
    scripted s;
    auto c = s.make();
    access_token_request req;
    req.library_id = "lib";
    req.library_secret = "secret";
    for (char const* body :
         {"not json", "{}", R"({"accessToken":"ISSUED-TOKEN-1","expiresIn":"soon"})",
          R"({"accessToken":"ISSUED-TOKEN-1"})"}) {
        s.always(answer(http::status::ok, body, "application/json"));
        error_code ec;
        error_details d;
        c.create_access_token(req, ec, d);
        BOOST_TEST(ec == error::malformed_response, body);
        BOOST_TEST(d.status == 200u);
        BOOST_TEST(!d.body.empty());
        BOOST_TEST(keeps_out(d, "ISSUED-TOKEN-1"), body);
    }
    s.always(smh_error(http::status::forbidden, "InvalidLibrarySecret", "wrong secret", "r1"));
    error_code ec;
    error_details d;
    c.create_access_token(req, ec, d);
    BOOST_TEST(ec == error::forbidden);
    BOOST_TEST(d.code == "InvalidLibrarySecret");
}

BOOST_AUTO_TEST_CASE(secrets_never_reach_errors)
{
    std::string const token = "TOKEN-abc+123/xyz";
    std::string const encoded_token = "TOKEN-abc%2B123/xyz";
    std::string const secret = "LIBSECRET-q&w=e";
    std::string const encoded_secret = "LIBSECRET-q%26w%3De";
    scripted s;
    auto c = s.make();
    auto req = cover_of("lib", "trip");
    req.access_token = token;
    access_token_request treq;
    treq.library_id = "lib";
    treq.library_secret = secret;

    // a plain 403, echoing nothing
    s.always(
        smh_error(http::status::forbidden, "InvalidAccessToken", "the token is invalid", "rid-1"));
    try {
        c.cover(req);
        BOOST_FAIL("no exception");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == error::forbidden);
        BOOST_TEST(keeps_out(e.details(), token));
        BOOST_TEST(!holds(e.what(), token));
        BOOST_TEST(holds(e.what(), "the token is invalid"));
        BOOST_TEST(holds(e.what(), "rid-1"));
    }
    BOOST_TEST_REQUIRE(!s.seen.empty());
    BOOST_TEST(holds(s.seen.back().target(), encoded_token)); // it was sent

    // a server echoing the request, raw and encoded, in every field
    s.route = [](http_request const& req) {
        std::string echo(req.target());
        auto const u = boost::urls::parse_origin_form(req.target());
        for (auto p : u->params())
            echo += " " + std::string(p.value);
        boost::json::object body{{"code", echo}, {"message", echo}, {"requestId", echo}};
        return answer(http::status::bad_request, boost::json::serialize(body), "application/json");
    };
    for (int form = 0; form < 2; ++form) {
        error_code ec;
        error_details d;
        if (form == 0)
            c.cover_location(req, ec, d);
        else
            c.create_access_token(treq, ec, d);
        BOOST_TEST(ec == error::bad_request);
        for (auto const& leak : {token, encoded_token, secret, encoded_secret})
            BOOST_TEST(keeps_out(d, leak), leak);
        BOOST_TEST(holds(d.body, "[redacted]"));
        BOOST_TEST(holds(d.message, "[redacted]"));
        coverkit::api_error const e(ec, d);
        BOOST_TEST(!holds(e.what(), token));
        BOOST_TEST(!holds(e.what(), secret));
    }

    // asynchronously as well
    error_details d;
    std::optional<error_code> failure;
    c.async_create_access_token(treq, d, [&](error_code ec, access_token) { failure = ec; });
    s.ioc.run();
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(*failure == error::bad_request);
    BOOST_TEST(keeps_out(d, secret));
    BOOST_TEST(keeps_out(d, encoded_secret));

    // a redirect loop through URLs carrying the token
    s.route = [&](http_request const&) { return redirect("/again?access_token=" + encoded_token); };
    error_code ec;
    c.cover(req, {}, ec, d);
    BOOST_TEST(ec == error::unexpected_status);
    BOOST_TEST(keeps_out(d, token));
    BOOST_TEST(keeps_out(d, encoded_token));

    // the transport fails: nothing but the code
    int sent = 0;
    client<refusing_transport> refused(refusing_transport{s.ioc.get_executor(), &sent},
                                       client_options{"https://smh.example"});
    try {
        refused.cover(req);
        BOOST_FAIL("no exception");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == boost::asio::error::connection_refused);
        BOOST_TEST(e.details().status == 0u);
        BOOST_TEST(keeps_out(e.details(), token));
        BOOST_TEST(!holds(e.what(), token));
    }
    try {
        refused.create_access_token(treq);
        BOOST_FAIL("no exception");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == boost::asio::error::connection_refused);
        BOOST_TEST(!holds(e.what(), secret));
    }
    failure.reset();
    s.ioc.restart();
    refused.async_cover_location(req, d, [&](error_code ec, std::string location) {
        failure = ec;
        BOOST_TEST(location.empty());
    });
    s.ioc.run();
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(*failure == boost::asio::error::connection_refused);
    BOOST_TEST(keeps_out(d, token));
    BOOST_TEST(sent == 3);
}

BOOST_AUTO_TEST_CASE(input_is_checked_before_anything_is_sent)
{
    scripted s;
    auto c = s.make();
    error_code ec;
    error_details d;
    c.cover_location(cover_of(""), ec, d);
    BOOST_TEST(ec == error::invalid_argument);
    BOOST_TEST(d.status == 0u);
    BOOST_TEST(holds(d.message, "library"));
    auto req = cover_of("lib", "");
    c.cover(req, {}, ec, d);
    BOOST_TEST(ec == error::invalid_argument);
    BOOST_TEST(holds(d.message, "album"));
    req = cover_of("lib");
    req.space_id = "";
    c.cover(req, {}, ec);
    BOOST_TEST(ec == error::invalid_argument);
    req = cover_of("lib");
    req.size = 4097;
    c.cover_location(req, ec, d);
    BOOST_TEST(ec == error::invalid_size);
    BOOST_TEST(holds(d.message, "4097"));
    access_token_request treq;
    treq.library_id = "lib";
    c.create_access_token(treq, ec, d);
    BOOST_TEST(ec == error::invalid_argument);
    BOOST_TEST(holds(d.message, "secret"));
    treq.library_secret = "s";
    treq.period = 0;
    BOOST_CHECK_THROW(c.create_access_token(treq), coverkit::api_error);

    client<in_process_transport> bad_base(in_process_transport(s.ioc.get_executor(),
                                                               [&s](http_request const& r) {
                                                                   s.seen.push_back(r);
                                                                   return answer(http::status::ok);
                                                               }),
                                          client_options{"smh.example"});
    bad_base.cover_location(cover_of("lib"), ec);
    BOOST_TEST(ec == error::invalid_base_url);

    // asynchronously: the error arrives through the executor, still with nothing sent
    std::optional<error_code> failure;
    c.async_cover(cover_of("lib", ".."), {}, d, [&](error_code ec, object_data) { failure = ec; });
    BOOST_TEST(!failure.has_value());
    s.ioc.run();
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(*failure == error::invalid_argument);
    BOOST_TEST(holds(d.message, "album"));

    BOOST_TEST(s.seen.empty());
}

BOOST_AUTO_TEST_CASE(async_forms_complete_through_the_executor)
{
    scripted s;
    s.route = [](http_request const& req) {
        if (req.target().starts_with("/api/v1/token"))
            return answer(http::status::ok, R"({"accessToken":"t1","expiresIn":60})",
                          "application/json");
        if (req.target().starts_with("/api/v1/album/missing/"))
            return smh_error(http::status::not_found, "DirectoryNotFound", "no album", "r-404");
        if (req.target().starts_with("/api/"))
            return redirect("/storage/c.png");
        return answer(http::status::ok, "PNG", "image/png");
    };
    auto c = s.make("http://smh.example");
    std::optional<object_data> bytes;
    std::optional<std::string> location;
    std::optional<access_token> token;
    std::optional<error_code> failure;
    error_details d;
    c.async_cover(cover_of("lib", "a b"), {}, [&](error_code ec, object_data o) {
        BOOST_TEST(!ec);
        bytes = std::move(o);
    });
    c.async_cover_location(cover_of("lib"), [&](error_code ec, std::string l) {
        BOOST_TEST(!ec);
        location = std::move(l);
    });
    access_token_request treq;
    treq.library_id = "lib";
    treq.library_secret = "s";
    c.async_create_access_token(treq, [&](error_code ec, access_token t) {
        BOOST_TEST(!ec);
        token = std::move(t);
    });
    c.async_cover(cover_of("missing", "x"), {}, d, [&](error_code ec, object_data) {
        failure = ec;
        BOOST_TEST(d.code == "DirectoryNotFound"); // filled before the handler runs
    });
    // never inline
    BOOST_TEST(!bytes.has_value());
    BOOST_TEST(!location.has_value());
    BOOST_TEST(!token.has_value());
    BOOST_TEST(!failure.has_value());
    BOOST_TEST(s.seen.empty());
    s.ioc.run();
    BOOST_TEST_REQUIRE(bytes.has_value());
    BOOST_TEST((*bytes == object_data{"image/png", "PNG"}));
    BOOST_TEST((location == "http://smh.example/storage/c.png"));
    BOOST_TEST((token == access_token{"t1", 60}));
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(*failure == error::not_found);
    BOOST_TEST(d.request_id == "r-404");
    BOOST_TEST(s.seen.size() == 5u); // the redirect was followed

    // use_future
    s.ioc.restart();
    auto future = c.async_cover(cover_of("lib"), {}, boost::asio::use_future);
    auto failing = c.async_cover_location(cover_of("missing"), d, boost::asio::use_future);
    s.ioc.run();
    BOOST_TEST(future.get().bytes == "PNG");
    try {
        failing.get();
        BOOST_FAIL("no exception");
    } catch (boost::system::system_error const& e) {
        BOOST_TEST(e.code() == error::not_found);
        BOOST_TEST(d.code == "DirectoryNotFound");
    }

    // a coroutine
    s.ioc.restart();
    std::optional<std::string> from_coroutine;
    boost::asio::co_spawn(
        s.ioc,
        [&]() -> boost::asio::awaitable<void> {
            auto t = co_await c.async_create_access_token(treq, boost::asio::use_awaitable);
            auto req = cover_of("lib");
            req.access_token = t.token;
            auto o = co_await c.async_cover(req, {}, boost::asio::use_awaitable);
            from_coroutine = t.token + ":" + o.bytes;
        },
        [](std::exception_ptr e) { BOOST_TEST(!e); });
    s.ioc.run();
    BOOST_TEST((from_coroutine == "t1:PNG"));
}

BOOST_AUTO_TEST_SUITE_END()
