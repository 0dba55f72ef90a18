/*
 * xmlprep.c - turn the raw bytes of a fetched feed into a clean UTF-8 XML
 * document: pick the encoding (BOM, user, declaration, HTTP, guess),
 * transcode (charset.c), drop what XML forbids, and repair the HTML entities
 * and bare ampersands that real feeds are full of, so libxml2 does not stop.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "ascii.h"
#include "buf.h"
#include "charset.h"
#include "html_entities.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlprep.h"

#define DECL_MAX	512	/* a longer XML declaration is junk */
#define DECLARED_MAX	4096	/* <!ENTITY names remembered per document */


struct enc {
	char	 name[CHARSET_NAMEMAX];	/* iconv name; "UTF-8" for UTF-8 */
	int	 named;		/* a BOM, argument or declaration chose it */
	size_t	 bom;		/* bytes of BOM to skip */
};

struct span {
	const char	*p;
	size_t		 n;
};

/* General entities declared in the DOCTYPE internal subset. */
struct names {
	struct span	*v;
	size_t		 len, cap;
	int		 overflow;	/* too many to remember: trust all */
	int		 doctype;	/* seen one; XML allows no second */
};

/* What &#128;..&#159; mean in real feeds: Windows-1252; 0 = undefined. */
static const uint16_t	 cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int
has_prefix(const char *s, size_t n, const char *pre)
{
	size_t	 k = strlen(pre);

	return n >= k && memcmp(s, pre, k) == 0;
}

/*
 * If s (starting at '<') is an XML declaration, return its length
 * (through "?>") and the span of the encoding value in *val (NULL when
 * there is none; *quoted says whether quotes surround it).  0 otherwise.
 */
static size_t
decl_parse(const char *s, size_t n, const char **val, size_t *vlen,
    int *quoted)
{
	const char	*p, *end, *name, *v, *e;
	size_t		 nlen;
	int		 q;

	*val = NULL;
	*vlen = 0;
	*quoted = 0;
	if (n < 7 || memcmp(s, "<?xml", 5) != 0 || !is_space(s[5]))
		return 0;
	if ((end = memmem(s, n < DECL_MAX ? n : DECL_MAX, "?>", 2)) == NULL)
		return 0;
	for (p = s + 5; p < end; ) {
		while (p < end && is_space(*p))
			p++;
		for (name = p; p < end && a_alpha((unsigned char)*p); p++)
			;
		if ((nlen = p - name) == 0)
			break;
		while (p < end && is_space(*p))
			p++;
		if (p >= end || *p++ != '=')
			break;
		while (p < end && is_space(*p))
			p++;
		q = p < end && (*p == '"' || *p == '\'');
		if (q) {
			if ((e = memchr(p + 1, *p, end - p - 1)) == NULL)
				break;
			v = p + 1;
			p = e + 1;
		} else {
			for (v = p; p < end && (a_alnum((unsigned char)*p) ||
			    (*p != '\0' && strchr("-_.:", *p) != NULL)); p++)
				;
			if ((e = p) == v)
				break;
		}
		if (nlen == 8 && memcmp(name, "encoding", 8) == 0) {
			*val = v;
			*vlen = e - v;
			*quoted = q;
		}
	}
	return end + 2 - s;
}

/* The encoding an 8-bit document's XML declaration names, if any. */
static int
decl_charset(const char *s, size_t n, char out[CHARSET_NAMEMAX])
{
	const char	*lt, *val;
	size_t		 vlen;
	int		 quoted;

	if ((lt = memchr(s, '<', n)) == NULL)
		return 0;
	if (decl_parse(lt, n - (lt - s), &val, &vlen, &quoted) == 0 ||
	    val == NULL)
		return 0;
	return charset_normalize(val, vlen, out);
}

