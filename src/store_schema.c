/*
 * store_schema.c - the store's SQL: the numbered schema migrations run on
 * PRAGMA user_version, and the table of statements store.c prepares once
 * at open.  Every statement is a constant; values only travel as bound
 * parameters.
 */
#include <stdio.h>

#include "store_int.h"

/*
 * Migration N (index N-1) takes a database from user_version N-1 to N and
 * ends by setting user_version itself, inside the step's transaction, so a
 * step lands whole or not at all.  Never edit a released step: add one.
 *
 * entries has an explicit INTEGER PRIMARY KEY beside the url_hash key:
 * the external-content FTS5 index is keyed by rowid, and VACUUM may
 * renumber an implicit rowid.  (A TEXT PRIMARY KEY on a rowid table is a
 * unique index anyway, so url_hash UNIQUE costs the same.)
 */
static const char *const store_migrations[STORE_SCHEMA_VERSION] = {
	/* 1: the first schema */
	"CREATE TABLE feeds ("
	"  id                INTEGER PRIMARY KEY,"
	"  url               TEXT UNIQUE NOT NULL,"
	"  title             TEXT,"
	"  title_from_config INTEGER NOT NULL DEFAULT 0,"
	"  site_url          TEXT,"
	"  etag              TEXT,"
	"  last_modified     TEXT,"
	"  next_poll_at      INTEGER NOT NULL DEFAULT 0,"
	"  error_count       INTEGER NOT NULL DEFAULT 0,"
	"  last_error        TEXT,"
	"  last_status       INTEGER NOT NULL DEFAULT 0,"
	"  disabled          INTEGER NOT NULL DEFAULT 0,"
	"  created_at        INTEGER NOT NULL"
	");"
	"CREATE TABLE entries ("
	"  id           INTEGER PRIMARY KEY,"
	"  url_hash     TEXT UNIQUE NOT NULL,"
	"  url          TEXT,"
	"  guid         TEXT,"
	"  feed_id      INTEGER REFERENCES feeds(id) ON DELETE SET NULL,"
	"  title        TEXT,"
	"  authors      TEXT,"
	"  published    INTEGER,"
	"  updated      INTEGER,"
	"  first_seen   INTEGER NOT NULL,"
	"  sort_date    INTEGER NOT NULL,"
	"  summary      TEXT,"
	"  content      TEXT,"
	"  thumbnail    TEXT,"
	"  lang         TEXT,"
	"  content_hash TEXT,"
	"  purged       INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX entries_sort ON entries(purged, sort_date DESC,"
	"  url_hash);"
	"CREATE INDEX entries_owner ON entries(feed_id, sort_date DESC);"
	"CREATE TABLE entry_tags ("
	"  url_hash TEXT NOT NULL REFERENCES entries(url_hash)"
	"    ON DELETE CASCADE,"
	"  tag      TEXT NOT NULL,"
	"  PRIMARY KEY (url_hash, tag)"
	") WITHOUT ROWID;"
	"CREATE INDEX entry_tags_tag ON entry_tags(tag, url_hash);"
	"CREATE TABLE entry_feeds ("
	"  url_hash TEXT NOT NULL REFERENCES entries(url_hash)"
	"    ON DELETE CASCADE,"
	"  feed_id  INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (url_hash, feed_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX entry_feeds_feed ON entry_feeds(feed_id);"
	/*
	 * External content: the text lives once, in entries.  The triggers
	 * keep the index in step; a purged entry is not indexed, and the
	 * 'delete' command must see exactly the values that were indexed,
	 * which is why the update trigger removes before it adds.
	 */
	"CREATE VIRTUAL TABLE entries_fts USING fts5("
	"  title, summary, content,"
	"  content='entries', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries"
	"  WHEN new.purged = 0 BEGIN"
	"  INSERT INTO entries_fts(rowid, title, summary, content)"
	"    VALUES (new.id, new.title, new.summary, new.content);"
	"END;"
	"CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries"
	"  WHEN old.purged = 0 BEGIN"
	"  INSERT INTO entries_fts(entries_fts, rowid, title, summary, content)"
	"    VALUES ('delete', old.id, old.title, old.summary, old.content);"
	"END;"
	"CREATE TRIGGER entries_fts_au"
	"  AFTER UPDATE OF title, summary, content, purged ON entries BEGIN"
	"  INSERT INTO entries_fts(entries_fts, rowid, title, summary, content)"
	"    SELECT 'delete', old.id, old.title, old.summary, old.content"
	"    WHERE old.purged = 0;"
	"  INSERT INTO entries_fts(rowid, title, summary, content)"
	"    SELECT new.id, new.title, new.summary, new.content"
	"    WHERE new.purged = 0;"
	"END;"
	"PRAGMA user_version = 1;",

	/*
	 * 2: what the daemon needs to keep feeds added at run time
	 * (feedctl add) beside the configured ones: their kind, tags and
	 * interval, and where each feed came from.
	 */
	"ALTER TABLE feeds ADD COLUMN kind TEXT NOT NULL DEFAULT 'feed';"
	"ALTER TABLE feeds ADD COLUMN origin TEXT NOT NULL DEFAULT 'config';"
	"ALTER TABLE feeds ADD COLUMN tags TEXT;"
	"ALTER TABLE feeds ADD COLUMN interval INTEGER;"
	"PRAGMA user_version = 2;"
};

