#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <set>

#include "base/small_file_linux.h"
#include "base/source_error.h"
#include "web/web_config.h"

namespace portwatch {
namespace {

constexpr std::size_t kMaxFileBytes = 1 << 20;
// yaml-cpp parses recursively; deeper documents could exhaust the stack.
constexpr int kMaxNesting = 64;

[[noreturn]] void Fail(const std::string& message) {
  throw WebConfigError(message);
}

std::string Where(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return "";
  return " (line " + std::to_string(mark.line + 1) + ")";
}

// Rejects documents nested deeper than yaml-cpp can parse safely: flow
// collections ('[' '{') counted outside quotes, block nesting by indentation.
void CheckNesting(const std::string& text) {
  int depth = 0;
  char quote = 0;
  std::size_t indentation = 0;
  bool line_start = true;
  for (const char c : text) {
    if (c == '\n') {
      line_start = true;
      indentation = 0;
      continue;
    }
    if (line_start && (c == ' ' || c == '-')) {
      if (++indentation > 2 * kMaxNesting) Fail("document nested too deeply");
      continue;
    }
    line_start = false;
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) Fail("document nested too deeply");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

bool IsAbsent(const YAML::Node& node) { return !node || node.IsNull(); }

// Fails unless `map` is a mapping of string keys, each given once (yaml-cpp
// keeps duplicates; exporter-toolkit's strict parsing rejects them).
void CheckUniqueKeys(const YAML::Node& map, const std::string& section) {
  if (!map.IsMap()) Fail(section + " must be a mapping" + Where(map));
  std::set<std::string> seen;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) {
      Fail(section + " has a key that is not a string" + Where(entry.first));
    }
    if (!seen.insert(entry.first.Scalar()).second) {
      Fail("\"" + entry.first.Scalar() + "\" is given twice in " + section +
           Where(entry.first));
    }
  }
}

// Fails on keys of `map` outside `allowed`; `section` names it in errors.
void CheckKeys(const YAML::Node& map, const std::string& section,
               std::initializer_list<const char*> allowed) {
  CheckUniqueKeys(map, section);
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::none_of(allowed.begin(), allowed.end(),
                     [&](const char* name) { return key == name; })) {
      Fail("unknown key \"" + key + "\" in " + section + Where(entry.first));
    }
  }
}

std::string Text(const YAML::Node& node, const std::string& what) {
  if (IsAbsent(node)) return "";
  if (!node.IsScalar()) Fail(what + " must be a string" + Where(node));
  return node.Scalar();
}

bool Flag(const YAML::Node& node, const std::string& what, bool fallback) {
  if (IsAbsent(node)) return fallback;
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    Fail(what + " must be true or false" + Where(node));
  }
  return value;
}

std::string ResolvePath(const std::string& path, const std::string& base) {
  if (path.empty() || path.front() == '/' || base.empty()) return path;
  return base + "/" + path;
}

ClientAuthType ParseClientAuth(const YAML::Node& node) {
  static const std::map<std::string, ClientAuthType> kTypes = {
      {"", ClientAuthType::kNoClientCert},
      {"NoClientCert", ClientAuthType::kNoClientCert},
      {"RequestClientCert", ClientAuthType::kRequestClientCert},
      {"RequireAnyClientCert", ClientAuthType::kRequireAnyClientCert},
      // exporter-toolkit's legacy name for RequireAnyClientCert.
      {"RequireClientCert", ClientAuthType::kRequireAnyClientCert},
      {"VerifyClientCertIfGiven", ClientAuthType::kVerifyClientCertIfGiven},
      {"RequireAndVerifyClientCert",
       ClientAuthType::kRequireAndVerifyClientCert},
  };
  const std::string text = Text(node, "client_auth_type");
  const auto found = kTypes.find(text);
  if (found == kTypes.end()) {
    Fail("invalid client_auth_type \"" + text + "\"" + Where(node));
  }
  return found->second;
}

TlsVersion ParseVersion(const YAML::Node& node, const std::string& what,
                        TlsVersion fallback) {
  const std::string text = Text(node, what);
  if (text.empty()) return fallback;
  if (text == "TLS12") return TlsVersion::kTls12;
  if (text == "TLS13") return TlsVersion::kTls13;
  if (text == "TLS10" || text == "TLS11") {
    Fail(what + " " + text + " is below portwatch's floor of TLS12" +
         Where(node));
  }
  Fail("invalid " + what + " \"" + text + "\" (TLS12 or TLS13)" + Where(node));
}

