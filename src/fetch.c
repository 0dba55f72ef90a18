/*
 * fetch.c - HTTP(S) transfers with libcurl's multi_socket interface on a
 * libev loop.  One multi handle per fetcher; transfers past the global
 * and per-host limits wait in our own queue.  The safety policy
 * (protocols, private addresses, redirects, size and time limits) lives
 * in transfer_easy_new(); reading replies is fetch_reply.c's.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <ev.h>

#include "buf.h"
#include "fetch.h"
#include "fetch_int.h"
#include "netguard.h"
#include "log.h"
#include "xmalloc.h"

#define ACCEPT_FEEDS	"application/atom+xml, application/rss+xml, " \
	"application/rdf+xml;q=0.9, application/feed+json, " \
	"application/json;q=0.8, application/xml;q=0.7, text/xml;q=0.7, " \
	"text/html;q=0.5, */*;q=0.1"

static void	 transfer_free(struct transfer *);
static void	 admit_waiting(struct fetcher *);
static CURL	*transfer_easy_new(struct transfer *, int, char *, size_t);

/* 1 (and the error recorded) when the guard refuses this address. */
static int
guard_refuses(struct transfer *t, int family, const void *addr)
{
	char	 host[INET6_ADDRSTRLEN];
	int	 bad;

	/*
	 * With a proxy we only ever talk to the proxy, which the
	 * administrator chose, so there is nothing to judge.
	 */
	if (t->allow_private || t->proxy[0] != '\0')
		return 0;
	if ((bad = netguard_private(family, addr)) == -1)
		return 1;
	if (bad && t->refused_msg == NULL) {
		if (inet_ntop(family, addr, host, sizeof(host)) == NULL)
			snprintf(host, sizeof(host), "?");
		xasprintf(&t->refused_msg, "refused to connect to private "
		    "address %s", host);
	}
	return bad;
}

/*
 * The guard runs twice: here on every new connection, on the address
 * actually connected to (so DNS rebinding and redirects are covered), and
 * in prereq_cb for a connection reused from another transfer, which may
 * have been allowed private addresses.
 */
static curl_socket_t
opensocket_cb(void *arg, curlsocktype purpose, struct curl_sockaddr *sa)
{
	struct transfer		*t = arg;
	const void		*addr = NULL;
	int			 type;

	(void)purpose;
	if (sa->family == AF_INET &&
	    sa->addrlen >= sizeof(struct sockaddr_in))
		addr = &((const struct sockaddr_in *)&sa->addr)->sin_addr;
	else if (sa->family == AF_INET6 &&
	    sa->addrlen >= sizeof(struct sockaddr_in6))
		addr = &((const struct sockaddr_in6 *)&sa->addr)->sin6_addr;
	if (addr == NULL ? !t->allow_private && t->proxy[0] == '\0' :
	    guard_refuses(t, sa->family, addr))
		return CURL_SOCKET_BAD;
	type = sa->socktype;
#ifdef SOCK_CLOEXEC
	type |= SOCK_CLOEXEC;
#endif
	return socket(sa->family, type, sa->protocol);
}

static int
prereq_cb(void *arg, char *primary_ip, char *local_ip, int primary_port,
    int local_port)
{
	struct transfer		*t = arg;
	unsigned char		 addr[sizeof(struct in6_addr)];
	int			 family;

	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	if (t->allow_private || t->proxy[0] != '\0')
		return CURL_PREREQFUNC_OK;
	family = strchr(primary_ip, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(family, primary_ip, addr) != 1 ||
	    guard_refuses(t, family, addr)) {
		if (t->refused_msg == NULL)
			xasprintf(&t->refused_msg, "refused to connect to "
			    "address %s", primary_ip);
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

/*
 * Body.  libcurl hands us decoded bytes, so the cap counts decompressed
 * data.  Bodies of non-2xx replies are not kept, only counted.
 */
static char *
url_part(const char *url, CURLUPart what)
{
	CURLU	*u;
	char	*part = NULL, *copy = NULL;

	if ((u = curl_url()) == NULL)
		fatalx("curl_url: out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, what, &part, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		copy = xstrdup(part);
		curl_free(part);
	}
	curl_url_cleanup(u);
	return copy;
}

/*
 * scheme://host:port, to send credentials only where they were meant.
 * One parse for the three parts: this runs for every transfer.
 */
static char *
url_origin(const char *url)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL, *port = NULL, *o = NULL;

	if ((u = curl_url()) == NULL)
		fatalx("curl_url: out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		if (curl_url_get(u, CURLUPART_PORT, &port,
		    CURLU_DEFAULT_PORT) != CURLUE_OK)
			port = NULL;
		xasprintf(&o, "%s://%s:%s", scheme, host, port ? port : "");
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return o;
}

