/*
 * fuzz_json.c - libFuzzer target for the JSON Feed parser alone, called
 * directly rather than through the sniffer so every input reaches it, then
 * the normalizer and the JSON output of what it accepted.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "feed.h"
#include "jsonout.h"
#include "normalize.h"
#include "parse_int.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct norm_opts	 no = { "http://example.com/feed.json", NULL };
	struct feed_doc		*doc;
	struct entry		*e;
	char			 err[256], *s;

	/* parse_json() is only ever handed valid UTF-8 (xmlprep/sniff). */
	if (!utf8_valid((const char *)data, size))
		return 0;
	if (parse_json((const char *)data, size, "http://example.com/feed.json",
	    &doc, err, sizeof(err)) == -1)
		return 0;
	normalize_doc(doc, &no);
	free(jsonout_feed(doc));
	TAILQ_FOREACH(e, &doc->entries, next) {
		s = jsonout_entry(e);
		free(s);
	}
	feed_doc_free(doc);
	return 0;
}
