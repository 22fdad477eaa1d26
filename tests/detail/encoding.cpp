#include <coverkit/detail/encoding.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace std::string_literals;
using namespace std::string_view_literals;
namespace cd = coverkit::detail;

namespace {

// Every byte value once, in order.
std::string all_bytes()
{
    std::string s;
    for (int i = 0; i < 256; ++i)
        s.push_back(static_cast<char>(i));
    return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(detail_encoding)

BOOST_AUTO_TEST_CASE(base64url_encode_known_values)
{
    BOOST_TEST(cd::base64url_encode("") == "");
    BOOST_TEST(cd::base64url_encode("f") == "Zg");
    BOOST_TEST(cd::base64url_encode("fo") == "Zm8");
    BOOST_TEST(cd::base64url_encode("foo") == "Zm9v");
    BOOST_TEST(cd::base64url_encode("foob") == "Zm9vYg");
    BOOST_TEST(cd::base64url_encode("fooba") == "Zm9vYmE");
    BOOST_TEST(cd::base64url_encode("foobar") == "Zm9vYmFy");
    BOOST_TEST(cd::base64url_encode("netless") == "bmV0bGVzcw");
    // Standard base64 of these bytes is "+/8=" and "++++": the URL alphabet replaces + and /.
    BOOST_TEST(cd::base64url_encode("\xfb\xff") == "-_8");
    BOOST_TEST(cd::base64url_encode("\xfb\xef\xbe") == "----");
    BOOST_TEST(cd::base64url_encode("\xff\xff\xff") == "____");
}

BOOST_AUTO_TEST_CASE(base64url_encode_long_input_spans_chunks)
{
    // Longer than the encoder's internal chunk, and not a multiple of 3.
    std::string input;
    for (int i = 0; i < 100'001; ++i)
        input.push_back(static_cast<char>((i * 7 + 3) % 256));
    std::string const encoded = cd::base64url_encode(input);
    BOOST_TEST(encoded.size() == (input.size() * 4 + 2) / 3);
    BOOST_TEST(encoded.find_first_of("+/=\n") == std::string::npos);
    auto const decoded = cd::base64url_decode(encoded);
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST(*decoded == input);
}

BOOST_AUTO_TEST_CASE(base64url_decode_accepts_both_alphabets_and_optional_padding)
{
    BOOST_TEST(cd::base64url_decode("").value() == "");
    BOOST_TEST(cd::base64url_decode("Zm9vYg").value() == "foob");
    BOOST_TEST(cd::base64url_decode("Zm9vYg==").value() == "foob");
    BOOST_TEST(cd::base64url_decode("Zm9vYmE").value() == "fooba");
    BOOST_TEST(cd::base64url_decode("Zm9vYmE=").value() == "fooba");
    BOOST_TEST(cd::base64url_decode("Zm9vYmFy").value() == "foobar");
    BOOST_TEST(cd::base64url_decode("-_8").value() == "\xfb\xff");
    BOOST_TEST(cd::base64url_decode("+/8=").value() == "\xfb\xff");
    BOOST_TEST(cd::base64url_decode("+/8").value() == "\xfb\xff");
    BOOST_TEST(cd::base64url_decode("bmV0bGVzcw").value() == "netless");
}

BOOST_AUTO_TEST_CASE(base64url_decode_rejects_bad_input)
{
    for (std::string_view bad :
         {"Z"sv, "Zm9vY"sv, "Zm9vYg="sv, "Zm9vYg==="sv, "Zm9v Yg"sv, "Zm9v\nYg"sv, "Zm9v=Yg="sv,
          "===="sv, "=="sv, "Zm9v!"sv, "Zm.v"sv, "Zm9vYg%3D%3D"sv, "\x80\x80"sv}) {
        BOOST_TEST_CONTEXT("input " << bad)
        {
            BOOST_TEST(!cd::base64url_decode(bad).has_value());
        }
    }
    BOOST_TEST(!cd::base64url_decode("Zm\0v"sv).has_value());
}

BOOST_AUTO_TEST_CASE(base64url_round_trips_every_byte_at_every_length_mod_3)
{
    std::string const bytes = all_bytes();
    for (std::size_t len = 0; len <= 12; ++len) {
        for (std::size_t start = 0; start + len <= bytes.size(); start += 17) {
            std::string const input = bytes.substr(start, len);
            auto const decoded = cd::base64url_decode(cd::base64url_encode(input));
            BOOST_TEST_CONTEXT("len " << len << " start " << start)
            {
                BOOST_REQUIRE(decoded.has_value());
                BOOST_TEST(*decoded == input);
            }
        }
    }
    auto const whole = cd::base64url_decode(cd::base64url_encode(bytes));
    BOOST_REQUIRE(whole.has_value());
    BOOST_TEST(*whole == bytes);
}

BOOST_AUTO_TEST_CASE(encode_uri_component_matches_ecmascript)
{
    BOOST_TEST(cd::encode_uri_component("net less") == "net%20less");
    BOOST_TEST(cd::encode_uri_component("") == "");
    std::string const unreserved =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";
    BOOST_TEST(cd::encode_uri_component(unreserved) == unreserved);
    BOOST_TEST(cd::encode_uri_component("a b/c+d~*()!\xc3\xbc") == "a%20b%2Fc%2Bd~*()!%C3%BC");
    BOOST_TEST(cd::encode_uri_component("?#&=%:@,;$[]{}|\\^`\"<>") ==
               "%3F%23%26%3D%25%3A%40%2C%3B%24%5B%5D%7B%7D%7C%5C%5E%60%22%3C%3E");
    BOOST_TEST(cd::encode_uri_component("\0\x1f\x7f\x80\xff"sv) == "%00%1F%7F%80%FF");
    BOOST_TEST(cd::encode_uri_component("\xe6\x97\xa5") == "%E6%97%A5");

    // Every byte: unreserved bytes stay, all others become exactly three characters.
    std::string const encoded = cd::encode_uri_component(all_bytes());
    BOOST_TEST(encoded.size() == unreserved.size() + 3 * (256 - unreserved.size()));
}

BOOST_AUTO_TEST_CASE(decode_query_component_decodes_percent_and_plus)
{
    BOOST_TEST(cd::decode_query_component("").value() == "");
    BOOST_TEST(cd::decode_query_component("a+b%20c%2f%2F").value() == "a b c//");
    BOOST_TEST(cd::decode_query_component("%C3%BC%c3%bc").value() == "\xc3\xbc\xc3\xbc");
    BOOST_TEST(cd::decode_query_component("%2B").value() == "+");
    BOOST_TEST(cd::decode_query_component("%00").value() == "\0"s);
    BOOST_TEST(cd::decode_query_component("~*()!'").value() == "~*()!'");
    for (std::string_view bad : {"%"sv, "%2"sv, "a%"sv, "%zz"sv, "%2g"sv, "%g2"sv, "%%20"sv}) {
        BOOST_TEST_CONTEXT("input " << bad)
        {
            BOOST_TEST(!cd::decode_query_component(bad).has_value());
        }
    }
    auto const round = cd::decode_query_component(cd::encode_uri_component(all_bytes()));
    BOOST_REQUIRE(round.has_value());
    BOOST_TEST(*round == all_bytes());
}

BOOST_AUTO_TEST_CASE(append_js_json_string_escapes_like_json_stringify)
{
    std::string out = "x";
    cd::append_js_json_string(out, "plain");
    BOOST_TEST(out == "x\"plain\"");

    out.clear();
    cd::append_js_json_string(out, "q\"b\\s/");
    BOOST_TEST(out == R"("q\"b\\s/")");

    out.clear();
    cd::append_js_json_string(out, "\b\f\n\r\t");
    BOOST_TEST(out == R"("\b\f\n\r\t")");

    out.clear();
    cd::append_js_json_string(out, "\0\x01\x0b\x1a\x1f \x7f"sv);
    BOOST_TEST(out == R"("\u0000\u0001\u000b\u001a\u001f )"
                      "\x7f\"");

    out.clear();
    cd::append_js_json_string(out, "sk\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80");
    BOOST_TEST(out == "\"sk\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80\"");

    out.clear();
    cd::append_js_json_string(out, "");
    BOOST_TEST(out == "\"\"");
}

BOOST_AUTO_TEST_CASE(to_hex_is_lowercase_two_digits_per_byte)
{
    BOOST_TEST(cd::to_hex("") == "");
    BOOST_TEST(cd::to_hex("\0\x01\xab\xff"sv) == "0001abff");
    BOOST_TEST(cd::to_hex("netless") == "6e65746c657373");
}

BOOST_AUTO_TEST_SUITE_END()