/* Header values come from the store or a server: no control characters. */
static int
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static void
add_header(struct curl_slist **list, const char *name, const char *value)
{
	struct curl_slist	*l;
	char			*h;

	if (value == NULL || *value == '\0' || !header_safe(value))
		return;
	xasprintf(&h, "%s: %s", name, value);
	if ((l = curl_slist_append(*list, h)) == NULL)
		fatalx("curl_slist_append: out of memory");
	*list = l;
	free(h);
}

#define SETOPT(o, v) do {						\
	if ((rc = curl_easy_setopt(e, (o), (v))) != CURLE_OK)		\
		goto fail;						\
} while (0)

/*
 * All per-transfer policy.  Redirects are followed by hand (one easy
 * handle per hop) so every hop is checked before it is requested.
 */
static CURL *
transfer_easy_new(struct transfer *t, int first_hop, char *err,
    size_t errlen)
{
	const struct fetch_limits *lim = &t->f->lim;
	CURL		*e;
	CURLcode	 rc = CURLE_OK;
	char		*origin;
	double		 left;
	long		 ms;
	int		 is_file;

	if ((e = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	is_file = strncasecmp(t->url, "file:", 5) == 0;
	curl_slist_free_all(t->headers);
	t->headers = NULL;
	if (t->post == NULL)
		add_header(&t->headers, "Accept", ACCEPT_FEEDS);
	add_header(&t->headers, "If-None-Match", t->etag);
	add_header(&t->headers, "If-Modified-Since", t->last_modified);

	SETOPT(CURLOPT_URL, t->url);
	SETOPT(CURLOPT_PRIVATE, t);
	SETOPT(CURLOPT_ERRORBUFFER, t->errbuf);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_PROTOCOLS_STR, first_hop && t->allow_file && is_file ?
	    "http,https,file" : "http,https");
	SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_CONNECTTIMEOUT, lim->connect_timeout);
	if (lim->timeout > 0) {
		/* The total timeout covers every hop. */
		left = lim->timeout - (ev_time() - t->started);
		ms = left > 0.001 ? (long)(left * 1000.0) : 1;
		SETOPT(CURLOPT_TIMEOUT_MS, ms);
	}
	SETOPT(CURLOPT_LOW_SPEED_LIMIT, lim->low_speed_limit);
	SETOPT(CURLOPT_LOW_SPEED_TIME, lim->low_speed_time);
	/* Only a first hint: the write callback enforces the real cap. */
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)lim->max_body_size);
	SETOPT(CURLOPT_ACCEPT_ENCODING, "");
	SETOPT(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/*
	 * Waiting for a connection that may multiplex only makes sense where
	 * HTTP/2 can be: over TLS.  Over plain HTTP, PIPEWAIT would queue
	 * every other transfer to a host behind one that hangs.
	 */
	SETOPT(CURLOPT_PIPEWAIT, (long)(strncasecmp(t->url, "https:", 6) == 0));
	SETOPT(CURLOPT_USERAGENT, t->user_agent);
	SETOPT(CURLOPT_HTTPHEADER, t->headers);
	SETOPT(CURLOPT_PROXY, t->proxy);	/* "" also ignores *_proxy */
	if (t->ca_file != NULL)
		SETOPT(CURLOPT_CAINFO, t->ca_file);
	if (t->username != NULL) {
		/* As libcurl would: no credentials for another origin. */
		origin = url_origin(t->url);
		if (origin != NULL && t->origin != NULL &&
		    strcmp(origin, t->origin) == 0) {
			SETOPT(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
			SETOPT(CURLOPT_USERNAME, t->username);
			SETOPT(CURLOPT_PASSWORD,
			    t->password ? t->password : "");
		}
		free(origin);
	}
	SETOPT(CURLOPT_OPENSOCKETFUNCTION, opensocket_cb);
	SETOPT(CURLOPT_OPENSOCKETDATA, t);
	if (!is_file) {
		/* file:// has no peer address to judge. */
		SETOPT(CURLOPT_PREREQFUNCTION, prereq_cb);
		SETOPT(CURLOPT_PREREQDATA, t);
	}
	if (t->post != NULL) {
		SETOPT(CURLOPT_POSTFIELDS, t->post);
		SETOPT(CURLOPT_POSTFIELDSIZE, (long)strlen(t->post));
	}
	SETOPT(CURLOPT_WRITEFUNCTION, fetch_write_cb);
	SETOPT(CURLOPT_WRITEDATA, t);
	SETOPT(CURLOPT_HEADERFUNCTION, fetch_header_cb);
	SETOPT(CURLOPT_HEADERDATA, t);
	return e;
fail:
	snprintf(err, errlen, "curl_easy_setopt: %s", curl_easy_strerror(rc));
	curl_easy_cleanup(e);
	return NULL;
}

#undef SETOPT

static struct fetch_result *
result_new(const char *url, void *arg)
{
	struct fetch_result	*r;
	size_t			 len = strlen(url);

	/* The requested URL lives in the same allocation. */
	r = xcalloc(1, sizeof(*r) + len + 1);
	memcpy((char *)(r + 1), url, len + 1);
	r->url = (const char *)(r + 1);
	r->arg = arg;
	r->retry_after = -1;
	return r;
}

void
fetch_result_free(struct fetch_result *r)
{
	if (r == NULL)
		return;
	free(r->effective_url);
	free(r->body);
	free(r->content_type);
	free(r->charset);
	free(r->etag);
	free(r->last_modified);
	free(r->cache_control);
	free(r->error);
	free(r);
}

static void
transfer_free(struct transfer *t)
{
	if (t->easy != NULL) {
		curl_multi_remove_handle(t->f->multi, t->easy);
		curl_easy_cleanup(t->easy);
	}
	curl_slist_free_all(t->headers);
	fetch_result_free(t->res);
	free(t->url);
	free(t->origin);
	free(t->etag);
	free(t->last_modified);
	free(t->user_agent);
	free(t->username);
	free(t->password);
	free(t->proxy);
	free(t->ca_file);
	free(t->post);
	buf_free(&t->body);
	free(t->reason);
	free(t->abort_msg);
	free(t->refused_msg);
	free(t);
}

/* Start the next hop; 0, or -1 with the reason in err. */
static int
transfer_start(struct transfer *t, int first_hop, char *err, size_t errlen)
{
	CURLMcode	 mc;

	free(t->abort_msg);
	free(t->refused_msg);
	t->abort_msg = t->refused_msg = NULL;
	t->stop_quietly = 0;
	t->errbuf[0] = '\0';
	if ((t->easy = transfer_easy_new(t, first_hop, err, errlen)) == NULL)
		return -1;
	if ((mc = curl_multi_add_handle(t->f->multi, t->easy)) != CURLM_OK) {
		snprintf(err, errlen, "curl_multi_add_handle: %s",
		    curl_multi_strerror(mc));
		curl_easy_cleanup(t->easy);
		t->easy = NULL;
		return -1;
	}
	return 0;
}

static char *
curl_error_text(struct transfer *t, CURLcode code)
{
	const struct fetch_limits *lim = &t->f->lim;
	char	*msg = NULL, *host;

	switch (code) {
	case CURLE_OPERATION_TIMEDOUT:
		if (strncmp(t->errbuf, "Operation too slow", 18) == 0)
			xasprintf(&msg, "too slow: less than %ld bytes/s "
			    "for %ld s", lim->low_speed_limit,
			    lim->low_speed_time);
		else if (strncmp(t->errbuf, "Connection timed out", 20) == 0 ||
		    strncmp(t->errbuf, "Resolving timed out", 19) == 0 ||
		    strncmp(t->errbuf, "Failed to connect", 17) == 0)
			/* The last: libcurl 7.88's words for a connect timeout. */
			xasprintf(&msg, "connect timeout after %ld s",
			    lim->connect_timeout);
		else
			xasprintf(&msg, "timeout after %ld s", lim->timeout);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		host = url_part(t->url, CURLUPART_HOST);
		xasprintf(&msg, "could not resolve host %s",
		    host ? host : t->url);
		free(host);
		break;
	case CURLE_FILESIZE_EXCEEDED:
		xasprintf(&msg, "body larger than %zu bytes",
		    lim->max_body_size);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		xasprintf(&msg, "protocol not allowed: %s", t->url);
		break;
	default:
		msg = xstrdup(t->errbuf[0] != '\0' ? t->errbuf :
		    curl_easy_strerror(code));
		break;
	}
	return msg;
}

/* 1 when the 3xx was followed (a new hop is running), else 0. */
static int
transfer_redirect(struct transfer *t, const char *loc, long status)
{
	struct fetch_result	*r = t->res;
	char			*scheme, *oldscheme, err[256];
	int			 rv = 0;

	if (t->post != NULL) {
		/* A POST is not replayed elsewhere: the 3xx is the answer. */
		xasprintf(&r->error, "HTTP %ld (redirect not followed for a "
		    "POST)", status);
		return 0;
	}
	if (t->redirects >= t->f->lim.max_redirects) {
		xasprintf(&r->error, "too many redirects (more than %ld)",
		    t->f->lim.max_redirects);
		return 0;
	}
	scheme = url_part(loc, CURLUPART_SCHEME);
	oldscheme = url_part(t->url, CURLUPART_SCHEME);
	if (scheme == NULL || (strcmp(scheme, "http") != 0 &&
	    strcmp(scheme, "https") != 0))
		xasprintf(&r->error, "refused redirect to %s", loc);
	else if (oldscheme != NULL && strcmp(oldscheme, "https") == 0 &&
	    strcmp(scheme, "http") == 0)
		xasprintf(&r->error, "refused redirect from https to http: %s",
		    loc);
	else {
		free(t->url);
		t->url = xstrdup(loc);
		t->redirects++;
		if (status != 301 && status != 308)
			t->all_permanent = 0;
		if (transfer_start(t, 0, err, sizeof(err)) == -1)
			r->error = xstrdup(err);
		else
			rv = 1;
	}
	free(scheme);
	free(oldscheme);
	return rv;
}

/* Did this hop's request carry If-None-Match or If-Modified-Since? */
static int
sent_validators(const struct transfer *t)
{
	const struct curl_slist	*l;

	for (l = t->headers; l != NULL; l = l->next)
		if (strncasecmp(l->data, "If-None-Match:", 14) == 0 ||
		    strncasecmp(l->data, "If-Modified-Since:", 18) == 0)
			return 1;
	return 0;
}

/*
 * One hop finished.  Either start the next hop or fill in the result and
 * hand it over; the transfer is gone after the done callback.
 */
static void
transfer_hop_done(struct transfer *t, CURLcode code)
{
	struct fetcher		*f = t->f;
	struct fetch_result	*r = t->res;
	char			*s = NULL, *loc = NULL;
	double			 secs = 0;
	long			 status = 0;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &secs);
	r->seconds += secs;
	free(r->effective_url);
	r->effective_url = NULL;
	if (curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &s) ==
	    CURLE_OK && s != NULL)
		r->effective_url = xstrdup(s);
	if (curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &s) ==
	    CURLE_OK && s != NULL)
		loc = xstrdup(s);
	r->status = status;
	curl_multi_remove_handle(f->multi, t->easy);
	curl_easy_cleanup(t->easy);
	t->easy = NULL;

	if (code == CURLE_WRITE_ERROR && t->stop_quietly)
		code = CURLE_OK;
	if (code != CURLE_OK) {
		if (t->abort_msg != NULL)
			r->error = xstrdup(t->abort_msg);
		else if (t->refused_msg != NULL)
			r->error = xstrdup(t->refused_msg);
		else
			r->error = curl_error_text(t, code);
	} else if (status >= 300 && status <= 399 && status != 304 &&
	    loc != NULL) {
		if (transfer_redirect(t, loc, status)) {
			free(loc);
			return;
		}
	} else if (status == 304 && sent_validators(t))
		r->not_modified = 1;
	else if (status == 304)
		/* "Not modified" since nothing: storing nothing is wrong. */
		r->error = xstrdup("HTTP 304 without a conditional request");
	else if (status == 0 || (status >= 200 && status <= 299)) {
		/* status 0: file://, which has no status line. */
		r->len = t->body.len;
		r->body = buf_release(&t->body);
	} else if (t->reason != NULL && t->reason[0] != '\0')
		xasprintf(&r->error, "HTTP %ld %s", status, t->reason);
	else
		xasprintf(&r->error, "HTTP %ld", status);
	free(loc);
	if (t->redirects > 0 && t->all_permanent)
		r->permanent_redirect = 1;

	TAILQ_REMOVE(&f->transfers, t, entry);
	f->inflight--;
	f->nactive--;
	if (t->oc != NULL)
		t->oc->active--;
	t->res = NULL;
	transfer_free(t);
	admit_waiting(f);
	f->done(r, f->cbarg);
}

