#include "collectors/tcp/tcp_collector.h"

namespace portwatch {

// GetExtendedTcpTable is the one way to read the table: nothing to choose.
void DeclareTcpSourceFlags(FlagSet& /*flags*/, SourceOptions& /*sources*/) {}

}  // namespace portwatch
