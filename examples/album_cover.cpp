#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <iostream>

int main(int argc, char** argv)
{
    namespace smh = coverkit::smh;
    // The fake service, in process, from the demo fixture: library "demo-library" (secret
    // "demo-secret"), whose album "summer trip" holds a photo with a face and a video clip.
    coverkit::fake::server fake(
        coverkit::fake::load_fixture(argc > 1 ? argv[1] : "examples/demo-fixture.json"));

    boost::asio::io_context ioc;
    smh::client client(fake.transport(ioc.get_executor()), {.base_url = "http://fake.invalid"});

    smh::access_token_request token_req;
    token_req.library_id = "demo-library";
    token_req.library_secret = "demo-secret"; // sent once; never in an error or a message
    smh::access_token token = client.create_access_token(token_req);
    std::cout << "token valid for " << token.expires_in << " s\n";

    smh::album_cover_request req;
    req.library_id = "demo-library"; // space "-": a single-tenant library
    req.album = "summer trip";       // percent-encoded as one path segment
    req.size = 128;                  // a 128 x 128 square around the faces
    req.access_token = token.token;
    std::string where = client.cover_location(req); // the 302's Location, not followed
    coverkit::object_data png = client.cover(req);  // follows it through the same transport
    std::cout << where.substr(where.find("/storage/")) << '\n'
              << png.content_type << ", " << png.bytes.size() << " bytes\n";

    // Errors carry the HTTP status and SMH's own error code.
    req.album = "winter";
    coverkit::error_code ec;
    coverkit::error_details why;
    client.cover(req, {}, ec, why);
    std::cout << ec.message() << ": HTTP " << why.status << ' ' << why.code << '\n';
}
