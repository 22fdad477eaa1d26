#include <coverkit/fake/fixture.hpp>

#include "whiteboard/scene_tree.hpp"

#include <coverkit/scene_path.hpp>
#include <coverkit/whiteboard/region.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

namespace coverkit::fake {

namespace {

namespace json = boost::json;

[[noreturn]] void fail(std::string const& where, std::string const& what)
{
    throw fixture_error(where + ": " + what);
}

json::object const& as_object(json::value const& v, std::string const& where)
{
    if (!v.is_object())
        fail(where, "must be an object");
    return v.get_object();
}

// Refuses a member `o` does not know: a misspelt key must not be silently ignored.
void only(json::object const& o, std::string const& where,
          std::initializer_list<std::string_view> known)
{
    for (auto const& member : o)
        if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
            std::string list;
            for (auto k : known)
                list += (list.empty() ? "" : ", ") + std::string(k);
            fail(where, "unknown member \"" + std::string(member.key()).substr(0, 64) +
                            "\" (known: " + list + ")");
        }
}

json::array const& as_array(json::value const& v, std::string const& where)
{
    if (!v.is_array())
        fail(where, "must be an array");
    return v.get_array();
}

std::string get_string(json::object const& o, std::string_view key, std::string const& where,
                       std::optional<std::string> fallback = std::nullopt)
{
    auto const* v = o.if_contains(key);
    if (!v) {
        if (fallback)
            return *fallback;
        fail(where, "missing \"" + std::string(key) + "\"");
    }
    if (!v->is_string())
        fail(where + "." + std::string(key), "must be a string");
    return std::string(v->get_string());
}

bool get_bool(json::object const& o, std::string_view key, std::string const& where, bool fallback)
{
    auto const* v = o.if_contains(key);
    if (!v)
        return fallback;
    if (!v->is_bool())
        fail(where + "." + std::string(key), "must be true or false");
    return v->get_bool();
}

int get_int(json::object const& o, std::string_view key, std::string const& where, int lo, int hi,
            std::optional<int> fallback = std::nullopt)
{
    auto const* v = o.if_contains(key);
    if (!v) {
        if (fallback)
            return *fallback;
        fail(where, "missing \"" + std::string(key) + "\"");
    }
    std::int64_t n = 0;
    if (v->is_int64())
        n = v->get_int64();
    else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(hi))
        n = static_cast<std::int64_t>(v->get_uint64());
    else
        fail(where + "." + std::string(key), "must be an integer");
    if (n < lo || n > hi)
        fail(where + "." + std::string(key),
             "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
    return static_cast<int>(n);
}

scene_spec parse_scene(json::value const& v, std::string const& where)
{
    scene_spec s;
    if (v.is_string()) {
        s.path = std::string(v.get_string());
    } else {
        auto const& o = as_object(v, where);
        only(o, where, {"path", "ppt"});
        s.path = get_string(o, "path", where);
        if (auto const* p = o.if_contains("ppt")) {
            auto const pw = where + ".ppt";
            auto const& po = as_object(*p, pw);
            only(po, pw, {"src", "width", "height"});
            s.ppt = ppt{get_string(po, "src", pw), get_int(po, "width", pw, 1, 65535),
                        get_int(po, "height", pw, 1, 65535)};
        }
    }
    auto normal = normalize_scene_path(s.path);
    if (!normal || *normal == "/")
        fail(where, "invalid scene path \"" + s.path + "\"");
    s.path = std::move(*normal);
    return s;
}

// Why a fixture's scene at `path` cannot join the `earlier` ones.
std::string scene_refusal(detail::scene_tree::refusal why, std::string const& path,
                          std::vector<scene_spec> const& earlier)
{
    using refusal = detail::scene_tree::refusal;
    switch (why) {
    case refusal::too_long:
        return "scene path over " + std::to_string(detail::scene_tree::max_path_bytes) + " bytes";
    case refusal::too_deep:
        return "scene path deeper than " + std::to_string(detail::scene_tree::max_depth) +
               " levels";
    case refusal::too_many:
        return "more than " + std::to_string(detail::scene_tree::max_scenes) +
               " scenes in one room";
    case refusal::in_the_way:
        break;
    }
    // A path cannot be both a scene and a directory.
    for (auto const& other : earlier) {
        if (path.starts_with(other.path) && path[other.path.size()] == '/')
            return "\"" + other.path + "\" is a scene and also holds \"" + path + "\"";
        if (other.path.starts_with(path) && other.path[path.size()] == '/')
            return "\"" + path + "\" is a scene and also holds \"" + other.path + "\"";
    }
    return "\"" + path + "\" is in the way of another scene";
}

room_spec parse_room(json::value const& v, std::string const& where,
                     std::set<std::string> const& aks)
{
    auto const& o = as_object(v, where);
    only(o, where,
         {"uuid", "ak", "region", "scenes", "current_scene", "name", "is_record", "is_ban",
          "limit"});
    room_spec r;
    r.uuid = get_string(o, "uuid", where);
    if (r.uuid.empty())
        fail(where + ".uuid", "must not be empty");
    r.ak = get_string(o, "ak", where);
    if (!aks.count(r.ak))
        fail(where + ".ak", "names no app: \"" + r.ak + "\"");
    r.region = get_string(o, "region", where, "cn-hz");
    if (!whiteboard::parse_region(r.region))
        fail(where + ".region", "unknown region \"" + r.region + "\"");
    r.region = std::string(whiteboard::to_string(*whiteboard::parse_region(r.region)));
    if (auto const* scenes = o.if_contains("scenes")) {
        auto const& arr = as_array(*scenes, where + ".scenes");
        std::set<std::string> seen;
        // The scenes as the fake will hold them: refuses what the fake would refuse.
        detail::scene_tree tree;
        for (std::size_t i = 0; i < arr.size(); ++i) {
            auto const sw = where + ".scenes[" + std::to_string(i) + "]";
            auto s = parse_scene(arr[i], sw);
            if (!seen.insert(s.path).second)
                fail(sw, "duplicate scene \"" + s.path + "\"");
            if (auto why = tree.add_all(scene_directory(s.path),
                                        {detail::scene{std::string(scene_name(s.path)), nullptr}}))
                fail(sw, scene_refusal(why->first, s.path, r.scenes));
            r.scenes.push_back(std::move(s));
        }
    } else {
        r.scenes.push_back({"/init", std::nullopt});
    }
    auto const has = [&](std::string const& p) {
        for (auto const& s : r.scenes)
            if (s.path == p)
                return true;
        return false;
    };
    if (auto const* cur = o.if_contains("current_scene")) {
        if (!cur->is_string())
            fail(where + ".current_scene", "must be a string");
        auto normal = normalize_scene_path(cur->get_string());
        if (!normal || !has(*normal))
            fail(where + ".current_scene",
                 "\"" + std::string(cur->get_string()) + "\" is not a scene of the room");
        r.current_scene = *normal;
    } else if (has("/init")) {
        r.current_scene = "/init";
    } else if (!r.scenes.empty()) {
        r.current_scene = r.scenes.front().path;
    }
    if (o.contains("name"))
        r.name = get_string(o, "name", where);
    r.is_record = get_bool(o, "is_record", where, false);
    r.is_ban = get_bool(o, "is_ban", where, false);
    r.limit = get_int(o, "limit", where, 0, 1'000'000, 0);
    return r;
}

// "2026-01-02T03:04:05Z", with optional fractional seconds and a `Z` or `±HH:MM` offset, as
// Unix milliseconds; nothing for anything else.
std::optional<std::int64_t> parse_iso8601(std::string_view s)
{
    auto digits = [&](std::size_t pos, std::size_t n) -> std::optional<int> {
        if (pos + n > s.size())
            return std::nullopt;
        int v = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return std::nullopt;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    auto const y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2),
               mi = digits(14, 2), se = digits(17, 2);
    if (!y || !mo || !d || !h || !mi || !se || s.size() < 20 || s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':' || *mo < 1 ||
        *mo > 12 || *d < 1 || *h > 23 || *mi > 59 || *se > 60)
        return std::nullopt;
    // The days of the month, February 29 in leap years only.
    bool const leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*d > month_days[*mo - 1] + (*mo == 2 && leap ? 1 : 0))
        return std::nullopt;
    std::size_t pos = 19;
    std::int64_t ms = 0;
    if (s[pos] == '.') {
        int scale = 100;
        auto const first = ++pos;
        for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, scale /= 10)
            ms += (s[pos] - '0') * scale;
        if (pos == first) // a fraction needs a digit
            return std::nullopt;
    }
    std::int64_t offset_min = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
        // UTC
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() &&
               s[pos + 3] == ':') {
        auto const oh = digits(pos + 1, 2), om = digits(pos + 4, 2);
        if (!oh || !om || *oh > 23 || *om > 59)
            return std::nullopt;
        offset_min = (*oh * 60 + *om) * (s[pos] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    // Days from the civil date (H. Hinnant's algorithm).
    int const yy = *y - (*mo <= 2);
    int const era = (yy >= 0 ? yy : yy - 399) / 400;
    unsigned const yoe = static_cast<unsigned>(yy - era * 400);
    unsigned const doy = (153 * (*mo + (*mo > 2 ? -3 : 9)) + 2) / 5 + *d - 1;
    unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    std::int64_t const days = std::int64_t(era) * 146097 + doe - 719468;
    return ((days * 24 + *h) * 60 + *mi - offset_min) * 60'000 + std::int64_t(*se) * 1000 + ms;
}

smh_media parse_media(json::value const& v, std::string const& where)
{
    auto const& o = as_object(v, where);
    only(o, where, {"name", "type", "file", "first_frame", "uploaded_at", "faces"});
    smh_media m;
    m.name = get_string(o, "name", where);
    if (m.name.empty())
        fail(where + ".name", "must not be empty");
    auto const type = get_string(o, "type", where, "image");
    if (type != "image" && type != "video")
        fail(where + ".type", "must be \"image\" or \"video\"");
    m.is_video = type == "video";
    auto const key = m.is_video && o.contains("first_frame") ? "first_frame" : "file";
    if (!o.contains(key))
        fail(where, m.is_video ? "a video needs \"first_frame\", the picture of its first frame"
                               : "an image needs \"file\"");
    m.picture = get_string(o, key, where);
    for (auto const* other : {"file", "first_frame"}) // the one not used is checked too
        if (o.contains(other))
            get_string(o, other, where);
    if (o.contains("uploaded_at")) {
        auto const at = get_string(o, "uploaded_at", where);
        auto const ms = parse_iso8601(at);
        if (!ms)
            fail(where + ".uploaded_at", "not an ISO 8601 time: \"" + at + "\"");
        m.uploaded_at_ms = *ms;
    }
    if (auto const* faces = o.if_contains("faces")) {
        auto const& arr = as_array(*faces, where + ".faces");
        for (std::size_t i = 0; i < arr.size(); ++i) {
            auto const fw = where + ".faces[" + std::to_string(i) + "]";
            auto const& box = as_array(arr[i], fw);
            std::array<int, 4> b{};
            bool ok = box.size() == 4;
            for (std::size_t k = 0; ok && k < 4; ++k) {
                ok =
                    box[k].is_int64() && box[k].get_int64() >= 0 && box[k].get_int64() <= 1'000'000;
                if (ok)
                    b[k] = static_cast<int>(box[k].get_int64());
            }
            if (!ok || b[2] == 0 || b[3] == 0)
                fail(fw, "must be [x, y, width, height]: integers >= 0, width and height > 0");
            m.faces.push_back(b);
        }
    }
    return m;
}

std::vector<smh_media> parse_media_list(json::object const& o, std::string const& where)
{
    std::vector<smh_media> out;
    if (auto const* media = o.if_contains("media")) {
        auto const& arr = as_array(*media, where + ".media");
        for (std::size_t i = 0; i < arr.size(); ++i)
            out.push_back(parse_media(arr[i], where + ".media[" + std::to_string(i) + "]"));
    }
    return out;
}

smh_library parse_library(json::value const& v, std::string const& where)
{
    auto const& o = as_object(v, where);
    only(o, where,
         {"id", "secret", "multi_tenant", "album", "media_library", "public_read", "spaces"});
    smh_library lib;
    lib.id = get_string(o, "id", where);
    if (lib.id.empty())
        fail(where + ".id", "must not be empty");
    lib.secret = get_string(o, "secret", where);
    lib.multi_tenant = get_bool(o, "multi_tenant", where, false);
    lib.album = get_bool(o, "album", where, false);
    lib.media_library = get_bool(o, "media_library", where, true);
    lib.public_read = get_bool(o, "public_read", where, false);
    std::set<std::string> space_ids;
    if (auto const* spaces = o.if_contains("spaces")) {
        auto const& arr = as_array(*spaces, where + ".spaces");
        for (std::size_t i = 0; i < arr.size(); ++i) {
            auto const sw = where + ".spaces[" + std::to_string(i) + "]";
            auto const& so = as_object(arr[i], sw);
            only(so, sw, {"id", "albums", "media"});
            smh_space sp;
            sp.id = get_string(so, "id", sw, "-");
            if (sp.id.empty())
                fail(sw + ".id", "must not be empty");
            if (!lib.multi_tenant && sp.id != "-")
                fail(sw + ".id", "a single-tenant library has only the space \"-\"");
            if (lib.multi_tenant && sp.id == "-")
                fail(sw + ".id", "a multi-tenant library needs real space ids, not \"-\"");
            if (!space_ids.insert(sp.id).second)
                fail(sw + ".id", "duplicate space \"" + sp.id + "\"");
            // An album library's media are in albums; any other library's, in the space. (An
            // empty list of the other kind is no contradiction.)
            auto const holds = [&](std::string_view key) {
                auto const* v = so.if_contains(key);
                return v && !(v->is_array() && v->get_array().empty());
            };
            if (holds("albums") && !lib.album)
                fail(sw + ".albums", "only an album library (\"album\": true) has albums; put "
                                     "the media in the space's \"media\"");
            if (holds("media") && lib.album)
                fail(sw + ".media", "an album library (\"album\": true) keeps its media in "
                                    "\"albums\"");
            if (auto const* albums = so.if_contains("albums")) {
                auto const& aa = as_array(*albums, sw + ".albums");
                std::set<std::string> names;
                for (std::size_t k = 0; k < aa.size(); ++k) {
                    auto const aw = sw + ".albums[" + std::to_string(k) + "]";
                    auto const& ao = as_object(aa[k], aw);
                    only(ao, aw, {"name", "media"});
                    smh_album al;
                    al.name = get_string(ao, "name", aw);
                    if (al.name.empty())
                        fail(aw + ".name", "must not be empty");
                    if (!names.insert(al.name).second)
                        fail(aw + ".name", "duplicate album \"" + al.name + "\"");
                    al.media = parse_media_list(ao, aw);
                    sp.albums.push_back(std::move(al));
                }
            }
            sp.media = parse_media_list(so, sw);
            lib.spaces.push_back(std::move(sp));
        }
    }
    if (!lib.multi_tenant && lib.spaces.empty())
        lib.spaces.push_back({"-", {}, {}});
    return lib;
}

} // namespace

