/*
 * store.h - the SQLite store: feeds, entries deduplicated by url_hash,
 * their tags and sources, retention, full-text search.  The only module
 * that includes sqlite3.h.  The daemon is the only writer.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "feed.h"

struct store;

/* What the store knows of a feed (from config or feedctl). */
struct store_feed {
	int64_t		 id;
	char		*url;
	char		*title;		/* config title, else the feed's own */
	char		*site_url;	/* the feed's alternate link */
	char		*etag;
	char		*last_modified;
	int64_t		 next_poll_at;
	int		 error_count;
	char		*last_error;
	int		 last_status;
	int		 disabled;	/* by feedctl, or gone (410) */
	char		*disabled_reason;
	char		*kind;		/* "feed" */
	int		 from_config;	/* origin: config, else feedctl */
	struct strvec	 tags;		/* effective: config/own + edits */
	int		 interval;	/* seconds, 0 default, -1 auto */
	int		 conf_enabled;	/* enabled = no in the config: 0 */
	int64_t		 last_poll_at;	/* 0: never */
	int64_t		 last_ok_at;
	int		 ttl;		/* seconds the feed asked for */
	char		*conf_url;	/* the config's URL (before a 301) */
};

/* A feed is polled when it is neither disabled nor off in the config. */
#define STORE_FEED_ACTIVE(f)	(!(f)->disabled && (f)->conf_enabled)

/* The outcome of one poll of a feed, for store_feed_polled(). */
struct store_poll {
	int		 status;	/* HTTP status, 0 when none */
	const char	*error;		/* NULL on success */
	const char	*etag;		/* validators to keep (NULL: keep old) */
	const char	*last_modified;
	int64_t		 next_poll_at;
	int64_t		 polled_at;	/* now */
	int		 ttl;		/* -1: keep the old one */
};

/* How to store one parsed document. */
struct store_put_opts {
	const char		*feed_url;
	const struct strvec	*feed_tags;	/* the feed's config tags */
	int			 category_tags;	/* add entry categories */
	int64_t			 now;		/* seconds since the epoch */
};

struct store_put_stats {
	int		 new_entries;
	int		 updated_entries;
	int		 unchanged;
	struct strvec	 changed_tags;	/* tags whose output must be redone */
	int		 changed_any;	/* atom.xml must be redone */
	struct strvec	 changed_entries; /* url_hash of new/updated ones */
};

/* A stored entry as the renderer sees it; valid during the callback. */
struct entry_view {
	const char		*url_hash;
	const char		*id;
	const char		*url;
	const char		*title;
	const char		*summary;
	const char		*content;
	const char		*thumbnail;
	const char		*lang;
	int64_t			 published;	/* never DATE_NONE: first seen */
	int64_t			 updated;
	const struct person	*authors;
	size_t			 nauthors;
	const char *const	*tags;
	size_t			 ntags;
	const char		*source_url;	/* the feed it came from */
	const char		*source_title;
	const char		*source_site;
};

int	store_open(const char *path, struct store **, char *err, size_t errlen);
void	store_close(struct store *);
/*
 * Before store_open: refuse a damaged database, naming it in err.  A file
 * still as store_stamp_clean() left it is trusted; anything else gets
 * PRAGMA quick_check (*checked says which).  0 also when there is none.
 */
int	store_verify(const char *path, int *checked, char *err, size_t errlen);
/* After a clean store_close: vouch for the file for the next start. */
void	store_stamp_clean(const char *path);

/* Insert or update a configured feed; its id in *id. */
int	store_feed_upsert(struct store *, const char *url, const char *title,
	    int64_t *id, char *err, size_t errlen);
/* Fill *f (free with store_feed_clear); 1 found, 0 not found, -1 error. */
int	store_feed_get(struct store *, int64_t id, struct store_feed *f,
	    char *err, size_t errlen);
void	store_feed_clear(struct store_feed *);
int	store_feed_polled(struct store *, int64_t id, const struct store_poll *,
	    char *err, size_t errlen);

/*
 * Store a normalized document in one transaction: all its entries land or
 * none do.  Dedup by url_hash, union of tags and sources, updates in place
 * when the content changed, dedup-poisoning rule, dates clamped.
 */
int	store_put_doc(struct store *, int64_t feed_id, const struct feed_doc *,
	    const struct store_put_opts *, struct store_put_stats *,
	    char *err, size_t errlen);
void	store_put_stats_clear(struct store_put_stats *);

/*
 * A batch: what is written until store_batch_end shares one transaction
 * (one commit), each document still whole or
 * not at all.  store_batch_end commits; -1 when the batch could not be,
 * and then nothing written since store_batch_begin landed.  Other
 * connections see a batch only once it ends.
 */
int	store_batch_begin(struct store *, char *err, size_t errlen);
int	store_batch_end(struct store *, char *err, size_t errlen);
int	store_in_batch(const struct store *);

/*
 * Search: entries are stored unindexed and found by a scan until this
 * adds them to the index, in bulk (the pipeline calls it once a wave of
 * polls is done).  *indexed counts them; store_index_backlog says how
 * many ids are waiting.  Each chunk of them is one transaction.
 */
int	store_index_pending(struct store *, int64_t *indexed, char *err,
	    size_t errlen);
int	store_index_backlog(struct store *, int64_t *n, char *err,
	    size_t errlen);

