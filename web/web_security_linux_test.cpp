#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/fakes/temp_dir.h"
#include "web/basic_auth.h"
#include "web/web_config.h"
#include "web/web_security.h"

namespace portwatch {
namespace {

using std::chrono::milliseconds;

/// A temporary directory holding a web config file; removed at the end.
class WebConfigFile {
 public:
  std::string path() const { return directory_.path() + "/web.yml"; }
  /// Replaces the file by a rename, as config management tools do.
  void Write(const std::string& text) const {
    directory_.Replace("web.yml", text);
  }

 private:
  fakes::TempDir directory_;
};

bool Allows(const WebSecurity& security, const char* authorization) {
  return security.Rules()->authorize(authorization) == AuthDecision::kAllow;
}

std::string UserConfig(const std::string& password) {
  return "basic_auth_users:\n  alice: '" + BcryptHash(password, 4) + "'\n";
}

// "Basic " + base64("alice:" + password) for the passwords used here.
const char kAliceOne[] = "Basic YWxpY2U6b25l";  // alice:one
const char kAliceTwo[] = "Basic YWxpY2U6dHdv";  // alice:two

bool WaitFor(const std::function<bool()>& condition) {
  for (int i = 0; i < 500; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

TEST(WebSecurity, BrokenFileAtStartThrows) {
  WebConfigFile file;
  file.Write("basic_auth_users: [\n");
  EXPECT_THROW(MakeWebSecurity(file.path(), milliseconds(10)), WebConfigError);
  EXPECT_THROW(MakeWebSecurity(file.path() + ".absent", milliseconds(10)),
               WebConfigError);
}

TEST(WebSecurity, ReloadsChangesAndKeepsTheLastGoodVersion) {
  WebConfigFile file;
  file.Write(UserConfig("one"));
  const auto security = MakeWebSecurity(file.path(), milliseconds(10));
  EXPECT_FALSE(security->Tls());
  EXPECT_TRUE(Allows(*security, kAliceOne));

  // Readers keep asking while the watcher swaps versions (TSan checks it).
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        const auto rules = security->Rules();
        if (rules->authorize) rules->authorize(kAliceTwo);
      }
    });
  }
  file.Write(UserConfig("two"));
  EXPECT_TRUE(WaitFor([&] { return Allows(*security, kAliceTwo); }));
  EXPECT_FALSE(Allows(*security, kAliceOne));

  file.Write("basic_auth_users:\n  alice: not-a-hash\n");
  EXPECT_TRUE(
      WaitFor([&] { return !security->Status().last_reload_successful; }));
  EXPECT_TRUE(Allows(*security, kAliceTwo));

  file.Write(UserConfig("two") +
             "http_server_config:\n  headers:\n    X-Frame-Options: deny\n");
  EXPECT_TRUE(WaitFor([&] { return !security->Rules()->headers.empty(); }));
  EXPECT_TRUE(security->Status().last_reload_successful);

  // A file emptied or caught half-written must not drop authentication.
  for (const char* truncated : {"", "basic_auth_users:\n", "http"}) {
    file.Write(truncated);
    EXPECT_TRUE(
        WaitFor([&] { return !security->Status().last_reload_successful; }));
    EXPECT_FALSE(Allows(*security, nullptr));
    EXPECT_TRUE(Allows(*security, kAliceTwo));
    file.Write(UserConfig("two"));
    EXPECT_TRUE(
        WaitFor([&] { return security->Status().last_reload_successful; }));
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
}

TEST(WebSecurity, TurningTlsOnNeedsARestart) {
  WebConfigFile file;
  file.Write(UserConfig("one"));
  const auto security = MakeWebSecurity(file.path(), milliseconds(10));
  file.Write(
      "tls_server_config:\n  cert_file: /nonexistent.crt\n"
      "  key_file: /nonexistent.key\n" +
      UserConfig("two"));
  // The watcher saw the change and refused it.
  EXPECT_TRUE(
      WaitFor([&] { return !security->Status().last_reload_successful; }));
  EXPECT_FALSE(security->Tls());
  EXPECT_TRUE(Allows(*security, kAliceOne));
}

}  // namespace
}  // namespace portwatch
