/*
 * htmltree.h - a text dump of a libxml2 tree (node types, names,
 * attributes in order, text), for tests that compare two parses of the
 * same HTML: html_fast.c's and libxml2's; and the same comparison of
 * the sanitizer's output on either.
 */
#ifndef HTMLTREE_H
#define HTMLTREE_H

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "sanitize.h"
#include "xmalloc.h"

static void
htmltree_dump(struct buf *b, xmlNodePtr n, int depth)
{
	xmlAttrPtr	 a;
	xmlChar		*v;
	xmlDtdPtr	 d;

	for (; n != NULL; n = n->next) {
		buf_printf(b, "%*s%d", depth, "", (int)n->type);
		if (n->type == XML_ELEMENT_NODE) {
			buf_printf(b, " <%s>%s", (const char *)n->name,
			    n->ns != NULL ? " ns" : "");
			for (a = n->properties; a != NULL; a = a->next) {
				v = xmlNodeListGetString(n->doc, a->children, 1);
				buf_printf(b, " %s=[%s]%s", (const char *)a->name,
				    v != NULL ? (const char *)v : "(null)",
				    a->ns != NULL ? " ns" : "");
				xmlFree(v);
			}
			buf_addc(b, '\n');
			htmltree_dump(b, n->children, depth + 1);
		} else if (n->type == XML_DTD_NODE) {
			d = (xmlDtdPtr)n;
			buf_printf(b, " dtd %s|%s|%s\n", (const char *)d->name,
			    d->ExternalID ? (const char *)d->ExternalID : "",
			    d->SystemID ? (const char *)d->SystemID : "");
		} else
			buf_printf(b, " [%s]\n", n->content != NULL ?
			    (const char *)n->content : "(null)");
	}
}

/* The dump of a whole document, owned ("" for NULL). */
static char *
htmltree_string(xmlDocPtr doc)
{
	struct buf	 b = BUF_INIT;

	if (doc != NULL)
		htmltree_dump(&b, doc->children, 0);
	return buf_release(&b);
}

/*
 * Whether the sanitizer on html_fast.c's events (sanitize_html_text,
 * html_to_text_max) writes what it writes on libxml2's tree
 * (sanitize_html_text_libxml2) for in: HTML, first image, text cut at
 * max.  When not, *why (owned) shows both; else it is NULL.
 */
static int
htmltree_same_sanitized(const char *in, size_t n, const char *base,
    size_t max, char **why)
{
	char	*a, *b, *aimg, *bimg, *atext, *btext, *t;
	int	 same;

	a = sanitize_html_text(in, n, base, &aimg, &atext, max);
	b = sanitize_html_text_libxml2(in, n, base, &bimg, &btext, max);
	t = html_to_text_max(in, n, max);
	same = strcmp(a, b) == 0 && strcmp(atext, btext) == 0 &&
	    (aimg == NULL) == (bimg == NULL) &&
	    (aimg == NULL || strcmp(aimg, bimg) == 0) &&
	    (n == 0 || strcmp(t, btext) == 0);
	*why = NULL;
	if (!same)
		xasprintf(why, "in:   %.*s\nfast: %s | %s | %s\n"
		    "ref:  %s | %s | %s\ntext: %s\n", (int)n, in, a, atext,
		    aimg ? aimg : "-", b, btext, bimg ? bimg : "-", t);
	free(a);
	free(b);
	free(aimg);
	free(bimg);
	free(atext);
	free(btext);
	free(t);
	return same;
}

#endif
