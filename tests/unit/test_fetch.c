/*
 * test_fetch.c - the fetcher against tests/httpd.py on 127.0.0.1: every
 * case of a round is submitted at once on one libev loop, then each
 * result is checked (bodies, validators, limits, redirects, the address
 * guard, file:// handling, aborting).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "fetch.h"
#include "t.h"

#define RSS "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
	"<rss version=\"2.0\"><channel><title>Fixture</title>" \
	"<item><title>One</title><link>http://example.org/1</link></item>" \
	"</channel></rss>\n"
/* "中文" in GBK is D6D0 CEC4. */
#define GBK "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>" \
	"<title>\xd6\xd0\xce\xc4</title></channel></rss>\n"
#define FILEBODY "<rss version=\"2.0\"><channel><title>file</title>" \
	"</channel></rss>\n"
#define MAXSLOTS 32
#define CASE_SLOW 3		/* indexes into round1 */
#define CASE_GUARD 14

struct slot {
	struct fetch_result	*r;
	double			 when;	/* wall seconds after the round began */
	int			 calls;
};

struct round {
	struct ev_loop	*loop;
	struct fetcher	*f;
	struct slot	 slots[MAXSLOTS];
	int		 want, got;
	int		 free_in_cb;	/* call fetch_free from the callback */
	double		 start;
};

static pid_t	 server_pid = -1;
static int	 port;

static void
server_stop(void)
{
	int	 status;

	if (server_pid <= 0)
		return;
	kill(server_pid, SIGTERM);
	while (waitpid(server_pid, &status, 0) == -1 && errno == EINTR)
		;
	server_pid = -1;
}

