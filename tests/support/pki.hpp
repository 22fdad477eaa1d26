// Certificates made during the test run, and a temporary directory to put them in.
//
// `make_test_pki` builds a throw-away CA and a server certificate it signed, with the OpenSSL 3
// C API (no `openssl` command): TLS tests get a chain whose trust they control, and a second call
// gives an unrelated CA to prove that verification really rejects strangers.
#ifndef COVERKIT_TESTS_SUPPORT_PKI_HPP
#define COVERKIT_TESTS_SUPPORT_PKI_HPP

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <cerrno>
#include <unistd.h>

namespace coverkit::test {

/** A certificate authority and a server certificate it issued, all PEM text.

    Made by `make_test_pki`; nothing here is secret beyond the test run.
*/
struct test_pki
{
    /// The self-signed CA: basicConstraints `CA:TRUE` (critical), keyUsage `keyCertSign`.
    std::string ca_cert_pem;
    /// The leaf the CA signed: `CA:FALSE`, extendedKeyUsage `serverAuth`, the requested SAN.
    std::string server_cert_pem;
    /// The leaf's private key, unencrypted PKCS#8 (`-----BEGIN PRIVATE KEY-----`).
    std::string server_key_pem;
};

namespace detail {

/// Frees whatever OpenSSL object it is given; the deleter of every `ossl_ptr`.
struct ossl_free
{
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
    void operator()(X509* p) const noexcept { X509_free(p); }
    void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
    void operator()(X509_STORE* p) const noexcept { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX* p) const noexcept { X509_STORE_CTX_free(p); }
    void operator()(GENERAL_NAME* p) const noexcept { GENERAL_NAME_free(p); }
    void operator()(GENERAL_NAMES* p) const noexcept { GENERAL_NAMES_free(p); }
    // ASN1_INTEGER, ASN1_OCTET_STRING, ASN1_IA5STRING and ASN1_TIME are all this one type.
    void operator()(ASN1_STRING* p) const noexcept { ASN1_STRING_free(p); }
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
    void operator()(BIO* p) const noexcept { BIO_free_all(p); }
};

/// An owning pointer to an OpenSSL object.
template <class T>
using ossl_ptr = std::unique_ptr<T, ossl_free>;

/// Throws `std::runtime_error` naming the OpenSSL call that failed and OpenSSL's reason.
[[noreturn]] inline void throw_openssl(char const* call)
{
    std::string what = std::string("coverkit test PKI: ") + call + " failed";
    // The oldest error is the root cause; drain the queue so no later call sees stale errors.
    if (unsigned long const e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        what += ": ";
        what += buf;
    }
    ERR_clear_error();
    throw std::runtime_error(what);
}

/// `p` itself, or a `throw_openssl(call)` when it is null.
template <class T>
T* checked(T* p, char const* call)
{
    if (!p)
        throw_openssl(call);
    return p;
}

/// Throws for an OpenSSL status that is not positive (1 or a length means success).
inline void check(int status, char const* call)
{
    if (status <= 0)
        throw_openssl(call);
}

inline ossl_ptr<EVP_PKEY> make_p256_key()
{
    ossl_ptr<EVP_PKEY_CTX> ctx(
        checked(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), "EVP_PKEY_CTX_new_from_name"));
    check(EVP_PKEY_keygen_init(ctx.get()), "EVP_PKEY_keygen_init");
    check(EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256"), "EVP_PKEY_CTX_set_group_name");
    EVP_PKEY* key = nullptr;
    check(EVP_PKEY_generate(ctx.get(), &key), "EVP_PKEY_generate");
    return ossl_ptr<EVP_PKEY>(checked(key, "EVP_PKEY_generate"));
}

/// A certificate with everything but extensions and signature: v3, a random 128-bit serial,
/// valid from an hour ago (clock skew) to a day from now, `CN=common_name`.
inline ossl_ptr<X509> make_cert_body(EVP_PKEY* key, std::string const& common_name)
{
    ossl_ptr<X509> cert(checked(X509_new(), "X509_new"));
    check(X509_set_version(cert.get(), X509_VERSION_3), "X509_set_version");

    ossl_ptr<BIGNUM> serial(checked(BN_new(), "BN_new"));
    // Top bit set: never zero, always 128 bits, positive as DER wants.
    check(BN_rand(serial.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY), "BN_rand");
    ossl_ptr<ASN1_INTEGER> asn1_serial(
        checked(BN_to_ASN1_INTEGER(serial.get(), nullptr), "BN_to_ASN1_INTEGER"));
    check(X509_set_serialNumber(cert.get(), asn1_serial.get()), "X509_set_serialNumber");

    checked(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60L * 60), "X509_gmtime_adj");
    checked(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 60 * 60), "X509_gmtime_adj");

