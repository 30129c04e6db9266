#pragma once

#include "collector.h"
#include "collector_catalog.h"

namespace portwatch {

/// Collector `tcpip_settings` (Windows): the Tcpip Parameters registry
/// values the classic fixes change, TcpTimedWaitDelay (seconds) and
/// MaxUserPort, each published only when set; absent values are the OS
/// default and are not invented.
class TcpipSettingsCollector : public Collector {
 public:
  void Collect(std::vector<prometheus::MetricFamily>& out) override;
};

/// Registers collector `tcpip_settings` (no flags).
CollectorDefinition TcpipSettingsCollectorDefinition();

}  // namespace portwatch
