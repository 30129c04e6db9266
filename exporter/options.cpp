#include "exporter/options.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include "exporter/listen_address.h"

namespace portwatch {
namespace {

// The exporter's own flags, storing into `options`.
void DeclareExporterFlags(FlagSet& flags, Options& options) {
  flags.Add("web.listen-address", "ADDRESS",
            "address to listen on, [host]:port; repeat for several",
            kDefaultListenAddress, [&options](const std::string& value) {
              ParseListenAddress(value);  // validates
              options.listen_addresses.push_back(value);
            });
  flags.Add("web.telemetry-path", "PATH", "path under which to serve metrics",
            options.telemetry_path, [&options](const std::string& value) {
              if (value.size() < 2 || value[0] != '/') {
                throw UsageError(
                    "--web.telemetry-path must start with '/' and not be "
                    "\"/\" (the landing page), got \"" +
                    value + "\"");
              }
              options.telemetry_path = value;
            });
  flags.Count("web.max-requests", "N",
              "requests served at once, 0 for no limit; more get 503", 0, 1000,
              &options.max_requests);
  flags.Count("web.max-connections", "N",
              "connections served at once (a thread each, from accept to "
              "close; idle ones are closed after 2s); more wait to be "
              "accepted",
              16, 65536, &options.max_connections);
  flags.Add(
      "scrape.deadline", "DURATION",
      "how long collectors may take per scrape; one still running is "
      "left out (portwatch_scrape_collector_timeout 1); a shorter "
      "Prometheus scrape timeout less 0.5s wins",
      "8s", [&options](const std::string& value) {
        const std::chrono::seconds deadline =
            ParseDuration("--scrape.deadline", value);
        if (deadline.count() < 1 || deadline.count() > 3600) {
          throw UsageError("--scrape.deadline must be from 1s to 1h, got \"" +
                           value + "\"");
        }
        options.scrape_deadline = deadline;
      });
  flags.String("web.config.file", "FILE",
               "exporter-toolkit web config (TLS, basic auth, headers); "
               "re-read when it changes",
               &options.web_config_file);
  flags.Choice<LogLevel>("log.level", "LEVEL", "debug, info, warn or error",
                         {{"debug", LogLevel::kDebug},
                          {"info", LogLevel::kInfo},
                          {"warn", LogLevel::kWarn},
                          {"error", LogLevel::kError}},
                         &options.log_level);
  flags.Choice<LogFormat>(
      "log.format", "FORMAT", "logfmt or json",
      {{"logfmt", LogFormat::kLogfmt}, {"json", LogFormat::kJson}},
      &options.log_format);
}

// The catalog index of collector `name`, which may spell its underscores
// as dashes (--collector.connect-failures, as its own flags may too:
// --collector.connect-failures.pid); none if there is no such collector.
std::optional<std::size_t> FindCollector(
    std::string name, const std::vector<CollectorDefinition>& catalog) {
  std::replace(name.begin(), name.end(), '-', '_');
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].name == name) return i;
  }
  return std::nullopt;
}

// Sets `enabled` (one per catalog entry) to exactly the collectors in the
// comma-separated `list` of --collectors.enabled, where "[defaults]" stands
// for the default set.
void ApplyCollectorList(const std::string& list,
                        const std::vector<CollectorDefinition>& catalog,
                        std::vector<bool>& enabled) {
  std::vector<bool> chosen(catalog.size(), false);
  std::istringstream items(list);
  std::string item;
  bool any = false;
  while (std::getline(items, item, ',')) {
    if (item == "[defaults]") {
      for (std::size_t i = 0; i < catalog.size(); ++i) {
        if (catalog[i].enabled_by_default) chosen[i] = true;
      }
    } else if (const auto index = FindCollector(item, catalog)) {
      chosen[*index] = true;
    } else {
      throw UsageError("--collectors.enabled: unknown collector \"" + item +
                       "\" (see --help)");
    }
    any = true;
  }
  if (!any) throw UsageError("--collectors.enabled needs at least one name");
  enabled = chosen;
}

