/*
 * serve.c - feedd's own HTTP server for output_dir: libmicrohttpd in
 * external-event mode, its epoll fd and its timeout driven from the libev
 * loop.  Files are opened beneath the root without following symlinks and
 * served from the opened descriptor, so a concurrent atomic rename never
 * mixes two versions of a file in one response.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* SERVE_NO_OPENAT2 builds the portable walk alone (for testing it). */
#if defined(__linux__) && defined(SYS_openat2) && \
    !defined(SERVE_NO_OPENAT2) && __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2 1
#endif

#include <ev.h>
#include <microhttpd.h>
#include <zlib.h>

#include "buf.h"
#include "date.h"
#include "log.h"
#include "serve.h"
#include "serve_int.h"
#include "xmalloc.h"

#define CONN_LIMIT	256
#define CONN_TIMEOUT	30			/* seconds */
#define GZ_MAX_IN	(16 * 1024 * 1024)	/* bigger files go as they are */
#define GZ_CACHE_N	16
#define GZ_CACHE_BYTES	(8 * 1024 * 1024)

#define CT_METRICS	"text/plain; version=0.0.4; charset=utf-8"

/*
 * A compressed body.  The cache holds one reference and every response
 * sending it holds one, so eviction never pulls bytes from under MHD.
 */
struct gzbody {
	char		*path;
	char		*etag;		/* of the identity file it came from */
	unsigned char	*data;
	size_t		 len;
	unsigned int	 refs;
	uint64_t	 used;		/* LRU clock */
};

enum { C_200, C_304, C_404, C_405, C_OTHER, C_N };

struct server {
	struct ev_loop		*loop;
	struct MHD_Daemon	*mhd;
	ev_io			 io;
	ev_timer		 timer;
	char			*root;
	int			 port;
	int			 no_openat2;	/* kernel or seccomp said no */
	serve_metrics_fn	 metrics;
	void			*arg;
	struct gzbody		*gz[GZ_CACHE_N];
	size_t			 gzbytes;
	uint64_t		 clock;
	unsigned long long	 count[C_N];
};

/*
 * Request state kept in MHD's per-request pointer without allocating:
 * uri_cb() marks a raw path that held %00, the first access_cb() call
 * moves on to the "seen" form.
 */
static char	 req_bad, req_seen, req_bad_seen;

/* Opening files beneath the root */

/*
 * The URL path may name a file only by plain components: no "." or ".."
 * (nor any dotfile: atomic-write temp files start with '.'), no
 * backslash.  Symlinks are refused while opening.
 */
static int
path_ok(const char *path)
{
	const char	*p;

	if (path[0] != '/' || strchr(path, '\\') != NULL)
		return 0;
	for (p = path; (p = strchr(p, '/')) != NULL; )
		if (*++p == '.')
			return 0;
	return 1;
}

/* Component by component, each with O_NOFOLLOW. */
static int
open_walk(int rootfd, const char *rel)
{
	char	*copy, *p, *slash;
	int	 dfd = rootfd, fd = -1, save;

	p = copy = xstrdup(rel);
	for (;;) {
		while (*p == '/')
			p++;
		if ((slash = strchr(p, '/')) == NULL)
			break;
		*slash = '\0';
		fd = openat(dfd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (dfd != rootfd)
			close(dfd);
		if (fd == -1)
			goto out;
		dfd = fd;
		p = slash + 1;
	}
	fd = openat(dfd, p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (dfd != rootfd) {
		save = errno;
		close(dfd);
		errno = save;
	}
out:
	free(copy);
	return fd;
}

static int
open_beneath(struct server *s, int rootfd, const char *rel)
{
#ifdef HAVE_OPENAT2
	struct open_how	 how;
	long		 fd;

	if (!s->no_openat2) {
		memset(&how, 0, sizeof(how));
		how.flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		    O_CLOEXEC;
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
		    RESOLVE_NO_MAGICLINKS;
		fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
			return (int)fd;
		/* Old kernel, or a seccomp filter that does not know it. */
		s->no_openat2 = 1;
	}
#else
	(void)s;
#endif
	return open_walk(rootfd, rel);
}

/* The compressed-body cache */

static void
gz_release(void *arg)
{
	struct gzbody	*g = arg;

	if (--g->refs > 0)
		return;
	free(g->path);
	free(g->etag);
	free(g->data);
	free(g);
}

static void
gz_evict(struct server *s, size_t i)
{
	s->gzbytes -= s->gz[i]->len;
	gz_release(s->gz[i]);
	s->gz[i] = NULL;
}

static unsigned char *
read_fd(int fd, size_t size, size_t *got)
{
	unsigned char	*data;
	ssize_t		 n;
	size_t		 off = 0;

	data = xmalloc(size + 1);
	while (off < size) {
		n = pread(fd, data + off, size - off, (off_t)off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			free(data);
			return NULL;
		}
		if (n == 0)
			break;
		off += (size_t)n;
	}
	*got = off;
	return data;
}

static int
gzip_bytes(const unsigned char *in, size_t inlen, unsigned char **out,
    size_t *outlen)
{
	z_stream	 z;
	unsigned char	*o;
	uLong		 bound;
	int		 rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS,
	    8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	/* The bound covers the gzip wrapper: one call does it all. */
	bound = deflateBound(&z, (uLong)inlen);
	o = xmalloc(bound);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)inlen;
	z.next_out = o;
	z.avail_out = (uInt)bound;
	rc = deflate(&z, Z_FINISH);
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(o);
		return -1;
	}
	*out = o;
	*outlen = z.total_out;
	return 0;
}

