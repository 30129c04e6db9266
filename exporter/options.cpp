#include "options.h"

#include <algorithm>
#include <functional>
#include <sstream>

#include "listen_address.h"

namespace portwatch {
namespace {

constexpr std::size_t kMaxTopK = 10000;

/// One flag that takes a value: its name, the placeholder and default shown
/// in --help, and how it stores a value into Options.
struct ValueFlag {
  const char* name;
  const char* placeholder;
  const char* help;
  std::string default_text;
  std::function<void(Options&, const std::string&)> apply;
};

std::size_t ParseCount(const std::string& flag, const std::string& value,
                       std::size_t min, std::size_t max) {
  std::size_t parsed = 0;
  bool digits_only = !value.empty() && value.size() <= 9 &&
                     std::all_of(value.begin(), value.end(),
                                 [](char c) { return c >= '0' && c <= '9'; });
  if (digits_only) parsed = std::stoul(value);
  if (!digits_only || parsed < min || parsed > max) {
    throw UsageError("--" + flag + " wants a whole number from " +
                     std::to_string(min) + " to " + std::to_string(max) +
                     ", got \"" + value + "\"");
  }
  return parsed;
}

std::size_t ParseTopK(const std::string& flag, const std::string& value) {
  return ParseCount(flag, value, 0, kMaxTopK);
}

void RequireOneOf(const std::string& flag, const std::string& value,
                  std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* candidate : allowed) {
    if (value == candidate) return;
    list += list.empty() ? candidate : std::string("|") + candidate;
  }
  throw UsageError("--" + flag + " wants one of " + list + ", got \"" + value +
                   "\"");
}

std::vector<ValueFlag> ValueFlags() {
  const Options defaults;
  std::vector<ValueFlag> flags;
  flags.push_back({"web.listen-address", "ADDRESS",
                   "address to listen on, [host]:port; repeat for several",
                   kDefaultListenAddress,
                   [](Options& options, const std::string& value) {
                     ParseListenAddress(value);  // validates
                     options.listen_addresses.push_back(value);
                   }});
  flags.push_back({"web.telemetry-path", "PATH",
                   "path under which to serve metrics", defaults.telemetry_path,
                   [](Options& options, const std::string& value) {
                     if (value.size() < 2 || value[0] != '/') {
                       throw UsageError(
                           "--web.telemetry-path must start with '/' and "
                           "not be \"/\" (the landing page), got \"" +
                           value + "\"");
                     }
                     options.telemetry_path = value;
                   }});
  flags.push_back({"web.max-requests", "N",
                   "requests served at once; more get 503 (0 = no limit, "
                   "at most 1000)",
                   std::to_string(defaults.max_requests),
                   [](Options& options, const std::string& value) {
                     options.max_requests = static_cast<int>(
                         ParseCount("web.max-requests", value, 0, 1000));
                   }});
  flags.push_back({"web.config.file", "FILE",
                   "exporter-toolkit web config (TLS, basic auth, headers); "
                   "re-read when it changes",
                   "", [](Options& options, const std::string& value) {
                     if (value.empty()) {
                       throw UsageError("--web.config.file must not be empty");
                     }
                     options.web_config_file = value;
                   }});
  flags.push_back({"path.procfs", "PATH", "procfs mountpoint",
                   defaults.sources.procfs_root,
                   [](Options& options, const std::string& value) {
                     if (value.empty()) {
                       throw UsageError("--path.procfs must not be empty");
                     }
                     options.sources.procfs_root = value;
                   }});
  flags.push_back(
      {"collector.tcp.source", "SOURCE",
       "socket table source: netlink (falls back to procfs when "
       "unavailable) or procfs",
       defaults.sources.tcp_source,
       [](Options& options, const std::string& value) {
         RequireOneOf("collector.tcp.source", value, {"netlink", "procfs"});
         options.sources.tcp_source = value;
       }});
  flags.push_back({"collector.portrange.excluded-ranges", "BOOL",
                   "Windows: count excluded port ranges (netsh "
                   "excludedportrange) as reserved (true|false)",
                   "false", [](Options& options, const std::string& value) {
                     RequireOneOf("collector.portrange.excluded-ranges", value,
                                  {"true", "false"});
                     options.sources.excluded_port_ranges = value == "true";
                   }});
  flags.push_back({"collector.tcpip-events.since", "DURATION",
                   "Windows: also count events this far back (e.g. 1h) at "
                   "start; counters still start at process start",
                   "0", [](Options& options, const std::string& value) {
                     options.tcpip_events_since =
                         ParseDuration("collector.tcpip-events.since", value);
                   }});
  flags.push_back({"collector.tcp.top-endpoints", "K",
                   "remote endpoints with most TIME_WAIT sockets to export "
                   "(0..10000)",
                   std::to_string(defaults.tcp.top_endpoints),
                   [](Options& options, const std::string& value) {
                     options.tcp.top_endpoints =
                         ParseTopK("collector.tcp.top-endpoints", value);
                   }});
  flags.push_back({"collector.tcp.top-destinations", "K",
                   "destinations with most sockets on ephemeral ports to "
                   "export (0..10000)",
                   std::to_string(defaults.tcp.top_destinations),
                   [](Options& options, const std::string& value) {
                     options.tcp.top_destinations =
                         ParseTopK("collector.tcp.top-destinations", value);
                   }});
  flags.push_back({"collector.tcp.max-tracked-keys", "N",
                   "cap on distinct TIME_WAIT endpoints and destinations "
                   "tracked per scrape, bounding memory (1..10000000)",
                   std::to_string(defaults.tcp.max_tracked_keys),
                   [](Options& options, const std::string& value) {
                     options.tcp.max_tracked_keys = ParseCount(
                         "collector.tcp.max-tracked-keys", value, 1, 10000000);
                   }});
  flags.push_back(
      {"log.level", "LEVEL", "debug, info, warn or error", defaults.log_level,
       [](Options& options, const std::string& value) {
         RequireOneOf("log.level", value, {"debug", "info", "warn", "error"});
         options.log_level = value;
       }});
  flags.push_back({"log.format", "FORMAT", "logfmt or json",
                   defaults.log_format,
                   [](Options& options, const std::string& value) {
                     RequireOneOf("log.format", value, {"logfmt", "json"});
                     options.log_format = value;
                   }});
  return flags;
}

const CollectorDefinition* FindCollector(
    const std::vector<CollectorDefinition>& catalog, const std::string& name) {
  for (const CollectorDefinition& definition : catalog) {
    if (definition.name == name) return &definition;
  }
  return nullptr;
}

// Handles --collector.<name> and --no-collector.<name>; false if `name` is
// not such a flag.
bool ApplyCollectorSwitch(const std::string& name,
                          const std::vector<CollectorDefinition>& catalog,
                          std::vector<bool>& enabled) {
  const bool negated = name.rfind("no-collector.", 0) == 0;
  const std::string prefix = negated ? "no-collector." : "collector.";
  if (name.rfind(prefix, 0) != 0) return false;
  const CollectorDefinition* definition =
      FindCollector(catalog, name.substr(prefix.size()));
  if (definition == nullptr) return false;
  enabled[static_cast<std::size_t>(definition - catalog.data())] = !negated;
  return true;
}

}  // namespace

