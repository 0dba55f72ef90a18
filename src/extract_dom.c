/*
 * extract_dom.c - picking the main content of a page, after Mozilla
 * Readability: drop what is never content, score paragraph containers
 * by their text (length, commas and Chinese punctuation, link density,
 * class and id hints), take the best one and its good siblings, then
 * clean link-heavy and empty blocks out of the result.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLtree.h>

#include "ascii.h"
#include "buf.h"
#include "extract_int.h"
#include "utf8.h"
#include "xmalloc.h"

#define MIN_PARA	25	/* characters: shorter is not a paragraph */
#define ANCESTORS	5	/* levels a paragraph's score reaches up */
#define NTOP		5	/* candidates compared for a common parent */

/* Never content, wherever they are. */
static const char *const drop_tags[] = {
	"applet", "aside", "button", "canvas", "dialog", "embed", "footer",
	"frame", "frameset", "head", "iframe", "input", "link", "meta", "nav",
	"noscript", "object", "script", "select", "style", "svg",
	"template", "textarea", NULL
};

/* What makes a <div> more than a paragraph. */
static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "div", "dl", "figure",
	"footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
	"img", "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
	NULL
};

/* Containers whose loose text runs are scored as paragraphs. */
static const char *const run_parents[] = {
	"article", "center", "div", "main", "section", "td", NULL
};

static const char *const unlikely_roles[] = {
	"menu", "menubar", "complementary", "navigation", "alert",
	"alertdialog", "dialog", NULL
};

/* Scores live in an array; a node's _private holds its index + 1. */
struct dom {
	int		 flags;
	size_t		 bodylen;	/* characters of text in <body> */
	double		*score;
	xmlNode		**node;
	size_t		 n, cap;
};

static int
scored(const xmlNode *n)
{
	return n->_private != NULL;
}

static double *
score_of(struct dom *d, const xmlNode *n)
{
	return &d->score[(uintptr_t)n->_private - 1];
}

static int
tag_base(const xmlNode *n)
{
	if (ex_is(n, "div"))
		return 5;
	if (ex_is_any(n, (const char *const[]){ "pre", "td", "blockquote",
	    NULL }))
		return 3;
	if (ex_is_any(n, (const char *const[]){ "address", "ol", "ul", "dl",
	    "dd", "dt", "li", "form", NULL }))
		return -3;
	if (ex_is_any(n, (const char *const[]){ "h1", "h2", "h3", "h4", "h5",
	    "h6", "th", NULL }))
		return -5;
	return 0;
}

static void
init_node(struct dom *d, xmlNode *n)
{
	if (scored(n))
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->score = xreallocarray(d->score, d->cap, sizeof(*d->score));
		d->node = xreallocarray(d->node, d->cap, sizeof(*d->node));
	}
	d->node[d->n] = n;
	d->score[d->n] = tag_base(n) +
	    ((d->flags & EX_WEIGHT_CLASSES) ? ex_class_weight(n) : 0);
	n->_private = (void *)(uintptr_t)++d->n;
}

/* Characters of a subtree's text, white space runs counted once. */
static size_t
node_len(const xmlNode *n)
{
	struct buf	 b = BUF_INIT;
	size_t		 len;

	ex_text_raw(n, &b);
	len = ex_text_len(buf_cstr(&b));
	buf_free(&b);
	return len;
}

static double
link_density(const xmlNode *top)
{
	xmlNode	*n;
	double	 links = 0;
	size_t	 total;
	char	*href;

	if ((total = node_len(top)) == 0)
		return 0;
	n = top->children;
	while (n != NULL) {
		if (!ex_is(n, "a")) {
			n = ex_next(n, (xmlNode *)top);
			continue;
		}
		href = ex_attr(n, "href");
		/* In-page links (footnotes, tables of contents) count less. */
		links += node_len(n) * (href != NULL && *href == '#' ? 0.3 : 1);
		free(href);
		n = ex_skip(n, (xmlNode *)top);
	}
	return links / (double)total;
}

