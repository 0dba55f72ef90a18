/*
 * page.h - kind = page sources: one article page becomes a feed_doc of
 * one entry (the extracted article), keyed by the page's URL, so an edit
 * to the article updates the entry in place.
 */
#ifndef PAGE_H
#define PAGE_H

#include <stddef.h>

#include "feed.h"

struct tz;

/* Dates without a zone are read in tz (NULL: guessed from the language). */
int	page_parse(const char *html, size_t len, const char *url,
	    const char *charset, const struct tz *tz, struct feed_doc **out,
	    char *err, size_t errlen);

#endif
