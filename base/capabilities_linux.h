#pragma once

#include <initializer_list>
#include <string>

namespace portwatch {

/// The names ("CAP_SYS_PTRACE") of those of `capabilities` (CAP_* numbers)
/// missing from this thread's effective set, comma-separated; empty when it
/// has them all. Throws SourceError when the set cannot be read.
std::string MissingCapabilities(std::initializer_list<int> capabilities);

}  // namespace portwatch
