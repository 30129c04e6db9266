#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace portwatch {

/// exporter-toolkit's client_auth_type values.
enum class ClientAuthType {
  kNoClientCert,
  kRequestClientCert,
  kRequireAnyClientCert,
  kVerifyClientCertIfGiven,
  kRequireAndVerifyClientCert,
};

/// The TLS protocol versions portwatch accepts (1.2 is the floor).
enum class TlsVersion { kTls12, kTls13 };

/// `tls_server_config` of a web config file. Paths are resolved against the
/// directory of the config file. A plain value.
struct TlsServerConfig {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;  // empty: none
  ClientAuthType client_auth = ClientAuthType::kNoClientCert;
  TlsVersion min_version = TlsVersion::kTls12;
  TlsVersion max_version = TlsVersion::kTls13;
  /// OpenSSL names of the TLS 1.2 suites; the parser fills in ECDHE with
  /// AEAD when the file names none. Empty: OpenSSL's default.
  std::string cipher_list;
  bool prefer_server_cipher_suites = true;
};

/// The bcrypt costs basic_auth_users may use. Each step doubles the work;
/// at 14 one check takes about a second on a server core, and a higher
/// cost would let each wrong password hold the exporter for longer than a
/// scrape timeout.
inline constexpr int kMinBcryptCost = 4;
inline constexpr int kMaxBcryptCost = 14;

/// One basic_auth_users entry: a user name and its bcrypt hash.
struct BasicAuthUser {
  std::string name;
  std::string bcrypt_hash;
};

/// A parsed --web.config.file (the exporter-toolkit format). A plain value.
struct WebConfig {
  std::optional<TlsServerConfig> tls;  // absent: plain HTTP
  std::vector<BasicAuthUser> users;    // empty: no authentication
  std::vector<std::pair<std::string, std::string>> headers;  // on responses
};

/// A web config file that cannot be used; what() says where and why.
class WebConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses web config YAML. Relative file paths are resolved against
/// `base_directory`. Unknown keys, wrong types, TLS below 1.2, headers that
/// exporter-toolkit does not allow and malformed bcrypt hashes are errors.
/// Throws WebConfigError.
WebConfig ParseWebConfig(const std::string& yaml_text,
                         const std::string& base_directory);

/// Reads (at most 1 MiB) and parses the file at `path`; when `text_read`
/// is not null it receives the bytes parsed. Throws WebConfigError naming
/// the file.
WebConfig LoadWebConfig(const std::string& path,
                        std::string* text_read = nullptr);

/// The whole content of a web config, certificate or key file (at most
/// 1 MiB); throws WebConfigError naming the file when it cannot be read.
std::string ReadWebFile(const std::string& path);

}  // namespace portwatch
