/*
 * sanitize.c - the allowlist HTML sanitizer and HTML-to-text.  html_fast.c
 * reports the common subset of HTML as events, libxml2's HTML parser
 * builds a tree of the rest; we read either and write every byte of the
 * output ourselves, so only what the tables below (and sanitize_attr.c's)
 * allow can reach a reader, and whatever a parser got wrong is at worst
 * escaped text.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html_fast.h"
#include "sanitize.h"
#include "sanitize_int.h"
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

/* What html_to_text makes of an element's text. */
#define T_BLOCK		1	/* separate words: spaces around it */
#define T_SKIP		2	/* not text (scripts, styles, titles) */

struct element {
	const char	*name;
	enum action	 act;
	unsigned char	 text;	/* T_BLOCK, T_SKIP or 0 */
};

/*
 * Sorted by name: element_find searches it.  Anything not listed is
 * unwrapped.  audio and video are unwrapped too, so their fallback
 * content survives and their sources do not.  libxml2 2.9 does not know
 * that embed, keygen, source, track and wbr are void and makes the
 * markup after them their children: so those are unwrapped (or kept and
 * then walked), never dropped with their "content".
 */
static const struct element elements[] = {
		{ "a", ACT_KEEP, 0 }, { "abbr", ACT_KEEP, 0 },
	{ "acronym", ACT_KEEP, 0 }, { "address", ACT_KEEP, 0 },
	{ "applet", ACT_DROP, 0 }, { "article", ACT_KEEP, T_BLOCK },
	{ "aside", ACT_KEEP, 0 }, { "b", ACT_KEEP, 0 },
	{ "base", ACT_DROP, 0 }, { "basefont", ACT_DROP, 0 },
	{ "bdi", ACT_KEEP, 0 }, { "bdo", ACT_KEEP, 0 }, { "big", ACT_KEEP, 0 },
	{ "blockquote", ACT_KEEP, T_BLOCK }, { "br", ACT_VOID, T_BLOCK },
	{ "button", ACT_DROP, 0 }, { "canvas", ACT_DROP, 0 },
	{ "caption", ACT_KEEP, 0 }, { "center", ACT_KEEP, 0 },
	{ "cite", ACT_KEEP, 0 }, { "code", ACT_KEEP, 0 },
	{ "col", ACT_VOID, 0 }, { "colgroup", ACT_KEEP, 0 },
	{ "datalist", ACT_DROP, 0 }, { "dd", ACT_KEEP, T_BLOCK },
	{ "del", ACT_KEEP, 0 }, { "details", ACT_KEEP, 0 },
	{ "dfn", ACT_KEEP, 0 }, { "dialog", ACT_DROP, 0 },
	{ "div", ACT_KEEP, T_BLOCK }, { "dl", ACT_KEEP, T_BLOCK },
	{ "dt", ACT_KEEP, T_BLOCK }, { "em", ACT_KEEP, 0 },
	{ "embed", ACT_UNWRAP, 0 }, { "figcaption", ACT_KEEP, T_BLOCK },
	{ "figure", ACT_KEEP, T_BLOCK }, { "footer", ACT_KEEP, T_BLOCK },
	{ "form", ACT_DROP, 0 }, { "frame", ACT_DROP, 0 },
	{ "frameset", ACT_DROP, 0 }, { "h1", ACT_KEEP, T_BLOCK },
	{ "h2", ACT_KEEP, T_BLOCK }, { "h3", ACT_KEEP, T_BLOCK },
	{ "h4", ACT_KEEP, T_BLOCK }, { "h5", ACT_KEEP, T_BLOCK },
	{ "h6", ACT_KEEP, T_BLOCK }, { "head", ACT_DROP, T_SKIP },
	{ "header", ACT_KEEP, T_BLOCK }, { "hr", ACT_VOID, T_BLOCK },
	{ "i", ACT_KEEP, 0 }, { "iframe", ACT_DROP, T_SKIP },
	{ "img", ACT_VOID, 0 }, { "input", ACT_DROP, 0 },
	{ "ins", ACT_KEEP, 0 }, { "isindex", ACT_DROP, 0 },
	{ "kbd", ACT_KEEP, 0 }, { "keygen", ACT_UNWRAP, 0 },
	{ "li", ACT_KEEP, T_BLOCK }, { "link", ACT_DROP, 0 },
	{ "main", ACT_KEEP, 0 }, { "mark", ACT_KEEP, 0 },
	{ "math", ACT_DROP, 0 }, { "meta", ACT_DROP, 0 },
	{ "noembed", ACT_DROP, T_SKIP }, { "noframes", ACT_DROP, T_SKIP },
	{ "noscript", ACT_DROP, T_SKIP }, { "object", ACT_DROP, 0 },
	{ "ol", ACT_KEEP, T_BLOCK }, { "optgroup", ACT_DROP, 0 },
	{ "option", ACT_DROP, 0 }, { "p", ACT_KEEP, T_BLOCK },
	{ "param", ACT_DROP, 0 }, { "plaintext", ACT_DROP, 0 },
	{ "portal", ACT_DROP, 0 }, { "pre", ACT_KEEP, T_BLOCK },
	{ "q", ACT_KEEP, 0 }, { "rp", ACT_KEEP, 0 }, { "rt", ACT_KEEP, 0 },
	{ "ruby", ACT_KEEP, 0 }, { "s", ACT_KEEP, 0 }, { "samp", ACT_KEEP, 0 },
	{ "script", ACT_DROP, T_SKIP }, { "section", ACT_KEEP, T_BLOCK },
	{ "select", ACT_DROP, 0 }, { "small", ACT_KEEP, 0 },
	{ "source", ACT_UNWRAP, 0 }, { "span", ACT_KEEP, 0 },
	{ "strike", ACT_KEEP, 0 }, { "strong", ACT_KEEP, 0 },
	{ "style", ACT_DROP, T_SKIP }, { "sub", ACT_KEEP, 0 },
	{ "summary", ACT_KEEP, 0 }, { "sup", ACT_KEEP, 0 },
	{ "svg", ACT_DROP, T_SKIP }, { "table", ACT_KEEP, T_BLOCK },
	{ "tbody", ACT_KEEP, 0 }, { "td", ACT_KEEP, T_BLOCK },
	{ "template", ACT_DROP, T_SKIP }, { "textarea", ACT_DROP, 0 },
	{ "tfoot", ACT_KEEP, 0 }, { "th", ACT_KEEP, T_BLOCK },
	{ "thead", ACT_KEEP, 0 }, { "time", ACT_KEEP, 0 },
	{ "title", ACT_DROP, T_SKIP }, { "tr", ACT_KEEP, T_BLOCK },
	{ "track", ACT_UNWRAP, 0 }, { "tt", ACT_KEEP, 0 },
	{ "u", ACT_KEEP, 0 }, { "ul", ACT_KEEP, T_BLOCK },
	{ "var", ACT_KEEP, 0 }, { "wbr", ACT_VOID, 0 }, { "xmp", ACT_DROP, 0 },
};
#define NELEMENTS	(sizeof(elements) / sizeof(elements[0]))
_Static_assert(NELEMENTS < 255, "sanitize_walk keeps element indexes in bytes");

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

