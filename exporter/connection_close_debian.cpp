#include <civetweb.h>

#include "connection_close.h"

namespace portwatch {

void CloseAfterResponse(mg_connection* connection) {
  mg_disable_keep_alive(connection);
}

}  // namespace portwatch
