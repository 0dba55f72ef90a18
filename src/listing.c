/*
 * listing.c - kind = html sources: the page parsed with libxml2's HTML
 * parser, the item XPath evaluated on the document, the other XPaths on
 * each item.  A selector's value is the string value of the first node it
 * selects (an attribute's value for @href); a link or image selector that
 * lands on an element takes its href or src.  Raw values go into entries
 * as the feed parsers leave them, so the normalizer treats both alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "conf.h"
#include "feed.h"
#include "htmlcharset.h"
#include "listing.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlsafe.h"

#define MAX_ITEMS	1000	/* a listing page, not a dump */

int
listing_xpath_check(const char *expr, char *err, size_t errlen)
{
	struct xmlsafe_handlers	 saved;
	xmlXPathCompExprPtr	 c;

	xmlsafe_setup();
	xmlsafe_quiet_begin(&saved, NULL);
	c = xmlXPathCompile(BAD_CAST expr);
	xmlsafe_quiet_end(&saved);
	if (c == NULL) {
		snprintf(err, errlen, "not a valid XPath expression");
		return -1;
	}
	xmlXPathFreeCompExpr(c);
	return 0;
}

/* The text of a node, whitespace collapsed; NULL when empty. */
static char *
node_text(xmlNode *n)
{
	xmlChar	*c = xmlNodeGetContent(n);
	char	*s;

	if (c == NULL)
		return NULL;
	s = utf8_collapse_space((const char *)c);
	xmlFree(c);
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * Evaluate expr on node.  want_attr ("href", "src") picks that attribute
 * of an element result; as_html returns the node's markup instead of its
 * text (a summary keeps its paragraphs and links).
 */
static char *
select_value(xmlXPathContextPtr ctx, xmlNode *node, const char *expr,
    const char *want_attr, int as_html)
{
	xmlXPathObjectPtr	 o;
	xmlNode			*n;
	xmlChar			*a;
	xmlBufferPtr		 b;
	char			*s = NULL;

	if (expr == NULL)
		return NULL;
	ctx->node = node;
	if ((o = xmlXPathEvalExpression(BAD_CAST expr, ctx)) == NULL)
		return NULL;
	switch (o->type) {
	case XPATH_NODESET:
		if (o->nodesetval == NULL || o->nodesetval->nodeNr == 0)
			break;
		n = o->nodesetval->nodeTab[0];
		if (n->type == XML_ELEMENT_NODE && want_attr != NULL &&
		    (a = xmlGetProp(n, BAD_CAST want_attr)) != NULL) {
			s = xstrdup((const char *)a);
			xmlFree(a);
		} else if (n->type == XML_ELEMENT_NODE && as_html &&
		    (b = xmlBufferCreate()) != NULL) {
			xmlNode *c;

			for (c = n->children; c != NULL; c = c->next)
				htmlNodeDump(b, n->doc, c);
			s = xstrdup((const char *)xmlBufferContent(b));
			xmlBufferFree(b);
		} else
			s = node_text(n);
		break;
	case XPATH_STRING:
		s = utf8_collapse_space((const char *)o->stringval);
		break;
	case XPATH_NUMBER:
	case XPATH_BOOLEAN:
	default:
		break;
	}
	xmlXPathFreeObject(o);
	if (s != NULL && *s == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

static void
resolve(char **u, const char *base)
{
	char	*abs;

	if (*u == NULL || base == NULL ||
	    (abs = url_resolve(base, *u)) == NULL)
		return;
	free(*u);
	*u = abs;
}

int
listing_parse(const char *html, size_t len, const char *base_url,
    const char *charset, const struct html_rules *r, struct feed_doc **out,
    char *err, size_t errlen)
{
	struct xmlsafe_handlers	 saved;
	htmlDocPtr		 doc = NULL;
	xmlXPathContextPtr	 ctx = NULL;
	xmlXPathObjectPtr	 items = NULL;
	struct feed_doc		*fd;
	struct entry		*e;
	xmlNode			*root, *n;
	char			*utf8, *s;
	int			 i, rv = -1;

	*out = NULL;
	if (len == 0 ||
	    (utf8 = htmlcharset_decode(html, len, charset, NULL)) == NULL) {
		snprintf(err, errlen, "empty page");
		return -1;
	}
	xmlsafe_setup();
	xmlsafe_quiet_begin(&saved, NULL);
	doc = htmlReadMemory(utf8, (int)strlen(utf8), base_url, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS);
	free(utf8);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		snprintf(err, errlen, "not an HTML page");
		goto done;
	}
	if ((ctx = xmlXPathNewContext(doc)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	ctx->node = root;
	items = xmlXPathEvalExpression(BAD_CAST r->item, ctx);
	if (items == NULL || items->type != XPATH_NODESET) {
		snprintf(err, errlen, "item selector '%s' does not select "
		    "elements", r->item);
		goto done;
	}
	fd = feed_doc_new();
	fd->format = FMT_HTML;
	ctx->node = root;
	if ((s = select_value(ctx, root, "//title", NULL, 0)) != NULL)
		text_set(&fd->title, s, TEXT_PLAIN, NULL);
	if (base_url != NULL)
		fd->link = xstrdup(base_url);
	if ((s = select_value(ctx, root, "/html/@lang", NULL, 0)) != NULL)
		fd->lang = s;
	for (i = 0; items->nodesetval != NULL &&
	    i < items->nodesetval->nodeNr && i < MAX_ITEMS; i++) {
		n = items->nodesetval->nodeTab[i];
		e = entry_new();
		e->link = select_value(ctx, n, r->link, "href", 0);
		if ((s = select_value(ctx, n, r->title, NULL, 0)) != NULL)
			text_set(&e->title, s, TEXT_PLAIN, NULL);
		e->published_raw = select_value(ctx, n, r->date, "datetime",
		    0);
		if ((s = select_value(ctx, n, r->summary, NULL, 1)) != NULL)
			text_set(&e->summary, s, TEXT_HTML, base_url);
		e->media_image = select_value(ctx, n, r->image, "src", 0);
		/* Feeds resolve their links as they parse: so do we. */
		resolve(&e->link, base_url);
		resolve(&e->media_image, base_url);
		if (e->link == NULL && e->title.s == NULL) {
			entry_free(e);	/* nothing to know it by */
			continue;
		}
		if (fd->lang != NULL)
			e->lang = xstrdup(fd->lang);
		feed_doc_add_entry(fd, e);
	}
	*out = fd;
	rv = 0;
done:
	xmlXPathFreeObject(items);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	xmlsafe_quiet_end(&saved);
	return rv;
}