/* Commas and the Chinese punctuation that plays their part. */
static size_t
commas(const char *s)
{
	static const char *const cjk[] = {
		"，", "。", "！", "？", "、", "；", NULL
	};
	size_t	 n = 0, i;

	for (; *s != '\0'; s++) {
		if (*s == ',') {
			n++;
			continue;
		}
		if ((unsigned char)*s < 0x80)
			continue;
		for (i = 0; cjk[i] != NULL; i++)
			if (strncmp(s, cjk[i], 3) == 0) {
				n++;
				s += 2;
				break;
			}
	}
	return n;
}

static int
has_ancestor(const xmlNode *n, const char *const *tags, int maxdepth)
{
	int	 depth = 0;

	for (n = n->parent; n != NULL && n->type == XML_ELEMENT_NODE;
	    n = n->parent) {
		if (maxdepth > 0 && ++depth > maxdepth)
			return 0;
		if (ex_is_any(n, tags))
			return 1;
	}
	return 0;
}

static int
has_block(const xmlNode *top)
{
	xmlNode	*n;

	for (n = top->children; n != NULL; n = ex_next(n, (xmlNode *)top))
		if (ex_is_any(n, block_tags))
			return 1;
	return 0;
}

/*
 * A form that holds the page (ASP.NET wraps every page in one) rather
 * than a search box or a comment form: real paragraphs, or much text.
 */
static int
page_form(const xmlNode *top)
{
	xmlNode	*n;

	for (n = top->children; n != NULL; n = ex_next(n, (xmlNode *)top))
		if (ex_is(n, "p") && node_len(n) >= 80)
			return 1;
	return node_len(top) >= 200;
}

static int
is_hidden(const xmlNode *n)
{
	char	*v, *p, *q;
	int	 yes = 0;

	if (xmlHasProp(n, BAD_CAST "hidden") != NULL)
		return 1;
	if ((v = ex_attr(n, "aria-hidden")) != NULL) {
		yes = strcasecmp(v, "true") == 0;
		free(v);
	}
	if (!yes && (v = ex_attr(n, "style")) != NULL) {
		/* Lowercased without spaces: "Display : none" matches. */
		for (p = q = v; *p != '\0'; p++)
			if (!is_space((unsigned char)*p))
				*q++ = (char)a_lower((unsigned char)*p);
		*q = '\0';
		yes = strstr(v, "display:none") != NULL ||
		    strstr(v, "visibility:hidden") != NULL;
		free(v);
	}
	return yes;
}

static int
unlikely(struct dom *d, const xmlNode *n)
{
	struct buf	 b = BUF_INIT;
	char		*v;
	size_t		 i;
	int		 hint;

	if (!(d->flags & EX_STRIP_UNLIKELY) || ex_is_any(n,
	    (const char *const[]){ "html", "body", "article", "main", "a",
	    NULL }))
		return 0;
	if ((v = ex_attr(n, "role")) != NULL) {
		for (hint = 0, i = 0; unlikely_roles[i] != NULL; i++)
			if (strcasecmp(v, unlikely_roles[i]) == 0)
				hint = 1;
		free(v);
		if (hint)
			return 1;
	}
	if ((v = ex_attr(n, "class")) != NULL) {
		buf_addstr(&b, v);
		free(v);
	}
	if ((v = ex_attr(n, "id")) != NULL) {
		buf_addc(&b, ' ');
		buf_addstr(&b, v);
		free(v);
	}
	hint = b.len > 0 ? ex_hint(buf_cstr(&b)) : 0;
	/*
	 * A wrapper that holds most of the page ("page has-sidebar") is
	 * layout, not a sidebar; comment threads can be long and are not.
	 */
	if (hint < 0 && strcasestr(buf_cstr(&b), "comment") == NULL &&
	    strcasestr(buf_cstr(&b), "repl") == NULL &&
	    node_len(n) * 2 > d->bodylen)
		hint = 0;
	buf_free(&b);
	return hint < 0 && !has_ancestor(n, (const char *const[]){ "table",
	    "code", NULL }, 0);
}

