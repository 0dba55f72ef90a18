/*
 * control.h - the daemon's control socket: a Unix stream socket (mode
 * 0660) on the event loop.  Each connection carries one request, a JSON
 * object on one line, and gets one reply line; the reply may come later
 * (feedctl refresh --wait), so a client lives until it is answered.
 */
#ifndef CONTROL_H
#define CONTROL_H

#include <sys/types.h>

#include <stddef.h>

#include <jansson.h>

/* The longest request line, newline excluded: an OPML import fits. */
#define CONTROL_REQUEST_MAX	(1024 * 1024)

struct ev_loop;
struct control;
struct ctl_client;

/* Called with each request; reply with control_reply(), now or later. */
typedef void (*control_fn)(struct ctl_client *, json_t *req, void *arg);

/*
 * Listen on path.  A socket file left by a dead daemon is replaced; one a
 * live daemon answers on is not (NULL, "PATH: in use by another feedd"),
 * nor is a file at path that is not a socket.  Only root, the daemon's
 * own user and members of the socket file's group may talk to it; others
 * get one error line and are logged.
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

/*
 * One request line (len bytes, no newline, need not be NUL-terminated):
 * a JSON object whose "cmd" is a short lower-case word.  The request,
 * owned, or NULL with the reason in err (what the client is told).
 */
json_t		*control_parse_request(const char *line, size_t len,
		    char *err, size_t errlen);

/*
 * The peer credential policy, pure: 1 when a peer of uid/gid in the
 * groups (its supplementary groups, may be NULL) may use a socket owned
 * by self_uid with group sock_gid: root, self_uid, or sock_gid among the
 * peer's groups.  0 otherwise.
 */
int		 control_peer_allowed(uid_t uid, gid_t gid, const gid_t *groups,
		    size_t ngroups, uid_t self_uid, gid_t sock_gid);

#endif
