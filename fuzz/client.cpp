// Every client response parser: each call of the whiteboard, legacy and SMH clients, and
// `download`, answered by the input (HTTP/1.1 response bytes; anything else is the body of a 200
// JSON answer) through an in-process transport.
#include "fuzz.hpp"

#include <coverkit.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace {

namespace http = boost::beast::http;

coverkit::http_response response_of(std::string_view in)
{
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(2 * 1024 * 1024);
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(in.data(), in.size()), ec);
    if (!ec && parser.is_header_done()) {
        if (!parser.is_done())
            parser.put_eof(ec);
        if (!ec)
            return parser.release();
    }
    coverkit::http_response res{http::status::ok, 11};
    res.set(http::field::content_type, "application/json");
    res.body() = std::string(in);
    res.prepare_payload();
    return res;
}

} // namespace

int coverkit::fuzz::fuzz_client(std::uint8_t const* data, std::size_t size)
{
    auto const res = response_of(text(data, size));
    boost::asio::io_context ioc;
    in_process_transport transport(ioc.get_executor(), [&res](http_request const&) { return res; });
    error_code ec;
    error_details why;
    auto const room = "faed3130727911ebaea37759ee91947c";

    whiteboard::client wb(transport, {.base_url = "http://fake.invalid", .token = "t"});
    (void)wb.screenshot(room, {.width = 64, .height = 48, .path = "/init"}, ec, why);
    (void)wb.screenshot_list(room, {.width = 64, .height = 48, .path = "/"}, ec, why);
    (void)wb.create_team_token("ak", "sk", whiteboard::token_role::admin, {}, ec, why);
    (void)wb.create_room_token(room, whiteboard::token_role::reader, {}, ec, why);
    (void)wb.create_task_token("task", whiteboard::token_role::reader, {}, ec, why);
    (void)wb.create_room({}, ec, why);
    (void)wb.room_info(room, ec, why);
    (void)wb.list_rooms({}, ec, why);
    (void)wb.set_room_ban(room, true, ec, why);
    (void)wb.list_scenes(room, std::nullopt, ec, why);
    wb.add_scenes(room, {.path = "/a", .scenes = {whiteboard::scene{.name = "b"}}}, ec, why);
    (void)wb.switch_scene(room, "/init", ec, why);

    legacy::client old(transport, {"http://fake.invalid", "room-token"});
    (void)old.single_snapshot(room, {.width = 64, .height = 48}, ec, why);
    (void)old.snapshots(room, {.width = 64, .height = 48, .scene_path = "/"}, ec, why);

    smh::client smh(transport, {.base_url = "http://fake.invalid"});
    (void)smh.cover_location({.library_id = "lib", .album = "a", .size = 64}, ec, why);
    (void)smh.cover({.library_id = "lib"}, {}, ec, why);
    (void)smh.create_access_token({.library_id = "lib", .library_secret = "s"}, ec, why);

    (void)download(transport, "http://fake.invalid/storage/b/k", {}, ec, why);
    return 0;
}
