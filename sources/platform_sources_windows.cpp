#include <stdexcept>

#include "sources/platform_sources.h"
#include "sources/port_range/port_range_source_windows.h"
#include "sources/port_range/tcpip_parameters_windows.h"
#include "sources/process/process_directory_windows.h"
#include "sources/sockets/serialized_socket_source.h"
#include "sources/sockets/socket_source_windows.h"

namespace portwatch {

void ValidateSourceOptions(const SourceOptions& /*options*/) {}

PlatformSources MakePlatformSources(const SourceOptions& options) {
  PlatformSources sources;
  sources.sockets = std::make_unique<SerializedSocketSource>(
      std::make_unique<WindowsSocketSource>());
  sources.port_ranges =
      std::make_unique<WindowsPortRangeSource>(options.excluded_port_ranges);
  sources.tcpip_parameters = std::make_unique<RegistryTcpipParameters>();
  sources.process_names = std::make_unique<ImageProcessNames>(
      std::make_unique<WindowsProcessDirectory>());
  return sources;
}

}  // namespace portwatch
