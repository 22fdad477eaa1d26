#include <coverkit/fake/fixture.hpp>

#include <coverkit/scene_path.hpp>
#include <coverkit/whiteboard/region.hpp>

#include <boost/json/parse.hpp>

#include <fstream>
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
        s.path = get_string(o, "path", where);
        if (auto const* p = o.if_contains("ppt")) {
            auto const pw = where + ".ppt";
            auto const& po = as_object(*p, pw);
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

room_spec parse_room(json::value const& v, std::string const& where,
                     std::set<std::string> const& aks)
{
    auto const& o = as_object(v, where);
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
        for (std::size_t i = 0; i < arr.size(); ++i) {
            auto const sw = where + ".scenes[" + std::to_string(i) + "]";
            auto s = parse_scene(arr[i], sw);
            if (!seen.insert(s.path).second)
                fail(sw, "duplicate scene \"" + s.path + "\"");
            r.scenes.push_back(std::move(s));
        }
        // A path cannot be both a scene and a directory.
        for (auto const& s : r.scenes)
            for (auto const& other : r.scenes)
                if (other.path.size() > s.path.size() && other.path.starts_with(s.path) &&
                    other.path[s.path.size()] == '/')
                    fail(where + ".scenes",
                         "\"" + s.path + "\" is a scene and also holds \"" + other.path + "\"");
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

} // namespace

fixture parse_fixture(json::value const& jv, std::filesystem::path base_dir)
{
    fixture f;
    f.base_dir = std::move(base_dir);
    auto const& root = as_object(jv, "fixture");
    auto const* apps = root.if_contains("apps");
    if (!apps)
        fail("fixture", "missing \"apps\"");
    std::set<std::string> aks;
    auto const& app_arr = as_array(*apps, "apps");
    for (std::size_t i = 0; i < app_arr.size(); ++i) {
        auto const where = "apps[" + std::to_string(i) + "]";
        auto const& o = as_object(app_arr[i], where);
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
        f.storage.bucket = get_string(o, "bucket", "storage", f.storage.bucket);
        f.storage.region = get_string(o, "region", "storage", f.storage.region);
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
        as_object(*smh, "smh");
        f.smh = *smh;
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
    return f;
}

} // namespace coverkit::fake
