#include "sources/netlink/netlink_messages_linux.h"

#include <cerrno>
#include <cstring>

namespace portwatch {

void ThrowNetlinkKernelError(const char* protocol, int negative_errno) {
  // INT_MIN must not overflow.
  const long long magnitude = -static_cast<long long>(negative_errno);
  const int error = magnitude > 0 && magnitude < 4096
                        ? static_cast<int>(magnitude)
                        : EPROTO;  // not an errno: a garbled reply
  throw NetlinkKernelError(
      std::string(protocol) + ": kernel error: " + std::strerror(error), error);
}

void ThrowMalformedNetlink(const char* protocol, const std::string& what) {
  throw SourceError(std::string(protocol) + ": " + what);
}

}  // namespace portwatch
