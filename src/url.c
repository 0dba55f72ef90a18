/*
 * url.c - URL resolution (RFC 3986 section 5, with libcurl's URL API as the
 * parser and normaliser), canonical URLs for deduplication, scheme checks
 * for the sanitizer, and the SHA-256 URL hash that keys entries.  The only
 * module besides the fetcher that includes curl/curl.h and OpenSSL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "buf.h"
#include "log.h"
#include "url.h"
#include "xmalloc.h"

/* Components of a URI reference (RFC 3986 appendix B); NULL when absent. */
struct url_parts {
	const char	*scheme, *auth, *path, *query, *frag;
	size_t		 schemelen, authlen, pathlen, querylen, fraglen;
};

/* Parameters that only say where a reader came from. */
static const char *const url_tracking[] = {
	"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid",
	"igshid", "spm", NULL
};

static int
url_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/*
 * Browsers ignore leading and trailing C0 controls and spaces and drop
 * TAB, CR and LF anywhere (WHATWG URL), so "java\tscript:" is javascript.
 */
static char *
url_clean(const char *s)
{
	const unsigned char	*p, *e;
	char			*out;
	size_t			 n;

	p = (const unsigned char *)s;
	while (*p != '\0' && *p <= 0x20)
		p++;
	e = p + strlen((const char *)p);
	while (e > p && e[-1] <= 0x20)
		e--;
	out = xmalloc(e - p + 1);
	for (n = 0; p < e; p++)
		if (*p != '\t' && *p != '\r' && *p != '\n')
			out[n++] = (char)*p;
	out[n] = '\0';
	return out;
}

/* Length of the scheme when s starts with one and a colon, else 0. */
static size_t
url_scheme_len(const char *s)
{
	size_t	 i;
	int	 c;

	c = (unsigned char)s[0];
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		c = (unsigned char)s[i];
		if (c == ':')
			return i;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
			return 0;
	}
	return 0;
}

/*
 * The WHATWG "special" schemes: always hierarchical, and browsers read a
 * backslash in them as a slash.
 */
static int
url_special(const char *scheme, size_t n)
{
	static const char *const special[] = {
		"http", "https", "ftp", "ws", "wss", "file", NULL
	};
	size_t	 i;

	for (i = 0; special[i] != NULL; i++)
		if (strlen(special[i]) == n &&
		    strncasecmp(scheme, special[i], n) == 0)
			return 1;
	return 0;
}

/* Backslashes before the query become slashes, as in a browser. */
static void
url_fix_backslashes(char *s)
{
	for (; *s != '\0' && *s != '?' && *s != '#'; s++)
		if (*s == '\\')
			*s = '/';
}

static void
url_split(const char *s, int with_scheme, struct url_parts *p)
{
	memset(p, 0, sizeof(*p));
	if (with_scheme && (p->schemelen = url_scheme_len(s)) > 0) {
		p->scheme = s;
		s += p->schemelen + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		p->auth = s + 2;
		p->authlen = strcspn(p->auth, "/?#");
		s = p->auth + p->authlen;
	}
	p->path = s;
	p->pathlen = strcspn(s, "?#");
	s += p->pathlen;
	if (*s == '?') {
		p->query = s + 1;
		p->querylen = strcspn(p->query, "#");
		s = p->query + p->querylen;
	}
	if (*s == '#') {
		p->frag = s + 1;
		p->fraglen = strlen(p->frag);
	}
}

/* 1 for ".", 2 for "..", 0 otherwise; "%2e" counts as a dot (WHATWG). */
static int
url_dot_segment(const char *s, size_t n)
{
	int	 dots = 0;

	while (n > 0) {
		if (s[0] == '.') {
			s++;
			n--;
		} else if (n >= 3 && s[0] == '%' && s[1] == '2' &&
		    url_lower(s[2]) == 'e') {
			s += 3;
			n -= 3;
		} else
			return 0;
		if (++dots > 2)
			return 0;
	}
	return dots;
}

