#include "tests/fakes/fake_sources.h"

namespace portwatch::fakes {

IpAddress ParseIp(AddressFamily family, const std::string& text) {
  IpAddress address;
  if (!ParseAddress(family, text, address)) {
    throw std::invalid_argument("bad test address " + text);
  }
  return address;
}

SocketRow Row(AddressFamily family, TcpState state, const std::string& local,
              std::uint16_t local_port, const std::string& remote,
              std::uint16_t remote_port) {
  SocketRow row;
  row.family = family;
  row.state = state;
  row.local_address = ParseIp(family, local);
  row.local_port = local_port;
  row.remote_address = ParseIp(family, remote);
  row.remote_port = remote_port;
  return row;
}

}  // namespace portwatch::fakes
