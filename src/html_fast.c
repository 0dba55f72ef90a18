/*
 * html_fast.c - a strict parser for the HTML most feeds carry: paragraphs,
 * links, emphasis, lists, headings, quotes, figures and images, with
 * quoted attributes and the common entities, well nested.  For such a
 * fragment it reports the very tree libxml2's HTML parser builds in
 * html_parse_fragment, as events (html_fast_scan: the sanitizer reads
 * them without any tree) or as that tree itself (html_fast_parse, with
 * the same html/head/meta/body frame), without libxml2's
 * character-by-character tokenizer, which was a quarter of a cold poll.
 * Anything else -- another element, an unquoted or repeated attribute, a
 * rarer entity, a tag libxml2 would close or move for us, a CDATA
 * section, a doctype -- makes it give up and the caller parses with
 * libxml2.  tests/unit/test_sanitize.c and fuzz_sanitize hold the two
 * trees equal wherever this one answers.
 */
#include <stdint.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html_fast.h"
#include "sanitize.h"
#include "utf8.h"
#include "xmalloc.h"

#define FAST_MAXDEPTH	64
/* More attributes on one element than this: libxml2 parses it. */
#define FAST_MAXATTRS	32

enum kind {
	K_INLINE,	/* phrasing: anywhere but directly in a list */
	K_VOID,		/* inline, no content, no end tag */
	K_BLOCK,	/* only in a container */
	K_LIST,		/* ul, ol: a block holding only li */
	K_ITEM,		/* li: only directly in a list */
	K_CONTAINER	/* a block in which blocks may open */
};

struct fast_elem {
	const char	*name;
	enum kind	 kind;
};

/*
 * Sorted by name.  Only HTML 4 elements whose start tags libxml2 2.9's
 * auto-close table lets stand in the places the kinds allow, plus figure
 * and figcaption (unknown to it, so never closed by it either).
 */
static const struct fast_elem fast_elems[] = {
	{ "a", K_INLINE }, { "abbr", K_INLINE }, { "b", K_INLINE },
	{ "blockquote", K_CONTAINER }, { "br", K_VOID }, { "cite", K_INLINE },
	{ "code", K_INLINE }, { "del", K_INLINE }, { "div", K_CONTAINER },
	{ "em", K_INLINE }, { "figcaption", K_BLOCK },
	{ "figure", K_CONTAINER }, { "h1", K_BLOCK }, { "h2", K_BLOCK },
	{ "h3", K_BLOCK }, { "h4", K_BLOCK }, { "h5", K_BLOCK },
	{ "h6", K_BLOCK }, { "i", K_INLINE }, { "img", K_VOID },
	{ "ins", K_INLINE }, { "kbd", K_INLINE }, { "li", K_ITEM },
	{ "ol", K_LIST }, { "p", K_BLOCK }, { "q", K_INLINE },
	{ "s", K_INLINE }, { "samp", K_INLINE }, { "small", K_INLINE },
	{ "span", K_INLINE }, { "strong", K_INLINE }, { "sub", K_INLINE },
	{ "sup", K_INLINE }, { "u", K_INLINE }, { "ul", K_LIST },
	{ "var", K_INLINE },
};

/* Named references taken: HTML 4's, with the code points libxml2 uses. */
static const struct {
	const char	*name;
	uint32_t	 cp;
} fast_ents[] = {
	{ "amp", '&' }, { "bull", 0x2022 }, { "copy", 0xA9 },
	{ "gt", '>' }, { "hellip", 0x2026 }, { "laquo", 0xAB },
	{ "ldquo", 0x201C }, { "lsquo", 0x2018 }, { "lt", '<' },
	{ "mdash", 0x2014 }, { "middot", 0xB7 }, { "nbsp", 0xA0 },
	{ "ndash", 0x2013 }, { "quot", '"' }, { "raquo", 0xBB },
	{ "rdquo", 0x201D }, { "reg", 0xAE }, { "rsquo", 0x2019 },
	{ "times", 0xD7 }, { "trade", 0x2122 },
};

struct fast {
	const char		*p, *end;
	const struct html_sink	*sink;
	void			*arg;
	const struct fast_elem	*kinds[FAST_MAXDEPTH + 1];	/* [0] body */
	size_t			 depth;
	struct buf		 text;
	struct buf		 attrbuf;	/* names and values, NUL-ended */
	size_t			 attroff[FAST_MAXATTRS][2];
	struct html_attr	 attrs[FAST_MAXATTRS];
	size_t			 nattrs;
	int			 a_open;
};