/* Step 2: BOM, forced charset, wide pattern, declaration, HTTP, UTF-8. */
static void
enc_detect(const char *data, size_t len, const char *charset,
    const char *fallback, struct enc *enc)
{
	const char	*name, *wide;

	memset(enc, 0, sizeof(*enc));
	enc->named = 1;
	if ((enc->bom = charset_bom(data, len, &name)) > 0) {
		snprintf(enc->name, sizeof(enc->name), "%s", name);
		return;
	}
	wide = charset_sniff_wide(data, len);
	if (charset != NULL && charset_normalize(charset, strlen(charset),
	    enc->name)) {
		/* A BOM-less "UTF-16": trust the byte pattern for the order. */
		if ((strcmp(enc->name, "UTF-16") == 0 ||
		    strcmp(enc->name, "UTF-32") == 0) && wide != NULL &&
		    charset_wide_unit(wide) == charset_wide_unit(enc->name))
			snprintf(enc->name, sizeof(enc->name), "%s", wide);
		return;
	}
	if (wide != NULL) {
		snprintf(enc->name, sizeof(enc->name), "%s", wide);
		return;
	}
	/*
	 * A declaration or HTTP header saying UTF-16 about bytes that are
	 * plainly 8-bit is a lie (a common server default): ignore it.
	 */
	if (decl_charset(data, len, enc->name) &&
	    charset_wide_unit(enc->name) == 0)
		return;
	if (fallback != NULL && charset_normalize(fallback, strlen(fallback),
	    enc->name) && charset_wide_unit(enc->name) == 0)
		return;
	snprintf(enc->name, sizeof(enc->name), "UTF-8");
	enc->named = 0;
}

static int
name_start(int c)
{
	return a_alpha(c) || c == '_' || c == ':' || c >= 0x80;
}

static int
name_char(int c)
{
	return name_start(c) || a_digit(c) || c == '-' || c == '.';
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span	*x = a, *y = b;
	int			 c;

	c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);
	if (c != 0)
		return c;
	return (x->n > y->n) - (x->n < y->n);
}

static void
names_add(struct names *nm, const char *p, size_t n)
{
	if (nm->len == DECLARED_MAX) {
		nm->overflow = 1;
		return;
	}
	if (nm->len == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 16;
		nm->v = xreallocarray(nm->v, nm->cap, sizeof(*nm->v));
	}
	nm->v[nm->len].p = p;
	nm->v[nm->len].n = n;
	nm->len++;
}

static int
names_has(const struct names *nm, const char *p, size_t n)
{
	struct span	 key = { p, n };

	return nm->len > 0 &&
	    bsearch(&key, nm->v, nm->len, sizeof(*nm->v), span_cmp) != NULL;
}

/* Length of s up to and including term (searched from skip on), or n. */
static size_t
through(const char *s, size_t n, size_t skip, const char *term)
{
	const char	*e;
	size_t		 k = strlen(term);

	/* The terminators ("]]>", "-->", "?>") start with a rare byte. */
	if (n < skip || (e = mem_find(s + skip, n - skip, term, k, 0)) == NULL)
		return n;
	return e - s + k;
}

/* Past the quoted literal at p, or end when it is not closed. */
static const char *
skip_quoted(const char *p, const char *end)
{
	const char	*e;

	e = memchr(p + 1, *p, end - p - 1);
	return e != NULL ? e + 1 : end;
}

/*
 * Length of the DOCTYPE at s, internal subset included, remembering the
 * general entities the subset declares.
 */
