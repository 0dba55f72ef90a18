/*
 * pipeline.h - one poll of the configured feeds, end to end: fetch ->
 * parse -> normalize -> filter -> store.  Used by `feedd --once` and,
 * later, by the daemon's scheduler.
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stdint.h>

#include "feed.h"

struct config;
struct store;
struct ev_loop;

struct poll_stats {
	int		 feeds_ok;
	int		 feeds_failed;
	int		 feeds_not_modified;
	int		 entries_new;
	int		 entries_updated;
	int		 entries_excluded;
	struct strvec	 changed_tags;	/* tag outputs to redo */
	int		 changed_any;	/* atom.xml to redo */
};

/*
 * Poll every enabled feed of cfg once, concurrently, on loop; returns when
 * every transfer is done.  Per-feed failures are recorded on the feed and
 * counted; -1 only for errors that are not one feed's (database).
 */
int	pipeline_poll_once(struct ev_loop *, const struct config *,
	    struct store *, int64_t now, struct poll_stats *,
	    char *err, size_t errlen);
void	poll_stats_clear(struct poll_stats *);

#endif
