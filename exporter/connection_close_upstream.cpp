#include "connection_close.h"

namespace portwatch {

// Upstream CivetWeb has no way for a handler to skip draining the body.
void CloseAfterResponse(mg_connection*) {}

}  // namespace portwatch
