#include "collectors/process/process_ranking.h"

#include <algorithm>
#include <string>

#include "collectors/core/metric_builder.h"

namespace portwatch {
namespace {

bool MoreSockets(const ProcessTally& a, const ProcessTally& b) {
  if (a.sockets.total() != b.sockets.total()) {
    return a.sockets.total() > b.sockets.total();
  }
  return a.pid < b.pid;
}

}  // namespace

void TopProcesses::Offer(const ProcessTally& process) {
  if (k_ == 0 || process.sockets.total() == 0) return;
  if (kept_.size() < k_) {
    kept_.push_back(process);
    return;
  }
  auto least =
      std::min_element(kept_.begin(), kept_.end(),
                       [](const ProcessTally& a, const ProcessTally& b) {
                         return MoreSockets(b, a);
                       });
  if (MoreSockets(process, *least)) *least = process;
}

std::vector<ProcessTally> TopProcesses::Sorted() const {
  std::vector<ProcessTally> sorted = kept_;
  std::sort(sorted.begin(), sorted.end(), MoreSockets);
  return sorted;
}

std::vector<prometheus::MetricFamily> ProcessFamilies(
    const std::vector<ProcessTally>& top,
    const std::vector<ProcessIdentity>& identities, const SocketTally& unowned,
    TalliedSockets tallied) {
  const bool ephemeral = tallied == TalliedSockets::kEphemeral;
  auto per_process = GaugeFamily(
      ephemeral ? "portwatch_process_ephemeral_sockets"
                : "portwatch_process_sockets",
      std::string(ephemeral ? "Sockets on usable ephemeral ports"
                            : "TCP sockets (published instead of "
                              "portwatch_process_ephemeral_sockets while the "
                              "port range cannot be read)") +
          " held by a process, by family and state; only the top "
          "--collector.process.top-processes processes and their non-zero "
          "states.");
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
  auto nobody = GaugeFamily(
      ephemeral ? "portwatch_process_unowned_ephemeral_sockets"
                : "portwatch_process_unowned_sockets",
      std::string(ephemeral ? "Sockets on usable ephemeral ports"
                            : "TCP sockets (while the port range cannot be "
                              "read)") +
          " that no process holds, by family and state: TIME_WAIT always "
          "(the OS keeps it after close), and sockets of processes that "
          "could not be read.");
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
