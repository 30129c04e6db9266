#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "web/credential_cache.h"
#include "web/web_config.h"

namespace portwatch {

CredentialCache::CredentialCache(std::size_t max_successes,
                                 std::size_t max_failures)
    : max_successes_(max_successes), max_failures_(max_failures) {
  if (RAND_bytes(secret_, sizeof secret_) != 1) {
    throw WebConfigError("cannot make a random key for the credential cache");
  }
}

CredentialCache::~CredentialCache() {
  OPENSSL_cleanse(secret_, sizeof secret_);
}

std::string CredentialCache::Key(std::string_view user,
                                 std::string_view password,
                                 std::string_view hash) const {
  // Length-prefixed, so that bytes cannot move from one field to the next.
  std::string message;
  for (std::string_view field : {user, password, hash}) {
    message += std::to_string(field.size()) + ':';
    message += field;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const bool ok = HMAC(EVP_sha256(), secret_, sizeof secret_,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), digest, &size) != nullptr;
  OPENSSL_cleanse(message.data(), message.size());
  if (!ok) return "";
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::optional<bool> CredentialCache::Lookup(const std::string& key) const {
  if (key.empty()) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  if (successes_.count(key) > 0) return true;
  if (failures_.count(key) > 0) return false;
  return std::nullopt;
}

void CredentialCache::Remember(const std::string& key, bool success) {
  if (key.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  std::unordered_set<std::string>& entries = success ? successes_ : failures_;
  const std::size_t limit = success ? max_successes_ : max_failures_;
  if (entries.size() >= limit) entries.clear();
  entries.insert(key);
}

}  // namespace portwatch