static void	fetcher_destroy(struct fetcher *);

/* Drain libcurl's messages; 1 when the fetcher was freed meanwhile. */
static int
fetcher_check_done(struct fetcher *f)
{
	CURLMsg		*msg;
	CURL		*easy;
	CURLcode	 code;
	struct transfer	*t;
	char		*priv;
	int		 left;

	f->busy = 1;
	while (!f->dying && (msg = curl_multi_info_read(f->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		/* msg is invalid once the handle is removed. */
		easy = msg->easy_handle;
		code = msg->data.result;
		priv = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
		t = (struct transfer *)(void *)priv;
		transfer_hop_done(t, code);
	}
	f->busy = 0;
	if (f->dying) {
		fetcher_destroy(f);
		return 1;
	}
	return 0;
}

static void
io_cb(struct ev_loop *loop, struct ev_io *io, int revents)
{
	struct sockwatch	*w = io->data;
	struct fetcher		*f = w->f;
	int			 flags = 0, running;

	(void)loop;
	if (revents & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (revents & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	if (revents & EV_ERROR)
		flags |= CURL_CSELECT_ERR;
	/* w may be freed by the socket callback from here on. */
	curl_multi_socket_action(f->multi, w->fd, flags, &running);
	fetcher_check_done(f);
}

static void
timer_cb(struct ev_loop *loop, struct ev_timer *tm, int revents)
{
	struct fetcher	*f = tm->data;
	int		 running;

	(void)loop;
	(void)revents;
	curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	fetcher_check_done(f);
}

/* CURLMOPT_TIMERFUNCTION: only re-arms our one timer. */
static int
multi_timer_cb(CURLM *multi, long ms, void *arg)
{
	struct fetcher	*f = arg;

	(void)multi;
	ev_timer_stop(f->loop, &f->timer);
	if (ms >= 0) {
		ev_timer_set(&f->timer, ms / 1000.0, 0.);
		ev_timer_start(f->loop, &f->timer);
	}
	return 0;
}

static void
sockwatch_free(struct fetcher *f, struct sockwatch *w)
{
	ev_io_stop(f->loop, &w->io);
	LIST_REMOVE(w, entry);
	free(w);
}

/* CURLMOPT_SOCKETFUNCTION: one ev_io per socket, kept with multi_assign. */
static int
multi_socket_cb(CURL *easy, curl_socket_t fd, int what, void *arg,
    void *sockp)
{
	struct fetcher		*f = arg;
	struct sockwatch	*w = sockp;
	int			 events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (w != NULL) {
			sockwatch_free(f, w);
			curl_multi_assign(f->multi, fd, NULL);
		}
		return 0;
	}
	if (what & CURL_POLL_IN)
		events |= EV_READ;
	if (what & CURL_POLL_OUT)
		events |= EV_WRITE;
	if (w == NULL) {
		w = xcalloc(1, sizeof(*w));
		w->fd = fd;
		w->f = f;
		ev_io_init(&w->io, io_cb, fd, events);
		w->io.data = w;
		LIST_INSERT_HEAD(&f->socks, w, entry);
		curl_multi_assign(f->multi, fd, w);
	} else {
		ev_io_stop(f->loop, &w->io);
		ev_io_set(&w->io, fd, events);
	}
	ev_io_start(f->loop, &w->io);
	return 0;
}

struct fetcher *
fetch_new(struct ev_loop *loop, const struct fetch_limits *lim,
    fetch_done_cb done, void *cbarg)
{
	struct fetcher	*f;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fatalx("curl_global_init failed");
	f = xcalloc(1, sizeof(*f));
	f->loop = loop;
	f->lim = *lim;
	if (f->lim.max_body_size == 0)
		f->lim.max_body_size = 16 * 1024 * 1024;
	if (f->lim.max_redirects < 0)
		f->lim.max_redirects = 0;
	f->done = done;
	f->cbarg = cbarg;
	TAILQ_INIT(&f->transfers);
	TAILQ_INIT(&f->waiting);
	LIST_INIT(&f->socks);
	ev_init(&f->timer, timer_cb);
	f->timer.data = f;
	if ((f->multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init failed");
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, multi_socket_cb);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, multi_timer_cb);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)lim->max_connections);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)lim->max_host_connections);
	curl_multi_setopt(f->multi, CURLMOPT_PIPELINING,
	    (long)CURLPIPE_MULTIPLEX);
	return f;
}

