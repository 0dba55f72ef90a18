/*
 * store_index.c - the search index's upkeep.  Entries are stored
 * unindexed; store_index_pending adds them to the trigram index in bulk
 * once the polls that stored them are done (schema migration 8 says
 * why), and a search meanwhile scans the waiting ones as they are.
 */
#include <stdio.h>

#include <sqlite3.h>

#include "store.h"
#include "store_int.h"

/*
 * Entries per transaction: a cold poll of 10,000 feeds stores 270,000,
 * and one transaction for all of them would hold the WAL (and other
 * writers) for the whole of it.
 */
#define INDEX_CHUNK	50000

/* Waiting entries whose terms want the page cache's room (see below). */
#define INDEX_BULK	10000

/* The watermark (the highest id indexed) and the newest entry's id. */
static int
index_state(struct store *s, int64_t *through, int64_t *last, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_INDEX_STATE);
	int		 rc;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*through = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE) {
		snprintf(err, errlen, "search index: search_state has no row");
		return -1;
	}
	return store_fail(s, "search index", err, errlen);
}

int
store_index_backlog(struct store *s, int64_t *n, char *err, size_t errlen)
{
	int64_t	 through, last;

	if (index_state(s, &through, &last, err, errlen) == -1)
		return -1;
	*n = last > through ? last - through : 0;
	return 0;
}

/* Index the next chunk of waiting entries; *more when some are left. */
static int
index_chunk(struct store *s, int *more, int64_t *indexed, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st;
	int64_t		 through, last, to;

	*more = 0;
	if (store_txn_begin(s, "search index", err, errlen) == -1)
		return -1;
	if (index_state(s, &through, &last, err, errlen) == -1)
		goto bad;
	if (last > through) {
		to = last - through > INDEX_CHUNK ? through + INDEX_CHUNK :
		    last;
		st = store_stmt(s, S_INDEX_ADD);
		sqlite3_bind_int64(st, 1, through);
		sqlite3_bind_int64(st, 2, to);
		if (store_run(s, st, "search index", err, errlen) == -1)
			goto bad;
		*indexed += sqlite3_changes(s->db);
		st = store_stmt(s, S_INDEX_MARK);
		sqlite3_bind_int64(st, 1, to);
		if (store_run(s, st, "search index", err, errlen) == -1)
			goto bad;
		*more = to < last;
	}
	if (store_txn_commit(s, "search index", err, errlen) == -1)
		goto bad;
	return 0;
bad:
	store_txn_rollback(s);
	return -1;
}

int
store_index_pending(struct store *s, int64_t *indexed, char *err,
    size_t errlen)
{
	int64_t	 waiting;
	int	 more, rv = 0, shrink;

	*indexed = 0;
	if (store_index_backlog(s, &waiting, err, errlen) == -1)
		return -1;
	/*
	 * A bulk of entries: their pending terms (up to 16 MiB, migration
	 * 10) take the place of most of the page cache.  Writing segments
	 * and merging them reads and writes pages in order, which a small
	 * cache serves as well, and the peak RSS stays where polling has
	 * it.  A daemon's few new entries need no room, and dropping the
	 * cache for them would only make the next polls read it back.
	 */
	if ((shrink = waiting >= INDEX_BULK))
		store_cache_size(s, STORE_INDEX_CACHE_KIB);
	do {
		if (index_chunk(s, &more, indexed, err, errlen) == -1) {
			rv = -1;
			break;
		}
	} while (more);
	if (shrink)
		store_cache_size(s, STORE_CACHE_KIB);
	return rv;
}
