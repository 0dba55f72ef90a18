/*
 * atom.c - the Atom 1.0 (RFC 4287) and OPML 2.0 documents feedd publishes,
 * written by a small XML writer into memory, and the slugs that name
 * the per-tag files.  Every string is repaired with utf8_clean() first, so
 * whatever the store holds, the output is well-formed XML.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "buf.h"
#include "date.h"
#include "url.h"
#include "utf8.h"
#include "xmlesc.h"
#include "xmalloc.h"

#define ATOM_NS		"http://www.w3.org/2005/Atom"
#define MEDIA_NS	"http://search.yahoo.com/mrss/"
#define ATOM_MAXID	2048	/* longer ids are not worth keeping */
#define SLUG_MAX	100	/* bytes, before ".xml" */

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what RFC 3339 can say. */
#define ATOM_MINTIME	(-62135596800LL)
#define ATOM_MAXTIME	253402300799LL

/*
 * A minimal XML writer into a buffer.  It writes what libxml2's
 * xmlTextWriter wrote with indentation on (two spaces per level), byte
 * for byte, which the golden tests hold it to; it is several times
 * cheaper, and rendering rewrites every changed tag's file after polls.
 * Element names are literals of this file; text and attribute values
 * are repaired (utf8_clean) and escaped here and nowhere else.
 */
#define W_MAXDEPTH	8

struct wctx {
	struct buf	*b;
	const char	*open[W_MAXDEPTH];	/* element names, outermost first */
	int		 depth;
	int		 in_tag;	/* "<name ..." written, '>' not yet */
	int		 indent_end;	/* the end tag goes on its own line */
	int		 failed;
};

