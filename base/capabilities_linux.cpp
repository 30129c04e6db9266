#include "base/capabilities_linux.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/source_error.h"

namespace portwatch {
namespace {

std::string CapabilityName(int capability) {
  switch (capability) {
    case CAP_SYS_ADMIN:
      return "CAP_SYS_ADMIN";
    case CAP_SYS_PTRACE:
      return "CAP_SYS_PTRACE";
    case CAP_DAC_READ_SEARCH:
      return "CAP_DAC_READ_SEARCH";
    case CAP_BPF:
      return "CAP_BPF";
    case CAP_PERFMON:
      return "CAP_PERFMON";
    default:
      return "capability " + std::to_string(capability);
  }
}

}  // namespace

std::string MissingCapabilities(std::initializer_list<int> capabilities) {
  __user_cap_header_struct header{};
  header.version = _LINUX_CAPABILITY_VERSION_3;
  header.pid = 0;  // this thread
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capget, &header, data) != 0) {
    throw SourceError(std::string("cannot read capabilities: ") +
                      std::strerror(errno));
  }
  std::string missing;
  for (int capability : capabilities) {
    const unsigned word = static_cast<unsigned>(capability) / 32;
    const unsigned bit = static_cast<unsigned>(capability) % 32;
    if ((data[word].effective & (1u << bit)) == 0) {
      if (!missing.empty()) missing += ", ";
      missing += CapabilityName(capability);
    }
  }
  return missing;
}

}  // namespace portwatch