/*
 * The gzip body of path at etag, with a reference for the caller; NULL
 * when it cannot be made (the caller sends the file as it is).
 */
static struct gzbody *
gz_get(struct server *s, const char *path, const char *etag, int fd,
    size_t size)
{
	struct gzbody	*g;
	unsigned char	*raw;
	size_t		 i, n, lru;

	for (i = 0; i < GZ_CACHE_N; i++) {
		g = s->gz[i];
		if (g != NULL && strcmp(g->path, path) == 0 &&
		    strcmp(g->etag, etag) == 0) {
			g->used = ++s->clock;
			g->refs++;
			return g;
		}
	}
	if ((raw = read_fd(fd, size, &n)) == NULL) {
		log_warn("http: read %s", path);
		return NULL;
	}
	g = xcalloc(1, sizeof(*g));
	if (gzip_bytes(raw, n, &g->data, &g->len) == -1) {
		log_warnx("http: %s: gzip failed", path);
		free(raw);
		free(g);
		return NULL;
	}
	free(raw);
	g->path = xstrdup(path);
	g->etag = xstrdup(etag);
	g->refs = 1;
	if (g->len > GZ_CACHE_BYTES)
		return g;
	/* An older version of the same file is of no more use. */
	for (i = 0; i < GZ_CACHE_N; i++)
		if (s->gz[i] != NULL && strcmp(s->gz[i]->path, path) == 0)
			gz_evict(s, i);
	for (;;) {
		lru = GZ_CACHE_N;
		n = 0;
		for (i = 0; i < GZ_CACHE_N; i++) {
			if (s->gz[i] == NULL)
				continue;
			n++;
			if (lru == GZ_CACHE_N || s->gz[i]->used <
			    s->gz[lru]->used)
				lru = i;
		}
		if (n < GZ_CACHE_N && s->gzbytes + g->len <= GZ_CACHE_BYTES)
			break;
		gz_evict(s, lru);
	}
	for (i = 0; s->gz[i] != NULL; i++)
		;
	s->gz[i] = g;
	s->gzbytes += g->len;
	g->used = ++s->clock;
	g->refs++;
	return g;
}

/* Responses */

static void
count_status(struct server *s, unsigned int status)
{
	switch (status) {
	case MHD_HTTP_OK:
		s->count[C_200]++;
		break;
	case MHD_HTTP_NOT_MODIFIED:
		s->count[C_304]++;
		break;
	case MHD_HTTP_NOT_FOUND:
		s->count[C_404]++;
		break;
	case MHD_HTTP_METHOD_NOT_ALLOWED:
		s->count[C_405]++;
		break;
	default:
		s->count[C_OTHER]++;
	}
}

/* Queues r (which may be NULL after a failed create) and drops our ref. */
static enum MHD_Result
send_reply(struct server *s, struct MHD_Connection *c, unsigned int status,
    struct MHD_Response *r)
{
	enum MHD_Result	 rv;

	if (r == NULL) {
		log_warnx("http: cannot create a response");
		return MHD_NO;		/* MHD closes the connection */
	}
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	rv = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	count_status(s, status);
	return rv;
}

