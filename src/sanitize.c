/*
 * sanitize.c - the allowlist HTML sanitizer and HTML-to-text.  libxml2's
 * HTML parser builds a tree; we walk it and write every byte of the output
 * ourselves, so only what the tables below allow can reach a reader, and
 * whatever the parser got wrong is at worst escaped text.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "buf.h"
#include "sanitize.h"
#include "url.h"
#include "utf8.h"
#include "xmlesc.h"
#include "xmalloc.h"
#include "xmlsafe.h"

/*
 * Deeper than this, markup is dropped and only text is kept: the walk
 * needs one byte of state per level and a hostile feed can nest forever.
 */
#define MAXDEPTH	256

enum action {
	ACT_UNWRAP,	/* drop the tag, keep the children */
	ACT_KEEP,	/* element with content */
	ACT_VOID,	/* element without content or end tag */
	ACT_DROP	/* drop the tag and everything inside */
};

struct element {
	const char	*name;
	enum action	 act;
};

/*
 * Sorted by name: element_find searches it.  Anything not listed is
 * unwrapped.  audio and video are unwrapped too, so their fallback
 * content survives and their sources do not.  libxml2 2.9 does not know that embed, keygen, source, track and wbr are void and
 * makes the markup after them their children: so those are unwrapped (or
 * kept and then walked), never dropped with their "content".
 */
static const struct element elements[] = {
	{ "a", ACT_KEEP }, { "abbr", ACT_KEEP }, { "acronym", ACT_KEEP },
	{ "address", ACT_KEEP }, { "applet", ACT_DROP },
	{ "article", ACT_KEEP }, { "aside", ACT_KEEP }, { "b", ACT_KEEP },
	{ "base", ACT_DROP }, { "basefont", ACT_DROP }, { "bdi", ACT_KEEP },
	{ "bdo", ACT_KEEP }, { "big", ACT_KEEP }, { "blockquote", ACT_KEEP },
	{ "br", ACT_VOID }, { "button", ACT_DROP }, { "canvas", ACT_DROP },
	{ "caption", ACT_KEEP }, { "center", ACT_KEEP }, { "cite", ACT_KEEP },
	{ "code", ACT_KEEP }, { "col", ACT_VOID }, { "colgroup", ACT_KEEP },
	{ "datalist", ACT_DROP }, { "dd", ACT_KEEP }, { "del", ACT_KEEP },
	{ "details", ACT_KEEP }, { "dfn", ACT_KEEP }, { "dialog", ACT_DROP },
	{ "div", ACT_KEEP }, { "dl", ACT_KEEP }, { "dt", ACT_KEEP },
	{ "em", ACT_KEEP }, { "embed", ACT_UNWRAP }, { "figcaption", ACT_KEEP },
	{ "figure", ACT_KEEP }, { "footer", ACT_KEEP }, { "form", ACT_DROP },
	{ "frame", ACT_DROP }, { "frameset", ACT_DROP }, { "h1", ACT_KEEP },
	{ "h2", ACT_KEEP }, { "h3", ACT_KEEP }, { "h4", ACT_KEEP },
	{ "h5", ACT_KEEP }, { "h6", ACT_KEEP }, { "head", ACT_DROP },
	{ "header", ACT_KEEP }, { "hr", ACT_VOID }, { "i", ACT_KEEP },
	{ "iframe", ACT_DROP }, { "img", ACT_VOID }, { "input", ACT_DROP },
	{ "ins", ACT_KEEP }, { "isindex", ACT_DROP }, { "kbd", ACT_KEEP },
	{ "keygen", ACT_UNWRAP }, { "li", ACT_KEEP }, { "link", ACT_DROP },
	{ "main", ACT_KEEP }, { "mark", ACT_KEEP }, { "math", ACT_DROP },
	{ "meta", ACT_DROP }, { "noembed", ACT_DROP }, { "noframes", ACT_DROP },
	{ "noscript", ACT_DROP }, { "object", ACT_DROP }, { "ol", ACT_KEEP },
	{ "optgroup", ACT_DROP }, { "option", ACT_DROP }, { "p", ACT_KEEP },
	{ "param", ACT_DROP }, { "plaintext", ACT_DROP },
	{ "portal", ACT_DROP }, { "pre", ACT_KEEP }, { "q", ACT_KEEP },
	{ "rp", ACT_KEEP }, { "rt", ACT_KEEP }, { "ruby", ACT_KEEP },
	{ "s", ACT_KEEP }, { "samp", ACT_KEEP }, { "script", ACT_DROP },
	{ "section", ACT_KEEP }, { "select", ACT_DROP }, { "small", ACT_KEEP },
	{ "source", ACT_UNWRAP }, { "span", ACT_KEEP }, { "strike", ACT_KEEP },
	{ "strong", ACT_KEEP }, { "style", ACT_DROP }, { "sub", ACT_KEEP },
	{ "summary", ACT_KEEP }, { "sup", ACT_KEEP }, { "svg", ACT_DROP },
	{ "table", ACT_KEEP }, { "tbody", ACT_KEEP }, { "td", ACT_KEEP },
	{ "template", ACT_DROP }, { "textarea", ACT_DROP },
	{ "tfoot", ACT_KEEP }, { "th", ACT_KEEP }, { "thead", ACT_KEEP },
	{ "time", ACT_KEEP }, { "title", ACT_DROP }, { "tr", ACT_KEEP },
	{ "track", ACT_UNWRAP }, { "tt", ACT_KEEP }, { "u", ACT_KEEP },
	{ "ul", ACT_KEEP }, { "var", ACT_KEEP }, { "wbr", ACT_VOID },
	{ "xmp", ACT_DROP },
};
#define NELEMENTS	(sizeof(elements) / sizeof(elements[0]))
_Static_assert(NELEMENTS < 255, "sanitize_walk keeps element indexes in bytes");

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

