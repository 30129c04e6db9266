#include "app.h"
#include "entry_point.h"
#include "shutdown_signal.h"

namespace portwatch {

int RunMain(const std::vector<std::string>& args) {
  BlockShutdownSignals();
  return RunExporter(args);
}

}  // namespace portwatch
