/*
 * test_control.c - the control socket: the request line parser, the peer
 * credential policy, replacing a stale socket but never a live one or a
 * file that is not a socket, and (as root) a real connection from another
 * uid, refused with one JSON error line.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>
#include <jansson.h>

#include "control.h"
#include "t.h"
#include "xmalloc.h"

#define NOBODY	65534
#define A32	"aaaaaaaaaaaaaaaa" "aaaaaaaaaaaaaaaa"
#define WAIT_MS	10000		/* give up on a reply, not a time check */

static char	 tmpdir[] = "/tmp/test_control.XXXXXX";

/* The daemon side: echo the command back. */
static void
echo_cmd(struct ctl_client *cl, json_t *req, void *arg)
{
	(void)arg;
	control_reply(cl, json_pack("{s:b,s:O}", "ok", 1, "cmd",
	    json_object_get(req, "cmd")));
}

static int
parses(const char *line, size_t len, char *err, size_t errlen)
{
	json_t	*req;

	*err = '\0';
	if ((req = control_parse_request(line, len, err, errlen)) == NULL)
		return 0;
	json_decref(req);
	return 1;
}

/* The same for a NUL-terminated line. */
static int
ps(const char *line, char *err, size_t errlen)
{
	return parses(line, strlen(line), err, errlen);
}

static void
test_parse(void)
{
	char	 err[256], *big;
	size_t	 n;

	t_ok(ps("{\"cmd\":\"status\"}", err, sizeof(err)),
	    "parse: a plain request");
	t_ok(ps("{\"cmd\":\"list\",\"tag\":\"x\"} ", err, sizeof(err)),
	    "parse: fields and trailing space");
	t_ok(!parses("{\"cmd\":\"status\"}", 10, err, sizeof(err)),
	    "parse: only len bytes are read (a cut line is bad)");
	t_ok(!ps("", err, sizeof(err)) &&
	    strncmp(err, "bad request: ", 13) == 0, "parse: empty line");
	t_ok(!ps("not json", err, sizeof(err)), "parse: not JSON");
	t_ok(!ps("[\"cmd\"]", err, sizeof(err)) &&
	    strcmp(err, "bad request: expected an object with \"cmd\"") == 0,
	    "parse: an array is refused");
	t_ok(!ps("{\"tag\":\"x\"}", err, sizeof(err)),
	    "parse: no cmd");
	t_ok(!ps("{\"cmd\":7}", err, sizeof(err)),
	    "parse: cmd not a string");
	t_ok(!ps("{\"cmd\":\"\"}", err, sizeof(err)),
	    "parse: empty cmd");
	t_ok(!ps("{\"cmd\":\"St\\u0000x\"}", err, sizeof(err)),
	    "parse: cmd with NUL escape");
	t_ok(!ps("{\"cmd\":\"a\\nb\"}", err, sizeof(err)) &&
	    strcmp(err, "bad request: \"cmd\" is not a command name") == 0,
	    "parse: cmd with a newline");
	t_ok(!ps("{\"cmd\":\"" A32 "a\"}", err,
	    sizeof(err)), "parse: cmd of 33 letters");
	t_ok(ps("{\"cmd\":\"" A32 "\"}", err,
	    sizeof(err)), "parse: cmd of 32 letters");
	t_ok(!ps("{\"cmd\":\"a\",\"cmd\":\"b\"}", err, sizeof(err)),
	    "parse: duplicate keys");
	t_ok(!parses("{\"cmd\":\"status\"}\0junk", 21, err, sizeof(err)),
	    "parse: a NUL byte in the line");
	t_ok(!ps("{\"cmd\":\"status\"} {}", err, sizeof(err)),
	    "parse: two values on one line");
	t_ok(!ps("{\"cmd\":\"st\xff\"}", err, sizeof(err)),
	    "parse: invalid UTF-8");

	/* Exactly the limit passes; one byte more does not. */
	big = xmalloc(CONTROL_REQUEST_MAX + 2);
	n = (size_t)snprintf(big, 64, "{\"cmd\":\"import\",\"opml\":\"");
	memset(big + n, 'a', CONTROL_REQUEST_MAX - n - 2);
	memcpy(big + CONTROL_REQUEST_MAX - 2, "\"}", 3);
	t_ok(parses(big, CONTROL_REQUEST_MAX, err, sizeof(err)),
	    "parse: a request of exactly the limit");
	memmove(big + n + 1, big + n, CONTROL_REQUEST_MAX - n + 1);
	t_ok(!parses(big, CONTROL_REQUEST_MAX + 1, err, sizeof(err)),
	    "parse: one byte over the limit");
	t_streq(err, "request longer than 1048576 bytes",
	    "parse: the oversize message");
	free(big);
}

