#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "base/address.h"
#include "base/source_error.h"

namespace portwatch {

/// The call that found no free local port; also the `operation` label.
enum class PortOperation : std::uint8_t {
  kConnect = 0,  // connect(): EADDRNOTAVAIL
  kBind = 1,     // bind() to port 0: EADDRINUSE
};

inline constexpr std::size_t kPortOperationCount = 2;

/// Both operations, in label order.
inline constexpr std::array<PortOperation, kPortOperationCount>
    kPortOperations = {PortOperation::kConnect, PortOperation::kBind};

/// "connect" or "bind".
const char* PortOperationLabel(PortOperation operation);
/// The errno the call returns: "EADDRNOTAVAIL" or "EADDRINUSE".
const char* PortOperationErrno(PortOperation operation);

/// Who failed to get a port, and where to: the kernel counts failures per
/// distinct key.
struct ConnectFailureKey {
  std::uint32_t netns = 0;  // network namespace inode
  std::uint32_t pid = 0;    // 0 unless ConnectFailureSettings::record_pid
  AddressFamily family = AddressFamily::kIpv4;
  PortOperation operation = PortOperation::kConnect;
  IpAddress destination;               // connect only
  std::uint16_t destination_port = 0;  // connect only
  std::string process;                 // the process's name (comm)
};

/// Failure counts per operation and family.
using ConnectFailureTotals =
    std::array<std::array<std::uint64_t, kAddressFamilyCount>,
               kPortOperationCount>;

/// Receives one drain: the totals first, then each key's failures since
/// the previous drain, a batch at a time (memory stays bounded by the
/// batch, not by the number of keys).
class ConnectFailureVisitor {
 public:
  virtual ~ConnectFailureVisitor() = default;
  /// Failures since the kernel program was loaded; never evicted.
  /// `generation` changes when it was loaded again (totals restart at 0).
  virtual void OnTotals(const ConnectFailureTotals& totals,
                        std::uint64_t generation) = 0;
  /// Failures of `key` since the previous drain; `key` is valid only during
  /// the call. Keys the kernel's bounded map evicted meanwhile never come:
  /// the totals minus these is what was lost.
  virtual void OnFailures(const ConnectFailureKey& key,
                          std::uint64_t count) = 0;
};

/// How the kernel side counts (the collector's flags).
struct ConnectFailureSettings {
  bool record_pid = false;            // key failures by pid too
  std::uint32_t map_entries = 10240;  // distinct keys between two drains
};

/// Counts TCP port-allocation failures as they happen (Linux: an eBPF
/// program, connect_failure_source_bpf_linux.cpp; builds without eBPF:
/// connect_failure_source_unavailable.cpp). Loads nothing until Start(). Not
/// thread-safe: one call at a time.
class ConnectFailureSource {
 public:
  virtual ~ConnectFailureSource() = default;
  /// Starts counting. Throws SourceError naming what is missing
  /// (privileges, kernel features, build support).
  virtual void Start(const ConnectFailureSettings& settings) = 0;
  /// Hands the counts so far to `visitor` and forgets the per-key ones;
  /// Start() must have succeeded. Throws SourceError (keys already visited
  /// are gone from the kernel: the next drain's totals still count them).
  virtual void Drain(ConnectFailureVisitor& visitor) = 0;
};

/// This build's source.
std::unique_ptr<ConnectFailureSource> MakeConnectFailureSource();

}  // namespace portwatch