/* RFC 3986 5.2.4 remove_dot_segments, appending the result to out. */
static void
url_remove_dots(struct buf *out, const char *in, size_t n)
{
	const char	*seg;
	size_t		 seglen, start, i;
	int		 dots;

	start = out->len;
	while (n > 0) {
		if (in[0] == '/') {
			seg = in + 1;
			seglen = strcspn(seg, "/");
			if (seglen > n - 1)
				seglen = n - 1;
			dots = url_dot_segment(seg, seglen);
			in = seg + seglen;
			n -= seglen + 1;
			if (dots == 2) {
				for (i = out->len; i > start &&
				    out->data[i - 1] != '/'; i--)
					;
				out->len = i > start ? i - 1 : start;
				if (out->data != NULL)
					out->data[out->len] = '\0';
			}
			if (dots == 0) {
				buf_addc(out, '/');
				buf_add(out, seg, seglen);
			} else if (n == 0)
				buf_addc(out, '/');
		} else {
			/* A leading "." or ".." segment of a relative path. */
			seglen = strcspn(in, "/");
			if (seglen > n)
				seglen = n;
			if (url_dot_segment(in, seglen) == 0)
				buf_add(out, in, seglen);
			else if (seglen < n)
				seglen++;
			in += seglen;
			n -= seglen;
		}
	}
}

/* A byte url_encode copies as it is: printable ASCII but " <>`. */
static int
url_as_is(char ch)
{
	unsigned char	 c = (unsigned char)ch;

	return c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' &&
	    c != '`';
}

/*
 * Percent-encode what browsers encode (space, '"', '<', '>', '`' and all
 * non-ASCII bytes) with upper-case hex; existing escapes are left alone.
 * libcurl 7.88's CURLU_URLENCODE is not used for this: it writes a space
 * in the query as '+', leaves the fragment alone (and then rejects its
 * spaces) and uses lower-case hex, so "é" and a browser-copied "%C3%A9"
 * would not canonicalise alike.  -1 for other control characters.
 */
static int
url_encode(struct buf *out, const char *s, size_t n)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	size_t			 i, run;

	buf_grow(out, n);
	for (i = 0; i < n; i++) {
		/* A run of bytes that stay as they are, copied at once. */
		for (run = i; run < n && url_as_is(s[run]); run++)
			;
		buf_add(out, s + i, run - i);
		if ((i = run) == n)
			break;
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return -1;
		buf_addc(out, '%');
		buf_addc(out, hex[c >> 4]);
		buf_addc(out, hex[c & 0xf]);
	}
	return 0;
}

