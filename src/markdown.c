/*
 * markdown.c - sanitized HTML to CommonMark for the Markdown export.  The
 * fragment is parsed with libxml2's HTML parser and walked once; each
 * container renders its blocks to a string that the enclosing list item
 * or quote then indents or prefixes, so nesting needs no global state.
 * Text is escaped so that it never turns into markup.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "ascii.h"
#include "buf.h"
#include "feed.h"
#include "markdown.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlsafe.h"

/* Past this nesting, blocks become one paragraph and inlines plain text. */
#define MD_MAXDEPTH	64
#define MD_MAXCOLS	64

/*
 * Marks in an inline run.  Whether an emphasis delimiter works depends on
 * the characters around it (CommonMark's flanking rules), which are only
 * known once the paragraph is complete; a hard break is kept as a mark so
 * that a literal backslash in the text cannot be mistaken for one.  Text
 * never holds control characters, so the marks cannot be forged.
 */
#define M_EM_OPEN	'\001'
#define M_EM_CLOSE	'\002'
#define M_STRONG_OPEN	'\003'
#define M_STRONG_CLOSE	'\004'
#define M_BREAK		'\005'
#define IS_DELIM(c)	((c) >= M_EM_OPEN && (c) <= M_STRONG_CLOSE)
#define IS_OPEN(c)	((c) == M_EM_OPEN || (c) == M_STRONG_OPEN)

enum md_blk { BLK_PARA, BLK_UL, BLK_OL, BLK_OTHER };

struct md {
	const char	*base;
	int		 in_link;
	int		 in_em;		/* "*a *b* c*" would not nest */
	int		 in_strong;
	int		 flat;	/* heading or table cell: one line */
};

/* The blocks of one container, in order. */
struct md_blocks {
	struct buf	 b;
	enum md_blk	 last;
	int		 n;
	int		 item;		/* a list item: a list may follow text */
	int		 blankjoin;	/* two blocks here sit a blank line apart */
	char		 ulmark;	/* the last bullet list's marker */
	char		 olmark;	/* the last ordered list's delimiter */
};

static const char *const md_block_names[] = {
	"address", "article", "aside", "blockquote", "caption", "center",
	"dd", "details", "dialog", "div", "dl", "dt", "figcaption", "figure",
	"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
	"li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
	"tbody", "td", "tfoot", "th", "thead", "tr", "ul", NULL
};

static void	md_blocks(struct md *, xmlNode *, struct md_blocks *, int);
static void	md_inline(struct md *, xmlNode *, struct buf *, int);
static void	md_block(struct md *, xmlNode *, struct md_blocks *, int);

static int
md_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

