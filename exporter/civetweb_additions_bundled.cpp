#include <portwatch_civetweb.h>

#include "exporter/civetweb_additions.h"

namespace portwatch {

void CloseAfterResponse(mg_connection* connection) {
  portwatch_mg_close_after_response(connection);
}

void DeferAcceptUntilData(mg_context* context, int seconds) {
  portwatch_mg_defer_accept(context, seconds);
}

}  // namespace portwatch
