#pragma once

#include <functional>
#include <string>
#include <vector>

namespace portwatch {

/// Runs the exporter with command-line `args` (without the program name)
/// until a shutdown signal. Returns the process exit code: 0 after a clean
/// stop or --help/--version, 1 when it cannot start, 2 for a bad command
/// line. Prints one-line errors; never throws.
/// `on_serving`, when given, is called once the HTTP server listens (the
/// Windows service reports RUNNING then).
int RunExporter(const std::vector<std::string>& args,
                const std::function<void()>& on_serving = {});

}  // namespace portwatch
