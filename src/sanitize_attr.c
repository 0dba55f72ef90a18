/*
 * sanitize_attr.c - the sanitizer's attribute values: which may pass and
 * as what.  URLs are resolved against the entry's base and kept only for
 * http, https (and mailto for links); an image's source is found behind
 * lazy loaders' placeholders; numbers and enumerations are checked.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "html_fast.h"
#include "sanitize_int.h"
#include "url.h"
#include "xmalloc.h"

enum akind {
	AK_NONE,
	AK_TEXT,	/* any text */
	AK_URL,		/* http, https, mailto */
	AK_DIGITS,	/* 1-9 digits */
	AK_INT,		/* optional minus, 1-9 digits */
	AK_DIR,		/* ltr rtl auto */
	AK_LANG,	/* letters, digits, hyphens */
	AK_SCOPE,	/* row col rowgroup colgroup */
	AK_OLTYPE,	/* 1 a A i I */
	AK_BOOL		/* presence only */
};

/* img src is not here: it comes from san_img_src(), with the lazy variants. */
static const struct attrrule {
	const char	*elem;	/* NULL: any element */
	const char	*attr;
	enum akind	 kind;
} attrrules[] = {
	{ NULL, "dir", AK_DIR },
	{ NULL, "lang", AK_LANG },
	{ NULL, "title", AK_TEXT },
	{ "a", "href", AK_URL },
	{ "blockquote", "cite", AK_URL },
	{ "col", "span", AK_DIGITS },
	{ "colgroup", "span", AK_DIGITS },
	{ "del", "cite", AK_URL },
	{ "img", "alt", AK_TEXT },
	{ "img", "height", AK_DIGITS },
	{ "img", "width", AK_DIGITS },
	{ "ins", "cite", AK_URL },
	{ "li", "value", AK_INT },
	{ "ol", "reversed", AK_BOOL },
	{ "ol", "start", AK_INT },
	{ "ol", "type", AK_OLTYPE },
	{ "q", "cite", AK_URL },
	{ "table", "summary", AK_TEXT },
	{ "td", "colspan", AK_DIGITS },
	{ "td", "headers", AK_TEXT },
	{ "td", "rowspan", AK_DIGITS },
	{ "td", "scope", AK_SCOPE },
	{ "th", "colspan", AK_DIGITS },
	{ "th", "headers", AK_TEXT },
	{ "th", "rowspan", AK_DIGITS },
	{ "th", "scope", AK_SCOPE },
	{ "time", "datetime", AK_TEXT },
};

/* Lazy-loading attributes that hold the real image, best first. */
static const char *const lazyattrs[] = {
	"data-src", "data-original", "data-lazy-src", "data-url", NULL
};

/* File names of the stand-in images lazy loaders put in src. */
static const char *const placeholders[] = {
	"blank", "placeholder", "spacer", "pixel", "1x1", "transparent",
	"lazy", "loading", "empty", "grey.gif", "gray.gif", NULL
};

static const struct attrrule *
attr_rule(const char *elem, const char *attr)
{
	size_t	 i;

	for (i = 0; i < sizeof(attrrules) / sizeof(attrrules[0]); i++)
		if ((attrrules[i].elem == NULL ||
		    strcmp(attrrules[i].elem, elem) == 0) &&
		    strcasecmp(attrrules[i].attr, attr) == 0)
			return &attrrules[i];
	return NULL;
}

size_t
san_attr_find(const struct html_attr *a, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcasecmp(a[i].name, name) == 0)
			return i;
	return n;
}

/*
 * The URL as a browser sees it: leading and trailing C0 controls and
 * spaces stripped, tabs and newlines removed wherever they are
 * ("jav\tascript:" is javascript:).  Owned.
 */
static char *
url_prepare(const char *s)
{
	struct buf	 b = BUF_INIT;
	size_t		 n;

	while (*s != '\0' && (unsigned char)*s <= 0x20)
		s++;
	n = strlen(s);
	while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
		n--;
	buf_grow(&b, n);
	for (; n > 0; s++, n--)
		if (*s != '\t' && *s != '\n' && *s != '\r')
			buf_addc(&b, *s);
	return buf_release(&b);
}

/*
 * A relative reference we can keep without a base: no scheme (no colon
 * before the path), not network-path ("//host" would take the reader's
 * scheme), no backslashes (browsers read them as slashes) and no controls.
 */
static int
relative_safe(const char *s)
{
	const unsigned char	*p;
	int			 inpath = 0;

	if (s[0] == '/' && s[1] == '/')
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
		if (*p == '/' || *p == '?' || *p == '#')
			inpath = 1;
		if (*p == ':' && !inpath)
			return 0;
	}
	return 1;
}

/*
 * The URL to write for an attribute value, owned, or NULL to drop it.
 * link: mailto is allowed too.  *absolute tells whether it was resolved.
 */
static char *
url_check(const char *base, const char *raw, int link, int *absolute)
{
	char	*u, *r;

	*absolute = 0;
	u = url_prepare(raw);
	if (*u == '\0')
		goto drop;
	if (link && strncasecmp(u, "mailto:", 7) == 0) {
		if (!relative_safe(u + 7))
			goto drop;
		return u;
	}
	if ((r = url_resolve(base, u)) != NULL) {
		free(u);
		/* r is url_resolve's: absolute, its scheme lower-cased. */
		if (strncmp(r, "http://", 7) == 0 ||
		    strncmp(r, "https://", 8) == 0) {
			*absolute = 1;
			return r;
		}
		free(r);
		return NULL;
	}
	if (base == NULL && relative_safe(u))
		return u;
drop:
	free(u);
	return NULL;
}

