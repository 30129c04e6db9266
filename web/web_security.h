#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace portwatch {

/// What the credential check decided about one request.
enum class AuthDecision {
  kAllow,
  kDeny,  // 401
  kBusy,  // 503: too many password checks under way, retry
};

/// The rules of one version of the web config that apply to every request:
/// extra response headers and the credential check. Immutable.
struct AccessRules {
  std::vector<std::pair<std::string, std::string>> headers;
  /// Takes the Authorization header (null when absent); empty: no auth.
  std::function<AuthDecision(const char* authorization)> authorize;
};

/// Outcome of the latest look at the web config files. A plain value.
struct WebConfigStatus {
  bool last_reload_successful = true;  // false: broken on disk, old in use
  double loaded_at_unix_seconds = 0;   // when the version in use was loaded
  /// Credential checks since start, by how they were decided.
  std::uint64_t password_checks_remembered = 0;  // from earlier outcomes
  std::uint64_t password_checks_hashed = 0;      // bcrypt computed
  std::uint64_t password_checks_busy = 0;        // no turn: 503
};

/// --web.config.file as the HTTP server sees it: whether to serve TLS, how
/// to set up CivetWeb's TLS context, and the current access rules. The
/// implementation re-reads the file (and the certificate, key and CA files
/// it names) when they change and keeps the last good version when a new
/// one is broken. Thread-safe.
class WebSecurity {
 public:
  virtual ~WebSecurity() = default;
  /// Whether the listening sockets speak TLS (fixed at start).
  virtual bool Tls() const = 0;
  /// Prepares CivetWeb's server SSL_CTX (its init_ssl callback).
  virtual void ConfigureServerTls(void* ssl_ctx) = 0;
  virtual std::shared_ptr<const AccessRules> Rules() const = 0;
  virtual WebConfigStatus Status() const = 0;
};

/// Loads the web config at `path` and starts watching it (every
/// `poll_interval`). Throws WebConfigError (web_config.h) when the file is
/// unusable or this build cannot serve it.
std::unique_ptr<WebSecurity> MakeWebSecurity(
    const std::string& path, std::chrono::milliseconds poll_interval);

}  // namespace portwatch
