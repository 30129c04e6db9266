#pragma once

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/source_error.h"
#include "base/unaligned_load.h"

namespace portwatch {

/// The kernel answered with NLMSG_ERROR (or a dump ended in an error);
/// `error()` is its errno.
class NetlinkKernelError : public SourceError {
 public:
  NetlinkKernelError(const std::string& message, int error)
      : SourceError(message), error_(error) {}
  int error() const { return error_; }

 private:
  int error_;
};

/// Whether a netlink dump continues after the datagram just parsed.
enum class DumpProgress { kMore, kDone };

/// One netlink message of a datagram: its type and its payload (after the
/// header), which lies inside the datagram.
struct NetlinkMessage {
  std::uint16_t type;
  const std::uint8_t* payload;
  std::size_t size;
};

/// Throws NetlinkKernelError for the negative errno a kernel sent, named
/// after `protocol` ("inet_diag", "ctnetlink"); a value that is no errno
/// is reported as EPROTO.
[[noreturn]] void ThrowNetlinkKernelError(const char* protocol,
                                          int negative_errno);

/// Throws SourceError "<protocol>: <what>".
[[noreturn]] void ThrowMalformedNetlink(const char* protocol,
                                        const std::string& what);

/// Walks one datagram of netlink messages with bounds checks, handing each
/// data message to on_message(const NetlinkMessage&). Returns kDone at
/// NLMSG_DONE (throwing the errno a failed dump's NLMSG_DONE carries).
/// NLMSG_ERROR throws NetlinkKernelError, unless it is an acknowledgement
/// (error 0), which is skipped. Truncated or misaligned messages throw
/// SourceError naming `protocol`.
template <typename OnMessage>
DumpProgress ForEachNetlinkMessage(const std::uint8_t* data, std::size_t size,
                                   const char* protocol,
                                   OnMessage&& on_message) {
  std::size_t offset = 0;
  while (offset < size) {
    if (size - offset < sizeof(nlmsghdr)) {
      ThrowMalformedNetlink(protocol, "truncated netlink header");
    }
    const nlmsghdr header = LoadUnaligned<nlmsghdr>(data + offset);
    if (header.nlmsg_len < sizeof(nlmsghdr) ||
        header.nlmsg_len > size - offset) {
      ThrowMalformedNetlink(protocol, "netlink message length " +
                                          std::to_string(header.nlmsg_len) +
                                          " does not fit the datagram");
    }
    const std::uint8_t* payload = data + offset + NLMSG_HDRLEN;
    const std::size_t payload_size = header.nlmsg_len - NLMSG_HDRLEN;
    if (header.nlmsg_type == NLMSG_DONE) {
      if (payload_size >= sizeof(int) && LoadUnaligned<int>(payload) < 0) {
        ThrowNetlinkKernelError(protocol, LoadUnaligned<int>(payload));
      }
      return DumpProgress::kDone;
    }
    if (header.nlmsg_type == NLMSG_ERROR) {
      if (payload_size < sizeof(nlmsgerr)) {
        ThrowMalformedNetlink(protocol, "truncated netlink error");
      }
      const int error = LoadUnaligned<nlmsgerr>(payload).error;
      if (error != 0) ThrowNetlinkKernelError(protocol, error);
    } else {
      on_message(NetlinkMessage{header.nlmsg_type, payload, payload_size});
    }
    offset += NLMSG_ALIGN(header.nlmsg_len);
  }
  return DumpProgress::kMore;
}

}  // namespace portwatch
