/*
 * extract.c - the article of an HTML page: decode it (htmlcharset.c),
 * read its metadata (extract_meta.c), pick its main content
 * (extract_dom.c) or its JSON-LD articleBody when that is richer, then
 * sanitize the result and derive its plain text.  Also the DOM helpers
 * the other extract_*.c files share.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "ascii.h"
#include "buf.h"
#include "date.h"
#include "extract.h"
#include "extract_int.h"
#include "feed.h"
#include "htmlcharset.h"
#include "sanitize.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlsafe.h"

/*
 * Below this much text a pass is retried with fewer rules (Readability
 * uses 500 characters; we count a CJK character as two, since it
 * carries about what two Latin letters and a space do, and short news
 * items are common on portals).
 */
#define MIN_TEXT	250
/* An image smaller than this on either side is an icon, not a lead. */
#define MIN_IMG_SIDE	100

/* Elements the plain text separates with a blank line. */
static const char *const text_blocks[] = {
	"address", "article", "blockquote", "dd", "details", "div", "dl",
	"dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
	"h6", "header", "hr", "li", "main", "ol", "p", "pre", "section",
	"summary", "table", "tr", "ul", NULL
};

xmlNode *
ex_next(xmlNode *n, xmlNode *top)
{
	if (n->children != NULL && (n->type == XML_ELEMENT_NODE ||
	    n->type == XML_HTML_DOCUMENT_NODE ||
	    n->type == XML_DOCUMENT_NODE))
		return n->children;
	return ex_skip(n, top);
}

xmlNode *
ex_skip(xmlNode *n, xmlNode *top)
{
	for (; n != NULL && n != top; n = n->parent)
		if (n->next != NULL)
			return n->next;
	return NULL;
}

int
ex_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcasecmp((const char *)n->name, name) == 0;
}

int
ex_is_any(const xmlNode *n, const char *const *names)
{
	if (n->type != XML_ELEMENT_NODE || n->name == NULL)
		return 0;
	for (; *names != NULL; names++)
		if (strcasecmp((const char *)n->name, *names) == 0)
			return 1;
	return 0;
}