static void
test_policy(void)
{
	gid_t	 g[] = { 100, 27, 998 };

	t_ok(control_peer_allowed(0, 0, NULL, 0, 1000, 1000),
	    "policy: root");
	t_ok(control_peer_allowed(0, 5, NULL, 0, 1000, 1000),
	    "policy: root with another gid");
	t_ok(control_peer_allowed(1000, 50, NULL, 0, 1000, 1000),
	    "policy: the daemon's own uid");
	t_ok(control_peer_allowed(1001, 998, NULL, 0, 1000, 998),
	    "policy: primary gid is the socket's group");
	t_ok(control_peer_allowed(1001, 1001, g, 3, 1000, 998),
	    "policy: supplementary group is the socket's group");
	t_ok(!control_peer_allowed(1001, 1001, g, 2, 1000, 998),
	    "policy: ngroups bounds the list");
	t_ok(!control_peer_allowed(1001, 1001, g, 3, 1000, 1000),
	    "policy: another user, no shared group");
	t_ok(!control_peer_allowed(NOBODY, NOBODY, NULL, 0, 1000, 1000),
	    "policy: nobody");
	t_ok(!control_peer_allowed(1000, 1000, NULL, 0, 0, 0),
	    "policy: a user, root's daemon and group");
	t_ok(control_peer_allowed(1000, 1000, g, 3, 0, 27),
	    "policy: a user in the group of root's socket");
}

/* The address of path; the paths here are short, tmpdir-based. */
static void
sun_of(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) < sizeof(sun->sun_path))
		memcpy(sun->sun_path, path, strlen(path) + 1);
}

static int
unix_connect(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	sun_of(path, &sun);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A socket file with nobody listening: what a crashed daemon leaves. */
static int
make_stale(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd, rv;

	sun_of(path, &sun);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	rv = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
	return rv;
}

/*
 * Send req on fd and read one reply line while the loop runs; the line
 * (owned, newline dropped) or NULL.
 */
static char *
converse(struct ev_loop *loop, int fd, const char *req)
{
	char		 buf[4096], *nl;
	size_t		 have = 0;
	ssize_t		 n;
	struct pollfd	 pfd;
	int		 waited = 0;

	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		return NULL;
	while (waited < WAIT_MS && have < sizeof(buf) - 1) {
		ev_run(loop, EVRUN_NOWAIT);
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 10) == 1) {
			n = read(fd, buf + have, sizeof(buf) - 1 - have);
			if (n <= 0)
				break;
			have += (size_t)n;
		} else
			waited += 10;
	}
	buf[have] = '\0';
	if ((nl = strchr(buf, '\n')) == NULL)
		return NULL;
	*nl = '\0';
	return xstrdup(buf);
}

static void
test_socket(struct ev_loop *loop)
{
	struct control	*c, *c2;
	struct stat	 st;
	char		 path[128], file[192], err[256], *r;
	int		 fd;

	snprintf(path, sizeof(path), "%s/feedd.sock", tmpdir);
	t_ok(make_stale(path) == 0 && lstat(path, &st) == 0 &&
	    S_ISSOCK(st.st_mode), "stale: a dead socket file exists");
	t_ok((fd = unix_connect(path)) == -1 && errno == ECONNREFUSED,
	    "stale: nobody answers on it");
	c = control_new(loop, path, echo_cmd, NULL, err, sizeof(err));
	t_ok(c != NULL, "stale: replaced");
	if (c == NULL) {
		printf("# %s\n", err);
		return;
	}
	t_ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0660,
	    "socket mode 0660");
	fd = unix_connect(path);
	t_ok(fd != -1, "live: connect");
	r = converse(loop, fd, "{\"cmd\":\"status\"}\n");
	t_streq(r, "{\"ok\":true,\"cmd\":\"status\"}", "live: a request");
	free(r);
	close(fd);

	fd = unix_connect(path);
	r = converse(loop, fd, "{\"cmd\":\"status\"\n");
	t_ok(r != NULL && strncmp(r, "{\"ok\":false,\"error\":\"bad request: ",
	    34) == 0, "live: malformed line gets one error line");
	free(r);
	close(fd);

	c2 = control_new(loop, path, echo_cmd, NULL, err, sizeof(err));
	t_ok(c2 == NULL, "second daemon: refused");
	snprintf(file, sizeof(file), "%s: in use by another feedd", path);
	t_streq(err, file, "second daemon: the error names the path");
	control_free(c2);
	fd = unix_connect(path);
	r = converse(loop, fd, "{\"cmd\":\"list\"}\n");
	t_streq(r, "{\"ok\":true,\"cmd\":\"list\"}",
	    "second daemon: the first still answers");
	free(r);
	close(fd);
	control_free(c);
	t_ok(lstat(path, &st) == -1 && errno == ENOENT,
	    "control_free unlinks the socket");

	snprintf(file, sizeof(file), "%s/feedd.db", tmpdir);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	t_ok(fd != -1 && write(fd, "data", 4) == 4, "a regular file");
	close(fd);
	c = control_new(loop, file, echo_cmd, NULL, err, sizeof(err));
	t_ok(c == NULL && strstr(err, "is not a socket") != NULL,
	    "a regular file at the path is refused");
	t_ok(stat(file, &st) == 0 && st.st_size == 4,
	    "... and left alone");
	control_free(c);
	unlink(file);
}

