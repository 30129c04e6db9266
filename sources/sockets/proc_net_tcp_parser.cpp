#include "sources/sockets/proc_net_tcp_parser.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "base/decimal.h"

namespace portwatch {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// Where a line stopped parsing; ParseProcNetTcpLine turns it into a
/// SourceError that gives the column, never the bytes (the file may be a
/// link to anything the exporter can read).
struct MalformedField {
  const char* field;
  const char* at;
};

[[noreturn]] void Malformed(const char* field, std::string_view rest) {
  throw MalformedField{field, rest.data()};
}

// Consumes exactly `digits` hex digits.
std::uint32_t TakeHex(std::string_view& text, std::size_t digits,
                      const char* field) {
  if (text.size() < digits) Malformed(field, text);
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    int digit = HexDigit(text[i]);
    if (digit < 0) Malformed(field, text);
    value = value << 4 | static_cast<std::uint32_t>(digit);
  }
  text.remove_prefix(digits);
  return value;
}

void TakeChar(std::string_view& text, char expected, const char* field) {
  if (text.empty() || text.front() != expected) Malformed(field, text);
  text.remove_prefix(1);
}

void SkipSpaces(std::string_view& text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
}

// Removes the next space-separated field; false when there is none.
bool SkipField(std::string_view& text) {
  SkipSpaces(text);
  if (text.empty()) return false;
  const std::size_t end = text.find(' ');
  text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  return true;
}

// The inode column: after the state come tx_queue:rx_queue, tr:tm->when,
// retrnsmt, uid and timeout. A line that ends before it has none (0).
std::uint32_t TakeInode(std::string_view& text) {
  for (int field = 0; field < 5; ++field) {
    if (!SkipField(text)) return 0;
  }
  SkipSpaces(text);
  if (text.empty()) return 0;
  std::uint32_t inode = 0;
  if (TakeDecimal(text, inode) != DecimalStatus::kOk ||
      (!text.empty() && text.front() != ' ')) {
    Malformed("inode", text);
  }
  return inode;
}

// Each 32-bit word is printed as the host-order value of the in-memory word,
// so storing the parsed value back in host order restores the byte order.
void TakeAddress(std::string_view& text, AddressFamily family,
                 IpAddress& address, const char* field) {
  const std::size_t words = family == AddressFamily::kIpv4 ? 1 : 4;
  address = IpAddress{};
  for (std::size_t i = 0; i < words; ++i) {
    std::uint32_t word = TakeHex(text, 8, field);
    std::memcpy(address.bytes.data() + 4 * i, &word, sizeof word);
  }
}

void TakeEndpoint(std::string_view& text, AddressFamily family,
                  IpAddress& address, std::uint16_t& port, const char* field) {
  TakeAddress(text, family, address, field);
  TakeChar(text, ':', field);
  port = static_cast<std::uint16_t>(TakeHex(text, 4, field));
}

// The fields of one socket line; throws MalformedField (or SourceError for
// a state it does not know).
void ParseFields(std::string_view line, AddressFamily family, SocketRow& row) {
  std::string_view rest = line;
  SkipSpaces(rest);
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
    ++digits;
  }
  if (digits == 0) Malformed("slot number", rest);
  rest.remove_prefix(digits);
  TakeChar(rest, ':', "slot number");
  SkipSpaces(rest);
  row.family = family;
  TakeEndpoint(rest, family, row.local_address, row.local_port,
               "local address");
  TakeChar(rest, ' ', "local address");
  SkipSpaces(rest);
  TakeEndpoint(rest, family, row.remote_address, row.remote_port,
               "remote address");
  TakeChar(rest, ' ', "remote address");
  SkipSpaces(rest);
  std::uint32_t state = TakeHex(rest, 2, "state");
  if (!rest.empty() && rest.front() != ' ') Malformed("state", rest);
  std::optional<TcpState> mapped = TcpStateFromLinux(state);
  if (!mapped) {
    throw SourceError("unknown TCP state " + std::to_string(state));
  }
  row.state = *mapped;
  row.owner_pid = 0;
  row.inode = TakeInode(rest);
}

}  // namespace

bool IsProcNetTcpHeader(std::string_view line) {
  std::size_t start = line.find_first_not_of(' ');
  return start != std::string_view::npos &&
         line.compare(start, 3, "sl ") == 0 &&
         line.find("local_address") != std::string_view::npos;
}

void ParseProcNetTcpLine(std::string_view line, AddressFamily family,
                         SocketRow& row) {
  try {
    ParseFields(line, family, row);
  } catch (const MalformedField& malformed) {
    const auto column = malformed.at - line.data() + 1;
    throw SourceError(std::string("malformed ") + malformed.field +
                      " at column " + std::to_string(column));
  }
}

}  // namespace portwatch
