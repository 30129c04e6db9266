#include "tests/fakes/without_capabilities_linux.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

namespace portwatch::fakes {

void RunWithoutCapabilities(std::initializer_list<int> capabilities,
                            const std::function<void()>& body) {
  std::string error;
  std::thread worker([&] {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capget, &header, data) != 0) {
      error = std::string("capget: ") + std::strerror(errno);
      return;
    }
    for (int capability : capabilities) {
      data[capability / 32].effective &= ~(1u << (capability % 32));
    }
    if (::syscall(SYS_capset, &header, data) != 0) {
      error = std::string("capset: ") + std::strerror(errno);
      return;
    }
    body();
  });
  worker.join();
  if (!error.empty()) throw std::runtime_error(error);
}

}  // namespace portwatch::fakes