/*
 * Connect from a child running as uid/gid, send a request, hand the reply
 * line back through a pipe, while the parent runs the loop.
 */
static char *
as_user(struct ev_loop *loop, const char *path, uid_t uid, gid_t gid)
{
	char	 buf[4096], *nl;
	pid_t	 pid;
	int	 p[2], status, done = 0, i;
	ssize_t	 n;
	size_t	 have = 0;

	if (pipe(p) == -1)
		return NULL;
	if ((pid = fork()) == -1)
		return NULL;
	if (pid == 0) {
		int	 fd;

		close(p[0]);
		if (setgroups(0, NULL) == -1 || setgid(gid) == -1 ||
		    setuid(uid) == -1)
			_exit(2);
		if ((fd = unix_connect(path)) == -1) {
			dprintf(p[1], "connect: %s\n", strerror(errno));
			_exit(3);
		}
		if (write(fd, "{\"cmd\":\"status\"}\n", 17) != 17)
			_exit(4);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(p[1], buf, (size_t)n) != n)
				_exit(5);
		_exit(0);
	}
	close(p[1]);
	for (i = 0; i < WAIT_MS / 10 && !done; i++) {
		ev_run(loop, EVRUN_NOWAIT);
		if (waitpid(pid, &status, WNOHANG) == pid)
			done = 1;
		else
			usleep(10000);
	}
	if (!done) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	while (have < sizeof(buf) - 1 &&
	    (n = read(p[0], buf + have, sizeof(buf) - 1 - have)) > 0)
		have += (size_t)n;
	close(p[0]);
	buf[have] = '\0';
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	return xstrdup(buf);
}

static void
test_peer(struct ev_loop *loop)
{
	struct control	*c;
	char		 path[128], err[256], *r;
	int		 i;

	if (geteuid() != 0) {
		for (i = 0; i < 3; i++)
			printf("ok %d # SKIP another uid needs root\n",
			    ++t_count);
		return;
	}
	snprintf(path, sizeof(path), "%s/peer.sock", tmpdir);
	c = control_new(loop, path, echo_cmd, NULL, err, sizeof(err));
	if (c == NULL) {
		printf("# %s\n", err);
		t_ok(0, "peer: control_new");
		return;
	}
	/* Open the file system fence, so only the credential check stands. */
	if (chmod(tmpdir, 0711) == -1 || chmod(path, 0666) == -1)
		printf("# chmod: %s\n", strerror(errno));
	r = as_user(loop, path, NOBODY, NOBODY);
	t_streq(r, "{\"ok\":false,\"error\":\"permission denied: uid 65534\"}",
	    "peer: another uid is refused with one error line");
	free(r);
	r = as_user(loop, path, NOBODY, getegid());
	t_streq(r, "{\"ok\":true,\"cmd\":\"status\"}",
	    "peer: another uid in the socket's group is served");
	free(r);
	t_ok(control_clients(c) == 0, "peer: no client left behind");
	control_free(c);
}

int
main(void)
{
	struct ev_loop	*loop;

	test_parse();
	test_policy();
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	loop = ev_loop_new(EVFLAG_AUTO);
	test_socket(loop);
	test_peer(loop);
	ev_loop_destroy(loop);
	rmdir(tmpdir);
	return t_done();
}
