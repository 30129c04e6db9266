#pragma once

#include <string>
#include <vector>

#include "collectors/collector_catalog.h"
#include "collectors/core/flag_set.h"
#include "exporter/logging.h"
#include "sources/platform_sources.h"

namespace portwatch {

/// The default --web.listen-address (10058: free in Prometheus' default port
/// allocations list when chosen).
inline constexpr const char* kDefaultListenAddress = ":10058";

/// What the command line sets for the exporter itself; collectors keep
/// their own settings (CollectorDefinition).
struct Options {
  std::vector<std::string> listen_addresses;  // kDefaultListenAddress if none
  std::string telemetry_path = "/metrics";
  std::size_t max_requests = 40;
  std::size_t max_connections = 256;  // CivetWeb worker threads
  /// How long collectors may take per scrape (--scrape.deadline); below
  /// Prometheus' default scrape_timeout of 10 s.
  std::chrono::seconds scrape_deadline{8};
  std::string web_config_file;  // empty: plain HTTP, no authentication
  SourceOptions sources;
  std::vector<std::string> enabled_collectors;  // in catalog order
  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kLogfmt;
  bool show_help = false;
  bool show_version = false;
};

/// Parses node_exporter-style flags: the exporter's, the platform sources'
/// and every catalog entry's own (`--name=value` or `--name value`), and
/// `--collector.<name>` / `--no-collector.<name>` for each entry. Values
/// of collector flags land in the definitions' shared state. Throws
/// UsageError on unknown flags, missing or invalid values.
Options ParseOptions(const std::vector<std::string>& args,
                     const std::vector<CollectorDefinition>& catalog);

/// The --help text, listing every flag this binary has with its default.
std::string Usage(const std::vector<CollectorDefinition>& catalog);

}  // namespace portwatch
