#pragma once

#include <cstddef>
#include <string>

namespace portwatch {

/// Reads a whole small file (a sysctl, a fixture, a web config or a
/// certificate). Throws SourceError naming the path and the OS error when
/// it cannot be read, and when it is larger than `max_bytes` (so a wrong
/// path cannot make a scrape read gigabytes).
std::string ReadSmallFile(const std::string& path, std::size_t max_bytes);

/// As ReadSmallFile, for files an operator names (the web config and the
/// files it names): refuses anything but a regular file, without blocking
/// in open() on a FIFO or a device that would never answer.
std::string ReadRegularFile(const std::string& path, std::size_t max_bytes);

}  // namespace portwatch
