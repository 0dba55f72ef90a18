/*
 * parsejson.h - the whole parse path on one document (parse_feed,
 * normalize_doc, the JSON of the feed and of every entry) as one string,
 * for tests that compare two ways of parsing the same bytes: with
 * xmlprep's placeholders (CDATA sections, text of leaf elements) and
 * without.
 */
#ifndef PARSEJSON_H
#define PARSEJSON_H

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "feed.h"
#include "jsonout.h"
#include "normalize.h"
#include "parse.h"

/*
 * The JSON, or the error message when the bytes are not a feed.
 * *malformed (when not NULL): libxml2 recovered from an error.
 */
static char *
parsejson_all(const char *data, size_t size, int keep_cdata, int *malformed)
{
	struct parse_opts	 po;
	struct norm_opts	 no = { "http://example.com/feed/", NULL };
	struct feed_doc		*doc;
	struct entry		*e;
	struct buf		 b = BUF_INIT;
	char			 err[256], *s;

	memset(&po, 0, sizeof(po));
	po.base_url = "http://example.com/feed/";
	po.keep_cdata = keep_cdata;
	if (malformed != NULL)
		*malformed = 0;
	if (parse_feed(data, size, &po, &doc, err, sizeof(err)) == -1) {
		buf_addstr(&b, err);
		return buf_release(&b);
	}
	if (malformed != NULL)
		*malformed = doc->malformed;
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

#endif
