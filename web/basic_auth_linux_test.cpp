#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "web/basic_auth.h"

namespace portwatch {
namespace {

TEST(ParseBasicAuthorization, DecodesUserAndPassword) {
  // "alice:open sesame:x"
  const auto credentials =
      ParseBasicAuthorization("Basic YWxpY2U6b3BlbiBzZXNhbWU6eA==");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->user, "alice");
  EXPECT_EQ(credentials->password, "open sesame:x");
  EXPECT_TRUE(ParseBasicAuthorization("basic  YTpi "));  // "a:b"
}

TEST(ParseBasicAuthorization, RejectsEverythingElse) {
  EXPECT_FALSE(ParseBasicAuthorization(""));
  EXPECT_FALSE(ParseBasicAuthorization("Bearer YTpi"));
  EXPECT_FALSE(ParseBasicAuthorization("Basic"));
  EXPECT_FALSE(ParseBasicAuthorization("Basic YWxpY2U="));  // no colon
  EXPECT_FALSE(ParseBasicAuthorization("Basic YTp*"));      // not base64
  EXPECT_FALSE(ParseBasicAuthorization("Basic YTpiY"));     // bad length
  EXPECT_FALSE(ParseBasicAuthorization("Basic Y=pi"));      // padding inside
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(Bcrypt, MatchesOnlyTheRightPassword) {
  const std::string hash = BcryptHash("secret", 4);
  EXPECT_EQ(hash.substr(0, 7), "$2y$04$");
  EXPECT_TRUE(BcryptMatches("secret", hash));
  EXPECT_FALSE(BcryptMatches("secreT", hash));
  EXPECT_FALSE(BcryptMatches("secret", "$2y$04$invalid"));
  // A known hash from exporter-toolkit's documentation ("test").
  EXPECT_TRUE(BcryptMatches(
      "test", "$2b$12$hNf2lSsxfm0.i4a.1kVpSOVyBCfIB51VRjgBUyv6kdnyTlgWj81Ay"));
}

constexpr AuthDecision kAllow = AuthDecision::kAllow;
constexpr AuthDecision kDeny = AuthDecision::kDeny;

TEST(BasicAuthenticator, ChecksUsersAndPasswords) {
  const BasicAuthenticator auth(
      {{"alice", BcryptHash("secret", 4)}, {"bob", BcryptHash("hunter2", 4)}});
  EXPECT_EQ(auth.Authorize("Basic YWxpY2U6c2VjcmV0"), kAllow);  // alice:secret
  EXPECT_EQ(auth.Authorize("Basic YWxpY2U6c2VjcmV0"), kAllow);  // remembered
  EXPECT_EQ(auth.Authorize("Basic Ym9iOmh1bnRlcjI="), kAllow);  // bob:hunter2
  EXPECT_EQ(auth.Authorize("Basic Ym9iOnNlY3JldA=="), kDeny);   // bob:secret
  EXPECT_EQ(auth.Authorize("Basic ZXZlOnNlY3JldA=="), kDeny);   // eve:secret
  EXPECT_EQ(auth.Authorize("Basic YWxpY2U6"), kDeny);           // alice:
  EXPECT_EQ(auth.Authorize("Basic YWxpY2U6c2VjcmV0AHg="), kDeny);  // NUL
  EXPECT_EQ(auth.Authorize(nullptr), kDeny);
  EXPECT_EQ(auth.Authorize("Basic !!!!"), kDeny);
}

TEST(BasicAuthenticator, NoUsersMeansOpen) {
  const BasicAuthenticator auth({});
  EXPECT_EQ(auth.Authorize(nullptr), kAllow);
}

TEST(BasicAuthenticator, EveryOutcomeIsRememberedSoRepeatsCostNoBcrypt) {
  PasswordCheckState state;
  const BasicAuthenticator auth({{"alice", BcryptHash("secret", 4)}}, state);
  const PasswordCheckCounts& counts = *state.counts;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(auth.Authorize("Basic YWxpY2U6d3Jvbmc="), kDeny);   // alice:wrong
    EXPECT_EQ(auth.Authorize("Basic ZXZlOnNlY3JldA=="), kDeny);   // eve:secret
    EXPECT_EQ(auth.Authorize("Basic YWxpY2U6c2VjcmV0"), kAllow);  // alice
  }
  EXPECT_EQ(counts.hashed, 3u);
  EXPECT_EQ(counts.remembered, 12u);
  EXPECT_EQ(counts.busy, 0u);
}

TEST(BasicAuthenticator, ConcurrentWrongPasswordsQueueInsteadOfFailing) {
  PasswordCheckState state;
  const BasicAuthenticator auth({{"alice", BcryptHash("secret", 8)}}, state);
  std::vector<std::thread> attackers;
  std::atomic<int> denied{0};
  for (int i = 0; i < 10; ++i) {
    attackers.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        if (auth.Authorize("Basic YWxpY2U6d3Jvbmc=") == kDeny) ++denied;
      }
    });
  }
  EXPECT_EQ(auth.Authorize("Basic YWxpY2U6c2VjcmV0"), kAllow);
  for (std::thread& attacker : attackers) attacker.join();
  EXPECT_EQ(denied.load(), 50);  // each one answered, none busy
  EXPECT_EQ(state.counts->busy, 0u);
  EXPECT_EQ(state.counts->hashed, 2u);  // the wrong password once, alice once
}