static void
w_init(struct wctx *c, struct buf *b)
{
	memset(c, 0, sizeof(*c));
	c->b = b;
	c->indent_end = 1;
	buf_addstr(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

static void
w_indent(struct wctx *c)
{
	int	 i;

	for (i = 1; i < c->depth; i++)
		buf_add(c->b, "  ", 2);
}

static void
w_start(struct wctx *c, const char *name)
{
	if (c->depth >= W_MAXDEPTH) {
		c->failed = 1;
		return;
	}
	if (c->in_tag) {
		buf_add(c->b, ">\n", 2);
		c->in_tag = 0;
	}
	c->open[c->depth++] = name;
	w_indent(c);
	buf_addc(c->b, '<');
	buf_addstr(c->b, name);
	c->in_tag = 1;
}

static void
w_end(struct wctx *c)
{
	if (c->depth == 0) {
		c->failed = 1;
		return;
	}
	if (c->in_tag) {
		buf_add(c->b, "/>", 2);
		c->in_tag = 0;
	} else {
		if (c->indent_end)
			w_indent(c);
		buf_add(c->b, "</", 2);
		buf_addstr(c->b, c->open[c->depth - 1]);
		buf_addc(c->b, '>');
	}
	buf_addc(c->b, '\n');
	c->indent_end = 1;
	c->depth--;
}

/*
 * Text escapes '"' and CR too, as xmlTextWriter did; attribute values
 * TAB and LF as well, which attribute value normalization would turn
 * into spaces.
 */
static void
w_escape(struct buf *b, const char *s, size_t n, int attr)
{
	xml_escape_add(b, s, n, XE_QUOT | XE_CR | (attr ? XE_TABLF : 0));
}

/* s repaired into valid UTF-8 of XML characters, then escaped. */
static void
w_clean_escape(struct buf *b, const char *s, int attr)
{
	size_t	 n = strlen(s);
	char	*t;

	if (utf8_xml_clean_len(s, n) == n) {
		w_escape(b, s, n, attr);
		return;
	}
	t = utf8_clean(s, n);
	w_escape(b, t, strlen(t), attr);
	free(t);
}

static void
w_string(struct wctx *c, const char *s)
{
	if (c->depth == 0) {
		c->failed = 1;
		return;
	}
	if (c->in_tag) {
		buf_addc(c->b, '>');
		c->in_tag = 0;
	}
	c->indent_end = 0;
	w_clean_escape(c->b, s, 0);
}

static void
w_attr(struct wctx *c, const char *name, const char *value)
{
	if (!c->in_tag) {
		c->failed = 1;
		return;
	}
	buf_addc(c->b, ' ');
	buf_addstr(c->b, name);
	buf_add(c->b, "=\"", 2);
	w_clean_escape(c->b, value, 1);
	buf_addc(c->b, '"');
}

/* Closes every open element. */
static void
w_finish(struct wctx *c)
{
	while (c->depth > 0)
		w_end(c);
}

struct atom_writer {
	struct buf		 out;
	struct wctx		 c;	/* writes into out */
	int64_t			 updated;	/* the feed's, for undated entries */
};

/* <name>text</name>, or <name attr="val">text</name> when attr is set. */
static void
w_text(struct wctx *c, const char *name, const char *attr, const char *val,
    const char *text)
{
	w_start(c, name);
	if (attr != NULL)
		w_attr(c, attr, val);
	w_string(c, text);
	w_end(c);
}

static void
w_date(struct wctx *c, const char *name, int64_t t)
{
	char	 d[32];

	date_format_rfc3339(t, d);
	w_text(c, name, NULL, NULL, d);
}

static void
w_link(struct wctx *c, const char *rel, const char *type, const char *href)
{
	w_start(c, "link");
	w_attr(c, "rel", rel);
	if (type != NULL)
		w_attr(c, "type", type);
	w_attr(c, "href", href);
	w_end(c);
}

static int
present(const char *s)
{
	return s != NULL && !utf8_is_blank(s);
}

static int
date_ok(int64_t t)
{
	return t != DATE_NONE && t >= ATOM_MINTIME && t <= ATOM_MAXTIME;
}

/* Code points no identifier or URL should hold: controls and spaces. */
static int
iri_bad_cp(uint32_t cp)
{
	return cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) ||
	    (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) ||
	    (cp >= 0x205f && cp <= 0x206f) || cp == 0x3000 || cp == 0xfeff ||
	    cp >= 0xfff0 || !utf8_xml_char(cp);
}

/*
 * An absolute IRI (RFC 3987): a scheme, ':', something after it, and none
 * of the characters an IRI cannot hold.  Stricter parsing would reject
 * ids readers accept; this keeps out relative ids ("1234", "/p/1") and
 * garbage.
 */
static int
iri_ok(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n, k;
	uint32_t		 cp;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n == 0 || n > ATOM_MAXID || !utf8_valid(s, n))
		return 0;
	if (!((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z')))
		return 0;
	for (i = 1; i < n && p[i] != ':'; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '+' || p[i] == '-' || p[i] == '.'))
			return 0;
	if (i + 1 >= n)		/* no ':' or nothing after it */
		return 0;
	for (; i < n; i += k) {
		k = utf8_decode(p + i, n - i, &cp);
		if (iri_bad_cp(cp) ||
		    (cp < 0x80 && strchr("<>\"{}|\\^`", (int)cp) != NULL))
			return 0;
	}
	return 1;
}

static int
hex64(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

/* RFC 4646 shape, as xml:lang wants: "zh", "zh-Hans-CN", "en-US". */
static int
lang_ok(const char *s)
{
	size_t	 run = 0, i;
	int	 first = 1;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '-') {
			if (run == 0)
				return 0;
			run = 0;
			first = 0;
			continue;
		}
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (!first && s[i] >= '0' && s[i] <= '9')) {
			if (++run > 8)
				return 0;
			continue;
		}
		return 0;
	}
	return run > 0;
}

struct atom_writer *
atom_begin(const struct atom_meta *m)
{
	struct atom_writer	*aw;
	struct wctx		*c;

	aw = xcalloc(1, sizeof(*aw));
	aw->updated = date_ok(m->updated) ? m->updated : 0;
	c = &aw->c;
	w_init(c, &aw->out);
	w_start(c, "feed");
	w_attr(c, "xmlns", ATOM_NS);
	w_attr(c, "xmlns:media", MEDIA_NS);
	w_text(c, "id", NULL, NULL, iri_ok(m->id) ? m->id :
	    (m->self_url != NULL ? m->self_url : "urn:feedd:feed"));
	w_text(c, "title", "type", "text", present(m->title) ? m->title :
	    "feedd");
	w_date(c, "updated", aw->updated);
	if (m->self_url != NULL)
		w_link(c, "self", "application/atom+xml", m->self_url);
	if (present(m->alt_url))
		w_link(c, "alternate", "text/html", m->alt_url);
	/*
	 * RFC 4287 wants an author on every entry; the feed's applies to
	 * the entries that name none.
	 */
	w_start(c, "author");
	w_text(c, "name", NULL, NULL, present(m->title) ? m->title :
	    "feedd");
	w_end(c);
	w_start(c, "generator");
	if (m->generator_version != NULL)
		w_attr(c, "version", m->generator_version);
	w_string(c, "feedd");
	w_end(c);
	if (c->failed)
		goto fail;
	return aw;
fail:
	atom_abort(aw);
	return NULL;
}

