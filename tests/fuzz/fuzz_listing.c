/*
 * fuzz_listing.c - libFuzzer target for kind = html sources and feed
 * discovery: a page read with fixed XPath selectors, then normalized, and
 * its <link rel="alternate"> feeds.
 */
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "discover.h"
#include "feed.h"
#include "listing.h"
#include "normalize.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_rules	 r = { "//li | //article", ".//a", ".//a/@href",
				    ".//time/@datetime", ".//p", ".//img" };
	struct norm_opts	 no = { "http://example.com/list", NULL };
	struct discovered_list	 dl = { NULL, 0 };
	struct feed_doc		*doc = NULL;
	char			 err[256];

	if (listing_parse((const char *)data, size, "http://example.com/list",
	    NULL, &r, &doc, err, sizeof(err)) == 0) {
		normalize_doc(doc, &no);
		feed_doc_free(doc);
	}
	if (discover_feeds((const char *)data, size, "http://example.com/",
	    NULL, &dl, err, sizeof(err)) == 0)
		discovered_list_free(&dl);
	return 0;
}