static size_t
doctype_len(const char *s, size_t n, struct names *nm)
{
	const char	*p = s + 9, *end = s + n, *name;
	int		 first = !nm->doctype;

	while (p < end && *p != '>') {
		if (*p == '"' || *p == '\'') {
			p = skip_quoted(p, end);
			continue;
		}
		if (*p++ != '[')
			continue;
		while (p < end && *p != ']') {
			if (has_prefix(p, end - p, "<!--"))
				p += through(p, end - p, 4, "-->");
			else if (has_prefix(p, end - p, "<?"))
				p += through(p, end - p, 2, "?>");
			else if (*p == '"' || *p == '\'')
				p = skip_quoted(p, end);
			else if (has_prefix(p, end - p, "<!ENTITY")) {
				for (p += 8; p < end && is_space(*p); p++)
					;
				if (p < end && *p == '%')
					continue;	/* parameter entity */
				for (name = p; p < end &&
				    name_char((unsigned char)*p); p++)
					;
				if (p > name && first)
					names_add(nm, name, p - name);
			} else
				p++;
		}
		if (p < end)
			p++;
	}
	nm->doctype = 1;
	if (first && nm->len > 1)
		qsort(nm->v, nm->len, sizeof(*nm->v), span_cmp);
	return p < end ? (size_t)(p + 1 - s) : n;
}

/*
 * Length of the markup at s (a '<') that must be copied untouched:
 * comments, CDATA sections, processing instructions and the DOCTYPE.
 * 1 for any other '<'.
 */
static size_t
markup_len(const char *s, size_t n, struct names *nm)
{
	if (n < 2 || (s[1] != '!' && s[1] != '?'))
		return 1;
	if (s[1] == '?')
		return through(s, n, 2, "?>");
	if (has_prefix(s, n, "<!--"))
		return through(s, n, 4, "-->");
	if (has_prefix(s, n, "<![CDATA["))
		return through(s, n, 9, "]]>");
	if (n >= 9 && strncasecmp(s, "<!DOCTYPE", 9) == 0)
		return doctype_len(s, n, nm);
	return 1;
}

/* Append "&#cp;": this is the hot path for &nbsp; and friends. */
static void
put_charref(struct buf *out, uint32_t cp)
{
	char	 tmp[16], *p = tmp + sizeof(tmp);

	*--p = ';';
	do {
		*--p = '0' + cp % 10;
	} while ((cp /= 10) > 0);
	*--p = '#';
	*--p = '&';
	buf_add(out, p, tmp + sizeof(tmp) - p);
}

static int
xml_predefined(const char *p, size_t n)
{
	return (n == 2 && (memcmp(p, "lt", 2) == 0 ||
	    memcmp(p, "gt", 2) == 0)) ||
	    (n == 3 && memcmp(p, "amp", 3) == 0) ||
	    (n == 4 && (memcmp(p, "quot", 4) == 0 ||
	    memcmp(p, "apos", 4) == 0));
}

/* "&#...;" at s: kept, remapped, dropped or escaped.  Returns the end. */
static const char *
fix_charref(const char *s, const char *end, struct buf *out)
{
	const char	*p = s + 2, *d;
	uint32_t	 v = 0, dv;
	int		 base = 10, upper_x = 0, big = 0;

	if (p < end && (*p == 'x' || *p == 'X')) {
		upper_x = *p == 'X';
		base = 16;
		p++;
	}
	for (d = p; d < end; d++) {
		if (a_digit(*d))
			dv = *d - '0';
		else if (base == 16 && a_lower(*d) >= 'a' && a_lower(*d) <= 'f')
			dv = a_lower(*d) - 'a' + 10;
		else
			break;
		if (!big && (v = v * base + dv) > 0x10FFFF)
			big = 1;
	}
	if (d == p || d >= end || *d != ';') {
		buf_add(out, "&amp;", 5);
		return s + 1;
	}
	if (big)
		return d + 1;
	if (v >= 0x80 && v <= 0x9F && cp1252_c1[v - 0x80] != 0)
		put_charref(out, cp1252_c1[v - 0x80]);
	else if (!utf8_xml_char(v))
		;	/* dropped */
	else if (upper_x)	/* "&#X" is HTML, not XML */
		put_charref(out, v);
	else
		buf_add(out, s, d + 1 - s);
	return d + 1;
}

/* The reference (or bare '&') at s, repaired into out.  Returns the end. */
static const char *
fix_ref(const char *s, const char *end, const struct names *nm,
    struct buf *out)
{
	const char	*p = s + 1, *e;
	size_t		 n;
	uint32_t	 cp;

