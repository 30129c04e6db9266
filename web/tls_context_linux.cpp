#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>

#include "web/tls_context.h"

namespace portwatch {
namespace {

constexpr unsigned char kSessionIdContext[] = "portwatch";

std::string OpenSslReason() {
  std::string reason;
  while (const unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    if (!reason.empty()) reason += "; ";
    reason += text;
  }
  return reason.empty() ? "unknown OpenSSL error" : reason;
}

[[noreturn]] void Fail(const std::string& what) {
  throw WebConfigError(what + ": " + OpenSslReason());
}

int ProtocolVersion(TlsVersion version) {
  return version == TlsVersion::kTls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
}

// For RequestClientCert and RequireAnyClientCert: any certificate will do.
int AcceptAnyCertificate(int, X509_STORE_CTX*) { return 1; }

int VerifyMode(ClientAuthType type) {
  switch (type) {
    case ClientAuthType::kNoClientCert:
      return SSL_VERIFY_NONE;
    case ClientAuthType::kRequestClientCert:
    case ClientAuthType::kVerifyClientCertIfGiven:
      return SSL_VERIFY_PEER;
    case ClientAuthType::kRequireAnyClientCert:
    case ClientAuthType::kRequireAndVerifyClientCert:
      return SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  }
  return SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
}

bool VerifiesChain(ClientAuthType type) {
  return type == ClientAuthType::kVerifyClientCertIfGiven ||
         type == ClientAuthType::kRequireAndVerifyClientCert;
}

int SwitchContext(SSL* ssl, int* alert, void* current) {
  try {
    const auto context = (*static_cast<const CurrentTlsContext*>(current))();
    if (context && context->ApplyTo(ssl)) return SSL_CLIENT_HELLO_SUCCESS;
  } catch (...) {
  }
  *alert = SSL_AD_INTERNAL_ERROR;
  return SSL_CLIENT_HELLO_ERROR;
}

// Replaces CivetWeb's SNI callback, which would switch back to its own
// context (portwatch has a single TLS identity).
int IgnoreServerName(SSL*, int*, void*) { return SSL_TLSEXT_ERR_NOACK; }

}  // namespace

TlsContext::TlsContext(const TlsServerConfig& config) : config_(config) {
  ERR_clear_error();
  ctx_ = SSL_CTX_new(TLS_server_method());
  if (ctx_ == nullptr) Fail("cannot create a TLS context");
  try {
    SSL_CTX_set_options(ctx_, SSL_OP_NO_TICKET | SSL_OP_NO_COMPRESSION |
                                  SSL_OP_NO_RENEGOTIATION);
    if (config.prefer_server_cipher_suites) {
      SSL_CTX_set_options(ctx_, SSL_OP_CIPHER_SERVER_PREFERENCE);
    }
    SSL_CTX_set_session_id_context(ctx_, kSessionIdContext,
                                   sizeof kSessionIdContext - 1);
    if (!config.cipher_list.empty() &&
        SSL_CTX_set_cipher_list(ctx_, config.cipher_list.c_str()) != 1) {
      Fail("cannot use cipher_suites");
    }
    if (SSL_CTX_use_certificate_chain_file(ctx_, config.cert_file.c_str()) !=
        1) {
      Fail("cannot load cert_file " + config.cert_file);
    }
    if (SSL_CTX_use_PrivateKey_file(ctx_, config.key_file.c_str(),
                                    SSL_FILETYPE_PEM) != 1) {
      Fail("cannot load key_file " + config.key_file);
    }
    if (SSL_CTX_check_private_key(ctx_) != 1) {
      Fail("key_file " + config.key_file + " does not match cert_file " +
           config.cert_file);
    }
    if (!config.client_ca_file.empty()) {
      const char* ca = config.client_ca_file.c_str();
      if (SSL_CTX_load_verify_locations(ctx_, ca, nullptr) != 1) {
        Fail("cannot load client_ca_file " + config.client_ca_file);
      }
      STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(ca);
      if (names == nullptr)
        Fail("no CA certificate in " + config.client_ca_file);
      SSL_CTX_set_client_CA_list(ctx_, names);
    }
  } catch (...) {
    SSL_CTX_free(ctx_);
    throw;
  }
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

bool TlsContext::ApplyTo(SSL* ssl) const {
  if (SSL_set_SSL_CTX(ssl, ctx_) != ctx_) return false;
  // The connection inherited CivetWeb's options; ours replace them.
  SSL_clear_options(ssl, SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_set_options(ssl, SSL_CTX_get_options(ctx_));
  SSL_set_min_proto_version(ssl, ProtocolVersion(config_.min_version));
  SSL_set_max_proto_version(ssl, ProtocolVersion(config_.max_version));
  if (!config_.cipher_list.empty()) {
    SSL_set_cipher_list(ssl, config_.cipher_list.c_str());
  }
  SSL_set_verify(
      ssl, VerifyMode(config_.client_auth),
      VerifiesChain(config_.client_auth) ? nullptr : AcceptAnyCertificate);
  return true;
}

void InstallTlsContextSwitch(SSL_CTX* server_ctx,
                             const CurrentTlsContext* current) {
  SSL_CTX_set_min_proto_version(server_ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(server_ctx, SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(server_ctx, SSL_SESS_CACHE_OFF);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"  // inside OpenSSL's macro
  SSL_CTX_set_tlsext_servername_callback(server_ctx, IgnoreServerName);
#pragma GCC diagnostic pop
  SSL_CTX_set_client_hello_cb(server_ctx, SwitchContext,
                              const_cast<CurrentTlsContext*>(current));
}

}  // namespace portwatch
