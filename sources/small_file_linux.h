#pragma once

#include <cstddef>
#include <string>

namespace portwatch {

/// Reads a whole small file (a sysctl, a fixture, a web config or a
/// certificate). Throws SourceError naming the path and the OS error when
/// it cannot be read, and when it is larger than `max_bytes` (so a wrong
/// path cannot make a scrape read gigabytes).
std::string ReadSmallFile(const std::string& path, std::size_t max_bytes);

}  // namespace portwatch
