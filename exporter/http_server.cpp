#include "exporter/http_server.h"

#include <civetweb.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "base/log_line.h"
#include "exporter/civetweb_additions.h"
#include "exporter/listen_address.h"

namespace portwatch {
namespace {

constexpr const char* kRequestTimeoutMs = "2000";
// How long a connection that sends nothing waits in the kernel before it
// is handed to a worker (which then closes it after kRequestTimeoutMs):
// an idle client holds a worker about 2 s in 32.
constexpr int kDeferAcceptSeconds = 30;

constexpr const char* kMetricsContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// The first message CivetWeb logs while starting, to explain a failure.
// CivetWeb may log from its own threads, hence the atomic and the mutex.
std::atomic<bool> starting{false};
std::mutex startup_error_mutex;
std::string startup_error;

int LogCivetwebMessage(const mg_connection*, const char* message) {
  if (starting.load()) {
    std::lock_guard<std::mutex> lock(startup_error_mutex);
    if (startup_error.empty()) startup_error = message;
  }
  spdlog::debug(LogLine("civetweb", {{"detail", message}}));
  return 1;
}

const AccessRules kOpenAccess;

/// A response header beyond the usual ones (Allow, WWW-Authenticate,
/// Content-Encoding).
struct ExtraHeader {
  const char* name;
  const char* value;
};

// Sends a complete response through CivetWeb's header API, so CivetWeb
// itself decides whether the connection stays open.
int SendResponse(mg_connection* connection, const AccessRules& rules,
                 int status, const char* mime, const std::string& body,
                 bool head, std::initializer_list<ExtraHeader> extra = {}) {
  // Only answers worth repeating keep the connection: a client that gets
  // errors (a wrong path, a wrong password) must connect again, so it
  // cannot hold a worker between its requests.
  if (status >= 400) CloseAfterResponse(connection);
  mg_response_header_start(connection, status);
  for (const auto& [name, value] : rules.headers) {
    mg_response_header_add(connection, name.c_str(), value.c_str(), -1);
  }
  mg_response_header_add(connection, "Content-Type", mime, -1);
  mg_response_header_add(connection, "Cache-Control", "no-cache", -1);
  const std::string length = std::to_string(body.size());
  mg_response_header_add(connection, "Content-Length", length.c_str(), -1);
  for (const ExtraHeader& header : extra) {
    mg_response_header_add(connection, header.name, header.value, -1);
  }
  mg_response_header_send(connection);
  if (!head) mg_write(connection, body.data(), body.size());
  return status;
}

// What a scrape's collectors get: `configured`, or less when Prometheus
// says its scrape times out sooner (the header carries its
// scrape_timeout), leaving a margin to send the page.
std::chrono::milliseconds ScrapeBudget(std::chrono::milliseconds configured,
                                       const char* timeout_header) {
  constexpr double kMarginSeconds = 0.5;
  if (timeout_header == nullptr) return configured;
  char* end = nullptr;
  const double seconds = std::strtod(timeout_header, &end);
  if (end == timeout_header || *end != '\0' || !(seconds > 0) ||
      seconds > 86400) {
    return configured;  // not a number of seconds: ignored
  }
  const double usable = std::max(seconds - kMarginSeconds, seconds / 2);
  const auto header =
      std::chrono::milliseconds(static_cast<long long>(usable * 1000));
  return std::min(configured, header);
}

// Whether the request has more than one Content-Length header: a proxy in
// front may frame the body by the other one (request smuggling).
bool HasSeveralContentLengths(const mg_request_info* request) {
  int count = 0;
  for (int i = 0; i < request->num_headers; ++i) {
    const char* name = request->http_headers[i].name;
    if (name != nullptr && mg_strcasecmp(name, "Content-Length") == 0) {
      ++count;
    }
  }
  return count > 1;
}

bool IsZeroOrAbsent(const char* content_length) {
  return content_length == nullptr || std::strcmp(content_length, "0") == 0;
}

std::string JoinListeningPorts(const std::vector<std::string>& addresses,
                               bool tls) {
  std::string joined;
  for (const std::string& text : addresses) {
    if (!joined.empty()) joined += ',';
    joined += CivetwebListeningPort(ParseListenAddress(text));
    if (tls) joined += 's';
  }
  return joined;
}

}  // namespace

HttpServer::HttpServer(HttpServerConfig config, ScrapeCoalescer& scrapes)
    : config_(std::move(config)), scrapes_(scrapes) {
  const bool tls = config_.security != nullptr && config_.security->Tls();
  const std::string ports = JoinListeningPorts(config_.listen_addresses, tls);
  // CivetWeb gives each connection a worker thread while it waits for a
  // request, so idle or slow clients (slowloris) hold workers until the
  // request timeout. Many cheap workers and a short header timeout keep
  // scrapes flowing; --web.max-requests still bounds the work done at once.
  const std::string threads = std::to_string(config_.max_connections);
  // clang-format off
  const char* options[] = {
      "listening_ports", ports.c_str(),
      "num_threads", threads.c_str(),
      "request_timeout_ms", kRequestTimeoutMs,
      "enable_keep_alive", "yes",
      // Connections waiting to be accepted (capped by net.core.somaxconn);
      // CivetWeb's 200 would overflow with a few hundred idle clients.
      "listen_backlog", "4096",
      "keep_alive_timeout_ms", "5000",
      // The headers and the body leave in two writes; with Nagle's
      // algorithm the body waited for the client's delayed ACK of the
      // headers (40 ms on Linux) whenever a keep-alive client asked again
      // soon after an answer.
      "tcp_nodelay", "1",
      // Request line and headers; scrapes need little.
      "max_request_size", "8192",
      // CivetWeb would answer CORS preflights itself, before
      // authentication; portwatch has no use for CORS.
      "access_control_allow_origin", "",
      "access_control_allow_methods", "",
      // Paths are compared undecoded: "%00" or "%2F" cannot make one path
      // look like another.
      "decode_url", "no",
      // An absolute-form request line (GET http://host:port/metrics) is
      // served whatever host it names; one for another port gets 400.
      "enable_auth_domain_check", "no",
      nullptr};
  // clang-format on
  mg_callbacks callbacks;
  std::memset(&callbacks, 0, sizeof callbacks);
  callbacks.log_message = LogCivetwebMessage;
  if (tls) callbacks.init_ssl = &HttpServer::InitTls;
  mg_init_library(0);
  {
    std::lock_guard<std::mutex> lock(startup_error_mutex);
    startup_error.clear();
  }
  starting = true;
  context_ = mg_start(&callbacks, this, options);
  starting = false;
  if (context_ == nullptr) {
    mg_exit_library();
    std::lock_guard<std::mutex> lock(startup_error_mutex);
    throw std::runtime_error(
        "cannot listen on " + ports + ": " +
        (startup_error.empty() ? "unknown CivetWeb error" : startup_error));
  }
  mg_set_request_handler(context_, "/", &HttpServer::HandleRequest, this);
  DeferAcceptUntilData(context_, kDeferAcceptSeconds);
}

HttpServer::~HttpServer() {
  mg_stop(context_);
  mg_exit_library();
}

bool HttpServer::Drain(std::chrono::milliseconds timeout) {
  draining_ = true;
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (in_flight_.load() > 0) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::vector<std::string> HttpServer::BoundAddresses() const {
  mg_server_port ports[16];
  const int count = mg_get_server_ports(context_, 16, ports);
  std::vector<std::string> bound;
  // CivetWeb reports its sockets in listening_ports order.
  for (int i = 0; i < count; ++i) {
    const std::size_t index = static_cast<std::size_t>(i);
    ListenAddress address;
    if (index < config_.listen_addresses.size()) {
      address = ParseListenAddress(config_.listen_addresses[index]);
    }
    const std::string host =
        address.ipv6 ? "[" + address.host + "]" : address.host;
    bound.push_back(host + ":" + std::to_string(ports[i].port));
  }
  return bound;
}

int HttpServer::InitTls(void* ssl_ctx, void* self) {
  static_cast<HttpServer*>(self)->config_.security->ConfigureServerTls(ssl_ctx);
  return 1;  // the certificate comes from the web config, not CivetWeb
}

int HttpServer::HandleRequest(mg_connection* connection, void* self) {
  auto* server = static_cast<HttpServer*>(self);
  // portwatch never reads request bodies: close the connection after the
  // response instead of letting CivetWeb read and discard a body.
  if (mg_get_header(connection, "Transfer-Encoding") != nullptr ||
      !IsZeroOrAbsent(mg_get_header(connection, "Content-Length"))) {
    CloseAfterResponse(connection);
  }
  const std::shared_ptr<const AccessRules> rules =
      server->config_.security ? server->config_.security->Rules() : nullptr;
  const AccessRules& access = rules ? *rules : kOpenAccess;
  // HEAD responses carry no body, errors included.
  const bool head =
      std::strcmp(mg_get_request_info(connection)->request_method, "HEAD") == 0;
  if (HasSeveralContentLengths(mg_get_request_info(connection))) {
    return SendResponse(connection, access, 400, "text/plain",
                        "400 several Content-Length headers\n", head);
  }
  try {
    // Credentials first: a request waiting for its password check (see
    // PasswordCheckQueue) holds no request slot, so clients with wrong
    // passwords cannot take the slots of authorised scrapes.
    if (access.authorize) {
      switch (access.authorize(mg_get_header(connection, "Authorization"))) {
        case AuthDecision::kAllow:
          break;
        case AuthDecision::kDeny:
          return SendResponse(
              connection, access, 401, "text/plain", "401 unauthorized\n", head,
              {{"WWW-Authenticate", "Basic realm=\"portwatch\""}});
        case AuthDecision::kBusy:
          return SendResponse(connection, access, 503, "text/plain",
                              "too many password checks; retry later\n", head,
                              {{"Retry-After", "1"}});
      }
    }
    /// Counts this request as in flight for its lifetime.
    struct InFlight {
      explicit InFlight(std::atomic<int>& count) : count_(count) { ++count_; }
      ~InFlight() { --count_; }
      std::atomic<int>& count_;
    } in_flight(server->in_flight_);
    if (server->draining_) {
      return SendResponse(connection, access, 503, "text/plain",
                          "shutting down\n", head);
    }
    const int limit = server->config_.max_requests;
    if (limit > 0 && server->in_flight_.load() > limit) {
      return SendResponse(connection, access, 503, "text/plain",
                          "too many concurrent requests; retry later\n", head);
    }
    return server->Handle(connection, access, head);
  } catch (const std::exception& error) {
    spdlog::error(LogLine("request failed", {{"err", error.what()}}));
    return SendResponse(connection, access, 500, "text/plain",
                        "internal error\n", head);
  }
}

int HttpServer::Handle(mg_connection* connection, const AccessRules& rules,
                       bool head) {
  const mg_request_info* request = mg_get_request_info(connection);
  const std::string method = request->request_method;
  const std::string path = request->local_uri ? request->local_uri : "";
  const bool known_path = path == config_.telemetry_path || path == "/";
  if (!known_path) {
    return SendResponse(connection, rules, 404, "text/plain",
                        "404 page not found\n", head);
  }
  if (method != "GET" && !head) {
    return SendResponse(connection, rules, 405, "text/plain",
                        "405 method not allowed\n", false,
                        {{"Allow", "GET, HEAD"}});
  }
  if (path == "/") {
    return SendResponse(connection, rules, 200, "text/html; charset=utf-8",
                        config_.landing_page_html, head);
  }
  return ServeMetrics(connection, head, rules);
}

int HttpServer::ServeMetrics(mg_connection* connection, bool head,
                             const AccessRules& rules) {
  const auto budget = ScrapeBudget(
      config_.scrape_budget,
      mg_get_header(connection, "X-Prometheus-Scrape-Timeout-Seconds"));
  ScrapeCoalescer::Result page =
      scrapes_.Scrape(std::chrono::steady_clock::now() + budget);
  if (!page && draining_) {
    return SendResponse(connection, rules, 503, "text/plain", "shutting down\n",
                        head);
  }
  if (!page) {
    return SendResponse(connection, rules, 500, "text/plain",
                        "collection failed; see the exporter log\n", head);
  }
  // gzip when the client takes it, as Prometheus always does; compressed
  // once per collection (MetricsPage), whoever asks.
  const std::string* gzipped =
      AcceptsGzip(mg_get_header(connection, "Accept-Encoding"))
          ? page->Gzipped()
          : nullptr;
  const std::string& body = gzipped != nullptr ? *gzipped : page->text();
  if (config_.responses != nullptr && !head) {
    config_.responses->Count(
        gzipped != nullptr ? PageEncoding::kGzip : PageEncoding::kIdentity,
        body.size());
  }
  if (gzipped != nullptr) {
    return SendResponse(
        connection, rules, 200, kMetricsContentType, body, head,
        {{"Content-Encoding", "gzip"}, {"Vary", "Accept-Encoding"}});
  }
  return SendResponse(connection, rules, 200, kMetricsContentType, body, head,
                      {{"Vary", "Accept-Encoding"}});
}

}  // namespace portwatch
