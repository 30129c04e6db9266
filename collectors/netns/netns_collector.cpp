#include "collectors/netns/netns_collector.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "collectors/core/metric_builder.h"
#include "collectors/core/namespace_labels.h"
#include "collectors/core/top_k.h"
#include "collectors/netns/netns_metrics.h"
#include "collectors/netns/scoped_families.h"
#include "collectors/portrange/portrange_collector.h"
#include "collectors/tcp/tcp_metrics.h"

namespace portwatch {
namespace {

// The tcp families every namespace gets; the others are detail.
bool ForEveryNamespace(const prometheus::MetricFamily& family) {
  for (const MetricSpec* spec :
       {&kTcpSockets, &kEphemeralPortsInUse, &kEphemeralPortUtilizationRatio}) {
    if (family.name == spec->name) return true;
  }
  return false;
}

/// One namespace's detail families, kept while it is among the busiest.
struct NamespaceDetail {
  double peak_utilization = 0;
  std::uint64_t inode = 0;
  ScopeLabels labels;
  std::vector<prometheus::MetricFamily> families;
};

/// Busiest first: highest peak utilization, ties by inode.
struct Busier {
  bool operator()(const NamespaceDetail& a, const NamespaceDetail& b) const {
    if (a.peak_utilization != b.peak_utilization) {
      return a.peak_utilization > b.peak_utilization;
    }
    return a.inode < b.inode;
  }
};

/// Reads each namespace the source enters into the scoped families, keeping
/// the detail of only the `detail_namespaces` busiest (memory stays bounded
/// by that, not by the number of namespaces).
class NamespaceReader : public NamespaceVisitor {
 public:
  /// Namespaces not reached by `stop_starting` are not entered.
  NamespaceReader(const NetnsCollectorConfig& config, Deadline stop_starting)
      : config_(config), stop_starting_(stop_starting) {}

  bool WantsMore() override {
    return std::chrono::steady_clock::now() < stop_starting_;
  }

  void OnNamespace(const NetworkNamespace& ns, SocketSource& sockets,
                   PortRangeSource& ranges) override {
    std::optional<AddressFamilyRanges> family_ranges;
    try {
      family_ranges = ReadAddressFamilyRanges(ranges);
    } catch (const SourceError& error) {
      NoteFailure(ns, error.what());  // still publishes the range-free part
    }
    AddressFamilyRangePointers pointers{};
    if (family_ranges) pointers = PointersTo(*family_ranges);
    TcpAggregator aggregate(pointers, config_.max_tracked_keys);
    try {
      sockets.ForEachSocket(aggregate);
    } catch (const SourceError& error) {
      ++failed_;
      NoteFailure(ns, error.what());
      return;
    }
    ++read_;
    const ScopeLabels labels = NamespaceLabels(ns);
    if (family_ranges) {
      for (auto& family : PortRangeMetricFamilies(*family_ranges)) {
        every_namespace_.Add(std::move(family), labels);
      }
    }
    NamespaceDetail detail{
        PeakUtilization(aggregate, pointers, ranges.SharesOnePortSpace()),
        ns.inode,
        labels,
        {}};
    for (auto& family :
         TcpMetricFamilies(aggregate, pointers, ranges.SharesOnePortSpace(),
                           {config_.top_endpoints, config_.top_destinations})) {
      if (ForEveryNamespace(family)) {
        every_namespace_.Add(std::move(family), labels);
      } else {
        detail.families.push_back(std::move(family));
      }
    }
    details_.Offer(std::move(detail));
  }

  void OnVanished(const NetworkNamespace& /*ns*/) override { ++vanished_; }

  /// Every namespace's families, then the detail, busiest namespace first.
  void MoveTo(std::vector<prometheus::MetricFamily>& out) {
    for (NamespaceDetail& detail : details_.TakeSorted()) {
      for (auto& family : detail.families) {
        every_namespace_.Add(std::move(family), detail.labels);
      }
    }
    every_namespace_.MoveTo(out);
  }

  std::uint64_t read() const { return read_; }
  std::uint64_t failed() const { return failed_; }
  std::uint64_t vanished() const { return vanished_; }
  /// Namespaces entered: each was read, failed or vanished.
  std::uint64_t visited() const { return read_ + failed_ + vanished_; }
  const std::optional<std::string>& first_failure() const {
    return first_failure_;
  }

 private:
  void NoteFailure(const NetworkNamespace& ns, const std::string& error) {
    if (!first_failure_) {
      first_failure_ = "netns " + std::to_string(ns.inode) + ": " + error;
    }
  }