static const struct fast_elem *
fast_elem(const char *name, size_t len)
{
	size_t	 lo = 0, hi = sizeof(fast_elems) / sizeof(fast_elems[0]), mid;
	int	 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strncmp(name, fast_elems[mid].name, len);
		if (c == 0 && fast_elems[mid].name[len] != '\0')
			c = -1;
		if (c == 0)
			return &fast_elems[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
is_alpha(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * Decode the reference at *pp ("&...;") into b; 0 when it is not one this
 * parser takes.
 */
static int
fast_ref(const char **pp, const char *end, struct buf *b)
{
	const char	*p = *pp + 1, *q;
	uint32_t	 cp = 0;
	size_t		 i, n;
	char		 u[4];

	if (p < end && *p == '#') {
		p++;
		if (p < end && *p == 'x') {
			for (p++, q = p; p < end && p - q < 6 &&
			    ((*p >= '0' && *p <= '9') || (*p >= 'a' &&
			    *p <= 'f') || (*p >= 'A' && *p <= 'F')); p++)
				cp = cp * 16 + (uint32_t)(*p <= '9' ? *p - '0' :
				    (*p | 0x20) - 'a' + 10);
		} else
			for (q = p; p < end && p - q < 7 && *p >= '0' &&
			    *p <= '9'; p++)
				cp = cp * 10 + (uint32_t)(*p - '0');
		if (p == q || p >= end || *p != ';')
			return 0;
		/* What libxml2 passes through as is, and nothing it may not. */
		if (!((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 &&
		    cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
		    (cp >= 0x10000 && cp <= 0x10FFFF)))
			return 0;
	} else {
		for (q = p; p < end && is_alpha((unsigned char)*p); p++)
			;
		if (p >= end || *p != ';' || (n = (size_t)(p - q)) == 0)
			return 0;
		for (i = 0; i < sizeof(fast_ents) / sizeof(fast_ents[0]); i++)
			if (strlen(fast_ents[i].name) == n &&
			    memcmp(fast_ents[i].name, q, n) == 0)
				break;
		if (i == sizeof(fast_ents) / sizeof(fast_ents[0]))
			return 0;
		cp = fast_ents[i].cp;
	}
	buf_add(b, u, utf8_encode(cp, u));
	*pp = p + 1;
	return 1;
}

/* The text gathered since the last tag is one text node. */
static int
flush_text(struct fast *f)
{
	int	 ok;

	if (f->text.len == 0)
		return 1;
	ok = f->sink->text(f->arg, f->text.data, f->text.len);
	f->text.len = 0;
	return ok;
}

/*
 * Text up to the next '<': 0 when it holds what this parser refuses.  A
 * run stops at markup, a reference or a carriage return.
 */
static int
fast_text(struct fast *f)
{
	const char	*p = f->p, *q;
	enum kind	 in = f->kinds[f->depth] != NULL ?
			    f->kinds[f->depth]->kind : K_CONTAINER;

	while (p < f->end && *p != '<') {
		if (in == K_LIST) {
			for (q = p; q < f->end && *q != '<' && *q != '&' &&
			    *q != '\r'; q++)
				if (!is_blank((unsigned char)*q))
					return 0;
		} else
			q = mem_find3(p, f->end, '<', '&', '\r');
		buf_add(&f->text, p, (size_t)(q - p));
		p = q;
		if (p < f->end && *p == '&') {
			if (in == K_LIST || !fast_ref(&p, f->end, &f->text))
				return 0;
		} else if (p < f->end && *p == '\r')
			return 0;
	}
	f->p = p;
	return 1;
}

/*
 * Attributes of the start tag at f->p (past the name), up to '>', into
 * f->attrs.
 */
static int
fast_attrs(struct fast *f, int *selfclose)
{
	const char	*p = f->p, *name, *v;
	size_t		 nlen, i;
	char		 quote;

	*selfclose = 0;
	f->nattrs = 0;
	buf_reset(&f->attrbuf);
	for (;;) {
		if (p < f->end && !is_blank((unsigned char)*p) && *p != '>' &&
		    *p != '/')
			return 0;	/* no blank before an attribute */
		while (p < f->end && is_blank((unsigned char)*p))
			p++;
		if (p >= f->end)
			return 0;
		if (*p == '>') {
			p++;
			break;
		}
		if (*p == '/') {
			if (p + 1 >= f->end || p[1] != '>')
				return 0;
			*selfclose = 1;
			p += 2;
			break;
		}
		name = p;
		if (!is_alpha((unsigned char)*p) || f->nattrs == FAST_MAXATTRS)
			return 0;
		while (p < f->end && (is_alnum((unsigned char)*p) ||
		    *p == '-' || *p == '_'))
			p++;
		nlen = (size_t)(p - name);
		if (p + 2 >= f->end || p[0] != '=' ||
		    (p[1] != '"' && p[1] != '\''))
			return 0;
		/* A repeated name: libxml2 keeps the first, with noise. */
		for (i = 0; i < f->nattrs; i++)
			if (strlen(f->attrbuf.data + f->attroff[i][0]) == nlen &&
			    memcmp(f->attrbuf.data + f->attroff[i][0], name,
			    nlen) == 0)
				return 0;
		f->attroff[f->nattrs][0] = f->attrbuf.len;
		buf_add(&f->attrbuf, name, nlen);
		buf_addc(&f->attrbuf, '\0');
		f->attroff[f->nattrs][1] = f->attrbuf.len;
		quote = p[1];
		p += 2;
		while (p < f->end && *p != quote) {
			for (v = p; p < f->end && *p != quote && *p != '&' &&
			    *p != '\r' && *p != '\n' && *p != '\t'; p++)
				;
			buf_add(&f->attrbuf, v, (size_t)(p - v));
			if (p >= f->end || *p == quote)
				break;
			if (*p != '&' || !fast_ref(&p, f->end, &f->attrbuf))
				return 0;
		}
		if (p >= f->end)
			return 0;
		p++;
		buf_addc(&f->attrbuf, '\0');
		f->nattrs++;
	}
	/* The buffer has stopped moving: point into it. */
	for (i = 0; i < f->nattrs; i++) {
		f->attrs[i].name = f->attrbuf.data + f->attroff[i][0];
		f->attrs[i].value = f->attrbuf.data + f->attroff[i][1];
	}
	f->p = p;
	return 1;
}

/* A start tag at f->p ("<" seen). */
static int
fast_start(struct fast *f)
{
	const struct fast_elem	*e, *in = f->kinds[f->depth];
	enum kind		 inkind = in != NULL ? in->kind : K_CONTAINER;
	const char		*name = f->p + 1, *p = name;
	int			 selfclose;

	while (p < f->end && is_alnum((unsigned char)*p))
		p++;
	if ((e = fast_elem(name, (size_t)(p - name))) == NULL)
		return 0;
	switch (e->kind) {
	case K_INLINE:
	case K_VOID:
		if (inkind == K_LIST || (f->a_open && strcmp(e->name, "a") == 0))
			return 0;
		break;
	case K_ITEM:
		if (inkind != K_LIST)
			return 0;
		break;
	default:
		if (inkind != K_CONTAINER && inkind != K_ITEM)
			return 0;
		break;
	}
	if (f->depth >= FAST_MAXDEPTH)
		return 0;
	f->p = p;
	if (!fast_attrs(f, &selfclose) || (selfclose && e->kind != K_VOID))
		return 0;
	if (!flush_text(f) || !f->sink->start(f->arg, e->name, f->attrs,
	    f->nattrs, e->kind == K_VOID))
		return 0;
	if (e->kind == K_VOID)
		return 1;
	f->kinds[++f->depth] = e;
	if (strcmp(e->name, "a") == 0)
		f->a_open = 1;
	return 1;
}

/* An end tag at f->p: only the innermost element's, exactly. */
static int
fast_end(struct fast *f)
{
	const struct fast_elem	*in = f->kinds[f->depth];
	size_t			 len;

	if (f->depth == 0)
		return 0;
	len = strlen(in->name);
	if ((size_t)(f->end - f->p) < len + 3 ||
	    memcmp(f->p + 2, in->name, len) != 0 || f->p[2 + len] != '>')
		return 0;
	if (!flush_text(f) || !f->sink->end(f->arg))
		return 0;
	f->p += len + 3;
	if (strcmp(in->name, "a") == 0)
		f->a_open = 0;
	f->depth--;
	return 1;
}

/* A comment: "<!--", no "--" inside, "-->". */
static int
fast_comment(struct fast *f)
{
	const char	*body = f->p + 4, *q;

	if (f->end - f->p < 7 || memcmp(f->p, "<!--", 4) != 0 ||
	    *body == '>' || *body == '-')
		return 0;
	if ((q = memmem(body, (size_t)(f->end - body), "--", 2)) == NULL ||
	    q + 2 >= f->end || q[2] != '>' || q[-1] == '-')
		return 0;
	if (!flush_text(f) || !f->sink->comment(f->arg, body,
	    (size_t)(q - body)))
		return 0;
	f->p = q + 3;
	return 1;
}

int
html_fast_scan(const char *s, size_t len, const struct html_sink *sink,
    void *arg)
{
	struct fast	 f;
	int		 ok = 1;

	/* html_parse_fragment cuts CDATA sections out first, anywhere. */
	if (mem_find(s, len, "<![CDATA[", 9, 2) != NULL)
		return 0;
	memset(&f, 0, sizeof(f));
	f.p = s;
	f.end = s + len;
	f.sink = sink;
	f.arg = arg;
	while (ok && f.p < f.end) {
		if (*f.p != '<')
			ok = fast_text(&f);
		else if (f.p + 1 < f.end && is_alpha((unsigned char)f.p[1]))
			ok = fast_start(&f);
		else if (f.p + 1 < f.end && f.p[1] == '/')
			ok = fast_end(&f);
		else if (f.p + 1 < f.end && f.p[1] == '!')
			ok = fast_comment(&f);
		else
			ok = 0;
	}
	/* Unclosed elements: libxml2 would close them; leave it to it. */
	if (ok && f.depth == 0)
		ok = flush_text(&f);
	else
		ok = 0;
	buf_free(&f.text);
	buf_free(&f.attrbuf);
	return ok;
}

/* html_fast_parse's sink: the tree, under the frame's body. */
struct tree {
	xmlDocPtr	 doc;
	xmlNodePtr	 at;	/* the element new nodes go into */
};

static int
tree_start(void *arg, const char *name, const struct html_attr *attrs,
    size_t nattrs, int isvoid)
{
	struct tree	*t = arg;
	xmlNodePtr	 n;
	size_t		 i;

	n = xmlNewDocNode(t->doc, NULL, (const xmlChar *)name, NULL);
	for (i = 0; i < nattrs; i++)
		xmlNewProp(n, (const xmlChar *)attrs[i].name,
		    (const xmlChar *)attrs[i].value);
	xmlAddChild(t->at, n);
	if (!isvoid)
		t->at = n;
	return 1;
}

static int
tree_end(void *arg)
{
	struct tree	*t = arg;

	t->at = t->at->parent;
	return 1;
}

static int
tree_text(void *arg, const char *s, size_t len)
{
	struct tree	*t = arg;

	xmlAddChild(t->at, xmlNewDocTextLen(t->doc, (const xmlChar *)s,
	    (int)len));
	return 1;
}

static int
tree_comment(void *arg, const char *s, size_t len)
{
	struct tree	*t = arg;
	xmlNodePtr	 c;

	c = xmlNewDocComment(t->doc, NULL);
	xmlNodeSetContentLen(c, (const xmlChar *)s, (int)len);
	xmlAddChild(t->at, c);
	return 1;
}

/* The document frame libxml2 makes of html_parse_fragment's wrapper. */
static xmlNodePtr
fast_frame(xmlDocPtr doc)
{
	xmlNodePtr	 html, head, meta, body;

	xmlCreateIntSubset(doc, (const xmlChar *)"html",
	    (const xmlChar *)"-//W3C//DTD HTML 4.0 Transitional//EN",
	    (const xmlChar *)"http://www.w3.org/TR/REC-html40/loose.dtd");
	html = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
	xmlAddChild((xmlNodePtr)doc, html);
	head = xmlNewDocNode(doc, NULL, (const xmlChar *)"head", NULL);
	xmlAddChild(html, head);
	meta = xmlNewDocNode(doc, NULL, (const xmlChar *)"meta", NULL);
	xmlNewProp(meta, (const xmlChar *)"charset",
	    (const xmlChar *)"utf-8");
	xmlAddChild(head, meta);
	body = xmlNewDocNode(doc, NULL, (const xmlChar *)"body", NULL);
	xmlAddChild(html, body);
	return body;
}

/*
 * s is valid UTF-8 of XML characters (html_parse_fragment cleans it
 * first).  The tree, or NULL when libxml2 must parse it.
 */
xmlDocPtr
html_fast_parse(const char *s, size_t len)
{
	static const struct html_sink	 sink = {
		tree_start, tree_end, tree_text, tree_comment
	};
	struct tree			 t;

	t.doc = htmlNewDocNoDtD(NULL, NULL);
	t.at = fast_frame(t.doc);
	if (!html_fast_scan(s, len, &sink, &t)) {
		xmlFreeDoc(t.doc);
		return NULL;
	}
	return t.doc;
}
