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
/*
 * The search index's delete and update triggers since schema 4 (schema 5
 * rebuilds the table and makes them again): the 'delete' command must see
 * exactly the values that were indexed, and a purged entry is not.
 */
#define FTS_TRIGGERS_AD_AU \
	"CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries" \
	"  WHEN old.purged = 0 BEGIN" \
	"  INSERT INTO entries_fts(entries_fts, rowid, title, summary)" \
	"    VALUES ('delete', old.id, old.title, old.summary);" \
	"END;" \
	"CREATE TRIGGER entries_fts_au" \
	"  AFTER UPDATE OF title, summary, purged ON entries BEGIN" \
	"  INSERT INTO entries_fts(entries_fts, rowid, title, summary)" \
	"    SELECT 'delete', old.id, old.title, old.summary" \
	"    WHERE old.purged = 0;" \
	"  INSERT INTO entries_fts(rowid, title, summary)" \
	"    SELECT new.id, new.title, new.summary" \
	"    WHERE new.purged = 0;" \
	"END;"

/*
 * The same since schema 8: only entries at or below the watermark are in
 * the index (migration 8).
 */
#define FTS_TRIGGERS_AD_AU_8 \
	"CREATE TRIGGER entries_fts_ad AFTER DELETE ON entries" \
	"  WHEN old.id <= (SELECT indexed_through FROM search_state) BEGIN" \
	"  INSERT INTO entries_fts(entries_fts, rowid, title, summary)" \
	"    SELECT 'delete', old.id, old.title, old.summary" \
	"    WHERE old.purged = 0;" \
	"  UPDATE search_state SET indexed_through =" \
	"    (SELECT coalesce(max(id), 0) FROM entries)" \
	"    WHERE indexed_through > (SELECT coalesce(max(id), 0) FROM entries);" \
	"END;" \
	"CREATE TRIGGER entries_fts_au" \
	"  AFTER UPDATE OF title, summary, purged ON entries" \
	"  WHEN old.id <= (SELECT indexed_through FROM search_state) BEGIN" \
	"  INSERT INTO entries_fts(entries_fts, rowid, title, summary)" \
	"    SELECT 'delete', old.id, old.title, old.summary" \
	"    WHERE old.purged = 0;" \
	"  INSERT INTO entries_fts(rowid, title, summary)" \
	"    SELECT new.id, new.title, new.summary" \
	"    WHERE new.purged = 0;" \
	"END;"

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
	"PRAGMA user_version = 2;",

	/*
	 * 3: the daemon's scheduler and feedctl.  tags_add/tags_del are
	 * feedctl's edits to a configured feed's tags (JSON arrays), kept
	 * apart so a reload that rewrites the config tags keeps them;
	 * conf_enabled mirrors the config, disabled is feedctl's or a 410.
	 */
	"ALTER TABLE feeds ADD COLUMN tags_add TEXT;"
	"ALTER TABLE feeds ADD COLUMN tags_del TEXT;"
	"ALTER TABLE feeds ADD COLUMN conf_enabled INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE feeds ADD COLUMN disabled_reason TEXT;"
	"ALTER TABLE feeds ADD COLUMN last_poll_at INTEGER;"
	"ALTER TABLE feeds ADD COLUMN last_ok_at INTEGER;"
	"ALTER TABLE feeds ADD COLUMN ttl INTEGER NOT NULL DEFAULT 0;"
	/* The URL as the config names it, which a 301 does not change. */
	"ALTER TABLE feeds ADD COLUMN conf_url TEXT;"
	"UPDATE feeds SET conf_url = url WHERE origin = 'config';"
	"CREATE UNIQUE INDEX feeds_conf_url ON feeds(conf_url);"
	"CREATE INDEX feeds_due ON feeds(next_poll_at)"
	"  WHERE disabled = 0 AND conf_enabled = 1;"
	"CREATE INDEX entries_feed_seen ON entries(feed_id, first_seen);"
	"PRAGMA user_version = 3;",

	/*
	 * 4: the search index covers titles and summaries (the first 280
	 * characters of each article), no longer whole bodies.  Trigrams
	 * of every body were 3/4 of the CPU of a cold poll (tests/bench):
	 * a trigram per character, for text nobody reads in a search
	 * result.  Triggers first, then the table, then a rebuild from
	 * entries.
	 */
	"DROP TRIGGER entries_fts_ai;"
	"DROP TRIGGER entries_fts_ad;"
	"DROP TRIGGER entries_fts_au;"
	"DROP TABLE entries_fts;"
	"CREATE VIRTUAL TABLE entries_fts USING fts5("
	"  title, summary,"
	"  content='entries', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER entries_fts_ai AFTER INSERT ON entries"
	"  WHEN new.purged = 0 BEGIN"
	"  INSERT INTO entries_fts(rowid, title, summary)"
	"    VALUES (new.id, new.title, new.summary);"
	"END;"
	FTS_TRIGGERS_AD_AU
	"INSERT INTO entries_fts(rowid, title, summary)"
	"  SELECT id, title, summary FROM entries WHERE purged = 0;"
	"PRAGMA user_version = 4;",

	/*
	 * 5: two changes the benchmarks asked for (tests/bench).
	 *
	 * The short columns come first and the bulky ones (title, authors,
	 * summary, content) last.  A row is a few KB of HTML and spills
	 * into overflow pages; SQLite reads a record's columns in order,
	 * so fetching purged or content_hash, which used to come after
	 * content, read the whole overflow chain: indexing a poll's new
	 * entries for search read every body again, as did each lookup
	 * of a known entry and every tag's date query.  The rebuild keeps
	 * every id, so the search index (keyed by id) stays valid.
	 *
	 * New entries are indexed once per document (store.c:
	 * S_FTS_ADD_SINCE), not by a trigger per row.  SQLite 3.40's FTS5
	 * writes its pending terms out as a new segment at every statement
	 * savepoint, and the trigger made every INSERT one: a segment per
	 * entry, then the merging of them.  Updates and deletes keep their
	 * triggers: they must see the old values, and they are rare.
	 *
	 * store_open() runs migrations with foreign keys off, or dropping
	 * the old table would delete every tag and feed link with it.
	 */
	"DROP TRIGGER entries_fts_ai;"
	"DROP TRIGGER entries_fts_ad;"
	"DROP TRIGGER entries_fts_au;"
	"CREATE TABLE entries_v5 ("
	"  id           INTEGER PRIMARY KEY,"
	"  url_hash     TEXT UNIQUE NOT NULL,"
	"  feed_id      INTEGER REFERENCES feeds(id) ON DELETE SET NULL,"
	"  purged       INTEGER NOT NULL DEFAULT 0,"
	"  published    INTEGER,"
	"  updated      INTEGER,"
	"  first_seen   INTEGER NOT NULL,"
	"  sort_date    INTEGER NOT NULL,"
	"  content_hash TEXT,"
	"  lang         TEXT,"
	"  url          TEXT,"
	"  guid         TEXT,"
	"  thumbnail    TEXT,"
	"  title        TEXT,"
	"  authors      TEXT,"
	"  summary      TEXT,"
	"  content      TEXT"
	");"
	"INSERT INTO entries_v5 (id, url_hash, feed_id, purged, published,"
	"  updated, first_seen, sort_date, content_hash, lang, url, guid,"
	"  thumbnail, title, authors, summary, content)"
	"  SELECT id, url_hash, feed_id, purged, published, updated,"
	"  first_seen, sort_date, content_hash, lang, url, guid, thumbnail,"
	"  title, authors, summary, content FROM entries ORDER BY id;"
	"DROP TABLE entries;"
	"ALTER TABLE entries_v5 RENAME TO entries;"
	"CREATE INDEX entries_sort ON entries(purged, sort_date DESC,"
	"  url_hash);"
	"CREATE INDEX entries_owner ON entries(feed_id, sort_date DESC);"
	"CREATE INDEX entries_feed_seen ON entries(feed_id, first_seen);"
	FTS_TRIGGERS_AD_AU
	"PRAGMA user_version = 5;",

	/*
	 * 6: the search index keeps which entries hold a trigram, not
	 * where (detail=none), and no column sizes (nothing ranks by
	 * them).  Positions were half of the index's size and of its
	 * share of a cold poll (20%); a search now asks for entries with
	 * every trigram of the query and then checks that the query is a
	 * substring of the title or summary (store_read.c: store_search).
	 */
	"DROP TRIGGER entries_fts_ad;"
	"DROP TRIGGER entries_fts_au;"
	"DROP TABLE entries_fts;"
	"CREATE VIRTUAL TABLE entries_fts USING fts5("
	"  title, summary,"
	"  content='entries', content_rowid='id', tokenize='trigram',"
	"  detail='none', columnsize=0);"
	/*
	 * A batch of polls indexes a few thousand entries at once: 4 MiB
	 * of pending terms (not 1) make it one segment, and merging 8
	 * segments at a time (not 4) rewrites each less often.  Indexing
	 * the bench corpus in batches: 7.9 G -> 5.1 G instructions.
	 */
	"INSERT INTO entries_fts(entries_fts, rank) VALUES ('hashsize', 4194304);"
	"INSERT INTO entries_fts(entries_fts, rank) VALUES ('automerge', 8);"
	FTS_TRIGGERS_AD_AU
	/*
	 * In id order (+purged keeps the planner off entries_sort): FTS5
	 * writes out a segment whenever a rowid comes lower than the last.
	 */
	"INSERT INTO entries_fts(rowid, title, summary)"
	"  SELECT id, title, summary FROM entries WHERE +purged = 0"
	"  ORDER BY id;"
	"PRAGMA user_version = 6;",

	/*
	 * 7: entry_tags and entry_feeds name an entry by its id, not by
	 * its 64-character url_hash, and entries loses an unused index.  Their keys, indexes and foreign-key
	 * checks (a rowid look-up now) were as much of a cold poll as
	 * storing the entries themselves (tests/bench), and the tag index
	 * a sixth of the size keeps more of it in the page cache when
	 * each tag's output is rendered.
	 */
	"CREATE TABLE entry_tags_v7 ("
	"  entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,"
	"  tag      TEXT NOT NULL,"
	"  PRIMARY KEY (entry_id, tag)"
	") WITHOUT ROWID;"
	"INSERT INTO entry_tags_v7 (entry_id, tag)"
	"  SELECT e.id, t.tag FROM entry_tags t"
	"  JOIN entries e ON e.url_hash = t.url_hash ORDER BY 1, 2;"
	"DROP TABLE entry_tags;"
	"ALTER TABLE entry_tags_v7 RENAME TO entry_tags;"
	"CREATE INDEX entry_tags_tag ON entry_tags(tag, entry_id);"
	"CREATE TABLE entry_feeds_v7 ("
	"  entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,"
	"  feed_id  INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (entry_id, feed_id)"
	") WITHOUT ROWID;"
	"INSERT INTO entry_feeds_v7 (entry_id, feed_id)"
	"  SELECT e.id, f.feed_id FROM entry_feeds f"
	"  JOIN entries e ON e.url_hash = f.url_hash ORDER BY 1, 2;"
	"DROP TABLE entry_feeds;"
	"ALTER TABLE entry_feeds_v7 RENAME TO entry_feeds;"
	"CREATE INDEX entry_feeds_feed ON entry_feeds(feed_id);"
	/*
	 * No statement reads entries_owner (feed_id, sort_date): a feed's
	 * entries are found through entries_feed_seen, whose first column
	 * is feed_id too (so does the foreign key's ON DELETE SET NULL).
	 * One index less to update for every entry stored.
	 */
	"DROP INDEX entries_owner;"
	"PRAGMA user_version = 7;",

	/*
	 * 8: new entries are indexed for search when the polls of a wave
	 * are done (store_index_pending, called by the pipeline), not at
	 * the end of each batch: a cold poll's entries go into the index
	 * in a few large segments instead of a small one per batch that
	 * FTS5 then merges again and again (tests/bench).
	 *
	 * search_state.indexed_through is the watermark: the index holds
	 * exactly the unpurged entries whose id is at or below it, and
	 * entries above it wait.  The triggers only touch the index for
	 * rows at or below it; a search scans the waiting ones too.
	 * feedd never deletes an entry row, but should one be, the
	 * watermark comes down to the highest id left, or SQLite could
	 * hand a deleted indexed row's id to a new, unindexed entry.
	 */
	"CREATE TABLE search_state ("
	"  one             INTEGER PRIMARY KEY CHECK (one = 1),"
	"  indexed_through INTEGER NOT NULL"
	");"
	"INSERT INTO search_state (one, indexed_through)"
	"  SELECT 1, coalesce(max(id), 0) FROM entries;"
	"DROP TRIGGER entries_fts_ad;"
	"DROP TRIGGER entries_fts_au;"
	FTS_TRIGGERS_AD_AU_8
	"PRAGMA user_version = 8;",

	/*
	 * 9: an entry is found by url_key, the first 64 bits of its
	 * url_hash as an integer (store_url_key: it sorts as the hex
	 * does), instead of a UNIQUE index on the 64-character hex; the
	 * output order's tie-break is url_key too; content_hash goes.
	 *
	 * Those two indexes took new keys at random places: 44 MB at
	 * 280,000 entries, five times the page cache, so a cold poll of
	 * 10,000 feeds read and wrote a leaf page of each for nearly
	 * every entry stored (14.5 GB written for a 1.9 GB database).
	 * With integer keys they are a quarter of that.  url_hash stays
	 * unique by the store's look-up before each insert, in the one
	 * writer's transaction; two hashes sharing 64 bits only share a
	 * key, and the look-up compares the whole hash.
	 *
	 * Dropping a UNIQUE constraint rebuilds the table, once, keeping
	 * every id (the search index and entry_tags/entry_feeds are keyed
	 * by it).  feedd_url_key() is store.c's function.
	 */
	"DROP TRIGGER entries_fts_ad;"
	"DROP TRIGGER entries_fts_au;"
	"CREATE TABLE entries_v9 ("
	"  id           INTEGER PRIMARY KEY,"
	"  url_key      INTEGER NOT NULL,"
	"  url_hash     TEXT NOT NULL,"
	"  feed_id      INTEGER REFERENCES feeds(id) ON DELETE SET NULL,"
	"  purged       INTEGER NOT NULL DEFAULT 0,"
	"  published    INTEGER,"
	"  updated      INTEGER,"
	"  first_seen   INTEGER NOT NULL,"
	"  sort_date    INTEGER NOT NULL,"
	"  lang         TEXT,"
	"  url          TEXT,"
	"  guid         TEXT,"
	"  thumbnail    TEXT,"
	"  title        TEXT,"
	"  authors      TEXT,"
	"  summary      TEXT,"
	"  content      TEXT"
	");"
	"INSERT INTO entries_v9 (id, url_key, url_hash, feed_id, purged,"
	"  published, updated, first_seen, sort_date, lang, url, guid,"
	"  thumbnail, title, authors, summary, content)"
	"  SELECT id, feedd_url_key(url_hash), url_hash, feed_id, purged,"
	"  published, updated, first_seen, sort_date, lang, url, guid,"
	"  thumbnail, title, authors, summary, content FROM entries"
	"  ORDER BY id;"
	"DROP TABLE entries;"
	"ALTER TABLE entries_v9 RENAME TO entries;"
	"CREATE INDEX entries_key ON entries(url_key);"
	"CREATE INDEX entries_sort ON entries(purged, sort_date DESC,"
	"  url_key);"
	"CREATE INDEX entries_feed_seen ON entries(feed_id, first_seen);"
	FTS_TRIGGERS_AD_AU_8
	"PRAGMA user_version = 9;",

	/*
	 * 10: up to 16 MiB of pending terms (not 4) before the search
	 * index writes a segment.  Only store_index_pending's chunks of
	 * 50,000 entries come near it: fewer, larger segments cost less
	 * to write and to merge (indexing the 280,000 entries of the
	 * 10,000-feed bench: a quarter less CPU).  The memory comes out
	 * of the page cache while indexing (store_index.c).
	 */
	"INSERT INTO entries_fts(entries_fts, rank)"
	"  VALUES ('hashsize', 16777216);"
	"PRAGMA user_version = 10;"
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
	" e.authors, f.url, f.title, f.site_url, e.id"