    X509_NAME* subject = checked(X509_get_subject_name(cert.get()), "X509_get_subject_name");
    check(X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
                                     reinterpret_cast<unsigned char const*>("coverkit tests"), -1,
                                     -1, 0),
          "X509_NAME_add_entry_by_txt");
    check(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<unsigned char const*>(common_name.c_str()),
                                     -1, -1, 0),
          "X509_NAME_add_entry_by_txt");
    check(X509_set_pubkey(cert.get(), key), "X509_set_pubkey");
    return cert;
}

/// Adds the extension `nid` written in `openssl x509v3_config` syntax, e.g. "critical,CA:TRUE".
inline void add_extension(X509* cert, X509* issuer, int nid, char const* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ossl_ptr<X509_EXTENSION> ext(
        checked(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value), "X509V3_EXT_nconf_nid"));
    check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

/// Adds subjectAltName with `dns_names` and `ip_addresses` (IPv4 or IPv6 text), built as
/// structures rather than config text so that no name can smuggle in another entry.
inline void add_subject_alt_names(X509* cert, std::vector<std::string> const& dns_names,
                                  std::vector<std::string> const& ip_addresses)
{
    ossl_ptr<GENERAL_NAMES> names(checked(GENERAL_NAMES_new(), "GENERAL_NAMES_new"));
    auto push = [&](int type, ossl_ptr<ASN1_STRING> value) {
        ossl_ptr<GENERAL_NAME> name(checked(GENERAL_NAME_new(), "GENERAL_NAME_new"));
        GENERAL_NAME_set0_value(name.get(), type, value.release()); // takes ownership
        check(sk_GENERAL_NAME_push(names.get(), name.get()), "sk_GENERAL_NAME_push");
        name.release(); // now owned by `names`
    };
    for (auto const& dns : dns_names) {
        ossl_ptr<ASN1_STRING> value(checked(ASN1_IA5STRING_new(), "ASN1_IA5STRING_new"));
        check(ASN1_STRING_set(value.get(), dns.data(), static_cast<int>(dns.size())),
              "ASN1_STRING_set");
        push(GEN_DNS, std::move(value));
    }
    for (auto const& ip : ip_addresses)
        push(GEN_IPADD, ossl_ptr<ASN1_STRING>(
                            checked(a2i_IPADDRESS(ip.c_str()), "a2i_IPADDRESS (bad IP address)")));
    if (sk_GENERAL_NAME_num(names.get()) > 0)
        check(X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT),
              "X509_add1_ext_i2d");
}

inline std::string bio_contents(BIO* bio)
{
    char* data = nullptr;
    long const len = BIO_get_mem_data(bio, &data);
    if (len < 0 || (len > 0 && !data))
        throw_openssl("BIO_get_mem_data");
    return std::string(data, static_cast<std::size_t>(len));
}

inline std::string cert_pem(X509* cert)
{
    ossl_ptr<BIO> bio(checked(BIO_new(BIO_s_mem()), "BIO_new"));
    check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
    return bio_contents(bio.get());
}

inline std::string pkcs8_pem(EVP_PKEY* key)
{
    ossl_ptr<BIO> bio(checked(BIO_new(BIO_s_mem()), "BIO_new"));
    check(PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "PEM_write_bio_PKCS8PrivateKey");
    return bio_contents(bio.get());
}

} // namespace detail

