//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_DETAIL_ENCODING_HPP
#define COVERKIT_DETAIL_ENCODING_HPP

#include <openssl/evp.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace coverkit::detail {

/// Base64 with the URL-safe alphabet (`-`, `_`) and no `=` padding.
inline std::string base64url_encode(std::string_view bytes)
{
    // EVP_EncodeBlock takes an int length: feed it whole 3-byte groups in bounded chunks.
    constexpr std::size_t chunk = 3 * 4096;
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    unsigned char buf[chunk / 3 * 4 + 1];
    while (!bytes.empty()) {
        std::size_t const n = std::min(bytes.size(), chunk);
        int const written = EVP_EncodeBlock(
            buf, reinterpret_cast<unsigned char const*>(bytes.data()), static_cast<int>(n));
        out.append(reinterpret_cast<char const*>(buf), static_cast<std::size_t>(written));
        bytes.remove_prefix(n);
    }
    for (char& c : out) {
        if (c == '+')
            c = '-';
        else if (c == '/')
            c = '_';
    }
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    return out;
}

namespace base64_impl {
// The 6-bit value of a base64 character of either alphabet, or -1.
inline int sextet(char c) noexcept
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}
} // namespace base64_impl

/** Decodes base64 in the URL-safe or the standard alphabet.

    Padding is optional, but when present it must complete the last group to four characters.
    Any other character (including whitespace) gives `std::nullopt`. Unused low bits of the last
    character are ignored, as Node's `Buffer.from(s, "base64")` does.
*/
inline std::optional<std::string> base64url_decode(std::string_view text)
{
    if (text.size() % 4 == 0 && !text.empty()) {
        std::size_t pad = 0;
        while (pad < 2 && text[text.size() - 1 - pad] == '=')
            ++pad;
        text.remove_suffix(pad);
    }
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3 + 2);
    unsigned acc = 0;
    int bits = 0;
    for (char const c : text) {
        int const v = base64_impl::sextet(c);
        if (v < 0)
            return std::nullopt;
        acc = ((acc << 6) | static_cast<unsigned>(v)) & 0xffffu;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xffu));
        }
    }
    return out;
}

namespace uri_impl {
inline constexpr char hex_upper[] = "0123456789ABCDEF";

inline bool is_uri_unreserved(unsigned char c) noexcept
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
        return true;
    default:
        return false;
    }
}

inline int hex_value(char c) noexcept
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace uri_impl

/** ECMAScript `encodeURIComponent` over UTF-8 bytes.

    Leaves `A-Z a-z 0-9 - _ . ! ~ * ' ( )` as they are and writes every other byte as `%XX` with
    uppercase hex. Unlike the JavaScript function it never fails: bytes that are not valid UTF-8
    are escaped like any other.
*/
inline std::string encode_uri_component(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char const ch : text) {
        auto const c = static_cast<unsigned char>(ch);
        if (uri_impl::is_uri_unreserved(c)) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(uri_impl::hex_upper[c >> 4]);
            out.push_back(uri_impl::hex_upper[c & 0x0f]);
        }
    }
    return out;
}

/** Decodes one key or value of an `application/x-www-form-urlencoded` query.

    `%XX` (either case of hex) becomes the byte, `+` a space. A `%` not followed by two hex digits
    gives `std::nullopt`. The result is bytes; it is not checked to be UTF-8.
*/
inline std::optional<std::string> decode_query_component(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char const c = text[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (text.size() - i < 3)
                return std::nullopt;
            int const hi = uri_impl::hex_value(text[i + 1]);
            int const lo = uri_impl::hex_value(text[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out.push_back(static_cast<char>((hi << 4) | lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

/** Appends `utf8` as a quoted JSON string escaped the way ECMAScript `JSON.stringify` does.

    `"` and `\` are escaped, `\b \f \n \r \t` use their short forms, other bytes below 0x20 become
    `\u00xx` with lowercase hex; `/` and every byte from 0x20 up (including non-ASCII) are copied
    as they are.
*/
inline void append_js_json_string(std::string& out, std::string_view utf8)
{
    static constexpr char hex_lower[] = "0123456789abcdef";
    out.push_back('"');
    for (char const ch : utf8) {
        auto const c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(hex_lower[c >> 4]);
                out.push_back(hex_lower[c & 0x0f]);
            } else {
                out.push_back(ch);
            }
        }
    }
    out.push_back('"');
}

/// Lowercase hex of `bytes`, two characters per byte.
inline std::string to_hex(std::string_view bytes)
{
    static constexpr char hex_lower[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char const ch : bytes) {
        auto const c = static_cast<unsigned char>(ch);
        out.push_back(hex_lower[c >> 4]);
        out.push_back(hex_lower[c & 0x0f]);
    }
    return out;
}

} // namespace coverkit::detail

#endif
