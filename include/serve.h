/*
 * serve.h - serving the output directory over HTTP from the daemon's
 * libev loop (libmicrohttpd, no threads of its own): GET and HEAD of the
 * published files with ETag/Last-Modified, 304s and gzip, plus /healthz
 * and /metrics.
 */
#ifndef SERVE_H
#define SERVE_H

#include <stddef.h>

struct buf;
struct ev_loop;
struct server;

/* Called for GET /metrics: append Prometheus text exposition to out. */
typedef void (*serve_metrics_fn)(struct buf *out, void *arg);

/*
 * listen is "127.0.0.1:8080", "[::1]:8080", ":8080" or "*:8080" (all
 * addresses); numeric addresses only.  The socket is bound before this
 * returns, so the caller may drop root afterwards.  root is the directory
 * served; it need not exist yet.  NULL with a message in err on failure.
 */
struct server	*serve_new(struct ev_loop *, const char *listen,
		    const char *root, serve_metrics_fn, void *arg,
		    char *err, size_t errlen);
/* Stops the watchers, closes the socket and every connection. NULL is ok. */
void		 serve_free(struct server *);
/* The bound port (the real one when the listen string asked for port 0). */
int		 serve_port(const struct server *);

#endif