static size_t
origin_index(struct origin_count *const *v, size_t cap, const char *origin)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	const char	*p;
	size_t		 i;

	for (p = origin; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	for (i = (size_t)h & (cap - 1); v[i] != NULL &&
	    strcmp(v[i]->origin, origin) != 0; i = (i + 1) & (cap - 1))
		;
	return i;
}

/* The count of origin's active transfers, made on first sight. */
static struct origin_count *
origin_count(struct fetcher *f, const char *origin)
{
	struct origin_count	**nv;
	size_t			  i, ncap;

	if ((f->norigins + 1) * 2 > f->origins_cap) {
		ncap = f->origins_cap > 0 ? f->origins_cap * 2 : 64;
		nv = xcalloc(ncap, sizeof(*nv));
		for (i = 0; i < f->origins_cap; i++)
			if (f->origins[i] != NULL)
				nv[origin_index(nv, ncap,
				    f->origins[i]->origin)] = f->origins[i];
		free(f->origins);
		f->origins = nv;
		f->origins_cap = ncap;
	}
	i = origin_index(f->origins, f->origins_cap, origin);
	if (f->origins[i] == NULL) {
		f->origins[i] = xcalloc(1, sizeof(**f->origins));
		f->origins[i]->origin = xstrdup(origin);
		f->norigins++;
	}
	return f->origins[i];
}

