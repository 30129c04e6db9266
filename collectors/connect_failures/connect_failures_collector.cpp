#include "collectors/connect_failures/connect_failures_collector.h"

#include <chrono>
#include <map>
#include <utility>

#include "collectors/connect_failures/connect_failures_metrics.h"
#include "collectors/core/metric_builder.h"
#include "collectors/core/namespace_labels.h"

namespace portwatch {
namespace {

constexpr const char* kOther = "other";

ConnectFailureTallyLimits TallyLimits(const ConnectFailuresConfig& config) {
  ConnectFailureTallyLimits limits;
  limits.max_tracked_keys = config.max_tracked_keys;
  return limits;
}

void AddTotals(const ConnectFailureTally& tally,
               std::vector<prometheus::MetricFamily>& out) {
  auto family = NewFamily(kPortAllocationFailures);
  for (PortOperation operation : kPortOperations) {
    for (AddressFamily address_family : kAddressFamilies) {
      AddSample(family,
                {{"family", AddressFamilyLabel(address_family)},
                 {"operation", PortOperationLabel(operation)},
                 {"errno", PortOperationErrno(operation)}},
                static_cast<double>(tally.Total(operation, address_family)));
    }
  }
  out.push_back(std::move(family));
}

void AddKeyCounts(const ConnectFailureTally& tally,
                  std::vector<prometheus::MetricFamily>& out) {
  auto family = NewFamily(kPortAllocationFailureKeys);
  AddSample(family, {{"breakdown", "destination"}},
            static_cast<double>(tally.destinations().size()));
  AddSample(family, {{"breakdown", "process"}},
            static_cast<double>(tally.processes().size()));
  AddSample(family, {{"breakdown", "netns"}},
            static_cast<double>(tally.namespaces().size()));
  out.push_back(std::move(family));
}

void AddDestinations(const ConnectFailureTally& tally, std::size_t k,
                     double now, std::vector<prometheus::MetricFamily>& out) {
  auto family = NewFamily(kPortAllocationFailuresByDestination);
  for (const auto& [destination, count] : tally.destinations().Top(k, now)) {
    AddSample(family,
              {{"netns", std::to_string(destination.netns)},
               {"family", AddressFamilyLabel(destination.family)},
               {"remote_address",
                FormatAddress(destination.family, destination.address)},
               {"remote_port", std::to_string(destination.port)}},
              static_cast<double>(count));
  }
  AddSample(family, {{"remote_address", kOther}},
            static_cast<double>(tally.destinations().Other()));
  out.push_back(std::move(family));
}

void AddProcesses(const ConnectFailureTally& tally, std::size_t k,
                  bool record_pid, double now,
                  std::vector<prometheus::MetricFamily>& out) {
  auto family = NewFamily(kPortAllocationFailuresByProcess);
  for (const auto& [process, count] : tally.processes().Top(k, now)) {
    std::vector<Label> labels = {{"netns", std::to_string(process.netns)},
                                 {"process", process.name}};
    if (record_pid) labels.push_back({"pid", std::to_string(process.pid)});
    AddSample(family, labels, static_cast<double>(count));
  }
  AddSample(family, {{"process", kOther}},
            static_cast<double>(tally.processes().Other()));
  out.push_back(std::move(family));
}

}  // namespace

ConnectFailuresCollector::ConnectFailuresCollector(
    ConnectFailureSource& source, NetnsSource* namespaces,
    ConnectFailuresConfig config, std::function<double()> clock)
    : source_(source),
      namespaces_(namespaces),
      config_(config),
      clock_(std::move(clock)),
      tally_(TallyLimits(config)) {
  ConnectFailureSettings settings;
  settings.record_pid = config_.record_pid;
  settings.map_entries = static_cast<std::uint32_t>(config_.map_entries);
  try {
    source_.Start(settings);
  } catch (const SourceError& error) {
    start_error_ = error.what();
  }
}

void ConnectFailuresCollector::RefreshIdentities(
    const std::vector<std::pair<std::uint32_t, std::uint64_t>>& top) {
  // A namespace's identity does not change while it exists: list the
  // namespaces (a walk of /proc) only when one in the top K is new, not at
  // every scrape once anything has failed.
  bool known = true;
  for (const auto& entry : top) {
    known = known && identities_.count(entry.first) != 0;
  }
  if (known || namespaces_ == nullptr) return;
  NamespaceListing listing;
  try {
    listing = namespaces_->List();
    identity_log_.Succeeded();
  } catch (const SourceError& error) {
    identity_log_.Failed(error.what());
    return;  // tried again at the next scrape
  }
  std::map<std::uint32_t, std::vector<Label>> identities;
  for (const auto& entry : top) {
    identities[entry.first] = {{"netns", std::to_string(entry.first)}};
  }
  for (const NetworkNamespace& ns : listing.namespaces) {
    auto found = identities.find(static_cast<std::uint32_t>(ns.inode));
    if (found != identities.end()) found->second = NamespaceLabels(ns);
  }
  identities_ = std::move(identities);  // only the top K: bounded
}

void ConnectFailuresCollector::AddNamespaceFamily(
    std::vector<prometheus::MetricFamily>& out, double now) {
  auto family = NewFamily(kPortAllocationFailuresByNetns);
  const auto top = tally_.namespaces().Top(config_.top_namespaces, now);
  RefreshIdentities(top);
  for (const auto& [inode, count] : top) {
    auto identity = identities_.find(inode);
    if (identity != identities_.end()) {
      AddSample(family, identity->second, static_cast<double>(count));
    } else {
      AddSample(family, {{"netns", std::to_string(inode)}},
                static_cast<double>(count));
    }
  }
  AddSample(family, {{"netns", kOther}},
            static_cast<double>(tally_.namespaces().Other()));
  out.push_back(std::move(family));
}

void ConnectFailuresCollector::Collect(
    std::vector<prometheus::MetricFamily>& out) {
  if (start_error_) throw SourceError(*start_error_);
  const double now = clock_();
  tally_.DrainFrom(source_, now);
  AddTotals(tally_, out);
  AddDestinations(tally_, config_.top_destinations, now, out);
  AddProcesses(tally_, config_.top_processes, config_.record_pid, now, out);
  AddNamespaceFamily(out, now);
  AddKeyCounts(tally_, out);
}

CollectorDefinition ConnectFailuresCollectorDefinition() {
  auto config = std::make_shared<ConnectFailuresConfig>();
  CollectorDefinition definition;
  definition.name = "connect_failures";
  definition.help =
      "TCP connect()/bind() failing for want of a free local port, counted "
      "in the kernel (eBPF); needs CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH "
      "(tracefs), kernel BTF";
  definition.enabled_by_default = false;
  definition.declare_flags = [config](FlagSet& flags, SourceOptions&) {
    flags.TopK("collector.connect_failures.top-destinations",
               "destinations failing most recently to export",
               &config->top_destinations);
    flags.TopK("collector.connect_failures.top-processes",
               "processes failing most recently to export",
               &config->top_processes);
    flags.TopK("collector.connect_failures.top-namespaces",
               "network namespaces failing most recently to export",
               &config->top_namespaces);
    flags.Bool("collector.connect_failures.pid",
               "tell processes apart by pid too (label pid; one series per "
               "process instance)",
               &config->record_pid);
    flags.Count("collector.connect_failures.map-entries", "N",
                "distinct failure keys the kernel keeps between two scrapes "
                "(about 100 bytes each); beyond, the oldest count as other",
                64, 1000000, &config->map_entries);
    flags.Count("collector.connect_failures.max-tracked-keys", "N",
                "destinations, processes and namespaces the exporter tracks "
                "each; beyond, the least active count as other",
                1, 1000000, &config->max_tracked_keys);
  };
  definition.make =
      [config](PlatformSources& sources) -> std::unique_ptr<Collector> {
    if (!sources.connect_failures) {
      throw std::logic_error("collector connect_failures needs its source");
    }
    return std::make_unique<ConnectFailuresCollector>(
        *sources.connect_failures, sources.network_namespaces.get(), *config,
        [] {
          return std::chrono::duration<double>(
                     std::chrono::steady_clock::now().time_since_epoch())
              .count();
        });
  };
  return definition;
}

}  // namespace portwatch
