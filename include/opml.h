/*
 * opml.h - reading OPML 1.0/2.0 subscription lists (feedctl import):
 * bytes in, the feeds with their tags out.  Folders and category
 * attributes become tags.  Pure; writing OPML is atom.h's job.
 */
#ifndef OPML_H
#define OPML_H

#include <stddef.h>

#include "feed.h"

#define OPML_MAX_SIZE	(16u * 1024 * 1024)
/* Folders deeper than this still hold feeds but add no more tags. */
#define OPML_MAX_TAG_DEPTH	64

struct opml_feed {
	char		*url;	/* xmlUrl as given, trimmed */
	char		*title;	/* title, else text; NULL when neither */
	struct strvec	 tags;	/* lowercased (ASCII), unique, in order */
};

struct opml_list {
	struct opml_feed *v;
	size_t		  n;
};

/*
 * Parse an OPML document.  Returns 0 (out->n may be 0), or -1 with a
 * one-line message in err ("not an OPML document: root element is <rss>",
 * "XML error at line N: ...") and out empty.  A URL listed twice is one
 * feed with the union of the tags.
 */
int	 opml_read(const char *buf, size_t len, struct opml_list *out,
	    char *err, size_t errlen);
void	 opml_list_free(struct opml_list *);

#endif