static int
md_in(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

static int
md_is_block(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE &&
	    md_in((const char *)n->name, md_block_names);
}

/* Owned attribute value, or NULL. */
static char *
md_attr(xmlNode *n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Decoding and classifying the characters around delimiters. */

static uint32_t
md_cp_at(const char *s, size_t len, size_t i)
{
	uint32_t	 cp;

	utf8_decode((const unsigned char *)s + i, len - i, &cp);
	return cp;
}

static int
md_uspace(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == (uint32_t)M_BREAK || cp == 0xA0 ||
	    cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000;
}

/* Unicode punctuation and symbols, as far as CommonMark cares. */
static int
md_upunct(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
		    (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
	return (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
	    (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
	    (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x301F) ||
	    (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
}

/*
 * The character before s[i] and the one at or after s[j], skipping other
 * delimiters (adjacent delimiters form one run); a line end is a space.
 */
static uint32_t
md_before(const char *s, size_t i)
{
	size_t	 k;

	while (i > 0 && IS_DELIM(s[i - 1]))
		i--;
	if (i == 0)
		return ' ';
	k = i - 1;
	while (k > 0 && i - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return md_cp_at(s, i, k);
}

static uint32_t
md_after(const char *s, size_t len, size_t j)
{
	while (j < len && IS_DELIM(s[j]))
		j++;
	if (j >= len)
		return ' ';
	return md_cp_at(s, len, j);
}

/* Building an inline run. */

/* Nothing but spaces, breaks and delimiters in s[i..j). */
static int
md_blank(const char *s, size_t i, size_t j)
{
	for (; i < j; i++)
		if (s[i] != ' ' && !IS_DELIM(s[i]) && s[i] != M_BREAK)
			return 0;
	return 1;
}

/*
 * One collapsed space.  None at the start of a line or after a space; it
 * goes before trailing opening delimiters ("a *b*", not "a* b*").
 */
static void
md_space(struct buf *run)
{
	size_t	 i, j;

	i = run->len;
	while (i > 0 && IS_OPEN(run->data[i - 1]))
		i--;
	for (j = i; j > 0 && IS_DELIM(run->data[j - 1]); j--)
		;
	if (j == 0 || run->data[j - 1] == ' ' || run->data[j - 1] == M_BREAK)
		return;
	buf_addc(run, ' ');
	memmove(run->data + i + 1, run->data + i, run->len - i - 1);
	run->data[i] = ' ';
}

static void
md_open(struct buf *run, char mark)
{
	/* "<em>a</em><em>b</em>" is one emphasis, not "*a**b*". */
	if (run->len > 0 && run->data[run->len - 1] == mark + 1) {
		run->data[--run->len] = '\0';
		return;
	}
	buf_addc(run, mark);
}

/* A closing delimiter goes before a trailing space ("*a* b"). */
static void
md_close(struct buf *run, char mark)
{
	if (run->len > 0 && run->data[run->len - 1] == ' ') {
		run->data[run->len - 1] = mark;
		buf_addc(run, ' ');
	} else
		buf_addc(run, mark);
}

static void
md_trim_run(struct buf *run)
{
	while (run->len > 0 && run->data[run->len - 1] == ' ')
		run->data[--run->len] = '\0';
}

/*
 * Text, white space collapsed as a browser does outside <pre> (ASCII
 * white space only: U+00A0 stays), characters that could start markup
 * escaped.  Characters that only matter at the start of a line are
 * escaped when the paragraph is complete.
 */
static void
md_text(struct buf *run, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k;

	for (i = 0; i < len; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		    p[i] == '\r' || p[i] == '\f') {
			md_space(run);
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7F)
			continue;
		switch (p[i]) {
		case '\\': case '*': case '_': case '`': case '[': case ']':
		case '<': case '~':
			buf_addc(run, '\\');
			break;
		case '&':
			/* Only where it reads as an entity: "AT&T" stays. */
			for (k = i + 1; k < len && k < i + 34 && (a_alnum(p[k]) ||
			    (k == i + 1 && p[k] == '#')); k++)
				;
			if (k > i + 1 && k < len && p[k] == ';')
				buf_addc(run, '\\');
			break;
		case '%':
			/* Hugo reads "{{%" as a shortcode. */
			if (run->len >= 2 && run->data[run->len - 1] == '{' &&
			    run->data[run->len - 2] == '{')
				buf_addc(run, '\\');
			break;
		}
		buf_addc(run, p[i]);
	}
}

static void
md_textz(struct buf *run, const char *s)
{
	md_text(run, s, strlen(s));
}

/* Escape what would start a block at the start of a line. */
static void
md_line(struct buf *o, const char *s, size_t len)
{
	size_t	 d;

	if (len == 0)
		return;
	switch (s[0]) {
	case '#': case '>':
		buf_addc(o, '\\');
		break;
	case '-': case '+': case '=':
		if (len == 1 || s[1] == ' ' || s[1] == s[0])
			buf_addc(o, '\\');
		break;
	default:
		for (d = 0; d < len && d < 10 && a_digit(s[d]); d++)
			;
		if (d > 0 && d < 10 && d < len && (s[d] == '.' ||
		    s[d] == ')') && (d + 1 == len || s[d + 1] == ' ')) {
			buf_add(o, s, d);
			buf_addc(o, '\\');
			s += d;
			len -= d;
		}
		break;
	}
	buf_add(o, s, len);
}

/* An empty line between two breaks at or after i, before j. */
static int
md_has_gap(const char *s, size_t i, size_t j)
{
	size_t	 k;
	int	 seen = 0;

	for (k = i; k < j; k++) {
		if (s[k] == M_BREAK) {
			if (seen)
				return 1;
			seen = 1;
		} else if (s[k] != ' ' && !IS_DELIM(s[k]))
			seen = 0;
	}
	return 0;
}

/*
 * A finished inline run as Markdown: delimiters kept where CommonMark
 * will read them as emphasis, dropped (text kept) where it would not;
 * breaks as "\" line ends, two breaks in a row as a paragraph break.
 */
static char *
md_resolve(const char *s, size_t len, int flat)
{
	struct buf	 t = BUF_INIT, o = BUF_INIT;
	size_t		*stack, sp = 0, i, j, k, ln;
	char		*keep;
	uint32_t	 pb, na, pc, nc;
	int		 lines = 0, gap = 0, ok;

	stack = xreallocarray(NULL, len + 1, sizeof(*stack));
	keep = xcalloc(len + 1, 1);
	for (j = 0; j < len; j++) {
		if (IS_OPEN(s[j])) {
			stack[sp++] = j;
			continue;
		}
		if (!IS_DELIM(s[j]) || sp == 0)
			continue;
		i = stack[--sp];
		if (s[i] + 1 != s[j])
			continue;
		pb = md_before(s, i);
		na = md_after(s, len, i + 1);
		pc = md_before(s, j);
		nc = md_after(s, len, j + 1);
		/* Left-flanking opener, right-flanking closer, text inside. */
		ok = !md_uspace(na) && (!md_upunct(na) || md_uspace(pb) ||
		    md_upunct(pb));
		ok = ok && !md_uspace(pc) && (!md_upunct(pc) ||
		    md_uspace(nc) || md_upunct(nc));
		ok = ok && !md_blank(s, i + 1, j) && !md_has_gap(s, i, j);
		keep[i] = keep[j] = ok;
	}
	for (i = 0; i < len; i++) {
		if (!IS_DELIM(s[i]))
			buf_addc(&t, s[i]);
		else if (keep[i])
			buf_addstr(&t, s[i] == M_EM_OPEN || s[i] == M_EM_CLOSE ?
			    "*" : "**");
	}
	free(stack);
	free(keep);

	/* Lines: trimmed; empty ones separate paragraphs. */
	for (i = 0; i <= t.len; i = k + 1) {
		for (k = i; k < t.len && t.data[k] != M_BREAK; k++)
			;
		for (j = i; j < k && t.data[j] == ' '; j++)
			;
		for (ln = k; ln > j && t.data[ln - 1] == ' '; ln--)
			;
		if (ln == j) {
			gap = 1;
			continue;
		}
		if (lines > 0)
			buf_addstr(&o, flat ? " " : gap ? "\n\n" : "\\\n");
		md_line(&o, t.data + j, ln - j);
		lines++;
		gap = 0;
	}
	buf_free(&t);
	return buf_release(&o);
}

/* URLs. */

/* Owned absolute (or, without a base, relative) URL we may link. */
static char *
md_url(const struct md *m, const char *ref, int image)
{
	static const char *const links[] = { "http", "https", "mailto", NULL };
	static const char *const images[] = { "http", "https", NULL };
	const char	*p;
	char		*u;
	size_t		 n;

	if (ref == NULL)
		return NULL;
	while (is_space((unsigned char)*ref))
		ref++;
	n = strlen(ref);
	while (n > 0 && is_space((unsigned char)ref[n - 1]))
		n--;
	if (n == 0)
		return NULL;
	for (p = ref; p < ref + n && (a_alnum(*p) || *p == '+' || *p == '-' ||
	    *p == '.'); p++)
		;
	if (p < ref + n && *p == ':' && p > ref && a_alpha(*ref))
		u = xstrndup(ref, n);
	else if (m->base != NULL) {
		u = xstrndup(ref, n);
		p = u;
		u = url_resolve(m->base, p);
		free((char *)p);
		if (u == NULL)
			return NULL;
	} else
		return xstrndup(ref, n);
	if (!url_scheme_in(u, image ? images : links)) {
		free(u);
		return NULL;
	}
	return u;
}

/*
 * A link destination: bare when it can be, else in <...> (spaces,
 * parentheses, angle brackets, backslashes); control characters, which
 * neither form allows, percent-encoded.
 */
static void
md_dest(struct buf *o, const char *u)
{
	const unsigned char	*p;

	if (*u != '\0' && strpbrk(u, " ()<>\\") == NULL) {
		for (p = (const unsigned char *)u; *p != '\0'; p++)
			if (*p < 0x20 || *p == 0x7F)
				break;
		if (*p == '\0') {
			buf_addstr(o, u);
			return;
		}
	}
	buf_addc(o, '<');
	for (p = (const unsigned char *)u; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7F)
			buf_printf(o, "%%%02X", *p);
		else {
			if (*p == '<' || *p == '>' || *p == '\\')
				buf_addc(o, '\\');
			buf_addc(o, *p);
		}
	}
	buf_addc(o, '>');
}

/* ' "title"' from a title attribute, or nothing. */
static void
md_title(struct buf *o, xmlNode *n)
{
	char		*t, *c;
	const char	*p;

	if ((t = md_attr(n, "title")) == NULL)
		return;
	c = utf8_collapse_space(t);
	if (*c != '\0') {
		buf_addstr(o, " \"");
		for (p = c; *p != '\0'; p++) {
			if ((unsigned char)*p < 0x20 || *p == 0x7F)
				continue;
			if (*p == '"' || *p == '\\')
				buf_addc(o, '\\');
			buf_addc(o, *p);
		}
		buf_addc(o, '"');
	}
	free(c);
	free(t);
}

/* Inline elements. */

static void
md_children(struct md *m, xmlNode *n, struct buf *run, int depth)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		md_inline(m, c, run, depth + 1);
}

/* Text content with <br> as sep, for code. */
static void
md_rawtext(xmlNode *root, struct buf *o, const char *br)
{
	xmlNode	*n;

	n = root->children;
	while (n != NULL) {
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			buf_addstr(o, (const char *)n->content);
		else if (md_is(n, "br"))
			buf_addstr(o, br);
		else if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == root)
				return;
		}
		n = n->next;
	}
}

static void
md_image(struct md *m, xmlNode *n, struct buf *run)
{
	char	*src, *u, *alt;

	src = md_attr(n, "src");
	u = md_url(m, src, 1);
	free(src);
	if (u == NULL)
		return;
	buf_addstr(run, "![");
	if ((alt = md_attr(n, "alt")) != NULL) {
		md_textz(run, alt);
		md_trim_run(run);
		free(alt);
	}
	buf_addstr(run, "](");
	md_dest(run, u);
	md_title(run, n);
	buf_addc(run, ')');
	free(u);
}

static void
md_link(struct md *m, xmlNode *n, struct buf *run, int depth)
{
	char	*href, *u;
	size_t	 start;
	int	 space;

	href = md_attr(n, "href");
	u = m->in_link ? NULL : md_url(m, href, 0);
	free(href);
	if (u == NULL) {
		md_children(m, n, run, depth);
		return;
	}
	start = run->len;
	buf_addc(run, '[');
	m->in_link = 1;
	md_children(m, n, run, depth);
	m->in_link = 0;
	/* Spaces at the edges of the text go outside the brackets. */
	if (run->len > start + 1 && run->data[start + 1] == ' ') {
		memmove(run->data + start + 1, run->data + start + 2,
		    run->len - start - 2);
		run->data[--run->len] = '\0';
		space = start > 0 && run->data[start - 1] != ' ' &&
		    run->data[start - 1] != M_BREAK;
		if (space) {
			buf_addc(run, ' ');
			memmove(run->data + start + 1, run->data + start,
			    run->len - start - 1);
			run->data[start++] = ' ';
		}
	}
	space = run->len > start + 1 && run->data[run->len - 1] == ' ';
	md_trim_run(run);
	if (md_blank(run->data, start + 1, run->len))
		md_textz(run, strncmp(u, "mailto:", 7) == 0 ? u + 7 : u);
	buf_addstr(run, "](");
	md_dest(run, u);
	md_title(run, n);
	buf_addc(run, ')');
	if (space)
		md_space(run);
	free(u);
}

static void
md_code(xmlNode *n, struct buf *run)
{
	struct buf	 raw = BUF_INIT, c = BUF_INIT;
	const char	*p;
	size_t		 r = 0, longest = 0, i;

	md_rawtext(n, &raw, " ");
	for (p = buf_cstr(&raw); *p != '\0'; p++) {
		if (is_space((unsigned char)*p) || *p == '\f') {
			if (c.len > 0 && c.data[c.len - 1] != ' ')
				buf_addc(&c, ' ');
			continue;
		}
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			continue;
		r = *p == '`' ? r + 1 : 0;
		if (r > longest)
			longest = r;
		buf_addc(&c, *p);
	}
	while (c.len > 0 && c.data[c.len - 1] == ' ')
		c.data[--c.len] = '\0';
	if (c.len > 0) {
		for (i = 0; i <= longest; i++)
			buf_addc(run, '`');
		/* A backtick at an edge would join the fence. */
		if (c.data[0] == '`' || c.data[c.len - 1] == '`')
			buf_addc(run, ' ');
		buf_add(run, c.data, c.len);
		if (c.data[0] == '`' || c.data[c.len - 1] == '`')
			buf_addc(run, ' ');
		for (i = 0; i <= longest; i++)
			buf_addc(run, '`');
	}
	buf_free(&raw);
	buf_free(&c);
}

static void
md_inline(struct md *m, xmlNode *n, struct buf *run, int depth)
{
	const char	*name;
	xmlChar		*all;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			md_textz(run, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (depth > 2 * MD_MAXDEPTH) {
		if ((all = xmlNodeGetContent(n)) != NULL) {
			md_textz(run, (const char *)all);
			xmlFree(all);
		}
		return;
	}
	name = (const char *)n->name;
	if (strcmp(name, "br") == 0 || strcmp(name, "hr") == 0) {
		if (m->flat || name[0] == 'h')
			md_space(run);
		else {
			md_trim_run(run);
			buf_addc(run, M_BREAK);
		}
	} else if (strcmp(name, "img") == 0)
		md_image(m, n, run);
	else if (strcmp(name, "a") == 0)
		md_link(m, n, run, depth);
	else if (md_in(name, (const char *const[]){ "em", "i", "cite", "dfn",
	    "var", NULL }) && !m->in_em) {
		m->in_em = 1;
		md_open(run, M_EM_OPEN);
		md_children(m, n, run, depth);
		md_close(run, M_EM_CLOSE);
		m->in_em = 0;
	} else if ((strcmp(name, "strong") == 0 || strcmp(name, "b") == 0) &&
	    !m->in_strong) {
		m->in_strong = 1;
		md_open(run, M_STRONG_OPEN);
		md_children(m, n, run, depth);
		md_close(run, M_STRONG_CLOSE);
		m->in_strong = 0;
	} else if (md_in(name, (const char *const[]){ "code", "kbd", "samp",
	    "tt", NULL }))
		md_code(n, run);
	else if (md_is_block(n)) {
		/* A block where only inline content can go: keep words apart. */
		md_space(run);
		if (strcmp(name, "pre") == 0)
			md_code(n, run);
		else
			md_children(m, n, run, depth);
		md_space(run);
	} else
		md_children(m, n, run, depth);
}

/* Blocks. */

static void
md_add_block(struct md_blocks *bl, const char *text, size_t len,
    enum md_blk kind, int tight_ok)
{
	if (len == 0)
		return;
	if (bl->n > 0) {
		/* "text\n- item" keeps a list item tight. */
		if (bl->item && bl->last == BLK_PARA && tight_ok)
			buf_addc(&bl->b, '\n');
		else {
			buf_addstr(&bl->b, "\n\n");
			bl->blankjoin = 1;
		}
	}
	buf_add(&bl->b, text, len);
	bl->last = kind;
	bl->n++;
}

static void
md_flush(struct md *m, struct buf *run, struct md_blocks *bl)
{
	char	*s;

	if (run->len == 0)
		return;
	s = md_resolve(run->data, run->len, m->flat);
	/* A paragraph split by <br><br> is two blocks. */
	md_add_block(bl, s, strlen(s), BLK_PARA, 0);
	if (strstr(s, "\n\n") != NULL)
		bl->blankjoin = 1;
	free(s);
	buf_reset(run);
}

/* Prefix every line of text: first for the first, rest for the others. */
static void
md_prefix(struct buf *o, const char *text, const char *first,
    const char *rest, const char *empty)
{
	const char	*p, *e;
	int		 n = 0;

	for (p = text; ; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		if (n > 0)
			buf_addc(o, '\n');
		if (e == p)
			buf_addstr(o, n == 0 ? first : empty);
		else {
			buf_addstr(o, n == 0 ? first : rest);
			buf_add(o, p, e - p);
		}
		n++;
		if (*e == '\0')
			break;
	}
}

static void
md_heading(struct md *m, xmlNode *n, struct md_blocks *bl, int depth)
{
	struct buf	 run = BUF_INIT, o = BUF_INIT;
	char		*s;
	size_t		 len, k;
	int		 flat = m->flat;

	m->flat = 1;
	md_children(m, n, &run, depth);
	m->flat = flat;
	s = md_resolve(buf_cstr(&run), run.len, 1);
	len = strlen(s);
	if (len > 0) {
		for (k = 0; k < (size_t)(n->name[1] - '0'); k++)
			buf_addc(&o, '#');
		buf_addc(&o, ' ');
		/* A closing run of '#' would be taken for markup. */
		for (k = len; k > 0 && s[k - 1] == '#'; k--)
			;
		buf_add(&o, s, k);
		if (k < len) {
			buf_addc(&o, '\\');
			buf_add(&o, s + k, len - k);
		}
		md_add_block(bl, o.data, o.len, BLK_OTHER, 0);
	}
	free(s);
	buf_free(&run);
	buf_free(&o);
}

/* One finished list item, its lines indented under the marker. */
static void
md_item_end(struct strvec *items, struct md_blocks *cur, const char *marker,
    int *loose)
{
	struct buf	 o = BUF_INIT;
	char		 indent[40];
	size_t		 w = strlen(marker) + 1;

	buf_addstr(&o, marker);
	if (cur->b.len > 0) {
		memset(indent, ' ', w);
		indent[w] = '\0';
		buf_addc(&o, ' ');
		md_prefix(&o, cur->b.data, "", indent, "");
	}
	if (cur->blankjoin)
		*loose = 1;
	strvec_push_owned(items, buf_release(&o));
	buf_free(&cur->b);
	memset(cur, 0, sizeof(*cur));
	cur->item = 1;
}

/*
 * A list.  Items are rendered first and then joined: a blank line between
 * every two when any item holds blocks a blank line apart (a loose list),
 * else none.  A list right after another of the same kind changes its
 * marker, or the two would read as one list.
 */
static void
md_list(struct md *m, xmlNode *n, struct md_blocks *bl, int depth)
{
	struct md_blocks cur;
	struct strvec	 items = { NULL, 0, 0 };
	struct buf	 run = BUF_INIT, out = BUF_INIT;
	xmlNode		*c;
	char		*v, marker[32], delim, bullet;
	long		 num = 1, first = 1;
	size_t		 i;
	int		 ordered, have = 0, loose = 0;

	ordered = n->name[0] == 'o';
	bullet = bl->last == BLK_UL && bl->ulmark == '-' ? '*' : '-';
	delim = bl->last == BLK_OL && bl->olmark == '.' ? ')' : '.';
	if (ordered && (v = md_attr(n, "start")) != NULL) {
		num = strtol(v, NULL, 10);
		free(v);
	}
	/* Keep markers short: the width sets the indentation. */
	if (num < 0 || num > 999999999)
		num = 1;
	first = num;
	memset(&cur, 0, sizeof(cur));
	cur.item = 1;
	for (c = n->children; ; c = c->next) {
		if (c == NULL || md_is(c, "li")) {
			md_flush(m, &run, &cur);
			if (have) {
				if (ordered)
					snprintf(marker, sizeof(marker),
					    "%ld%c", num++, delim);
				else
					snprintf(marker, sizeof(marker), "%c",
					    bullet);
				md_item_end(&items, &cur, marker, &loose);
			}
			if (c == NULL)
				break;
			have = 1;
			if (ordered && (v = md_attr(c, "value")) != NULL) {
				num = strtol(v, NULL, 10);
				if (num < 0 || num > 999999999)
					num = 1;
				if (items.n == 0)
					first = num;
				free(v);
			}
			md_blocks(m, c, &cur, depth + 1);
			continue;
		}
		/* Stray content, such as a list nested outside any <li>. */
		if (c->type == XML_TEXT_NODE && c->content != NULL &&
		    strspn((const char *)c->content, " \t\r\n\f") ==
		    strlen((const char *)c->content))
			continue;
		if (c->type != XML_ELEMENT_NODE && c->type != XML_TEXT_NODE)
			continue;
		have = 1;
		if (md_is_block(c)) {
			md_flush(m, &run, &cur);
			md_block(m, c, &cur, depth + 1);
		} else
			md_inline(m, c, &run, depth + 1);
	}
	buf_free(&run);
	buf_free(&cur.b);
	for (i = 0; i < items.n; i++) {
		if (i > 0)
			buf_addstr(&out, loose ? "\n\n" : "\n");
		buf_addstr(&out, items.v[i]);
	}
	if (out.len > 0) {
		/* Only a list starting at 1 may follow text directly. */
		md_add_block(bl, out.data, out.len, ordered ? BLK_OL : BLK_UL,
		    !ordered || first == 1);
		if (ordered)
			bl->olmark = delim;
		else
			bl->ulmark = bullet;
	}
	strvec_clear(&items);
	buf_free(&out);
}

static void
md_quote(struct md *m, xmlNode *n, struct md_blocks *bl, int depth)
{
	struct md_blocks inner;
	struct buf	 o = BUF_INIT;

	memset(&inner, 0, sizeof(inner));
	md_blocks(m, n, &inner, depth + 1);
	if (inner.b.len > 0) {
		md_prefix(&o, inner.b.data, "> ", "> ", ">");
		md_add_block(bl, o.data, o.len, BLK_OTHER, 0);
	}
	buf_free(&inner.b);
	buf_free(&o);
}

static void
md_pre(xmlNode *n, struct md_blocks *bl)
{
	struct buf	 raw = BUF_INIT, c = BUF_INIT, o = BUF_INIT;
	const char	*p;
	size_t		 r = 0, longest = 0, i;

	md_rawtext(n, &raw, "\n");
	p = buf_cstr(&raw);
	/* HTML ignores a newline right after <pre>. */
	if (*p == '\n')
		p++;
	else if (p[0] == '\r' && p[1] == '\n')
		p += 2;
	for (; *p != '\0'; p++) {
		if (*p == '\r') {
			if (p[1] != '\n')
				buf_addc(&c, '\n');
			continue;
		}
		if (((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') ||
		    *p == 0x7F)
			continue;
		r = *p == '`' ? r + 1 : 0;
		if (r > longest)
			longest = r;
		buf_addc(&c, *p);
	}
	while (c.len > 0 && c.data[c.len - 1] == '\n')
		c.data[--c.len] = '\0';
	if (c.len > 0) {
		if (longest < 2)
			longest = 2;
		for (i = 0; i <= longest; i++)
			buf_addc(&o, '`');
		buf_addc(&o, '\n');
		buf_add(&o, c.data, c.len);
		buf_addc(&o, '\n');
		for (i = 0; i <= longest; i++)
			buf_addc(&o, '`');
		md_add_block(bl, o.data, o.len, BLK_OTHER, 0);
	}
	buf_free(&raw);
	buf_free(&c);
	buf_free(&o);
}

/* One table cell: one line of inline Markdown with '|' escaped. */
static char *
md_cell(struct md *m, xmlNode *n, int depth)
{
	struct buf	 run = BUF_INIT, o = BUF_INIT;
	char		*s, *p;
	int		 flat = m->flat;

	m->flat = 1;
	md_children(m, n, &run, depth);
	m->flat = flat;
	s = md_resolve(buf_cstr(&run), run.len, 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '|')
			buf_addc(&o, '\\');
		buf_addc(&o, *p);
	}
	free(s);
	buf_free(&run);
	return buf_release(&o);
}

static void
md_row(struct md *m, xmlNode *tr, struct strvec *rows, size_t *nrows,
    size_t *ncols, int depth)
{
	struct strvec	*row;
	xmlNode		*c;
	char		*v;
	long		 span, k;

	rows[*nrows].n = 0;
	row = &rows[(*nrows)++];
	memset(row, 0, sizeof(*row));
	for (c = tr->children; c != NULL; c = c->next) {
		if (!md_is(c, "td") && !md_is(c, "th"))
			continue;
		if (row->n >= MD_MAXCOLS)
			break;
		strvec_push_owned(row, md_cell(m, c, depth + 1));
		span = 1;
		if ((v = md_attr(c, "colspan")) != NULL) {
			span = strtol(v, NULL, 10);
			free(v);
		}
		for (k = 1; k < span && row->n < MD_MAXCOLS; k++)
			strvec_push(row, "");
	}
	if (row->n > *ncols)
		*ncols = row->n;
}

/*
 * A table as a GFM pipe table (Hugo's Goldmark and GitHub read those);
 * the first row is the header, short rows are padded, cells are one line.
 * A caption goes before it as a paragraph.
 */
static void
md_table(struct md *m, xmlNode *n, struct md_blocks *bl, int depth)
{
	struct strvec	*rows = NULL;
	struct buf	 o = BUF_INIT, run = BUF_INIT;
	xmlNode		*c, *r;
	size_t		 nrows = 0, cap = 0, ncols = 0, i, j;

	for (c = n->children; c != NULL; c = c->next) {
		if (md_is(c, "caption")) {
			md_children(m, c, &run, depth + 1);
			md_flush(m, &run, bl);
			continue;
		}
		r = md_is(c, "tr") ? c : (md_is(c, "thead") ||
		    md_is(c, "tbody") || md_is(c, "tfoot")) ? c->children : NULL;
		for (; r != NULL; r = r == c ? NULL : r->next) {
			if (!md_is(r, "tr"))
				continue;
			if (nrows == cap) {
				cap = cap ? cap * 2 : 8;
				rows = xreallocarray(rows, cap, sizeof(*rows));
			}
			md_row(m, r, rows, &nrows, &ncols, depth + 1);
		}
	}
	if (ncols > 0) {
		for (i = 0; i < nrows; i++) {
			buf_addc(&o, '|');
			for (j = 0; j < ncols; j++)
				buf_printf(&o, " %s |", j < rows[i].n ?
				    rows[i].v[j] : "");
			buf_addc(&o, '\n');
			if (i == 0) {
				buf_addc(&o, '|');
				for (j = 0; j < ncols; j++)
					buf_addstr(&o, " --- |");
				buf_addc(&o, '\n');
			}
		}
		o.data[--o.len] = '\0';
		md_add_block(bl, o.data, o.len, BLK_OTHER, 0);
	}
	for (i = 0; i < nrows; i++)
		strvec_clear(&rows[i]);
	free(rows);
	buf_free(&o);
	buf_free(&run);
}

static void
md_block(struct md *m, xmlNode *n, struct md_blocks *bl, int depth)
{
	const char	*name = (const char *)n->name;

	if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' &&
	    name[2] == '\0')
		md_heading(m, n, bl, depth);
	else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0)
		md_list(m, n, bl, depth);
	else if (strcmp(name, "blockquote") == 0)
		md_quote(m, n, bl, depth);
	else if (strcmp(name, "pre") == 0)
		md_pre(n, bl);
	else if (strcmp(name, "hr") == 0)
		md_add_block(bl, "---", 3, BLK_OTHER, 0);
	else if (strcmp(name, "table") == 0)
		md_table(m, n, bl, depth);
	else
		/* p, div, figure, li out of a list...: their blocks are ours. */
		md_blocks(m, n, bl, depth + 1);
}

/*
 * The children of n as blocks appended to bl: runs of inline content
 * become paragraphs between the block elements.
 */
static void
md_blocks(struct md *m, xmlNode *n, struct md_blocks *bl, int depth)
{
	struct buf	 run = BUF_INIT;
	xmlNode		*c;

	for (c = n->children; c != NULL; c = c->next) {
		if (md_is_block(c) && depth <= MD_MAXDEPTH) {
			md_flush(m, &run, bl);
			md_block(m, c, bl, depth);
		} else
			md_inline(m, c, &run, depth + 1);
	}
	md_flush(m, &run, bl);
	buf_free(&run);
}

/*
 * Parse a fragment as the body of a UTF-8 document, as the sanitizer
 * does: the body opened by us so that leading text is not wrapped in an
 * implied <p>, white space kept everywhere.
 */
static htmlDocPtr
md_parse(const char *html)
{
	static const char	 head[] = "<html><head><meta charset=\"utf-8\">"
	    "</head><body>";
	struct buf		 b = BUF_INIT;
	htmlParserCtxtPtr	 ctxt;
	htmlDocPtr		 doc = NULL;
	char			*clean;

	clean = utf8_clean(html, strlen(html));
	buf_addstr(&b, head);
	buf_addstr(&b, clean);
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

int
html_to_markdown(const char *html, const char *base_url, struct buf *out)
{
	struct md	 m;
	struct md_blocks bl;
	htmlDocPtr	 doc;
	xmlNode		*root, *body;

	if (html == NULL || *html == '\0')
		return 0;
	if ((doc = md_parse(html)) == NULL)
		return -1;
	memset(&m, 0, sizeof(m));
	memset(&bl, 0, sizeof(bl));
	m.base = base_url;
	root = xmlDocGetRootElement(doc);
	for (body = root != NULL ? root->children : NULL; body != NULL;
	    body = body->next)
		if (md_is(body, "body"))
			break;
	if (body != NULL)
		md_blocks(&m, body, &bl, 0);
	if (bl.b.len > 0) {
		buf_add(out, bl.b.data, bl.b.len);
		buf_addc(out, '\n');
	}
	buf_free(&bl.b);
	xmlFreeDoc(doc);
	return 0;
}

void
markdown_link(struct buf *out, const char *text, const char *url)
{
	struct buf	 run = BUF_INIT;

	buf_addc(&run, '[');
	md_textz(&run, text);
	md_trim_run(&run);
	if (run.len == 1)
		md_textz(&run, url);
	buf_addstr(&run, "](");
	md_dest(&run, url);
	buf_addc(&run, ')');
	buf_add(out, run.data, run.len);
	buf_free(&run);
}