const char *
store_migration_sql(int n)
{
	return n >= 1 && n <= STORE_SCHEMA_VERSION ? store_migrations[n - 1] :
	    NULL;
}

/* The columns struct entry_view is filled from (store.c: view_fill). */
#define VIEW_COLS \
	"e.url_hash, e.guid, e.url, e.title, e.summary, e.content," \
	" e.thumbnail, e.lang, e.published, e.updated, e.first_seen," \
	" e.authors, f.url, f.title, f.site_url"

#define FEED_COLS \
	"id, url, title, site_url, etag, last_modified, next_poll_at," \
	" error_count, last_error, last_status, disabled"

#define PURGE_SET \
	"UPDATE entries SET purged = 1, title = NULL, summary = NULL," \
	" content = NULL, authors = NULL, thumbnail = NULL "

const char *const store_sql[S_NSTMT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",

	/* A config title wins; dropping it from the config forgets it. */
	[S_FEED_UPSERT] =
	    "INSERT INTO feeds (url, title, title_from_config, created_at)"
	    " VALUES (?1, ?2, ?2 IS NOT NULL,"
	    "  CAST(strftime('%s', 'now') AS INTEGER))"
	    " ON CONFLICT (url) DO UPDATE SET"
	    "  title = CASE WHEN excluded.title IS NOT NULL THEN excluded.title"
	    "   WHEN feeds.title_from_config THEN NULL ELSE feeds.title END,"
	    "  title_from_config = excluded.title_from_config"
	    " RETURNING id",
	[S_FEED_GET] = "SELECT " FEED_COLS " FROM feeds WHERE id = ?1",
	[S_FEED_ALL] = "SELECT " FEED_COLS " FROM feeds ORDER BY id",
	[S_FEED_POLLED] =
	    "UPDATE feeds SET last_status = ?2, last_error = ?3,"
	    " error_count = CASE WHEN ?3 IS NULL THEN 0"
	    "  ELSE error_count + 1 END,"
	    " etag = coalesce(?4, etag),"
	    " last_modified = coalesce(?5, last_modified),"
	    " next_poll_at = ?6"
	    " WHERE id = ?1",
	/* Touches the row only when something differs, so changes() tells. */
	[S_FEED_DOC] =
	    "UPDATE feeds SET"
	    " title = CASE WHEN title_from_config THEN title"
	    "  ELSE coalesce(?2, title) END,"
	    " site_url = coalesce(?3, site_url)"
	    " WHERE id = ?1 AND (site_url IS NOT coalesce(?3, site_url)"
	    "  OR (NOT title_from_config"
	    "   AND title IS NOT coalesce(?2, title)))",
	[S_FEED_SITE] = "SELECT url FROM feeds WHERE id = ?1",
	[S_FEED_ENTRY_TAGS] =
	    "SELECT DISTINCT t.tag FROM entry_tags t"
	    " JOIN entries e ON e.url_hash = t.url_hash"
	    " WHERE e.feed_id = ?1 AND e.purged = 0",

	[S_ENTRY_FIND] =
	    "SELECT e.feed_id, e.content_hash, e.purged, e.first_seen,"
	    " f.url FROM entries e LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.url_hash = ?1",
	[S_ENTRY_INSERT] =
	    "INSERT INTO entries (url_hash, url, guid, feed_id, title, authors,"
	    " published, updated, first_seen, sort_date, summary, content,"
	    " thumbnail, lang, content_hash)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15)",
	[S_ENTRY_UPDATE] =
	    "UPDATE entries SET title = ?2, summary = ?3, content = ?4,"
	    " thumbnail = ?5, authors = ?6, updated = ?7, content_hash = ?8,"
	    " lang = ?9 WHERE url_hash = ?1",
	[S_ENTRY_TRANSFER] =
	    "UPDATE entries SET feed_id = ?2, published = ?3, sort_date = ?4"
	    " WHERE url_hash = ?1",
	[S_TAG_ADD] =
	    "INSERT OR IGNORE INTO entry_tags (url_hash, tag) VALUES (?1, ?2)",
	[S_LINK_ADD] =
	    "INSERT OR IGNORE INTO entry_feeds (url_hash, feed_id)"
	    " VALUES (?1, ?2)",
	[S_ENTRY_TAGS] =
	    "SELECT tag FROM entry_tags WHERE url_hash = ?1 ORDER BY tag",

	[S_EACH_ALL] =
	    "SELECT " VIEW_COLS " FROM entries e"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_hash LIMIT ?1",
	[S_EACH_TAG] =
	    "SELECT " VIEW_COLS " FROM entry_tags t"
	    " JOIN entries e ON e.url_hash = t.url_hash"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE t.tag = ?2 AND e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_hash LIMIT ?1",
	[S_TAGS_ALL] =
	    "SELECT DISTINCT t.tag FROM entry_tags t"
	    " JOIN entries e ON e.url_hash = t.url_hash"
	    " WHERE e.purged = 0 ORDER BY t.tag",
	[S_SEARCH] =
	    "SELECT " VIEW_COLS " FROM entries_fts s"
	    " JOIN entries e ON e.id = s.rowid"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE entries_fts MATCH ?2 AND e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_hash LIMIT ?1",

	[S_PURGE_DAYS] = PURGE_SET "WHERE purged = 0 AND sort_date < ?1",
	/* Same order as the output, so what is kept is what was shown. */
	[S_PURGE_PER_FEED] = PURGE_SET
	    "WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER"
	    " (PARTITION BY feed_id ORDER BY sort_date DESC, url_hash) AS rn"
	    " FROM entries WHERE purged = 0) WHERE rn > ?1)",
	[S_PURGE_TAGS] =
	    "DELETE FROM entry_tags WHERE url_hash IN"
	    " (SELECT url_hash FROM entries WHERE purged = 1)",
};

static int
user_version(sqlite3 *db, int *v, char *err, size_t errlen)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	else
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_migrate(sqlite3 *db, char *err, size_t errlen)
{
	char	*msg = NULL;
	int	 v, step;

	if (user_version(db, &v, err, errlen) == -1)
		return -1;
	if (v > STORE_SCHEMA_VERSION) {
		snprintf(err, errlen, "database schema version %d is newer "
		    "than this feedd (%d)", v, STORE_SCHEMA_VERSION);
		return -1;
	}
	for (step = v; step < STORE_SCHEMA_VERSION; step++) {
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
		    &msg) != SQLITE_OK)
			goto fail;
		/* Another process may have migrated while we waited. */
		if (user_version(db, &v, err, errlen) == -1) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (v > step) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			step = v - 1;
			continue;
		}
		if (sqlite3_exec(db, store_migrations[step], NULL, NULL,
		    &msg) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
	}
	return 0;
fail:
	snprintf(err, errlen, "schema migration to version %d: %s", step + 1,
	    msg != NULL ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}
