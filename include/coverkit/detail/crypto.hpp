//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_DETAIL_CRYPTO_HPP
#define COVERKIT_DETAIL_CRYPTO_HPP

#include <coverkit/detail/encoding.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <climits>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coverkit::detail {

/** Lowercase hex of HMAC-SHA256(key, msg), 64 characters.

    Throws `std::length_error` for a key longer than `INT_MAX` bytes and `std::runtime_error` when
    OpenSSL fails. Never puts the key into an exception.
*/
inline std::string hmac_sha256_hex(std::string_view key, std::string_view msg)
{
    if (key.size() > static_cast<std::size_t>(INT_MAX))
        throw std::length_error("coverkit: HMAC key too long");
    // HMAC() needs a non-null key pointer even for an empty key.
    static constexpr unsigned char empty = 0;
    void const* key_data = key.empty() ? static_cast<void const*>(&empty) : key.data();
    unsigned char const* msg_data =
        msg.empty() ? &empty : reinterpret_cast<unsigned char const*>(msg.data());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()), msg_data, msg.size(), digest,
             &len) == nullptr)
        throw std::runtime_error("coverkit: HMAC-SHA256 failed");
    return to_hex(std::string_view(reinterpret_cast<char const*>(digest), len));
}

/** Compares two byte strings without a data-dependent early exit.

    Strings of different lengths compare unequal at once: only the length, never the content,
    decides the running time.
*/
inline bool constant_time_equal(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    if (a.empty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

/** A random (version 4) UUID in lowercase `8-4-4-4-12` form, from OpenSSL's CSPRNG.

    Throws `std::runtime_error` when `RAND_bytes` fails.
*/
inline std::string random_uuid_v4()
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        throw std::runtime_error("coverkit: RAND_bytes failed");
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    std::string const hex = to_hex(std::string_view(reinterpret_cast<char const*>(b), sizeof b));
    std::string out;
    out.reserve(36);
    out.append(hex, 0, 8).push_back('-');
    out.append(hex, 8, 4).push_back('-');
    out.append(hex, 12, 4).push_back('-');
    out.append(hex, 16, 4).push_back('-');
    out.append(hex, 20, 12);
    return out;
}

} // namespace coverkit::detail

#endif
