/*
 * test_serve.c - the output-directory HTTP server on 127.0.0.1: a libev
 * loop in a second thread runs it, the main thread asks with libcurl (and
 * a raw socket for paths curl would clean up) and checks status, headers
 * and bytes, validators and 304s, gzip, path escapes, /healthz, /metrics.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <ev.h>

#include "buf.h"
#include "serve.h"
#include "t.h"

#define NMD 24		/* files for the gzip cache test: more than it keeps */
#define ATOM_LINE "<entry><title>Hello, world</title></entry>\n"

struct srv {
	pthread_t	 thread;
	struct ev_loop	*loop;
	struct server	*server;
	ev_async	 stop;
	int		 ready[2];	/* the thread writes the port here */
	char		 root[256];
};

struct resp {
	long		 status;
	struct buf	 body;
	struct buf	 hdrs;
};

static CURL		*curl;
static int		 port;
static char		 root[256];
static unsigned long	 expect[5];	/* 200, 304, 404, 405, other */

/* Server thread */

static void
metrics_cb(struct buf *out, void *arg)
{
	buf_printf(out, "test_metric %d", *(int *)arg);	/* no newline */
}

static void
stop_cb(EV_P_ ev_async *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(EV_A_ EVBREAK_ALL);
}

static void *
srv_main(void *arg)
{
	static int	 answer = 42;
	struct srv	*s = arg;
	char		 err[256];
	int		 p = -1;

	s->loop = ev_loop_new(EVFLAG_AUTO);
	ev_async_init(&s->stop, stop_cb);
	ev_async_start(s->loop, &s->stop);
	s->server = serve_new(s->loop, "127.0.0.1:0", s->root, metrics_cb,
	    &answer, err, sizeof(err));
	if (s->server == NULL)
		fprintf(stderr, "# serve_new: %s\n", err);
	else
		p = serve_port(s->server);
	if (write(s->ready[1], &p, sizeof(p)) != sizeof(p))
		return NULL;
	if (s->server != NULL)
		ev_run(s->loop, 0);
	serve_free(s->server);
	ev_async_stop(s->loop, &s->stop);
	ev_loop_destroy(s->loop);
	return NULL;
}

/* Client */

static size_t
body_cb(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return size * n;
}

static void
count(long status)
{
	switch (status) {
	case 200:
		expect[0]++;
		break;
	case 304:
		expect[1]++;
		break;
	case 404:
		expect[2]++;
		break;
	case 405:
		expect[3]++;
		break;
	default:
		expect[4]++;
	}
}

/*
 * One request on the shared handle (so connections are reused).  method
 * "HEAD" sets NOBODY; extra is a NULL-terminated list of header lines.
 */
static int
req(const char *method, const char *path, const char *gzip,
    const char **extra, struct resp *r)
{
	struct curl_slist	*h = NULL;
	char			 url[512];
	CURLcode		 rc;

	buf_reset(&r->body);
	buf_reset(&r->hdrs);
	r->status = 0;
	curl_easy_reset(curl);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, body_cb);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, body_cb);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r->hdrs);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
	if (gzip != NULL)
		curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, gzip);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "POST") == 0)
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "a=b");
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	for (; extra != NULL && *extra != NULL; extra++)
		h = curl_slist_append(h, *extra);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	rc = curl_easy_perform(curl);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		printf("# %s %s: %s\n", method, path, curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
	count(r->status);
	return 0;
}

/* The value of header name in raw response headers, or NULL. */
static const char *
hdr_in(const char *hdrs, const char *name, char *out, size_t size)
{
	const char	*p = hdrs;
	size_t		 n = strlen(name), len;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			p += strspn(p, " \t");
			len = strcspn(p, "\r\n");
			if (len >= size)
				len = size - 1;
			memcpy(out, p, len);
			out[len] = '\0';
			return out;
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return NULL;
}

static const char *
hdr(const struct resp *r, const char *name)
{
	static char	 v[4][512];
	static int	 i;

	i = (i + 1) % 4;
	return hdr_in(buf_cstr(&r->hdrs), name, v[i], sizeof(v[i]));
}

