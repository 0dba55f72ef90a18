/*
 * pipeline.h - polling feeds end to end: fetch -> parse -> normalize ->
 * filter -> store, then the feed's outcome recorded with its next poll
 * time (schedule.h), a permanent redirect's new URL, a 410's disabling.
 * The daemon's scheduler submits feeds one by one; `feedd --once` polls
 * them all with pipeline_poll_once().
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stdint.h>

#include "feed.h"

struct config;
struct store;
struct ev_loop;
struct poller;

/* What became of one feed's poll, for the caller's stats and logs. */
struct poll_outcome {
	int64_t			 feed_id;
	const char		*url;		/* as polled */
	int			 ok;		/* 2xx or 304, stored */
	int			 not_modified;
	long			 status;
	const char		*error;		/* NULL when ok */
	int			 entries_new;
	int			 entries_updated;
	int			 entries_excluded;
	int			 fulltext_ok;	/* articles that replaced summaries */
	const struct strvec	*changed_tags;	/* tag outputs to redo */
	int			 changed_any;	/* atom.xml to redo */
	const struct strvec	*changed_entries; /* their url_hash */
	const char		*moved_to;	/* 301/308: the stored URL now */
	int			 gone;		/* 410: disabled */
	int64_t			 next_poll_at;
	double			 seconds;	/* transfer time */
	int			 fatal;		/* database error: not recorded */
	int			 store_error;	/* the document was rolled back */
};

/* The fetcher's limits as the config sets them. */
struct fetch_limits;
void	pipeline_fetch_limits(const struct config *, struct fetch_limits *);

typedef void (*poll_done_fn)(const struct poll_outcome *, void *arg);

struct poller	*poller_new(struct ev_loop *, const struct config *,
		    struct store *, poll_done_fn, void *arg);
/*
 * New transfers take their settings from cfg; polls in flight keep
 * copies of theirs, so the old config may be freed at once.
 */
void		 poller_set_config(struct poller *, const struct config *);
/* Start polling a stored feed; -1 when it is unknown or already polling. */
int		 poller_submit(struct poller *, int64_t feed_id, int64_t now,
		    char *err, size_t errlen);
int		 poller_busy(const struct poller *, int64_t feed_id);
size_t		 poller_inflight(const struct poller *);
/*
 * Polls that finish close together are stored in one transaction and
 * their outcomes reach the poll_done_fn when it commits, from the loop.
 * poller_flush commits now and tells them: before a reply that promises
 * what is stored, a render, or another kind of write.
 */
void		 poller_flush(struct poller *);
/* Index for search what the polls stored (normally done when idle). */
void		 poller_index(struct poller *);
void		 poller_free(struct poller *);	/* aborts what is in flight */

struct poll_stats {
	int		 feeds_ok;
	int		 feeds_failed;
	int		 feeds_not_modified;
	int		 entries_new;
	int		 entries_updated;
	int		 entries_excluded;
	int		 store_errors;	/* documents the database refused */
	struct strvec	 changed_tags;	/* tag outputs to redo */
	int		 changed_any;	/* atom.xml to redo */
	struct strvec	 changed_entries; /* for the Markdown export */
	int		 want_entries;	/* collect them ([markdown] only) */
};

/* Add one outcome to the totals. */
void	poll_stats_add(struct poll_stats *, const struct poll_outcome *);
void	poll_stats_clear(struct poll_stats *);

/*
 * How many feeds are polled at once (jobs, beyond max_connections they
 * wait in the fetcher's queue): twice max_connections, at least 64.
 */
size_t	pipeline_batch_cap(const struct config *);

/*
 * Bring the stored feeds in line with cfg, poll every active one once,
 * concurrently, on loop; returns when every transfer is done.  Per-feed
 * failures are recorded on the feed and counted; -1 only for errors that
 * are not one feed's (database).
 */
int	pipeline_poll_once(struct ev_loop *, const struct config *,
	    struct store *, int64_t now, struct poll_stats *,
	    char *err, size_t errlen);

#endif
