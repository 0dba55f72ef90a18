/*
 * control.c - the control socket: accept, read one JSON line per
 * connection (bounded in size and time), hand it to the daemon, write the
 * reply, close.  Everything is non-blocking on the daemon's event loop; a
 * client that vanishes costs a closed descriptor, never the daemon.  Peers
 * are checked by their kernel credentials (SO_PEERCRED) on accept: the
 * socket mode is the first fence, this the second.
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>
#include <jansson.h>

#include "buf.h"
#include "control.h"
#include "log.h"
#include "xmalloc.h"

#define READ_TIMEOUT	30.0		/* seconds to send a request */
#define MAX_CLIENTS	1024
#define CMD_MAX		32		/* longest command word */
#define NGROUPS_GUESS	64		/* first try for getgrouplist() */

struct ctl_client {
	LIST_ENTRY(ctl_client)	 next;
	struct control		*c;
	int			 fd;
	ev_io			 io;
	ev_timer		 timer;
	struct buf		 in;
	char			*out;		/* the reply being written */
	size_t			 outlen, outoff;
	int			 answered;	/* handed to the daemon */
};

struct control {
	struct ev_loop		*loop;
	char			*path;
	int			 fd;
	ev_io			 accept_io;
	uid_t			 uid;		/* the daemon's euid */
	gid_t			 gid;		/* the socket file's group */
	control_fn		 fn;
	void			*arg;
	LIST_HEAD(, ctl_client)	 clients;
	size_t			 nclients;
};

static void
client_close(struct ctl_client *cl)
{
	struct control	*c = cl->c;

	ev_io_stop(c->loop, &cl->io);
	ev_timer_stop(c->loop, &cl->timer);
	close(cl->fd);
	LIST_REMOVE(cl, next);
	c->nclients--;
	buf_free(&cl->in);
	free(cl->out);
	free(cl);
	if (c->nclients == MAX_CLIENTS - 1)
		ev_io_start(c->loop, &c->accept_io);
}

