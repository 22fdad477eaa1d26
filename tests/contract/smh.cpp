#include <coverkit/fake/server.hpp>
#include <coverkit/smh/client.hpp>

#include <boost/test/unit_test.hpp>

#include "support/environment.hpp"
#include "support/exchange.hpp"
#include "support/picture.hpp"
#include "support/print.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>

#include <fstream>
#include <iterator>
#include <string>

// Tencent SMH album covers and access tokens, over every contract environment, with
// raw exchanges: every rule and error, in the documented order, and the cover's pixels. The
// fixture's libraries and pictures are described in tests/data/contract.json and
// tests/data/img/README.md.

namespace http = boost::beast::http;
namespace json = boost::json;
using coverkit::test::decode_png;
using coverkit::test::near;
using coverkit::test::picture;
using coverkit::test::raw_request;
using coverkit::test::rgb;

namespace {

constexpr rgb red{220, 20, 30};
constexpr rgb green{30, 160, 60};
constexpr rgb blue{20, 40, 200};
constexpr rgb orange{255, 140, 0};

raw_request get(std::string path)
{
    raw_request r;
    r.method = http::verb::get;
    r.path = std::move(path);
    r.content_type.reset();
    return r;
}

// A path segment, percent-encoded.
std::string seg(std::string_view s)
{
    return boost::urls::encode(s, boost::urls::pchars);
}

// The cover path of `library`/`space`[/`album`] with the query `query` (without `?`).
std::string cover_path(std::string_view library, std::string_view space,
                       std::optional<std::string_view> album, std::string const& query = {})
{
    auto p = "/api/v1/album/" + seg(library) + "/" + seg(space) + "/cover";
    if (album)
        p += "/" + seg(*album);
    if (!query.empty())
        p += "?" + query;
    return p;
}

template <class Env>
std::string access_token(Env& env, std::string const& query)
{
    auto res = coverkit::test::exchange(env, get("/api/v1/token?" + query));
    BOOST_TEST_REQUIRE(res.result_int() == 200u, res.body());
    return std::string(coverkit::test::json_of(res).at("accessToken").as_string());
}

// A token for the single-tenant album library `smhlib`.
template <class Env>
std::string smhlib_token(Env& env)
{
    return access_token(env, "library_id=smhlib&library_secret=s3cret");
}

// The SMH error of `res`: its status, `code`, and `requestId` matching the header.
void check_error(coverkit::http_response const& res, unsigned status, std::string_view code)
{
    BOOST_TEST(res.result_int() == status);
    BOOST_TEST(res[http::field::content_type] == "application/json");
    auto const body = boost::json::parse(res.body()).as_object();
    BOOST_TEST(body.at("code").as_string() == code, res.body());
    BOOST_TEST(!body.at("message").as_string().empty());
    BOOST_TEST(body.at("requestId").as_string() == res["x-request-id"]);
}

// Follows a cover's 302 and returns the object it points at.
template <class Env>
coverkit::http_response follow(Env& env, coverkit::http_response const& res)
{
    BOOST_TEST_REQUIRE(res.result_int() == 302u, res.body());
    BOOST_TEST(res.body().empty());
    auto const location = std::string(res[http::field::location]);
    auto const url = boost::urls::parse_uri(location);
    BOOST_TEST_REQUIRE(url.has_value(), location);
    BOOST_TEST(url->encoded_path().starts_with("/storage/white-cover/"));
    auto object = coverkit::test::exchange(env, get(std::string(url->encoded_target())));
    BOOST_TEST_REQUIRE(object.result_int() == 200u);
    return object;
}

// The `size` × `size` PNG cover of `path`.
template <class Env>
picture cover_picture(Env& env, std::string const& path, int size)
{
    auto const object = follow(env, coverkit::test::exchange(env, get(path)));
    BOOST_TEST(object[http::field::content_type] == "image/png");
    auto p = decode_png(object.body());
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->width == size);
    BOOST_TEST(p->height == size);
    return std::move(*p);
}

