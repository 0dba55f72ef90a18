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
	int		 disabled;
};

/* The outcome of one poll of a feed, for store_feed_polled(). */
struct store_poll {
	int		 status;	/* HTTP status, 0 when none */
	const char	*error;		/* NULL on success */
	const char	*etag;		/* validators to keep (NULL: keep old) */
	const char	*last_modified;
	int64_t		 next_poll_at;
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
 * Newest first (by sort date: published, else updated, else first seen,
 * never in the future), at most limit (<= 0: all), only tag when not
 * NULL.  A non-zero return from cb stops the walk and is returned.
 */
int	store_each_entry(struct store *, const char *tag, int limit,
	    int (*cb)(const struct entry_view *, void *), void *arg,
	    char *err, size_t errlen);
int	store_each_tag(struct store *, int (*cb)(const char *, void *),
	    void *arg, char *err, size_t errlen);
int	store_each_feed(struct store *,
	    int (*cb)(const struct store_feed *, void *), void *arg,
	    char *err, size_t errlen);

/* Retention: drop old entries but keep their hashes. */
int	store_purge(struct store *, int keep_days, int keep_per_feed,
	    int64_t now, int *purged, char *err, size_t errlen);

#endif
