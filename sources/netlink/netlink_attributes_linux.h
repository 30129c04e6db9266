#pragma once

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>

#include "base/unaligned_load.h"
#include "sources/netlink/netlink_messages_linux.h"

namespace portwatch {

/// One netlink attribute: its type (without the nested and byte-order
/// flags) and its payload, which lies inside the message.
struct NetlinkAttribute {
  std::uint16_t type;
  const std::uint8_t* payload;
  std::size_t size;
};

/// Walks the attributes in `data` with bounds checks, handing each to
/// on_attribute(const NetlinkAttribute&); one whose length does not fit
/// throws SourceError naming `protocol`.
template <typename OnAttribute>
void ForEachNetlinkAttribute(const std::uint8_t* data, std::size_t size,
                             const char* protocol, OnAttribute&& on_attribute) {
  std::size_t offset = 0;
  while (size - offset >= NLA_HDRLEN) {
    const nlattr header = LoadUnaligned<nlattr>(data + offset);
    if (header.nla_len < NLA_HDRLEN || header.nla_len > size - offset) {
      ThrowMalformedNetlink(protocol, "netlink attribute length " +
                                          std::to_string(header.nla_len) +
                                          " does not fit its message");
    }
    on_attribute(NetlinkAttribute{
        static_cast<std::uint16_t>(header.nla_type & NLA_TYPE_MASK),
        data + offset + NLA_HDRLEN,
        static_cast<std::size_t>(header.nla_len - NLA_HDRLEN)});
    const std::size_t step = NLA_ALIGN(header.nla_len);
    if (step >= size - offset) return;
    offset += step;
  }
  if (offset != size) {
    ThrowMalformedNetlink(protocol, "truncated netlink attribute");
  }
}

/// The big-endian 32-bit value of `attribute` (NLA_U32 in network order, as
/// ctnetlink sends its numbers); throws SourceError when it is not 4 bytes.
std::uint32_t BigEndianU32(const NetlinkAttribute& attribute,
                           const char* protocol);

}  // namespace portwatch
