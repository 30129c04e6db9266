#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace portwatch {

/// A TCP socket state in the metric contract. The values are Linux's kernel
/// numbers (include/net/tcp_states.h) so the Linux sources map by a range
/// check; other platforms map their own states onto these.
enum class TcpState : std::uint8_t {
  kEstablished = 1,
  kSynSent = 2,
  kSynRecv = 3,
  kFinWait1 = 4,
  kFinWait2 = 5,
  kTimeWait = 6,
  kClose = 7,
  kCloseWait = 8,
  kLastAck = 9,
  kListen = 10,
  kClosing = 11,
  kBoundInactive = 12,  // the kernel's 13 (TCP_BOUND_INACTIVE), see below
};

/// Number of states in the contract; index with TcpStateIndex().
inline constexpr std::size_t kTcpStateCount = 12;

/// Dense 0-based index of `state`, for per-state arrays.
inline std::size_t TcpStateIndex(TcpState state) {
  return static_cast<std::size_t>(state) - 1;
}

/// The state at dense index `index` (0 <= index < kTcpStateCount).
inline TcpState TcpStateAt(std::size_t index) {
  return static_cast<TcpState>(index + 1);
}

/// The `state` label value: the lower-case kernel name ("time_wait").
const char* TcpStateLabel(TcpState state);

/// Maps a Linux kernel state number (as in inet_diag and /proc/net/tcp) to
/// the contract. TCP_NEW_SYN_RECV (12) is a pending connection and counts as
/// syn_recv, TCP_BOUND_INACTIVE (13) as bound_inactive; anything else outside
/// 1..13 has no meaning and yields nullopt.
std::optional<TcpState> TcpStateFromLinux(unsigned kernel_state);

}  // namespace portwatch