static void
drop(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/*
 * Lazy loaders leave a placeholder <img> and the real one in the
 * <noscript> after it: put the real one in its place.  Returns 1 when
 * it did, with the node the walk goes on from in *nx.
 */
static int
noscript_img(xmlNode *ns, xmlNode *body, xmlNode **nx)
{
	xmlNode	*img = NULL, *n, *prev;

	for (n = ns->children; n != NULL; n = ex_next(n, ns)) {
		if (ex_is(n, "img")) {
			if (img != NULL)
				return 0;
			img = n;
		} else if (n->type == XML_TEXT_NODE && n->content != NULL &&
		    !utf8_is_blank((const char *)n->content))
			return 0;
	}
	if (img == NULL)
		return 0;
	for (prev = ns->prev; prev != NULL &&
	    prev->type != XML_ELEMENT_NODE; prev = prev->prev)
		;
	if (prev != NULL && ex_is(prev, "img"))
		drop(prev);
	xmlUnlinkNode(img);
	xmlAddPrevSibling(ns, img);
	*nx = ex_skip(ns, body);
	drop(ns);
	return 1;
}

/* Remove what is never content, and (first pass) what is unlikely to be. */
static void
prep_doc(struct dom *d, xmlNode *body)
{
	xmlNode	*n, *nx;
	int	 out;

	for (n = body->children; n != NULL; n = nx) {
		if (ex_is(n, "noscript") && noscript_img(n, body, &nx))
			continue;
		out = n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE;
		if (n->type == XML_ELEMENT_NODE)
			out = ex_is_any(n, drop_tags) || is_hidden(n) ||
			    (ex_is(n, "form") && !page_form(n)) ||
			    unlikely(d, n);
		if (!out) {
			nx = ex_next(n, body);
			continue;
		}
		nx = ex_skip(n, body);
		drop(n);
	}
}

static void
add_para(struct dom *d, xmlNode *first, const char *text)
{
	xmlNode	*a;
	size_t	 len = ex_text_len(text);
	double	 s;
	int	 level;

	if (len < MIN_PARA || first == NULL ||
	    first->type != XML_ELEMENT_NODE)
		return;
	s = 1 + commas(text) + (len / 100 < 3 ? len / 100 : 3);
	for (a = first, level = 0; a != NULL && a->type == XML_ELEMENT_NODE &&
	    level < ANCESTORS; a = a->parent, level++) {
		init_node(d, a);
		*score_of(d, a) += s / (level == 0 ? 1 : level == 1 ? 2 :
		    level * 3);
	}
}

/* Runs of text and inline elements directly in a block container. */
static void
score_runs(struct dom *d, xmlNode *parent)
{
	struct buf	 b = BUF_INIT;
	xmlNode		*c;

	for (c = parent->children; ; c = c->next) {
		if (c == NULL || ex_is_any(c, block_tags)) {
			if (b.len > 0)
				add_para(d, parent, buf_cstr(&b));
			buf_reset(&b);
			if (c == NULL)
				break;
			continue;
		}
		ex_text_raw(c, &b);
		buf_addc(&b, ' ');
	}
	buf_free(&b);
}

static void
score_doc(struct dom *d, xmlNode *body)
{
	xmlNode	*n;
	char	*t;

	for (n = body; n != NULL; n = ex_next(n, body)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (ex_is_any(n, (const char *const[]){ "p", "pre", "td",
		    NULL }) || (ex_is(n, "div") && !has_block(n))) {
			t = ex_text(n);
			add_para(d, n->parent, t);
			free(t);
		} else if (ex_is_any(n, run_parents) && has_block(n))
			score_runs(d, n);
	}
}

static int
is_ancestor(const xmlNode *a, const xmlNode *n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (n == a)
			return 1;
	return 0;
}

/* Readability's choice of the top candidate, and of a better parent. */
static xmlNode *
pick_top(struct dom *d, xmlNode *body)
{
	xmlNode	*top[NTOP], *t, *p;
	double	 ts[NTOP], s, last, threshold;
	size_t	 i, k, ntop = 0, nalt, have;

	for (i = 0; i < d->n; i++) {
		s = d->score[i] *= 1 - link_density(d->node[i]);
		for (k = ntop; k > 0 && ts[k - 1] < s; k--)
			if (k < NTOP) {
				ts[k] = ts[k - 1];
				top[k] = top[k - 1];
			}
		if (k < NTOP) {
			ts[k] = s;
			top[k] = d->node[i];
			if (ntop < NTOP)
				ntop++;
		}
	}
	if (ntop == 0 || top[0] == body || ex_is(top[0], "html"))
		return body;
	t = top[0];

	/* Several near-best candidates inside one element: take it. */
	for (nalt = 0, i = 1; i < ntop; i++)
		if (ts[i] / ts[0] >= 0.75)
			nalt++;
	if (nalt >= 3) {
		for (p = t->parent; p != NULL && p != body &&
		    p->type == XML_ELEMENT_NODE; p = p->parent) {
			for (have = 0, i = 1; i < ntop; i++)
				if (ts[i] / ts[0] >= 0.75 && is_ancestor(p,
				    top[i]))
					have++;
			if (have >= 3) {
				t = p;
				init_node(d, t);
				break;
			}
		}
	}

	/* Climb while the parent scores better (content split in parts). */
	last = *score_of(d, t);
	threshold = last / 3;
	for (p = t->parent; p != NULL && p != body &&
	    p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (!scored(p))
			continue;
		s = *score_of(d, p);
		if (s < threshold)
			break;
		if (s > last) {
			t = p;
			break;
		}
		last = s;
	}

	/* An only child says nothing its parent does not. */
	for (p = t->parent; p != NULL && p != body &&
	    p->type == XML_ELEMENT_NODE && xmlChildElementCount(p) == 1;
	    p = p->parent)
		t = p;
	init_node(d, t);
	return t;
}

static int
ends_sentence(const char *s)
{
	const char	*p;

	for (p = s; (p = strchr(p, '.')) != NULL; p++)
		if (p[1] == ' ' || p[1] == '\0')
			return 1;
	return strstr(s, "。") != NULL || strstr(s, "！") != NULL ||
	    strstr(s, "？") != NULL;
}

/* Is the sibling s part of the article around top? */
static int
good_sibling(struct dom *d, xmlNode *top, xmlNode *s)
{
	char	*c1, *c2, *t;
	double	 ts, bonus = 0, ld;
	size_t	 len;
	int	 ok = 0;

	ts = *score_of(d, top);
	c1 = ex_attr(top, "class");
	c2 = ex_attr(s, "class");
	if (c1 != NULL && c2 != NULL && *c1 != '\0' && strcmp(c1, c2) == 0)
		bonus = ts * 0.2;
	free(c1);
	free(c2);
	if (scored(s) && *score_of(d, s) + bonus >=
	    (ts * 0.2 > 10 ? ts * 0.2 : 10))
		return 1;
	if (!ex_is(s, "p") && !(ex_is(s, "div") && !has_block(s)))
		return 0;
	t = ex_text(s);
	len = ex_text_len(t);
	ld = link_density(s);
	if (len > 80 && ld < 0.25)
		ok = 1;
	else if (len > 0 && len <= 80 && ld == 0 && ends_sentence(t))
		ok = 1;
	free(t);
	return ok;
}

static size_t
count_tags(const xmlNode *top, const char *const *tags)
{
	xmlNode	*n;
	size_t	 c = 0;

	for (n = top->children; n != NULL; n = ex_next(n, (xmlNode *)top))
		if (ex_is_any(n, tags))
			c++;
	return c;
}

static size_t
tags_len(const xmlNode *top, const char *const *tags)
{
	xmlNode	*n;
	size_t	 c = 0;

	n = top->children;
	while (n != NULL) {
		if (ex_is_any(n, tags)) {
			c += node_len(n);
			n = ex_skip(n, (xmlNode *)top);
		} else
			n = ex_next(n, (xmlNode *)top);
	}
	return c;
}

/* Readability's _cleanConditionally: 1 when n should go. */
static int
clean_cond(struct dom *d, xmlNode *n)
{
	static const char *const lists[] = { "ul", "ol", NULL };
	static const char *const heads[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", NULL
	};
	static const char *const embeds[] = {
		"object", "embed", "iframe", "video", NULL
	};
	size_t	 p, img, li, input, emb, len, lis;
	double	 ld, hd;
	char	*t;
	int	 weight, list, out, fig;
	xmlNode	*c;

	if (ex_is(n, "table") && count_tags(n, (const char *const[]){ "th",
	    "caption", NULL }) > 0)
		return 0;	/* a data table */
	weight = (d->flags & EX_WEIGHT_CLASSES) ? ex_class_weight(n) : 0;
	if (weight < 0)
		return 1;
	t = ex_text(n);
	len = ex_text_len(t);
	if (commas(t) >= 10) {
		free(t);
		return 0;
	}
	free(t);
	list = ex_is_any(n, lists) ||
	    (len > 0 && (double)tags_len(n, lists) / len > 0.9);
	p = count_tags(n, (const char *const[]){ "p", NULL });
	img = count_tags(n, (const char *const[]){ "img", NULL });
	lis = count_tags(n, (const char *const[]){ "li", NULL });
	li = lis > 100 ? lis - 100 : 0;
	input = count_tags(n, (const char *const[]){ "input", NULL });
	emb = count_tags(n, embeds);
	hd = len > 0 ? (double)tags_len(n, heads) / len : 0;
	ld = link_density(n);
	fig = has_ancestor(n, (const char *const[]){ "figure", NULL }, 0);

	out = (img > 1 && (double)p / img < 0.5 && !fig) ||
	    (!list && li > p) ||
	    (input > p / 3) ||
	    (!list && hd < 0.9 && len < MIN_PARA && (img == 0 || img > 2) &&
	    !fig) ||
	    (!list && weight < 25 && ld > 0.2) ||
	    (weight >= 25 && ld > 0.5) ||
	    (emb == 1 && len < 75) || emb > 1;
	if (list && out) {
		/* A list of images is content: keep it. */
		for (c = n->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    xmlChildElementCount(c) > 1)
				return out;
		if (img == lis)
			return 0;
	}
	return out;
}

static int
share_box(const xmlNode *n)
{
	char	*c, *i;
	int	 yes;

	c = ex_attr(n, "class");
	i = ex_attr(n, "id");
	yes = ((c != NULL && strcasestr(c, "share") != NULL) ||
	    (i != NULL && strcasestr(i, "share") != NULL)) && node_len(n) < 500;
	free(c);
	free(i);
	return yes;
}

/*
 * A short block that only says who wrote the article and when: bylines
 * and datelines ("发布时间：2024年12月3日 10:30　来源：……") are
 * metadata, not text.
 */
static int
meta_box(const xmlNode *n)
{
	static const char *const words[] = {
		"byline", "author", "dateline", "writtenby", "date", "time",
		"pubtime", "source", "info", "meta", "publish", NULL
	};
	static const char *const marks[] = {
		"来源", "发布时间", "作者", "时间：", "編輯", "责任编辑", "Posted",
		"Published", "Updated", NULL
	};
	const char	*const *w;
	char		*c, *t, *d;
	int		 yes = 0;

	if (!ex_is_any(n, (const char *const[]){ "div", "p", "span",
	    "address", "small", NULL }) || node_len(n) > 100 || has_block(n))
		return 0;
	c = ex_attr(n, "class");
	for (w = words; c != NULL && *w != NULL && !yes; w++)
		yes = strcasestr(c, *w) != NULL;
	free(c);
	if (yes)
		return 1;
	t = ex_text(n);
	for (w = marks; *w != NULL && !yes; w++)
		yes = strstr(t, *w) != NULL;
	if (yes) {
		d = ex_find_date(t);
		yes = d != NULL || strstr(t, "作者") != NULL ||
		    strstr(t, "来源") != NULL;
		free(d);
	}
	free(t);
	return yes;
}

static int
empty_p(const xmlNode *n)
{
	return ex_is(n, "p") && node_len(n) == 0 && count_tags(n,
	    (const char *const[]){ "img", "embed", "object", "iframe",
	    NULL }) == 0;
}

/* Clean one chosen subtree (never removing its root). */
static void
prep_article(struct dom *d, xmlNode *root, const char *title)
{
	static const char *const cond[] = {
		"form", "fieldset", "table", "ul", "ol", "div", "section", NULL
	};
	xmlNode	**v = NULL, *n;
	size_t	 nv = 0, cap = 0, i;
	char	*t;
	int	 out;

	for (n = root->children; n != NULL; n = ex_next(n, root)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (nv == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[nv++] = n;
	}
	/* Backwards: inner blocks are judged before the ones around them. */
	for (i = nv; i-- > 0;) {
		n = v[i];
		out = 0;
		if (ex_is_any(n, (const char *const[]){ "h1", "h2", NULL }))
			out = (d->flags & EX_WEIGHT_CLASSES) &&
			    ex_class_weight(n) < 0;
		/* The headline again, in whatever element. */
		if (!out && ex_is_any(n, (const char *const[]){ "h1", "h2",
		    "h3", "div", "p", "span", "strong", "b", NULL }) &&
		    node_len(n) < 300) {
			t = ex_text(n);
			out = ex_same_text(t, title);
			free(t);
		}
		if (!out && (d->flags & EX_CLEAN_COND) && ex_is_any(n, cond))
			out = clean_cond(d, n);
		if (!out)
			out = share_box(n) || empty_p(n) || meta_box(n);
		if (out)
			drop(n);
	}
	free(v);
}

char *
ex_content(htmlDocPtr doc, int flags, const char *title)
{
	struct dom	 d;
	xmlBufferPtr	 xb;
	xmlNode		*body, *top, *s, *parent, **sel = NULL;
	size_t		 nsel = 0, cap = 0, i;
	char		*out = NULL;

	memset(&d, 0, sizeof(d));
	d.flags = flags;
	if ((body = ex_body(doc)) == NULL)
		return NULL;
	d.bodylen = node_len(body);
	prep_doc(&d, body);
	score_doc(&d, body);
	top = pick_top(&d, body);

	if (top == body || (parent = top->parent) == NULL) {
		sel = xreallocarray(NULL, 1, sizeof(*sel));
		sel[nsel++] = top;
	} else {
		for (s = parent->children; s != NULL; s = s->next) {
			if (s->type != XML_ELEMENT_NODE)
				continue;
			if (s != top && !good_sibling(&d, top, s))
				continue;
			if (nsel == cap) {
				cap = cap ? cap * 2 : 8;
				sel = xreallocarray(sel, cap, sizeof(*sel));
			}
			sel[nsel++] = s;
		}
	}
	/* Cleaning frees nodes: forget the scores first. */
	for (i = 0; i < d.n; i++)
		d.node[i]->_private = NULL;
	for (i = 0; i < nsel; i++)
		prep_article(&d, sel[i], title);

	if ((xb = xmlBufferCreate()) != NULL) {
		for (i = 0; i < nsel; i++)
			htmlNodeDump(xb, doc, sel[i]);
		out = xstrdup((const char *)xmlBufferContent(xb));
		xmlBufferFree(xb);
	}
	free(sel);
	free(d.score);
	free(d.node);
	return out;
}
