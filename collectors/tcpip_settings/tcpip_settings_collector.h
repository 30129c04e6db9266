#pragma once

#include "collectors/core/collector.h"
#include "collectors/core/collector_definition.h"
#include "sources/port_range/tcpip_parameters.h"

namespace portwatch {

/// Collector `tcpip_settings` (registered on Windows): the Tcpip Parameters
/// registry values the classic fixes change, TcpTimedWaitDelay (seconds)
/// and MaxUserPort, each published only when set; absent values are the OS
/// default and are not invented. Borrows the parameters source.
class TcpipSettingsCollector : public Collector {
 public:
  explicit TcpipSettingsCollector(TcpipParameters& parameters)
      : parameters_(parameters) {}
  void Collect(std::vector<prometheus::MetricFamily>& out) override;

 private:
  TcpipParameters& parameters_;
};

/// Registers collector `tcpip_settings` (no flags).
CollectorDefinition TcpipSettingsCollectorDefinition();

}  // namespace portwatch