// Every pixel near `c` (a picture of one colour).
void check_all(picture const& p, rgb c)
{
    int off = 0;
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x)
            off += !near(p.at(x, y), c, 12);
    BOOST_TEST(off == 0);
}

std::string file_bytes(std::string const& name)
{
    std::ifstream in(std::string(COVERKIT_TEST_DATA_DIR "/img/") + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

BOOST_AUTO_TEST_SUITE(contract_smh)

BOOST_AUTO_TEST_CASE_TEMPLATE(access_tokens_are_issued_for_the_library_secret, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    for (auto method : {http::verb::get, http::verb::post}) {
        auto r = get("/api/v1/token?library_id=smhlib&library_secret=s3cret&user_id=u1");
        r.method = method;
        auto res = coverkit::test::exchange(env, r);
        BOOST_TEST_REQUIRE(res.result_int() == 200u, res.body());
        auto const body = coverkit::test::json_of(res).as_object();
        BOOST_TEST(body.at("accessToken").as_string().size() >= 16u);
        BOOST_TEST(body.at("expiresIn").as_int64() == 86400);
    }
    auto res = coverkit::test::exchange(
        env, get("/api/v1/token?library_id=tenants&library_secret=t&space_id=alice&period=60"));
    BOOST_TEST_REQUIRE(res.result_int() == 200u, res.body());
    BOOST_TEST(coverkit::test::json_of(res).at("expiresIn").as_int64() == 60);
    // Two tokens are never the same.
    BOOST_TEST(smhlib_token(env) != smhlib_token(env));

    check_error(
        coverkit::test::exchange(env, get("/api/v1/token?library_id=smhlib&library_secret=no")),
        403, "InvalidLibrarySecret");
    check_error(coverkit::test::exchange(env, get("/api/v1/token?library_id=smhlib")), 403,
                "InvalidLibrarySecret");
    check_error(
        coverkit::test::exchange(env, get("/api/v1/token?library_id=nope&library_secret=s3cret")),
        404, "LibraryNotFound");
    // The library comes before the secret: a wrong secret of an unknown library is 404.
    check_error(
        coverkit::test::exchange(env, get("/api/v1/token?library_id=nope&library_secret=x")), 404,
        "LibraryNotFound");
    check_error(coverkit::test::exchange(env, get("/api/v1/token?library_secret=s3cret")), 400,
                "InvalidParameter");
    for (auto const* period : {"0", "-5", "1.5", "abc", ""})
        check_error(
            coverkit::test::exchange(
                env,
                get(std::string("/api/v1/token?library_id=smhlib&library_secret=s3cret&period=") +
                    period)),
            400, "InvalidParameter");
    check_error(coverkit::test::exchange(
                    env, get("/api/v1/token?library_id=tenants&library_secret=t&space_id=carol")),
                404, "SpaceNotFound");
    // The secret never reaches the journal.
    for (auto const& e : env.fake.journal()) {
        BOOST_TEST(e.target.find("s3cret") == std::string::npos, e.target);
        BOOST_TEST(e.target.find("flat-secret") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_cover_is_a_302_into_the_store, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token = smhlib_token(env);
    // Without size: the original bytes of the first media (the JPEG, uploaded before the video).
    auto res = coverkit::test::exchange(
        env, get(cover_path("smhlib", "-", "trip", "access_token=" + token)));
    BOOST_TEST(res.result_int() == 302u);
    BOOST_TEST(res[http::field::content_length] == "0");
    BOOST_TEST(res[http::field::location].find(token) == std::string::npos);
    auto const original = follow(env, res);
    BOOST_TEST(original[http::field::content_type] == "image/jpeg");
    BOOST_TEST(original.body() == file_bytes("wide.jpg"));
    // HEAD on the object, as for any stored object.
    auto head =
        get(std::string(boost::urls::parse_uri(res[http::field::location])->encoded_target()));
    head.method = http::verb::head;
    auto const h = coverkit::test::exchange(env, head);
    BOOST_TEST(h.result_int() == 200u);
    BOOST_TEST(h[http::field::content_length] == std::to_string(original.body().size()));

    // With size: a size × size PNG; user_id is accepted.
    cover_picture(
        env, cover_path("smhlib", "-", "trip", "size=64&user_id=u1&access_token=" + token), 64);
    // The same request twice: the same location and the same bytes.
    auto const path = cover_path("smhlib", "-", "trip", "size=33&access_token=" + token);
    auto const a = coverkit::test::exchange(env, get(path));
    auto const b = coverkit::test::exchange(env, get(path));
    BOOST_TEST(a[http::field::location] == b[http::field::location]);
    BOOST_TEST(follow(env, a).body() == follow(env, b).body());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_crop_is_centred_on_the_faces_or_on_the_picture, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token = smhlib_token(env);
    // wide.jpg: red | green | blue thirds of 300 × 100; a face at x 250..290 (the blue third).
    // The largest square is 100 × 100, centred on the face and kept inside: x 200..300, blue.
    check_all(
        cover_picture(env, cover_path("smhlib", "-", "trip", "size=50&access_token=" + token), 50),
        blue);
    // The same picture without faces: centred, x 100..200, green.
    check_all(
        cover_picture(env, cover_path("smhlib", "-", "plain", "size=50&access_token=" + token), 50),
        green);
    // tall.png: red, green, blue thirds of 100 × 300 from the top; faces near the top-left
    // corner: y 0..100 (the square cannot start above the picture), red. Scaled up to 400.
    auto const tall = cover_picture(
        env, cover_path("smhlib", "-", "tall", "size=400&access_token=" + token), 400);
    BOOST_TEST(near(tall.at(0, 0), red, 12));
    BOOST_TEST(near(tall.at(200, 200), red, 12));
    BOOST_TEST(near(tall.at(399, 390), red, 12));
    // Size 1: still a picture.
    cover_picture(env, cover_path("smhlib", "-", "plain", "size=1&access_token=" + token), 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(upload_time_chooses_the_media_then_names_break_ties, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token = smhlib_token(env);
    // "order": first in the fixture is the latest; "b" (+08:00) and "a" (Z) were uploaded at
    // the same instant, so the name decides: "a", red.
    check_all(
        cover_picture(env, cover_path("smhlib", "-", "order", "size=8&access_token=" + token), 8),
        red);
    // A video uploaded first: its first frame, orange; without size, the frame's own bytes.
    check_all(cover_picture(
                  env, cover_path("smhlib", "-", "video-first", "size=8&access_token=" + token), 8),
              orange);
    auto const frame =
        follow(env, coverkit::test::exchange(env, get(cover_path("smhlib", "-", "video-first",
                                                                 "access_token=" + token))));
    BOOST_TEST(frame.body() == file_bytes("frame.png"));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(names_are_path_segments, Env, coverkit::test::contract_environments)
{
    Env env;
    auto const token = smhlib_token(env);
    check_all(cover_picture(env,
                            cover_path("smhlib", "-", "summer trip/2026 旅行",
                                       "size=16&access_token=" + token),
                            16),
              green);
    // Without the encoding of `/`, the name is two segments: no such route.
    auto res = coverkit::test::exchange(
        env, get("/api/v1/album/smhlib/-/cover/summer%20trip/2026?access_token=" + token));
    BOOST_TEST(res.result_int() == 404u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(libraries_spaces_and_public_read, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    // A non-album library: no album name; its space's media.
    auto const flat = access_token(env, "library_id=flat&library_secret=flat-secret");
    check_all(
        cover_picture(env, cover_path("flat", "-", std::nullopt, "size=4&access_token=" + flat), 4),
        red);
    // A public-read library needs no token.
    check_all(cover_picture(env, cover_path("public", "-", std::nullopt, "size=4"), 4), green);
    // A multi-tenant library: each space its own media; a token without space reaches both.
    auto const any = access_token(env, "library_id=tenants&library_secret=t");
    check_all(
        cover_picture(env, cover_path("tenants", "alice", "trip", "size=4&access_token=" + any), 4),
        red);
    check_all(
        cover_picture(env, cover_path("tenants", "bob", "trip", "size=4&access_token=" + any), 4),
        blue);
    auto const alice = access_token(env, "library_id=tenants&library_secret=t&space_id=alice");
    check_all(cover_picture(
                  env, cover_path("tenants", "alice", "trip", "size=4&access_token=" + alice), 4),
              red);
    check_error(coverkit::test::exchange(
                    env, get(cover_path("tenants", "bob", "trip", "access_token=" + alice))),
                403, "AccessTokenNotMatchSpace");
    // A picture the fixture names but does not ship: a placeholder large enough for its faces.
    auto const missing = access_token(env, "library_id=missing&library_secret=m");
    auto const object =
        follow(env, coverkit::test::exchange(env, get(cover_path("missing", "-", std::nullopt,
                                                                 "access_token=" + missing))));
    auto const p = decode_png(object.body());
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->width >= 850);
    BOOST_TEST(p->height >= 650);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(every_error_in_the_documented_order, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    auto const token = smhlib_token(env);
    auto const flat = access_token(env, "library_id=flat&library_secret=flat-secret");
    auto const q = "access_token=" + token;
    auto check = [&](std::string const& path, unsigned status, std::string_view code) {
        BOOST_TEST_CONTEXT(path)
        {
            check_error(coverkit::test::exchange(env, get(path)), status, code);
        }
    };
    // The library.
    check(cover_path("nope", "-", "trip", q), 404, "LibraryNotFound");
    check(cover_path("filelib", "-", std::nullopt), 400, "CoverNotSupportedInFileLibrary");
    // The token, before the space, the album and the size.
    check(cover_path("smhlib", "-", "trip"), 400, "EmptyAccessToken");
    check(cover_path("smhlib", "-", "trip", "access_token="), 400, "EmptyAccessToken");
    check(cover_path("smhlib", "nowhere", "nothing", "size=0"), 400, "EmptyAccessToken");
    check(cover_path("smhlib", "-", "trip", "access_token=unknown"), 403, "InvalidAccessToken");
    check(cover_path("smhlib", "-", "trip", "access_token=" + flat), 403, "InvalidAccessToken");
    check(cover_path("smhlib", "nowhere", "trip", "access_token=unknown"), 403,
          "InvalidAccessToken");
    // The space.
    check(cover_path("smhlib", "x", "trip", q), 404, "SpaceNotFound");
    check(cover_path("smhlib", "x", "nothing", q + "&size=0"), 404, "SpaceNotFound");
    auto const tenants = access_token(env, "library_id=tenants&library_secret=t");
    check(cover_path("tenants", "-", "trip", "access_token=" + tenants), 404, "SpaceNotFound");
    // The album.
    check(cover_path("smhlib", "-", std::nullopt, q), 400, "CoverNotSupportedInRootDirectory");
    check(cover_path("smhlib", "-", std::nullopt, q + "&size=0"), 400,
          "CoverNotSupportedInRootDirectory");
    check(cover_path("smhlib", "-", "nothing", q), 404, "DirectoryNotFound");
    check(cover_path("smhlib", "-", "nothing", q + "&size=0"), 404, "DirectoryNotFound");
    check(cover_path("flat", "-", "trip", "access_token=" + flat), 404, "DirectoryNotFound");
    // The size, before whether there is media.
    for (auto const* size : {"0", "4097", "-1", "1.5", "abc", "", "99999999999999999999"})
        check(cover_path("smhlib", "-", "trip", q + "&size=" + size), 400, "InvalidParameter");
    check(cover_path("smhlib", "-", "empty", q + "&size=0"), 400, "InvalidParameter");
    // No media.
    check(cover_path("smhlib", "-", "empty", q), 404, "FileNotFound");
    auto const flat_empty = access_token(env, "library_id=flat-empty&library_secret=e");
    check(cover_path("flat-empty", "-", std::nullopt, "access_token=" + flat_empty), 404,
          "FileNotFound");
    // Sizes at the edges are accepted.
    for (auto const* size : {"1", "4096"})
        BOOST_TEST(coverkit::test::exchange(
                       env, get(cover_path("smhlib", "-", "trip", q + "&size=" + size)))
                       .result_int() == 302u);
    // Other methods: 405 in the SMH error body.
    auto post = get(cover_path("smhlib", "-", "trip", q));
    post.method = http::verb::post;
    check_error(coverkit::test::exchange(env, post), 405, "MethodNotAllowed");
    // Tokens never reach the journal.
    for (auto const& e : env.fake.journal())
        BOOST_TEST(e.target.find(token) == std::string::npos, e.target);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(tokens_expire_on_the_fakes_clock, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    env.fake.set_clock(1'700'000'000'000);
    auto const token = access_token(env, "library_id=smhlib&library_secret=s3cret&period=60");
    auto const path = cover_path("smhlib", "-", "trip", "access_token=" + token);
    env.fake.set_clock(1'700'000'059'999);
    BOOST_TEST(coverkit::test::exchange(env, get(path)).result_int() == 302u);
    env.fake.set_clock(1'700'000'060'000);
    check_error(coverkit::test::exchange(env, get(path)), 403, "InvalidAccessToken");
    // A reset forgets every token.
    env.fake.set_clock(1'700'000'000'000);
    env.fake.reset();
    check_error(coverkit::test::exchange(env, get(path)), 403, "InvalidAccessToken");
}

// coverkit's own SMH client against the fake, over every environment.
BOOST_AUTO_TEST_CASE_TEMPLATE(the_client_resolves_and_fetches_covers, Env,
                              coverkit::test::contract_environments)
{
    Env env;
    using transport_type = std::decay_t<decltype(env.transport())>;
    coverkit::smh::client<transport_type> client(env.transport(), {env.base_url()});
    coverkit::smh::access_token_request treq;
    treq.library_id = "smhlib";
    treq.library_secret = "s3cret";
    treq.period = 600;
    auto const token = client.create_access_token(treq);
    BOOST_TEST(token.expires_in == 600);

    coverkit::smh::album_cover_request req;
    req.library_id = "smhlib";
    req.album = "summer trip/2026 旅行";
    req.size = 16;
    req.access_token = token.token;
    auto const location = client.cover_location(req);
    BOOST_TEST(location.find("/storage/white-cover/") != std::string::npos, location);
    auto const object = client.cover(req);
    BOOST_TEST(object.content_type == "image/png");
    auto const p = decode_png(object.bytes);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(p->width == 16);
    check_all(*p, green);
    // The location is the object the cover call fetched.
    auto const direct = coverkit::download(client.transport(), location);
    BOOST_TEST(direct.bytes == object.bytes);

    // Without size: the original JPEG of the trip album.
    req.album = "trip";
    req.size.reset();
    BOOST_TEST(client.cover(req).bytes == file_bytes("wide.jpg"));

    // Errors: the status's error, the SMH code, and never the token.
    req.album = "nothing";
    try {
        client.cover(req);
        BOOST_FAIL("an unknown album must fail");
    } catch (coverkit::api_error const& e) {
        BOOST_TEST(e.code() == coverkit::error::not_found);
        BOOST_TEST(e.details().code == "DirectoryNotFound");
        BOOST_TEST(e.details().status == 404u);
        BOOST_TEST(!e.details().request_id.empty());
        BOOST_TEST(std::string(e.what()).find(token.token) == std::string::npos);
    }
    coverkit::error_code ec;
    coverkit::error_details why;
    treq.library_secret = "wrong-secret";
    client.create_access_token(treq, ec, why);
    BOOST_TEST(ec == coverkit::error::forbidden);
    BOOST_TEST(why.code == "InvalidLibrarySecret");
    BOOST_TEST(why.body.find("wrong-secret") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
