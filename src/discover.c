/*
 * discover.c - feed autodiscovery: the <link rel="alternate"> feeds of an
 * HTML page, found with libxml2's HTML parser after htmlcharset.c has
 * decoded the page to UTF-8, and a quick look at a body to tell a feed
 * from a page.
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
#include "charset.h"
#include "discover.h"
#include "htmlcharset.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlsafe.h"

#define SNIFF_MAX	1024	/* bytes a feed's root element comes within */

static const char *const feed_types[] = {
	"application/rss+xml", "application/atom+xml",
	"application/feed+json", "application/json", "application/rdf+xml",
	"text/xml", NULL
};

static const char *const http_schemes[] = { "http", "https", NULL };

static htmlDocPtr
parse_page(const char *utf8)
{
	htmlParserCtxtPtr	 ctxt;
	htmlDocPtr		 doc;
	size_t			 len = strlen(utf8);

	if (len > INT_MAX || (ctxt = htmlNewParserCtxt()) == NULL)
		return NULL;
	xmlsafe_quiet_ctxt(ctxt);
	doc = htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING);
	htmlFreeParserCtxt(ctxt);
	return doc;
}

/* Document order without recursion: a hostile page nests forever. */
static xmlNode *
next_node(xmlNode *n, xmlNode *top)
{
	if (n->children != NULL && (n->type == XML_ELEMENT_NODE ||
	    n->type == XML_HTML_DOCUMENT_NODE ||
	    n->type == XML_DOCUMENT_NODE))
		return n->children;
	for (; n != NULL && n != top; n = n->parent)
		if (n->next != NULL)
			return n->next;
	return NULL;
}

static int
is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, name) == 0;
}

/* An attribute as an owned C string, or NULL. */
static char *
attr(xmlNode *n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetNoNsProp(n, BAD_CAST name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Is tok one of the space-separated tokens of list (any case)? */
static int
has_token(const char *list, const char *tok)
{
	const char	*p = list, *q;
	size_t		 n = strlen(tok);

	while (*p != '\0') {
		while (is_space((unsigned char)*p) || *p == '\f')
			p++;
		for (q = p; *q != '\0' && !is_space((unsigned char)*q) &&
		    *q != '\f'; q++)
			;
		if ((size_t)(q - p) == n && strncasecmp(p, tok, n) == 0)
			return 1;
		p = q;
	}
	return 0;
}

/* "Application/RSS+XML; charset=utf-8" -> "application/rss+xml", owned. */
static char *
media_type(const char *t)
{
	const char	*e;
	char		*s, *p;

	while (is_space((unsigned char)*t))
		t++;
	for (e = t; *e != '\0' && *e != ';'; e++)
		;
	while (e > t && is_space((unsigned char)e[-1]))
		e--;
	s = xstrndup(t, e - t);
	for (p = s; *p != '\0'; p++)
		*p = (char)a_lower((unsigned char)*p);
	return s;
}

static int
is_feed_type(const char *t)
{
	size_t	 i;

	for (i = 0; feed_types[i] != NULL; i++)
		if (strcmp(feed_types[i], t) == 0)
			return 1;
	return 0;
}

/* The base URL of the page: the first <base href>, else base_url. */
static char *
page_base(xmlNode *top, const char *base_url)
{
	xmlNode	*n;
	char	*href, *b;

	for (n = top; n != NULL; n = next_node(n, top)) {
		if (!is_elem(n, "base") || (href = attr(n, "href")) == NULL)
			continue;
		b = url_resolve(base_url, href);
		free(href);
		if (b != NULL)
			return b;
		break;
	}
	return base_url != NULL ? xstrdup(base_url) : NULL;
}

/* 1 with the feed a <link> points at in d (owned), else 0. */
static int
link_feed(xmlNode *n, const char *base, struct discovered *d)
{
	char	*rel = NULL, *type = NULL, *href = NULL, *title = NULL;
	int	 ok = 0;

	memset(d, 0, sizeof(*d));
	if ((rel = attr(n, "rel")) == NULL || !has_token(rel, "alternate"))
		goto done;
	if ((type = attr(n, "type")) == NULL)
		goto done;
	d->type = media_type(type);
	if (!is_feed_type(d->type))
		goto done;
	if ((href = attr(n, "href")) == NULL || utf8_is_blank(href))
		goto done;
	if ((d->url = url_resolve(base, href)) == NULL ||
	    !url_scheme_in(d->url, http_schemes))
		goto done;
	if ((title = attr(n, "title")) != NULL) {
		d->title = utf8_collapse_space(title);
		if (*d->title == '\0') {
			free(d->title);
			d->title = NULL;
		}
	}
	ok = 1;
done:
	if (!ok) {
		free(d->url);
		free(d->type);
		memset(d, 0, sizeof(*d));
	}
	free(rel);
	free(type);
	free(href);
	free(title);
	return ok;
}

static int
seen(const struct discovered_list *l, const char *url)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].url, url) == 0)
			return 1;
	return 0;
}