// Every value flag of this binary, storing into `options`, the collectors'
// definitions and `enabled` (one per catalog entry: --collectors.enabled,
// as windows_exporter's flag of that name; --[no-]collector.<name> flags
// after it still apply).
FlagSet AllFlags(Options& options,
                 const std::vector<CollectorDefinition>& catalog,
                 std::vector<bool>& enabled) {
  FlagSet flags;
  DeclareExporterFlags(flags, options);
  flags.Add("collectors.enabled", "NAME,...",
            "run exactly these collectors; [defaults] for the default set", "",
            [&catalog, &enabled](const std::string& value) {
              ApplyCollectorList(value, catalog, enabled);
            });
  DeclareSourceFlags(flags, options.sources);
  for (const CollectorDefinition& definition : catalog) {
    if (definition.declare_flags) {
      definition.declare_flags(flags, options.sources);
    }
    // --collector.<name>.* as declared (the name as --help lists it, as
    // node_exporter and windows_exporter spell them); dashes for the
    // name's underscores are accepted too.
    std::string dashed = definition.name;
    std::replace(dashed.begin(), dashed.end(), '_', '-');
    if (dashed != definition.name) {
      flags.RenamedPrefix("collector." + dashed + ".",
                          "collector." + definition.name + ".");
    }
  }
  return flags;
}

// "--no-<flag> takes no value": the negated spelling of a switch is its
// value already.
UsageError SwitchTakesNoValue(const std::string& negated_name) {
  return UsageError("--" + negated_name + " takes no value (use --" +
                    negated_name.substr(3) + "=true|false)");
}

// Handles --collector.<name>, --collector.<name>=true|false and
// --no-collector.<name> (FindCollector), as every other switch; false if
// `name` is not such a flag. `value` is the text after '=', if any.
bool ApplyCollectorSwitch(const std::string& name,
                          const std::optional<std::string>& value,
                          const std::vector<CollectorDefinition>& catalog,
                          std::vector<bool>& enabled) {
  const bool negated = name.rfind("no-collector.", 0) == 0;
  const std::string prefix = negated ? "no-collector." : "collector.";
  if (name.rfind(prefix, 0) != 0) return false;
  const auto index = FindCollector(name.substr(prefix.size()), catalog);
  if (!index) return false;
  bool on = !negated;
  if (value) {
    if (negated) throw SwitchTakesNoValue(name);
    on = ParseSwitch(name, *value);
  }
  enabled[*index] = on;
  return true;
}

}  // namespace

Options ParseOptions(const std::vector<std::string>& args,
                     const std::vector<CollectorDefinition>& catalog) {
  Options options;
  std::vector<bool> enabled;
  for (const CollectorDefinition& definition : catalog) {
    enabled.push_back(definition.enabled_by_default);
  }
  const FlagSet flags = AllFlags(options, catalog, enabled);
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
    const std::optional<std::string> value_text =
        has_value ? std::optional<std::string>(arg.substr(equals + 1))
                  : std::nullopt;
    if (ApplyCollectorSwitch(name, value_text, catalog, enabled)) continue;
    if (!has_value && flags.IsSwitch(name)) {
      flags.Apply(name, "true");
      continue;
    }
    if (name.rfind("no-", 0) == 0 && flags.IsSwitch(name.substr(3))) {
      if (has_value) throw SwitchTakesNoValue(name);
      flags.Apply(name.substr(3), "false");
      continue;
    }
    if (!flags.Has(name)) {
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
    flags.Apply(name, value);
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
  Options options;
  std::vector<bool> unused(catalog.size());
  std::ostringstream text;
  text << "Usage: portwatch_exporter [flags]\n\n"
          "Prometheus exporter that warns before a host runs out of TCP "
          "ephemeral ports.\n\nFlags:\n"
       << HelpEntry("--help", "show this help and exit")
       << HelpEntry("--version", "show the version and exit")
       << AllFlags(options, catalog, unused).Help();
  text << "\nCollectors (enable with --collector.<name>, disable with "
          "--no-collector.<name> or --collector.<name>=false, or list them "
          "in --collectors.enabled):\n";
  for (const CollectorDefinition& definition : catalog) {
    text << HelpEntry(
        "--[no-]collector." + definition.name,
        definition.help + " (default: " +
            (definition.enabled_by_default ? "enabled" : "disabled") + ")");
  }
  return text.str();
}

}  // namespace portwatch