/* img src is not here: it comes from img_src(), with the lazy variants. */
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

/* Elements whose text is not text (html_to_text). */
static const char *const textskip[] = {
	"head", "iframe", "noembed", "noframes", "noscript", "script",
	"style", "svg", "template", "title", NULL
};

/* Elements that separate words (html_to_text). */
static const char *const textblock[] = {
	"article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
	"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
	"hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr",
	"ul", NULL
};

struct san {
	struct buf	 out;
	const char	*base;
	char		*first_img;
};

/*
 * Element names come from libxml2's HTML parser or html_fast.c, both of
 * which give them in lower case (html_fast.c leaves any other to
 * libxml2), so they are compared as they are.
 */
static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int
element_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct element *)elem)->name);
}

/* elements[] is sorted by name: every element of every entry looks here. */
static const struct element *
element_find(const char *name)
{
	return bsearch(name, elements, NELEMENTS, sizeof(elements[0]),
	    element_cmp);
}

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

/*
 * Append s escaped for text (quote = 0) or a double-quoted attribute.
 * The parser hands us valid UTF-8 of XML characters (its input was
 * cleaned and it refuses character references XML forbids); C0 controls
 * are dropped here all the same, so the output never needs a second pass.
 */
static void
escape_into(struct buf *b, const char *s, int quote)
{
	xml_escape_add(b, s, strlen(s), XE_DROP_CTRL | (quote ? XE_QUOT : 0));
}

static void
add_attr(struct buf *b, const char *name, const char *value)
{
	buf_addc(b, ' ');
	buf_addstr(b, name);
	buf_addstr(b, "=\"");
	escape_into(b, value, 1);
	buf_addc(b, '"');
}

static const xmlAttr *
attr_get(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->ns == NULL &&
		    strcasecmp((const char *)a->name, name) == 0)
			return a;
	return NULL;
}

