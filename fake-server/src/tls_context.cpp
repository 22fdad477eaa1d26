//
// coverkit — the fake server's TLS context, from PEM text or files
//
#include <coverkit/fake/listener.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace coverkit::fake {

namespace ssl = boost::asio::ssl;

namespace {

struct openssl_free
{
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using bio_ptr = std::unique_ptr<BIO, openssl_free>;
using x509_ptr = std::unique_ptr<X509, openssl_free>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_free>;

/// What `make_tls_context` calls its inputs in messages: a file name or "… PEM".
struct pem_source
{
    std::string_view text;
    std::string name;
};

[[noreturn]] void fail(std::string message)
{
    ERR_clear_error();
    throw std::runtime_error(std::move(message));
}

/// The reason of the most recent OpenSSL error, e.g. "bad base64 decode"; clears the queue.
std::string openssl_reason()
{
    auto const e = ERR_peek_last_error();
    ERR_clear_error();
    if (e == 0)
        return "unknown error";
    if (auto const* reason = ERR_reason_error_string(e))
        return reason;
    return "OpenSSL error " + std::to_string(e);
}

/// Whether the last OpenSSL error only says the PEM holds no further object.
bool no_more_pem_objects()
{
    auto const e = ERR_peek_last_error();
    return ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE;
}

bio_ptr memory_bio(std::string_view text)
{
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        fail("TLS input too large");
    bio_ptr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio)
        fail("cannot allocate an OpenSSL buffer");
    return bio;
}

/// The certificates of `pem`, leaf first.
std::vector<x509_ptr> read_chain(pem_source const& pem)
{
    ERR_clear_error();
    auto bio = memory_bio(pem.text);
    std::vector<x509_ptr> chain;
    for (;;) {
        // The leaf may carry trust settings ("TRUSTED CERTIFICATE"), as
        // SSL_CTX_use_certificate_chain_file accepts; the intermediates are plain.
        x509_ptr cert(chain.empty() ? PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr)
                                    : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (cert) {
            chain.push_back(std::move(cert));
            continue;
        }
        if (!no_more_pem_objects())
            fail("bad certificate " + std::to_string(chain.size() + 1) + " in " + pem.name + ": " +
                 openssl_reason());
        if (chain.empty())
            fail("no certificate in " + pem.name);
        ERR_clear_error();
        return chain;
    }
}

/// Whether `text` holds a PEM object whose label ends with `suffix`, e.g. "PRIVATE KEY".
bool has_pem_label(std::string_view text, std::string_view suffix)
{
    auto bio = memory_bio(text);
    for (;;) {
        char* name = nullptr;
        char* header = nullptr;
        unsigned char* data = nullptr;
        long length = 0;
        if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) {
            ERR_clear_error();
            return false;
        }
        bool const found = std::string_view(name).ends_with(suffix);
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        if (found)
            return true;
    }
}

pkey_ptr read_key(pem_source const& pem)
{
    ERR_clear_error();
    auto bio = memory_bio(pem.text);
    // No passphrase: without this callback OpenSSL would prompt on the terminal.
    auto const no_passphrase = [](char*, int, int, void*) -> int { return 0; };
    pkey_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
    if (key) {
        ERR_clear_error();
        return key;
    }
    auto const reason = openssl_reason();
    if (!has_pem_label(pem.text, "PRIVATE KEY"))
        fail("no private key in " + pem.name);
    // "ENCRYPTED PRIVATE KEY" (PKCS#8) or "Proc-Type: 4,ENCRYPTED" (traditional).
    if (pem.text.find("ENCRYPTED") != std::string_view::npos)
        fail("the private key in " + pem.name + " is encrypted, which is not supported");
    fail("bad private key in " + pem.name + ": " + reason);
}

/// Chooses HTTP/1.1 when the client offers it; otherwise the handshake goes on without ALPN.
int select_http11(SSL*, unsigned char const** out, unsigned char* outlen, unsigned char const* in,
                  unsigned int inlen, void*)
{
    static constexpr unsigned char http11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outlen, http11, sizeof http11, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

std::shared_ptr<ssl::context> make_context(pem_source const& cert, pem_source const& key)
{
    auto chain = read_chain(cert);
    auto pkey = read_key(key);

    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    auto* native = ctx->native_handle();
    if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1)
        fail("cannot require TLS 1.2: " + openssl_reason());
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                    SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_verify(native, SSL_VERIFY_NONE, nullptr); // no client certificates
    SSL_CTX_set_alpn_select_cb(native, select_http11, nullptr);

    if (SSL_CTX_use_certificate(native, chain.front().get()) != 1)
        fail("cannot use the certificate in " + cert.name + ": " + openssl_reason());
    for (std::size_t i = 1; i < chain.size(); ++i)
        if (SSL_CTX_add1_chain_cert(native, chain[i].get()) != 1)
            fail("cannot use certificate " + std::to_string(i + 1) + " in " + cert.name + ": " +
                 openssl_reason());
    // A key of the certificate's type that does not match it fails here; a key of another
    // type is accepted and left without a certificate, which the check below reports.
    if (SSL_CTX_use_PrivateKey(native, pkey.get()) != 1 || SSL_CTX_check_private_key(native) != 1)
        fail("the private key in " + key.name + " does not match the certificate in " + cert.name);
    ERR_clear_error();
    return ctx;
}

/// The whole of a (small) file; the message names the file and the reason it cannot be read.
std::string read_file(std::string const& path, char const* what)
{
    auto const cannot = [&](int err) {
        fail("cannot read " + std::string(what) + " '" + path +
             "': " + std::generic_category().message(err));
    };
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f)
        cannot(errno);
    constexpr std::size_t limit = 1024 * 1024; // far beyond any certificate chain
    std::string text;
    char chunk[16 * 1024];
    for (;;) {
        auto const n = std::fread(chunk, 1, sizeof chunk, f.get());
        text.append(chunk, n);
        if (text.size() > limit)
            fail(std::string(what) + " '" + path + "' is over 1 MiB: not a PEM file");
        if (n < sizeof chunk) {
            if (std::ferror(f.get()))
                cannot(errno);
            return text;
        }
    }
}

} // namespace

std::shared_ptr<ssl::context> make_tls_context(std::string_view cert_chain_pem,
                                               std::string_view private_key_pem)
{
    return make_context({cert_chain_pem, "the TLS certificate chain PEM"},
                        {private_key_pem, "the TLS private key PEM"});
}

std::shared_ptr<ssl::context> load_tls_context(std::string const& cert_file,
                                               std::string const& key_file)
{
    auto const cert_text = read_file(cert_file, "TLS certificate file");
    auto const key_text = read_file(key_file, "TLS key file");
    return make_context({cert_text, "TLS certificate file '" + cert_file + "'"},
                        {key_text, "TLS key file '" + key_file + "'"});
}

} // namespace coverkit::fake