/* A raw request (sent as is) and the whole reply, connection closed. */
static int
raw(const char *request, struct buf *out)
{
	struct sockaddr_in	 sin;
	char			 chunk[4096];
	ssize_t			 n;
	int			 fd;

	buf_reset(out);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    write(fd, request, strlen(request)) != (ssize_t)strlen(request)) {
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)n);
	close(fd);
	return 0;
}

/* Status code of a raw GET of path (HTTP/1.0: the server closes). */
static int
raw_status(const char *method, const char *path, struct buf *out)
{
	char	 rq[512];
	int	 code = -1;

	snprintf(rq, sizeof(rq), "%s %s HTTP/1.0\r\n\r\n", method, path);
	if (raw(rq, out) == -1 || sscanf(buf_cstr(out), "HTTP/1.%*d %d",
	    &code) != 1)
		return -1;
	count(code);
	return code;
}

/* Fixture files */

static void
put(const char *rel, const char *data)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fputs(data, f);
	fclose(f);
}

static char *
atom_text(int lines, const char *tail)
{
	struct buf	 b = BUF_INIT;
	int		 i;

	buf_addstr(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
	for (i = 0; i < lines; i++)
		buf_addstr(&b, ATOM_LINE);
	buf_printf(&b, "%s</feed>\n", tail);
	return buf_release(&b);
}

static void
rm_tree(const char *dir)
{
	static const char *const files[] = { "atom.xml", "feeds.opml",
	    "blob.bin", ".hidden", "leak.xml", "healthz", "metrics",
	    "index.html", "sub/file.txt", "tags/go.xml", "tags/c&d.xml",
	    "tags/.tmp.xml", "tags/evil.xml", "tags/notes.txt",
	    "atom.xml.new" };
	static const char *const dirs[] = { "sub/deeper", "sub", "tags" };
	char		 path[512];
	size_t		 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	for (i = 0; i < NMD; i++) {
		snprintf(path, sizeof(path), "%s/sub/n%02zu.md", dir, i);
		unlink(path);
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
		rmdir(path);
	}
	rmdir(dir);
}

/* Tests */

static void
test_listen_errors(void)
{
	static const struct {
		const char	*listen;
		const char	*want;
	} bad[] = {
		{ "nonsense", "expected ADDRESS:PORT" },
		{ "1.2.3.4.5:80", "not a numeric IPv4 address" },
		{ "127.0.0.1:99999", "bad port" },
		{ "127.0.0.1:", "bad port" },
		{ "127.0.0.1:80x", "bad port" },
		{ "localhost:80", "not a numeric IPv4 address" },
		{ "::1:80", "brackets" },
		{ "[::1:80", "bad [IPv6] address" },
		{ "[nope]:80", "not a numeric IPv6 address" },
	};
	struct ev_loop	*loop = ev_loop_new(EVFLAG_AUTO);
	struct server	*s;
	char		 err[256], what[300], listen_str[64];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		s = serve_new(loop, bad[i].listen, root, NULL, NULL, err,
		    sizeof(err));
		snprintf(what, sizeof(what), "listen \"%s\" refused",
		    bad[i].listen);
		t_ok(s == NULL, what);
		serve_free(s);
		snprintf(what, sizeof(what), "listen \"%s\": message \"%s\"",
		    bad[i].listen, err);
		t_ok(strstr(err, bad[i].want) != NULL, what);
	}

	snprintf(listen_str, sizeof(listen_str), "127.0.0.1:%d", port);
	s = serve_new(loop, listen_str, root, NULL, NULL, err, sizeof(err));
	t_ok(s == NULL, "port in use refused");
	serve_free(s);
	snprintf(what, sizeof(what), "port in use: message \"%s\"", err);
	t_ok(strstr(err, "Address already in use") != NULL, what);

	/* The forms that mean "every address" bind, and report the port. */
	s = serve_new(loop, ":0", root, NULL, NULL, err, sizeof(err));
	t_ok(s != NULL && serve_port(s) > 0, "\":0\" binds a port");
	serve_free(s);
	s = serve_new(loop, "*:0", "relative/dir", NULL, NULL, err,
	    sizeof(err));
	t_ok(s != NULL && serve_port(s) > 0, "\"*:0\" binds a port");
	serve_free(s);
	s = serve_new(loop, "[::1]:0", root, NULL, NULL, err, sizeof(err));
	if (s == NULL)
		printf("# [::1]:0 not available here: %s\n", err);
	t_ok(s != NULL || strstr(err, "listen on [::1]:0") != NULL,
	    "\"[::1]:0\" binds, or fails to bind (no IPv6 here)");
	serve_free(s);
	ev_loop_destroy(loop);
}

