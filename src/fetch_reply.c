/*
 * fetch_reply.c - what a transfer receives: the body (capped after
 * decompression), the status line, and the headers feedd keeps (ETag,
 * Last-Modified, Content-Type and its charset, Retry-After,
 * Cache-Control), reset for each response of a redirect chain.
 */
#include <sys/queue.h>

#include <ctype.h>
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
#include "xmalloc.h"

#define HEADER_MAX	1024		/* longer captured values are dropped */
#define RETRY_AFTER_MAX	(365L * 86400)

/*
 * Room for the whole body at its first bytes, when the server said how
 * long it is and that fits the limit: growing a buffer of a few hundred
 * KB by doubling copied it again and again (tests/bench).  A compressed
 * body only starts from there.
 */
static void
body_reserve(struct transfer *t, size_t first)
{
	curl_off_t	 cl = -1;

	if (curl_easy_getinfo(t->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
	    &cl) != CURLE_OK || cl <= 0 ||
	    (uint64_t)cl > (uint64_t)t->f->lim.max_body_size ||
	    (size_t)cl < first)
		return;
	buf_grow(&t->body, (size_t)cl);
}

size_t
fetch_write_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct transfer	*t = arg;
	size_t		 n = size * nmemb, max = t->f->lim.max_body_size;

	if (t->hop_status != 0 && (t->hop_status < 200 ||
	    t->hop_status > 299)) {
		if (n > max - t->discarded) {
			t->stop_quietly = 1;
			return 0;
		}
		t->discarded += n;
		return n;
	}
	if (n > max - t->body.len) {
		if (t->abort_msg == NULL)
			xasprintf(&t->abort_msg, "body larger than %zu bytes",
			    max);
		return 0;
	}
	if (t->body.cap == 0)
		body_reserve(t, n);
	buf_add(&t->body, ptr, n);
	return n;
}

static char *
trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	*end = '\0';
	return s;
}

static void
set_header(char **dst, const char *v)
{
	free(*dst);
	*dst = strlen(v) < HEADER_MAX ? xstrdup(v) : NULL;
}

static void
response_reset(struct transfer *t)
{
	struct fetch_result	*r = t->res;

	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->charset);
	free(r->cache_control);
	free(t->reason);
	r->etag = r->last_modified = r->content_type = r->charset = NULL;
	r->cache_control = NULL;
	t->reason = NULL;
	r->retry_after = -1;
	t->hop_status = 0;
	buf_reset(&t->body);
	t->discarded = 0;
}

/* "HTTP/1.1 404 Not Found": keep the code and a printable reason. */
static void
parse_status_line(struct transfer *t, char *line)
{
	char	*p, *q;
	long	 code = 0;

	p = strchr(line, ' ');
	if (p == NULL)
		return;
	p++;
	while (isdigit((unsigned char)*p) && code < 1000)
		code = code * 10 + (*p++ - '0');
	t->hop_status = code;
	while (*p == ' ')
		p++;
	for (q = p; *q != '\0' && q - p < 64; q++)
		if (!isprint((unsigned char)*q))
			break;
	if (q > p)
		t->reason = xstrndup(p, (size_t)(q - p));
}

/* Media type lowercased without parameters; charset from its parameter. */
static void
parse_content_type(struct fetch_result *r, char *v)
{
	char	*p, *name, *val, *e;

	p = strchr(v, ';');
	if (p != NULL)
		*p++ = '\0';
	v = trim(v, v + strlen(v));
	for (e = v; *e != '\0'; e++)
		*e = (char)tolower((unsigned char)*e);
	set_header(&r->content_type, v);
	while (p != NULL) {
		name = p;
		p = strchr(p, ';');
		if (p != NULL)
			*p++ = '\0';
		if ((val = strchr(name, '=')) == NULL)
			continue;
		*val++ = '\0';
		name = trim(name, name + strlen(name));
		if (strcasecmp(name, "charset") != 0)
			continue;
		val = trim(val, val + strlen(val));
		if (*val == '"') {
			val++;
			if ((e = strchr(val, '"')) != NULL)
				*e = '\0';
		}
		if (*val != '\0')
			set_header(&r->charset, val);
	}
}

static long
parse_retry_after(const char *v)
{
	const char	*p;
	long		 n = 0;
	time_t		 when, now;

	for (p = v; isdigit((unsigned char)*p); p++)
		if ((n = n * 10 + (*p - '0')) > RETRY_AFTER_MAX)
			n = RETRY_AFTER_MAX;
	if (p > v && *p == '\0')
		return n;
	if ((when = curl_getdate(v, NULL)) == -1)
		return -1;
	now = time(NULL);
	if (when <= now)
		return 0;
	return when - now > RETRY_AFTER_MAX ? RETRY_AFTER_MAX :
	    (long)(when - now);
}

/* Called once per header line; a status line starts a new response. */
size_t
fetch_header_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct transfer		*t = arg;
	struct fetch_result	*r = t->res;
	size_t			 n = size * nmemb;
	char			*line, *colon, *name, *val;

	if (n >= 5 && strncmp(ptr, "HTTP/", 5) == 0) {
		response_reset(t);
		line = xstrndup(ptr, n);
		parse_status_line(t, trim(line, line + n));
		free(line);
		return n;
	}
	if ((colon = memchr(ptr, ':', n)) == NULL)
		return n;
	line = xstrndup(ptr, n);
	colon = line + (colon - ptr);
	*colon = '\0';
	name = trim(line, colon);
	val = trim(colon + 1, line + n);
	if (strcasecmp(name, "ETag") == 0)
		set_header(&r->etag, val);
	else if (strcasecmp(name, "Last-Modified") == 0)
		set_header(&r->last_modified, val);
	else if (strcasecmp(name, "Content-Type") == 0)
		parse_content_type(r, val);
	else if (strcasecmp(name, "Retry-After") == 0)
		r->retry_after = parse_retry_after(val);
	else if (strcasecmp(name, "Cache-Control") == 0)
		set_header(&r->cache_control, val);
	free(line);
	return n;
}
