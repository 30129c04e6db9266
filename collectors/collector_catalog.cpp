#include "collector_catalog.h"

#include "portrange_collector.h"

namespace portwatch {

std::vector<CollectorDefinition> BuiltInCollectors() {
  std::vector<CollectorDefinition> catalog;
  catalog.push_back(
      {"portrange", "the dynamic port range, reserved and usable ports", true,
       [](CollectorContext& context) -> std::unique_ptr<Collector> {
         return std::make_unique<PortRangeCollector>(
             *context.sources.port_ranges);
       }});
  catalog.push_back(
      {"tcp",
       "TCP sockets per state, ephemeral port use, TIME_WAIT per remote "
       "endpoint, per-destination use",
       true, [](CollectorContext& context) -> std::unique_ptr<Collector> {
         return std::make_unique<TcpCollector>(*context.sources.sockets,
                                               *context.sources.port_ranges,
                                               context.tcp);
       }});
  AddPlatformCollectors(catalog);
  return catalog;
}

}  // namespace portwatch