static int
server_start(void)
{
	const char	*dir;
	char		 path[1024], line[32];
	struct pollfd	 pfd;
	size_t		 n = 0;
	ssize_t		 r;
	int		 p[2];

	dir = getenv("TESTDIR");
	if (dir != NULL)
		snprintf(path, sizeof(path), "%s/httpd.py", dir);
	else
		snprintf(path, sizeof(path), "tests/httpd.py");
	if (pipe(p) == -1)
		return -1;
	if ((server_pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (server_pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		execlp("python3", "python3", path, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	while (n < sizeof(line) - 1 && memchr(line, '\n', n) == NULL) {
		if (poll(&pfd, 1, 10000) <= 0)
			break;
		if ((r = read(p[0], line + n, sizeof(line) - 1 - n)) <= 0)
			break;
		n += (size_t)r;
	}
	close(p[0]);
	line[n] = '\0';
	port = atoi(line);
	return port > 0 ? 0 : -1;
}

static void
done_cb(struct fetch_result *r, void *arg)
{
	struct round	*rd = arg;
	struct slot	*s = r->arg;

	s->calls++;
	if (s->r != NULL)
		fetch_result_free(s->r);
	s->r = r;
	s->when = ev_time() - rd->start;
	rd->got++;
	if (rd->free_in_cb) {
		fetch_free(rd->f);
		rd->f = NULL;
		ev_break(rd->loop, EVBREAK_ALL);
	} else if (rd->got == rd->want)
		ev_break(rd->loop, EVBREAK_ALL);
}

static void
watchdog_cb(struct ev_loop *loop, struct ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

static void
round_run(struct round *rd, double limit)
{
	struct ev_timer	 dog;

	ev_timer_init(&dog, watchdog_cb, limit, 0.);
	ev_timer_start(rd->loop, &dog);
	ev_run(rd->loop, 0);
	ev_timer_stop(rd->loop, &dog);
}

static void
round_clear(struct round *rd)
{
	int	 i;

	for (i = 0; i < MAXSLOTS; i++) {
		fetch_result_free(rd->slots[i].r);
		rd->slots[i].r = NULL;
		rd->slots[i].calls = 0;
	}
	rd->got = rd->want = 0;
}

static struct fetcher *
fetcher_for_tests(struct round *rd)
{
	struct fetch_limits	 lim;

	memset(&lim, 0, sizeof(lim));
	lim.max_connections = 16;
	lim.max_host_connections = 4;
	lim.connect_timeout = 2;
	lim.timeout = 2;
	lim.low_speed_limit = 1;
	lim.low_speed_time = 10;
	lim.max_body_size = 64 * 1024;
	lim.max_redirects = 3;
	return fetch_new(rd->loop, &lim, done_cb, rd);
}

static char *url_of(const char *);

/*
 * Transfers past the connection limit wait in the fetcher, and their
 * timeout starts when they start: four 1-second replies through one
 * connection with a 2-second timeout all succeed (queued inside libcurl,
 * the last would have waited 3 s and failed).
 */
static void
test_queue(struct round *rd)
{
	struct fetch_limits	 lim;
	struct fetch_req	 req;
	struct fetcher		*saved = rd->f;
	char			 err[256];
	int			 i, ok = 0;

	memset(&lim, 0, sizeof(lim));
	lim.max_connections = 1;
	lim.max_host_connections = 1;
	lim.connect_timeout = 2;
	lim.timeout = 2;
	lim.low_speed_limit = 1;
	lim.low_speed_time = 10;
	lim.max_body_size = 64 * 1024;
	rd->f = fetch_new(rd->loop, &lim, done_cb, rd);
	round_clear(rd);
	rd->start = ev_time();
	for (i = 0; i < 4; i++) {
		memset(&req, 0, sizeof(req));
		req.url = url_of("/second");
		req.allow_private = 1;
		req.arg = &rd->slots[i];
		if (fetch_submit(rd->f, &req, err, sizeof(err)) == 0)
			rd->want++;
	}
	t_ok(rd->want == 4 && fetch_inflight(rd->f) == 4,
	    "queue: four transfers accepted, three of them waiting");
	round_run(rd, 20.);
	for (i = 0; i < 4; i++)
		if (rd->slots[i].r != NULL && rd->slots[i].r->error == NULL &&
		    rd->slots[i].r->status == 200)
			ok++;
	t_ok(ok == 4, "queue: all four succeed; the timeout counts from "
	    "each one's start");
	for (i = 0; i < 4; i++)
		if (rd->slots[i].r != NULL && rd->slots[i].r->error != NULL)
			printf("# slot %d: %s\n", i, rd->slots[i].r->error);
	fetch_free(rd->f);
	round_clear(rd);
	rd->f = saved;
}

/*
 * A listener whose backlog is full never completes a handshake: that is
 * a connect timeout, and must read as one, not as the total timeout.
 */
static void
test_connect_timeout(struct round *rd)
{
	struct fetch_limits	 lim;
	struct fetch_req	 req;
	struct fetcher		*saved = rd->f;
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	char			 err[256], url[64];
	int			 l, c[4], i;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((l = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(l, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(l, 0) == -1 ||
	    getsockname(l, (struct sockaddr *)&sin, &len) == -1) {
		t_ok(0, "connect timeout: listener");
		return;
	}
	/* Fill the backlog; later SYNs are dropped. */
	for (i = 0; i < 4; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		(void)connect(c[i], (struct sockaddr *)&sin, sizeof(sin));
	}
	memset(&lim, 0, sizeof(lim));
	lim.max_connections = 1;
	lim.max_host_connections = 1;
	lim.connect_timeout = 1;
	lim.timeout = 3;
	lim.max_body_size = 64 * 1024;
	rd->f = fetch_new(rd->loop, &lim, done_cb, rd);
	round_clear(rd);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/",
	    ntohs(sin.sin_port));
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.allow_private = 1;
	req.arg = &rd->slots[0];
	if (fetch_submit(rd->f, &req, err, sizeof(err)) == 0)
		rd->want++;
	round_run(rd, 5.);
	t_streq(rd->slots[0].r ? rd->slots[0].r->error : NULL,
	    "connect timeout after 1 s", "connect timeout: reported as such");
	fetch_free(rd->f);
	round_clear(rd);
	rd->f = saved;
	for (i = 0; i < 4; i++)
		close(c[i]);
	close(l);
}

static char *
url_of(const char *path)
{
	static char	 urls[MAXSLOTS][128];
	static int	 next;
	char		*u = urls[next++ % MAXSLOTS];

	snprintf(u, 128, "http://127.0.0.1:%d%s", port, path);
	return u;
}

struct fcase {
	const char	*name;
	const char	*path;		/* or a full URL */
	const char	*user, *pass;
	const char	*etag, *last_modified;
	int		 allow_private;
	long		 status;
	const char	*error;
	const char	*body;		/* NULL: no body expected */
	const char	*effective;	/* path, NULL: not checked */
	int		 permanent;
	int		 not_modified;
	const char	*ctype, *charset;
	long		 retry_after;
};

static char	 fileurl[128], filepath[64];

static const struct fcase round1[] = {
	{ "ok", "/ok", NULL, NULL, NULL, NULL, 1, 200, NULL, RSS, "/ok", 0, 0,
	    "application/rss+xml", "utf-8", -1 },
	{ "gzip", "/gzip", NULL, NULL, NULL, NULL, 1, 200, NULL, RSS, NULL,
	    0, 0, "application/rss+xml", NULL, -1 },
	{ "big", "/big", NULL, NULL, NULL, NULL, 1, 200,
	    "body larger than 65536 bytes", NULL, NULL, 0, 0, NULL, NULL, -1 },
	{ "slow", "/slow", NULL, NULL, NULL, NULL, 1, 0,
	    "timeout after 2 s", NULL, NULL, 0, 0, NULL, NULL, -1 },
	{ "404", "/404", NULL, NULL, NULL, NULL, 1, 404,
	    "HTTP 404 Not Found", NULL, NULL, 0, 0, NULL, NULL, -1 },
	{ "500", "/500", NULL, NULL, NULL, NULL, 1, 500,
	    "HTTP 500 Internal Server Error", NULL, NULL, 0, 0, NULL, NULL,
	    -1 },
	{ "redirect", "/redirect", NULL, NULL, NULL, NULL, 1, 200, NULL, RSS,
	    "/ok", 0, 0, NULL, NULL, -1 },
	{ "perm", "/perm", NULL, NULL, NULL, NULL, 1, 200, NULL, RSS, "/ok", 1,
	    0, NULL, NULL, -1 },
	{ "loop", "/loop", NULL, NULL, NULL, NULL, 1, 302,
	    "too many redirects (more than 3)", NULL, "/loop", 0, 0, NULL,
	    NULL, -1 },
	{ "gbk", "/gbk", NULL, NULL, NULL, NULL, 1, 200, NULL, GBK, NULL, 0, 0,
	    "text/xml", "GBK", -1 },
	{ "retry", "/retry", NULL, NULL, NULL, NULL, 1, 503,
	    "HTTP 503 Service Unavailable", NULL, NULL, 0, 0, NULL, NULL, 120 },
	{ "auth ok", "/auth", "user", "pass", NULL, NULL, 1, 200, NULL, RSS,
	    NULL, 0, 0, NULL, NULL, -1 },
	{ "auth bad", "/auth", "user", "wrong", NULL, NULL, 1, 401,
	    "HTTP 401 Unauthorized", NULL, NULL, 0, 0, NULL, NULL, -1 },
	{ "auth none", "/auth", NULL, NULL, NULL, NULL, 1, 401,
	    "HTTP 401 Unauthorized", NULL, NULL, 0, 0, NULL, NULL, -1 },
	{ "guard", "/ok", NULL, NULL, NULL, NULL, 0, 0,
	    "refused to connect to private address 127.0.0.1", NULL, NULL, 0,
	    0, NULL, NULL, -1 },
	{ "guard redirect", "/redirect", NULL, NULL, NULL, NULL, 0, 0,
	    "refused to connect to private address 127.0.0.1", NULL, NULL, 0,
	    0, NULL, NULL, -1 },
	{ "retry date", "/retry-date", NULL, NULL, NULL, NULL, 1, 429,
	    "HTTP 429 Too Many Requests", NULL, NULL, 0, 0, NULL, NULL, -2 },
	{ "headers", "/headers", NULL, NULL, NULL, NULL, 1, 200, NULL,
	    "feedd-test/1\napplication/atom+xml, application/rss+xml, "
	    "application/rdf+xml;q=0.9, application/feed+json, "
	    "application/json;q=0.8, application/xml;q=0.7, text/xml;q=0.7, "
	    "text/html;q=0.5, */*;q=0.1\n", NULL, 0, 0, "text/plain", NULL,
	    -1 },
	{ "file", fileurl, NULL, NULL, NULL, NULL, 0, 0, NULL, FILEBODY, NULL,
	    0, 0, NULL, NULL, -1 },
};

static const struct fcase round2[] = {
	{ "etag", "/ok", NULL, NULL, "\"v1\"", NULL, 1, 304, NULL, NULL, "/ok",
	    0, 1, NULL, NULL, -1 },
	{ "last-modified", "/ok", NULL, NULL, NULL,
	    "Sat, 01 Jun 2024 10:00:00 GMT", 1, 304, NULL, NULL, "/ok", 0, 1,
	    NULL, NULL, -1 },
	{ "stale etag", "/ok", NULL, NULL, "\"v0\"", NULL, 1, 200, NULL, RSS,
	    "/ok", 0, 0, NULL, NULL, -1 },
	{ "etag via redirect", "/perm", NULL, NULL, "\"v1\"", NULL, 1, 304,
	    NULL, NULL, "/ok", 1, 1, NULL, NULL, -1 },
	/* Nothing was asked conditionally, so nothing can be "not modified". */
	{ "304 without validators", "/bare304", NULL, NULL, NULL, NULL, 1, 304,
	    "HTTP 304 without a conditional request", NULL, NULL, 0, 0, NULL,
	    NULL, -1 },
	/* A stored ETag with a CR must not become a second header. */
	{ "etag with CR", "/inm", NULL, NULL, "\"a\rX-Injected: 1\"", NULL,
	    1, 200, NULL, "\n\n", NULL, 0, 0, "text/plain", NULL, -1 },
	{ "etag echoed", "/inm", NULL, NULL, "\"v1\"", NULL, 1, 200, NULL,
	    "\"v1\"\n\n", NULL, 0, 0, "text/plain", NULL, -1 },
};

/* Refused before any packet leaves: no route to these is needed. */
static const struct {
	const char	*host;
	const char	*shown;
} guarded[] = {
	{ "127.0.0.2", "127.0.0.2" },
	{ "[::1]", "::1" },
	{ "[::ffff:127.0.0.1]", "::ffff:127.0.0.1" },
	{ "0.0.0.0", "0.0.0.0" },
	{ "10.1.2.3", "10.1.2.3" },
	{ "172.31.255.1", "172.31.255.1" },
	{ "192.168.1.1", "192.168.1.1" },
	{ "169.254.169.254", "169.254.169.254" },
	{ "100.64.0.1", "100.64.0.1" },
	{ "224.0.0.1", "224.0.0.1" },
	{ "[fc00::1]", "fc00::1" },
	{ "[fd12:3456::1]", "fd12:3456::1" },
	{ "[ff02::1]", "ff02::1" },
	{ "[::ffff:10.0.0.1]", "::ffff:10.0.0.1" },
};

static void
test_guard(struct round *rd)
{
	struct fetch_req	 req;
	char			 url[128], want[128], what[160], err[256];
	size_t			 i, n = sizeof(guarded) / sizeof(guarded[0]);

	rd->start = ev_time();
	for (i = 0; i < n; i++) {
		memset(&req, 0, sizeof(req));
		snprintf(url, sizeof(url), "http://%s:%d/ok", guarded[i].host,
		    port);
		req.url = url;
		req.arg = &rd->slots[i];
		if (fetch_submit(rd->f, &req, err, sizeof(err)) == 0)
			rd->want++;
	}
	round_run(rd, 5.);
	t_ok(rd->got == (int)n, "guard: every address reported");
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "refused to connect to private "
		    "address %s", guarded[i].shown);
		snprintf(what, sizeof(what), "guard: %s", guarded[i].host);
		t_streq(rd->slots[i].r ? rd->slots[i].r->error : NULL, want,
		    what);
	}
	round_clear(rd);
}

static void
submit_cases(struct round *rd, const struct fcase *c, size_t n)
{
	struct fetch_req	 req;
	char			 err[256], what[128];
	size_t			 i;
	int			 rv;

	for (i = 0; i < n; i++) {
		memset(&req, 0, sizeof(req));
		req.url = c[i].path[0] == '/' ? url_of(c[i].path) : c[i].path;
		req.etag = c[i].etag;
		req.last_modified = c[i].last_modified;
		req.user_agent = "feedd-test/1";
		req.username = c[i].user;
		req.password = c[i].pass;
		req.allow_private = c[i].allow_private;
		req.allow_file = c[i].path[0] != '/';
		req.arg = &rd->slots[i];
		rv = fetch_submit(rd->f, &req, err, sizeof(err));
		if (rv == -1)
			printf("# %s: %s\n", c[i].name, err);
		snprintf(what, sizeof(what), "%s: submitted", c[i].name);
		t_ok(rv == 0, what);
		rd->want++;
	}
}

static void
check_cases(struct round *rd, const struct fcase *c, size_t n)
{
	const struct fetch_result	*r;
	char				 what[160];
	size_t				 i;

	for (i = 0; i < n; i++) {
		r = rd->slots[i].r;
		snprintf(what, sizeof(what), "%s: done once", c[i].name);
		t_ok(rd->slots[i].calls == 1 && r != NULL, what);
		if (r == NULL)
			continue;
		snprintf(what, sizeof(what), "%s: error", c[i].name);
		t_streq(r->error, c[i].error, what);
		snprintf(what, sizeof(what), "%s: status %ld", c[i].name,
		    c[i].status);
		t_ok(r->status == c[i].status, what);
		if (r->status != c[i].status)
			printf("#   got %ld\n", r->status);
		snprintf(what, sizeof(what), "%s: body", c[i].name);
		t_streq(r->body, c[i].body, what);
		if (c[i].body != NULL) {
			snprintf(what, sizeof(what), "%s: length", c[i].name);
			t_ok(r->len == strlen(c[i].body), what);
		}
		snprintf(what, sizeof(what), "%s: not_modified %d", c[i].name,
		    c[i].not_modified);
		t_ok(r->not_modified == c[i].not_modified, what);
		snprintf(what, sizeof(what), "%s: permanent_redirect %d",
		    c[i].name, c[i].permanent);
		t_ok(r->permanent_redirect == c[i].permanent, what);
		snprintf(what, sizeof(what), "%s: retry_after %ld", c[i].name,
		    c[i].retry_after);
		/* -2: an HTTP-date 600 s ahead; allow for clock ticks. */
		if (c[i].retry_after == -2)
			t_ok(r->retry_after >= 595 && r->retry_after <= 600,
			    what);
		else
			t_ok(r->retry_after == c[i].retry_after, what);
		if (c[i].effective != NULL) {
			snprintf(what, sizeof(what), "%s: effective_url",
			    c[i].name);
			t_streq(r->effective_url, url_of(c[i].effective), what);
		}
		if (c[i].ctype != NULL) {
			snprintf(what, sizeof(what), "%s: content type",
			    c[i].name);
			t_streq(r->content_type, c[i].ctype, what);
			snprintf(what, sizeof(what), "%s: charset", c[i].name);
			t_streq(r->charset, c[i].charset, what);
		}
		snprintf(what, sizeof(what), "%s: arg and url kept", c[i].name);
		t_ok(r->arg == &rd->slots[i] && strcmp(r->url,
		    c[i].path[0] == '/' ? url_of(c[i].path) : c[i].path) == 0,
		    what);
	}
}

static int
write_file(void)
{
	FILE	*fp;
	int	 fd;

	snprintf(filepath, sizeof(filepath), "/tmp/test_fetch.XXXXXX");
	if ((fd = mkstemp(filepath)) == -1)
		return -1;
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	fputs(FILEBODY, fp);
	fclose(fp);
	snprintf(fileurl, sizeof(fileurl), "file://%s", filepath);
	return 0;
}

static void
test_refusals(struct round *rd)
{
	static const struct {
		const char	*url;
		int		 allow_file;
		const char	*err;
	} refuse[] = {
		{ NULL, 0, "file:// URLs are not allowed" },	/* fileurl */
		{ "ftp://127.0.0.1/x", 1, "URL scheme not allowed: ftp" },
		{ "not a url", 0, "invalid URL: not a url" },
	};
	struct fetch_req	 req;
	char			 err[256], what[128];
	size_t			 i;
	int			 rv;

	for (i = 0; i < sizeof(refuse) / sizeof(refuse[0]); i++) {
		memset(&req, 0, sizeof(req));
		req.url = refuse[i].url ? refuse[i].url : fileurl;
		req.allow_file = refuse[i].allow_file;
		err[0] = '\0';
		rv = fetch_submit(rd->f, &req, err, sizeof(err));
		snprintf(what, sizeof(what), "refused at submit: %s",
		    refuse[i].err);
		t_ok(rv == -1, what);
		t_streq(err, refuse[i].err, what);
	}
	t_ok(fetch_inflight(rd->f) == 0, "refusals leave nothing in flight");
}

int
main(void)
{
	struct round	 rd;
	struct fetch_req req;
	char		 err[256];
	size_t		 i, n1 = sizeof(round1) / sizeof(round1[0]);
	size_t		 n2 = sizeof(round2) / sizeof(round2[0]);
	int		 prompt;

	memset(&rd, 0, sizeof(rd));
	signal(SIGPIPE, SIG_IGN);
	atexit(server_stop);
	if (write_file() == -1 || server_start() == -1) {
		t_ok(0, "fixture server and temp file");
		server_stop();
		if (filepath[0] != '\0')
			unlink(filepath);
		return t_done();
	}
	rd.loop = ev_loop_new(EVFLAG_AUTO);
	rd.f = fetcher_for_tests(&rd);

	test_refusals(&rd);
	test_queue(&rd);
	test_connect_timeout(&rd);

	/* Round 1: everything at once; 4 connections per host, so some wait. */
	rd.start = ev_time();
	submit_cases(&rd, round1, n1);
	t_ok(fetch_inflight(rd.f) == n1, "all of round 1 in flight");
	round_run(&rd, 15.);
	t_ok(rd.got == rd.want, "round 1: every transfer reported");
	t_ok(fetch_inflight(rd.f) == 0, "round 1: nothing left in flight");
	check_cases(&rd, round1, n1);
	if (rd.slots[0].r != NULL) {
		t_streq(rd.slots[0].r->etag, "\"v1\"", "ok: ETag captured");
		t_streq(rd.slots[0].r->last_modified,
		    "Sat, 01 Jun 2024 10:00:00 GMT",
		    "ok: Last-Modified captured");
	}
	prompt = 1;
	for (i = 0; i < n1; i++) {
		if (i == CASE_SLOW || rd.slots[i].r == NULL)
			continue;
		if (rd.slots[i].r->seconds >= 2 || rd.slots[i].when >= 2) {
			printf("# %s took %.2f s (%.2f wall)\n", round1[i].name,
			    rd.slots[i].r->seconds, rd.slots[i].when);
			prompt = 0;
		}
	}
	t_ok(prompt, "round 1: all but /slow done in under 2 s");
	t_ok(rd.slots[CASE_SLOW].when >= 1.9 && rd.slots[CASE_SLOW].when < 3.5,
	    "slow: timed out after about 2 s");
	round_clear(&rd);

	/* Round 2: conditional GET with the validators of round 1. */
	rd.start = ev_time();
	submit_cases(&rd, round2, n2);
	round_run(&rd, 10.);
	t_ok(rd.got == rd.want, "round 2: every transfer reported");
	check_cases(&rd, round2, n2);
	round_clear(&rd);

	/*
	 * Connections to 127.0.0.1 from the allowed rounds are idle in the
	 * cache now: a refused transfer must not reuse one.
	 */
	rd.start = ev_time();
	submit_cases(&rd, round1 + CASE_GUARD, 1);
	round_run(&rd, 5.);
	check_cases(&rd, round1 + CASE_GUARD, 1);
	round_clear(&rd);

	test_guard(&rd);

	/* fetch_free with a transfer in flight: no callback, no leak. */
	memset(&req, 0, sizeof(req));
	req.url = url_of("/slow");
	req.allow_private = 1;
	req.arg = &rd.slots[0];
	t_ok(fetch_submit(rd.f, &req, err, sizeof(err)) == 0,
	    "abort: submitted");
	rd.want = 1;
	round_run(&rd, 0.3);
	t_ok(fetch_inflight(rd.f) == 1, "abort: still in flight");
	fetch_free(rd.f);
	t_ok(rd.slots[0].calls == 0, "abort: fetch_free calls no callback");

	/* fetch_free from inside the done callback. */
	rd.f = fetcher_for_tests(&rd);
	rd.free_in_cb = 1;
	req.url = url_of("/404");
	req.arg = &rd.slots[0];
	fetch_submit(rd.f, &req, err, sizeof(err));
	req.url = url_of("/slow");
	req.arg = &rd.slots[1];
	fetch_submit(rd.f, &req, err, sizeof(err));
	round_run(&rd, 5.);
	t_ok(rd.slots[0].calls == 1 && rd.slots[1].calls == 0 &&
	    rd.f == NULL, "free in callback: one result, then quiet");
	round_clear(&rd);
	if (rd.f != NULL)
		fetch_free(rd.f);

	ev_loop_destroy(rd.loop);
	server_stop();
	unlink(filepath);
	return t_done();
}
