#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "web/web_config.h"

namespace portwatch {
namespace {

const char kHash[] =
    "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

std::string ErrorOf(const std::string& yaml) {
  try {
    ParseWebConfig(yaml, "/etc/portwatch");
  } catch (const WebConfigError& error) {
    return error.what();
  }
  return "no error";
}

TEST(WebConfig, EmptyFileMeansPlainHttpWithoutAuth) {
  const WebConfig config = ParseWebConfig("", "/etc");
  EXPECT_FALSE(config.tls);
  EXPECT_TRUE(config.users.empty());
  EXPECT_TRUE(config.headers.empty());
}

TEST(WebConfig, ParsesTheExporterToolkitFormat) {
  const WebConfig config = ParseWebConfig(
      "tls_server_config:\n"
      "  cert_file: tls/server.crt\n"
      "  key_file: /abs/server.key\n"
      "  client_ca_file: ca.pem\n"
      "  client_auth_type: RequireAndVerifyClientCert\n"
      "  min_version: TLS13\n"
      "  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n"
      "http_server_config:\n"
      "  http2: false\n"
      "  headers:\n"
      "    x-frame-options: DENY\n"
      "    Strict-Transport-Security: max-age=31536000\n"
      "basic_auth_users:\n"
      "  alice: " +
          std::string(kHash) + "\n",
      "/etc/portwatch");
  ASSERT_TRUE(config.tls);
  EXPECT_EQ(config.tls->cert_file, "/etc/portwatch/tls/server.crt");
  EXPECT_EQ(config.tls->key_file, "/abs/server.key");
  EXPECT_EQ(config.tls->client_ca_file, "/etc/portwatch/ca.pem");
  EXPECT_EQ(config.tls->client_auth,
            ClientAuthType::kRequireAndVerifyClientCert);
  EXPECT_EQ(config.tls->min_version, TlsVersion::kTls13);
  EXPECT_EQ(config.tls->cipher_list, "ECDHE-RSA-AES128-GCM-SHA256");
  ASSERT_EQ(config.users.size(), 1u);
  EXPECT_EQ(config.users[0].name, "alice");
  EXPECT_EQ(config.users[0].bcrypt_hash, kHash);
  ASSERT_EQ(config.headers.size(), 2u);
  EXPECT_EQ(config.headers[0].first, "X-Frame-Options");  // canonical name
  EXPECT_EQ(config.headers[0].second, "DENY");
}

TEST(WebConfig, WithoutCipherSuitesTls12IsEcdheWithAeadOnly) {
  const WebConfig config = ParseWebConfig(
      "tls_server_config:\n  cert_file: c\n  key_file: k\n", "/");
  ASSERT_TRUE(config.tls);
  const std::string& suites = config.tls->cipher_list;
  std::size_t start = 0;
  int count = 0;
  while (start <= suites.size()) {
    const std::size_t end = std::min(suites.find(':', start), suites.size());
    const std::string suite = suites.substr(start, end - start);
    EXPECT_EQ(suite.rfind("ECDHE-", 0), 0u) << suite;
    EXPECT_TRUE(suite.find("-GCM-") != std::string::npos ||
                suite.find("CHACHA20-POLY1305") != std::string::npos)
        << suite;
    ++count;
    start = end + 1;
  }
  EXPECT_EQ(count, 6);
}

TEST(WebConfig, BcryptCostsAboveTheMaximumAreRefused) {
  std::string hash = kHash;
  hash.replace(4, 2, "31");
  const std::string error =
      ErrorOf("basic_auth_users:\n  alice: " + hash + "\n");
  EXPECT_NE(error.find("has bcrypt cost 31; portwatch accepts 4 to 14"),
            std::string::npos)
      << error;
  hash.replace(4, 2, "14");
  EXPECT_EQ(ParseWebConfig("basic_auth_users:\n  alice: " + hash + "\n", "/")
                .users.size(),
            1u);
}

TEST(WebConfig, EmptyTlsSectionMeansNoTls) {
  EXPECT_FALSE(ParseWebConfig("tls_server_config:\n", "/").tls);
  EXPECT_FALSE(ParseWebConfig("tls_server_config: {}\n", "/").tls);
}

TEST(WebConfig, RejectsWhatItCannotHonour) {
  const std::string tls = "tls_server_config:\n  cert_file: c\n  key_file: k\n";
  EXPECT_NE(ErrorOf("unknown: 1\n").find("unknown key \"unknown\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(tls + "  min_version: TLS11\n").find("floor of TLS12"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tls + "  min_version: TLS14\n").find("invalid min_version"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tls + "  min_version: TLS13\n  max_version: TLS12\n")
                .find("above max_version"),
            std::string::npos);
  EXPECT_NE(ErrorOf("tls_server_config:\n  cert_file: c\n").find("key_file"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tls + "  client_auth_type: Sometimes\n")
                .find("invalid client_auth_type"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tls + "  client_auth_type: VerifyClientCertIfGiven\n")
                .find("client_ca_file is not set"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tls + "  client_ca_file: ca\n").find("NoClientCert"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tls + "  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n")
                .find("unsupported cipher suite"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf(tls + "  curve_preferences: [X25519]\n").find("not supported"),
      std::string::npos);
  EXPECT_NE(ErrorOf("tls_server_config:\n  min_version: TLS12\n")
                .find("without cert_file"),
            std::string::npos);
}

TEST(WebConfig, RejectsBadUsersAndHeaders) {
  EXPECT_NE(ErrorOf("basic_auth_users:\n  alice: plaintext\n")
                .find("not a bcrypt hash"),
            std::string::npos);
  EXPECT_NE(ErrorOf("basic_auth_users:\n  'a:b': " + std::string(kHash) + "\n")
                .find("contains ':'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("basic_auth_users: [alice]\n").find("must be a mapping"),
            std::string::npos);
  EXPECT_NE(ErrorOf("http_server_config:\n  headers:\n    Set-Cookie: a\n")
                .find("cannot be configured"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("http_server_config:\n  headers:\n    X-Frame-Options: allow\n")
          .find("invalid value"),
      std::string::npos);
  EXPECT_NE(ErrorOf("http_server_config:\n  headers:\n"
                    "    Content-Security-Policy: \"a\\r\\nSet-Cookie: x\"\n")
                .find("control characters"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("http_server_config:\n  http2: maybe\n").find("true or false"),
      std::string::npos);
}

TEST(WebConfig, RejectsKeysGivenTwice) {
  // yaml-cpp keeps the first of a duplicated key; a stricter setting added
  // below must not be ignored silently.
  const std::string tls = "tls_server_config:\n  cert_file: c\n  key_file: k\n";
  EXPECT_NE(ErrorOf(tls + "  client_auth_type: NoClientCert\n"
                          "  client_auth_type: RequireAnyClientCert\n")
                .find("\"client_auth_type\" is given twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tls + tls).find("given twice"), std::string::npos);
  const std::string user = "  alice: " + std::string(kHash) + "\n";
  EXPECT_NE(ErrorOf("basic_auth_users:\n" + user + user).find("given twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf("http_server_config:\n  headers:\n"
                    "    X-Frame-Options: deny\n    X-Frame-Options: deny\n")
                .find("given twice"),
            std::string::npos);
}

TEST(WebConfig, AcceptsTheLegacyRequireClientCert) {
  const WebConfig config = ParseWebConfig(
      "tls_server_config:\n  cert_file: c\n  key_file: k\n"
      "  client_auth_type: RequireClientCert\n",
      "/");
  EXPECT_EQ(config.tls->client_auth, ClientAuthType::kRequireAnyClientCert);
}

TEST(WebConfig, MalformedYamlSaysWhere) {
  EXPECT_NE(ErrorOf("basic_auth_users:\n  alice: [\n").find("invalid YAML"),
            std::string::npos);
  EXPECT_NE(ErrorOf("- a\n- b\n").find("must be a mapping"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string(10000, '[')).find("nested too deeply"),
            std::string::npos);
}

TEST(WebConfig, LoadNamesTheFileThatCannotBeRead) {
  try {
    LoadWebConfig("/nonexistent/web.yml");
    FAIL() << "no error";
  } catch (const WebConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/web.yml"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace portwatch
