#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "collector_catalog.h"
#include "platform_sources.h"
#include "tcp_collector.h"

namespace portwatch {

/// The default --web.listen-address (10058: free in Prometheus' default port
/// allocations list when chosen).
inline constexpr const char* kDefaultListenAddress = ":10058";

/// Everything the command line sets. A plain value.
struct Options {
  std::vector<std::string> listen_addresses;  // kDefaultListenAddress if none
  std::string telemetry_path = "/metrics";
  int max_requests = 40;
  std::string web_config_file;  // empty: plain HTTP, no authentication
  SourceOptions sources;
  TcpCollectorConfig tcp;
  std::chrono::seconds tcpip_events_since{0};
  std::vector<std::string> enabled_collectors;  // in catalog order
  std::string log_level = "info";
  std::string log_format = "logfmt";
  bool show_help = false;
  bool show_version = false;
};

/// A command line that cannot be used; what() is a one-line explanation.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses node_exporter-style flags (`--name=value` or `--name value`,
/// `--collector.<name>` / `--no-collector.<name>` for each catalog entry).
/// Throws UsageError on unknown flags, missing or invalid values.
Options ParseOptions(const std::vector<std::string>& args,
                     const std::vector<CollectorDefinition>& catalog);

/// Parses a duration such as "90s", "30m", "1h" or "2d" (or "0"); throws
/// UsageError naming `flag` otherwise.
std::chrono::seconds ParseDuration(const std::string& flag,
                                   const std::string& value);

/// The --help text, listing every flag with its default.
std::string Usage(const std::vector<CollectorDefinition>& catalog);

}  // namespace portwatch
