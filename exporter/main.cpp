#include <string>
#include <vector>

#include "app.h"
#include "shutdown_signal.h"

int main(int argc, char** argv) {
  portwatch::BlockShutdownSignals();
  return portwatch::RunExporter(
      std::vector<std::string>(argv + 1, argv + argc));
}
