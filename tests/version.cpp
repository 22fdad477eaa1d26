#include <coverkit/version.hpp>

#include <coverkit/download.hpp>
#include <coverkit/transport/http.hpp>
#include <coverkit/transport/in_process.hpp>
#include <coverkit/whiteboard/client.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <memory>
#include <string>

namespace http = boost::beast::http;

BOOST_AUTO_TEST_SUITE(version)

BOOST_AUTO_TEST_CASE(the_string_is_made_of_the_three_numbers)
{
    std::string const expected = std::to_string(COVERKIT_VERSION_MAJOR) + "." +
                                 std::to_string(COVERKIT_VERSION_MINOR) + "." +
                                 std::to_string(COVERKIT_VERSION_PATCH);
    BOOST_TEST(std::string(COVERKIT_VERSION_STRING) == expected);
    BOOST_TEST(COVERKIT_VERSION == COVERKIT_VERSION_MAJOR * 10000 + COVERKIT_VERSION_MINOR * 100 +
                                       COVERKIT_VERSION_PATCH);
    BOOST_TEST(std::string(coverkit::default_user_agent) == "coverkit/" + expected);
}

BOOST_AUTO_TEST_CASE(requests_carry_the_versioned_user_agent)
{
    // What a server sees: the User-Agent of an API call and of a download.
    boost::asio::io_context ioc;
    auto seen = std::make_shared<std::vector<std::string>>();
    coverkit::in_process_transport t(ioc.get_executor(), [seen](coverkit::http_request const& req) {
        seen->emplace_back(req[http::field::user_agent]);
        coverkit::http_response res{http::status::not_found, 11};
        res.prepare_payload();
        return res;
    });
    coverkit::whiteboard::client wb(t, {.base_url = "http://fake.invalid", .token = "t"});
    coverkit::error_code ec;
    wb.screenshot("faed3130727911ebaea37759ee91947c", {640, 480, "/init"}, ec);
    BOOST_TEST(ec.failed());
    coverkit::download(t, "http://fake.invalid/storage/b/k.png", {}, ec);
    BOOST_TEST(ec.failed());
    BOOST_TEST_REQUIRE(seen->size() == 2u);
    for (auto const& ua : *seen)
        BOOST_TEST(ua == std::string("coverkit/") + COVERKIT_VERSION_STRING);

    // The network transport's default for requests that have none.
    BOOST_TEST(coverkit::http_transport_options{}.user_agent == coverkit::default_user_agent);
}

BOOST_AUTO_TEST_SUITE_END()
