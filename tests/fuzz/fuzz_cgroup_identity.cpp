// libFuzzer target: /proc/<pid>/cgroup text to container and pod identity.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/netns/cgroup_identity.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const portwatch::ContainerIdentity identity = portwatch::ParseCgroupIdentity(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!identity.container_id.empty() && identity.container_id.size() != 64) {
    __builtin_trap();  // ids are always 64 hex digits
  }
  if (!identity.pod_uid.empty() && identity.pod_uid.size() != 36) {
    __builtin_trap();
  }
  return 0;
}
