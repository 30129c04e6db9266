#include "basic_auth.h"

#include <gtest/gtest.h>

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

TEST(BasicAuthenticator, ChecksUsersAndPasswords) {
  const BasicAuthenticator auth(
      {{"alice", BcryptHash("secret", 4)}, {"bob", BcryptHash("hunter2", 4)}});
  EXPECT_TRUE(auth.Authorize("Basic YWxpY2U6c2VjcmV0"));   // alice:secret
  EXPECT_TRUE(auth.Authorize("Basic YWxpY2U6c2VjcmV0"));   // remembered
  EXPECT_TRUE(auth.Authorize("Basic Ym9iOmh1bnRlcjI="));   // bob:hunter2
  EXPECT_FALSE(auth.Authorize("Basic Ym9iOnNlY3JldA=="));  // bob:secret
  EXPECT_FALSE(auth.Authorize("Basic ZXZlOnNlY3JldA=="));  // eve:secret
  EXPECT_FALSE(auth.Authorize("Basic YWxpY2U6"));          // alice:
  EXPECT_FALSE(auth.Authorize(nullptr));
  EXPECT_FALSE(auth.Authorize("Basic !!!!"));
}

TEST(BasicAuthenticator, NoUsersMeansOpen) {
  const BasicAuthenticator auth({});
  EXPECT_TRUE(auth.Authorize(nullptr));
}

}  // namespace
}  // namespace portwatch
