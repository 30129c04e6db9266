#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "collector.h"
#include "platform_sources.h"
#include "tcp_collector.h"

namespace portwatch {

/// What a collector factory may borrow: the platform sources (owned by the
/// caller, outliving every collector) and collector settings.
struct CollectorContext {
  PlatformSources& sources;
  TcpCollectorConfig tcp;
  std::chrono::seconds tcpip_events_since{0};  // Windows event history
};

/// A collector that can be enabled by name: the registry entry behind the
/// --collector.<name> / --no-collector.<name> flags.
struct CollectorDefinition {
  std::string name;
  std::string help;
  bool enabled_by_default;
  std::function<std::unique_ptr<Collector>(CollectorContext&)> make;
};

/// Every collector this build knows, in scrape order.
std::vector<CollectorDefinition> BuiltInCollectors();

/// Appends this platform's own collectors (platform_sources_<os>.cpp).
void AddPlatformCollectors(std::vector<CollectorDefinition>& catalog);

}  // namespace portwatch
