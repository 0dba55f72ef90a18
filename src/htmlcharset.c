/*
 * htmlcharset.c - the encoding of an HTML page (BOM, transport label,
 * WHATWG-style <meta> prescan, fallback) and its decoding to UTF-8.
 * Moved out of discover.c so the article extractor decodes pages alike.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "buf.h"
#include "charset.h"
#include "htmlcharset.h"
#include "utf8.h"

/*
 * How far into a page we look for its <meta> charset.  HTML says 1024
 * bytes; Chinese portals put theirs after kilobytes of scripts and
 * comments, and a later hit costs nothing.
 */
#define PRESCAN_MAX	8192

int
html_starts_ci(const char *p, const char *e, const char *s)
{
	size_t	 n = strlen(s);

	return (size_t)(e - p) >= n && strncasecmp(p, s, n) == 0;
}

const char *
html_skip_past(const char *p, const char *e, const char *s)
{
	const char	*q;

	if ((q = memmem(p, e - p, s, strlen(s))) == NULL)
		return e;
	return q + strlen(s);
}

/*
 * One attribute of a tag (WHATWG "get an attribute", simplified): its
 * name lowercased into name (cut to fit), its value as a span.  Returns
 * 0 at the end of the tag, with *pp past its '>'.
 */
static int
next_attr(const char **pp, const char *e, char *name, size_t namelen,
    const char **val, size_t *vallen)
{
	const char	*p = *pp;
	size_t		 n = 0;
	char		 q;

	while (p < e && (is_space((unsigned char)*p) || *p == '/'))
		p++;
	if (p >= e || *p == '>') {
		*pp = p < e ? p + 1 : p;
		return 0;
	}
	/* The first character may be '=': "<meta =x>" names an attribute. */
	do {
		if (n + 1 < namelen)
			name[n++] = (char)a_lower((unsigned char)*p);
		p++;
	} while (p < e && !is_space((unsigned char)*p) && *p != '/' &&
	    *p != '>' && *p != '=');
	name[n] = '\0';
	*val = p;
	*vallen = 0;
	while (p < e && is_space((unsigned char)*p))
		p++;
	if (p < e && *p == '=') {
		p++;
		while (p < e && is_space((unsigned char)*p))
			p++;
		if (p < e && (*p == '"' || *p == '\'')) {
			q = *p++;
			*val = p;
			while (p < e && *p != q)
				p++;
			*vallen = p - *val;
			if (p < e)
				p++;
		} else {
			*val = p;
			while (p < e && !is_space((unsigned char)*p) &&
			    *p != '>')
				p++;
			*vallen = p - *val;
		}
	}
	*pp = p;
	return 1;
}

/* The charset= label in a Content-Type value, or 0. */
static int
content_charset(const char *s, size_t n, const char **label, size_t *len)
{
	const char	*p = s, *e = s + n, *v;

	for (; p < e; p++) {
		if (!html_starts_ci(p, e, "charset"))
			continue;
		p += 7;
		while (p < e && is_space((unsigned char)*p))
			p++;
		if (p >= e || *p != '=')
			continue;
		p++;
		while (p < e && is_space((unsigned char)*p))
			p++;
		if (p < e && (*p == '"' || *p == '\''))
			p++;
		for (v = p; p < e && *p != ';' && *p != '"' && *p != '\'' &&
		    !is_space((unsigned char)*p); p++)
			;
		*label = v;
		*len = p - v;
		return *len > 0;
	}
	return 0;
}

/*
 * The charset a <meta> tag names: charset="..." or http-equiv
 * Content-Type with content="...; charset=...".  *pp is after "<meta"
 * and ends past the tag.  Returns 1 with the iconv name in out.
 */
static int
meta_charset(const char **pp, const char *e, char out[CHARSET_NAMEMAX])
{
	char		 name[16];
	const char	*v, *content = NULL, *label;
	size_t		 vn, contentlen = 0, labellen;
	int		 equiv = 0, found = 0;

	while (next_attr(pp, e, name, sizeof(name), &v, &vn)) {
		if (strcmp(name, "charset") == 0 && !found)
			found = charset_normalize(v, vn, out);
		else if (strcmp(name, "http-equiv") == 0)
			equiv = vn == 12 &&
			    strncasecmp(v, "content-type", 12) == 0;
		else if (strcmp(name, "content") == 0) {
			content = v;
			contentlen = vn;
		}
	}
	if (!found && equiv && content != NULL &&
	    content_charset(content, contentlen, &label, &labellen))
		found = charset_normalize(label, labellen, out);
	return found;
}

