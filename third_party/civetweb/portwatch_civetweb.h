/* What portwatch adds to the CivetWeb it compiles itself
 * (cmake/PortwatchCivetweb.cmake). C, like CivetWeb. */
#ifndef PORTWATCH_CIVETWEB_H
#define PORTWATCH_CIVETWEB_H

#ifdef __cplusplus
extern "C" {
#endif

struct mg_connection;
struct mg_context;

/* Marks `conn` to be closed after the response, so CivetWeb does not read
 * and discard the rest of a request body the handler never read. */
void portwatch_mg_close_after_response(struct mg_connection *conn);

/* Linux: sets TCP_DEFER_ACCEPT (`seconds`) on every listening socket, so
 * that a connection reaches accept(), and so a worker, only once its first
 * bytes arrive or `seconds` have passed. Elsewhere nothing. */
void portwatch_mg_defer_accept(struct mg_context *ctx, int seconds);

#ifdef __cplusplus
}
#endif

#endif /* PORTWATCH_CIVETWEB_H */
