/*
 * parse.c - parse_feed(): size limit, format sniffing, and dispatch to the
 * XML (RSS/Atom) or JSON Feed parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parse_int.h"
#include "utf8.h"
#include "xmlprep.h"

/* First byte that is not a UTF-8 BOM or ASCII white space, or -1. */
static int
first_significant(const char *data, size_t len)
{
	size_t	 i = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < len; i++)
		if (strchr(" \t\r\n", data[i]) == NULL || data[i] == '\0')
			return (unsigned char)data[i];
	return -1;
}

static int
parse_json_doc(const char *data, size_t len, const struct parse_opts *o,
    struct feed_doc **out, char *err, size_t errlen)
{
	char	*clean;
	int	 rv;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (utf8_valid(data, len) && memchr(data, '\0', len) == NULL)
		return parse_json(data, len, o->base_url, out, err, errlen);
	clean = utf8_clean(data, len);
	rv = parse_json(clean, strlen(clean), o->base_url, out, err, errlen);
	free(clean);
	return rv;
}

int
parse_feed(const char *data, size_t len, const struct parse_opts *o,
    struct feed_doc **out, char *err, size_t errlen)
{
	struct xmlprep_cdata	 cd, *cdp;
	size_t			 max;
	char			*xml;
	size_t			 xmllen;
	int			 c, rv;

	*out = NULL;
	max = o->max_size ? o->max_size : PARSE_MAX_SIZE_DEFAULT;
	if (len > max) {
		snprintf(err, errlen, "document too large (%zu bytes, "
		    "limit %zu)", len, max);
		return -1;
	}
	if ((c = first_significant(data, len)) == -1) {
		snprintf(err, errlen, "not a feed: empty document");
		return -1;
	}
	if (c == '{' || c == '[')
		return parse_json_doc(data, len, o, out, err, errlen);

	memset(&cd, 0, sizeof(cd));
	cdp = o->keep_cdata ? NULL : &cd;
	if (xmlprep(data, len, o->charset, o->fallback_charset, cdp, &xml,
	    &xmllen, err, errlen) == -1) {
		xmlprep_cdata_free(&cd);
		return -1;
	}
	rv = parse_xml_cdata(xml, xmllen, cdp, o->base_url, out, err, errlen);
	free(xml);
	xmlprep_cdata_free(&cd);
	return rv;
}
