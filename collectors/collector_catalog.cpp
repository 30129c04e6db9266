#include "collectors/collector_catalog.h"

#include "collectors/portrange/portrange_collector.h"
#include "collectors/tcp/tcp_collector.h"

namespace portwatch {

std::vector<CollectorDefinition> BuiltInCollectors() {
  std::vector<CollectorDefinition> catalog = {PortRangeCollectorDefinition(),
                                              TcpCollectorDefinition()};
  AddPlatformCollectors(catalog);
  return catalog;
}

}  // namespace portwatch
