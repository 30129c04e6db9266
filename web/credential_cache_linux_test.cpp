#include <gtest/gtest.h>

#include <string>

#include "web/credential_cache.h"

namespace portwatch {
namespace {

TEST(CredentialCache, KeysDependOnEveryFieldAndTheProcessSecret) {
  const CredentialCache cache(4, 4);
  const std::string key = cache.Key("alice", "secret", "$2y$10$hash");
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(cache.Key("alice", "secret", "$2y$10$hash"), key);
  EXPECT_NE(cache.Key("alice", "secreT", "$2y$10$hash"), key);
  EXPECT_NE(cache.Key("alice", "secret", "$2y$10$other"), key);
  EXPECT_NE(cache.Key("alicese", "cret", "$2y$10$hash"), key);  // no shifting
  EXPECT_EQ(key.find("secret"), std::string::npos);
  const CredentialCache another(4, 4);  // another start: another secret
  EXPECT_NE(another.Key("alice", "secret", "$2y$10$hash"), key);
}

TEST(CredentialCache, RemembersSuccessesAndFailuresApart) {
  CredentialCache cache(2, 3);
  const std::string good = cache.Key("alice", "secret", "h");
  EXPECT_EQ(cache.Lookup(good), std::nullopt);
  cache.Remember(good, true);
  EXPECT_EQ(cache.Lookup(good), true);
  // A flood of distinct failures fills and empties the failures only.
  for (int i = 0; i < 100; ++i) {
    const std::string bad = cache.Key("alice", std::to_string(i), "h");
    cache.Remember(bad, false);
    EXPECT_EQ(cache.Lookup(bad), false);
  }
  EXPECT_EQ(cache.Lookup(good), true);
  EXPECT_EQ(cache.Lookup(cache.Key("alice", "0", "h")), std::nullopt);
  EXPECT_EQ(cache.Lookup(""), std::nullopt);  // no key: nothing known
}

}  // namespace
}  // namespace portwatch
