#pragma once

#include <functional>
#include <memory>

#include "web/web_config.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace portwatch {

/// An OpenSSL server context made from a TlsServerConfig: certificate chain,
/// private key, client CAs and verification mode, protocol versions and
/// cipher list. Immutable once made; owns its SSL_CTX.
class TlsContext {
 public:
  /// Loads the files; throws WebConfigError with OpenSSL's reason when one
  /// cannot be used (missing, unreadable, key not matching the certificate).
  explicit TlsContext(const TlsServerConfig& config);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  /// Makes the handshake under way on `ssl` use this context; false when
  /// OpenSSL could not switch. Called from the ClientHello callback, before
  /// the protocol version is chosen.
  bool ApplyTo(SSL* ssl) const;

 private:
  SSL_CTX* ctx_ = nullptr;
  TlsServerConfig config_;
};

/// Returns the TLS context new handshakes must use.
using CurrentTlsContext = std::function<std::shared_ptr<const TlsContext>()>;

/// Sets up CivetWeb's server SSL_CTX so that each handshake uses what
/// `current` returns at its ClientHello: certificates and client CAs can be
/// replaced without a restart. `current` is borrowed and must outlive
/// `server_ctx`. Also turns off session resumption (a resumed session would
/// skip the checks of the context in force) and CivetWeb's SNI switching.
void InstallTlsContextSwitch(SSL_CTX* server_ctx,
                             const CurrentTlsContext* current);

}  // namespace portwatch