TEST(BasicAuthenticator, AReloadKeepsWhatWasLearntOfUnchangedUsers) {
  PasswordCheckState state;
  const std::string alice = BcryptHash("secret", 4);
  const BasicAuthenticator before(
      {{"alice", alice}, {"bob", BcryptHash("x", 4)}}, state);
  EXPECT_EQ(before.Authorize("Basic YWxpY2U6c2VjcmV0"), kAllow);  // alice
  EXPECT_EQ(before.Authorize("Basic Ym9iOng="), kAllow);          // bob:x
  // Reloaded: alice unchanged, bob's password changed.
  const BasicAuthenticator after(
      {{"alice", alice}, {"bob", BcryptHash("y", 4)}}, state);
  const std::uint64_t hashed = state.counts->hashed;
  EXPECT_EQ(after.Authorize("Basic YWxpY2U6c2VjcmV0"), kAllow);
  EXPECT_EQ(state.counts->hashed, hashed);  // remembered across the reload
  EXPECT_EQ(after.Authorize("Basic Ym9iOng="), kDeny);   // the old password
  EXPECT_EQ(after.Authorize("Basic Ym9iOnk="), kAllow);  // bob:y
  EXPECT_EQ(state.counts->hashed, hashed + 2);
}

TEST(BasicAuthenticator, UnknownUsersAreCheckedAgainstADecoyOfTheSameCost) {
  for (int cost = kMinBcryptCost; cost <= kMaxBcryptCost; ++cost) {
    const std::string& decoy = DecoyBcryptHash(cost);
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "$2y$%02d$", cost);
    EXPECT_EQ(decoy.substr(0, 7), prefix);
    EXPECT_EQ(decoy.size(), 60u);
  }
  EXPECT_EQ(DecoyBcryptHash(31), DecoyBcryptHash(kMaxBcryptCost));
}

TEST(Bcrypt, SaltPaddingBitsDoNotMatter) {
  // The salt's last character carries 4 padding bits; Go's bcrypt ignores
  // them, libxcrypt canonicalises them in its output.
  std::string hash = BcryptHash("secret", 4);
  const std::string alphabet =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const std::size_t index = alphabet.find(hash[28]);
  hash[28] = alphabet[(index & ~std::size_t{3}) | ((index + 1) & 3)];
  EXPECT_TRUE(BcryptMatches("secret", hash));
  EXPECT_FALSE(BcryptMatches("secreT", hash));
}

}  // namespace
}  // namespace portwatch