/* Let libcurl parse and normalise s; an owned copy of its URL, or NULL. */
char *
url_curl_normalize(const char *s)
{
	CURLU	*h;
	char	*got = NULL, *out = NULL;

	if ((h = curl_url()) == NULL)
		fatalx("curl_url: out of memory");
	if (curl_url_set(h, CURLUPART_URL, s, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK && curl_url_get(h, CURLUPART_URL, &got, 0) == CURLUE_OK)
		out = xstrdup(got);
	curl_free(got);
	curl_url_cleanup(h);
	return out;
}

/* h..end is four decimal numbers 0-255 without leading zeros. */
static int
dotted_quad(const char *h, const char *end)
{
	int	 parts = 0, v, digits;

	while (h < end) {
		for (v = digits = 0; h < end && *h >= '0' && *h <= '9'; h++) {
			if (digits++ > 0 && v == 0)
				return 0;	/* a leading zero: octal */
			if (digits > 3)
				return 0;
			v = v * 10 + (*h - '0');
		}
		if (digits == 0 || v > 255 || ++parts > 4)
			return 0;
		if (h < end && *h++ != '.')
			return 0;
		if (h == end && end[-1] == '.')
			return 0;
	}
	return parts == 4;
}

/*
 * True when libcurl would hand s back unchanged, so that its parse can be
 * skipped (it was 8% of a cold poll): a lower-case http(s) scheme; a host
 * of lower-case letters, digits, dashes and inner dots whose last label
 * starts with a letter, or a plain dotted quad (other IPv4 numbers
 * libcurl rewrites); no user; a port only when it is not the scheme's; a
 * path that starts with "/" and has no dot segment; no empty query or
 * fragment (libcurl drops them); nothing outside printable ASCII.
 * tests/unit/test_url.c and fuzz_url hold this to libcurl's answer.
 */
int
url_normal_as_is(const char *s)
{
	const char	*h, *p, *label, *hend, *qf;
	long		 port;
	int		 https;

	if ((https = strncmp(s, "https://", 8) == 0))
		h = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		h = s + 7;
	else
		return 0;
	if (*h == '.' || *h == '-')
		return 0;
	for (p = label = h; *p != '/' && *p != ':'; p++) {
		if (*p == '.') {
			if (p[1] == '.' || p[1] == '/' || p[1] == ':' ||
			    p[-1] == '-')
				return 0;
			label = p + 1;
		} else if (!((*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;	/* also the end: no path */
	}
	hend = p;
	if (p - h > 253 || p[-1] == '-')
		return 0;
	/* A last label that starts with a letter, or a dotted quad. */
	if (!(*label >= 'a' && *label <= 'z') && !dotted_quad(h, hend))
		return 0;
	/* A port libcurl keeps: not the scheme's own, no leading zero. */
	if (*p == ':') {
		if (p[1] < '1' || p[1] > '9')
			return 0;
		for (port = 0, p++; *p >= '0' && *p <= '9' && port <= 65535;
		    p++)
			port = port * 10 + (*p - '0');
		if (*p != '/' || port > 65535 || port == (https ? 443 : 80))
			return 0;
	}
	qf = p + strcspn(p, "?#");	/* where the path ends */
	for (; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f)
			return 0;
		/* A dot segment, which libcurl removes. */
		if (p < qf && *p == '/' && p[1] == '.' && (p[2] == '/' ||
		    p[2] == '?' || p[2] == '#' || p[2] == '\0' ||
		    (p[2] == '.' && (p[3] == '/' || p[3] == '?' ||
		    p[3] == '#' || p[3] == '\0'))))
			return 0;
		/* libcurl drops an empty query or fragment. */
		if ((*p == '?' && (p[1] == '\0' || p[1] == '#')) ||
		    (*p == '#' && p[1] == '\0'))
			return 0;
	}
	return 1;
}

/*
 * Put the target's parts together ("scheme://auth" + path + query +
 * fragment) and hand the string to libcurl.  path is already free of dot
 * segments.
 */
static char *
url_compose(const char *scheme, size_t schemelen, const char *auth,
    size_t authlen, const char *path, size_t pathlen, const char *query,
    size_t querylen, const char *frag, size_t fraglen)
{
	struct buf	 b = BUF_INIT;
	char		*out = NULL;

	buf_grow(&b, schemelen + authlen + pathlen + querylen + fraglen + 8);
	buf_add(&b, scheme, schemelen);
	buf_addstr(&b, "://");
	buf_add(&b, auth, authlen);
	if (url_encode(&b, path, pathlen) == -1)
		goto done;
	if (query != NULL) {
		buf_addc(&b, '?');
		if (url_encode(&b, query, querylen) == -1)
			goto done;
	}
	if (frag != NULL) {
		buf_addc(&b, '#');
		if (url_encode(&b, frag, fraglen) == -1)
			goto done;
	}
	if (url_normal_as_is(buf_cstr(&b)))
		out = buf_release(&b);
	else
		out = url_curl_normalize(buf_cstr(&b));
done:
	buf_free(&b);
	return out;
}

/*
 * An absolute reference: s is clean and starts with a scheme.  Schemes
 * without "//" (mailto:, urn:, javascript:, data:) are opaque to libcurl,
 * which wants one to three slashes, so they are only lower-cased and
 * encoded here; the special schemes all go through libcurl.
 */
static char *
url_absolute(const char *s)
{
	struct url_parts	 p;
	struct buf		 b = BUF_INIT, path = BUF_INIT;
	char			*out = NULL, *tmp;
	size_t			 i;

	url_split(s, 1, &p);
	if (p.scheme == NULL)
		return NULL;
	if (p.auth != NULL) {
		url_remove_dots(&path, p.path, p.pathlen);
		out = url_compose(p.scheme, p.schemelen, p.auth, p.authlen,
		    buf_cstr(&path), path.len, p.query, p.querylen, p.frag,
		    p.fraglen);
	} else {
		for (i = 0; i < p.schemelen; i++)
			buf_addc(&b, url_lower((unsigned char)s[i]));
		buf_addc(&b, ':');
		if (url_encode(&b, s + p.schemelen + 1,
		    strlen(s + p.schemelen + 1)) == 0) {
			if (url_special(p.scheme, p.schemelen)) {
				out = url_curl_normalize(buf_cstr(&b));
				/*
				 * libcurl supplies the authority of "http:/h/p"
				 * but does not take "%2e" for a dot: the result,
				 * now with "//", goes through the branch above.
				 */
				if (out != NULL && strncmp(out +
				    p.schemelen, "://", 3) == 0) {
					tmp = out;
					out = url_absolute(tmp);
					free(tmp);
				}
			} else
				out = buf_release(&b);
		}
	}
	buf_free(&path);
	buf_free(&b);
	return out;
}

/* An absolute URL for base, usable as a base (it has an authority), or NULL. */
static char *
url_base(const char *base)
{
	char	*clean, *abs = NULL;
	size_t	 sl;

	clean = url_clean(base);
	if ((sl = url_scheme_len(clean)) > 0) {
		if (url_special(clean, sl))
			url_fix_backslashes(clean + sl + 1);
		abs = url_absolute(clean);
	}
	free(clean);
	sl = abs != NULL ? url_scheme_len(abs) : 0;
	if (sl == 0 || strncmp(abs + sl, "://", 3) != 0) {
		free(abs);
		return NULL;
	}
	return abs;
}

/* RFC 3986 5.2.2 for a reference without a scheme. */
static char *
url_relative(const char *b, const char *r)
{
	struct url_parts	 bp, rp;
	struct buf		 merged = BUF_INIT, path = BUF_INIT;
	const char		*auth, *query, *slash;
	size_t			 authlen, querylen;
	char			*out;

	url_split(b, 1, &bp);
	url_split(r, 0, &rp);
	auth = bp.auth;
	authlen = bp.authlen;
	query = rp.query;
	querylen = rp.querylen;
	if (rp.auth != NULL) {
		auth = rp.auth;
		authlen = rp.authlen;
		url_remove_dots(&path, rp.path, rp.pathlen);
	} else if (rp.pathlen == 0) {
		buf_add(&path, bp.path, bp.pathlen);
		if (rp.query == NULL) {
			query = bp.query;
			querylen = bp.querylen;
		}
	} else if (rp.path[0] == '/')
		url_remove_dots(&path, rp.path, rp.pathlen);
	else {
		if (bp.pathlen == 0)
			buf_addc(&merged, '/');
		else {
			for (slash = bp.path + bp.pathlen; slash > bp.path &&
			    slash[-1] != '/'; slash--)
				;
			buf_add(&merged, bp.path, slash - bp.path);
		}
		buf_add(&merged, rp.path, rp.pathlen);
		url_remove_dots(&path, merged.data, merged.len);
	}
	out = url_compose(bp.scheme, bp.schemelen, auth, authlen,
	    buf_cstr(&path), path.len, query, querylen, rp.frag, rp.fraglen);
	buf_free(&merged);
	buf_free(&path);
	return out;
}

/*
 * True when url_resolve hands url back as it is, with or without a base:
 * libcurl would leave it alone (url_normal_as_is) and it holds nothing
 * url_resolve changes -- no backslash, nothing it percent-encodes, no
 * "%2e" (a dot to url_remove_dots).  Most links in feeds are such URLs;
 * test_url and fuzz_url hold this to url_resolve_parsed.
 */
static int
url_left_alone(const char *url)
{
	const unsigned char	*p;
	unsigned char		 c;

	for (p = (const unsigned char *)url; (c = *p) != '\0'; p++) {
		/* RFC 3986's unreserved and reserved characters and '%'. */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c >= '!' && c <= '/' &&
		    c != '"') || c == ':' || c == ';' || c == '=' ||
		    c == '?' || c == '@' || c == '_' || c == '~'))
			return 0;
		if (c == '%' && p[1] == '2' && (p[2] == 'e' || p[2] == 'E'))
			return 0;
	}
	return url_normal_as_is(url);
}

