#include <coverkit/transport/in_process.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <optional>

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

} // namespace

BOOST_AUTO_TEST_SUITE(transport_in_process)

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
