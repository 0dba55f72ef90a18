/*
 * serve_http.c - the HTTP server's small pure pieces: content types by
 * file extension, HTTP dates, Accept-Encoding and If-None-Match matching,
 * HTML and link escaping for the generated index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "serve_int.h"

/* Every type named here is text and worth compressing; others are not. */
static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ ".xml", "application/atom+xml; charset=utf-8" },
	{ ".opml", "text/x-opml; charset=utf-8" },
	{ ".html", CT_HTML },
	{ ".md", "text/markdown; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".txt", CT_TEXT },
};

void
serve_http_date(time_t t, char *out, size_t size)
{
	static const char	 days[7][4] = { "Sun", "Mon", "Tue", "Wed",
				    "Thu", "Fri", "Sat" };
	static const char	 mons[12][4] = { "Jan", "Feb", "Mar", "Apr",
				    "May", "Jun", "Jul", "Aug", "Sep", "Oct",
				    "Nov", "Dec" };
	struct tm		 tm;

	/* Not strftime: %a and %b follow the locale, HTTP wants English. */
	gmtime_r(&t, &tm);
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday], tm.tm_mday, mons[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

const char *
serve_content_type(const char *path, int *gzip)
{
	size_t	 len = strlen(path), elen, i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		elen = strlen(types[i].ext);
		if (len > elen && strcasecmp(path + len - elen,
		    types[i].ext) == 0) {
			*gzip = 1;
			return types[i].type;
		}
	}
	*gzip = 0;
	return "application/octet-stream";
}

/* 1 when a q value ("1", "0.5", "0.000") is above zero. */
static int
q_positive(const char *p)
{
	for (; (*p >= '0' && *p <= '9') || *p == '.'; p++)
		if (*p >= '1' && *p <= '9')
			return 1;
	return 0;
}

/*
 * Accept-Encoding allows gzip: "gzip" or "x-gzip" with q > 0, or failing
 * those a "*" with q > 0.  "gzip;q=0" refuses it even when "*" is there.
 */
int
serve_accepts_gzip(const char *ae)
{
	const char	*p = ae, *tok, *semi;
	size_t		 tlen;
	int		 gz = -1, star = -1, ok;

	if (ae == NULL)
		return 0;
	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '\0')
			break;
		tok = p;
		tlen = strcspn(p, " \t;,");
		p += strcspn(p, ",");
		ok = 1;
		semi = memchr(tok, ';', (size_t)(p - tok));
		while (semi != NULL) {
			semi++;
			semi += strspn(semi, " \t");
			if ((*semi == 'q' || *semi == 'Q')) {
				semi++;
				semi += strspn(semi, " \t");
				if (*semi == '=') {
					semi++;
					semi += strspn(semi, " \t");
					ok = q_positive(semi);
				}
			}
			semi = memchr(semi, ';', (size_t)(p - semi));
		}
		if ((tlen == 4 && strncasecmp(tok, "gzip", 4) == 0) ||
		    (tlen == 6 && strncasecmp(tok, "x-gzip", 6) == 0))
			gz = ok;
		else if (tlen == 1 && *tok == '*')
			star = ok;
	}
	return gz != -1 ? gz : star == 1;
}

/*
 * If-None-Match against our two ETags.  For GET the comparison is weak
 * (RFC 7232 3.2), so W/"x" matches "x"; "*" matches any file that exists.
 */
int
serve_etag_match(const char *list, const char *a, const char *b)
{
	const char	*p = list, *start;
	size_t		 n;

	for (;;) {
		p += strspn(p, " \t,");
		if (*p == '\0')
			return 0;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p != '"') {
			p += strcspn(p, ",");
			continue;
		}
		start = p;
		if ((p = strchr(p + 1, '"')) == NULL)
			return 0;
		n = (size_t)(++p - start);
		if ((strlen(a) == n && memcmp(start, a, n) == 0) ||
		    (strlen(b) == n && memcmp(start, b, n) == 0))
			return 1;
	}
}

void
serve_html_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_addstr(b, "&amp;");
			break;
		case '<':
			buf_addstr(b, "&lt;");
			break;
		case '>':
			buf_addstr(b, "&gt;");
			break;
		case '"':
			buf_addstr(b, "&quot;");
			break;
		case '\'':
			buf_addstr(b, "&#39;");
			break;
		default:
			buf_addc(b, *s);
		}
	}
}

/* A relative link: every byte but unreserved ones and '/' escaped. */
void
serve_href_escape(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL)
			buf_addc(b, c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