static char	*resolve(const char *, char *);

char *
url_resolve(const char *base, const char *ref)
{
	char	*r;

	if (ref == NULL)
		return NULL;
	r = url_clean(ref);
	if (url_left_alone(r))
		return r;
	return resolve(base, r);
}

char *
url_resolve_parsed(const char *base, const char *ref)
{
	if (ref == NULL)
		return NULL;
	return resolve(base, url_clean(ref));
}

/* url_resolve of the reference r, cleaned already and owned. */
static char *
resolve(const char *base, char *r)
{
	char	*b = NULL, *out = NULL;
	size_t	 sl, bl;
	int	 special;

	sl = url_scheme_len(r);
	/*
	 * The base is only needed (and normalized, which costs a libcurl
	 * parse) for a reference without "scheme://": most links in feeds
	 * are absolute.
	 */
	if (base != NULL && (sl == 0 || strncmp(r + sl + 1, "//", 2) != 0))
		b = url_base(base);
	if (sl > 0) {
		special = url_special(r, sl);
		if (special)
			url_fix_backslashes(r + sl + 1);
		bl = b != NULL ? url_scheme_len(b) : 0;
		/*
		 * "http:g" against an http base is "http://a/b/c/g": RFC
		 * 3986's backward-compatible reading, and what browsers do.
		 */
		if (special && bl == sl && strncasecmp(r, b, sl) == 0 &&
		    strncmp(r + sl + 1, "//", 2) != 0)
			out = url_relative(b, r + sl + 1);
		else
			out = url_absolute(r);
	} else if (b != NULL) {
		if (url_special(b, url_scheme_len(b)))
			url_fix_backslashes(r);
		out = url_relative(b, r);
	}
	free(b);
	free(r);
	return out;
}