/* Owned value of an attribute ("" for a bare one). */
static char *
attr_value(const xmlAttr *a)
{
	xmlChar	*v;
	char	*s;

	v = xmlNodeGetContent((const xmlNode *)a);
	s = xstrdup(v != NULL ? (const char *)v : "");
	xmlFree(v);
	return s;
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

/*
 * The src to write for an img, owned, or NULL when there is none.  Lazy
 * loaders put a placeholder (or nothing) in src and the image elsewhere.
 * *where is the attribute whose position src takes in the output.
 */
static char *
img_src(struct san *s, const xmlNode *n, const xmlAttr **where)
{
	const xmlAttr	*cand[8], *src;
	char		*v, *u = NULL, *tmp;
	size_t		 nc = 0, i;
	int		 weak, absolute;

	src = attr_get(n, "src");
	weak = 1;
	if (src != NULL) {
		v = attr_value(src);
		tmp = url_prepare(v);
		weak = *tmp == '\0' || is_placeholder(tmp);
		free(tmp);
		free(v);
	}
	if (src != NULL && !weak)
		cand[nc++] = src;
	for (i = 0; lazyattrs[i] != NULL; i++)
		if ((cand[nc] = attr_get(n, lazyattrs[i])) != NULL)
			nc++;
	if ((cand[nc] = attr_get(n, "srcset")) != NULL)
		nc++;
	if ((cand[nc] = attr_get(n, "data-srcset")) != NULL)
		nc++;
	if (src != NULL && weak)
		cand[nc++] = src;

	for (i = 0; i < nc && u == NULL; i++) {
		v = attr_value(cand[i]);
		if (strstr((const char *)cand[i]->name, "srcset") != NULL) {
			tmp = srcset_first(v);
			free(v);
			v = tmp;
		}
		if ((u = url_check(s->base, v, 0, &absolute)) != NULL) {
			*where = src != NULL ? src : cand[i];
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

/*
 * Write the start tag of a kept element.  Returns 0 when the element must
 * go after all: an <a> without a usable href, an <img> without a usable
 * src.  (The caller still walks their children, if any.)
 */
static int
open_element(struct san *s, const xmlNode *n, const struct element *e)
{
	const xmlAttr		*a, *where = NULL;
	const struct attrrule	*r;
	char			*url = NULL, *v, *ok;

	if (strcmp(e->name, "a") == 0) {
		if ((where = attr_get(n, "href")) == NULL)
			return 0;
		v = attr_value(where);
		url = attr_check(s, AK_URL, v);
		free(v);
		if (url == NULL)
			return 0;
	} else if (strcmp(e->name, "img") == 0) {
		if ((url = img_src(s, n, &where)) == NULL)
			return 0;
	}

	buf_addc(&s->out, '<');
	buf_addstr(&s->out, e->name);
	for (a = n->properties; a != NULL; a = a->next) {
		if (a == where) {
			add_attr(&s->out, strcmp(e->name, "a") == 0 ? "href" :
			    "src", url);
			continue;
		}
		if (a->ns != NULL)
			continue;
		/* href was written at where: a second one gets no say. */
		r = attr_rule(e->name, (const char *)a->name);
		if (r == NULL || strcmp(r->attr, "href") == 0)
			continue;
		v = attr_value(a);
		if ((ok = attr_check(s, r->kind, v)) != NULL) {
			add_attr(&s->out, r->attr, ok);
			free(ok);
		}
		free(v);
	}
	buf_addc(&s->out, '>');
	free(url);
	return 1;
}

static void
close_element(struct buf *b, const char *name)
{
	buf_add(b, "</", 2);
	buf_addstr(b, name);
	buf_addc(b, '>');
}

static enum action
classify(const xmlNode *n, const struct element **ep)
{
	const char	*name = (const char *)n->name;

	*ep = NULL;
	/*
	 * Never HTML.  (libxml2 2.9 strips "svg:" from "svg:x" itself and
	 * the tables decide; this is for parsers that keep prefixes.)
	 */
	if (n->ns != NULL || strchr(name, ':') != NULL)
		return ACT_DROP;
	if ((*ep = element_find(name)) == NULL)
		return ACT_UNWRAP;
	return (*ep)->act;
}

/*
 * Walk the tree without recursion, following parent pointers back up.
 * open[d] remembers which element (index + 1) was opened at depth d.
 */
static void
sanitize_walk(struct san *s, xmlNode *root)
{
	unsigned char		 open[MAXDEPTH];
	const struct element	*e;
	enum action		 act;
	xmlNode			*n;
	size_t			 depth = 0, idx;

	n = root->children;
	while (n != NULL) {
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			escape_into(&s->out, (const char *)n->content, 0);
		else if (n->type == XML_ELEMENT_NODE) {
			act = classify(n, &e);
			if (depth >= MAXDEPTH && act != ACT_DROP)
				act = ACT_UNWRAP;
			idx = 0;
			if (act == ACT_VOID)
				(void)open_element(s, n, e);
			else if (act == ACT_KEEP && open_element(s, n, e))
				idx = e - elements + 1;
			if (act != ACT_DROP && n->children != NULL) {
				if (depth < MAXDEPTH)
					open[depth] = idx;
				depth++;
				n = n->children;
				continue;
			}
			if (idx != 0)
				close_element(&s->out, e->name);
		}
		/* Comments, PIs, CDATA, DTDs: nothing. */
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == root)
				return;
			depth--;
			if (depth < MAXDEPTH && open[depth] != 0)
				close_element(&s->out,
				    elements[open[depth] - 1].name);
		}
		n = n->next;
	}
}

static htmlDocPtr	parse_fragment(const char *, size_t, int);

/*
 * Parse a fragment as the body of a UTF-8 document.  The body is opened
 * by us so that libxml2 does not wrap leading text in an implied <p>; it
 * is not closed by us, or an unterminated attribute value at the end
 * would swallow the closing tags.  White space is kept everywhere: by
 * default libxml2 drops "ignorable" blanks between blocks, joining words.
 */
htmlDocPtr
html_parse_fragment(const char *html, size_t len)
{
	return parse_fragment(html, len, 1);
}

htmlDocPtr
html_parse_fragment_libxml2(const char *html, size_t len)
{
	return parse_fragment(html, len, 0);
}

static htmlDocPtr
parse_fragment(const char *html, size_t len, int fast)
{
	static const char	 head[] = "<html><head><meta charset=\"utf-8\">"
	    "</head><body>";
	struct buf		 b = BUF_INIT;
	htmlParserCtxtPtr	 ctxt;
	htmlDocPtr		 doc = NULL;
	char			*clean = NULL;
	const char		*p, *q, *end;

	if (html == NULL)
		html = "", len = 0;
	/* The parser's own output is clean already: copy only when not. */
	if (utf8_xml_clean_len(html, len) < len) {
		html = clean = utf8_clean(html, len);
		len = strlen(clean);
	}
	/* Most feeds' HTML: the same tree without libxml2's tokenizer. */
	if (fast && (doc = html_fast_parse(html, len)) != NULL) {
		free(clean);
		return doc;
	}
	buf_grow(&b, sizeof(head) + len);
	buf_addstr(&b, head);
	/*
	 * libxml2's HTML parser does not know CDATA sections and would show
	 * their markers as text: drop each section, up to "]]>" or the end.
	 */
	end = html + len;
	for (p = html; (q = mem_find(p, end - p, "<![CDATA[", 9, 2)) != NULL;
	    p = q + 3) {
		buf_add(&b, p, q - p);
		if ((q = mem_find(q, end - q, "]]>", 3, 0)) == NULL) {
			p = end;
			break;
		}
	}
	buf_add(&b, p, end - p);
	free(clean);
	if (b.len > INT_MAX)
		goto done;
	xmlsafe_setup();
	if ((ctxt = htmlNewParserCtxt()) == NULL)
		goto done;
	ctxt->sax->ignorableWhitespace = ctxt->sax->characters;
	xmlsafe_quiet_ctxt(ctxt);
	doc = htmlCtxtReadMemory(ctxt, b.data, (int)b.len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING);
	htmlFreeParserCtxt(ctxt);
done:
	buf_free(&b);
	return doc;
}

/*
 * A lower bound of the characters s adds once white space is collapsed:
 * lead bytes, not counting ASCII white space nor the lead bytes any
 * Unicode space starts with (0xC2, 0xE1, 0xE2, 0xE3, 0xEF).
 */
static size_t
solid_chars(const char *s)
{
	const unsigned char	*p;
	size_t			 n = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p & 0xC0) != 0x80 && *p > ' ' && *p != 0xC2 &&
		    *p != 0xE1 && *p != 0xE2 && *p != 0xE3 && *p != 0xEF)
			n++;
	return n;
}