// Go's (exporter-toolkit's) TLS 1.2 suite names in OpenSSL's spelling.
std::string ParseCipherSuites(const YAML::Node& node) {
  static const std::map<std::string, std::string> kSuites = {
      {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
       "ECDHE-ECDSA-AES128-GCM-SHA256"},
      {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
       "ECDHE-ECDSA-AES256-GCM-SHA384"},
      {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
      {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
      {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
       "ECDHE-ECDSA-CHACHA20-POLY1305"},
      {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
       "ECDHE-RSA-CHACHA20-POLY1305"},
  };
  // Without cipher_suites: ECDHE with AEAD only, Go's order. OpenSSL's
  // own default would also offer static-RSA suites (no forward secrecy),
  // which naming them here is refused for.
  static const std::string kDefault =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
  if (IsAbsent(node)) return kDefault;
  if (!node.IsSequence()) Fail("cipher_suites must be a list" + Where(node));
  std::string list;
  for (const auto& item : node) {
    const std::string name = Text(item, "cipher_suites entry");
    const auto found = kSuites.find(name);
    if (found == kSuites.end()) {
      Fail("unsupported cipher suite \"" + name +
           "\" (only ECDHE with AES-GCM or ChaCha20-Poly1305)" + Where(item));
    }
    if (!list.empty()) list += ':';
    list += found->second;
  }
  return list;
}

std::optional<TlsServerConfig> ParseTls(const YAML::Node& node,
                                        const std::string& base) {
  if (IsAbsent(node)) return std::nullopt;
  for (const char* unsupported : {"cert", "key", "client_ca",
                                  "curve_preferences", "client_allowed_sans"}) {
    if (node.IsMap() && node[unsupported]) {
      Fail(std::string("tls_server_config.") + unsupported +
           " is not supported by portwatch" + Where(node[unsupported]));
    }
  }
  CheckKeys(node, "tls_server_config",
            {"cert_file", "key_file", "client_ca_file", "client_auth_type",
             "min_version", "max_version", "cipher_suites",
             "prefer_server_cipher_suites"});
  TlsServerConfig tls;
  tls.cert_file = ResolvePath(Text(node["cert_file"], "cert_file"), base);
  tls.key_file = ResolvePath(Text(node["key_file"], "key_file"), base);
  tls.client_ca_file =
      ResolvePath(Text(node["client_ca_file"], "client_ca_file"), base);
  tls.client_auth = ParseClientAuth(node["client_auth_type"]);
  tls.min_version =
      ParseVersion(node["min_version"], "min_version", TlsVersion::kTls12);
  tls.max_version =
      ParseVersion(node["max_version"], "max_version", TlsVersion::kTls13);
  tls.cipher_list = ParseCipherSuites(node["cipher_suites"]);
  tls.prefer_server_cipher_suites = Flag(node["prefer_server_cipher_suites"],
                                         "prefer_server_cipher_suites", true);
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    Fail(std::string("tls_server_config needs both cert_file and key_file, "
                     "missing ") +
         (tls.cert_file.empty() ? "cert_file" : "key_file") + Where(node));
  }
  if (tls.cert_file.empty()) {
    if (node.size() > 0) {
      Fail("tls_server_config without cert_file and key_file" + Where(node));
    }
    return std::nullopt;  // exporter-toolkit: an empty section means no TLS
  }
  const bool verifies =
      tls.client_auth == ClientAuthType::kVerifyClientCertIfGiven ||
      tls.client_auth == ClientAuthType::kRequireAndVerifyClientCert;
  if (!tls.client_ca_file.empty() &&
      tls.client_auth == ClientAuthType::kNoClientCert) {
    Fail("client_ca_file is set but client_auth_type is NoClientCert" +
         Where(node));
  }
  if (verifies && tls.client_ca_file.empty()) {
    Fail(
        "client_auth_type verifies client certificates but client_ca_file "
        "is not set" +
        Where(node));
  }
  if (tls.min_version > tls.max_version) {
    Fail("min_version is above max_version" + Where(node));
  }
  return tls;
}

// $2a$, $2b$ or $2y$, a two-digit cost, 53 characters of bcrypt's base64
// (salt and digest); the cost, or -1 when `hash` is not of that form.
int BcryptHashCost(const std::string& hash) {
  if (hash.size() != 60 || hash.compare(0, 2, "$2") != 0) return -1;
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') return -1;
  if (hash[3] != '$' || hash[6] != '$') return -1;
  if (!std::isdigit(static_cast<unsigned char>(hash[4])) ||
      !std::isdigit(static_cast<unsigned char>(hash[5]))) {
    return -1;
  }
  const bool base64 = std::all_of(hash.begin() + 7, hash.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '/';
  });
  return base64 ? (hash[4] - '0') * 10 + (hash[5] - '0') : -1;
}