static enum MHD_Result
reply_text(struct server *s, struct MHD_Connection *c, unsigned int status,
    const char *ctype, const char *text)
{
	struct MHD_Response	*r;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	    MHD_RESPMEM_PERSISTENT);
	if (r != NULL) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
		if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
			    "GET, HEAD");
	}
	return send_reply(s, c, status, r);
}

static enum MHD_Result
reply_errno(struct server *s, struct MHD_Connection *c, const char *what)
{
	switch (errno) {
	case ENOENT:
	case ENOTDIR:
	case ELOOP:
	case EXDEV:
	case EACCES:
	case EISDIR:
	case ENXIO:
	case ENAMETOOLONG:
		return reply_text(s, c, MHD_HTTP_NOT_FOUND, CT_TEXT,
		    "Not Found\n");
	}
	log_warn("http: %s", what);
	return reply_text(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, CT_TEXT,
	    "Internal Server Error\n");
}

static enum MHD_Result
reply_buf(struct server *s, struct MHD_Connection *c, const char *ctype,
    struct buf *b)
{
	struct MHD_Response	*r;
	size_t			 len = b->len;

	r = MHD_create_response_from_buffer(len, buf_release(b),
	    MHD_RESPMEM_MUST_FREE);
	if (r != NULL) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "no-cache");
	}
	return send_reply(s, c, MHD_HTTP_OK, r);
}

static enum MHD_Result
reply_metrics(struct server *s, struct MHD_Connection *c)
{
	static const char	*codes[C_N] = { "200", "304", "404", "405",
				    "other" };
	struct buf		 b = BUF_INIT;
	size_t			 i;

	if (s->metrics != NULL)
		s->metrics(&b, s->arg);
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	buf_addstr(&b, "# HELP feedd_http_requests_total HTTP requests "
	    "answered, by status code.\n"
	    "# TYPE feedd_http_requests_total counter\n");
	for (i = 0; i < C_N; i++)
		buf_printf(&b, "feedd_http_requests_total{code=\"%s\"} %llu\n",
		    codes[i], s->count[i]);
	return reply_buf(s, c, CT_METRICS, &b);
}

/* A regular file, already open; fd is ours to close (or hand to MHD). */
static enum MHD_Result
reply_file(struct server *s, struct MHD_Connection *c, const char *path,
    int fd, const struct stat *st)
{
	struct MHD_Response	*r;
	struct gzbody		*g = NULL;
	const char		*ctype, *inm, *ims;
	char			 etag[80], etag_gz[84], lastmod[64];
	size_t			 n;
	int64_t			 t;
	int			 compressible, gz, fresh;

	ctype = serve_content_type(path, &compressible);
	snprintf(etag, sizeof(etag), "\"%llx-%llx-%llx\"",
	    (unsigned long long)st->st_ino, (unsigned long long)st->st_size,
	    (unsigned long long)st->st_mtim.tv_sec * 1000000000ULL +
	    (unsigned long long)st->st_mtim.tv_nsec);
	n = strlen(etag);
	snprintf(etag_gz, sizeof(etag_gz), "%.*s-gz\"", (int)(n - 1), etag);
	serve_http_date(st->st_mtime, lastmod, sizeof(lastmod));
	gz = compressible && st->st_size <= GZ_MAX_IN && serve_accepts_gzip(
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING));

	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	/* RFC 7232 6: If-Modified-Since counts only without If-None-Match. */
	if (inm != NULL)
		fresh = serve_etag_match(inm, etag, etag_gz);
	else
		fresh = ims != NULL && date_parse(ims, NULL, &t) == 0 &&
		    (int64_t)st->st_mtime <= t;

	if (fresh) {
		close(fd);
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	} else if (gz && (g = gz_get(s, path, etag, fd, (size_t)st->st_size))
	    != NULL) {
		close(fd);
		r = MHD_create_response_from_buffer_with_free_callback_cls(
		    g->len, g->data, gz_release, g);
		if (r == NULL)
			gz_release(g);
	} else {
		gz = 0;
		/* The response owns fd once it exists. */
		if ((r = MHD_create_response_from_fd64((uint64_t)st->st_size,
		    fd)) == NULL)
			close(fd);
	}
	if (r != NULL) {
		if (!fresh) {
			MHD_add_response_header(r,
			    MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
			if (gz)
				MHD_add_response_header(r,
				    MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
		}
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG,
		    gz ? etag_gz : etag);
		MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED,
		    lastmod);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "no-cache");
		if (compressible)
			MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
			    "Accept-Encoding");
	}
	return send_reply(s, c, fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK,
	    r);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_file_at(int dfd, const char *name)
{
	struct stat	 st;

	return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode);
}