	if (p < end && *p == '#')
		return fix_charref(s, end, out);
	if (p >= end || !name_start((unsigned char)*p))
		goto bare;
	for (e = p + 1; e < end && name_char((unsigned char)*e); e++)
		;
	if (e >= end || *e != ';')
		goto bare;
	n = e - p;
	if (xml_predefined(p, n) || names_has(nm, p, n))
		buf_add(out, s, n + 2);
	else if (html_entity_lookup(p, n, &cp))
		put_charref(out, cp);
	else if (nm->overflow)
		buf_add(out, s, n + 2);
	else {
		buf_add(out, "&amp;", 5);
		buf_add(out, p, n + 1);
	}
	return e + 1;
bare:
	buf_add(out, "&amp;", 5);
	return s + 1;
}

/* A nonce per process, so that a document cannot forge a placeholder. */
static void
cdata_mark(char mark[XMLPREP_MARK_LEN + 1])
{
	static char		 nonce[17];
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 r[8];
	uint64_t		 x;
	size_t			 i;

	if (nonce[0] == '\0') {
		if (getrandom(r, sizeof(r), GRND_NONBLOCK) != sizeof(r)) {
			x = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
			    (uint64_t)(uintptr_t)&x;
			memcpy(r, &x, sizeof(r));
		}
		for (i = 0; i < sizeof(r); i++) {
			nonce[2 * i] = hex[r[i] >> 4];
			nonce[2 * i + 1] = hex[r[i] & 0xf];
		}
	}
	memcpy(mark, "\xEE\x80\x80", 3);
	memcpy(mark + 3, nonce, 16);
	mark[19] = ':';
	mark[20] = '\0';
}

/* A new piece of text in cd: it starts at the end of cd->text. */
static void
cdata_begin(struct xmlprep_cdata *cd)
{
	if (cd->n == cd->cap) {
		cd->cap = cd->cap ? cd->cap * 2 : 16;
		cd->off = xreallocarray(cd->off, cd->cap, sizeof(*cd->off));
		cd->len = xreallocarray(cd->len, cd->cap, sizeof(*cd->len));
	}
	cd->off[cd->n] = cd->text.len;
}

/* The piece ends at the end of cd->text; its placeholder goes to out. */
static void
cdata_end(struct xmlprep_cdata *cd, struct buf *out)
{
	char	 num[24];
	size_t	 i = sizeof(num), v = cd->n;

	cd->len[cd->n] = cd->text.len - cd->off[cd->n];
	/* "<![CDATA[" mark n "]]>", without printf (once per piece). */
	do
		num[--i] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	buf_add(out, "<![CDATA[", 9);
	buf_addstr(out, cd->mark);
	buf_add(out, num + i, sizeof(num) - i);
	buf_add(out, "]]>", 3);
	cd->n++;
}

/*
 * Move the CDATA section at s (l bytes, "<![CDATA[" to "]]>") into cd
 * and write its placeholder to out.
 */
static void
cdata_take(const char *s, size_t l, struct xmlprep_cdata *cd,
    struct buf *out)
{
	const char	*p = s + 9, *end = s + l - 3, *cr;

	cdata_begin(cd);
	/* libxml2 reads CR LF and a lone CR as LF. */
	while ((cr = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		buf_add(&cd->text, p, (size_t)(cr - p));
		buf_addc(&cd->text, '\n');
		p = cr + 1;
		if (p < end && *p == '\n')
			p++;
	}
	buf_add(&cd->text, p, (size_t)(end - p));
	cdata_end(cd, out);
}

/* s .. end with every '&' repaired (fix_ref), appended to out. */
static void
repair_span(const char *s, const char *end, const struct names *nm,
    struct buf *out)
{
	const char	*a;

