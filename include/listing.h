/*
 * listing.h - sources without a feed whose listing page holds the
 * entries (kind = html): each element an XPath selects is an entry, its
 * title, link, date, summary and image found by XPaths relative to it,
 * the way FreshRSS's "HTML + XPath" sources work.  Bytes in, a feed_doc
 * out, for the normalizer like any parsed feed.
 */
#ifndef LISTING_H
#define LISTING_H

#include <stddef.h>

#include "feed.h"

struct html_rules;

/* 0 when expr compiles as XPath 1.0, else -1 and why. */
int	listing_xpath_check(const char *expr, char *err, size_t errlen);

/*
 * The entries of a listing page.  charset: the HTTP header's, or NULL
 * (the page's own <meta> wins, as browsers do).  -1 with err when the page
 * cannot be parsed or the item selector fails; no match is 0 entries.
 */
int	listing_parse(const char *html, size_t len, const char *base_url,
	    const char *charset, const struct html_rules *,
	    struct feed_doc **out, char *err, size_t errlen);

#endif