/* T_BLOCK, T_SKIP or 0 for an element of libxml2's tree. */
static int
element_text(const xmlNode *n)
{
	const struct element	*e = element_find((const char *)n->name);

	return e != NULL ? e->text : 0;
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

/*
 * Write the start tag of a kept element with the attributes a[na].
 * Returns 0 when the element must go after all: an <a> without a usable
 * href, an <img> without a usable src.  (The caller still walks their
 * children, if any.)
 */
static int
open_element(struct san *s, const struct element *e,
    const struct html_attr *a, size_t na)
{
	const char	*name;
	char		*url = NULL, *ok;
	size_t		 where = na, i;

	if (strcmp(e->name, "a") == 0) {
		if ((where = san_attr_find(a, na, "href")) == na)
			return 0;
		if ((url = san_href(s, a[where].value)) == NULL)
			return 0;
	} else if (strcmp(e->name, "img") == 0) {
		if ((url = san_img_src(s, a, na, &where)) == NULL)
			return 0;
	}

	buf_addc(&s->out, '<');
	buf_addstr(&s->out, e->name);
	for (i = 0; i < na; i++) {
		if (i == where) {
			add_attr(&s->out, strcmp(e->name, "a") == 0 ? "href" :
			    "src", url);
			continue;
		}
		if ((ok = san_attr(s, e->name, &a[i], &name)) != NULL) {
			add_attr(&s->out, name, ok);
			free(ok);
		}
	}
	buf_addc(&s->out, '>');
	free(url);
	return 1;
}

/*
 * open_element for a node of libxml2's tree.  Attributes in a namespace
 * are not HTML's: they do not count.
 */
static int
open_node(struct san *s, const xmlNode *n, const struct element *e)
{
	struct html_attr	*a;
	xmlChar			**own;
	const xmlAttr		*p;
	size_t			 na = 0, i;
	int			 ok;

	for (p = n->properties; p != NULL; p = p->next)
		na += p->ns == NULL;
	a = xreallocarray(NULL, na + 1, sizeof(*a));
	own = xreallocarray(NULL, na + 1, sizeof(*own));
	for (i = 0, p = n->properties; p != NULL; p = p->next) {
		if (p->ns != NULL)
			continue;
		own[i] = xmlNodeGetContent((const xmlNode *)p);
		a[i].name = (const char *)p->name;
		a[i].value = own[i] != NULL ? (const char *)own[i] : "";
		i++;
	}
	ok = open_element(s, e, a, na);
	for (i = 0; i < na; i++)
		xmlFree(own[i]);
	free(own);
	free(a);
	return ok;
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
				(void)open_node(s, n, e);
			else if (act == ACT_KEEP && open_node(s, n, e))
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
solid_chars(const char *s, size_t len)
{
	const unsigned char	*p, *end;
	size_t			 n = 0;

	end = (const unsigned char *)s + len;
	for (p = (const unsigned char *)s; p < end; p++)
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
	size_t	 solid = 0, len;
	int	 text;

	n = root->children;
	while (n != NULL) {
		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			len = strlen((const char *)n->content);
			buf_add(b, n->content, len);
			if (max > 0 && (solid += solid_chars((const char *)
			    n->content, len)) > max)
				return;
		} else if (n->type == XML_ELEMENT_NODE &&
		    (text = element_text(n)) != T_SKIP) {
			if (text == T_BLOCK)
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
			if (element_text(n) == T_BLOCK)
				buf_addc(b, ' ');
		}
		n = n->next;
	}
}

/*
 * The sanitizer and text_walk on html_fast.c's events instead of a tree:
 * the same output without building one (which, with freeing it, was as
 * much work as the walks).  Every element html_fast.c reports is one
 * the tables keep and whose text is text; should that ever change, the
 * sink refuses and the caller walks libxml2's tree.
 */
struct stream {
	struct san	 san;
	int		 html;		/* write sanitized HTML to san.out */
	struct buf	*text;		/* or NULL */
	size_t		 text_max, solid;
	int		 text_done;
	size_t		 depth;
	const struct element *elem[MAXDEPTH];	/* the open elements */
	unsigned char	 open[MAXDEPTH];	/* and which were written */
};

static void
stream_space(struct stream *st, const struct element *e)
{
	if (st->text != NULL && !st->text_done && e->text == T_BLOCK)
		buf_addc(st->text, ' ');
}

static int
stream_start(void *arg, const char *name, const struct html_attr *a,
    size_t na, int isvoid)
{
	struct stream		*st = arg;
	const struct element	*e;
	int			 opened = 0;

	if ((e = element_find(name)) == NULL || (e->act != ACT_KEEP &&
	    e->act != ACT_VOID) || (e->act == ACT_VOID) != isvoid ||
	    e->text == T_SKIP || st->depth >= MAXDEPTH)
		return 0;
	stream_space(st, e);
	if (st->html)
		opened = open_element(&st->san, e, a, na);
	if (!isvoid) {
		st->elem[st->depth] = e;
		st->open[st->depth++] = opened;
	}
	return 1;
}

static int
stream_end(void *arg)
{
	struct stream		*st = arg;
	const struct element	*e = st->elem[--st->depth];

	if (st->open[st->depth])
		close_element(&st->san.out, e->name);
	/*
	 * text_walk adds no space after an element without children; a
	 * second space next to the first collapses all the same.
	 */
	stream_space(st, e);
	return 1;
}

static int
stream_text(void *arg, const char *s, size_t len)
{
	struct stream	*st = arg;

	if (st->html)
		xml_escape_add(&st->san.out, s, len, XE_DROP_CTRL);
	if (st->text != NULL && !st->text_done) {
		buf_add(st->text, s, len);
		if (st->text_max > 0 && (st->solid += solid_chars(s, len)) >
		    st->text_max)
			st->text_done = 1;
	}
	return 1;
}

static int
stream_comment(void *arg, const char *s, size_t len)
{
	(void)arg;
	(void)s;
	(void)len;
	return 1;
}

static const struct html_sink stream_sink = {
	stream_start, stream_end, stream_text, stream_comment
};

/*
 * sanitize_html_text's work, with want_html = 0 only the text: from
 * html_fast.c's events when the fragment is in its subset, else from
 * libxml2's tree.  text may be NULL.
 */
static char *
sanitize_any(const char *html, size_t len, int want_html, const char *base,
    char **first_img, char **text, size_t text_max)
{
	struct stream	 st;
	struct buf	 tb = BUF_INIT;
	htmlDocPtr	 doc = NULL;
	char		*clean = NULL;

	memset(&st, 0, sizeof(st));
	st.san.base = base;
	st.html = want_html;
	st.text = text != NULL ? &tb : NULL;
	st.text_max = text_max;
	if (html == NULL)
		html = "", len = 0;
	/* The parsers' output is clean already: copy only when not. */
	if (utf8_xml_clean_len(html, len) < len) {
		html = clean = utf8_clean(html, len);
		len = strlen(clean);
	}
	/* The output is about as long as the input: one allocation. */
	if (want_html)
		buf_grow(&st.san.out, len);
	if (!html_fast_scan(html, len, &stream_sink, &st)) {
		buf_reset(&st.san.out);
		buf_reset(&tb);
		free(st.san.first_img);
		st.san.first_img = NULL;
		if ((doc = html_parse_fragment_libxml2(html, len)) != NULL) {
			if (want_html)
				sanitize_walk(&st.san, (xmlNode *)doc);
			if (text != NULL)
				text_walk(&tb, (xmlNode *)doc, text_max);
			xmlFreeDoc(doc);
		}
	}
	free(clean);
	if (text != NULL) {
		/* Either walk's output is valid UTF-8 of XML characters. */
		*text = utf8_collapse_space(buf_cstr(&tb));
		buf_free(&tb);
	}
	if (first_img != NULL)
		*first_img = st.san.first_img;
	else
		free(st.san.first_img);
	return buf_release(&st.san.out);
}

char *
html_to_text(const char *html, size_t len)
{
	return html_to_text_max(html, len, 0);
}

char *
html_to_text_max(const char *html, size_t len, size_t max)
{
	char	*clean, *out;

	if (html == NULL || len == 0)
		return xstrdup("");
	if (memchr(html, '<', len) == NULL && memchr(html, '&', len) == NULL) {
		clean = utf8_clean(html, len);
		out = utf8_collapse_space(clean);
		free(clean);
		return out;
	}
	free(sanitize_any(html, len, 0, NULL, NULL, &out, max));
	return out;
}

char *
sanitize_html_text(const char *html, size_t len, const char *base,
    char **first_img, char **text, size_t text_max)
{
	return sanitize_any(html, len, 1, base, first_img, text, text_max);
}

char *
sanitize_html_text_libxml2(const char *html, size_t len, const char *base,
    char **first_img, char **text, size_t text_max)
{
	struct san	 s;
	struct buf	 tb = BUF_INIT;
	htmlDocPtr	 doc;

	memset(&s, 0, sizeof(s));
	s.base = base;
	if ((doc = html_parse_fragment_libxml2(html, len)) != NULL) {
		sanitize_walk(&s, (xmlNode *)doc);
		text_walk(&tb, (xmlNode *)doc, text_max);
		xmlFreeDoc(doc);
	}
	*text = utf8_collapse_space(buf_cstr(&tb));
	buf_free(&tb);
	*first_img = s.first_img;
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