	while ((a = memchr(s, '&', (size_t)(end - s))) != NULL) {
		buf_add(out, s, (size_t)(a - s));
		s = fix_ref(a, end, nm, out);
	}
	buf_add(out, s, (size_t)(end - s));
}

/*
 * Append what libxml2 makes of repaired character data s (n bytes) to
 * b: line ends as LF, the predefined entities and character references
 * decoded.  -1 (b as it was) at any other reference: an entity the
 * DOCTYPE declares is libxml2's to expand.  A reference is at least one
 * byte longer than the UTF-8 it stands for ("&#x10FFFF;", 4 bytes), so
 * the output fits in n bytes.
 */
static int
text_decode(const char *s, size_t n, struct buf *b)
{
	const char	*p = s, *end = s + n, *q, *semi;
	char		*o;
	size_t		 k;
	uint32_t	 v;
	int		 hex;

	/* Nothing decodes longer than it was: written in place, no checks. */
	buf_grow(b, n);
	o = b->data + b->len;
	while (p < end) {
		q = mem_find2(p, end, '&', '\r');
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		if (q == end)
			break;
		if (*q == '\r') {
			*o++ = '\n';
			p = q + 1 < end && q[1] == '\n' ? q + 2 : q + 1;
			continue;
		}
		if ((semi = memchr(q, ';', (size_t)(end - q))) == NULL)
			goto other;
		k = (size_t)(semi - q - 1);
		if (k == 2 && q[2] == 't' && (q[1] == 'l' || q[1] == 'g'))
			*o++ = q[1] == 'l' ? '<' : '>';
		else if (k == 3 && memcmp(q + 1, "amp", 3) == 0)
			*o++ = '&';
		else if (k == 4 && memcmp(q + 1, "quot", 4) == 0)
			*o++ = '"';
		else if (k == 4 && memcmp(q + 1, "apos", 4) == 0)
			*o++ = '\'';
		else if (k >= 2 && k <= 9 && q[1] == '#') {
			hex = q[2] == 'x';
			v = 0;
			for (p = q + 2 + hex; p < semi; p++) {
				if (a_digit(*p))
					v = v * (hex ? 16 : 10) + (uint32_t)(*p - '0');
				else if (hex && *p >= 'a' && *p <= 'f')
					v = v * 16 + (uint32_t)(*p - 'a' + 10);
				else
					goto other;
			}
			if (p == q + 2 + hex || v > 0x10FFFF ||
			    !utf8_xml_char(v))
				goto other;
			o += utf8_encode(v, o);
		} else
			goto other;
		p = semi + 1;
	}
	b->len = (size_t)(o - b->data);
	*o = '\0';
	return 0;
other:
	b->data[b->len] = '\0';
	return -1;
}

/*
 * The character data after the start tag q .. gt, when it is the whole
 * content of that element ("<title>...</title>"): libxml2 reads text
 * that holds references or non-ASCII characters a character at a time,
 * so such text is moved into cd like a CDATA section.  What is pending
 * since run and the tag are repaired into out first.  Returns where the
 * end tag starts, or NULL when the text was not taken (out untouched).
 */
static const char *
text_take(const char *run, const char *q, const char *gt, const char *end,
    const struct names *nm, struct xmlprep_cdata *cd, struct buf *out,
    struct buf *tmp)
{
	const char	*t = gt + 1, *lt, *c;
	int		 worth = 0;

