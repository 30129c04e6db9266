#pragma once

#include "collectors/core/collector_definition.h"

namespace portwatch {

/// Registers collector `process`: the processes holding most sockets on
/// usable ephemeral ports, per family and state, and the sockets no
/// process holds. One implementation per platform
/// (process_collector_<os>.cpp): Linux matches the socket table's inodes
/// against /proc/<pid>/fd (off by default: needs CAP_DAC_READ_SEARCH and
/// CAP_SYS_PTRACE); Windows reads the owning PID the socket table reports
/// and names it by image and hosted services (on by default).
CollectorDefinition ProcessCollectorDefinition();

}  // namespace portwatch
