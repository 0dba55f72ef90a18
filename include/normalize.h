/*
 * normalize.h - from raw parsed entries to final ones: canonical URLs and
 * hashes, dates, sanitized content, plain-text titles and summaries,
 * thumbnails, tags.  Pure: no I/O.
 */
#ifndef NORMALIZE_H
#define NORMALIZE_H

#include "feed.h"

struct tz;

#define SUMMARY_MAX_CHARS	280

struct norm_opts {
	const char	*feed_url;	/* keys entries that have no link */
	const struct tz	*tz;		/* for dates without a zone; NULL = UTC */
};

void	normalize_doc(struct feed_doc *, const struct norm_opts *);

#endif
