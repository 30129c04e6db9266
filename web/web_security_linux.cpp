#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "base/log_line.h"
#include "web/basic_auth.h"
#include "web/sha256.h"
#include "web/tls_context.h"
#include "web/web_config.h"
#include "web/web_security.h"

namespace portwatch {
namespace {

/// The config file parsed, and a digest of its bytes and of those of every
/// file it names.
struct ConfigFiles {
  WebConfig config;
  std::string fingerprint;
};

/// One loaded version of the web config: the bytes it was made from, and
/// what was made of them.
struct LoadedConfig {
  std::string fingerprint;
  std::shared_ptr<const TlsContext> tls;
  std::shared_ptr<const AccessRules> rules;  // authorize set: has users
};

ConfigFiles ReadConfigFiles(const std::string& path) {
  ConfigFiles files;
  std::string bytes;
  files.config = LoadWebConfig(path, &bytes);
  if (files.config.tls) {
    const TlsServerConfig& tls = *files.config.tls;
    for (const std::string* file :
         {&tls.cert_file, &tls.key_file, &tls.client_ca_file}) {
      // Length-prefixed, so that bytes cannot move between files unseen.
      const std::string content = file->empty() ? "" : ReadWebFile(*file);
      bytes += std::to_string(content.size()) + ':' + content;
    }
  }
  // Versions are compared by digest, so no copy of the private key stays
  // in memory between checks.
  files.fingerprint = Sha256(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  if (files.fingerprint.empty()) {
    throw WebConfigError("cannot hash the web config files");
  }
  return files;
}

// How long one look at the config files may take before the reload is
// reported as failed (reading a few small files takes milliseconds).
constexpr std::chrono::seconds kStuckAfter{10};

double UnixSeconds() {
  return std::chrono::duration<double>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Builds everything a version needs (nothing is hashed: see
// BasicAuthenticator); throws WebConfigError naming `path`.
LoadedConfig Build(const std::string& path, ConfigFiles files,
                   const PasswordCheckState& password_checks) {
  LoadedConfig loaded;
  loaded.fingerprint = std::move(files.fingerprint);
  const WebConfig& config = files.config;
  if (config.tls) {
    try {
      loaded.tls = std::make_shared<const TlsContext>(*config.tls);
    } catch (const WebConfigError& error) {
      throw WebConfigError(path + ": " + error.what());
    }
  }
  auto rules = std::make_shared<AccessRules>();
  rules->headers = config.headers;
  if (!config.users.empty()) {
    auto authenticator = std::make_shared<const BasicAuthenticator>(
        config.users, password_checks);
    rules->authorize = [authenticator](const char* authorization) {
      return authenticator->Authorize(authorization);
    };
  }
  loaded.rules = std::move(rules);
  return loaded;
}

/// The Linux WebSecurity: OpenSSL TLS, libxcrypt bcrypt, a polling thread.
class ReloadingWebSecurity : public WebSecurity {
 public:
  ReloadingWebSecurity(std::string path, std::chrono::milliseconds interval)
      : path_(std::move(path)),
        interval_(interval),
        current_(Build(path_, ReadConfigFiles(path_), password_checks_)),
        tls_(current_.tls != nullptr),
        has_users_(current_.rules->authorize != nullptr),
        current_tls_([this] {
          std::lock_guard<std::mutex> lock(mutex_);
          return current_.tls;
        }) {
    watcher_ = std::thread([this] { Watch(); });
  }

  ~ReloadingWebSecurity() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    watcher_.join();
  }

  bool Tls() const override { return tls_; }

  void ConfigureServerTls(void* ssl_ctx) override {
    InstallTlsContextSwitch(static_cast<SSL_CTX*>(ssl_ctx), &current_tls_);
  }

  std::shared_ptr<const AccessRules> Rules() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_.rules;
  }

  WebConfigStatus Status() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    WebConfigStatus status = status_;
    const PasswordCheckCounts& counts = *password_checks_.counts;
    status.password_checks_remembered = counts.remembered;
    status.password_checks_hashed = counts.hashed;
    status.password_checks_busy = counts.busy;
    // A look at the files that does not end (a hung file system) is a
    // failed reload too: changes are not being applied.
    if (checking_since_ &&
        std::chrono::steady_clock::now() - *checking_since_ > kStuckAfter) {
      status.last_reload_successful = false;
    }
    return status;
  }

 private:
  void Watch() {
    std::string last_error;  // logged once until the error changes
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      const std::string known = current_.fingerprint;
      checking_since_ = std::chrono::steady_clock::now();
      lock.unlock();
      try {
        std::optional<LoadedConfig> changed = LoadIfChanged(known);
        {
          std::lock_guard<std::mutex> guard(mutex_);
          checking_since_.reset();
          if (changed) {
            current_ = std::move(*changed);
            status_.loaded_at_unix_seconds = UnixSeconds();
          }
          status_.last_reload_successful = true;
        }
        if (changed) {
          spdlog::info(LogLine("web config reloaded", {{"file", path_}}));
        }
        last_error.clear();
      } catch (const std::exception& error) {  // WebConfigError and worse
        {
          std::lock_guard<std::mutex> guard(mutex_);
          checking_since_.reset();
          status_.last_reload_successful = false;
        }
        if (last_error != error.what()) {
          spdlog::error(
              LogLine("web config not reloaded, keeping the previous one",
                      {{"file", path_}, {"err", error.what()}}));
          last_error = error.what();
        }
      }
      lock.lock();
    }
  }

  // The new version when the files differ from `known`; throws
  // WebConfigError when it is broken.
  std::optional<LoadedConfig> LoadIfChanged(const std::string& known) const {
    ConfigFiles files = ReadConfigFiles(path_);
    if (files.fingerprint == known) return std::nullopt;
    LoadedConfig loaded = Build(path_, std::move(files), password_checks_);
    if ((loaded.tls != nullptr) != tls_) {
      throw WebConfigError(path_ + ": turning TLS on or off needs a restart");
    }
    // A file caught half-written (or emptied) must not open the exporter.
    if ((loaded.rules->authorize != nullptr) != has_users_) {
      throw WebConfigError(path_ +
                           ": adding or removing all basic_auth_users needs "
                           "a restart");
    }
    return loaded;
  }

  const std::string path_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  // Shared by every version, so a reload keeps what was learnt of the
  // users it does not change.
  const PasswordCheckState password_checks_;
  LoadedConfig current_;
  WebConfigStatus status_{true, UnixSeconds()};
  // When the watcher's current look at the files began; empty between.
  std::optional<std::chrono::steady_clock::time_point> checking_since_;
  const bool tls_;
  const bool has_users_;
  const CurrentTlsContext current_tls_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace

std::unique_ptr<WebSecurity> MakeWebSecurity(
    const std::string& path, std::chrono::milliseconds poll_interval) {
  return std::make_unique<ReloadingWebSecurity>(path, poll_interval);
}

}  // namespace portwatch
