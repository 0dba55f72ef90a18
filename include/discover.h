/*
 * discover.h - finding the feeds an HTML page links to (feedctl add URL
 * given a web page), and telling a feed body from an HTML one.  Pure
 * functions of bytes in, owned structs out.
 */
#ifndef DISCOVER_H
#define DISCOVER_H

#include <stddef.h>

#define DISCOVER_MAX_SIZE	(16u * 1024 * 1024)
#define DISCOVER_MAX_LINKS	64	/* more on one page is not a choice */

struct discovered {
	char	*url;	/* absolute http(s) */
	char	*type;	/* media type, lowercased, without parameters */
	char	*title;	/* the link's title, or NULL */
};

struct discovered_list {
	struct discovered *v;
	size_t		   n;
};

/*
 * Find the feed links of an HTML page: <link rel="alternate"> (rel is a
 * token list, any case) whose type is RSS, Atom, RDF, text/xml or JSON
 * (Feed), in <head> or <body>.  hrefs are resolved against the first
 * <base href>, else base_url; only http(s) results are kept, duplicates
 * dropped, document order kept.  The page's encoding comes from its BOM,
 * else its <meta charset> or http-equiv Content-Type, else charset (a
 * fallback, e.g. from HTTP; may be NULL), else UTF-8 when the bytes are
 * valid UTF-8, else Windows-1252.  Returns 0 (out->n may be 0), or -1
 * with a one-line message in err when the input cannot be parsed at all
 * (empty, too large).
 */
int	 discover_feeds(const char *html, size_t len, const char *base_url,
	    const char *charset, struct discovered_list *out, char *err,
	    size_t errlen);
void	 discovered_list_free(struct discovered_list *);

/*
 * 1 when body looks like a feed rather than an HTML page: its root
 * element is <rss>, <feed> or <rdf:RDF>, or it is JSON naming the JSON
 * Feed version.  A cheap look at the first bytes, not a parse:
 * parse_feed() has the last word.
 */
int	 discover_is_feed(const char *body, size_t len);

#endif
