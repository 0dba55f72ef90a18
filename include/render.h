/*
 * render.h - regenerate the output directory from the store: atom.xml,
 * tags/<slug>.xml and feeds.opml, each replaced atomically and only when
 * its bytes change.
 */
#ifndef RENDER_H
#define RENDER_H

#include "feed.h"

#include <stdint.h>

struct store;

struct render_opts {
	const char	*output_dir;
	const char	*base_url;	/* ends with '/' */
	const char	*title;
	int		 max_entries;
};

struct render_stats {
	int		 written;	/* files rewritten */
	int		 unchanged;	/* files that already held these bytes */
	struct strvec	 written_names;	/* "atom.xml", "tags/x.xml", ... */
};

/*
 * Render atom.xml, feeds.opml and the tag feeds named in tags (every tag
 * when tags is NULL).  -1 with a message on the first failure.
 */
int	render_outputs(struct store *, const struct render_opts *,
	    const struct strvec *tags, struct render_stats *,
	    char *err, size_t errlen);

/* The subscription list as OPML 2.0 (feeds.opml, feedctl export). */
struct buf;
int	render_opml_buf(struct store *, const char *title, struct buf *out,
	    char *err, size_t errlen);

void	render_stats_clear(struct render_stats *);

/*
 * DATABASE.dirty: "entries are committed that the outputs may not show".
 * Marked before the first commit a render has not caught up with,
 * cleared after a render that succeeded; a process killed in between
 * leaves it, and the next one renders everything, not only its changes.
 */
/* When the marker was made (seconds), 0 when there is none. */
int64_t	render_pending_since(const char *database);
void	render_pending_mark(const char *database);
void	render_pending_clear(const char *database);

#endif
