/* CivetWeb as portwatch compiles it: CivetWeb's single source file, plus
 * one function that needs its private struct mg_connection. Upstream has
 * no public call for it (Debian's source adds mg_disable_keep_alive in a
 * patch; the same line, under our own name, works with either source). */
#include "civetweb.c"

#include "portwatch_civetweb.h"

void portwatch_mg_close_after_response(struct mg_connection *conn)
{
	if (conn != NULL) {
		conn->must_close = 1;
	}
}
