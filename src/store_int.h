/*
 * store_int.h - what store.c and store_schema.c share: the connection with
 * its prepared statements (one table of SQL strings, prepared at open) and
 * the migration runner.  Nothing outside the store includes this.
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <sqlite3.h>

#include "store.h"

/* Indexes into store_sql[] and struct store's st[]. */
enum store_stmt {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_SAVEPOINT,
	S_RELEASE,
	S_ROLLBACK_TO,
	S_FEED_UPSERT,
	S_FEED_GET,
	S_FEED_ALL,
	S_FEED_POLLED,
	S_FEED_DOC,
	S_FEED_SITE,
	S_FEED_ENTRY_TAGS,
	S_ENTRY_FIND,
	S_ENTRY_INSERT,
	S_INDEX_STATE,
	S_INDEX_ADD,
	S_INDEX_MARK,
	S_ENTRY_UPDATE,
	S_ENTRY_TRANSFER,
	S_TAG_ADD,
	S_LINK_ADD,
	S_ENTRY_TAGS,
	S_EACH_ALL,
	S_EACH_TAG,
	S_EACH_SEEN,
	S_DATES_ALL,
	S_DATES_TAG,
	S_TAGS_ALL,
	S_SEARCH,
	S_SEARCH_SHORT,
	S_PURGE_DAYS,
	S_PURGE_PER_FEED,
	S_PURGE_TAGS,
	S_FEED_SYNC,
	S_FEED_SYNC_SAME,
	S_FEED_SYNC_MOVED,
	S_FEED_CONFIG_ALL,
	S_FEED_DELETE,
	S_FEED_ADD,
	S_FEED_BY_URL,
	S_FEED_SET_TAGS,
	S_FEED_SET_DISABLED,
	S_FEED_SET_URL,
	S_FEED_SET_NEXT,
	S_FEED_DUE,
	S_FEED_POLL_ALL,
	S_FEED_NEXT_DUE,
	S_FEED_RATE,
	S_FEED_COUNTS,
	S_ENTRY_COUNT,
	S_ENTRIES_QUERY,
	S_ENTRY_BY_HASH,
	S_ENTRY_BY_URL,
	S_NSTMT
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[S_NSTMT];
	/* store_txn.c */
	int		 batch;		/* a batch transaction is open */
	int		 batch_lost;	/* and SQLite rolled it back */
	int		 txn_rows;	/* a store_txn_begin_rows one is open */
	char		 batch_err[256];
};

/* The newest schema this program knows. */
#define STORE_SCHEMA_VERSION	10

/*
 * The page cache, in KiB (PRAGMA cache_size), and its size while the
 * search index is filled, when the index's pending terms need the room.
 */
#define STORE_CACHE_KIB		16384
#define STORE_INDEX_CACHE_KIB	4096

/* PRAGMA cache_size; a smaller cache frees the pages it drops. */
void	 store_cache_size(struct store *, int kib);

extern const char *const store_sql[S_NSTMT];

/*
 * An entry's url_key: the first 16 hex digits of its url_hash (padded
 * with pad, for a prefix) as an integer that sorts as the hex does.
 */
int64_t		 store_url_key(const char *hex, char pad);

/* Helpers store*.c share (store.c). */
void		 store_sqlite_setup(void);
int		 store_fail(struct store *, const char *what, char *err,
		    size_t errlen);
/* The statement, reset and with no bindings left from its last use. */
sqlite3_stmt	*store_stmt(struct store *, enum store_stmt);
void		 store_bind_text(sqlite3_stmt *, int, const char *);
void		 store_bind_date(sqlite3_stmt *, int, int64_t);
int64_t		 store_col_date(sqlite3_stmt *, int);
char		*store_col_strdup(sqlite3_stmt *, int);
/* Run a statement that returns no rows; -1 with the message on error. */
int		 store_run(struct store *, sqlite3_stmt *, const char *what,
		    char *err, size_t errlen);

/* Transactions, or savepoints inside a batch (store_txn.c). */
int	store_txn_begin(struct store *, const char *what, char *err,
	    size_t errlen);
/*
 * The same for a transaction whose statements each change a row or a
 * few (syncing the config, leasing feeds): their journals stay in
 * memory, as in a batch.
 */
int	store_txn_begin_rows(struct store *, const char *what, char *err,
	    size_t errlen);
int	store_txn_commit(struct store *, const char *what, char *err,
	    size_t errlen);
void	store_txn_rollback(struct store *);

/* The SQL of migration n (1-based), or NULL; tests build old databases. */
const char *store_migration_sql(int n);
/* Bring db up to STORE_SCHEMA_VERSION, one transaction per step. */
/* The tags of one entry, sorted (store_read.c). */
int		 store_entry_tags(struct store *, int64_t entry_id,
		    struct strvec *out, char *err, size_t errlen);

int	store_migrate(sqlite3 *, char *err, size_t errlen);

#endif
