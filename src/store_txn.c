/*
 * store_txn.c - the store's transactions.  A write that spans statements
 * (a document, a purge, a config sync, a lease) runs in one transaction;
 * inside a batch (store_batch_begin) that transaction is a savepoint of
 * the batch's own, so many documents share one commit and each still
 * lands whole or not at all.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_int.h"

/* A batch whose transaction SQLite rolled back (disk full, I/O) is lost. */
static int
batch_alive(struct store *s, char *err, size_t errlen)
{
	if (!s->batch_lost && sqlite3_get_autocommit(s->db)) {
		s->batch_lost = 1;
		snprintf(s->batch_err, sizeof(s->batch_err), "%s",
		    "the transaction was rolled back");
	}
	if (s->batch_lost) {
		snprintf(err, errlen, "%s", s->batch_err);
		return 0;
	}
	return 1;
}

/*
 * A batch keeps its statement and savepoint journals (a savepoint per
 * stored document) in memory: past 64 KiB SQLite writes them to a file
 * in /var/tmp, and they were most of the writes of a cold poll (239,000
 * pwrite calls for 1,000 feeds).  A document bounds what its savepoint
 * journals; so does one row what a statement of a store_txn_begin_rows
 * transaction does (syncing 1,000 configured feeds wrote 66 MB there).
 * Other transactions keep the default, so that one statement that
 * updates much of the database (a purge) journals to a file, not to
 * memory.  SQLite reads the setting when a write transaction begins.
 * (Raising SQLITE_CONFIG_STMTJRNL_SPILL instead made SQLite 3.40 fail
 * a purge with SQLITE_FULL once the journal spilled.)
 */
static void
journals_in_memory(struct store *s, int on)
{
	if (sqlite3_exec(s->db, on ? "PRAGMA temp_store = MEMORY" :
	    "PRAGMA temp_store = DEFAULT", NULL, NULL, NULL) != SQLITE_OK)
		log_warnx("temp_store: %s", sqlite3_errmsg(s->db));
}

int
store_txn_begin(struct store *s, const char *what, char *err, size_t errlen)
{
	if (!s->batch)
		return store_run(s, store_stmt(s, S_BEGIN), what, err, errlen);
	if (!batch_alive(s, err, errlen))
		return -1;
	return store_run(s, store_stmt(s, S_SAVEPOINT), what, err, errlen);
}

int
store_txn_begin_rows(struct store *s, const char *what, char *err,
    size_t errlen)
{
	if (s->batch)
		return store_txn_begin(s, what, err, errlen);
	journals_in_memory(s, 1);
	if (store_txn_begin(s, what, err, errlen) == -1) {
		journals_in_memory(s, 0);
		return -1;
	}
	s->txn_rows = 1;
	return 0;
}

/* After a store_txn_begin_rows transaction: journals as by default. */
static void
txn_rows_end(struct store *s)
{
	if (!s->txn_rows)
		return;
	journals_in_memory(s, 0);
	s->txn_rows = 0;
}

int
store_txn_commit(struct store *s, const char *what, char *err,
    size_t errlen)
{
	int	 rv;

	rv = store_run(s, store_stmt(s, s->batch ? S_RELEASE : S_COMMIT),
	    what, err, errlen);
	if (!s->batch && sqlite3_get_autocommit(s->db))
		txn_rows_end(s);
	return rv;
}

void
store_txn_rollback(struct store *s)
{
	char	 err[256];

	if (!s->batch) {
		store_run(s, store_stmt(s, S_ROLLBACK), "rollback", NULL, 0);
		txn_rows_end(s);
		return;
	}
	if (!batch_alive(s, err, sizeof(err)))
		return;
	if (store_run(s, store_stmt(s, S_ROLLBACK_TO), "rollback", err,
	    sizeof(err)) == -1 ||
	    store_run(s, store_stmt(s, S_RELEASE), "rollback", err,
	    sizeof(err)) == -1) {
		s->batch_lost = 1;
		snprintf(s->batch_err, sizeof(s->batch_err), "%s", err);
	}
}

int
store_batch_begin(struct store *s, char *err, size_t errlen)
{
	if (s->batch)
		return 0;
	journals_in_memory(s, 1);
	if (store_run(s, store_stmt(s, S_BEGIN), "begin", err, errlen) == -1) {
		journals_in_memory(s, 0);
		return -1;
	}
	s->batch = 1;
	s->batch_lost = 0;
	return 0;
}

int
store_batch_end(struct store *s, char *err, size_t errlen)
{
	int	 rv = 0;

	if (!s->batch)
		return 0;
	if (!batch_alive(s, err, errlen))
		rv = -1;
	else if (store_run(s, store_stmt(s, S_COMMIT), "commit", err,
	    errlen) == -1)
		rv = -1;
	if (rv == -1 && !sqlite3_get_autocommit(s->db))
		store_run(s, store_stmt(s, S_ROLLBACK), "rollback", NULL, 0);
	journals_in_memory(s, 0);
	s->batch = 0;
	s->batch_lost = 0;
	return rv;
}

int
store_in_batch(const struct store *s)
{
	return s->batch;
}