/*
 * The encoding a page declares in a <meta> within its first bytes
 * (WHATWG "prescan a byte stream", simplified): comments skipped, other
 * tags stepped over attribute by attribute so that a '>' inside a quoted
 * value does not end them.
 */
static int
prescan(const char *s, size_t len, char out[CHARSET_NAMEMAX])
{
	const char	*p = s, *e, *v;
	char		 name[16];
	size_t		 vn;

	e = s + (len < PRESCAN_MAX ? len : PRESCAN_MAX);
	while (p < e && (p = memchr(p, '<', e - p)) != NULL) {
		if (html_starts_ci(p, e, "<!--"))
			p = html_skip_past(p + 4, e, "-->");
		else if (html_starts_ci(p, e, "<meta") && p + 5 < e &&
		    (is_space((unsigned char)p[5]) || p[5] == '/')) {
			p += 5;
			if (meta_charset(&p, e, out))
				return 1;
		} else if (p + 1 < e && (a_alpha((unsigned char)p[1]) ||
		    (p[1] == '/' && p + 2 < e &&
		    a_alpha((unsigned char)p[2])))) {
			for (p++; p < e && !is_space((unsigned char)*p) &&
			    *p != '>'; p++)
				;
			while (next_attr(&p, e, name, sizeof(name), &v, &vn))
				;
		} else if (p + 1 < e && (p[1] == '!' || p[1] == '/' ||
		    p[1] == '?'))
			p = html_skip_past(p + 1, e, ">");
		else
			p++;
	}
	return 0;
}

/* Append s[0..n) in encoding name as UTF-8; 0 when iconv knows no name. */
static int
decode_as(const char *name, const char *s, size_t n, struct buf *out)
{
	if (strcmp(name, "UTF-8") == 0) {
		buf_add(out, s, n);
		return 1;
	}
	return charset_to_utf8(name, s, n, out) >= 0;
}

/*
 * We decode rather than let libxml2 follow the <meta>: it would take
 * "gb2312" literally and stop at the first GBK-only character, where
 * charset.c maps the label to the GB18030 that such pages are really
 * written in.
 */
char *
htmlcharset_decode(const char *s, size_t len, const char *transport,
    const char *fallback)
{
	struct buf	 b = BUF_INIT;
	char		 name[CHARSET_NAMEMAX], tname[CHARSET_NAMEMAX];
	const char	*bomname, *wide;
	size_t		 bom;
	char		*out;
	int		 done = 0, declared, havet = 0;

	if ((bom = charset_bom(s, len, &bomname)) > 0)
		done = decode_as(bomname, s + bom, len - bom, &b);
	else if ((wide = charset_sniff_wide(s, len)) != NULL)
		done = decode_as(wide, s, len, &b);
	if (done)
		goto out;
	declared = prescan(s, len, name);
	/* A page that could read its <meta> is not UTF-16 (HTML). */
	if (declared && charset_wide_unit(name) != 0)
		snprintf(name, sizeof(name), "UTF-8");
	if (transport != NULL &&
	    charset_normalize(transport, strlen(transport), tname) &&
	    charset_wide_unit(tname) == 0)
		havet = 1;
	/*
	 * The transport label outranks the page's own, as in browsers,
	 * except the ISO-8859-1 that servers send when nobody configured
	 * them: a page that says otherwise knows better.
	 */
	if (havet && !(declared && strcmp(tname, "WINDOWS-1252") == 0))
		done = decode_as(tname, s, len, &b);
	if (!done && declared)
		done = decode_as(name, s, len, &b);
	if (!done && fallback != NULL &&
	    charset_normalize(fallback, strlen(fallback), name) &&
	    charset_wide_unit(name) == 0)
		done = decode_as(name, s, len, &b);
	if (!done && !utf8_valid(s, len))
		done = decode_as("WINDOWS-1252", s, len, &b);
	if (!done)
		buf_add(&b, s, len);
out:
	out = utf8_clean(buf_cstr(&b), b.len);
	buf_free(&b);
	return out;
}
