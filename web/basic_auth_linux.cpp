#include <crypt.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "base/text.h"
#include "web/basic_auth.h"

namespace portwatch {
namespace {

// Outcomes remembered at most; each set is emptied when full.
constexpr std::size_t kMaxRememberedSuccesses = 256;
constexpr std::size_t kMaxRememberedFailures = 4096;
// Password checks waiting for their turn at most, and for how long.
constexpr std::size_t kMaxWaitingChecks = 64;
constexpr std::chrono::milliseconds kMaxCheckWait{5000};

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
  const std::string_view encoded = Trim(header.substr(kScheme.size()), " ");
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

PasswordCheckState::PasswordCheckState()
    : cache(std::make_shared<CredentialCache>(kMaxRememberedSuccesses,
                                              kMaxRememberedFailures)),
      queue(std::make_shared<PasswordCheckQueue>(kMaxWaitingChecks,
                                                 kMaxCheckWait)),
      counts(std::make_shared<PasswordCheckCounts>()) {}

const std::string& DecoyBcryptHash(int cost) {
  // Made once with random passwords that were thrown away.
  static const std::string kDecoys[] = {
      "$2y$04$43zKcFqUKoMlImUiSMdRkecTs1/3HeL0YVoj//aFvO98Zs0uGsSiS",
      "$2y$05$cae9f0Pks3cgWRbNdBxQAePRT51YtmMQGg.kvfLmrzD2kwJp/GFoC",
      "$2y$06$b1hNi9NULQWQOsaLCfheEeEXhgSSAWSIrXT5VNbe/WyTT.uktzN16",
      "$2y$07$BLFQgRhD1bvwLY3YXuACje9fADPRNSREPCeq4fs4ZYeFsSNyOc1l.",
      "$2y$08$E7rmxtOyjFhSDdzFJ7Op1e7KYI1X4DnoHlTFQF6QLxLYOdCTotLhu",
      "$2y$09$8FTjyK1qIZbB/0SIStucIe9MlAwYInNuY5KDRUo6n0BAgNaMFzOQe",
      "$2y$10$yqGZ.bnAi4LGdMgX9EnEseSwHqfs02yNzx/n55TrRt1Yxaap7sgfa",
      "$2y$11$mR9Jd3IdbIbFmQmfaI1QKeJEUUylNX9v2P8rqXk8YnSIdMG1GCmF6",
      "$2y$12$CgCL1PldDdNYABPN1dsn0eegJMOJhm6Mj6p6XycOWwst0ZyfSdQ5S",
      "$2y$13$t0NyeLDUbaA32OP7hzRjXes0l7VyxntpYTMHUKarGnr9888l2MzXG",
      "$2y$14$q3bxjxmtSGPKYFzQhkXwDe8ERi/vi35q4Pxh5VRe.FKj6YlFMt2JG",
  };
  static_assert(sizeof kDecoys / sizeof kDecoys[0] ==
                kMaxBcryptCost - kMinBcryptCost + 1);
  const int clamped = std::clamp(cost, kMinBcryptCost, kMaxBcryptCost);
  return kDecoys[clamped - kMinBcryptCost];
}

BasicAuthenticator::BasicAuthenticator(std::vector<BasicAuthUser> users,
                                       PasswordCheckState state)
    : users_(std::move(users)), state_(std::move(state)) {
  int cost = kMinBcryptCost;
  for (const BasicAuthUser& user : users_) {
    cost = std::max(cost, BcryptCost(user.bcrypt_hash));
  }
  decoy_hash_ = DecoyBcryptHash(cost);
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
  CredentialCache& cache = *state_.cache;
  const std::string key =
      cache.Key(credentials.user, credentials.password, hash);
  const auto decide = [&](bool success) {
    // The decoy is checked like a real hash; it never lets anyone in.
    return success && match != nullptr ? AuthDecision::kAllow
                                       : AuthDecision::kDeny;
  };
  PasswordCheckCounts& counts = *state_.counts;
  if (const std::optional<bool> known = cache.Lookup(key)) {
    ++counts.remembered;
    return decide(*known);
  }
  const PasswordCheckQueue::Turn turn = state_.queue->Wait();
  if (!turn) {
    ++counts.busy;
    return AuthDecision::kBusy;
  }
  // Requests with the same credentials queued together: the first checked.
  if (const std::optional<bool> known = cache.Lookup(key)) {
    ++counts.remembered;
    return decide(*known);
  }
  ++counts.hashed;
  const bool matches = BcryptMatches(credentials.password, hash);
  cache.Remember(key, matches);
  return decide(matches);
}

}  // namespace portwatch
