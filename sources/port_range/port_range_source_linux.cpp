#include "sources/port_range/port_range_source_linux.h"

#include <utility>

#include "base/small_file_linux.h"
#include "base/source_error.h"
#include "sources/port_range/port_range_parser.h"

namespace portwatch {
namespace {
constexpr std::size_t kMaxSysctlBytes = 1 << 20;
}

ProcfsPortRangeSource::ProcfsPortRangeSource(std::string procfs_root)
    : procfs_root_(std::move(procfs_root)) {}

EphemeralPortRange ProcfsPortRangeSource::Read(AddressFamily /*family*/) {
  const std::string dir = procfs_root_ + "/sys/net/ipv4/";
  const std::string range_path = dir + "ip_local_port_range";
  const std::string reserved_path = dir + "ip_local_reserved_ports";
  // ReadSmallFile's errors name the path; parse errors get it added here.
  const std::string range_text = ReadSmallFile(range_path, kMaxSysctlBytes);
  const std::string reserved_text =
      ReadSmallFile(reserved_path, kMaxSysctlBytes);
  EphemeralPortRange range;
  try {
    range = ParseLocalPortRange(range_text);
  } catch (const SourceError& error) {
    throw SourceError(range_path + ": " + error.what());
  }
  try {
    ParseReservedPorts(reserved_text, range);
  } catch (const SourceError& error) {
    throw SourceError(reserved_path + ": " + error.what());
  }
  return range;
}

}  // namespace portwatch