	if (!name_start((unsigned char)q[1]) || gt[-1] == '/' || t >= end ||
	    (lt = memchr(t, '<', (size_t)(end - t))) == NULL ||
	    lt + 1 >= end || lt[1] != '/')
		return NULL;
	for (c = t; c < lt && !worth; c++)
		worth = *c == '&' || (unsigned char)*c >= 0x80;
	/* "]]>" in character data is an error libxml2 reports its way. */
	if (!worth || mem_find(t, (size_t)(lt - t), "]]>", 3, 0) != NULL)
		return NULL;
	repair_span(run, t, nm, out);
	buf_reset(tmp);
	repair_span(t, lt, nm, tmp);
	cdata_begin(cd);
	if (text_decode(tmp->data, tmp->len, &cd->text) == -1) {
		buf_add(out, tmp->data, tmp->len);
		return lt;
	}
	cdata_end(cd, out);
	return lt;
}

/*
 * The '>' that ends the tag at p (a '<' that starts no comment, PI,
 * CDATA section or DOCTYPE) when it comes before any other '<', quoted
 * attribute values included; else NULL.  Where a tag does not close so,
 * libxml2 recovers in ways this scanner does not follow (a CDATA section
 * may end up in an attribute value, or a skip may end at a '>' inside
 * it), so nothing is taken out from there on: placeholders must never
 * change what the parse gives (fuzz_parse checks).
 */
static const char *
tag_end(const char *p, const char *end)
{
	char	 quote = 0;

	for (p++; p < end; p++) {
		if (*p == '<')
			return NULL;
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'')
			quote = *p;
		else if (*p == '>')
			return p;
	}
	return NULL;
}

/*
 * Step 5: copy s to out with every '&' outside comments, CDATA, PIs and
 * the DOCTYPE made well-formed.  The next '&' and '<' are found with
 * memchr and remembered, so each byte is looked at a bounded number of
 * times and runs of plain text are copied in one go.  With cd, CDATA
 * sections and the text of leaf elements are moved into it (cdata_take,
 * text_take) while every tag closes (tag_end).
 */
static void
entity_repair(const char *s, size_t n, struct xmlprep_cdata *cd,
    struct buf *out)
{
	const char	*p = s, *end = s + n, *run = s, *amp, *lt, *q, *gt, *t;
	struct names	 nm = { NULL, 0, 0, 0, 0 };
	struct buf	 tmp = BUF_INIT;
	size_t		 l;
	int		 take = cd != NULL;

	amp = memchr(s, '&', n);
	lt = memchr(s, '<', n);
	while (p < end) {
		if (amp != NULL && amp < p)
			amp = memchr(p, '&', end - p);
		if (lt != NULL && lt < p)
			lt = memchr(p, '<', end - p);
		if (amp == NULL && lt == NULL)
			break;
		if (amp == NULL || (lt != NULL && lt < amp)) {
			q = lt;
			l = markup_len(q, end - q, &nm);
			if (take && l == 1) {
				if ((gt = tag_end(q, end)) == NULL)
					take = 0;
				else if ((t = text_take(run, q, gt, end, &nm,
				    cd, out, &tmp)) != NULL) {
					p = run = t;
					continue;
				}
			} else if (take && l > 1 && q[1] == '!' && q[2] != '[' &&
			    q[2] != '-')
				take = 0;	/* a DOCTYPE */
			/* A terminated CDATA section goes to cd. */
			if (take && l >= 12 && has_prefix(q, l, "<![CDATA[") &&
			    memcmp(q + l - 3, "]]>", 3) == 0) {
				buf_add(out, run, q - run);
				cdata_take(q, l, cd, out);
				run = q + l;
			}
			p = q + l;
			continue;
		}
		q = amp;
		buf_add(out, run, q - run);
		p = run = fix_ref(q, end, &nm, out);
	}
	buf_add(out, run, end - run);
	buf_free(&tmp);
	free(nm.v);
}

static int
all_space(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!is_space(s[i]))
			return 0;
	return 1;
}

/*
 * The encoding is the first of: a BOM; the caller's forced charset; the
 * UTF-16/32 byte pattern of a BOM-less wide document; the XML
 * declaration; the HTTP charset; UTF-8.  Only in the last case may an
 * invalid UTF-8 document be re-read as Windows-1252; a declared UTF-8
 * document, or one whose encoding iconv does not know, is read as UTF-8
 * with U+FFFD for each bad byte.  Only an empty result is an error.
 */
void
xmlprep_cdata_free(struct xmlprep_cdata *cd)
{
	buf_free(&cd->text);
	free(cd->off);
	free(cd->len);
	memset(cd, 0, sizeof(*cd));
}

