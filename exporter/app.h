#pragma once

#include <string>
#include <vector>

namespace portwatch {

/// Runs the exporter with command-line `args` (without the program name)
/// until a shutdown signal. Returns the process exit code: 0 after a clean
/// stop or --help/--version, 1 when it cannot start, 2 for a bad command
/// line. Prints one-line errors; never throws.
int RunExporter(const std::vector<std::string>& args);

}  // namespace portwatch
