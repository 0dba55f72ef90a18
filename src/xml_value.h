/*
 * xml_value.h - turning libxml2's text and SAX2 attribute arrays into
 * owned, trimmed C strings and resolved URLs.  Shared by the XML parser
 * files (parse_xml.c, xml_rules.c, xml_capture.c); internal to them.
 */
#ifndef XML_VALUE_H
#define XML_VALUE_H

#include <stddef.h>

#include <libxml/parser.h>

#define NS_XML_URI	"http://www.w3.org/XML/1998/namespace"

/* ASCII white space: what XML calls S. */
int	 xval_is_space(int c);
int	 xval_is_blank(const char *s, size_t n);
/* Trim ASCII white space off [*s, *s + *n). */
void	 xval_trim(const char **s, size_t *n);
/* Owned trimmed copy, or NULL when blank. */
char	*xval_trimmed(const char *s, size_t n);
int	 xval_has_prefix_ci(const char *s, const char *prefix);
/* s (trimmed) resolved against base, owned; as given when it cannot be. */
char	*xval_url(const char *s, size_t n, const char *base);

/*
 * SAX2 attribute arrays: nattrs groups of five pointers (local name,
 * prefix, namespace URI, value, end of value).
 */
/* The attribute local (in namespace uri, or in none), or NULL. */
const xmlChar **xval_attr_find(const xmlChar **attrs, int nattrs,
	    const char *uri, const char *local);
/* Owned value of an attribute, entity references decoded. */
char	*xval_attr_value(xmlParserCtxtPtr ctxt, const xmlChar **a);
/* Owned value of attribute local (no namespace), or NULL. */
char	*xval_attr_get(xmlParserCtxtPtr ctxt, const xmlChar **attrs,
	    int nattrs, const char *local);
/* Owned trimmed value of attribute local, or NULL when absent or blank. */
char	*xval_attr_trimmed(xmlParserCtxtPtr ctxt, const xmlChar **attrs,
	    int nattrs, const char *local);

#endif
