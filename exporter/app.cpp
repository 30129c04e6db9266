#include "exporter/app.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "base/log_line.h"
#include "collectors/collector_catalog.h"
#include "collectors/core/collector_set.h"
#include "exporter/build_info.h"
#include "exporter/exposition.h"
#include "exporter/http_server.h"
#include "exporter/landing_page.h"
#include "exporter/logging.h"
#include "exporter/options.h"
#include "exporter/process_metrics.h"
#include "exporter/scrape_coalescer.h"
#include "exporter/shutdown_signal.h"
#include "exporter/web_config_metrics.h"
#include "sources/platform_sources.h"
#include "web/web_config.h"
#include "web/web_security.h"

namespace portwatch {
namespace {

constexpr const char* kProgram = "portwatch_exporter";
// How often --web.config.file and the files it names are checked for changes.
constexpr std::chrono::seconds kWebConfigPollInterval{1};
// On SIGTERM: how long collections and requests in flight may take to end,
// and when the process exits whatever it is doing.
constexpr std::chrono::seconds kShutdownGrace{2};
constexpr std::chrono::seconds kShutdownLimit{10};

// What a collector stuck in a read at shutdown may still use: never
// destroyed, and reachable (LeakSanitizer does not call it a leak).
CollectorSet* abandoned_collectors = nullptr;
PlatformSources* abandoned_sources = nullptr;

// Ends the process `limit` from now unless it has exited by then: the last
// word on shutdown, whatever a thread is stuck in.
void ExitIfStillRunningAfter(std::chrono::seconds limit) {
  std::thread([limit] {
    std::this_thread::sleep_for(limit);
    spdlog::error(LogLine("shutdown took too long; exiting",
                          {{"limit", std::to_string(limit.count()) + "s"}}));
    spdlog::shutdown();
    std::_Exit(1);
  }).detach();
}

int Fail(int code, const std::string& message) {
  std::cerr << kProgram << ": error: " << message << "\n";
  return code;
}

std::vector<NamedCollector> BuildCollectors(
    const Options& options, const std::vector<CollectorDefinition>& catalog,
    PlatformSources& sources) {
  std::vector<NamedCollector> collectors;
  for (const CollectorDefinition& definition : catalog) {
    for (const std::string& name : options.enabled_collectors) {
      if (name == definition.name) {
        collectors.push_back({name, definition.make(sources)});
      }
    }
  }
  return collectors;
}

int Serve(const Options& options,
          const std::vector<CollectorDefinition>& catalog,
          const std::function<void()>& on_serving) {
  // On the heap: when a collector is stuck in a read at shutdown, these
  // are left for its thread instead of destroyed under it.
  auto sources =
      std::make_unique<PlatformSources>(MakePlatformSources(options.sources));
  auto collectors = std::make_unique<CollectorSet>(
      BuildCollectors(options, catalog, *sources), options.scrape_deadline);
  std::unique_ptr<WebSecurity> security;
  if (!options.web_config_file.empty()) {
    try {
      security =
          MakeWebSecurity(options.web_config_file, kWebConfigPollInterval);
    } catch (const WebConfigError& error) {
      return Fail(1, std::string("invalid --web.config.file: ") + error.what());
    }
  }
  // The exporter's own families, before the collectors'.
  const auto build_info = MakeBuildInfoCollectable(CurrentBuildInfo());
  const auto process = MakeProcessMetricsCollectable();
  MetricsResponses responses;
  const auto responses_sent = MakeMetricsResponsesCollectable(responses);
  std::shared_ptr<prometheus::Collectable> web_config;
  std::vector<const prometheus::Collectable*> collectables = {
      build_info.get(), process.get(), responses_sent.get()};
  if (security) {
    web_config = MakeWebConfigCollectable(*security);
    collectables.push_back(web_config.get());
  }
  const Exposition exposition(std::move(collectables), collectors.get());
  ScrapeCoalescer scrapes(
      [&](Deadline deadline) { return exposition.Render(deadline); });
  HttpServerConfig config;
  config.security = security.get();
  config.responses = &responses;
  config.listen_addresses = options.listen_addresses;
  config.telemetry_path = options.telemetry_path;
  config.max_requests = static_cast<int>(options.max_requests);  // <= 1000
  config.scrape_budget = options.scrape_deadline;
  config.max_connections = static_cast<int>(options.max_connections);
  config.landing_page_html =
      LandingPageHtml(CurrentBuildInfo().version, options.telemetry_path,
                      options.enabled_collectors);
  std::unique_ptr<HttpServer> server;
  try {
    server = std::make_unique<HttpServer>(config, scrapes);
  } catch (const std::exception& error) {
    return Fail(1, error.what());
  }
  for (const std::string& bound : server->BoundAddresses()) {
    spdlog::info(
        LogLine("listening",
                {{"address", bound},
                 {"path", options.telemetry_path},
                 {"tls", security && security->Tls() ? "true" : "false"}}));
  }
  if (on_serving) on_serving();
  const char* signal = WaitForShutdownSignal();
  spdlog::info(LogLine("shutting down", {{"signal", signal}}));
  ExitIfStillRunningAfter(kShutdownLimit);
  // New requests are refused; the collection in flight ends at once with
  // what is done, so its scrapes get their answer; then the server stops.
  const auto grace = std::chrono::steady_clock::now() + kShutdownGrace;
  const bool collectors_stopped = collectors->Stop(grace);
  scrapes.Stop();
  server->Drain(kShutdownGrace);
  server.reset();
  if (!collectors_stopped) {
    // A collector inside a read that does not return: the collectors and
    // the sources they borrow are left to its thread, not destroyed under
    // it; the process ends when the caller returns (a Windows service
    // still reports that it stopped).
    spdlog::warn(LogLine("exiting with a collector still running",
                         {{"signal", signal}}));
    abandoned_collectors = collectors.release();
    abandoned_sources = sources.release();
  }
  return 0;
}

}  // namespace

int RunExporter(const std::vector<std::string>& args,
                const std::function<void()>& on_serving) {
  const std::vector<CollectorDefinition> catalog = BuiltInCollectors();
  Options options;
  try {
    options = ParseOptions(args, catalog);
  } catch (const UsageError& error) {
    return Fail(2, error.what());
  }
  if (options.show_help) {
    std::cout << Usage(BuiltInCollectors());  // defaults, not what was parsed
    return 0;
  }
  const BuildInfo& build = CurrentBuildInfo();
  if (options.show_version) {
    std::cout << kProgram << " version " << build.version << " (revision "
              << build.revision << ", " << build.compiler << ")\n";
    return 0;
  }
  try {
    ValidateSourceOptions(options.sources);
  } catch (const std::invalid_argument& error) {
    return Fail(1, error.what());
  }
  ConfigureLogging(options.log_level, options.log_format);
  spdlog::info(
      LogLine("starting portwatch_exporter",
              {{"version", build.version}, {"revision", build.revision}}));
  try {
    return Serve(options, catalog, on_serving);
  } catch (const std::exception& error) {
    return Fail(1, error.what());
  }
}

}  // namespace portwatch