/*
 * Like sanitize_walk, but only text, with spaces for block boundaries.
 * With max > 0 it may stop once the text is sure to collapse to more than
 * max characters: a summary needs the opening, not the whole article.
 */
static void
text_walk(struct buf *b, xmlNode *root, size_t max)
{
	xmlNode	*n;
	size_t	 solid = 0;

	n = root->children;
	while (n != NULL) {
		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			buf_addstr(b, (const char *)n->content);
			if (max > 0 && (solid += solid_chars((const char *)
			    n->content)) > max)
				return;
		} else if (n->type == XML_ELEMENT_NODE &&
		    !in_list(textskip, (const char *)n->name)) {
			if (in_list(textblock, (const char *)n->name))
				buf_addc(b, ' ');
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
		}
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == root)
				return;
			if (in_list(textblock, (const char *)n->name))
				buf_addc(b, ' ');
		}
		n = n->next;
	}
}

/* The text of a parsed fragment, white space collapsed (see text_walk). */
static char *
doc_text(htmlDocPtr doc, size_t max)
{
	struct buf	 b = BUF_INIT;
	char		*out;

	/* The parser's output is valid UTF-8 of XML characters. */
	text_walk(&b, (xmlNode *)doc, max);
	out = utf8_collapse_space(buf_cstr(&b));
	buf_free(&b);
	return out;
}

