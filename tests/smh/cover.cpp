#include <coverkit/smh/cover.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/test/unit_test.hpp>

#include "support/print.hpp"

#include <cstdint>
#include <limits>
#include <string>

using coverkit::error;
using coverkit::error_code;
using coverkit::smh::access_token;
using coverkit::smh::access_token_request;
using coverkit::smh::album_cover_request;

namespace {

// The requests view their text: the callers' literals outlive them.
album_cover_request cover_of(coverkit::text_view library)
{
    album_cover_request r;
    r.library_id = library;
    return r;
}

access_token_request token_of(coverkit::text_view library, coverkit::text_view secret)
{
    access_token_request r;
    r.library_id = library;
    r.library_secret = secret;
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(smh_cover)

BOOST_AUTO_TEST_CASE(a_cover_request_defaults_to_the_single_tenant_space)
{
    album_cover_request const r;
    BOOST_TEST(r.space_id == "-");
    BOOST_TEST(!r.album.has_value());
    BOOST_TEST(!r.size.has_value());
    BOOST_TEST(!r.access_token.has_value());
    BOOST_TEST(!r.user_id.has_value());
    std::string why;
    BOOST_TEST(!check(cover_of("lib"), why));
    BOOST_TEST(why.empty());
}

BOOST_AUTO_TEST_CASE(library_space_and_album_must_be_path_segments)
{
    std::string why;
    BOOST_TEST(check(cover_of(""), why) == error::invalid_argument);
    BOOST_TEST(why.find("library") != std::string::npos);

    auto r = cover_of("lib");
    r.space_id = "";
    BOOST_TEST(check(r, why) == error::invalid_argument);
    BOOST_TEST(why.find("space") != std::string::npos);

    r = cover_of("lib");
    r.album = "";
    BOOST_TEST(check(r, why) == error::invalid_argument);
    BOOST_TEST(why.find("album") != std::string::npos);

    for (char const* dots : {".", ".."}) {
        r = cover_of("lib");
        r.album = dots;
        BOOST_TEST(check(r, why) == error::invalid_argument, dots);
        r = cover_of(dots);
        BOOST_TEST(check(r, why) == error::invalid_argument, dots);
        r = cover_of("lib");
        r.space_id = dots;
        BOOST_TEST(check(r, why) == error::invalid_argument, dots);
    }

    // anything else is a name, percent-encoded on the wire
    for (char const* name : {"summer trip", "a/b", "旅行", "...", "-", "a?b#c"}) {
        r = cover_of(name);
        r.space_id = name;
        r.album = name;
        BOOST_TEST(!check(r, why), name);
    }
}

BOOST_AUTO_TEST_CASE(sizes_are_checked_against_1_to_4096)
{
    static_assert(coverkit::smh::min_cover_size == 1);
    static_assert(coverkit::smh::max_cover_size == 4096);
    std::string why;
    auto r = cover_of("lib");
    for (int ok : {1, 256, 4096}) {
        r.size = ok;
        BOOST_TEST(!check(r, why), ok);
    }
    for (int bad : {0, -1, 4097, std::numeric_limits<int>::min()}) {
        r.size = bad;
        BOOST_TEST(check(r, why) == error::invalid_size, bad);
        BOOST_TEST(why.find("size") != std::string::npos);
        BOOST_TEST(why.find(std::to_string(bad)) != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_check_never_names_the_access_token)
{
    auto r = cover_of("");
    r.access_token = "tok-SECRET-1234";
    std::string why;
    BOOST_TEST(check(r, why) == error::invalid_argument);
    BOOST_TEST(why.find("SECRET") == std::string::npos);
    r.library_id = "lib";
    r.size = 0;
    BOOST_TEST(check(r, why) == error::invalid_size);
    BOOST_TEST(why.find("SECRET") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(token_requests_need_a_library_and_its_secret)
{
    std::string why;
    BOOST_TEST(!check(token_of("lib", "s"), why));
    BOOST_TEST(check(token_of("", "s3cr3t"), why) == error::invalid_argument);
    BOOST_TEST(why.find("library id") != std::string::npos);
    BOOST_TEST(why.find("s3cr3t") == std::string::npos);
    BOOST_TEST(check(token_of("lib", ""), why) == error::invalid_argument);
    BOOST_TEST(why.find("secret") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_token_period_is_one_second_or_more)
{
    std::string why;
    auto r = token_of("lib", "s3cr3t");
    r.period = 1;
    BOOST_TEST(!check(r, why));
    r.period = coverkit::smh::default_token_period;
    BOOST_TEST(!check(r, why));
    for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-5}}) {
        r.period = bad;
        BOOST_TEST(check(r, why) == error::invalid_argument);
        BOOST_TEST(why.find("period") != std::string::npos);
        BOOST_TEST(why.find(std::to_string(bad)) != std::string::npos);
        BOOST_TEST(why.find("s3cr3t") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(an_access_token_reads_the_wire_names)
{
    auto const t = boost::json::value_to<access_token>(
        boost::json::parse(R"({"accessToken":"abc","expiresIn":7200,"other":true})"));
    BOOST_TEST(t.token == "abc");
    BOOST_TEST(t.expires_in == 7200);
    BOOST_TEST(boost::json::value_from(t) ==
               boost::json::parse(R"({"accessToken":"abc","expiresIn":7200})"));
    access_token const round{"x", 1};
    BOOST_TEST((boost::json::value_to<access_token>(boost::json::value_from(round)) == round));
    // an expiry held as unsigned still reads
    boost::json::value jv{{"accessToken", "y"}, {"expiresIn", std::uint64_t{60}}};
    BOOST_TEST(boost::json::value_to<access_token>(jv).expires_in == 60);
}

BOOST_AUTO_TEST_CASE(an_access_token_of_the_wrong_shape_is_malformed)
{
    for (char const* body :
         {"[]", "\"abc\"", "{}", R"({"accessToken":"abc"})", R"({"expiresIn":7200})",
          R"({"accessToken":"","expiresIn":7200})", R"({"accessToken":5,"expiresIn":7200})",
          R"({"accessToken":"abc","expiresIn":"7200"})", R"({"accessToken":"abc","expiresIn":1.5})",
          R"({"accessToken":"abc","expiresIn":-1})", R"({"accessToken":"abc","expiresIn":null})",
          R"({"accessToken":"abc","expiresIn":18446744073709551615})"}) {
        auto const r = boost::json::try_value_to<access_token>(boost::json::parse(body));
        BOOST_TEST_REQUIRE(!r.has_value(), body);
        BOOST_TEST(r.error() == error::malformed_response, body);
    }
}

BOOST_AUTO_TEST_SUITE_END()