std::chrono::seconds ParseDuration(const std::string& flag,
                                   const std::string& value) {
  if (value == "0") return std::chrono::seconds(0);
  const std::string digits = value.substr(0, value.size() - 1);
  const char unit = value.empty() ? '\0' : value.back();
  const long long scale = unit == 's'   ? 1
                          : unit == 'm' ? 60
                          : unit == 'h' ? 3600
                          : unit == 'd' ? 86400
                                        : 0;
  if (scale == 0 || digits.empty() || digits.size() > 6 ||
      !std::all_of(digits.begin(), digits.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    throw UsageError("--" + flag +
                     " wants a duration like 90s, 30m, 1h or 2d, got \"" +
                     value + "\"");
  }
  return std::chrono::seconds(std::stoll(digits) * scale);
}

Options ParseOptions(const std::vector<std::string>& args,
                     const std::vector<CollectorDefinition>& catalog) {
  Options options;
  std::vector<ValueFlag> flags = ValueFlags();
  std::vector<bool> enabled;
  for (const CollectorDefinition& definition : catalog) {
    enabled.push_back(definition.enabled_by_default);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      throw UsageError("unexpected argument \"" + arg +
                       "\" (flags start with --; see --help)");
    }
    const std::size_t equals = arg.find('=');
    const std::string name = arg.substr(
        2, equals == std::string::npos ? std::string::npos : equals - 2);
    const bool has_value = equals != std::string::npos;
    if (name == "help" || name == "version") {
      if (has_value) throw UsageError("--" + name + " takes no value");
      (name == "help" ? options.show_help : options.show_version) = true;
      continue;
    }
    if (!has_value && ApplyCollectorSwitch(name, catalog, enabled)) continue;
    auto flag =
        std::find_if(flags.begin(), flags.end(),
                     [&](const ValueFlag& f) { return name == f.name; });
    if (flag == flags.end()) {
      throw UsageError("unknown flag --" + name + " (see --help)");
    }
    std::string value;
    if (has_value) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw UsageError("--" + name + " needs a value");
    }
    flag->apply(options, value);
  }
  if (options.listen_addresses.empty()) {
    options.listen_addresses.push_back(kDefaultListenAddress);
  }
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (enabled[i]) options.enabled_collectors.push_back(catalog[i].name);
  }
  return options;
}

std::string Usage(const std::vector<CollectorDefinition>& catalog) {
  std::ostringstream text;
  text << "usage: portwatch_exporter [flags]\n\n"
          "Prometheus exporter that warns before a host runs out of TCP "
          "ephemeral ports.\n\nFlags:\n"
          "  --help                      show this help and exit\n"
          "  --version                   show the version and exit\n";
  for (const ValueFlag& flag : ValueFlags()) {
    std::string left = std::string("--") + flag.name + "=" + flag.placeholder;
    text << "  " << left
         << std::string(left.size() < 34 ? 34 - left.size() : 1, ' ')
         << flag.help;
    if (!flag.default_text.empty()) {
      text << " (default: " << flag.default_text << ")";
    }
    text << "\n";
  }
  text << "\nCollectors (enable with --collector.<name>, disable with "
          "--no-collector.<name>):\n";
  for (const CollectorDefinition& definition : catalog) {
    std::string left = "--[no-]collector." + definition.name;
    text << "  " << left
         << std::string(left.size() < 34 ? 34 - left.size() : 1, ' ')
         << definition.help << " (default: "
         << (definition.enabled_by_default ? "enabled" : "disabled") << ")\n";
  }
  return text.str();
}

}  // namespace portwatch
