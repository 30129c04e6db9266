#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sources/connect_failures/connect_failure_source.h"
#include "sources/conntrack/conntrack_source.h"
#include "sources/netns/netns_source.h"
#include "sources/port_range/port_range_source.h"
#include "sources/port_range/tcpip_parameters.h"
#include "sources/process/process_source.h"
#include "sources/sockets/socket_source.h"

namespace portwatch::fakes {

/// Builds an IpAddress from text with inet_pton semantics (test helper).
IpAddress ParseIp(AddressFamily family, const std::string& text);

/// A SocketRow from readable parts (test helper).
SocketRow Row(AddressFamily family, TcpState state, const std::string& local,
              std::uint16_t local_port, const std::string& remote,
              std::uint16_t remote_port);

/// Keeps every row it visits (test helper).
class RowCollector : public SocketVisitor {
 public:
  std::vector<std::string> sources;  // what OnSource was told, in order
  void OnSource(const char* name) override { sources.push_back(name); }
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
  std::string name = "fake";  // what OnSource is told
  int calls = 0;

  void ForEachSocket(SocketVisitor& visitor) override {
    ++calls;
    visitor.OnSource(name.c_str());
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

/// Network namespaces held in memory, each with its own fake socket table
/// and ranges. List() throws SourceError when `list_error` is set.
class FakeNetnsSource : public NetnsSource {
 public:
  /// One namespace: what List() reports and what Enter() reads.
  struct Namespace {
    NetworkNamespace info;
    FakeSocketSource sockets;
    FakePortRangeSource ranges;
    bool vanishes = false;  // listed, but gone when entered
  };
  std::map<std::uint64_t, Namespace> namespaces;  // by inode
  std::uint64_t processes_denied = 0;
  std::uint64_t own_inode = 0;
  std::string list_error;
  int enter_calls = 0;
  int list_calls = 0;

  /// A namespace with `inode` and Linux-like ranges 40000-40009.
  Namespace& Add(std::uint64_t inode) {
    Namespace& ns = namespaces[inode];
    ns.info.inode = inode;
    ns.ranges.shared = true;
    ns.ranges.ranges[AddressFamily::kIpv4] = EphemeralPortRange(40000, 40009);
    ns.ranges.ranges[AddressFamily::kIpv6] = EphemeralPortRange(40000, 40009);
    return ns;
  }

  NamespaceListing List() override {
    ++list_calls;
    if (!list_error.empty()) throw SourceError(list_error);
    NamespaceListing listing;
    for (const auto& [inode, ns] : namespaces) {
      listing.namespaces.push_back(ns.info);
    }
    listing.processes_denied = processes_denied;
    listing.own_inode = own_inode;
    return listing;
  }

  void Enter(const std::vector<NetworkNamespace>& list,
             NamespaceVisitor& visitor) override {
    ++enter_calls;
    for (const NetworkNamespace& info : list) {
      if (!visitor.WantsMore()) return;
      auto found = namespaces.find(info.inode);
      if (found == namespaces.end() || found->second.vanishes) {
        visitor.OnVanished(info);
      } else {
        visitor.OnNamespace(info, found->second.sockets, found->second.ranges);
      }
    }
  }
};

/// Processes and the socket inodes they hold, in memory; throws
/// SourceError from ForEachProcess when `error` is set.
class FakeProcessSockets : public ProcessSocketSource {
 public:
  std::map<std::uint32_t, std::vector<std::uint32_t>> processes;
  std::uint64_t denied = 0;
  std::string error;

  ProcessScan ForEachProcess(ProcessSocketVisitor& visitor) override {
    if (!error.empty()) throw SourceError(error);
    ProcessScan scan;
    scan.denied = denied;
    for (const auto& [pid, inodes] : processes) {
      ++scan.processes;
      if (!inodes.empty()) visitor.OnProcess(pid, inodes);
    }
    return scan;
  }
};

/// Process identities by pid; unknown pids get an empty name.
class FakeProcessNames : public ProcessNames {
 public:
  std::map<std::uint32_t, ProcessIdentity> known;
  std::vector<std::uint32_t> asked;

  std::vector<ProcessIdentity> Describe(
      const std::vector<std::uint32_t>& pids) override {
    std::vector<ProcessIdentity> out;
    for (std::uint32_t pid : pids) {
      asked.push_back(pid);
      auto found = known.find(pid);
      ProcessIdentity identity;
      if (found != known.end()) identity = found->second;
      identity.pid = pid;
      out.push_back(identity);
    }
    return out;
  }
};

/// A conntrack table held in memory: Read() returns `reading` (nullopt:
/// conntrack not in use) or throws SourceError(`error`) when set.
class FakeConntrackSource : public ConntrackSource {
 public:
  std::optional<ConntrackReading> reading;
  std::optional<std::string> error;

  std::optional<ConntrackReading> Read() override {
    if (error) throw SourceError(*error);
    return reading;
  }
};

/// A kernel that counts port-allocation failures, in memory: Fail() is a
/// failure the program counts; tests may also set `totals` and `pending`
/// directly (a key evicted, a drain running ahead of its totals); Reload()
/// restarts the program.
class FakeConnectFailureSource : public ConnectFailureSource {
 public:
  std::string start_error;  // thrown by Start() when set
  std::string drain_error;  // thrown by Drain() when set
  std::optional<ConnectFailureSettings> started_with;
  ConnectFailureTotals totals{};
  std::vector<std::pair<ConnectFailureKey, std::uint64_t>> pending;
  std::uint64_t generation = 1;

  void Start(const ConnectFailureSettings& settings) override {
    if (!start_error.empty()) throw SourceUnavailable(start_error);
    started_with = settings;
  }
  void Drain(ConnectFailureVisitor& visitor) override {
    if (!drain_error.empty()) throw SourceError(drain_error);
    visitor.OnTotals(totals, generation);
    for (const auto& [key, count] : pending) visitor.OnFailures(key, count);
    pending.clear();
  }

  void Fail(const ConnectFailureKey& key, std::uint64_t count = 1) {
    totals[static_cast<std::size_t>(key.operation)]
          [static_cast<std::size_t>(key.family)] += count;
    for (auto& [pending_key, pending_count] : pending) {
      if (SameKey(pending_key, key)) {
        pending_count += count;
        return;
      }
    }
    pending.emplace_back(key, count);
  }
  void Reload() {
    totals = {};
    pending.clear();
    ++generation;
  }

 private:
  static bool SameKey(const ConnectFailureKey& a, const ConnectFailureKey& b) {
    return a.netns == b.netns && a.pid == b.pid && a.family == b.family &&
           a.operation == b.operation && a.destination == b.destination &&
           a.destination_port == b.destination_port && a.process == b.process;
  }
};

}  // namespace portwatch::fakes
