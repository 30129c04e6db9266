#include <crypt.h>

#include <algorithm>
#include <memory>

#include "basic_auth.h"
#include "sha256.h"

namespace portwatch {
namespace {

// Successes remembered at most; the set is emptied when full.
constexpr std::size_t kMaxRememberedSuccesses = 256;

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int values[4];
    int padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const bool last_quad = i + 4 == text.size();
      if (c == '=' && last_quad && j >= 2 && (j == 3 || text[i + 3] == '=')) {
        values[j] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) return std::nullopt;
      values[j] = Base64Value(c);
      if (values[j] < 0) return std::nullopt;
    }
    const unsigned bits = static_cast<unsigned>(values[0]) << 18 |
                          static_cast<unsigned>(values[1]) << 12 |
                          static_cast<unsigned>(values[2]) << 6 |
                          static_cast<unsigned>(values[3]);
    out.push_back(static_cast<char>(bits >> 16 & 0xff));
    if (padding < 2) out.push_back(static_cast<char>(bits >> 8 & 0xff));
    if (padding < 1) out.push_back(static_cast<char>(bits & 0xff));
  }
  return out;
}

int BcryptCost(const std::string& hash) {
  return (hash[4] - '0') * 10 + (hash[5] - '0');
}

}  // namespace

std::optional<BasicCredentials> ParseBasicAuthorization(
    std::string_view header) {
  constexpr std::string_view kScheme = "basic ";
  if (header.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = header[i];
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    if (lower != kScheme[i]) return std::nullopt;
  }
  std::string_view encoded = header.substr(kScheme.size());
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  const std::optional<std::string> decoded = DecodeBase64(encoded);
  if (!decoded) return std::nullopt;
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon),
                          decoded->substr(colon + 1)};
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

bool BcryptMatches(const std::string& password,
                   const std::string& bcrypt_hash) {
  // "$2y$NN$" + 22 characters of salt, then the 31-character digest.
  constexpr std::size_t kDigestOffset = 29;
  if (password.find('\0') != std::string::npos ||
      bcrypt_hash.size() <= kDigestOffset) {
    return false;
  }
  auto data = std::make_unique<crypt_data>();
  const char* result = crypt_rn(password.c_str(), bcrypt_hash.c_str(),
                                data.get(), sizeof(crypt_data));
  if (result == nullptr || result[0] == '*') return false;
  const std::string_view computed(result);
  return computed.size() == bcrypt_hash.size() &&
         ConstantTimeEquals(
             computed.substr(kDigestOffset),
             std::string_view(bcrypt_hash).substr(kDigestOffset));
}

std::string BcryptHash(const std::string& password, int cost) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn("$2y$", static_cast<unsigned long>(cost), nullptr, 0,
                       setting, sizeof setting) == nullptr) {
    throw WebConfigError("crypt_gensalt_rn failed for bcrypt");
  }
  auto data = std::make_unique<crypt_data>();
  const char* hash =
      crypt_rn(password.c_str(), setting, data.get(), sizeof(crypt_data));
  if (hash == nullptr || hash[0] == '*') {
    throw WebConfigError("crypt_rn failed for bcrypt");
  }
  return hash;
}

BasicAuthenticator::BasicAuthenticator(std::vector<BasicAuthUser> users,
                                       int max_concurrent_checks)
    : users_(std::move(users)), max_concurrent_checks_(max_concurrent_checks) {
  int cost = 4;
  for (const BasicAuthUser& user : users_) {
    cost = std::max(cost, BcryptCost(user.bcrypt_hash));
  }
  if (!users_.empty()) decoy_hash_ = BcryptHash("portwatch decoy", cost);
}

AuthDecision BasicAuthenticator::Authorize(const char* authorization) const {
  if (users_.empty()) return AuthDecision::kAllow;
  if (authorization == nullptr) return AuthDecision::kDeny;
  const std::optional<BasicCredentials> credentials =
      ParseBasicAuthorization(authorization);
  return credentials ? Verify(*credentials) : AuthDecision::kDeny;
}

AuthDecision BasicAuthenticator::Verify(
    const BasicCredentials& credentials) const {
  const BasicAuthUser* match = nullptr;
  for (const BasicAuthUser& user : users_) {
    if (ConstantTimeEquals(user.name, credentials.user)) match = &user;
  }
  const std::string& hash = match ? match->bcrypt_hash : decoy_hash_;
  const std::string digest =
      Sha256(credentials.user + '\0' + credentials.password + '\0' + hash);
  if (digest.empty()) return AuthDecision::kDeny;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (match != nullptr && recent_successes_.count(digest) > 0) {
      return AuthDecision::kAllow;
    }
    if (checks_running_ >= max_concurrent_checks_) return AuthDecision::kBusy;
    ++checks_running_;
  }
  /// Gives the check's slot back however the check ends.
  struct SlotRelease {
    std::mutex& mutex;
    int& running;
    ~SlotRelease() {
      std::lock_guard<std::mutex> lock(mutex);
      --running;
    }
  };
  bool matches = false;
  {
    const SlotRelease release{mutex_, checks_running_};
    // The decoy is checked like a real hash; its result is never a success.
    matches = BcryptMatches(credentials.password, hash);
  }
  if (match == nullptr || !matches) return AuthDecision::kDeny;
  std::lock_guard<std::mutex> lock(mutex_);
  if (recent_successes_.size() >= kMaxRememberedSuccesses) {
    recent_successes_.clear();
  }
  recent_successes_.insert(digest);
  return AuthDecision::kAllow;
}

}  // namespace portwatch
