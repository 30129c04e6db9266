#pragma once

struct mg_connection;

namespace portwatch {

/// Makes CivetWeb close `connection` after the response instead of reading
/// and discarding the rest of the request (a body portwatch never reads).
/// With the CivetWeb portwatch compiles (third_party/civetweb) the
/// connection is closed at once; with an installed CivetWeb, which has no
/// such call, CivetWeb still discards the body, bounded by its request
/// timeout.
void CloseAfterResponse(mg_connection* connection);

}  // namespace portwatch
