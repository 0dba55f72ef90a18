/*
 * htmltree.h - a text dump of a libxml2 tree (node types, names,
 * attributes in order, text), for tests that compare two parses of the
 * same HTML: html_fast.c's and libxml2's.
 */
#ifndef HTMLTREE_H
#define HTMLTREE_H

#include <libxml/tree.h>

#include "buf.h"

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

#endif