static void
add_author(struct wctx *c, const struct person *p)
{
	const char	*name;

	if (present(p->name))
		name = p->name;
	else if (present(p->email))
		name = p->email;
	else
		name = "unknown";
	w_start(c, "author");
	w_text(c, "name", NULL, NULL, name);
	if (present(p->email))
		w_text(c, "email", NULL, NULL, p->email);
	if (iri_ok(p->uri))
		w_text(c, "uri", NULL, NULL, p->uri);
	w_end(c);
}

static void
add_source(struct wctx *c, const struct entry_view *v)
{
	int	 id = iri_ok(v->source_url), site = iri_ok(v->source_site);

	if (!id && !site && !present(v->source_title))
		return;
	w_start(c, "source");
	if (id)
		w_text(c, "id", NULL, NULL, v->source_url);
	if (present(v->source_title))
		w_text(c, "title", "type", "text", v->source_title);
	if (id)
		w_link(c, "self", NULL, v->source_url);
	if (site)
		w_link(c, "alternate", "text/html", v->source_site);
	w_end(c);
}

int
atom_add(struct atom_writer *aw, const struct entry_view *v)
{
	struct wctx	*c;
	char		 hash[65], *id = NULL;
	const char	*h;
	int64_t		 updated;
	size_t		 i;
	int		 link;

	if (aw == NULL)
		return -1;
	c = &aw->c;

	if (iri_ok(v->id))
		id = xstrdup(v->id);
	else {
		if (hex64(v->url_hash))
			h = v->url_hash;
		else {
			h = v->url != NULL ? v->url : v->id != NULL ? v->id : "";
			sha256_hex(h, strlen(h), hash);
			h = hash;
		}
		xasprintf(&id, "urn:sha256:%s", h);
	}
	if (date_ok(v->updated))
		updated = v->updated;
	else if (date_ok(v->published))
		updated = v->published;
	else
		updated = aw->updated;

	w_start(c, "entry");
	if (lang_ok(v->lang))
		w_attr(c, "xml:lang", v->lang);
	w_text(c, "id", NULL, NULL, id);
	w_text(c, "title", "type", "text", present(v->title) ? v->title :
	    "(untitled)");
	link = iri_ok(v->url);
	if (link)
		w_link(c, "alternate", "text/html", v->url);
	if (date_ok(v->published))
		w_date(c, "published", v->published);
	w_date(c, "updated", updated);
	for (i = 0; i < v->nauthors; i++)
		add_author(c, &v->authors[i]);
	if (present(v->summary))
		w_text(c, "summary", "type", "text", v->summary);
	if (present(v->content))
		w_text(c, "content", "type", "html", v->content);
	else if (!link)
		/* RFC 4287 4.1.1: no content needs an alternate link. */
		w_text(c, "content", "type", "text",
		    present(v->summary) ? v->summary : "");
	for (i = 0; i < v->ntags; i++) {
		if (!present(v->tags[i]))
			continue;
		w_start(c, "category");
		w_attr(c, "term", v->tags[i]);
		w_end(c);
	}
	if (iri_ok(v->thumbnail)) {
		w_start(c, "media:thumbnail");
		w_attr(c, "url", v->thumbnail);
		w_end(c);
	}
	add_source(c, v);
	w_end(c);
	free(id);
	return c->failed ? -1 : 0;
}

int
atom_finish(struct atom_writer *aw, struct buf *out)
{
	int	 rv = -1;

	if (aw == NULL)
		return -1;
	w_finish(&aw->c);
	if (!aw->c.failed) {
		if (out->len == 0) {
			/* The document itself, not a copy of it. */
			buf_free(out);
			*out = aw->out;
			memset(&aw->out, 0, sizeof(aw->out));
		} else
			buf_add(out, aw->out.data, aw->out.len);
		rv = 0;
	}
	atom_abort(aw);
	return rv;
}

void
atom_abort(struct atom_writer *aw)
{
	if (aw == NULL)
		return;
	buf_free(&aw->out);
	free(aw);
}

int
opml_write(const struct store_feed *feeds, size_t n, const char *title,
    struct buf *out)
{
	struct buf	 b = BUF_INIT;
	struct wctx	 c;
	size_t		 i;
	int		 rv = -1;