int
discover_feeds(const char *html, size_t len, const char *base_url,
    const char *charset, struct discovered_list *out, char *err,
    size_t errlen)
{
	struct discovered	 d;
	struct xmlsafe_handlers	 saved;
	htmlDocPtr		 doc;
	xmlNode			*top, *n;
	char			*page, *base;

	memset(out, 0, sizeof(*out));
	if (len > DISCOVER_MAX_SIZE) {
		snprintf(err, errlen, "page too large (%zu bytes, limit %u)",
		    len, DISCOVER_MAX_SIZE);
		return -1;
	}
	page = htmlcharset_decode(html, len, NULL, charset);
	if (utf8_is_blank(page)) {
		free(page);
		snprintf(err, errlen, "empty page");
		return -1;
	}

	xmlsafe_setup();
	xmlsafe_quiet_begin(&saved, NULL);
	doc = parse_page(page);
	xmlsafe_quiet_end(&saved);
	free(page);
	if (doc == NULL) {
		snprintf(err, errlen, "cannot parse the page as HTML");
		return -1;
	}

	top = (xmlNode *)doc;
	base = page_base(top, base_url);
	for (n = top; n != NULL; n = next_node(n, top)) {
		if (!is_elem(n, "link") || !link_feed(n, base, &d))
			continue;
		if (seen(out, d.url) || out->n == DISCOVER_MAX_LINKS) {
			free(d.url);
			free(d.type);
			free(d.title);
			continue;
		}
		if (out->n == 0)
			out->v = xcalloc(DISCOVER_MAX_LINKS, sizeof(*out->v));
		out->v[out->n++] = d;
	}
	free(base);
	xmlFreeDoc(doc);
	return 0;
}

void
discovered_list_free(struct discovered_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].url);
		free(l->v[i].type);
		free(l->v[i].title);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Is the element named at p (its local part: rdf:RDF) a feed's root? */
static int
root_is_feed(const char *p, const char *e)
{
	const char	*name = p, *colon = NULL;
	size_t		 n;

	for (; p < e && !is_space((unsigned char)*p) && *p != '>' &&
	    *p != '/'; p++)
		if (*p == ':')
			colon = p;
	if (colon != NULL)
		name = colon + 1;
	n = p - name;
	return (n == 3 && strncmp(name, "rss", 3) == 0) ||
	    (n == 4 && strncmp(name, "feed", 4) == 0) ||
	    (n == 3 && strncmp(name, "RDF", 3) == 0);
}

int
discover_is_feed(const char *body, size_t len)
{
	struct buf	 b = BUF_INIT;
	const char	*bomname, *wide = NULL, *p, *e;
	size_t		 bom;
	int		 yes = 0;

	/* Wide text is looked at in UTF-8; its first bytes are enough. */
	if ((bom = charset_bom(body, len, &bomname)) > 0)
		wide = charset_wide_unit(bomname) != 0 ? bomname : NULL;
	else
		wide = charset_sniff_wide(body, len);
	if (wide != NULL) {
		charset_to_utf8(wide, body + bom, (len - bom < SNIFF_MAX * 4) ?
		    len - bom : SNIFF_MAX * 4, &b);
		p = buf_cstr(&b);
		e = p + b.len;
	} else {
		p = body + bom;
		e = body + len;
	}

	while (p < e && is_space((unsigned char)*p))
		p++;
	if (p < e && *p == '{') {
		/* JSON Feed names its version; other JSON is not a feed. */
		yes = memmem(p, e - p, "jsonfeed.org/version", 20) != NULL ||
		    memmem(p, e - p, "jsonfeed.org\\/version", 21) != NULL;
		goto done;
	}
	if (e - p > SNIFF_MAX)
		e = p + SNIFF_MAX;
	while (p < e && *p == '<') {
		if (html_starts_ci(p, e, "<?"))
			p = html_skip_past(p + 2, e, "?>");
		else if (html_starts_ci(p, e, "<!--"))
			p = html_skip_past(p + 4, e, "-->");
		else if (html_starts_ci(p, e, "<!doctype")) {
			/* No feed format has a DOCTYPE of html. */
			p += 9;
			while (p < e && is_space((unsigned char)*p))
				p++;
			if (html_starts_ci(p, e, "html"))
				goto done;
			p = html_skip_past(p, e, ">");
		} else {
			yes = root_is_feed(p + 1, e);
			goto done;
		}
		while (p < e && is_space((unsigned char)*p))
			p++;
	}
done:
	buf_free(&b);
	return yes;
}
