#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "port_range_source.h"
#include "socket_source.h"
#include "tcpip_parameters.h"

namespace portwatch::testing {

/// Builds an IpAddress from text with inet_pton semantics (test helper).
IpAddress ParseIp(AddressFamily family, const std::string& text);

/// A SocketRow from readable parts (test helper).
SocketRow Row(AddressFamily family, TcpState state, const std::string& local,
              std::uint16_t local_port, const std::string& remote,
              std::uint16_t remote_port);

/// Keeps every row it visits (test helper).
class RowCollector : public SocketVisitor {
 public:
  void OnSocket(const SocketRow& row) override { rows.push_back(row); }
  std::vector<SocketRow> rows;
};

/// A socket table held in memory. Optionally throws `error` (SourceError, or
/// SourceUnavailable when `unavailable`) after visiting `fail_after` rows.
class FakeSocketSource : public SocketSource {
 public:
  std::vector<SocketRow> rows;
  int fail_after = -1;  // -1: never fail
  bool unavailable = false;
  std::string error = "fake failure";
  int calls = 0;

  void ForEachSocket(SocketVisitor& visitor) override {
    ++calls;
    int visited = 0;
    for (const SocketRow& row : rows) {
      if (visited == fail_after) Throw();
      visitor.OnSocket(row);
      ++visited;
    }
    if (visited == fail_after) Throw();
  }

 private:
  void Throw() const {
    if (unavailable) throw SourceUnavailable(error);
    throw SourceError(error);
  }
};

/// Fixed port ranges per family; throws SourceError when `fail` is set.
/// `shared` says whether the families share one port space (Linux) or not
/// (Windows, the default).
class FakePortRangeSource : public PortRangeSource {
 public:
  std::map<AddressFamily, EphemeralPortRange> ranges;
  bool fail = false;
  bool shared = false;

  EphemeralPortRange Read(AddressFamily family) override {
    if (fail) throw SourceError("fake port range failure");
    return ranges.at(family);
  }
  bool SharesOnePortSpace() const override { return shared; }
};

/// Registry values by name; throws SourceError when `fail` is set.
class FakeTcpipParameters : public TcpipParameters {
 public:
  std::map<std::string, std::uint32_t> values;
  bool fail = false;

  std::optional<std::uint32_t> ReadDword(const std::string& name) override {
    if (fail) throw SourceError("fake registry failure");
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  }
};

}  // namespace portwatch::testing
