#include <sys/resource.h>

#include "exporter/app.h"
#include "exporter/entry_point.h"
#include "exporter/shutdown_signal.h"

namespace portwatch {

int RunMain(const std::vector<std::string>& args) {
  BlockShutdownSignals();
  // Every connection is a descriptor: use all the process may have, as
  // Go programs do (the soft limit is often 1024, the hard one far more).
  rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 &&
      files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  return RunExporter(args);
}

}  // namespace portwatch
