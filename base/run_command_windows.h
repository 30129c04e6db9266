#pragma once

#include <string>

namespace portwatch {

/// Runs a command line without a console window and returns its output
/// (at most 1 MiB kept); throws SourceError when it cannot be started,
/// exits non-zero or runs longer than 5 s (it is then killed, so a hung
/// netsh cannot hold up scrapes or a service stop).
std::string RunCommand(const std::string& command);

}  // namespace portwatch