std::vector<BasicAuthUser> ParseUsers(const YAML::Node& node) {
  std::vector<BasicAuthUser> users;
  if (IsAbsent(node)) return users;
  CheckUniqueKeys(node, "basic_auth_users");
  for (const auto& entry : node) {
    const std::string name = Text(entry.first, "basic_auth_users key");
    const std::string hash = Text(entry.second, "password hash of " + name);
    if (name.empty() || name.find(':') != std::string::npos) {
      Fail("user name \"" + name + "\" is empty or contains ':'" +
           Where(entry.first));
    }
    const int cost = BcryptHashCost(hash);
    if (cost < 0) {
      Fail("password of user \"" + name +
           "\" is not a bcrypt hash ($2y$10$... , 60 characters)" +
           Where(entry.second));
    }
    if (cost < kMinBcryptCost || cost > kMaxBcryptCost) {
      Fail("password of user \"" + name + "\" has bcrypt cost " +
           std::to_string(cost) + "; portwatch accepts " +
           std::to_string(kMinBcryptCost) + " to " +
           std::to_string(kMaxBcryptCost) + Where(entry.second));
    }
    users.push_back({name, hash});
  }
  return users;
}

std::string Lowercase(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// exporter-toolkit's allowed response headers (name in canonical form, and
// the values allowed, none listed meaning any).
std::vector<std::pair<std::string, std::string>> ParseHeaders(
    const YAML::Node& node) {
  static const std::map<std::string, std::vector<std::string>> kAllowed = {
      {"Strict-Transport-Security", {}},
      {"X-Content-Type-Options", {"nosniff"}},
      {"X-Frame-Options", {"deny", "sameorigin"}},
      {"X-XSS-Protection", {}},
      {"Content-Security-Policy", {}},
  };
  std::vector<std::pair<std::string, std::string>> headers;
  if (IsAbsent(node)) return headers;
  CheckUniqueKeys(node, "headers");
  for (const auto& entry : node) {
    const std::string name = Text(entry.first, "header name");
    const std::string value = Text(entry.second, "value of header " + name);
    const auto allowed =
        std::find_if(kAllowed.begin(), kAllowed.end(), [&](const auto& known) {
          return Lowercase(known.first) == Lowercase(name);
        });
    if (allowed == kAllowed.end()) {
      Fail("header \"" + name + "\" cannot be configured" + Where(entry.first));
    }
    const auto& values = allowed->second;
    if (!values.empty() && std::find(values.begin(), values.end(),
                                     Lowercase(value)) == values.end()) {
      Fail("invalid value \"" + value + "\" for header " + allowed->first +
           Where(entry.second));
    }
    if (std::any_of(value.begin(), value.end(), [](char c) {
          return std::iscntrl(static_cast<unsigned char>(c)) != 0;
        })) {
      Fail("value of header " + allowed->first +
           " contains control characters" + Where(entry.second));
    }
    headers.emplace_back(allowed->first, value);
  }
  return headers;
}

}  // namespace

WebConfig ParseWebConfig(const std::string& yaml_text,
                         const std::string& base_directory) {
  CheckNesting(yaml_text);
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& error) {
    Fail("invalid YAML: " + error.msg + " (line " +
         std::to_string(error.mark.line + 1) + ")");
  }
  WebConfig config;
  if (IsAbsent(root)) return config;  // an empty file: no TLS, no auth
  try {
    CheckKeys(root, "the web config",
              {"tls_server_config", "http_server_config", "basic_auth_users"});
    config.tls = ParseTls(root["tls_server_config"], base_directory);
    config.users = ParseUsers(root["basic_auth_users"]);
    const YAML::Node http = root["http_server_config"];
    if (!IsAbsent(http)) {
      CheckKeys(http, "http_server_config", {"http2", "headers"});
      Flag(http["http2"], "http2", true);  // portwatch serves HTTP/1.1 only
      config.headers = ParseHeaders(http["headers"]);
    }
  } catch (const YAML::Exception& error) {
    Fail("invalid web config: " + error.msg);
  }
  return config;
}

std::string ReadWebFile(const std::string& path) {
  try {
    return ReadRegularFile(path, kMaxFileBytes);
  } catch (const SourceError& error) {
    Fail(error.what());
  }
}

WebConfig LoadWebConfig(const std::string& path, std::string* text_read) {
  const std::string text = ReadWebFile(path);
  if (text_read != nullptr) *text_read = text;
  const std::size_t slash = path.find_last_of('/');
  const std::string base =
      slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  try {
    return ParseWebConfig(text, base);
  } catch (const WebConfigError& error) {
    Fail(path + ": " + error.what());
  }
}

}  // namespace portwatch
