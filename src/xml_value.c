/*
 * xml_value.c - small value helpers of the XML parser: ASCII white space,
 * trimming, URL resolution against xml:base, and reading SAX2 attribute
 * arrays the way libxml2's tree builder would.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "url.h"
#include "xmalloc.h"
#include "xml_value.h"

int
xval_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
xval_is_blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!xval_is_space((unsigned char)s[i]))
			return 0;
	return 1;
}

void
xval_trim(const char **s, size_t *n)
{
	while (*n > 0 && xval_is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && xval_is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

char *
xval_trimmed(const char *s, size_t n)
{
	xval_trim(&s, &n);
	return n > 0 ? xstrndup(s, n) : NULL;
}

int
xval_has_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Does s start with "scheme://"? */
static int
has_authority(const char *s)
{
	const char	*p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return strncmp(p, "://", 3) == 0;
}

/*
 * The base plays no part for a reference with a scheme and an authority,
 * and url_resolve() would still normalize it first: half the work of a
 * feed full of absolute links.
 */
char *
xval_url(const char *s, size_t n, const char *base)
{
	char	*t, *abs;

	if ((t = xval_trimmed(s, n)) == NULL)
		return NULL;
	if ((abs = url_resolve(has_authority(t) ? NULL : base, t)) == NULL)
		return t;
	free(t);
	return abs;
}

const xmlChar **
xval_attr_find(const xmlChar **attrs, int nattrs, const char *uri,
    const char *local)
{
	const xmlChar	**a;
	int		  i;

	for (i = 0; i < nattrs; i++) {
		a = attrs + 5 * i;
		if (strcmp((const char *)a[0], local) != 0)
			continue;
		if (uri == NULL ? a[2] == NULL :
		    (a[2] != NULL && strcmp((const char *)a[2], uri) == 0))
			return a;
	}
	return NULL;
}

/*
 * Without entity substitution, libxml2 hands SAX2 attribute values with
 * '&' written as "&#38;" and user entities as references (the tree
 * builder decodes them later); decode them here the way it would.
 */
char *
xval_attr_value(xmlParserCtxtPtr ctxt, const xmlChar **a)
{
	size_t	 n = a[4] - a[3];
	char	*s;
	xmlChar	*d;

	s = xstrndup((const char *)a[3], n);
	if (memchr(s, '&', n) != NULL && (d = xmlStringDecodeEntities(ctxt,
	    (const xmlChar *)s, XML_SUBSTITUTE_REF, 0, 0, 0)) != NULL) {
		free(s);
		s = xstrdup((const char *)d);
		xmlFree(d);
	}
	return s;
}

char *
xval_attr_get(xmlParserCtxtPtr ctxt, const xmlChar **attrs, int nattrs,
    const char *local)
{
	const xmlChar	**a;

	if ((a = xval_attr_find(attrs, nattrs, NULL, local)) == NULL)
		return NULL;
	return xval_attr_value(ctxt, a);
}

char *
xval_attr_trimmed(xmlParserCtxtPtr ctxt, const xmlChar **attrs, int nattrs,
    const char *local)
{
	char	*v, *t;

	if ((v = xval_attr_get(ctxt, attrs, nattrs, local)) == NULL)
		return NULL;
	t = xval_trimmed(v, strlen(v));
	free(v);
	return t;
}
