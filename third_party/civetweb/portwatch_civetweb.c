/* CivetWeb as portwatch compiles it: CivetWeb's single source file (with
 * the edits of cmake/PortwatchCivetweb.cmake), plus what wraps it here. */

#if !defined(_WIN32)
/* The feature macros civetweb.c sets, before the first system header. */
#define _GNU_SOURCE
#define _XOPEN_SOURCE 600
#define _LARGEFILE_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <sys/socket.h>
#include <time.h>

/* CivetWeb's accept loop retries at once when accept() fails, so with the
 * file descriptor limit reached it spins on a core (thousands of calls a
 * second) until a descriptor frees up. Its accept() goes through this
 * instead: after a failure for want of descriptors or memory it waits,
 * 5 ms doubling up to 1 s (as Go's net/http), before CivetWeb polls again.
 * Only CivetWeb's master thread calls it. */
static int portwatch_accept(int listener, struct sockaddr *address,
                            socklen_t *length)
{
	static long backoff_ms = 0;
	const int sock = accept(listener, address, length);
	if (sock >= 0) {
		backoff_ms = 0;
	} else if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS
	           || errno == ENOMEM) {
		struct timespec pause;
		backoff_ms = backoff_ms == 0 ? 5 : backoff_ms * 2;
		if (backoff_ms > 1000) {
			backoff_ms = 1000;
		}
		pause.tv_sec = backoff_ms / 1000;
		pause.tv_nsec = (backoff_ms % 1000) * 1000000L;
		nanosleep(&pause, NULL);
	}
	return sock;
}
#define accept portwatch_accept
#endif

#include "civetweb.c"

#if !defined(_WIN32)
#undef accept
#endif

#include "portwatch_civetweb.h"

void portwatch_mg_close_after_response(struct mg_connection *conn)
{
	if (conn != NULL) {
		conn->must_close = 1;
	}
}

void portwatch_mg_defer_accept(struct mg_context *ctx, int seconds)
{
#if defined(__linux__) && defined(TCP_DEFER_ACCEPT)
	unsigned int i;
	if (ctx == NULL) {
		return;
	}
	for (i = 0; i < ctx->num_listening_sockets; i++) {
		(void)setsockopt(ctx->listening_sockets[i].sock,
		                 IPPROTO_TCP,
		                 TCP_DEFER_ACCEPT,
		                 &seconds,
		                 sizeof(seconds));
	}
#else
	(void)ctx;
	(void)seconds;
#endif
}
