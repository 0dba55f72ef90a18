/*
 * fuzz_parse.c - libFuzzer target for the whole parse path: sniffing,
 * xmlprep, the XML and JSON parsers, the normalizer (sanitizer, dates,
 * URLs) and the JSON output, which must not change when libxml2 reads the
 * CDATA sections itself (xmlprep's placeholders are an optimisation).
 * Build with ./configure --enable-fuzzing
 * CC=clang, run tests/fuzz/fuzz_parse tests/parse/xml tests/parse/json.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "buf.h"
#include "feed.h"
#include "jsonout.h"
#include "normalize.h"
#include "parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The JSON of the parsed document ("" when not a feed); keep_cdata: let
 * libxml2 read CDATA sections itself instead of xmlprep's placeholders.
 */
static char *
parse_json_all(const uint8_t *data, size_t size, int keep_cdata)
{
	struct parse_opts	 po = { "http://example.com/feed/", NULL, NULL, 0,
				    keep_cdata };
	struct norm_opts	 no = { "http://example.com/feed/", NULL };
	struct feed_doc		*doc;
	struct entry		*e;
	struct buf		 b = BUF_INIT;
	char			 err[256], *s;

	if (parse_feed((const char *)data, size, &po, &doc, err,
	    sizeof(err)) == -1) {
		buf_addstr(&b, err);
		return buf_release(&b);
	}
	normalize_doc(doc, &no);
	s = jsonout_feed(doc);
	buf_addstr(&b, s);
	free(s);
	TAILQ_FOREACH(e, &doc->entries, next) {
		s = jsonout_entry(e);
		buf_addstr(&b, s);
		free(s);
	}
	feed_doc_free(doc);
	return buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*fast, *slow;

	fast = parse_json_all(data, size, 0);
	slow = parse_json_all(data, size, 1);
	if (strcmp(fast, slow) != 0) {
		fprintf(stderr, "CDATA placeholders change the result:\n"
		    "  with:    %.300s\n  without: %.300s\n", fast, slow);
		abort();
	}
	free(fast);
	free(slow);
	return 0;
}
