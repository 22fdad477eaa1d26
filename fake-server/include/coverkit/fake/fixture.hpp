//
// coverkit — the fake server
//
// The fixture format: docs/contract.md, "The fixture"; as a JSON Schema:
// docs/fixture.schema.json.
//
#ifndef COVERKIT_FAKE_FIXTURE_HPP
#define COVERKIT_FAKE_FIXTURE_HPP

#include <coverkit/fake/faults.hpp>

#include <boost/json/value.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace coverkit::fake {

/// A whiteboard application: its keys, team and whether its screenshot service is on.
struct app
{
    std::string ak;
    std::string sk;
    std::string team;
    std::string app;
    bool screenshot_service = true;
};

/// Where screenshots are stored: the bucket and region copied into every image object.
struct storage
{
    std::string bucket = "white-cover";
    std::string region = "oss-cn-hangzhou";
};

/// A scene's background document page.
struct ppt
{
    std::string src;
    int width = 0;
    int height = 0;
};

/// A scene of a fixture room: its full path, and its background if any.
struct scene_spec
{
    std::string path;
    std::optional<fake::ppt> ppt;
};

/// A room of the fixture.
struct room_spec
{
    std::string uuid;
    std::string ak;
    std::string region = "cn-hz";
    /// Scenes in insertion order; a room without a `scenes` field holds `/init`.
    std::vector<scene_spec> scenes;
    /// Defaults to `/init` when the room has it, else to its first scene.
    std::string current_scene;
    std::optional<std::string> name;
    bool is_record = false;
    bool is_ban = false;
    int limit = 0;
};

/// A media item of an SMH album or space: a picture, or a video shown by its first frame.
struct smh_media
{
    std::string name;
    /// A video's cover is its first frame.
    bool is_video = false;
    /** The picture: an image's `file`, a video's `first_frame`. A path relative to the fixture
        file, or a `data:` URL. */
    std::string picture;
    /// `uploaded_at` in Unix milliseconds (0 when the fixture gives none).
    std::int64_t uploaded_at_ms = 0;
    /// Face boxes `[x, y, width, height]` in pixels of the picture.
    std::vector<std::array<int, 4>> faces;
};

/// An album of an album library's space.
struct smh_album
{
    std::string name;
    std::vector<smh_media> media;
};

/// A tenant space: `-` in a single-tenant library.
struct smh_space
{
    std::string id;
    std::vector<smh_album> albums; // album library
    std::vector<smh_media> media;  // non-album library
};

/// An SMH media library.
struct smh_library
{
    std::string id;
    std::string secret;
    bool multi_tenant = false;
    bool album = false;
    bool media_library = true;
    bool public_read = false;
    /// A single-tenant library has exactly the space `-` (added when the fixture names none).
    std::vector<smh_space> spaces;
};

/** The fake's starting state, as read from a JSON fixture file.

    Every field but `apps` is optional.
*/
/** How much the fake keeps, where a fixture says (its `limits` object); what it leaves out is
    `server_options`' or the defaults. */
struct limits
{
    /// `journal_entries`: the most requests the journal keeps.
    std::optional<std::size_t> journal_entries = std::nullopt;
    /// `store_bytes`: the most bytes of objects the object store keeps.
    std::optional<std::size_t> store_bytes = std::nullopt;
};

struct fixture
{
    std::vector<fake::app> apps;
    fake::storage storage;
    std::vector<room_spec> rooms;
    std::vector<smh_library> smh_libraries;
    fake::limits limits;
    /// Fault rules in force from the start and after every reset (README, "Testing failure").
    std::vector<fault_rule> faults;
    /// The folder relative paths in the fixture are resolved against.
    std::filesystem::path base_dir;
};

/// Thrown for a fixture that cannot be read; `what()` is one line naming the problem.
class fixture_error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/** Reads a fixture from its JSON value.

    Checks every field's type, that apps have distinct non-empty `ak`s, that rooms name a known
    app, a known region and valid, distinct scene paths, and that the current scene is a scene;
    that SMH libraries have distinct ids, a single-tenant library no space but `-` and a
    multi-tenant one no space `-`, albums distinct names, and media a name, a type (`image` or
    `video`), a picture (`file`, or a video's `first_frame`), an ISO 8601 `uploaded_at` and face
    boxes of four integers with a positive size; and that fault rules are valid
    (`parse_fault_rule`) with distinct ids. Media files are read when a cover is asked
    for; one that cannot be read as PNG or JPEG is drawn as a placeholder (README).

    @throws fixture_error naming the offending field, e.g. `rooms[0].scenes[2]: invalid scene path`.
*/
fixture parse_fixture(boost::json::value const& jv, std::filesystem::path base_dir = {});

/// Reads a fixture file; relative paths in it resolve against the file's folder.
/// @throws fixture_error when the file cannot be read, is not JSON, or is not a valid fixture.
fixture load_fixture(std::filesystem::path const& file);

/** The fixture the standalone server starts with when given none: app `demo-ak` / `demo-sk`
    of team `demo`, one room with a few scenes in two directories, and the single-tenant SMH
    album library `demo-library` (secret `demo-secret`) with the album `demo-album` of two
    media, whose pictures are drawn as placeholders. */
fixture demo_fixture();

} // namespace coverkit::fake

#endif