  const NetnsCollectorConfig& config_;
  const Deadline stop_starting_;
  ScopedFamilies every_namespace_{kNetnsScopedMetrics, kNetnsHelpPrefix};
  BestK<NamespaceDetail, Busier> details_{config_.detail_namespaces};
  std::uint64_t read_ = 0;
  std::uint64_t failed_ = 0;
  std::uint64_t vanished_ = 0;
  std::optional<std::string> first_failure_;
};

}  // namespace

void NetnsCollector::Collect(std::vector<prometheus::MetricFamily>& out) {
  CollectBy(out, Deadline::max());
}

void NetnsCollector::CollectBy(std::vector<prometheus::MetricFamily>& out,
                               Deadline deadline) {
  // Namespaces are read one after another (tens of milliseconds each on
  // some kernels: the kernel walks its global socket hash tables for each):
  // stop starting new ones a little before the deadline, leaving time to
  // publish what was read.
  const auto now = std::chrono::steady_clock::now();
  const auto margin = deadline > now ? std::min<Deadline::duration>(
                                           std::chrono::milliseconds(500),
                                           (deadline - now) / 10)
                                     : Deadline::duration::zero();
  NamespaceListing listing = source_.List();
  const std::size_t listed = listing.namespaces.size();
  std::size_t over_cap = 0;
  if (listed > config_.max_namespaces) {
    over_cap = listed - config_.max_namespaces;
    listing.namespaces.resize(config_.max_namespaces);
    over_cap_.Failed(std::to_string(listed) + " namespaces, cap " +
                     std::to_string(config_.max_namespaces));
  } else {
    over_cap_.Succeeded();
  }
  NamespaceReader reader(config_, deadline - margin);
  source_.Enter(listing.namespaces, reader);
  const std::uint64_t past_deadline =
      listing.namespaces.size() - reader.visited();
  if (past_deadline > 0) {
    // How many: portwatch_netns_namespaces{result="deadline"}.
    past_deadline_.Failed("reading them takes longer than the deadline");
  } else {
    past_deadline_.Succeeded();
  }
  if (reader.first_failure()) {
    namespace_failures_.Failed(*reader.first_failure());
  } else {
    namespace_failures_.Succeeded();
  }
  reader.MoveTo(out);

  auto namespaces = NewFamily(kNetnsNamespaces);
  AddSample(namespaces, {{"result", "read"}},
            static_cast<double>(reader.read()));
  AddSample(namespaces, {{"result", "failed"}},
            static_cast<double>(reader.failed()));
  AddSample(namespaces, {{"result", "vanished"}},
            static_cast<double>(reader.vanished()));
  AddSample(namespaces, {{"result", "over_cap"}},
            static_cast<double>(over_cap));
  AddSample(namespaces, {{"result", "deadline"}},
            static_cast<double>(past_deadline));
  out.push_back(std::move(namespaces));
  auto denied = NewFamily(kNetnsUnreadableProcesses);
  AddSample(denied, {}, static_cast<double>(listing.processes_denied));
  out.push_back(std::move(denied));
  auto own = NewFamily(kNetnsExporterNamespaceInfo);
  if (listing.own_inode != 0) {
    AddSample(own, {{"netns", std::to_string(listing.own_inode)}}, 1);
  }
  out.push_back(std::move(own));
}

CollectorDefinition NetnsCollectorDefinition(
    std::shared_ptr<NetnsCollectorConfig> config) {
  CollectorDefinition definition;
  definition.name = "netns";
  definition.help =
      "per network namespace (containers, pods): port range, sockets, "
      "ephemeral use, destinations; needs CAP_SYS_ADMIN and CAP_SYS_PTRACE";
  definition.enabled_by_default = false;
  definition.declare_flags = [config](FlagSet& flags, SourceOptions&) {
    flags.Count("collector.netns.max-namespaces", "N",
                "network namespaces read per scrape (the rest are counted)", 1,
                100000, &config->max_namespaces);
    flags.TopK("collector.netns.detail-namespaces",
               "busiest namespaces whose destinations and TIME_WAIT "
               "endpoints are exported",
               &config->detail_namespaces);
    flags.TopK("collector.netns.top-endpoints",
               "remote endpoints with most TIME_WAIT sockets to export per "
               "detailed namespace",
               &config->top_endpoints);
    flags.TopK("collector.netns.top-destinations",
               "destinations with most sockets on ephemeral ports to export "
               "per detailed namespace",
               &config->top_destinations);
    flags.Count("collector.netns.max-tracked-keys", "N",
                "cap on distinct TIME_WAIT endpoints and destinations "
                "tracked per namespace, bounding memory",
                1, 10000000, &config->max_tracked_keys);
  };
  definition.make =
      [config](PlatformSources& sources) -> std::unique_ptr<Collector> {
    if (!sources.network_namespaces) {
      throw std::logic_error("collector netns needs a NetnsSource");
    }
    return std::make_unique<NetnsCollector>(*sources.network_namespaces,
                                            *config);
  };
  return definition;
}

}  // namespace portwatch