static void
test_files(void)
{
	struct resp	 r = { 0, BUF_INIT, BUF_INIT };
	char		*atom, *atom2, etag[256], etag_gz[256], lastmod[128];
	char		 inm[300], ims[300], path[512], path2[512];
	const char	*ex[3] = { NULL, NULL, NULL };
	const char	*v;
	long		 nconn;

	atom = atom_text(200, "");
	put("atom.xml", atom);

	t_ok(req("GET", "/atom.xml", NULL, NULL, &r) == 0 && r.status == 200,
	    "GET /atom.xml: 200");
	t_ok(r.body.len == strlen(atom) && strcmp(buf_cstr(&r.body), atom) ==
	    0, "GET /atom.xml: the file's bytes");
	t_streq(hdr(&r, "Content-Type"), "application/atom+xml; charset=utf-8",
	    "atom.xml Content-Type");
	t_streq(hdr(&r, "X-Content-Type-Options"), "nosniff", "nosniff");
	t_streq(hdr(&r, "Cache-Control"), "no-cache", "Cache-Control");
	t_streq(hdr(&r, "Vary"), "Accept-Encoding", "Vary on a text type");
	t_ok(hdr(&r, "Content-Encoding") == NULL, "no gzip unasked");
	v = hdr(&r, "ETag");
	t_ok(v != NULL && v[0] == '"' && v[strlen(v) - 1] == '"' &&
	    strstr(v, "-gz") == NULL, "strong ETag");
	snprintf(etag, sizeof(etag), "%s", v ? v : "");
	v = hdr(&r, "Last-Modified");
	t_ok(v != NULL && strlen(v) == 29 && strcmp(v + 25, " GMT") == 0,
	    "Last-Modified is an IMF-fixdate");
	snprintf(lastmod, sizeof(lastmod), "%s", v ? v : "");

	/* Conditional GETs. */
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	ex[0] = inm;
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 304,
	    "If-None-Match: 304");
	t_ok(r.body.len == 0, "304 has no body");
	t_streq(hdr(&r, "ETag"), etag, "304 carries the ETag");
	nconn = -1;
	curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &nconn);
	t_ok(nconn == 0, "keep-alive: the connection was reused");
	snprintf(inm, sizeof(inm), "If-None-Match: \"nope\", W/%s", etag);
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 304,
	    "If-None-Match list with a weak form: 304");
	ex[0] = "If-None-Match: *";
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 304,
	    "If-None-Match *: 304");
	ex[0] = "If-None-Match: \"nope\"";
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 200 &&
	    r.body.len == strlen(atom), "other ETag: 200 and the body");
	snprintf(ims, sizeof(ims), "If-Modified-Since: %s", lastmod);
	ex[0] = ims;
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 304,
	    "If-Modified-Since = Last-Modified: 304");
	t_streq(hdr(&r, "ETag"), etag, "304 (IMS) carries the ETag");
	ex[0] = "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT";
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 200,
	    "older If-Modified-Since: 200");
	ex[0] = ims;
	ex[1] = "If-None-Match: \"nope\"";
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 200,
	    "If-None-Match wins over If-Modified-Since");
	ex[1] = NULL;

	/* gzip */
	t_ok(req("GET", "/atom.xml", "gzip", NULL, &r) == 0 && r.status == 200,
	    "gzip GET: 200");
	t_streq(hdr(&r, "Content-Encoding"), "gzip", "Content-Encoding gzip");
	t_ok(r.body.len == strlen(atom) && strcmp(buf_cstr(&r.body), atom) ==
	    0, "gzip body decodes to the file's bytes");
	snprintf(etag_gz, sizeof(etag_gz), "%.*s-gz\"", (int)strlen(etag) - 1,
	    etag);
	t_streq(hdr(&r, "ETag"), etag_gz, "gzip ETag has -gz");
	t_streq(hdr(&r, "Vary"), "Accept-Encoding", "gzip Vary");
	v = hdr(&r, "Content-Length");
	t_ok(v != NULL && atol(v) > 0 && (size_t)atol(v) < strlen(atom),
	    "gzip Content-Length is the smaller compressed size");
	t_ok(req("GET", "/atom.xml", "gzip", NULL, &r) == 0 && r.status ==
	    200 && strcmp(buf_cstr(&r.body), atom) == 0,
	    "gzip again (cached body): same bytes");
	t_ok(req("GET", "/atom.xml", "gzip;q=0, identity", NULL, &r) == 0 &&
	    r.status == 200 && hdr(&r, "Content-Encoding") == NULL,
	    "gzip;q=0: not compressed");
	t_ok(req("GET", "/atom.xml", "*;q=0.5", NULL, &r) == 0 &&
	    r.status == 200 && hdr(&r, "Content-Encoding") != NULL,
	    "*;q=0.5: compressed");
	t_ok(req("GET", "/atom.xml", "br, gzip;q=0.0, *", NULL, &r) == 0 &&
	    r.status == 200 && hdr(&r, "Content-Encoding") == NULL,
	    "gzip;q=0.0 beats *");
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag_gz);
	ex[0] = inm;
	t_ok(req("GET", "/atom.xml", "gzip", ex, &r) == 0 && r.status == 304,
	    "gzip ETag: 304");
	t_streq(hdr(&r, "ETag"), etag_gz, "gzip 304 ETag");
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 304,
	    "gzip ETag accepted without gzip: 304");
	t_streq(hdr(&r, "ETag"), etag, "... with the identity ETag");

	/* HEAD */
	t_ok(req("HEAD", "/atom.xml", NULL, NULL, &r) == 0 && r.status == 200,
	    "HEAD: 200");
	v = hdr(&r, "Content-Length");
	t_ok(v != NULL && (size_t)atol(v) == strlen(atom),
	    "HEAD Content-Length is the file's size");
	t_streq(hdr(&r, "ETag"), etag, "HEAD ETag");
	t_ok(raw_status("HEAD", "/atom.xml", &r.body) == 200 &&
	    strstr(buf_cstr(&r.body), "\r\n\r\n") != NULL &&
	    strcmp(strstr(buf_cstr(&r.body), "\r\n\r\n"), "\r\n\r\n") == 0,
	    "HEAD: nothing after the headers on the wire");
	t_ok(req("HEAD", "/atom.xml", "gzip", NULL, &r) == 0 &&
	    r.status == 200 && r.body.len == 0, "gzip HEAD: no body");
	t_streq(hdr(&r, "Content-Encoding"), "gzip", "gzip HEAD encoding");

	/* Atomic replacement: a dotfile, then renamed over. */
	atom2 = atom_text(150, "<!-- new -->\n");
	put(".atom.xml.tmp", atom2);
	t_ok(req("GET", "/.atom.xml.tmp", NULL, NULL, &r) == 0 &&
	    r.status == 404, "temp dotfile: 404");
	snprintf(path, sizeof(path), "%s/.atom.xml.tmp", root);
	snprintf(path2, sizeof(path2), "%s/atom.xml", root);
	t_ok(rename(path, path2) == 0, "rename over atom.xml");
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	ex[0] = inm;
	t_ok(req("GET", "/atom.xml", NULL, ex, &r) == 0 && r.status == 200,
	    "old ETag after replacement: 200");
	t_ok(strcmp(buf_cstr(&r.body), atom2) == 0, "... with the new bytes");
	t_ok(hdr(&r, "ETag") != NULL && strcmp(hdr(&r, "ETag"), etag) != 0,
	    "... and a new ETag");
	t_ok(req("GET", "/atom.xml", "gzip", NULL, &r) == 0 &&
	    strcmp(buf_cstr(&r.body), atom2) == 0,
	    "gzip after replacement: new bytes, not the cached old ones");

	/* Other types. */
	t_ok(req("GET", "/feeds.opml", NULL, NULL, &r) == 0 && r.status ==
	    200 && strcmp(buf_cstr(&r.body), "<opml version=\"2.0\"/>\n") == 0,
	    "feeds.opml: 200 and bytes");
	t_streq(hdr(&r, "Content-Type"), "text/x-opml; charset=utf-8",
	    "opml Content-Type");
	t_ok(req("GET", "/tags/go.xml", NULL, NULL, &r) == 0 && r.status ==
	    200 && strcmp(buf_cstr(&r.body), "<feed>go</feed>\n") == 0,
	    "tags/go.xml: 200 and bytes");
	t_ok(req("GET", "/tags//go.xml", NULL, NULL, &r) == 0 && r.status ==
	    200, "tags//go.xml: 200");
	t_ok(req("GET", "/sub/file.txt", NULL, NULL, &r) == 0 && r.status ==
	    200 && strcmp(buf_cstr(&r.body), "plain\n") == 0,
	    "a file in a subdirectory: 200");
	t_streq(hdr(&r, "Content-Type"), "text/plain; charset=utf-8",
	    "txt Content-Type");
	t_ok(req("GET", "/blob.bin", "gzip", NULL, &r) == 0 && r.status ==
	    200 && r.body.len == 4 && memcmp(r.body.data, "\0\1\2\3", 4) == 0,
	    "blob.bin: 200 and bytes");
	t_streq(hdr(&r, "Content-Type"), "application/octet-stream",
	    "unknown type: octet-stream");
	t_ok(hdr(&r, "Content-Encoding") == NULL && hdr(&r, "Vary") == NULL,
	    "octet-stream: not compressed, no Vary");

	free(atom);
	free(atom2);
	buf_free(&r.body);
	buf_free(&r.hdrs);
}

