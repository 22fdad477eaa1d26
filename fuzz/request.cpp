// The whole in-process request handler: method, target, headers and body as a client sends
// them (HTTP/1.1 bytes), against the fake loaded with the contract fixture. A header whose value
// is `@admin`, `@writer` or `@room` is given a valid token of that kind, so that inputs reach
// past authentication.
#include "fuzz.hpp"

#include <coverkit/fake/fixture.hpp>
#include <coverkit/fake/server.hpp>
#include <coverkit/whiteboard/token.hpp>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <utility>
#include <vector>

namespace {

namespace http = boost::beast::http;

coverkit::fake::server& the_server()
{
    // Caps small enough that a long run stays small.
    static coverkit::fake::server server(
        coverkit::fake::load_fixture(COVERKIT_FUZZ_FIXTURE),
        {.journal_entries = 1000, .store_bytes = std::size_t(64) << 20});
    return server;
}

} // namespace

int coverkit::fuzz::fuzz_request(std::uint8_t const* data, std::size_t size)
{
    auto& server = the_server();
    http::request_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(2 * 1024 * 1024);
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (ec || !parser.is_header_done())
        return 0;
    if (!parser.is_done()) {
        parser.put_eof(ec);
        if (ec)
            return 0;
    }
    auto req = parser.release();
    static whiteboard::token_generator const tokens(
        "myAK", "mySK", [] { return std::string("fuzz"); },
        [] { return std::int64_t(1'700'000'000'000); });
    std::vector<std::pair<std::string, std::string>> replaced;
    for (auto const& field : req) {
        auto const value = field.value();
        if (value == "@admin")
            replaced.emplace_back(field.name_string(),
                                  tokens.sdk_token(whiteboard::token_role::admin));
        else if (value == "@writer")
            replaced.emplace_back(field.name_string(),
                                  tokens.sdk_token(whiteboard::token_role::writer));
        else if (value == "@room")
            replaced.emplace_back(field.name_string(),
                                  tokens.room_token("faed3130727911ebaea37759ee91947c",
                                                    whiteboard::token_role::admin));
    }
    for (auto const& [name, value] : replaced)
        req.set(name, value);
    (void)server.handle(req);
    // Back to the fixture now and then, so that what inputs add does not pile up.
    static unsigned calls = 0;
    if (++calls % 256 == 0)
        server.reset();
    return 0;
}
