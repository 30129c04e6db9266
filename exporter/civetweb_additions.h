#pragma once

struct mg_connection;
struct mg_context;

namespace portwatch {

// What portwatch adds to CivetWeb. With the CivetWeb portwatch compiles
// (third_party/civetweb) both work; with an installed CivetWeb, which has
// neither, they do nothing (civetweb_additions_upstream.cpp).

/// Makes CivetWeb close `connection` after the response instead of reading
/// and discarding the rest of the request (a body portwatch never reads),
/// or keeping it open for another request. Without it, CivetWeb still
/// discards the body, bounded by its request timeout.
void CloseAfterResponse(mg_connection* connection);

/// Linux: lets the kernel hand a connection to CivetWeb only once its
/// first bytes arrive, or after `seconds` (TCP_DEFER_ACCEPT), so that
/// connections that send nothing do not each hold one of CivetWeb's
/// workers (a thread per connection) while they wait. Elsewhere nothing.
void DeferAcceptUntilData(mg_context* context, int seconds);

}  // namespace portwatch