/* More compressed files than the cache holds, asked for in turns. */
static void
test_gzip_cache(void)
{
	struct resp	 r = { 0, BUF_INIT, BUF_INIT };
	char		 rel[64], url[64], *text[NMD];
	int		 i, round, good = 0;

	for (i = 0; i < NMD; i++) {
		snprintf(rel, sizeof(rel), "sub/n%02d.md", i);
		text[i] = atom_text(10 + i, rel);
		put(rel, text[i]);
	}
	for (round = 0; round < 3; round++)
		for (i = 0; i < NMD; i++) {
			snprintf(url, sizeof(url), "/sub/n%02d.md",
			    round == 1 ? NMD - 1 - i : i);
			if (req("GET", url, "gzip", NULL, &r) == 0 &&
			    r.status == 200 && strcmp(buf_cstr(&r.body),
			    text[round == 1 ? NMD - 1 - i : i]) == 0 &&
			    hdr(&r, "Content-Encoding") != NULL)
				good++;
		}
	t_ok(good == 3 * NMD, "many gzip bodies through the cache: all right");
	t_streq(hdr(&r, "Content-Type"), "text/markdown; charset=utf-8",
	    "md Content-Type");
	for (i = 0; i < NMD; i++)
		free(text[i]);
	buf_free(&r.body);
	buf_free(&r.hdrs);
}

