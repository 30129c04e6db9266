#pragma once

#include <string_view>

#include "sources/sockets/socket_source.h"

namespace portwatch {

/// True when `line` is the column header of /proc/net/tcp or tcp6.
bool IsProcNetTcpHeader(std::string_view line);

/// Parses one socket line of /proc/net/tcp (family kIpv4) or /proc/net/tcp6
/// (kIpv6) into `row`, without allocating:
///   "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 ..."
/// Addresses are the kernel's %08X words in host byte order, ports are hex,
/// the state is the kernel's state number in hex. Fields after the state are
/// ignored. Throws SourceError saying which field is malformed.
void ParseProcNetTcpLine(std::string_view line, AddressFamily family,
                         SocketRow& row);

}  // namespace portwatch
