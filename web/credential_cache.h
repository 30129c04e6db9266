#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace portwatch {

/// What password checks decided, remembered so that a scraper does not pay
/// bcrypt on every scrape and a client repeating a wrong password pays it
/// once. Entries are keyed by HMAC-SHA256, under a random key made at
/// start, of the user name, the password and the hash it was checked
/// against: no password is stored, keys cannot be computed offline, and a
/// user whose hash changes in a reload no longer matches its old entries
/// while the others keep theirs. Successes and failures are kept apart and
/// each bounded (emptied when full), so failures can never push out a
/// success. Thread-safe; shared by every version of the web config.
class CredentialCache {
 public:
  /// Throws WebConfigError when no random key can be made.
  CredentialCache(std::size_t max_successes, std::size_t max_failures);
  ~CredentialCache();
  CredentialCache(const CredentialCache&) = delete;
  CredentialCache& operator=(const CredentialCache&) = delete;

  /// The key of these credentials checked against `hash`; empty when
  /// OpenSSL cannot compute it (then nothing is remembered).
  std::string Key(std::string_view user, std::string_view password,
                  std::string_view hash) const;

  /// The remembered outcome for `key`, if any.
  std::optional<bool> Lookup(const std::string& key) const;

  void Remember(const std::string& key, bool success);

 private:
  unsigned char secret_[32];
  const std::size_t max_successes_;
  const std::size_t max_failures_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string> successes_;
  std::unordered_set<std::string> failures_;
};

}  // namespace portwatch
