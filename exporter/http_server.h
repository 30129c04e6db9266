#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "exporter/metrics_responses.h"
#include "exporter/scrape_coalescer.h"
#include "web/web_security.h"

struct mg_context;
struct mg_connection;

namespace portwatch {

/// What the HTTP server serves and where.
struct HttpServerConfig {
  std::vector<std::string> listen_addresses;  // --web.listen-address values
  std::string telemetry_path = "/metrics";
  std::string landing_page_html;
  /// Requests handled at once; more get 503 at once (0: no limit).
  int max_requests = 40;
  /// Connections served at once: CivetWeb's worker threads, one per
  /// connection from accept to close (--web.max-connections).
  int max_connections = 256;
  /// How long a scrape's collection may take (--scrape.deadline); a
  /// Prometheus scrape timeout (X-Prometheus-Scrape-Timeout-Seconds) less
  /// a margin shortens it.
  std::chrono::milliseconds scrape_budget{8000};
  /// TLS and access rules from --web.config.file; null: plain HTTP, open.
  /// Borrowed; must outlive the server.
  WebSecurity* security = nullptr;
  /// Where the /metrics pages sent are counted; null: not counted.
  /// Borrowed; must outlive the server.
  MetricsResponses* responses = nullptr;
};

/// The CivetWeb server: GET/HEAD of the telemetry path answers from the
/// coalescer, "/" serves the landing page, anything else is 404 (405 for
/// other methods); past `max_requests` in flight it answers 503. With a
/// web config, every path needs valid credentials (401 otherwise) and every
/// response carries the configured headers. Starts
/// listening in the constructor and stops in the destructor; borrows the
/// coalescer, which must outlive it.
class HttpServer {
 public:
  /// Throws std::runtime_error saying which address could not be used.
  HttpServer(HttpServerConfig config, ScrapeCoalescer& scrapes);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// "[host]:port" of every listening socket, with the port actually bound
  /// (differs from the configured one for port 0).
  std::vector<std::string> BoundAddresses() const;

  /// Shutdown: answers new requests 503 with the connection closed, and
  /// waits until no request is in flight or `timeout` passes (the
  /// destructor then closes whatever is left). False on timeout.
  bool Drain(std::chrono::milliseconds timeout);

 private:
  static int HandleRequest(mg_connection* connection, void* self);
  static int InitTls(void* ssl_ctx, void* self);
  int Handle(mg_connection* connection, const AccessRules& rules, bool head);
  int ServeMetrics(mg_connection* connection, bool head,
                   const AccessRules& rules);

  HttpServerConfig config_;
  ScrapeCoalescer& scrapes_;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> draining_{false};
  mg_context* context_ = nullptr;
};

}  // namespace portwatch