fixture parse_fixture(json::value const& jv, std::filesystem::path base_dir)
{
    fixture f;
    f.base_dir = std::move(base_dir);
    auto const& root = as_object(jv, "fixture");
    // "$schema" lets an editor find docs/fixture.schema.json.
    only(root, "fixture", {"$schema", "apps", "storage", "rooms", "smh", "limits", "faults"});
    auto const* apps = root.if_contains("apps");
    if (!apps)
        fail("fixture", "missing \"apps\"");
    std::set<std::string> aks;
    auto const& app_arr = as_array(*apps, "apps");
    for (std::size_t i = 0; i < app_arr.size(); ++i) {
        auto const where = "apps[" + std::to_string(i) + "]";
        auto const& o = as_object(app_arr[i], where);
        only(o, where, {"ak", "sk", "team", "app", "screenshot_service"});
        app a;
        a.ak = get_string(o, "ak", where);
        a.sk = get_string(o, "sk", where);
        if (a.ak.empty() || a.sk.empty())
            fail(where, "\"ak\" and \"sk\" must not be empty");
        if (!aks.insert(a.ak).second)
            fail(where + ".ak", "duplicate \"" + a.ak + "\"");
        a.team = get_string(o, "team", where, a.ak);
        a.app = get_string(o, "app", where, a.ak);
        a.screenshot_service = get_bool(o, "screenshot_service", where, true);
        f.apps.push_back(std::move(a));
    }
    if (auto const* st = root.if_contains("storage")) {
        auto const& o = as_object(*st, "storage");
        only(o, "storage", {"bucket", "region"});
        f.storage.bucket = get_string(o, "bucket", "storage", f.storage.bucket);
        f.storage.region = get_string(o, "region", "storage", f.storage.region);
    }
    if (auto const* lim = root.if_contains("limits")) {
        auto const& o = as_object(*lim, "limits");
        only(o, "limits", {"journal_entries", "store_bytes"});
        auto const size = [&](std::string_view key) -> std::optional<std::size_t> {
            auto const* v = o.if_contains(key);
            if (!v)
                return std::nullopt;
            if (!v->is_int64() || v->get_int64() < 0)
                fail("limits." + std::string(key), "must be a non-negative integer");
            return static_cast<std::size_t>(v->get_int64());
        };
        f.limits.journal_entries = size("journal_entries");
        f.limits.store_bytes = size("store_bytes");
    }
    if (auto const* rooms = root.if_contains("rooms")) {
        auto const& arr = as_array(*rooms, "rooms");
        std::set<std::string> uuids;
        for (std::size_t i = 0; i < arr.size(); ++i) {
            auto const where = "rooms[" + std::to_string(i) + "]";
            auto r = parse_room(arr[i], where, aks);
            if (!uuids.insert(r.uuid).second)
                fail(where + ".uuid", "duplicate room \"" + r.uuid + "\"");
            f.rooms.push_back(std::move(r));
        }
    }
    if (auto const* smh = root.if_contains("smh")) {
        auto const& o = as_object(*smh, "smh");
        only(o, "smh", {"libraries"});
        if (auto const* libs = o.if_contains("libraries")) {
            auto const& arr = as_array(*libs, "smh.libraries");
            std::set<std::string> ids;
            for (std::size_t i = 0; i < arr.size(); ++i) {
                auto const where = "smh.libraries[" + std::to_string(i) + "]";
                auto lib = parse_library(arr[i], where);
                if (!ids.insert(lib.id).second)
                    fail(where + ".id", "duplicate library \"" + lib.id + "\"");
                f.smh_libraries.push_back(std::move(lib));
            }
        }
    }
    if (auto const* faults = root.if_contains("faults")) {
        auto const& arr = as_array(*faults, "faults");
        if (arr.size() > max_fault_rules)
            fail("faults", "at most 1000 rules");
        std::set<std::string> ids;
        for (std::size_t i = 0; i < arr.size(); ++i) {
            auto const where = "faults[" + std::to_string(i) + "]";
            try {
                f.faults.push_back(parse_fault_rule(arr[i]));
            } catch (fault_error const& e) {
                fail(where, e.what());
            }
            if (auto const& id = f.faults.back().id; !id.empty() && !ids.insert(id).second)
                fail(where + ".id", "duplicate rule \"" + id + "\"");
        }
    }
    return f;
}

