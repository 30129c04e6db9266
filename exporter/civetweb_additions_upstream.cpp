#include "exporter/civetweb_additions.h"

namespace portwatch {

// Upstream CivetWeb has no way for a handler to skip draining the body.
void CloseAfterResponse(mg_connection*) {}

// Nor a way to reach its listening sockets.
void DeferAcceptUntilData(mg_context*, int) {}

}  // namespace portwatch
