#include <portwatch_civetweb.h>

#include "connection_close.h"

namespace portwatch {

void CloseAfterResponse(mg_connection* connection) {
  portwatch_mg_close_after_response(connection);
}

}  // namespace portwatch
