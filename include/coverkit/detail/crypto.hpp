//
// coverkit — whiteboard scenes and media albums to pictures
//
#ifndef COVERKIT_DETAIL_CRYPTO_HPP
#define COVERKIT_DETAIL_CRYPTO_HPP

#include <coverkit/detail/encoding.hpp>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace coverkit::detail {

// An HMAC-SHA256 context with its algorithms already fetched. OpenSSL 3 looks algorithms up by
// name on every one-shot HMAC() call; duplicating a prepared context skips that lookup, which
// was a fifth of the fake's time per screenshot call.
inline EVP_MAC_CTX* hmac_sha256_prototype()
{
    struct holder
    {
        EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        EVP_MAC_CTX* ctx = nullptr;
        holder()
        {
            if (!mac || !(ctx = EVP_MAC_CTX_new(mac)))
                return;
            char digest[] = "SHA256";
            OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                OSSL_PARAM_construct_end()};
            if (EVP_MAC_CTX_set_params(ctx, params) != 1) {
                EVP_MAC_CTX_free(ctx);
                ctx = nullptr;
            }
        }
        ~holder()
        {
            EVP_MAC_CTX_free(ctx);
            EVP_MAC_free(mac);
        }
    };
    static holder const h;
    return h.ctx;
}

/** Lowercase hex of HMAC-SHA256(key, msg), 64 characters.

    Throws `std::length_error` for a key longer than `INT_MAX` bytes and `std::runtime_error` when
    OpenSSL fails. Never puts the key into an exception. Thread-safe.
*/
inline std::string hmac_sha256_hex(std::string_view key, std::string_view msg)
{
    if (key.size() > static_cast<std::size_t>(INT_MAX))
        throw std::length_error("coverkit: HMAC key too long");
    // OpenSSL wants a non-null key pointer even for an empty key.
    static constexpr unsigned char empty = 0;
    auto const* key_data =
        key.empty() ? &empty : reinterpret_cast<unsigned char const*>(key.data());
    auto const* msg_data =
        msg.empty() ? &empty : reinterpret_cast<unsigned char const*>(msg.data());
    auto const* proto = hmac_sha256_prototype();
    std::unique_ptr<EVP_MAC_CTX, void (*)(EVP_MAC_CTX*)> ctx(
        proto ? EVP_MAC_CTX_dup(proto) : nullptr, &EVP_MAC_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t len = 0;
    if (!ctx || EVP_MAC_init(ctx.get(), key_data, key.size(), nullptr) != 1 ||
        EVP_MAC_update(ctx.get(), msg_data, msg.size()) != 1 ||
        EVP_MAC_final(ctx.get(), digest, &len, sizeof digest) != 1)
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
