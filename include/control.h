/*
 * control.h - the daemon's control socket: a Unix stream socket (mode
 * 0660) on the event loop.  Each connection carries one request, a JSON
 * object on one line, and gets one reply line; the reply may come later
 * (feedctl refresh --wait), so a client lives until it is answered.
 */
#ifndef CONTROL_H
#define CONTROL_H

#include <stddef.h>

#include <jansson.h>

struct ev_loop;
struct control;
struct ctl_client;

/* Called with each request; reply with control_reply(), now or later. */
typedef void (*control_fn)(struct ctl_client *, json_t *req, void *arg);

/*
 * Listen on path.  A socket file left by a dead daemon is replaced; one a
 * live daemon answers on is not (-1, "... is in use").
 */
struct control	*control_new(struct ev_loop *, const char *path, control_fn,
		    void *arg, char *err, size_t errlen);
/* Send resp (taken over) and close the connection. */
void		 control_reply(struct ctl_client *, json_t *resp);
/* The same for an error: {"ok":false,"error":msg}. */
void		 control_reply_error(struct ctl_client *, const char *fmt, ...)
		    __attribute__((__format__(printf, 2, 3)));
size_t		 control_clients(const struct control *);
/* Closes every connection (unanswered ones without a reply), unlinks. */
void		 control_free(struct control *);

#endif
