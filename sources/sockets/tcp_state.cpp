#include "sources/sockets/tcp_state.h"

namespace portwatch {

const char* TcpStateLabel(TcpState state) {
  static constexpr const char* kLabels[kTcpStateCount] = {
      "established", "syn_sent",  "syn_recv", "fin_wait1",
      "fin_wait2",   "time_wait", "close",    "close_wait",
      "last_ack",    "listen",    "closing",  "bound_inactive"};
  return kLabels[TcpStateIndex(state)];
}

std::optional<TcpState> TcpStateFromLinux(unsigned kernel_state) {
  constexpr unsigned kNewSynRecv = 12;
  constexpr unsigned kBoundInactive = 13;
  if (kernel_state >= 1 && kernel_state <= 11) {
    return static_cast<TcpState>(kernel_state);
  }
  if (kernel_state == kNewSynRecv) return TcpState::kSynRecv;
  if (kernel_state == kBoundInactive) return TcpState::kBoundInactive;
  return std::nullopt;
}

}  // namespace portwatch