static void
client_write(EV_P_ ev_io *w, int revents)
{
	struct ctl_client	*cl = w->data;
	ssize_t			 n;

	(void)loop;
	(void)revents;
	while (cl->outoff < cl->outlen) {
		n = send(cl->fd, cl->out + cl->outoff,
		    cl->outlen - cl->outoff, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;		/* the watcher calls again */
		if (n <= 0) {
			log_debug("control: client gone: %s", strerror(errno));
			break;
		}
		cl->outoff += (size_t)n;
	}
	client_close(cl);
}

void
control_reply(struct ctl_client *cl, json_t *resp)
{
	struct control	*c = cl->c;
	char		*s;

	s = json_dumps(resp, JSON_COMPACT);
	json_decref(resp);
	if (s == NULL)
		s = xstrdup("{\"ok\":false,\"error\":\"cannot encode the reply\"}");
	xasprintf(&cl->out, "%s\n", s);
	free(s);
	cl->outlen = strlen(cl->out);
	ev_io_stop(c->loop, &cl->io);
	ev_timer_stop(c->loop, &cl->timer);
	/* A reader that never reads must not hold the reply forever. */
	ev_timer_set(&cl->timer, READ_TIMEOUT, 0.);
	ev_timer_start(c->loop, &cl->timer);
	ev_io_init(&cl->io, client_write, cl->fd, EV_WRITE);
	cl->io.data = cl;
	ev_io_start(c->loop, &cl->io);
}

void
control_reply_error(struct ctl_client *cl, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	control_reply(cl, json_pack("{s:b,s:s}", "ok", 0, "error", msg));
}

/* A command is a short word of [a-z-], so it is safe to echo and log. */
static int
cmd_valid(const char *cmd)
{
	size_t	 i;

	for (i = 0; cmd[i] != '\0'; i++)
		if (i == CMD_MAX || ((cmd[i] < 'a' || cmd[i] > 'z') &&
		    cmd[i] != '-'))
			return 0;
	return i > 0;
}

json_t *
control_parse_request(const char *line, size_t len, char *err,
    size_t errlen)
{
	json_t		*req, *cmd;
	json_error_t	 jerr;

	if (len > CONTROL_REQUEST_MAX) {
		snprintf(err, errlen, "request longer than %d bytes",
		    CONTROL_REQUEST_MAX);
		return NULL;
	}
	/* json_loadb() rejects a NUL outside strings; JSON_ALLOW_NUL is off. */
	if ((req = json_loadb(line, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		snprintf(err, errlen, "bad request: %s", jerr.text);
		return NULL;
	}
	cmd = json_object_get(req, "cmd");
	if (!json_is_object(req) || !json_is_string(cmd)) {
		snprintf(err, errlen, "bad request: expected an object with "
		    "\"cmd\"");
		json_decref(req);
		return NULL;
	}
	if (!cmd_valid(json_string_value(cmd))) {
		snprintf(err, errlen, "bad request: \"cmd\" is not a command "
		    "name");
		json_decref(req);
		return NULL;
	}
	return req;
}

static void
client_request(struct ctl_client *cl, const char *line, size_t len)
{
	json_t	*req;
	char	 err[256];

	ev_io_stop(cl->c->loop, &cl->io);
	ev_timer_stop(cl->c->loop, &cl->timer);
	cl->answered = 1;
	if ((req = control_parse_request(line, len, err,
	    sizeof(err))) == NULL) {
		control_reply_error(cl, "%s", err);
		return;
	}
	cl->c->fn(cl, req, cl->c->arg);
	json_decref(req);
}

static void
client_read(EV_P_ ev_io *w, int revents)
{
	struct ctl_client	*cl = w->data;
	char			 chunk[8192], *nl;
	ssize_t			 n;
	size_t			 old;

	(void)loop;
	(void)revents;
	n = recv(cl->fd, chunk, sizeof(chunk), 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_close(cl);
		return;
	}
	/* Only the new bytes are searched: a slow 1 MB line stays linear. */
	old = cl->in.len;
	buf_add(&cl->in, chunk, (size_t)n);
	if ((nl = memchr(cl->in.data + old, '\n', (size_t)n)) != NULL)
		client_request(cl, cl->in.data, (size_t)(nl - cl->in.data));
	else if (cl->in.len > CONTROL_REQUEST_MAX) {
		cl->answered = 1;
		control_reply_error(cl, "request longer than %d bytes",
		    CONTROL_REQUEST_MAX);
	}
}

static void
client_timeout(EV_P_ ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	client_close(w->data);
}

int
control_peer_allowed(uid_t uid, gid_t gid, const gid_t *groups,
    size_t ngroups, uid_t self_uid, gid_t sock_gid)
{
	size_t	 i;

	if (uid == 0 || uid == self_uid || gid == sock_gid)
		return 1;
	for (i = 0; i < ngroups; i++)
		if (groups[i] == sock_gid)
			return 1;
	return 0;
}

/*
 * The supplementary groups of uid from the user database, owned, or NULL
 * (none known: a uid without a passwd entry has only its gid).
 */
static gid_t *
peer_groups(uid_t uid, size_t *ngroups)
{
	struct passwd	 pw, *res = NULL;
	char		*pwbuf;
	gid_t		*groups;
	long		 sz;
	int		 n = NGROUPS_GUESS, want;

	*ngroups = 0;
	if ((sz = sysconf(_SC_GETPW_R_SIZE_MAX)) <= 0)
		sz = 16384;
	pwbuf = xmalloc((size_t)sz);
	if (getpwuid_r(uid, &pw, pwbuf, (size_t)sz, &res) != 0 ||
	    res == NULL) {
		free(pwbuf);
		return NULL;
	}
	groups = xcalloc((size_t)n, sizeof(*groups));
	want = n;
	if (getgrouplist(pw.pw_name, pw.pw_gid, groups, &want) == -1) {
		/* want now holds the real count. */
		free(groups);
		n = want;
		groups = xcalloc((size_t)n, sizeof(*groups));
		if (getgrouplist(pw.pw_name, pw.pw_gid, groups, &n) == -1)
			n = 0;
	} else
		n = want;
	free(pwbuf);
	*ngroups = (size_t)n;
	return groups;
}

/* 1 when the peer on fd may talk to us; its uid in *uid either way. */
static int
peer_check(const struct control *c, int fd, uid_t *uid)
{
	struct ucred	 cr;
	socklen_t	 len = sizeof(cr);
	gid_t		*groups;
	size_t		 ngroups;
	int		 ok;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1) {
		log_warn("control: SO_PEERCRED");
		*uid = (uid_t)-1;
		return 0;
	}
	*uid = cr.uid;
	/* The quick answers first: no user database lookup for them. */
	if (control_peer_allowed(cr.uid, cr.gid, NULL, 0, c->uid, c->gid))
		return 1;
	groups = peer_groups(cr.uid, &ngroups);
	ok = control_peer_allowed(cr.uid, cr.gid, groups, ngroups, c->uid,
	    c->gid);
	free(groups);
	return ok;
}

static void
control_accept(EV_P_ ev_io *w, int revents)
{
	struct control		*c = w->data;
	struct ctl_client	*cl;
	uid_t			 uid;
	int			 fd;

	(void)loop;
	(void)revents;
	if ((fd = accept4(c->fd, NULL, NULL, SOCK_NONBLOCK |
	    SOCK_CLOEXEC)) == -1) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED)
			log_warn("control: accept");
		return;
	}
	cl = xcalloc(1, sizeof(*cl));
	cl->c = c;
	cl->fd = fd;
	LIST_INSERT_HEAD(&c->clients, cl, next);
	if (++c->nclients == MAX_CLIENTS)
		ev_io_stop(c->loop, &c->accept_io);
	ev_io_init(&cl->io, client_read, fd, EV_READ);
	cl->io.data = cl;
	ev_io_start(c->loop, &cl->io);
	ev_timer_init(&cl->timer, client_timeout, READ_TIMEOUT, 0.);
	cl->timer.data = cl;
	ev_timer_start(c->loop, &cl->timer);
	if (!peer_check(c, fd, &uid)) {
		log_warnx("control: refused a connection from uid %ld",
		    uid == (uid_t)-1 ? -1L : (long)uid);
		cl->answered = 1;
		control_reply_error(cl, "permission denied: uid %ld",
		    uid == (uid_t)-1 ? -1L : (long)uid);
	}
}

