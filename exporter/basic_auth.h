#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "web_config.h"

namespace portwatch {

/// User name and password from an `Authorization: Basic ...` header.
struct BasicCredentials {
  std::string user;
  std::string password;
};

/// Decodes an Authorization header value; nullopt unless it is the Basic
/// scheme with valid base64 of "user:password".
std::optional<BasicCredentials> ParseBasicAuthorization(
    std::string_view header);

/// True when a and b are equal, in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

/// Checks credentials against basic_auth_users' bcrypt hashes with the
/// system's crypt (libxcrypt). Unknown users are checked against a hash of
/// the same cost so that timing does not tell which names exist; recent
/// successes are remembered (by SHA-256 of user, password and hash) so that
/// scrapes every few seconds do not each pay for bcrypt. Thread-safe; owns
/// its copy of the users.
class BasicAuthenticator {
 public:
  /// Throws std::runtime_error when crypt cannot make the decoy hash.
  explicit BasicAuthenticator(std::vector<BasicAuthUser> users);

  /// True when `authorization` (the header value, or null when absent)
  /// names a configured user with the right password.
  bool Authorize(const char* authorization) const;

 private:
  using Digest = std::array<std::uint8_t, 32>;
  bool Verify(const BasicCredentials& credentials) const;

  std::vector<BasicAuthUser> users_;
  std::string decoy_hash_;
  mutable std::mutex cache_mutex_;
  mutable std::set<Digest> recent_successes_;
};

/// Whether `password` matches `bcrypt_hash` (crypt_rn, constant-time
/// comparison); false for hashes crypt rejects.
bool BcryptMatches(const std::string& password, const std::string& bcrypt_hash);

/// A bcrypt hash of `password` with the given cost (for tests and decoys).
/// Throws std::runtime_error on failure.
std::string BcryptHash(const std::string& password, int cost);

}  // namespace portwatch
