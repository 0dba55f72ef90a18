/*
 * markdown_inline.c - the inline half of the HTML to Markdown conversion:
 * text escaped so it never turns into markup, emphasis placed by
 * CommonMark's flanking rules, links, images, code spans, and the URL
 * checks; plus the element helpers both halves use.
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
#include "markdown_int.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const md_block_names[] = {
	"address", "article", "aside", "blockquote", "caption", "center",
	"dd", "details", "dialog", "div", "dl", "dt", "figcaption", "figure",
	"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
	"li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
	"tbody", "td", "tfoot", "th", "thead", "tr", "ul", NULL
};


int
md_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

int
md_in(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

int
md_is_block(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE &&
	    md_in((const char *)n->name, md_block_names);
}

/* Owned attribute value, or NULL. */
char *
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

void
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

void
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
char *
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
void
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

void
md_children(struct md *m, xmlNode *n, struct buf *run, int depth)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		md_inline(m, c, run, depth + 1);
}

/* Text content with <br> as sep, for code. */
void
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

void
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