static int
url_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = url_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Is the query parameter name (still percent-encoded) a tracking one?
 * Compared decoded and case-insensitively, so "UTM_Source" and
 * "utm%5Fsource" go too.
 */
static int
url_tracking_param(const char *name, size_t n)
{
	struct buf	 d = BUF_INIT;
	size_t		 i;
	int		 hi, lo, yes = 0;

	for (i = 0; i < n; i++) {
		if (name[i] == '%' && i + 2 < n &&
		    (hi = url_hexval((unsigned char)name[i + 1])) != -1 &&
		    (lo = url_hexval((unsigned char)name[i + 2])) != -1) {
			buf_addc(&d, url_lower(hi << 4 | lo));
			i += 2;
		} else
			buf_addc(&d, url_lower((unsigned char)name[i]));
	}
	if (strncmp(buf_cstr(&d), "utm_", 4) == 0)
		yes = 1;
	for (i = 0; !yes && url_tracking[i] != NULL; i++)
		if (strlen(url_tracking[i]) == d.len &&
		    memcmp(d.data, url_tracking[i], d.len) == 0)
			yes = 1;
	buf_free(&d);
	return yes;
}

/* The query without tracking parameters and empty pieces ("" if none). */
static char *
url_filter_query(const char *q)
{
	struct buf	 b = BUF_INIT;
	size_t		 n;

	for (; *q != '\0'; q += n + (q[n] == '&')) {
		n = strcspn(q, "&");
		if (n == 0 || url_tracking_param(q, strcspn(q, "=&")))
			continue;
		if (b.len > 0)
			buf_addc(&b, '&');
		buf_add(&b, q, n);
	}
	return buf_release(&b);
}

/*
 * url_canonical for a URL url_resolve leaves alone (url_left_alone): the
 * URL without its fragment, the query filtered.
 * 0 when it is not such a URL.  Most entry links are, and this saves a
 * libcurl parse and six part copies each; test_url and fuzz_url hold it
 * to url_canonical_curl.
 */
static int
canonical_as_is(const char *url, char **out)
{
	size_t	 qf, qe;
	char	*query, *q;

	if (!url_left_alone(url))
		return 0;
	qf = strcspn(url, "?#");
	if (url[qf] != '?') {
		*out = xstrndup(url, qf);
		return 1;
	}
	qe = qf + 1 + strcspn(url + qf + 1, "#");
	query = xstrndup(url + qf + 1, qe - qf - 1);
	q = url_filter_query(query);
	if (q != NULL && *q != '\0')
		xasprintf(out, "%.*s?%s", (int)qf, url, q);
	else
		*out = xstrndup(url, qf);
	free(q);
	free(query);
	return 1;
}

