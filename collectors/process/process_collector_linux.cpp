#include <memory>
#include <string>
#include <vector>

#include "collectors/core/metric_builder.h"
#include "collectors/process/process_collector.h"
#include "collectors/process/process_metrics.h"
#include "collectors/process/process_ranking.h"
#include "collectors/process/socket_inode_table.h"

namespace portwatch {
namespace {

/// Settings of the Linux `process` collector (--collector.process.*).
struct ProcessCollectorConfig {
  std::size_t top_processes = 10;
  std::size_t max_tracked_sockets = 1000000;
  /// Match the sockets of every network namespace, not only the
  /// exporter's own (needs what collector netns needs).
  bool all_namespaces = false;
};

/// Dumps each namespace entered into the inode table, with that
/// namespace's own port range.
class NamespaceDumper : public NamespaceVisitor {
 public:
  explicit NamespaceDumper(SocketInodeTable& table) : table_(table) {}
  void OnNamespace(const NetworkNamespace& /*ns*/, SocketSource& sockets,
                   PortRangeSource& ranges) override {
    const AddressFamilyRanges own = ReadAddressFamilyRanges(ranges);
    table_.SetRanges(PointersTo(own));
    sockets.ForEachSocket(table_);
    table_.SetRanges({});
  }
  void OnVanished(const NetworkNamespace& /*ns*/) override {}

 private:
  SocketInodeTable& table_;
};

/// Tallies each process's sockets from the table and keeps the top K.
class ProcessRanker : public ProcessSocketVisitor {
 public:
  ProcessRanker(SocketInodeTable& table, std::size_t k)
      : table_(table), top_(k) {}
  void OnProcess(std::uint32_t pid,
                 const std::vector<std::uint32_t>& socket_inodes) override {
    ProcessTally tally;
    tally.pid = pid;
    for (std::uint32_t inode : socket_inodes)
      table_.Claim(inode, tally.sockets);
    top_.Offer(tally);
  }
  const TopProcesses& top() const { return top_; }

 private:
  SocketInodeTable& table_;
  TopProcesses top_;
};

/// Collector `process` on Linux: dumps the socket table (of every
/// namespace with --collector.process.all-namespaces), keeps the sockets
/// on usable ephemeral ports by inode, then walks /proc/<pid>/fd once and
/// credits each process with the sockets it holds (what `ss -p` does).
class LinuxProcessCollector : public Collector {
 public:
  LinuxProcessCollector(PlatformSources& sources,
                        const ProcessCollectorConfig& config)
      : sources_(sources),
        config_(config),
        table_(config.max_tracked_sockets) {}

  void Collect(std::vector<prometheus::MetricFamily>& out) override {
    table_.Clear();
    if (config_.all_namespaces) {
      NamespaceListing listing = sources_.network_namespaces->List();
      NamespaceDumper dumper(table_);
      sources_.network_namespaces->Enter(listing.namespaces, dumper);
    } else {
      const AddressFamilyRanges host =
          ReadAddressFamilyRanges(*sources_.port_ranges);
      table_.SetRanges(PointersTo(host));
      sources_.sockets->ForEachSocket(table_);
      table_.SetRanges({});
    }
    table_.Seal();
    ProcessRanker ranker(table_, config_.top_processes);
    const ProcessScan scan = sources_.process_sockets->ForEachProcess(ranker);
    const std::vector<ProcessTally> top = ranker.top().Sorted();
    std::vector<std::uint32_t> pids;
    for (const ProcessTally& process : top) pids.push_back(process.pid);
    for (auto& family : ProcessMetricFamilies(
             top, sources_.process_names->Describe(pids), table_.Unowned())) {
      out.push_back(std::move(family));
    }
    auto untracked = NewFamily(kProcessUntrackedSockets);
    AddSample(untracked, {}, static_cast<double>(table_.untracked()));
    out.push_back(std::move(untracked));
    auto processes = NewFamily(kProcessScannedProcesses);
    AddSample(processes, {{"result", "read"}},
              static_cast<double>(scan.processes));
    AddSample(processes, {{"result", "denied"}},
              static_cast<double>(scan.denied));
    out.push_back(std::move(processes));
  }

 private:
  PlatformSources& sources_;
  ProcessCollectorConfig config_;
  SocketInodeTable table_;
};

}  // namespace

CollectorDefinition ProcessCollectorDefinition() {
  auto config = std::make_shared<ProcessCollectorConfig>();
  CollectorDefinition definition;
  definition.name = "process";
  definition.help =
      "processes holding most ephemeral ports, per family and state; needs "
      "CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE";
  definition.enabled_by_default = false;
  definition.declare_flags = [config](FlagSet& flags, SourceOptions&) {
    flags.TopK("collector.process.top-processes",
               "processes with most sockets on ephemeral ports to export",
               &config->top_processes);
    flags.Count("collector.process.max-tracked-sockets", "N",
                "cap on sockets matched to processes per scrape (8 bytes "
                "each), bounding memory",
                1, 100000000, &config->max_tracked_sockets);
    flags.Bool("collector.process.all-namespaces",
               "match the sockets of every network namespace, not only the "
               "exporter's (needs CAP_SYS_ADMIN too, as collector netns)",
               &config->all_namespaces);
  };
  definition.make =
      [config](PlatformSources& sources) -> std::unique_ptr<Collector> {
    if (!sources.process_sockets || !sources.process_names ||
        !sources.network_namespaces) {
      throw std::logic_error("collector process needs the process sources");
    }
    return std::make_unique<LinuxProcessCollector>(sources, *config);
  };
  return definition;
}

}  // namespace portwatch