char *
html_to_text(const char *html, size_t len)
{
	return html_to_text_max(html, len, 0);
}

char *
html_to_text_max(const char *html, size_t len, size_t max)
{
	htmlDocPtr	 doc;
	char		*clean, *out;

	if (html == NULL || len == 0)
		return xstrdup("");
	if (memchr(html, '<', len) == NULL && memchr(html, '&', len) == NULL) {
		clean = utf8_clean(html, len);
		out = utf8_collapse_space(clean);
		free(clean);
		return out;
	}
	if ((doc = html_parse_fragment(html, len)) == NULL)
		return xstrdup("");
	out = doc_text(doc, max);
	xmlFreeDoc(doc);
	return out;
}

/*
 * sanitize_html and html_to_text of the same fragment with one parse:
 * the parse is most of the cost of either.
 */
char *
sanitize_html_text(const char *html, size_t len, const char *base,
    char **first_img, char **text, size_t text_max)
{
	struct san	 s;
	htmlDocPtr	 doc;

	memset(&s, 0, sizeof(s));
	s.base = base;
	if (first_img != NULL)
		*first_img = NULL;
	if (text != NULL)
		*text = NULL;
	if (html == NULL || len == 0 ||
	    (doc = html_parse_fragment(html, len)) == NULL) {
		if (text != NULL)
			*text = xstrdup("");
		return xstrdup("");
	}
	/* The output is about as long as the input: one allocation. */
	buf_grow(&s.out, len);
	sanitize_walk(&s, (xmlNode *)doc);
	if (text != NULL)
		*text = doc_text(doc, text_max);
	xmlFreeDoc(doc);
	if (first_img != NULL)
		*first_img = s.first_img;
	else
		free(s.first_img);
	return buf_release(&s.out);
}

char *
sanitize_html(const char *html, size_t len, const char *base,
    char **first_img)
{
	return sanitize_html_text(html, len, base, first_img, NULL, 0);
}

char *
html_escape(const char *text)
{
	struct buf	 b = BUF_INIT;

	if (text != NULL)
		escape_into(&b, text, 1);
	return buf_release(&b);
}
