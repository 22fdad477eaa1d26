// coverkit demo: screenshots of a whiteboard room, served by the embedded fake server.
//
// Usage: coverkit-demo [FIXTURE [OUT_DIR]]
// Loads the fixture (default: examples/demo-fixture.json), signs an SDK token locally, and
// takes screenshots of single scenes and of a scene directory through the whiteboard v5 client,
// printing the image objects the service answers with and writing their PNGs into OUT_DIR
// (default: ./demo-pictures); then, with a ROOM token, the cover of the current scene and every
// page of a directory through the legacy cover API; last, a Tencent SMH album's cover, as a
// 256 x 256 square around the face in its first photo and as the original, written next to the
// screenshots.

#include <coverkit.hpp>
#include <coverkit/fake/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace wb = coverkit::whiteboard;

int main(int argc, char** argv)
{
    try {
        auto const fixture_file = argc > 1 ? argv[1] : COVERKIT_DEMO_FIXTURE;
        auto const out_dir = std::filesystem::absolute(argc > 2 ? argv[2] : "demo-pictures");
        auto fixture = coverkit::fake::load_fixture(fixture_file);
        auto const app = fixture.apps.at(0);
        auto const room = fixture.rooms.at(0).uuid;
        coverkit::fake::server fake(std::move(fixture));

        boost::asio::io_context ioc;
        wb::token_generator tokens(app.ak, app.sk);
        wb::client client(fake.transport(ioc.get_executor()),
                          wb::client_options{"http://fake.invalid",
                                             tokens.sdk_token(wb::token_role::writer),
                                             wb::region::cn_hz});

        // Each picture is downloaded through the client's transport and written atomically.
        auto save = [&](coverkit::image const& img, std::filesystem::path const& file) {
            std::filesystem::create_directories(file.parent_path());
            coverkit::download_to_file(client.transport(), img.url, file);
            std::cout << "    wrote " << file.string() << '\n';
        };

        std::cout << "room " << room << "\n\nsingle scenes (POST /v5/rooms/{uuid}/screenshots):\n";
        for (char const* scene : {"/init", "/physics/newtonian-mechanics", "/english"}) {
            coverkit::image img = client.screenshot(room, {640, 480, scene});
            std::cout << "  " << scene << "\n    "
                      << boost::json::serialize(boost::json::value_from(img)) << '\n';
            save(img, out_dir / "scenes" / (std::string(scene + 1) + ".png"));
        }

        std::cout << "\nscene directories (POST /v5/rooms/{uuid}/screenshot-list):\n";
        for (char const* dir : {"/physics", "/"}) {
            auto list = client.screenshot_list(room, {320, 240, dir});
            std::cout << "  " << dir << " (" << list.size() << " direct scenes)\n";
            for (auto const& img : list) {
                std::cout << "    " << img.url << '\n';
                if (std::string_view(dir) == "/physics")
                    save(img, out_dir / "physics" / std::filesystem::path(img.key).filename());
            }
        }

        // The directory of the current scene, taken asynchronously.
        client.async_screenshot_list(
            room, {320, 240, {}}, [](coverkit::error_code ec, std::vector<coverkit::image> l) {
                std::cout << "\ncurrent scene's directory (async): "
                          << (ec ? ec.message() : std::to_string(l.size()) + " scenes") << '\n';
            });
        ioc.run();

        // The legacy cover API takes a ROOM token and pages through a directory.
        coverkit::legacy::client legacy(
            fake.transport(ioc.get_executor()),
            coverkit::legacy::client_options{"http://fake.invalid",
                                             tokens.room_token(room, wb::token_role::writer)});
        std::cout << "\nlegacy cover API (POST /handle/rooms/single-snapshot):\n  current scene: "
                  << legacy.single_snapshot(room, {240, 180, {}}).key << '\n';
        std::cout
            << "\nlegacy cover API, every page of /lectures (POST /handle/rooms/snapshots):\n";
        auto pager = legacy.pager(room, {240, 180, "/lectures", {}, {}});
        int covers = 0;
        for (coverkit::image const& img : pager)
            std::cout << "  " << ++covers << ". " << img.key << '\n';
        std::cout << "  " << covers << " covers in " << pager.next_page_number()
                  << " pages of up to " << pager.page_size() << '\n';

        // A Tencent SMH album's cover: an access token from the library's secret, then the
        // cover's location (a 302 into the store) and its bytes.
        coverkit::smh::client smh(fake.transport(ioc.get_executor()),
                                  coverkit::smh::client_options{"http://fake.invalid"});
        coverkit::smh::access_token_request token_req;
        token_req.library_id = "demo-library";
        token_req.library_secret = "demo-secret";
        coverkit::smh::album_cover_request cover_req;
        cover_req.library_id = "demo-library";
        cover_req.album = "summer trip";
        cover_req.size = 256;
        auto const token = smh.create_access_token(token_req); // the request views it
        cover_req.access_token = token.token;
        std::cout << "\nTencent SMH album cover (GET /api/v1/album/{library}/-/cover/{album}):\n";
        auto const square = out_dir / "album" / "summer-trip-256.png";
        std::filesystem::create_directories(square.parent_path());
        coverkit::download_to_file(smh.transport(), smh.cover_location(cover_req), square);
        std::cout << "  256 x 256 around the face\n    wrote " << square.string() << '\n';
        cover_req.size.reset();
        coverkit::object_data original = smh.cover(cover_req);
        auto const original_file = out_dir / "album" / "summer-trip-original.jpg";
        std::ofstream(original_file, std::ios::binary) << original.bytes;
        std::cout << "  the original (" << original.content_type << ", " << original.bytes.size()
                  << " bytes)\n    wrote " << original_file.string() << '\n';

        // Errors carry the HTTP status, the server's message and the request id.
        coverkit::error_code ec;
        coverkit::error_details details;
        client.screenshot(room, {640, 480, "/physics"}, ec, details);
        std::cout << "\na directory is not a scene: " << ec.message() << ", HTTP " << details.status
                  << ", \"" << details.message << "\", request id " << details.request_id << '\n';
        std::cout << "\nthe pictures are in " << out_dir.string() << '\n';
        return 0;
    } catch (std::exception const& e) {
        std::cerr << "coverkit-demo: " << e.what() << '\n';
        return 1;
    }
}
