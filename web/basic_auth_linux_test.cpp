#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "basic_auth.h"

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

TEST(BasicAuthenticator, PasswordChecksPastTheLimitAreBusyButSuccessesPass) {
  // Cost 12 takes ~0.2 s, so three checks started together overlap.
  const BasicAuthenticator auth({{"alice", BcryptHash("secret", 12)}}, 1);
  EXPECT_EQ(auth.Authorize("Basic YWxpY2U6c2VjcmV0"), kAllow);  // remembered
  std::vector<std::thread> threads;
  std::atomic<int> busy{0};
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&] {
      // eve:secret
      if (auth.Authorize("Basic ZXZlOnNlY3JldA==") == AuthDecision::kBusy) {
        ++busy;
      }
    });
  }
  // While those run, the remembered success needs no check.
  EXPECT_EQ(auth.Authorize("Basic YWxpY2U6c2VjcmV0"), kAllow);
  for (std::thread& thread : threads) thread.join();
  EXPECT_GE(busy.load(), 1);
  EXPECT_EQ(auth.Authorize("Basic ZXZlOnNlY3JldA=="), kDeny);  // free again
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