/** A fresh CA and a server certificate it signed.

    Every call makes new EC P-256 keys and random serial numbers; both certificates are valid
    from an hour ago to a day from now and signed with ECDSA-SHA256. The CA is self-signed with
    basicConstraints `CA:TRUE` and keyUsage `keyCertSign, cRLSign` (both critical). The server
    certificate has `CA:FALSE`, keyUsage `digitalSignature`, extendedKeyUsage `serverAuth`, and a
    subjectAltName with `dns_names` then `ip_addresses`; its CN is the first DNS name.

    @param dns_names DNS names for the subjectAltName, e.g. "localhost".
    @param ip_addresses IPv4 or IPv6 addresses in text form for the subjectAltName.
    @throws std::runtime_error naming the OpenSSL call that failed, e.g. `a2i_IPADDRESS` for an
    address that is not one.
*/
inline test_pki make_test_pki(std::vector<std::string> const& dns_names = {"localhost"},
                              std::vector<std::string> const& ip_addresses = {"127.0.0.1"})
{
    using detail::add_extension;

    auto const ca_key = detail::make_p256_key();
    auto const ca = detail::make_cert_body(ca_key.get(), "coverkit test CA");
    detail::check(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())),
                  "X509_set_issuer_name");
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    detail::check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()), "X509_sign");

    auto const key = detail::make_p256_key();
    auto const leaf = detail::make_cert_body(
        key.get(), dns_names.empty() ? std::string("coverkit test server") : dns_names.front());
    detail::check(X509_set_issuer_name(leaf.get(), X509_get_subject_name(ca.get())),
                  "X509_set_issuer_name");
    add_extension(leaf.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(leaf.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(leaf.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(leaf.get(), ca.get(), NID_subject_key_identifier, "hash");
    add_extension(leaf.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    detail::add_subject_alt_names(leaf.get(), dns_names, ip_addresses);
    detail::check(X509_sign(leaf.get(), ca_key.get(), EVP_sha256()), "X509_sign");

    return test_pki{detail::cert_pem(ca.get()), detail::cert_pem(leaf.get()),
                    detail::pkcs8_pem(key.get())};
}

/** A directory of its own under `$TMPDIR` (or `/tmp`), removed with everything in it when the
    object is destroyed.

    Movable, not copyable; a moved-from object owns nothing. Not thread-safe.
*/
class temp_dir
{
public:
    /// Creates `coverkit-test-XXXXXX` with `mkdtemp` (mode 0700).
    /// @throws std::system_error when the directory cannot be created.
    temp_dir()
    {
        char const* base = std::getenv("TMPDIR");
        std::string templ = (base && *base) ? base : "/tmp";
        templ += "/coverkit-test-XXXXXX";
        if (!::mkdtemp(templ.data()))
            throw std::system_error(errno, std::generic_category(), "mkdtemp " + templ);
        path_ = templ;
    }

    temp_dir(temp_dir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
    temp_dir& operator=(temp_dir&& other) noexcept
    {
        if (this != &other) {
            remove();
            path_ = std::exchange(other.path_, {});
        }
        return *this;
    }
    temp_dir(temp_dir const&) = delete;
    temp_dir& operator=(temp_dir const&) = delete;

    ~temp_dir() { remove(); }

    /// The directory's absolute path; empty for a moved-from object.
    std::filesystem::path const& path() const noexcept { return path_; }

    /** Writes `content` to the file `name` in the directory, replacing it, and returns the
        file's path. `name` may contain subdirectories, which are created.
        @throws std::system_error or std::runtime_error when the file cannot be written. */
    std::filesystem::path write(std::string const& name, std::string const& content) const
    {
        auto const file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out)
            throw std::runtime_error("coverkit test: cannot write " + file.string());
        return file;
    }

private:
    void remove() noexcept
    {
        if (path_.empty())
            return;
        std::error_code ec; // a destructor must not throw; a leftover directory is harmless
        std::filesystem::remove_all(path_, ec);
        path_.clear();
    }

    std::filesystem::path path_;
};

} // namespace coverkit::test

#endif
