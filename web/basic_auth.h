#pragma once

#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "web_config.h"
#include "web_security.h"

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
/// the highest configured cost so that timing does not tell which names
/// exist; recent successes are remembered (by SHA-256 of user, password and
/// hash) so that frequent scrapes do not each pay for bcrypt. At most
/// `max_concurrent_checks` bcrypt computations run at once; past that the
/// answer is kBusy at once, so clients with wrong credentials cannot tie up
/// the server's request slots (remembered successes need no computation).
/// Thread-safe; owns its copy of the users.
class BasicAuthenticator {
 public:
  /// Throws WebConfigError when crypt cannot make the decoy hash.
  explicit BasicAuthenticator(std::vector<BasicAuthUser> users,
                              int max_concurrent_checks = 2);

  /// Decides on `authorization` (the header value, or null when absent).
  AuthDecision Authorize(const char* authorization) const;

 private:
  AuthDecision Verify(const BasicCredentials& credentials) const;

  std::vector<BasicAuthUser> users_;
  std::string decoy_hash_;
  const int max_concurrent_checks_;
  mutable std::mutex mutex_;  // guards the two below
  mutable int checks_running_ = 0;
  mutable std::set<std::string> recent_successes_;  // SHA-256 digests
};

/// Whether `password` matches `bcrypt_hash` (crypt_rn; the 31-character
/// digests compared in constant time, so a salt written with non-canonical
/// padding bits still matches, as with Go's bcrypt); false for hashes crypt
/// rejects and for passwords containing NUL (crypt would cut them there).
bool BcryptMatches(const std::string& password, const std::string& bcrypt_hash);

/// A bcrypt hash of `password` with the given cost (for tests and decoys).
/// Throws WebConfigError on failure.
std::string BcryptHash(const std::string& password, int cost);

}  // namespace portwatch
