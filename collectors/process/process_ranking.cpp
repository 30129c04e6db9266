#include "collectors/process/process_ranking.h"

#include <algorithm>
#include <string>

#include "collectors/core/metric_builder.h"
#include "collectors/process/process_metrics.h"

namespace portwatch {

bool MoreSockets::operator()(const ProcessTally& a,
                             const ProcessTally& b) const {
  if (a.sockets.total() != b.sockets.total()) {
    return a.sockets.total() > b.sockets.total();
  }
  return a.pid < b.pid;
}

std::vector<prometheus::MetricFamily> ProcessMetricFamilies(
    const std::vector<ProcessTally>& top,
    const std::vector<ProcessIdentity>& identities, const SocketTally& unowned,
    TalliedSockets tallied) {
  const bool ephemeral = tallied == TalliedSockets::kEphemeral;
  auto per_process =
      NewFamily(ephemeral ? kProcessEphemeralSockets : kProcessSockets);
  for (std::size_t i = 0; i < top.size(); ++i) {
    const ProcessIdentity& who = identities.at(i);
    for (AddressFamily family : kAddressFamilies) {
      for (std::size_t s = 0; s < kTcpStateCount; ++s) {
        const TcpState state = TcpStateAt(s);
        const std::uint64_t count = top[i].sockets.count(family, state);
        if (count == 0) continue;
        prometheus::ClientMetric metric;
        metric.label.push_back({"pid", std::to_string(top[i].pid)});
        metric.label.push_back({"process", who.name});
        if (!who.services.empty()) {
          metric.label.push_back({"services", who.services});
        }
        if (who.netns != 0) {
          metric.label.push_back({"netns", std::to_string(who.netns)});
        }
        metric.label.push_back({"family", AddressFamilyLabel(family)});
        metric.label.push_back({"state", TcpStateLabel(state)});
        metric.gauge.value = static_cast<double>(count);
        per_process.metric.push_back(std::move(metric));
      }
    }
  }
  auto nobody = NewFamily(ephemeral ? kProcessUnownedEphemeralSockets
                                    : kProcessUnownedSockets);
  for (AddressFamily family : kAddressFamilies) {
    for (std::size_t s = 0; s < kTcpStateCount; ++s) {
      const TcpState state = TcpStateAt(s);
      AddSample(nobody,
                {{"family", AddressFamilyLabel(family)},
                 {"state", TcpStateLabel(state)}},
                static_cast<double>(unowned.count(family, state)));
    }
  }
  std::vector<prometheus::MetricFamily> out;
  out.push_back(std::move(per_process));
  out.push_back(std::move(nobody));
  return out;
}

}  // namespace portwatch
