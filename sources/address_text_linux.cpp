#include <arpa/inet.h>

#include "address.h"

namespace portwatch {

bool ParseAddress(AddressFamily family, const std::string& text,
                  IpAddress& address) {
  address = IpAddress{};
  const int af = family == AddressFamily::kIpv4 ? AF_INET : AF_INET6;
  return ::inet_pton(af, text.c_str(), address.bytes.data()) == 1;
}

}  // namespace portwatch
