/*
 * markdown.c - sanitized HTML to CommonMark for the Markdown export.  The
 * fragment is parsed with libxml2's HTML parser and walked once; each
 * container renders its blocks to a string that the enclosing list item
 * or quote then indents or prefixes, so nesting needs no global state.
 * This file does the blocks; markdown_inline.c the inline runs, where
 * text is escaped so that it never turns into markup.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "ascii.h"
#include "buf.h"
#include "feed.h"
#include "markdown.h"
#include "markdown_int.h"
#include "sanitize.h"
#include "url.h"
#include "xmalloc.h"

static void	md_blocks(struct md *, xmlNode *, struct md_blocks *, int);
static void	md_block(struct md *, xmlNode *, struct md_blocks *, int);

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

int
html_to_markdown(const char *html, const char *base_url, struct buf *out)
{
	struct md	 m;
	struct md_blocks bl;
	htmlDocPtr	 doc;
	xmlNode		*root, *body;

	if (html == NULL || *html == '\0')
		return 0;
	if ((doc = html_parse_fragment(html, strlen(html))) == NULL)
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