	w_init(&c, &b);
	w_start(&c, "opml");
	w_attr(&c, "version", "2.0");
	w_start(&c, "head");
	w_text(&c, "title", NULL, NULL, present(title) ? title : "feedd");
	w_end(&c);
	w_start(&c, "body");
	for (i = 0; i < n; i++) {
		if (!present(feeds[i].url))
			continue;
		w_start(&c, "outline");
		w_attr(&c, "type", "rss");
		w_attr(&c, "text", present(feeds[i].title) ? feeds[i].title :
		    feeds[i].url);
		if (present(feeds[i].title))
			w_attr(&c, "title", feeds[i].title);
		w_attr(&c, "xmlUrl", feeds[i].url);
		if (present(feeds[i].site_url))
			w_attr(&c, "htmlUrl", feeds[i].site_url);
		if (feeds[i].tags.n > 0) {
			struct buf	 cat = BUF_INIT;
			size_t		 k;

			/* OPML 2.0: comma-separated, read back as tags. */
			for (k = 0; k < feeds[i].tags.n; k++)
				buf_printf(&cat, "%s%s", k ? "," : "",
				    feeds[i].tags.v[k]);
			w_attr(&c, "category", buf_cstr(&cat));
			buf_free(&cat);
		}
		w_end(&c);
	}
	w_finish(&c);
	if (!c.failed) {
		buf_add(out, b.data, b.len);
		rv = 0;
	}
	buf_free(&b);
	return rv;
}

/*
 * Code points at or above U+0080 that separate words in a slug: Latin-1
 * punctuation, general and CJK punctuation, fullwidth ASCII punctuation,
 * symbols and emoji, and the invisible characters (joiners, selectors,
 * private use) a file name should not hide.  Everything else is taken to
 * be a letter, which keeps Chinese, Japanese, Cyrillic and accented
 * Latin tags readable.
 */
static int
slug_sep(uint32_t cp)
{
	static const struct {
		uint32_t	 lo, hi;
	} sep[] = {
		{ 0x0080, 0x00bf },	/* C1 controls, Latin-1 punctuation */
		{ 0x00d7, 0x00d7 },	/* multiplication sign */
		{ 0x00f7, 0x00f7 },	/* division sign */
		{ 0x2000, 0x206f },	/* general punctuation, spaces */
		{ 0x20a0, 0x20cf },	/* currency */
		{ 0x2100, 0x214f },	/* letterlike symbols */
		{ 0x2190, 0x2bff },	/* arrows, maths, shapes, dingbats */
		{ 0x3000, 0x303f },	/* CJK symbols and punctuation */
		{ 0xd800, 0xf8ff },	/* surrogates, private use */
		{ 0xfe00, 0xfe0f },	/* variation selectors */
		{ 0xfe30, 0xfe4f },	/* CJK compatibility forms */
		{ 0xfe50, 0xfe6f },	/* small form variants */
		{ 0xfeff, 0xfeff },	/* BOM */
		{ 0xff00, 0xff0f },	/* fullwidth ! " # ... / */
		{ 0xff1a, 0xff20 },	/* fullwidth : ; < = > ? @ */
		{ 0xff3b, 0xff40 },	/* fullwidth [ \ ] ^ _ ` */
		{ 0xff5b, 0xff65 },	/* fullwidth { | } ~, halfwidth punct. */
		{ 0xfff0, 0xffff },	/* specials, U+FFFD */
		{ 0x1f000, 0x1faff },	/* emoji and pictographs */
		{ 0xe0000, 0x10ffff },	/* tags, private use planes */
	};
	size_t	 i;

	for (i = 0; i < sizeof(sep) / sizeof(sep[0]); i++)
		if (cp >= sep[i].lo && cp <= sep[i].hi)
			return 1;
	return 0;
}

char *
tag_slug(const char *tag)
{
	const unsigned char	*p;
	struct buf		 b = BUF_INIT;
	char			 h[65], *s;
	size_t			 i, n, k, need;
	uint32_t		 cp;
	int			 dash = 0, letter;
	char			 c;

	if (tag == NULL)
		tag = "";
	p = (const unsigned char *)tag;
	n = strlen(tag);
	for (i = 0; i < n; i += k) {
		c = 0;
		if (p[i] < 0x80) {
			k = 1;
			c = (char)p[i];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			letter = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		} else {
			k = utf8_decode(p + i, n - i, &cp);
			letter = !slug_sep(cp);
		}
		if (!letter) {
			dash = 1;
			continue;
		}
		/* A pending '-' is written only between two kept characters. */
		need = k + (dash && b.len > 0);
		if (b.len + need > SLUG_MAX)
			break;
		if (dash && b.len > 0)
			buf_addc(&b, '-');
		dash = 0;
		if (c != 0)
			buf_addc(&b, c);
		else
			buf_add(&b, p + i, k);
	}
	if (b.len > 0)
		return buf_release(&b);
	buf_free(&b);
	sha256_hex(tag, n, h);
	xasprintf(&s, "tag-%.12s", h);
	return s;
}