/* Room for one more transfer, in all and to its origin? */
static int
slot_free(const struct fetcher *f, const struct transfer *t)
{
	if (f->nactive >= (size_t)f->lim.max_connections)
		return 0;
	return t->oc == NULL ||
	    t->oc->active < (unsigned)f->lim.max_host_connections;
}

/* Hand a transfer to libcurl; its time limits start now. */
static int
activate(struct fetcher *f, struct transfer *t, char *err, size_t errlen)
{
	t->started = ev_time();
	if (transfer_start(t, 1, err, errlen) == -1)
		return -1;
	TAILQ_INSERT_TAIL(&f->transfers, t, entry);
	f->nactive++;
	if (t->oc != NULL)
		t->oc->active++;
	return 0;
}

/*
 * A slot came free: start the waiting transfers that now fit, oldest
 * first.  One that cannot start is finished with its error.
 */
static void
admit_waiting(struct fetcher *f)
{
	struct transfer		*t, *next;
	struct fetch_result	*r;
	char			 err[256];

	for (t = TAILQ_FIRST(&f->waiting); t != NULL &&
	    f->nactive < (size_t)f->lim.max_connections; t = next) {
		next = TAILQ_NEXT(t, entry);
		if (!slot_free(f, t))
			continue;
		TAILQ_REMOVE(&f->waiting, t, entry);
		if (activate(f, t, err, sizeof(err)) == 0)
			continue;
		r = t->res;
		r->error = xstrdup(err);
		t->res = NULL;
		transfer_free(t);
		f->inflight--;
		f->done(r, f->cbarg);
	}
}

