/*
 * page.h - kind = page sources: one article page becomes a feed_doc of
 * one entry (the extracted article), keyed by the page's URL, so an edit
 * to the article updates the entry in place.
 */
#ifndef PAGE_H
#define PAGE_H

#include <stddef.h>

#include "feed.h"

int	page_parse(const char *html, size_t len, const char *url,
	    const char *charset, struct feed_doc **out, char *err,
	    size_t errlen);

#endif