static void
test_refused(void)
{
	static const char *const curl_404[] = { "/.hidden", "/leak.xml",
	    "/sub", "/sub/", "/sub/deeper", "/tags/", "/tags/evil.xml",
	    "/tags/.tmp.xml", "/nope.xml", "/atom.xml/", "/atom.xml/x",
	    "/sub/../atom.xml", "/./atom.xml" };
	static const char *const raw_404[] = { "/../etc/passwd",
	    "/%2e%2e/etc/passwd", "/tags/%2E%2E/atom.xml", "/%2e/atom.xml",
	    "/atom.xml%00.txt", "/atom.xml%2500", "/tags%5cgo.xml",
	    "/tags\\go.xml", "/..", "/.", "/sub/%2fetc/passwd" };
	struct resp	 r = { 0, BUF_INIT, BUF_INIT };
	char		 what[256];
	size_t		 i;

	for (i = 0; i < sizeof(curl_404) / sizeof(curl_404[0]); i++) {
		snprintf(what, sizeof(what), "GET %s: 404", curl_404[i]);
		t_ok(req("GET", curl_404[i], NULL, NULL, &r) == 0 &&
		    r.status == 404, what);
	}
	t_streq(buf_cstr(&r.body), "Not Found\n", "404 body");
	t_streq(hdr(&r, "Content-Type"), "text/plain; charset=utf-8",
	    "404 Content-Type");
	for (i = 0; i < sizeof(raw_404) / sizeof(raw_404[0]); i++) {
		snprintf(what, sizeof(what), "raw GET %s: 404", raw_404[i]);
		t_ok(raw_status("GET", raw_404[i], &r.body) == 404, what);
	}
	/* The control: the raw client does reach files. */
	t_ok(raw_status("GET", "/tags/go.xml", &r.body) == 200,
	    "raw GET /tags/go.xml: 200");
	t_ok(raw_status("GET", "/tags/%67o.xml", &r.body) == 200,
	    "raw GET with a harmless escape: 200");
	t_ok(raw_status("GET", "/atom.xml?x=%00", &r.body) == 200,
	    "%00 in the query does not matter: 200");

	t_ok(raw("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
	    "Connection: close\r\n\r\nabc", &r.body) == 0 &&
	    strncmp(buf_cstr(&r.body), "HTTP/1.1 200 ", 13) == 0 &&
	    strcmp(strstr(buf_cstr(&r.body), "\r\n\r\n"), "\r\n\r\nok\n") ==
	    0, "a GET with a body: the body is ignored");
	count(200);

	t_ok(req("POST", "/atom.xml", NULL, NULL, &r) == 0 && r.status == 405,
	    "POST: 405");
	t_streq(hdr(&r, "Allow"), "GET, HEAD", "405 Allow");
	t_streq(buf_cstr(&r.body), "Method Not Allowed\n", "405 body");
	t_ok(req("DELETE", "/healthz", NULL, NULL, &r) == 0 &&
	    r.status == 405, "DELETE /healthz: 405");
	t_ok(raw_status("OPTIONS", "*", &r.body) == 405, "OPTIONS *: 405");
	buf_free(&r.body);
	buf_free(&r.hdrs);
}