/*
 * 1 when a daemon listens on the socket (a full backlog counts: the probe
 * does not block on it), 0 when nobody does, -1 and errno when we cannot
 * tell (e.g. EACCES): then nothing may be unlinked.
 */
static int
socket_alive(const struct sockaddr_un *sun)
{
	int	 fd, rv, saved;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0)
		rv = 1;
	else if (errno == EAGAIN || errno == EINPROGRESS)
		rv = 1;
	else if (errno == ECONNREFUSED || errno == ENOENT)
		rv = 0;
	else
		rv = -1;
	saved = errno;
	close(fd);
	errno = saved;
	return rv;
}

struct control *
control_new(struct ev_loop *loop, const char *path, control_fn fn,
    void *arg, char *err, size_t errlen)
{
	struct control		*c;
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 old;
	int			 fd, alive;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "%s: socket path too long", path);
		return NULL;
	}
	strcpy(sun.sun_path, path);
	/* Replace only a socket: a mistyped path must not cost a file. */
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "%s: exists and is not a socket", path);
		return NULL;
	}
	if ((alive = socket_alive(&sun)) == 1) {
		snprintf(err, errlen, "%s: in use by another feedd", path);
		return NULL;
	}
	if (alive == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (unlink(path) == -1 && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return NULL;
	}
	old = umask(0117);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		umask(old);
		close(fd);
		return NULL;
	}
	umask(old);
	if (chmod(path, 0660) == -1 || stat(path, &st) == -1 ||
	    listen(fd, 64) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->uid = geteuid();
	/* The group the file got (a setgid directory's), not just our egid. */
	c->gid = st.st_gid;
	c->loop = loop;
	c->path = xstrdup(path);
	c->fd = fd;
	c->fn = fn;
	c->arg = arg;
	LIST_INIT(&c->clients);
	ev_io_init(&c->accept_io, control_accept, fd, EV_READ);
	c->accept_io.data = c;
	ev_io_start(loop, &c->accept_io);
	return c;
}

size_t
control_clients(const struct control *c)
{
	return c->nclients;
}

void
control_free(struct control *c)
{
	if (c == NULL)
		return;
	while (!LIST_EMPTY(&c->clients))
		client_close(LIST_FIRST(&c->clients));
	ev_io_stop(c->loop, &c->accept_io);
	close(c->fd);
	unlink(c->path);
	free(c->path);
	free(c);
}
