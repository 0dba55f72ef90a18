/*
 * parse_int.h - what the format parsers share with the parse_feed()
 * dispatcher.  Not for use outside the parser module.
 */
#ifndef PARSE_INT_H
#define PARSE_INT_H

#include <stddef.h>

#include "feed.h"
#include "parse.h"

/*
 * Parse a clean UTF-8 XML document (the output of xmlprep(): valid UTF-8,
 * no XML-illegal characters, HTML entities already numeric, encoding
 * declaration saying UTF-8).  0 and *out on success; -1 and a one-line
 * message when the document is not RSS/RDF/Atom (e.g. an HTML page).
 */
int	parse_xml(const char *data, size_t len, const char *base_url,
	    struct feed_doc **out, char *err, size_t errlen);
/*
 * The same for a document whose CDATA sections xmlprep() moved into cd:
 * their placeholders are read as the text they stand for.
 */
struct xmlprep_cdata;
int	parse_xml_cdata(const char *data, size_t len,
	    const struct xmlprep_cdata *cd, const char *base_url,
	    struct feed_doc **out, char *err, size_t errlen);

/*
 * Parse a JSON Feed 1.0/1.1 document (valid UTF-8).  -1 and a message
 * when it is not JSON or not a JSON Feed.
 */
int	parse_json(const char *data, size_t len, const char *base_url,
	    struct feed_doc **out, char *err, size_t errlen);

#endif