static void
test_special(void)
{
	static const char	*want_index =
	    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>feedd</title></head>\n<body>\n<h1>feedd</h1>\n<ul>\n"
	    "<li><a href=\"atom.xml\">atom.xml</a></li>\n"
	    "<li><a href=\"feeds.opml\">feeds.opml</a></li>\n"
	    "<li><a href=\"tags/c%26d.xml\">tags/c&amp;d.xml</a></li>\n"
	    "<li><a href=\"tags/go.xml\">tags/go.xml</a></li>\n"
	    "</ul>\n</body></html>\n";
	struct resp	 r = { 0, BUF_INIT, BUF_INIT };
	char		 want[1024];

	t_ok(req("GET", "/healthz", NULL, NULL, &r) == 0 && r.status == 200,
	    "/healthz: 200 (a file of that name notwithstanding)");
	t_streq(buf_cstr(&r.body), "ok\n", "/healthz body");
	t_streq(hdr(&r, "Content-Type"), "text/plain; charset=utf-8",
	    "/healthz Content-Type");

	t_ok(req("GET", "/", NULL, NULL, &r) == 0 && r.status == 200,
	    "/: 200");
	t_streq(buf_cstr(&r.body), want_index, "/ lists the outputs");
	t_streq(hdr(&r, "Content-Type"), "text/html; charset=utf-8",
	    "/ Content-Type");
	t_ok(req("HEAD", "/", NULL, NULL, &r) == 0 && r.status == 200 &&
	    r.body.len == 0, "HEAD /: 200, no body");

	put("index.html", "<p>mine</p>\n");
	t_ok(req("GET", "/", "gzip", NULL, &r) == 0 && r.status == 200 &&
	    strcmp(buf_cstr(&r.body), "<p>mine</p>\n") == 0,
	    "/ serves index.html when there is one");
	t_ok(hdr(&r, "ETag") != NULL, "index.html has an ETag");
	t_streq(hdr(&r, "Content-Encoding"), "gzip", "index.html gzipped");

	/* Last: every request so far is counted, this one not yet. */
	t_ok(req("GET", "/metrics", NULL, NULL, &r) == 0 && r.status == 200,
	    "/metrics: 200");
	expect[0]--;
	t_streq(hdr(&r, "Content-Type"),
	    "text/plain; version=0.0.4; charset=utf-8", "/metrics type");
	snprintf(want, sizeof(want), "test_metric 42\n"
	    "# HELP feedd_http_requests_total HTTP requests answered, by "
	    "status code.\n"
	    "# TYPE feedd_http_requests_total counter\n"
	    "feedd_http_requests_total{code=\"200\"} %lu\n"
	    "feedd_http_requests_total{code=\"304\"} %lu\n"
	    "feedd_http_requests_total{code=\"404\"} %lu\n"
	    "feedd_http_requests_total{code=\"405\"} %lu\n"
	    "feedd_http_requests_total{code=\"other\"} %lu\n",
	    expect[0], expect[1], expect[2], expect[3], expect[4]);
	t_streq(buf_cstr(&r.body), want,
	    "/metrics: the callback's text and exact counters");
	buf_free(&r.body);
	buf_free(&r.hdrs);
}

