#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sources/connect_failures/connect_failure_source.h"

struct connect_failures_bpf;  // the skeleton bpftool generates

namespace portwatch {

/// Where the kernel's tracing file system and BTF are looked for (fixed on
/// real systems; tests point them elsewhere to see the errors).
struct BpfPaths {
  std::vector<std::string> tracefs = {"/sys/kernel/tracing",
                                      "/sys/kernel/debug/tracing"};
  std::string kernel_btf = "/sys/kernel/btf/vmlinux";
};

/// ConnectFailureSource of an eBPF program (bpf/connect_failures.bpf.c)
/// attached to the tracepoints sock:inet_sock_set_state and
/// syscalls:sys_{enter,exit} _bind. Needs CAP_BPF and CAP_PERFMON, kernel BTF
/// and a readable tracefs (root-only: CAP_DAC_READ_SEARCH); Start() checks them
/// first and names what is missing. Unloads on destruction (nothing is pinned).
/// A failed drain unloads the program and the next one loads it again, with a
/// new generation.
class BpfConnectFailureSource : public ConnectFailureSource {
 public:
  explicit BpfConnectFailureSource(BpfPaths paths = {});
  ~BpfConnectFailureSource() override;
  BpfConnectFailureSource(const BpfConnectFailureSource&) = delete;
  BpfConnectFailureSource& operator=(const BpfConnectFailureSource&) = delete;

  void Start(const ConnectFailureSettings& settings) override;
  void Drain(ConnectFailureVisitor& visitor) override;

 private:
  struct SkeletonDeleter {
    void operator()(connect_failures_bpf* skeleton) const;
  };

  void CheckPrerequisites() const;
  void Load();
  void ReadTotals(ConnectFailureTotals& totals);
  void DrainFailures(ConnectFailureVisitor& visitor);

  BpfPaths paths_;
  ConnectFailureSettings settings_;
  bool started_ = false;
  std::uint64_t generation_ = 0;
  std::unique_ptr<connect_failures_bpf, SkeletonDeleter> skeleton_;
};

}  // namespace portwatch