static int
is_placeholder(const char *url)
{
	const char	*p, *name;
	char		*low;
	size_t		 n, i;
	int		 hit = 0;

	if (strncasecmp(url, "data:", 5) == 0)
		return 1;
	n = strcspn(url, "?#");
	for (name = p = url; p < url + n; p++)
		if (*p == '/')
			name = p + 1;
	low = xstrndup(name, url + n - name);
	for (i = 0; low[i] != '\0'; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] += 'a' - 'A';
	for (i = 0; placeholders[i] != NULL; i++)
		if (strstr(low, placeholders[i]) != NULL)
			hit = 1;
	free(low);
	return hit;
}

/* The first URL of a srcset ("a.jpg 1x, b.jpg 2x"), owned. */
static char *
srcset_first(const char *s)
{
	size_t	 n;

	s += strspn(s, " \t\n\r\f,");
	n = strcspn(s, " \t\n\r\f");
	while (n > 0 && s[n - 1] == ',')
		n--;
	return xstrndup(s, n);
}

/* Lazy loaders put a placeholder (or nothing) in src, the image elsewhere. */
char *
san_img_src(struct san *s, const struct html_attr *a, size_t na, size_t *where)
{
	size_t	 cand[8], src, nc = 0, i;
	char	*v, *u = NULL, *tmp;
	int	 weak, absolute;

	src = san_attr_find(a, na, "src");
	weak = 1;
	if (src < na) {
		tmp = url_prepare(a[src].value);
		weak = *tmp == '\0' || is_placeholder(tmp);
		free(tmp);
	}
	if (src < na && !weak)
		cand[nc++] = src;
	for (i = 0; lazyattrs[i] != NULL; i++)
		if ((cand[nc] = san_attr_find(a, na, lazyattrs[i])) < na)
			nc++;
	if ((cand[nc] = san_attr_find(a, na, "srcset")) < na)
		nc++;
	if ((cand[nc] = san_attr_find(a, na, "data-srcset")) < na)
		nc++;
	if (src < na && weak)
		cand[nc++] = src;

	for (i = 0; i < nc && u == NULL; i++) {
		if (strstr(a[cand[i]].name, "srcset") != NULL)
			v = srcset_first(a[cand[i]].value);
		else
			v = xstrdup(a[cand[i]].value);
		if ((u = url_check(s->base, v, 0, &absolute)) != NULL) {
			*where = src < na ? src : cand[i];
			if (absolute && s->first_img == NULL)
				s->first_img = xstrdup(u);
		}
		free(v);
	}
	return u;
}

/* Owned, checked copy of a trimmed enumerated or numeric value, or NULL. */
static char *
token_check(enum akind kind, const char *v)
{
	const char	*p, *const *w;
	static const char *const dirs[] = { "ltr", "rtl", "auto", NULL };
	static const char *const scopes[] = {
		"row", "col", "rowgroup", "colgroup", NULL
	};
	size_t		 n;

	switch (kind) {
	case AK_INT:
	case AK_DIGITS:
		p = kind == AK_INT && *v == '-' ? v + 1 : v;
		n = strspn(p, "0123456789");
		if (p[n] != '\0' || n == 0 || n > 9)
			return NULL;
		return xstrdup(v);
	case AK_DIR:
	case AK_SCOPE:
		for (w = kind == AK_DIR ? dirs : scopes; *w != NULL; w++)
			if (strcasecmp(*w, v) == 0)
				return xstrdup(*w);
		return NULL;
	case AK_LANG:
		for (p = v; (*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'; p++)
			;
		if (*p != '\0' || p == v || p - v > 35)
			return NULL;
		return xstrdup(v);
	case AK_OLTYPE:
		if (strlen(v) == 1 && strchr("1aAiI", *v) != NULL)
			return xstrdup(v);
		return NULL;
	case AK_BOOL:
		return xstrdup("");
	default:
		return NULL;
	}
}

/* Owned, checked value of an allowed attribute, or NULL to drop it. */
static char *
attr_check(struct san *s, enum akind kind, const char *v)
{
	char		*t, *ret;
	size_t		 n;
	int		 absolute;

	if (kind == AK_TEXT)
		return xstrdup(v);
	if (kind == AK_URL)
		return url_check(s->base, v, 1, &absolute);
	/* Browsers ignore the blanks around these values; so do we. */
	v += strspn(v, " \t\n\r\f");
	for (n = strlen(v); n > 0 && strchr(" \t\n\r\f", v[n - 1]) != NULL; n--)
		;
	t = xstrndup(v, n);
	ret = token_check(kind, t);
	free(t);
	return ret;
}


char *
san_href(struct san *s, const char *value)
{
	return attr_check(s, AK_URL, value);
}

char *
san_attr(struct san *s, const char *elem, const struct html_attr *a,
    const char **name)
{
	const struct attrrule	*r;

	/* href is the caller's: a second one gets no say. */
	r = attr_rule(elem, a->name);
	if (r == NULL || strcmp(r->attr, "href") == 0)
		return NULL;
	*name = r->attr;
	return attr_check(s, r->kind, a->value);
}