int
main(void)
{
	struct srv	 srv;
	char		 path[512];
	const char	*target;

	signal(SIGPIPE, SIG_IGN);
	snprintf(root, sizeof(root), "/tmp/test_serve.XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/tags", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sub", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sub/deeper", root);
	mkdir(path, 0755);
	put("feeds.opml", "<opml version=\"2.0\"/>\n");
	put("tags/go.xml", "<feed>go</feed>\n");
	put("tags/c&d.xml", "<feed>c&amp;d</feed>\n");
	put("tags/.tmp.xml", "half written\n");
	put("tags/notes.txt", "not a feed\n");
	put(".hidden", "secret\n");
	put("sub/file.txt", "plain\n");
	put("healthz", "not the health check\n");
	put("metrics", "not the metrics\n");
	snprintf(path, sizeof(path), "%s/blob.bin", root);
	{
		FILE	*f = fopen(path, "w");

		fwrite("\0\1\2\3", 1, 4, f);
		fclose(f);
	}
	target = access("/etc/hostname", R_OK) == 0 ? "/etc/hostname" :
	    "/etc/passwd";
	snprintf(path, sizeof(path), "%s/leak.xml", root);
	if (symlink(target, path) == -1)
		perror("symlink");
	snprintf(path, sizeof(path), "%s/tags/evil.xml", root);
	if (symlink("../feeds.opml", path) == -1)
		perror("symlink");

	memset(&srv, 0, sizeof(srv));
	snprintf(srv.root, sizeof(srv.root), "%s", root);
	if (pipe(srv.ready) == -1 ||
	    pthread_create(&srv.thread, NULL, srv_main, &srv) != 0) {
		perror("server thread");
		return 1;
	}
	if (read(srv.ready[0], &port, sizeof(port)) != sizeof(port))
		port = -1;
	t_ok(port > 0, "serve_new on 127.0.0.1:0 and a port");
	if (port > 0) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		curl = curl_easy_init();
		test_files();
		test_gzip_cache();
		test_refused();
		test_listen_errors();
		test_special();
		curl_easy_cleanup(curl);
		curl_global_cleanup();
		ev_async_send(srv.loop, &srv.stop);
	}
	pthread_join(srv.thread, NULL);
	close(srv.ready[0]);
	close(srv.ready[1]);
	rm_tree(root);
	return t_done();
}
