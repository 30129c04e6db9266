#include "collector_catalog.h"

#include "portrange_collector.h"
#include "tcp_collector.h"

namespace portwatch {

std::vector<CollectorDefinition> BuiltInCollectors() {
  std::vector<CollectorDefinition> catalog = {PortRangeCollectorDefinition(),
                                              TcpCollectorDefinition()};
  AddPlatformCollectors(catalog);
  return catalog;
}

}  // namespace portwatch