/*
 * Newest first (by sort date: published, else updated, else first seen,
 * never in the future), at most limit (<= 0: all), only tag when not
 * NULL.  A non-zero return from cb stops the walk and is returned.
 */
/* Every entry first stored at or after since, newest first. */
int	store_each_entry_since(struct store *, int64_t since,
	    int (*cb)(const struct entry_view *, void *), void *arg,
	    char *err, size_t errlen);
/*
 * The newest updated time among the entries store_each_entry would walk,
 * without reading their text (render needs it before the first entry).
 */
int	store_newest_updated(struct store *, const char *tag, int limit,
	    int64_t *newest, char *err, size_t errlen);
int	store_each_entry(struct store *, const char *tag, int limit,
	    int (*cb)(const struct entry_view *, void *), void *arg,
	    char *err, size_t errlen);
int	store_each_tag(struct store *, int (*cb)(const char *, void *),
	    void *arg, char *err, size_t errlen);
int	store_each_feed(struct store *,
	    int (*cb)(const struct store_feed *, void *), void *arg,
	    char *err, size_t errlen);

/*
 * Feed management (store_feeds.c).
 */

/* Make the feeds of origin config match cfg: add, update, drop. */
struct config;
struct store_sync_stats {
	int	 added, updated, removed;
};
int	store_feed_sync_config(struct store *, const struct config *,
	    int64_t now, struct store_sync_stats *, char *err, size_t errlen);
/* A feed added at run time; -1 "already subscribed" when it exists. */
int	store_feed_add(struct store *, const char *url, const char *title,
	    const struct strvec *tags, int interval, int kind, int64_t now,
	    int64_t *id, char *err, size_t errlen);
/* enum feed_kind (conf.h) as stored in feeds.kind, and back. */
const char *store_kind_name(int kind);
int	store_kind_parse(const char *name);
/* Only feeds added at run time can be removed; -1 with why otherwise. */
int	store_feed_remove(struct store *, int64_t id, char *err, size_t errlen);
/* By decimal id or exact URL: 1 found, 0 not, -1 error. */
int	store_feed_find(struct store *, const char *key, struct store_feed *,
	    char *err, size_t errlen);
/* Add and remove tags (already lower-cased and trimmed). */
int	store_feed_retag(struct store *, int64_t id, const struct strvec *add,
	    const struct strvec *del, char *err, size_t errlen);
int	store_feed_set_disabled(struct store *, int64_t id, int disabled,
	    const char *reason, char *err, size_t errlen);
/* After a permanent redirect; -1 when another feed has that URL. */
int	store_feed_set_url(struct store *, int64_t id, const char *url,
	    char *err, size_t errlen);
int	store_feed_set_next(struct store *, int64_t id, int64_t at,
	    char *err, size_t errlen);
/* Ids of active feeds due at now, soonest first, at most max. */
int	store_feeds_due(struct store *, int64_t now, size_t max,
	    int64_t **ids, size_t *n, char *err, size_t errlen);
/*
 * Push the next poll of feeds being polled out to until, in one
 * transaction: a crash mid-poll polls them again then, not never.
 */
int	store_feeds_lease(struct store *, const int64_t *ids, size_t n,
	    int64_t until, char *err, size_t errlen);
/* Make every active feed (or every failing one) due now. */
int	store_feeds_poll_now(struct store *, int failing_only, int *n,
	    char *err, size_t errlen);
/* The earliest next poll of an active feed; 0 when there is none. */
int	store_next_due(struct store *, int64_t *at, int *any, char *err,
	    size_t errlen);
/* Entries first seen in a feed since a time (adaptive intervals). */
int	store_feed_rate(struct store *, int64_t id, int64_t since, int *n,
	    char *err, size_t errlen);

struct store_counts {
	int		 feeds, ok, failing, inactive;
	int64_t		 entries;
	int64_t		 last_poll_at;	/* 0: never */
	int64_t		 next_poll_at;	/* 0: none */
};
int	store_counts(struct store *, struct store_counts *, char *err,
	    size_t errlen);

/* feedctl entries: newest first, each filter when set. */
struct entry_query {
	const char	*tag;
	int64_t		 feed_id;	/* 0: any */
	int64_t		 since;		/* DATE_NONE: any */
	int		 limit;		/* <= 0: all */
};
int	store_query_entries(struct store *, const struct entry_query *,
	    int (*cb)(const struct entry_view *, void *), void *arg,
	    char *err, size_t errlen);
/* One entry by url_hash prefix (4+ hex digits) or URL: 1 found, 0 none,
 * 2 ambiguous (cb not called), -1 error. */
int	store_lookup_entry(struct store *, const char *key,
	    int (*cb)(const struct entry_view *, void *), void *arg,
	    char *err, size_t errlen);
/* 1 when an entry (purged or not) has this hash, 0 not, -1 error. */
int	store_entry_known(struct store *, const char *url_hash);
/* FTS5 over title, summary and content, newest first. */
int	store_search(struct store *, const char *query, int limit,
	    int (*cb)(const struct entry_view *, void *), void *arg,
	    char *err, size_t errlen);

/* Retention: drop old entries but keep their hashes. */
int	store_purge(struct store *, int keep_days, int keep_per_feed,
	    int64_t now, int *purged, char *err, size_t errlen);

#endif
