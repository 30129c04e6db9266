// libFuzzer target: --web.config.file YAML and Authorization headers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "web/basic_auth.h"
#include "web/web_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const portwatch::WebConfig config =
        portwatch::ParseWebConfig(text, "/etc/portwatch");
    for (const auto& user : config.users) {
      if (user.bcrypt_hash.size() != 60) __builtin_trap();
    }
    for (const auto& header : config.headers) {
      if (header.second.find('\n') != std::string::npos) __builtin_trap();
    }
  } catch (const portwatch::WebConfigError&) {
  }
  const auto credentials = portwatch::ParseBasicAuthorization(text);
  if (credentials && credentials->user.find(':') != std::string::npos) {
    __builtin_trap();
  }
  return 0;
}
