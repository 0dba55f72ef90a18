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
	S_FEED_UPSERT,
	S_FEED_GET,
	S_FEED_ALL,
	S_FEED_POLLED,
	S_FEED_DOC,
	S_FEED_SITE,
	S_FEED_ENTRY_TAGS,
	S_ENTRY_FIND,
	S_ENTRY_INSERT,
	S_ENTRY_UPDATE,
	S_ENTRY_TRANSFER,
	S_TAG_ADD,
	S_LINK_ADD,
	S_ENTRY_TAGS,
	S_EACH_ALL,
	S_EACH_TAG,
	S_TAGS_ALL,
	S_SEARCH,
	S_PURGE_DAYS,
	S_PURGE_PER_FEED,
	S_PURGE_TAGS,
	S_NSTMT
};

struct store {
	sqlite3		*db;
	sqlite3_stmt	*st[S_NSTMT];
};

/* The newest schema this program knows. */
#define STORE_SCHEMA_VERSION	2

extern const char *const store_sql[S_NSTMT];

/* The SQL of migration n (1-based), or NULL; tests build old databases. */
const char *store_migration_sql(int n);
/* Bring db up to STORE_SCHEMA_VERSION, one transaction per step. */
int	store_migrate(sqlite3 *, char *err, size_t errlen);

/*
 * Full-text search (FTS5 trigram) over title, summary and content, newest
 * first; query is taken as one phrase, so it needs no FTS5 syntax and
 * cannot be a syntax error.  Not in store.h yet: the daemon has no use for
 * it until feedctl grows a search command.
 */
int	store_search(struct store *, const char *query, int limit,
	    int (*cb)(const struct entry_view *, void *), void *arg,
	    char *err, size_t errlen);

#endif
