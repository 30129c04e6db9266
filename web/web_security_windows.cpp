#include "web/web_config.h"
#include "web/web_security.h"

namespace portwatch {

std::unique_ptr<WebSecurity> MakeWebSecurity(const std::string& path,
                                             std::chrono::milliseconds) {
  throw WebConfigError(path +
                       ": --web.config.file (TLS, basic auth) is not "
                       "supported by the Windows build yet");
}

}  // namespace portwatch