int
xmlprep_cdata_lookup(const struct xmlprep_cdata *cd, const char *s,
    size_t n, const char **text, size_t *len)
{
	size_t	 i = 0, k;

	if (cd == NULL || n <= XMLPREP_MARK_LEN ||
	    memcmp(s, cd->mark, XMLPREP_MARK_LEN) != 0)
		return -1;
	for (k = XMLPREP_MARK_LEN; k < n; k++) {
		if (s[k] < '0' || s[k] > '9' || i > cd->n)
			return -1;
		i = i * 10 + (size_t)(s[k] - '0');
	}
	if (i >= cd->n)
		return -1;
	*text = buf_cstr(&cd->text) + cd->off[i];
	*len = cd->len[i];
	return 0;
}

int
xmlprep(const char *data, size_t len, const char *charset,
    const char *fallback_charset, struct xmlprep_cdata *cdata,
    char **out, size_t *outlen, char *err, size_t errlen)
{
	struct buf	 dec = BUF_INIT, cln = BUF_INIT;
	struct buf	 res = BUF_INIT;
	struct enc	 enc;
	const char	*s, *lt, *val;
	size_t		 n, k, dlen, vlen;
	ssize_t		 bad;
	int		 quoted, rc = -1;

	*out = NULL;
	*outlen = 0;
	if (cdata != NULL)
		cdata_mark(cdata->mark);
	if (len == 0 || all_space(data, len))
		goto empty;

	/* Steps 2 and 3: decode to UTF-8. */
	enc_detect(data, len, charset, fallback_charset, &enc);
	s = data + enc.bom;
	n = len - enc.bom;
	bad = -1;
	if (strcmp(enc.name, "UTF-8") != 0 &&
	    (bad = charset_to_utf8(enc.name, s, n, &dec)) >= 0) {
		s = dec.data;
		n = dec.len;
	}
	/* Here bad < 0 means UTF-8, chosen or as the unknown-name fallback. */
	k = utf8_xml_clean_len(s, n);
	if (bad < 0 && k < n && !enc.named && !utf8_valid(s + k, n - k)) {
		/* Nothing said UTF-8 and it is not: the usual other guess. */
		if (charset_to_utf8("WINDOWS-1252", s, n, &dec) >= 0) {
			s = dec.data;
			n = dec.len;
			k = utf8_xml_clean_len(s, n);
		}
	}
	if (k < n) {
		buf_add(&cln, s, k);
		utf8_clean_add(&cln, s + k, n - k);
		s = cln.data;
		n = cln.len;
	}

	/* Step 4: junk before the prolog, the declaration. */
	if ((lt = memchr(s, '<', n)) == NULL) {
		if (all_space(s, n))
			goto empty;
		buf_add(&res, s, n);	/* not XML: let the parser say so */
		goto done;
	}
	n -= lt - s;
	s = lt;
	buf_grow(&res, n + n / 16 + 16);
	if ((dlen = decl_parse(s, n, &val, &vlen, &quoted)) > 0) {
		if (val != NULL) {
			buf_add(&res, s, val - s);
			buf_addstr(&res, quoted ? "UTF-8" : "\"UTF-8\"");
			buf_add(&res, val + vlen, dlen - (val + vlen - s));
		} else
			buf_add(&res, s, dlen);
		s += dlen;
		n -= dlen;
	}

	/*
	 * Step 5.  The text moved aside is at most the document: room for
	 * it at once instead of a dozen copies as it grows (pages never
	 * written are never resident).
	 */
	if (cdata != NULL)
		buf_grow(&cdata->text, n);
	entity_repair(s, n, cdata, &res);
done:
	*outlen = res.len;
	*out = buf_release(&res);
	rc = 0;
	goto out;
empty:
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "empty document");
out:
	buf_free(&cln);
	buf_free(&dec);
	return rc;
}