char *
ex_attr(const xmlNode *n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if (n->type != XML_ELEMENT_NODE ||
	    (v = xmlGetNoNsProp(n, BAD_CAST name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

void
ex_text_raw(const xmlNode *top, struct buf *b)
{
	xmlNode	*n;

	if (top->type == XML_TEXT_NODE || top->type == XML_CDATA_SECTION_NODE) {
		if (top->content != NULL)
			buf_addstr(b, (const char *)top->content);
		return;
	}
	for (n = top->children; n != NULL; n = ex_next(n, (xmlNode *)top)) {
		if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL)
			buf_addstr(b, (const char *)n->content);
		else if (ex_is(n, "br"))
			buf_addc(b, ' ');
	}
}

char *
ex_text(const xmlNode *n)
{
	struct buf	 b = BUF_INIT;
	char		*s;

	ex_text_raw(n, &b);
	s = utf8_collapse_space(buf_cstr(&b));
	buf_free(&b);
	return s;
}

size_t
ex_text_len(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = 0;
	int			 sp = 1;

	for (; *p != '\0'; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		if (is_space(*p) || *p == '\f') {
			if (!sp)
				n++;
			sp = 1;
			continue;
		}
		sp = 0;
		n++;
	}
	if (sp && n > 0)
		n--;
	return n;
}

xmlNode *
ex_body(htmlDocPtr doc)
{
	xmlNode	*root, *n;

	if ((root = xmlDocGetRootElement(doc)) == NULL)
		return NULL;
	for (n = root; n != NULL; n = ex_next(n, root))
		if (ex_is(n, "body"))
			return n;
	return root;
}

/* Lowercase a-z/0-9 words of s, one at a time. */
static const char *
next_word(const char *p, char *w, size_t wlen)
{
	size_t	 n = 0;

	while (*p != '\0' && !a_alnum((unsigned char)*p))
		p++;
	while (a_alnum((unsigned char)*p)) {
		if (n + 1 < wlen)
			w[n++] = (char)a_lower((unsigned char)*p);
		p++;
	}
	w[n] = '\0';
	return p;
}

static int
in_words(const char *w, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

int
ex_hint(const char *s)
{
	/* Whole words only: "ad" must not hit "header" or "load". */
	static const char *const negw[] = {
		"ad", "ads", "adv", "advert", "adverts", "banner", "combx",
		"community", "cookie", "cookies", "disqus", "extra", "foot",
		"footer", "gdpr", "header", "hot", "login", "masthead", "menu",
		"menus", "modal", "more", "nav", "navbar", "navigation",
		"outbrain", "pager", "pagination", "popular", "popup", "promo",
		"rank", "ranking", "remark", "replies", "reply", "rss",
		"shoutbox", "signup", "skyscraper", "sns", "supplemental",
		"tag", "tags", "taboola", "toolbar", "tuijian", "widget",
		"widgets", "xgyd", "xgxw", "copyright", "breadcrumb",
		"breadcrumbs", "print", "qrcode", "weixin", "wechat",
		"sitemap", "copy", NULL
	};
	/* Anywhere in the string: long enough not to hit by chance. */
	static const char *const negs[] = {
		"comment", "sidebar", "footer", "advert", "sponsor",
		"recommend", "related", "social", "share", "subscri",
		"newsletter", "breadcrumb", "popup", "cookie", "banner",
		"-ad-", "_ad_", NULL
	};
	static const char *const posw[] = {
		"article", "body", "content", "entry", "main", "post", "story",
		"text", "blog", "hentry", "detail", "zw", "cont", "artical",
		"news", NULL
	};
	static const char *const poss[] = {
		"article", "content", "entry", "story", "artic", "-post",
		"post-", "_post", "post_", NULL
	};
	const char	*p, *const *l;
	char		 w[32], *low;
	size_t		 i;
	int		 neg = 0, pos = 0;

	if (s == NULL || *s == '\0')
		return 0;
	low = xstrdup(s);
	for (i = 0; low[i] != '\0'; i++)
		low[i] = (char)a_lower((unsigned char)low[i]);
	for (l = negs; *l != NULL && !neg; l++)
		neg = strstr(low, *l) != NULL;
	for (l = poss; *l != NULL && !pos; l++)
		pos = strstr(low, *l) != NULL;
	for (p = low; *p != '\0';) {
		p = next_word(p, w, sizeof(w));
		if (*w == '\0')
			break;
		if (in_words(w, negw))
			neg = 1;
		if (in_words(w, posw))
			pos = 1;
	}
	free(low);
	return neg == pos ? 0 : (neg ? -1 : 1);
}

int
ex_class_weight(const xmlNode *n)
{
	char	*v;
	int	 w = 0;

	if ((v = ex_attr(n, "class")) != NULL) {
		w += 25 * ex_hint(v);
		free(v);
	}
	if ((v = ex_attr(n, "id")) != NULL) {
		w += 25 * ex_hint(v);
		free(v);
	}
	return w;
}

/* Letters and digits of s, lowercased ASCII, everything else skipped. */
static char *
squash(const char *s)
{
	char	*o = xmalloc(strlen(s) + 1), *q = o;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80 || a_alnum((unsigned char)*s))
			*q++ = (char)a_lower((unsigned char)*s);
	}
	*q = '\0';
	return o;
}

int
ex_same_text(const char *t, const char *u)
{
	char	*a, *b;
	int	 same;

	if (t == NULL || u == NULL)
		return 0;
	a = squash(t);
	b = squash(u);
	same = *a != '\0' && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

char *
ex_collapse(const char *s)
{
	char	*c;

	if (s == NULL)
		return NULL;
	c = utf8_collapse_space(s);
	if (*c == '\0') {
		free(c);
		return NULL;
	}
	return c;
}

/* The base URL in effect: the first <base href>, else base_url. */
static char *
page_base(htmlDocPtr doc, const char *base_url)
{
	xmlNode	*top = (xmlNode *)doc, *n;
	char	*href, *b;

	for (n = top; n != NULL; n = ex_next(n, top)) {
		if (!ex_is(n, "base") || (href = ex_attr(n, "href")) == NULL)
			continue;
		b = url_resolve(base_url, href);
		free(href);
		if (b != NULL)
			return b;
		break;
	}
	return base_url != NULL ? xstrdup(base_url) : NULL;
}

static htmlDocPtr
parse_html(const char *utf8, size_t len)
{
	struct xmlsafe_handlers	 saved;
	htmlParserCtxtPtr	 ctxt;
	htmlDocPtr		 doc;

	if (len > INT_MAX)
		return NULL;
	xmlsafe_setup();
	xmlsafe_quiet_begin(&saved, NULL);
	doc = NULL;
	if ((ctxt = htmlNewParserCtxt()) != NULL) {
		xmlsafe_quiet_ctxt(ctxt);
		doc = htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
		    HTML_PARSE_RECOVER | HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		htmlFreeParserCtxt(ctxt);
	}
	xmlsafe_quiet_end(&saved);
	return doc;
}

/* Plain text writer state: pending separators collapse into the largest. */
struct textw {
	struct buf	 out;
	int		 sep;	/* 0, 1 ("\n") or 2 ("\n\n") pending */
	int		 space;	/* a space pending */
	char		*img;	/* first large image, owned */
};

static void
textw_chars(struct textw *w, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 n, len = strlen(s);

	while (len > 0) {
		n = utf8_decode(p, len, &cp);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    cp == '\f' || cp == 0xA0 || cp == 0x3000 ||
		    (cp >= 0x2000 && cp <= 0x200A)) {
			if (w->out.len > 0)
				w->space = 1;
		} else {
			if (w->out.len > 0 && w->sep > 0)
				buf_addstr(&w->out,
				    w->sep == 2 ? "\n\n" : "\n");
			else if (w->out.len > 0 && w->space)
				buf_addc(&w->out, ' ');
			w->sep = w->space = 0;
			buf_add(&w->out, p, n);
		}
		p += n;
		len -= n;
	}
}

static int
img_large(const xmlNode *n)
{
	static const char *const sides[] = { "width", "height" };
	char	*v;
	size_t	 i;
	int	 ok = 1;

	for (i = 0; i < 2; i++) {
		if ((v = ex_attr(n, sides[i])) == NULL)
			continue;
		if (atoi(v) < MIN_IMG_SIDE)
			ok = 0;
		free(v);
	}
	return ok;
}

static void
textw_enter(struct textw *w, xmlNode *n)
{
	char	*src;

	if (n->type == XML_TEXT_NODE && n->content != NULL)
		textw_chars(w, (const char *)n->content);
	else if (ex_is(n, "br")) {
		if (w->sep < 1)
			w->sep = 1;
		w->space = 0;
	} else if (ex_is_any(n, text_blocks)) {
		w->sep = 2;
		w->space = 0;
	} else if (ex_is(n, "img") && w->img == NULL && img_large(n) &&
	    (src = ex_attr(n, "src")) != NULL) {
		if (strncmp(src, "http://", 7) == 0 ||
		    strncmp(src, "https://", 8) == 0)
			w->img = src;
		else
			free(src);
	}
}

static void
textw_leave(struct textw *w, xmlNode *n)
{
	if (ex_is_any(n, text_blocks)) {
		w->sep = 2;
		w->space = 0;
	}
}

/*
 * The plain text of sanitized HTML, "\n\n" between blocks and "\n" for
 * <br>, and its first large absolute image in *img.
 */
static char *
content_text(const char *html, char **img)
{
	struct textw	 w;
	struct buf	 b = BUF_INIT;
	htmlDocPtr	 doc;
	xmlNode		*top, *n;

	memset(&w, 0, sizeof(w));
	buf_addstr(&b, "<html><head><meta charset=\"utf-8\"></head><body>");
	buf_addstr(&b, html);
	doc = parse_html(buf_cstr(&b), b.len);
	buf_free(&b);
	if (doc != NULL && (top = ex_body(doc)) != NULL) {
		n = top->children;
		while (n != NULL) {
			textw_enter(&w, n);
			if (n->type == XML_ELEMENT_NODE &&
			    n->children != NULL) {
				n = n->children;
				continue;
			}
			for (;;) {
				textw_leave(&w, n);
				if (n->next != NULL) {
					n = n->next;
					break;
				}
				if ((n = n->parent) == top || n == NULL) {
					n = NULL;
					break;
				}
			}
		}
	}
	if (doc != NULL)
		xmlFreeDoc(doc);
	*img = w.img;
	return buf_release(&w.out);
}

/* Text (not HTML) from JSON-LD as paragraphs: one per line of text. */
static char *
text_to_html(const char *s)
{
	struct buf	 b = BUF_INIT;
	const char	*e;
	char		*line, *col, *esc;

	while (*s != '\0') {
		e = s + strcspn(s, "\n");
		line = xstrndup(s, e - s);
		col = utf8_collapse_space(line);
		if (*col != '\0') {
			esc = html_escape(col);
			buf_printf(&b, "<p>%s</p>", esc);
			free(esc);
		}
		free(col);
		free(line);
		s = *e != '\0' ? e + 1 : e;
	}
	return buf_release(&b);
}

int
ex_looks_html(const char *s)
{
	static const char *const tags[] = {
		"<p>", "<p ", "<br", "<div", "<img", "<h2", "<h3", "<ul",
		"<span", "<a ", "<strong", "<figure", NULL
	};
	size_t	 i;

	for (i = 0; tags[i] != NULL; i++)
		if (strcasestr(s, tags[i]) != NULL)
			return 1;
	return 0;
}

/* The zone a page without zones most likely means. */
static struct tz *
guess_tz(const char *lang, const char *title)
{
	const char	*name = "UTC";
	char		 err[128];
	const unsigned char *p;
	uint32_t	 cp;
	size_t		 n;

	if (lang != NULL && strncasecmp(lang, "zh", 2) == 0)
		name = "+08:00";
	else if (lang != NULL && (strncasecmp(lang, "ja", 2) == 0 ||
	    strncasecmp(lang, "ko", 2) == 0))
		name = "+09:00";
	else if (lang == NULL && title != NULL) {
		/* Han characters in an untagged page: Chinese, most likely. */
		for (p = (const unsigned char *)title; *p != '\0'; p += n) {
			n = utf8_decode(p, strlen((const char *)p), &cp);
			if (cp >= 0x4E00 && cp <= 0x9FFF) {
				name = "+08:00";
				break;
			}
		}
	}
	return tz_load(name, err, sizeof(err));
}

/* Take s (owned) into *dst, trimmed; blank becomes NULL. */
static void
set_str(char **dst, char *s)
{
	size_t	 n, k;

	free(*dst);
	*dst = s;
	if (s != NULL) {
		k = strspn(s, " \t\r\n");
		n = strlen(s + k);
		memmove(s, s + k, n + 1);
		while (n > 0 && is_space((unsigned char)s[n - 1]))
			s[--n] = '\0';
	}
	if (*dst != NULL && utf8_is_blank(*dst)) {
		free(*dst);
		*dst = NULL;
	}
}

/* Text length with CJK characters counted twice (see MIN_TEXT). */
static size_t
weighted_len(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = 0, k, len = strlen(s);
	uint32_t		 cp;

	while (len > 0) {
		k = utf8_decode(p, len, &cp);
		n += (cp >= 0x2E80 && cp <= 0x9FFF) ||
		    (cp >= 0xAC00 && cp <= 0xD7AF) ||
		    (cp >= 0xF900 && cp <= 0xFAFF) ? 2 : 1;
		p += k;
		len -= k;
	}
	return n;
}

/* One content pass: sanitized HTML and its text; 0 when none. */
static int
content_pass(const char *page, size_t len, htmlDocPtr doc, int flags,
    const char *title, const char *base, char **html, char **text,
    char **img)
{
	htmlDocPtr	 own = NULL;
	char		*raw;

	*html = *text = *img = NULL;
	if (doc == NULL && (doc = own = parse_html(page, len)) == NULL)
		return 0;
	raw = ex_content(doc, flags, title);
	if (own != NULL)
		xmlFreeDoc(own);
	if (raw == NULL)
		return 0;
	*html = sanitize_html(raw, strlen(raw), base, NULL);
	free(raw);
	*text = content_text(*html, img);
	return 1;
}

int
extract_article(const char *html, size_t len, const char *base_url,
    const char *charset, const struct tz *tz, struct article *out,
    char *err, size_t errlen)
{
	static const int passes[] = {
		EX_ALL, EX_ALL & ~EX_STRIP_UNLIKELY,
		EX_CLEAN_COND, 0
	};
	struct ex_meta	 meta;
	struct tz	*ownz = NULL;
	htmlDocPtr	 doc;
	char		*page, *base, *h, *t, *img, *best_img = NULL, *ld;
	size_t		 plen, i, best = 0, tl;
	int		 rv = -1;

	memset(out, 0, sizeof(*out));
	memset(&meta, 0, sizeof(meta));
	out->published = DATE_NONE;
	if (len > EXTRACT_MAX_SIZE) {
		snprintf(err, errlen, "page too large (%zu bytes, limit %u)",
		    len, EXTRACT_MAX_SIZE);
		return -1;
	}
	page = htmlcharset_decode(html, len, charset, NULL);
	plen = strlen(page);
	if (utf8_is_blank(page)) {
		snprintf(err, errlen, "empty page");
		free(page);
		return -1;
	}
	if ((doc = parse_html(page, plen)) == NULL || ex_body(doc) == NULL) {
		snprintf(err, errlen, "cannot parse the page as HTML");
		if (doc != NULL)
			xmlFreeDoc(doc);
		free(page);
		return -1;
	}
	base = page_base(doc, base_url);
	ex_meta_collect(doc, base, &meta);

	/* The first pass reuses the parsed page; retries parse afresh. */
	for (i = 0; i < sizeof(passes) / sizeof(passes[0]); i++) {
		if (!content_pass(page, plen, i == 0 ? doc : NULL, passes[i],
		    meta.title, base, &h, &t, &img))
			continue;
		tl = weighted_len(t);
		/*
		 * Each retry keeps more of the page, boilerplate included:
		 * it must find clearly more text to be worth taking.
		 */
		if (out->text == NULL || tl > best + best / 3) {
			set_str(&out->content_html, h);
			set_str(&out->text, t);
			free(best_img);
			best_img = img;
			best = tl;
		} else {
			free(h);
			free(t);
			free(img);
		}
		if (best >= MIN_TEXT)
			break;
	}
	xmlFreeDoc(doc);

	/*
	 * Structured data wins when it says more than the DOM pick; a
	 * tenth's margin keeps the DOM's images and links when the two are
	 * the same text counted slightly differently.
	 */
	if (meta.ld_body != NULL &&
	    (tl = weighted_len(meta.ld_body)) > best + best / 10) {
		ld = ex_looks_html(meta.ld_body) ? xstrdup(meta.ld_body) :
		    text_to_html(meta.ld_body);
		h = sanitize_html(ld, strlen(ld), base, NULL);
		free(ld);
		t = content_text(h, &img);
		set_str(&out->content_html, h);
		set_str(&out->text, t);
		if (img != NULL) {
			free(best_img);
			best_img = img;
		}
	}
	if (out->content_html == NULL)
		set_str(&out->text, NULL);

	out->title = meta.title;
	out->byline = meta.byline;
	out->lang = meta.lang;
	out->thumbnail = meta.thumbnail != NULL ? meta.thumbnail : best_img;
	if (out->thumbnail != best_img)
		free(best_img);
	meta.title = meta.byline = meta.lang = meta.thumbnail = NULL;
	if (tz == NULL)
		tz = ownz = guess_tz(out->lang, out->title);
	out->published = ex_meta_date(&meta, tz);
	rv = 0;

	tz_free(ownz);
	ex_meta_free(&meta);
	free(base);
	free(page);
	return rv;
}

void
article_clear(struct article *a)
{
	free(a->title);
	free(a->byline);
	free(a->lang);
	free(a->thumbnail);
	free(a->content_html);
	free(a->text);
	memset(a, 0, sizeof(*a));
	a->published = DATE_NONE;
}
