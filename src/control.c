/*
 * control.c - the control socket: accept, read one JSON line per
 * connection (bounded in size and time), hand it to the daemon, write the
 * reply, close.  Everything is non-blocking on the daemon's event loop; a
 * client that vanishes costs a closed descriptor, never the daemon.
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
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

#define REQUEST_MAX	(1024 * 1024)	/* an OPML import fits */
#define READ_TIMEOUT	30.0		/* seconds to send a request */
#define MAX_CLIENTS	1024

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

static void
client_request(struct ctl_client *cl, const char *line)
{
	json_t		*req;
	json_error_t	 jerr;

	ev_io_stop(cl->c->loop, &cl->io);
	ev_timer_stop(cl->c->loop, &cl->timer);
	cl->answered = 1;
	req = json_loads(line, JSON_REJECT_DUPLICATES, &jerr);
	if (req == NULL || !json_is_object(req) ||
	    !json_is_string(json_object_get(req, "cmd"))) {
		control_reply_error(cl, "bad request: %s", req == NULL ?
		    jerr.text : "expected an object with \"cmd\"");
		json_decref(req);
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

	(void)loop;
	(void)revents;
	n = recv(cl->fd, chunk, sizeof(chunk), 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_close(cl);
		return;
	}
	buf_add(&cl->in, chunk, (size_t)n);
	if ((nl = memchr(cl->in.data, '\n', cl->in.len)) != NULL) {
		*nl = '\0';
		client_request(cl, cl->in.data);
	} else if (cl->in.len > REQUEST_MAX) {
		cl->answered = 1;
		control_reply_error(cl, "request longer than %d bytes",
		    REQUEST_MAX);
	}
}

static void
client_timeout(EV_P_ ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	client_close(w->data);
}

static void
control_accept(EV_P_ ev_io *w, int revents)
{
	struct control		*c = w->data;
	struct ctl_client	*cl;
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
}

/* 1 when a daemon answers on path. */
static int
socket_alive(const struct sockaddr_un *sun)
{
	int	 fd, alive;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	alive = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0;
	close(fd);
	return alive;
}

struct control *
control_new(struct ev_loop *loop, const char *path, control_fn fn,
    void *arg, char *err, size_t errlen)
{
	struct control		*c;
	struct sockaddr_un	 sun;
	mode_t			 old;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "%s: socket path too long", path);
		return NULL;
	}
	strcpy(sun.sun_path, path);
	if (socket_alive(&sun)) {
		snprintf(err, errlen, "%s: in use by another feedd", path);
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
	if (chmod(path, 0660) == -1 || listen(fd, 64) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
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
