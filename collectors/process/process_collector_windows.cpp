#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "collectors/core/failure_log.h"
#include "collectors/process/process_collector.h"
#include "collectors/process/process_ranking.h"

namespace portwatch {
namespace {

/// Settings of the Windows `process` collector (--collector.process.*).
struct ProcessCollectorConfig {
  std::size_t top_processes = 10;
};

/// Tallies the sockets on usable ephemeral ports (every socket when
/// `ranges` is null) per owning PID, as the socket table reports it (PID
/// 0: no owner, e.g. TIME_WAIT).
class PidTallies : public SocketVisitor {
 public:
  explicit PidTallies(const AddressFamilyRanges* ranges) : ranges_(ranges) {}
  void OnSocket(const SocketRow& row) override {
    if (ranges_ && !(*ranges_)[static_cast<std::size_t>(row.family)].IsUsable(
                       row.local_port)) {
      return;
    }
    if (row.owner_pid == 0) {
      unowned_.Add(row.family, row.state);
    } else {
      by_pid_[row.owner_pid].Add(row.family, row.state);
    }
  }
  const std::unordered_map<std::uint32_t, SocketTally>& by_pid() const {
    return by_pid_;
  }
  const SocketTally& unowned() const { return unowned_; }

 private:
  const AddressFamilyRanges* ranges_;
  std::unordered_map<std::uint32_t, SocketTally> by_pid_;
  SocketTally unowned_;
};

/// Collector `process` on Windows: the owning PID of every socket comes
/// with the table (GetExtendedTcpTable), so one pass tallies per PID; only
/// the top K are named. When neither netsh nor WMI gives the port range
/// it ranks processes by all their sockets (and says so once in the log)
/// rather than publishing nothing.
class WindowsProcessCollector : public Collector {
 public:
  WindowsProcessCollector(PlatformSources& sources,
                          const ProcessCollectorConfig& config)
      : sources_(sources), config_(config) {}

  void Collect(std::vector<prometheus::MetricFamily>& out) override {
    std::optional<AddressFamilyRanges> ranges;
    try {
      ranges = ReadAddressFamilyRanges(*sources_.port_ranges);
      range_failures_.Succeeded();
    } catch (const SourceError& error) {
      range_failures_.Failed(error.what());
    }
    PidTallies tallies(ranges ? &*ranges : nullptr);
    sources_.sockets->ForEachSocket(tallies);
    TopProcesses top(config_.top_processes);
    for (const auto& [pid, sockets] : tallies.by_pid()) {
      top.Offer({pid, sockets});
    }
    const std::vector<ProcessTally> sorted = top.Sorted();
    std::vector<std::uint32_t> pids;
    for (const ProcessTally& process : sorted) pids.push_back(process.pid);
    for (auto& family : ProcessMetricFamilies(
             sorted, sources_.process_names->Describe(pids), tallies.unowned(),
             ranges ? TalliedSockets::kEphemeral : TalliedSockets::kAll)) {
      out.push_back(std::move(family));
    }
  }

 private:
  PlatformSources& sources_;
  ProcessCollectorConfig config_;
  FailureLog range_failures_{
      spdlog::level::warn,
      "port range unavailable; ranking processes by all their sockets",
      "port range readable again",
      {{"collector", "process"}}};
};

}  // namespace

CollectorDefinition ProcessCollectorDefinition() {
  auto config = std::make_shared<ProcessCollectorConfig>();
  CollectorDefinition definition;
  definition.name = "process";
  definition.help =
      "processes holding most ephemeral ports, per family and state, named "
      "by image and hosted services";
  definition.declare_flags = [config](FlagSet& flags, SourceOptions&) {
    flags.TopK("collector.process.top-processes",
               "processes with most sockets on ephemeral ports to export",
               &config->top_processes);
  };
  definition.make =
      [config](PlatformSources& sources) -> std::unique_ptr<Collector> {
    if (!sources.process_names) {
      throw std::logic_error("collector process needs process names");
    }
    return std::make_unique<WindowsProcessCollector>(sources, *config);
  };
  return definition;
}

}  // namespace portwatch
