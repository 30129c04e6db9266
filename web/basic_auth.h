#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/credential_cache.h"
#include "web/password_check_queue.h"
#include "web/web_config.h"
#include "web/web_security.h"

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

/// How many credential checks were decided which way. Thread-safe.
struct PasswordCheckCounts {
  std::atomic<std::uint64_t> remembered{0};  // a remembered outcome
  std::atomic<std::uint64_t> hashed{0};      // bcrypt computed
  std::atomic<std::uint64_t> busy{0};        // no turn in the queue
};

/// What a BasicAuthenticator shares across versions of the web config: the
/// remembered outcomes, the hashing queue and the counts.
struct PasswordCheckState {
  PasswordCheckState();  // the limits documented in docs/security.md
  std::shared_ptr<CredentialCache> cache;
  std::shared_ptr<PasswordCheckQueue> queue;
  std::shared_ptr<PasswordCheckCounts> counts;
};

/// Checks credentials against basic_auth_users' bcrypt hashes with the
/// system's crypt (libxcrypt). Unknown users are checked against a decoy
/// hash of the highest configured cost (precomputed: nothing is hashed
/// when a config loads), so that timing does not tell which names exist.
/// Every outcome is remembered (CredentialCache), so frequent scrapes and
/// repeated wrong passwords cost one bcrypt; the rest wait their turn in
/// the queue (PasswordCheckQueue), and only a full queue or a long wait
/// answers kBusy. Thread-safe; owns its copy of the users.
class BasicAuthenticator {
 public:
  explicit BasicAuthenticator(std::vector<BasicAuthUser> users,
                              PasswordCheckState state = PasswordCheckState());

  /// Decides on `authorization` (the header value, or null when absent).
  AuthDecision Authorize(const char* authorization) const;

 private:
  AuthDecision Verify(const BasicCredentials& credentials) const;

  std::vector<BasicAuthUser> users_;
  std::string decoy_hash_;
  PasswordCheckState state_;
};

/// A bcrypt hash of a secret nobody knows, of `cost` (4 to kMaxBcryptCost,
/// clamped), for checking the passwords of unknown users.
const std::string& DecoyBcryptHash(int cost);

/// Whether `password` matches `bcrypt_hash` (crypt_rn; the 31-character
/// digests compared in constant time, so a salt written with non-canonical
/// padding bits still matches, as with Go's bcrypt); false for hashes crypt
/// rejects and for passwords containing NUL (crypt would cut them there).
bool BcryptMatches(const std::string& password, const std::string& bcrypt_hash);

/// A bcrypt hash of `password` with the given cost (for tests and decoys).
/// Throws WebConfigError on failure.
std::string BcryptHash(const std::string& password, int cost);

}  // namespace portwatch