int
fetch_submit(struct fetcher *f, const struct fetch_req *req, char *err,
    size_t errlen)
{
	struct transfer	*t;
	char		*scheme;

	if (f->dying) {
		snprintf(err, errlen, "fetcher is shutting down");
		return -1;
	}
	if (req->url == NULL || (scheme = url_part(req->url,
	    CURLUPART_SCHEME)) == NULL) {
		snprintf(err, errlen, "invalid URL: %s",
		    req->url ? req->url : "(none)");
		return -1;
	}
	if (strcmp(scheme, "file") == 0 && !req->allow_file) {
		snprintf(err, errlen, "file:// URLs are not allowed");
		free(scheme);
		return -1;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0 &&
	    strcmp(scheme, "file") != 0) {
		snprintf(err, errlen, "URL scheme not allowed: %s", scheme);
		free(scheme);
		return -1;
	}
	free(scheme);

	t = xcalloc(1, sizeof(*t));
	t->f = f;
	t->res = result_new(req->url, req->arg);
	t->url = xstrdup(req->url);
	t->origin = url_origin(req->url);
	if (t->origin != NULL)
		t->oc = origin_count(f, t->origin);
	t->etag = req->etag ? xstrdup(req->etag) : NULL;
	t->last_modified = req->last_modified ?
	    xstrdup(req->last_modified) : NULL;
	t->user_agent = xstrdup(req->user_agent ? req->user_agent : "feedd");
	t->username = req->username ? xstrdup(req->username) : NULL;
	t->password = req->password ? xstrdup(req->password) : NULL;
	t->proxy = xstrdup(req->proxy ? req->proxy : "");
	t->ca_file = req->ca_file ? xstrdup(req->ca_file) : NULL;
	t->post = req->post ? xstrdup(req->post) : NULL;
	t->allow_private = req->allow_private;
	t->allow_file = req->allow_file;
	t->all_permanent = 1;
	if (!slot_free(f, t)) {
		TAILQ_INSERT_TAIL(&f->waiting, t, entry);
		f->inflight++;
		return 0;
	}
	if (activate(f, t, err, errlen) == -1) {
		transfer_free(t);
		return -1;
	}
	f->inflight++;
	return 0;
}