#define FEED_COLS \
	"id, url, title, site_url, etag, last_modified, next_poll_at," \
	" error_count, last_error, last_status, disabled, kind, origin," \
	" tags, tags_add, tags_del, interval, conf_enabled, disabled_reason," \
	" last_poll_at, last_ok_at, ttl, conf_url"

#define FEED_ACTIVE	"disabled = 0 AND conf_enabled = 1"

#define PURGE_SET \
	"UPDATE entries SET purged = 1, title = NULL, summary = NULL," \
	" content = NULL, authors = NULL, thumbnail = NULL "

const char *const store_sql[S_NSTMT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_SAVEPOINT] = "SAVEPOINT txn",
	[S_RELEASE] = "RELEASE txn",
	[S_ROLLBACK_TO] = "ROLLBACK TO txn",

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
	    " next_poll_at = ?6, last_poll_at = ?7,"
	    " last_ok_at = CASE WHEN ?3 IS NULL THEN ?7 ELSE last_ok_at END,"
	    " ttl = coalesce(?8, ttl)"
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
	    " JOIN entries e ON e.id = t.entry_id"
	    " WHERE e.feed_id = ?1 AND e.purged = 0",

	/*
	 * An entry by url_hash (?1, its url_key ?5), and (column 5)
	 * whether its text is what a feed now says (?2..?4): comparing the
	 * stored text in the row the look-up reads anyway is cheaper than
	 * a hash of it (3% of a cold poll) and exact.
	 */
	[S_ENTRY_FIND] =
	    "SELECT e.feed_id, e.purged, e.first_seen, f.url, e.id,"
	    " e.title IS ?2 AND e.summary IS ?3 AND e.content IS ?4"
	    " FROM entries e LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.url_key = ?5 AND e.url_hash = ?1",
	[S_ENTRY_INSERT] =
	    "INSERT INTO entries (url_hash, url, guid, feed_id, title, authors,"
	    " published, updated, first_seen, sort_date, summary, content,"
	    " thumbnail, lang, url_key)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15)",
	/* The search index's watermark and the newest entry (migration 8). */
	[S_INDEX_STATE] =
	    "SELECT indexed_through, (SELECT coalesce(max(id), 0) FROM entries)"
	    " FROM search_state",
	/*
	 * Index the waiting entries in (?1, ?2], in id order: FTS5 writes
	 * out a segment whenever a rowid comes lower than the last.
	 */
	[S_INDEX_ADD] =
	    "INSERT INTO entries_fts(rowid, title, summary)"
	    " SELECT id, title, summary FROM entries"
	    " WHERE id > ?1 AND id <= ?2 AND +purged = 0 ORDER BY id",
	[S_INDEX_MARK] = "UPDATE search_state SET indexed_through = ?1",
	/* An entry by the id S_ENTRY_FIND gave. */
	[S_ENTRY_UPDATE] =
	    "UPDATE entries SET title = ?2, summary = ?3, content = ?4,"
	    " thumbnail = ?5, authors = ?6, updated = ?7, lang = ?8"
	    " WHERE id = ?1",
	[S_ENTRY_TRANSFER] =
	    "UPDATE entries SET feed_id = ?2, published = ?3, sort_date = ?4"
	    " WHERE id = ?1",
	[S_TAG_ADD] =
	    "INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?1, ?2)",
	[S_LINK_ADD] =
	    "INSERT OR IGNORE INTO entry_feeds (entry_id, feed_id)"
	    " VALUES (?1, ?2)",
	[S_ENTRY_TAGS] =
	    "SELECT tag FROM entry_tags WHERE entry_id = ?1 ORDER BY tag",

	[S_EACH_ALL] =
	    "SELECT " VIEW_COLS " FROM entries e"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT ?1",
	[S_EACH_TAG] =
	    "SELECT " VIEW_COLS " FROM entry_tags t"
	    " JOIN entries e ON e.id = t.entry_id"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE t.tag = ?2 AND e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT ?1",
	/* Entries first stored since ?1 (what a killed run left unexported). */
	[S_EACH_SEEN] =
	    "SELECT " VIEW_COLS " FROM entries e"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.purged = 0 AND e.first_seen >= ?1"
	    " ORDER BY e.sort_date DESC, e.url_key",
	/* S_EACH_ALL and S_EACH_TAG, only the columns dates come from. */
	[S_DATES_ALL] =
	    "SELECT e.published, e.updated, e.first_seen FROM entries e"
	    " WHERE e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT ?1",
	[S_DATES_TAG] =
	    "SELECT e.published, e.updated, e.first_seen FROM entry_tags t"
	    " JOIN entries e ON e.id = t.entry_id"
	    " WHERE t.tag = ?2 AND e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT ?1",
	/*
	 * DISTINCT over entry_tags read every row (2.6 s of CPU with a
	 * million entries); this steps through entry_tags_tag once per
	 * tag instead.  Purging deletes an entry's tag rows; the EXISTS
	 * keeps a tag whose rows are all purged out all the same.
	 */
	[S_TAGS_ALL] =
	    "WITH RECURSIVE t(tag) AS ("
	    "  SELECT min(tag) FROM entry_tags"
	    "  UNION ALL SELECT (SELECT min(tag) FROM entry_tags"
	    "   WHERE tag > t.tag) FROM t WHERE t.tag IS NOT NULL)"
	    " SELECT tag FROM t WHERE tag IS NOT NULL AND EXISTS"
	    " (SELECT 1 FROM entry_tags t2 JOIN entries e"
	    "  ON e.id = t2.entry_id"
	    "  WHERE t2.tag = t.tag AND e.purged = 0) ORDER BY tag",
	/*
	 * ?2 is every trigram of the query, ?3 the query: the index finds
	 * the entries holding all the trigrams, with those not indexed yet
	 * (migration 8), and feedd_contains() (store.c) keeps those where
	 * they make up the query.
	 */
	[S_SEARCH] =
	    "SELECT " VIEW_COLS " FROM"
	    " (SELECT rowid AS id FROM entries_fts WHERE entries_fts MATCH ?2"
	    "  UNION ALL SELECT id FROM entries"
	    "  WHERE id > (SELECT indexed_through FROM search_state)) m"
	    " CROSS JOIN entries e ON e.id = m.id"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.purged = 0"
	    " AND (feedd_contains(e.title, ?3)"
	    "  OR feedd_contains(e.summary, ?3))"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT ?1",

	/*
	 * The trigram index cannot match fewer than three characters
	 * ("中文"): such queries scan the same columns.
	 */
	[S_SEARCH_SHORT] =
	    "SELECT " VIEW_COLS " FROM entries e"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.purged = 0 AND (feedd_contains(e.title, ?2)"
	    "  OR feedd_contains(e.summary, ?2))"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT ?1",

	[S_PURGE_DAYS] = PURGE_SET "WHERE purged = 0 AND sort_date < ?1",
	/* Same order as the output, so what is kept is what was shown. */
	[S_PURGE_PER_FEED] = PURGE_SET
	    "WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER"
	    " (PARTITION BY feed_id ORDER BY sort_date DESC, url_key) AS rn"
	    " FROM entries WHERE purged = 0) WHERE rn > ?1)",
	/* A configured feed: the config's title, tags, interval, enabled. */
	[S_FEED_SYNC] =
	    "INSERT INTO feeds (url, title, title_from_config, created_at,"
	    " origin, tags, interval, conf_enabled, conf_url, kind)"
	    " VALUES (?1, ?2, ?2 IS NOT NULL, ?3, 'config', ?4, ?5, ?6, ?1, ?7)"
	    " ON CONFLICT (url) DO UPDATE SET conf_url = excluded.url,"
	    "  kind = excluded.kind,"
	    "  title = CASE WHEN excluded.title IS NOT NULL THEN excluded.title"
	    "   WHEN feeds.title_from_config THEN NULL ELSE feeds.title END,"
	    "  title_from_config = excluded.title_from_config,"
	    "  origin = 'config', tags = excluded.tags,"
	    "  interval = excluded.interval,"
	    "  conf_enabled = excluded.conf_enabled"
	    " RETURNING id",
	/*
	 * A configured feed the database already has exactly as the config
	 * says: nothing to write (S_FEED_SYNC would rewrite the row, and
	 * every start syncs every feed).  The title test mirrors the
	 * upsert's CASE.  feeds_conf_url is unique, so no other row can be
	 * a moved copy of this one that S_FEED_SYNC_MOVED would pick.
	 */
	[S_FEED_SYNC_SAME] =
	    "SELECT id FROM feeds WHERE url = ?1 AND conf_url = ?1"
	    " AND origin = 'config' AND kind IS ?7"
	    " AND title_from_config = (?2 IS NOT NULL)"
	    " AND (?2 IS NULL OR title IS ?2)"
	    " AND tags IS ?4 AND interval IS ?5 AND conf_enabled IS ?6",
	/* The same for a configured feed that has moved (301) since. */
	[S_FEED_SYNC_MOVED] =
	    "UPDATE feeds SET"
	    "  title = CASE WHEN ?2 IS NOT NULL THEN ?2"
	    "   WHEN title_from_config THEN NULL ELSE title END,"
	    "  title_from_config = ?2 IS NOT NULL,"
	    "  origin = 'config', tags = ?4, interval = ?5, conf_enabled = ?6,"
	    "  kind = ?7"
	    " WHERE conf_url = ?1 AND url IS NOT ?1 RETURNING id",
	[S_FEED_CONFIG_ALL] = "SELECT id, url FROM feeds WHERE origin = 'config'",
	[S_FEED_DELETE] = "DELETE FROM feeds WHERE id = ?1",
	[S_FEED_ADD] =
	    "INSERT INTO feeds (url, title, title_from_config, created_at,"
	    " origin, tags, interval, kind)"
	    " VALUES (?1, ?2, ?2 IS NOT NULL, ?3, 'runtime', ?4, ?5, ?6)"
	    " RETURNING id",
	[S_FEED_BY_URL] = "SELECT " FEED_COLS " FROM feeds WHERE url = ?1",
	[S_FEED_SET_TAGS] =
	    "UPDATE feeds SET tags = ?2, tags_add = ?3, tags_del = ?4"
	    " WHERE id = ?1",
	/* Enabling again polls at once, with a clean error count. */
	[S_FEED_SET_DISABLED] =
	    "UPDATE feeds SET disabled = ?2, disabled_reason = ?3,"
	    " error_count = CASE WHEN ?2 THEN error_count ELSE 0 END,"
	    " next_poll_at = CASE WHEN ?2 THEN next_poll_at ELSE 0 END"
	    " WHERE id = ?1",
	[S_FEED_SET_URL] = "UPDATE feeds SET url = ?2 WHERE id = ?1",
	[S_FEED_SET_NEXT] = "UPDATE feeds SET next_poll_at = ?2 WHERE id = ?1",
	[S_FEED_DUE] =
	    "SELECT id FROM feeds WHERE " FEED_ACTIVE " AND next_poll_at <= ?1"
	    " ORDER BY next_poll_at LIMIT ?2",
	[S_FEED_POLL_ALL] =
	    "UPDATE feeds SET next_poll_at = 0 WHERE " FEED_ACTIVE
	    " AND (?1 = 0 OR error_count > 0)",
	[S_FEED_NEXT_DUE] =
	    "SELECT min(next_poll_at) FROM feeds WHERE " FEED_ACTIVE,
	[S_FEED_RATE] =
	    "SELECT count(*) FROM entries WHERE feed_id = ?1"
	    " AND first_seen >= ?2",
	[S_FEED_COUNTS] =
	    "SELECT count(*),"
	    " coalesce(sum(" FEED_ACTIVE " AND error_count = 0), 0),"
	    " coalesce(sum(" FEED_ACTIVE " AND error_count > 0), 0),"
	    " max(last_poll_at),"
	    " min(CASE WHEN " FEED_ACTIVE " THEN next_poll_at END)"
	    " FROM feeds",
	[S_ENTRY_COUNT] = "SELECT count(*) FROM entries WHERE purged = 0",
	/* feedctl entries: each filter applies when its value is given. */
	[S_ENTRIES_QUERY] =
	    "SELECT " VIEW_COLS " FROM entries e"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.purged = 0"
	    " AND (?2 IS NULL OR e.id IN"
	    "  (SELECT entry_id FROM entry_tags WHERE tag = ?2))"
	    " AND (?3 IS NULL OR e.id IN"
	    "  (SELECT entry_id FROM entry_feeds WHERE feed_id = ?3))"
	    " AND (?4 IS NULL OR e.sort_date >= ?4)"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT ?1",
	/*
	 * feedctl show and the Markdown export: an entry by a url_hash
	 * prefix (?1, lower-case hex), whose url_keys lie in [?2, ?3].
	 */
	[S_ENTRY_BY_HASH] =
	    "SELECT " VIEW_COLS " FROM entries e"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.url_key BETWEEN ?2 AND ?3 AND e.url_hash >= ?1"
	    " AND e.url_hash < ?1 || 'g' AND +e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT 2",
	/* feedctl show by URL: no index, a rare question. */
	[S_ENTRY_BY_URL] =
	    "SELECT " VIEW_COLS " FROM entries e"
	    " LEFT JOIN feeds f ON f.id = e.feed_id"
	    " WHERE e.url = ?1 AND e.purged = 0"
	    " ORDER BY e.sort_date DESC, e.url_key LIMIT 2",
	[S_PURGE_TAGS] =
	    "DELETE FROM entry_tags WHERE entry_id IN"
	    " (SELECT id FROM entries WHERE purged = 1)",
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
