#include "sources/netlink/netlink_attributes_linux.h"

#include <arpa/inet.h>

#include <string>

namespace portwatch {

std::uint32_t BigEndianU32(const NetlinkAttribute& attribute,
                           const char* protocol) {
  if (attribute.size != sizeof(std::uint32_t)) {
    ThrowMalformedNetlink(
        protocol, "attribute " + std::to_string(attribute.type) + " is " +
                      std::to_string(attribute.size) + " bytes, not 4");
  }
  return ntohl(LoadUnaligned<std::uint32_t>(attribute.payload));
}

}  // namespace portwatch
