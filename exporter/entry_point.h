#pragma once

#include <string>
#include <vector>

namespace portwatch {

/// The process entry after main: on Linux runs the exporter; on Windows
/// runs it as a service when the service manager started the process and
/// from the console otherwise. Returns the exit code.
int RunMain(const std::vector<std::string>& args);

}  // namespace portwatch