size_t
fetch_inflight(const struct fetcher *f)
{
	return f->inflight;
}

static void
fetcher_destroy(struct fetcher *f)
{
	struct transfer		*t;
	struct sockwatch	*w;
	size_t			 i;

	while ((t = TAILQ_FIRST(&f->transfers)) != NULL) {
		TAILQ_REMOVE(&f->transfers, t, entry);
		transfer_free(t);
	}
	while ((t = TAILQ_FIRST(&f->waiting)) != NULL) {
		TAILQ_REMOVE(&f->waiting, t, entry);
		transfer_free(t);
	}
	/* Cleanup may still call our socket and timer callbacks. */
	curl_multi_cleanup(f->multi);
	while ((w = LIST_FIRST(&f->socks)) != NULL)
		sockwatch_free(f, w);
	ev_timer_stop(f->loop, &f->timer);
	for (i = 0; i < f->origins_cap; i++)
		if (f->origins[i] != NULL) {
			free(f->origins[i]->origin);
			free(f->origins[i]);
		}
	free(f->origins);
	free(f);
	curl_global_cleanup();
}

/*
 * Transfers still in flight are dropped without calling the done
 * callback: the caller is going away and owns their args.  Safe to call
 * from inside the done callback; the fetcher is then freed on return.
 */
void
fetch_free(struct fetcher *f)
{
	if (f == NULL)
		return;
	if (f->busy) {
		f->dying = 1;
		return;
	}
	fetcher_destroy(f);
}