fixture load_fixture(std::filesystem::path const& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw fixture_error(file.string() + ": cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    boost::system::error_code ec;
    auto jv = json::parse(ss.str(), ec);
    if (ec)
        throw fixture_error(file.string() + ": not valid JSON (" + ec.message() + ")");
    try {
        return parse_fixture(jv, file.parent_path());
    } catch (fixture_error const& e) {
        throw fixture_error(file.string() + ": " + e.what());
    }
}

fixture demo_fixture()
{
    fixture f;
    f.apps.push_back({"demo-ak", "demo-sk", "demo", "demo-app", true});
    room_spec r;
    r.uuid = "0123456789abcdef0123456789abcdef";
    r.ak = "demo-ak";
    r.name = "demo room";
    for (auto p : {"/init", "/physics/newtonian-mechanics", "/physics/relativity-theory",
                   "/physics/quantum-mechanics/first-chapter", "/english"})
        r.scenes.push_back({p, std::nullopt});
    r.current_scene = "/init";
    f.rooms.push_back(std::move(r));
    // An SMH album library; its pictures are not shipped, so the fake draws placeholders (with
    // the face box filled in) unless the current folder holds coverkit-demo/*.
    smh_library lib;
    lib.id = "demo-library";
    lib.secret = "demo-secret";
    lib.album = true;
    smh_space space;
    space.id = "-";
    smh_album album;
    album.name = "demo-album";
    album.media.push_back({"beach.jpg",
                           false,
                           "coverkit-demo/beach.jpg",
                           1'782'924'300'000,
                           {{{858, 170, 144, 170}}}}); // 2026-07-01T16:45:00Z
    album.media.push_back({"clip.mp4",
                           true,
                           "coverkit-demo/clip-frame.png",
                           1'782'984'600'000,
                           {}}); // 2026-07-02T09:30:00Z
    space.albums.push_back(std::move(album));
    lib.spaces.push_back(std::move(space));
    f.smh_libraries.push_back(std::move(lib));
    return f;
}

} // namespace coverkit::fake