static void
index_link(struct buf *b, const char *path)
{
	buf_addstr(b, "<li><a href=\"");
	serve_href_escape(b, path);
	buf_addstr(b, "\">");
	serve_html_escape(b, path);
	buf_addstr(b, "</a></li>\n");
}

/* "/": index.html when there is one, else a list of what a reader wants. */
static enum MHD_Result
reply_index(struct server *s, struct MHD_Connection *c, int rootfd)
{
	struct buf	 b = BUF_INIT;
	struct stat	 st;
	struct dirent	*de;
	DIR		*dir;
	char		**names = NULL, *p;
	size_t		 n = 0, i;
	int		 fd;

	if ((fd = open_beneath(s, rootfd, "index.html")) != -1) {
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			return reply_file(s, c, "index.html", fd, &st);
		close(fd);
	}
	buf_addstr(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>feedd</title></head>\n<body>\n<h1>feedd</h1>\n<ul>\n");
	if (is_file_at(rootfd, "atom.xml"))
		index_link(&b, "atom.xml");
	if (is_file_at(rootfd, "feeds.opml"))
		index_link(&b, "feeds.opml");
	if ((fd = openat(rootfd, "tags", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1) {
		if ((dir = fdopendir(fd)) == NULL)
			close(fd);
		while (dir != NULL && (de = readdir(dir)) != NULL) {
			i = strlen(de->d_name);
			if (de->d_name[0] == '.' || i <= 4 ||
			    strcmp(de->d_name + i - 4, ".xml") != 0 ||
			    !is_file_at(dirfd(dir), de->d_name))
				continue;
			xasprintf(&p, "tags/%s", de->d_name);
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = p;
		}
		if (dir != NULL)
			closedir(dir);
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		index_link(&b, names[i]);
		free(names[i]);
	}
	free(names);
	buf_addstr(&b, "</ul>\n</body></html>\n");
	return reply_buf(s, c, CT_HTML, &b);
}

static enum MHD_Result
reply_path(struct server *s, struct MHD_Connection *c, const char *path)
{
	struct stat	 st;
	enum MHD_Result	 rv;
	int		 rootfd, fd;

	if (!path_ok(path))
		return reply_text(s, c, MHD_HTTP_NOT_FOUND, CT_TEXT,
		    "Not Found\n");
	/*
	 * Opened per request: output_dir may appear after startup, and a
	 * held descriptor would keep serving a directory replaced since.
	 */
	if ((rootfd = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return reply_errno(s, c, s->root);
	if (strcmp(path, "/") == 0)
		rv = reply_index(s, c, rootfd);
	else if (path[strlen(path) - 1] == '/')
		rv = reply_text(s, c, MHD_HTTP_NOT_FOUND, CT_TEXT,
		    "Not Found\n");
	else if ((fd = open_beneath(s, rootfd, path + 1)) == -1)
		rv = reply_errno(s, c, path);
	else if (fstat(fd, &st) == -1) {
		rv = reply_errno(s, c, path);
		close(fd);
	} else if (!S_ISREG(st.st_mode)) {
		close(fd);
		rv = reply_text(s, c, MHD_HTTP_NOT_FOUND, CT_TEXT,
		    "Not Found\n");
	} else
		rv = reply_file(s, c, path + 1, fd, &st);
	close(rootfd);
	return rv;
}

/* libmicrohttpd callbacks */

/*
 * MHD hands the access handler a percent-decoded C string, in which %00
 * would silently cut the path short; the raw URI is only seen here.
 */
static void *
uri_cb(void *arg, const char *uri, struct MHD_Connection *c)
{
	const char	*end = uri + strcspn(uri, "?");

	(void)arg;
	(void)c;
	for (; (uri = strchr(uri, '%')) != NULL && uri < end; uri++)
		if (uri[1] == '0' && uri[2] == '0')
			return &req_bad;
	return NULL;
}

static enum MHD_Result
access_cb(void *arg, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *uplen, void **ctx)
{
	struct server	*s = arg;
	const char	*p;

	(void)version;
	(void)upload;
	/* Answered at once: MHD will not read the body, and closes. */
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_text(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, CT_TEXT,
		    "Method Not Allowed\n");
	/*
	 * A reply queued on the first call (headers only) makes MHD close
	 * the connection; wait for the call after the (empty) body so that
	 * keep-alive works.
	 */
	if (*ctx == NULL || *ctx == &req_bad) {
		*ctx = *ctx == NULL ? &req_seen : &req_bad_seen;
		return MHD_YES;
	}
	if (*uplen != 0) {
		*uplen = 0;		/* a body on a GET: ignored */
		return MHD_YES;
	}
	if (*ctx == &req_bad_seen)
		return reply_text(s, c, MHD_HTTP_NOT_FOUND, CT_TEXT,
		    "Not Found\n");
	/* The absolute form a proxy would send: keep only the path. */
	if (strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "https://", 8) == 0) {
		p = strstr(url, "//") + 2;
		url = (p = strchr(p, '/')) != NULL ? p : "/";
	}
	if (strcmp(url, "/healthz") == 0)
		return reply_text(s, c, MHD_HTTP_OK, CT_TEXT, "ok\n");
	if (strcmp(url, "/metrics") == 0)
		return reply_metrics(s, c);
	return reply_path(s, c, url);
}

static void mhd_log(void *, const char *, va_list)
    __attribute__((__format__(printf, 2, 0)));

static void
mhd_log(void *arg, const char *fmt, va_list ap)
{
	char	 msg[512];
	size_t	 n;

	(void)arg;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_warnx("http: %s", msg);
}

/* libev glue */

/*
 * Let MHD do its work, then sleep until its next deadline: none at all
 * when it has no connections, so an idle server costs nothing.
 */
static void
server_run(struct server *s)
{
	MHD_UNSIGNED_LONG_LONG	 ms;

	MHD_run(s->mhd);
	ev_timer_stop(s->loop, &s->timer);
	if (MHD_get_timeout(s->mhd, &ms) == MHD_YES) {
		ev_timer_set(&s->timer, (double)ms / 1000., 0.);
		ev_timer_start(s->loop, &s->timer);
	}
}

static void
io_cb(EV_P_ ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	server_run(w->data);
}

static void
timer_cb(EV_P_ ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	server_run(w->data);
}

/* Public */

struct server *
serve_new(struct ev_loop *loop, const char *listen_str, const char *root,
    serve_metrics_fn metrics, void *arg, char *err, size_t errlen)
{
	struct server			*s;
	const union MHD_DaemonInfo	*di;
	char				 cwd[4096];
	int				 fd, port;

	if ((fd = serve_open_listener(listen_str, &port, err, errlen)) == -1)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	s->loop = loop;
	s->port = port;
	s->metrics = metrics;
	s->arg = arg;
	/* A daemon that detaches goes to "/": keep the root absolute. */
	if (root[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL)
		xasprintf(&s->root, "%s/%s", cwd, root);
	else
		s->root = xstrdup(root);
	s->mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
	    NULL, NULL, access_cb, s,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,	/* first, says MHD */
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONN_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_TIMEOUT,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_cb, s,
	    MHD_OPTION_END);
	if (s->mhd == NULL) {
		snprintf(err, errlen, "cannot start the HTTP server on %s",
		    listen_str);
		/* Whether MHD closed the socket on failure is not documented. */
		if (fcntl(fd, F_GETFD) != -1)
			close(fd);
		goto fail;
	}
	di = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (di == NULL || di->epoll_fd < 0) {
		snprintf(err, errlen, "libmicrohttpd has no epoll descriptor");
		MHD_stop_daemon(s->mhd);
		goto fail;
	}
	ev_io_init(&s->io, io_cb, di->epoll_fd, EV_READ);
	s->io.data = s;
	ev_init(&s->timer, timer_cb);
	s->timer.data = s;
	ev_io_start(loop, &s->io);
	server_run(s);
	return s;
fail:
	free(s->root);
	free(s);
	return NULL;
}

void
serve_free(struct server *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	ev_io_stop(s->loop, &s->io);
	ev_timer_stop(s->loop, &s->timer);
	/* Closes the listener and every connection, releasing responses. */
	MHD_stop_daemon(s->mhd);
	for (i = 0; i < GZ_CACHE_N; i++)
		if (s->gz[i] != NULL)
			gz_evict(s, i);
	free(s->root);
	free(s);
}

int
serve_port(const struct server *s)
{
	return s->port;
}
