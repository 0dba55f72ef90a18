/*
 * fuzz_parse.c - libFuzzer target for the whole parse path: sniffing,
 * xmlprep, the XML and JSON parsers, the normalizer (sanitizer, dates,
 * URLs) and the JSON output.  Build with ./configure --enable-fuzzing
 * CC=clang, run tests/fuzz/fuzz_parse tests/parse/xml tests/parse/json.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "feed.h"
#include "jsonout.h"
#include "normalize.h"
#include "parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_opts	 po = { "http://example.com/feed/", NULL, NULL, 0 };
	struct norm_opts	 no = { "http://example.com/feed/", NULL };
	struct feed_doc		*doc;
	struct entry		*e;
	char			 err[256], *s;

	if (parse_feed((const char *)data, size, &po, &doc, err,
	    sizeof(err)) == -1)
		return 0;
	normalize_doc(doc, &no);
	s = jsonout_feed(doc);
	free(s);
	TAILQ_FOREACH(e, &doc->entries, next) {
		s = jsonout_entry(e);
		free(s);
	}
	feed_doc_free(doc);
	return 0;
}
