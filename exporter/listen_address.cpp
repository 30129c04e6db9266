#include "exporter/listen_address.h"

#include <algorithm>

#include "base/address.h"
#include "base/decimal.h"
#include "collectors/core/flag_set.h"

namespace portwatch {
namespace {

[[noreturn]] void Invalid(const std::string& text, const std::string& why) {
  throw UsageError("invalid --web.listen-address \"" + text + "\": " + why);
}

bool IsIpv4(const std::string& host) {
  IpAddress parsed;
  return ParseAddress(AddressFamily::kIpv4, host, parsed);
}

bool IsIpv6(const std::string& host) {
  IpAddress parsed;
  return ParseAddress(AddressFamily::kIpv6, host, parsed);
}

}  // namespace

ListenAddress ParseListenAddress(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) Invalid(text, "expected [host]:port");
  const std::optional<std::uint16_t> port =
      ParseDecimal<std::uint16_t>(std::string_view(text).substr(colon + 1));
  if (!port) Invalid(text, "port must be a number from 0 to 65535");
  ListenAddress address;
  address.port = *port;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    address.host = host.substr(1, host.size() - 2);
    address.ipv6 = true;
    if (!IsIpv6(address.host)) Invalid(text, "not an IPv6 address");
  } else if (!host.empty()) {
    if (host == "localhost") host = "127.0.0.1";
    if (!IsIpv4(host)) {
      Invalid(text,
              "host must be an IPv4 address, [IPv6 address], or empty "
              "(host names are not resolved)");
    }
    address.host = host;
  }
  return address;
}

std::string CivetwebListeningPort(const ListenAddress& address) {
  const std::string port = std::to_string(address.port);
  if (address.host.empty()) return port;
  if (address.ipv6) return "[" + address.host + "]:" + port;
  return address.host + ":" + port;
}

}  // namespace portwatch
