/*
 * parse.h - the feed parser: bytes in, a feed_doc with raw entries out.
 * RSS 0.9x/1.0/2.0, Atom 0.3/1.0 (parse_xml.c) and JSON Feed (parse_json.c).
 */
#ifndef PARSE_H
#define PARSE_H

#include <stddef.h>

#include "feed.h"

#define PARSE_MAX_SIZE_DEFAULT	(16u * 1024 * 1024)

struct parse_opts {
	const char	*base_url;	/* document URL, may be NULL */
	const char	*charset;	/* forced by the user: beats the XML declaration */
	const char	*fallback_charset; /* HTTP header: used when the document declares none */
	size_t		 max_size;	/* 0: PARSE_MAX_SIZE_DEFAULT */
	int		 keep_cdata;	/* tests: libxml2 reads CDATA itself */
};

/*
 * Parse a document.  On success returns 0 and *out (owned).  Returns -1 with
 * a one-line message in err when the input is not a feed at all or too big.
 * A malformed feed that could be recovered is a success.
 */
int	parse_feed(const char *data, size_t len, const struct parse_opts *,
	    struct feed_doc **out, char *err, size_t errlen);

#endif