char *
url_canonical(const char *url)
{
	char	*out;

	if (url != NULL && canonical_as_is(url, &out))
		return out;
	return url_canonical_curl(url);
}

char *
url_canonical_curl(const char *url)
{
	CURLU		*h = NULL;
	char		*abs, *scheme = NULL, *host = NULL, *zone = NULL;
	char		*port = NULL, *query = NULL, *got = NULL, *out = NULL;
	char		*q = NULL, *p;
	int		 https;

	if (url == NULL || (abs = url_resolve(NULL, url)) == NULL)
		return NULL;
	if ((h = curl_url()) == NULL)
		fatalx("curl_url: out of memory");
	if (curl_url_set(h, CURLUPART_URL, abs, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		goto done;
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)
		goto done;
	https = scheme[4] == 's';

	if (curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto done;
	for (p = host; *p != '\0'; p++)
		*p = (char)url_lower((unsigned char)*p);
	/* Setting the host forgets an IPv6 zone id: put it back. */
	if (curl_url_get(h, CURLUPART_ZONEID, &zone, 0) != CURLUE_OK)
		zone = NULL;
	if (curl_url_set(h, CURLUPART_HOST, host, 0) != CURLUE_OK ||
	    (zone != NULL &&
	    curl_url_set(h, CURLUPART_ZONEID, zone, 0) != CURLUE_OK))
		goto done;

	if (curl_url_get(h, CURLUPART_PORT, &port, 0) == CURLUE_OK &&
	    strcmp(port, https ? "443" : "80") == 0 &&
	    curl_url_set(h, CURLUPART_PORT, NULL, 0) != CURLUE_OK)
		goto done;
	if (curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK)
		goto done;

	/*
	 * Setting CURLUPART_QUERY makes libcurl 7.88 lower-case the hex of
	 * every escape, so the filtered query is appended here instead.
	 */
	if (curl_url_get(h, CURLUPART_QUERY, &query, 0) == CURLUE_OK)
		q = url_filter_query(query);
	if (curl_url_set(h, CURLUPART_QUERY, NULL, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_URL, &got, 0) != CURLUE_OK)
		goto done;
	if (q != NULL && *q != '\0')
		xasprintf(&out, "%s?%s", got, q);
	else
		out = xstrdup(got);
done:
	free(q);
	curl_free(got);
	curl_free(query);
	curl_free(port);
	curl_free(zone);
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(h);
	free(abs);
	return out;
}

int
url_resolved_scheme_in(const char *abs, const char *const *schemes)
{
	size_t	 sl, i;

	sl = url_scheme_len(abs);
	for (i = 0; sl > 0 && schemes[i] != NULL; i++)
		if (strlen(schemes[i]) == sl &&
		    strncasecmp(abs, schemes[i], sl) == 0)
			return 1;
	return 0;
}

int
url_scheme_in(const char *url, const char *const *schemes)
{
	char	*abs;
	int	 found;

	if (url == NULL || (abs = url_resolve(NULL, url)) == NULL)
		return 0;
	found = url_resolved_scheme_in(abs, schemes);
	free(abs);
	return found;
}

void
url_hash(const char *canonical, char out[65])
{
	const char	*p;

	if ((p = strstr(canonical, "://")) != NULL)
		p++;
	else
		p = canonical;
	sha256_hex(p, strlen(p), out);
}

/*
 * The digest and a context are looked up and made once: EVP_Digest()
 * with EVP_sha256() fetches the algorithm from OpenSSL's provider table
 * and allocates a context on every call (twice per stored entry).
 */
void
sha256_hex(const void *p, size_t n, char out[65])
{
	static const char	 hex[] = "0123456789abcdef";
	static EVP_MD		*sha256;
	static EVP_MD_CTX	*ctx;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 len, i;

	if (sha256 == NULL &&
	    (sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		fatalx("sha256_hex: no SHA-256 in libcrypto");
	if (ctx == NULL && (ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("sha256_hex: out of memory");
	if (EVP_DigestInit_ex(ctx, sha256, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, p, n) != 1 ||
	    EVP_DigestFinal_ex(ctx, md, &len) != 1 || len != 32)
		fatalx("sha256_hex: the digest failed");
	for (i = 0; i < len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[64] = '\0';
}
