/*
 * test_store.c - unit tests for the SQLite store: migrations, feeds,
 * dedup and updates in place, the dedup-poisoning rule in both orders,
 * dates, tags, all-or-nothing documents, retention and FTS5 search.
 * Checks that the API cannot see go through a second sqlite3 connection.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "conf.h"
#include "feed.h"
#include "store.h"
#include "store_int.h"
#include "t.h"
#include "url.h"
#include "xmalloc.h"

/* Not in store.h: declared in src/store_int.h. */
int	store_search(struct store *, const char *, int,
	    int (*)(const struct entry_view *, void *), void *, char *, size_t);

#define NOW	1700000000LL
#define DAY	86400LL

static char	 tmpdir[] = "/tmp/test_store.XXXXXX";

static char *
db_path(const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", tmpdir, name);
	return p;
}

/* One integer from a second connection (-1 on any error). */
static long long
q1(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

/* One string from a second connection; owned, NULL for NULL. */
static char *
qs(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	const char	*p;
	char		*v = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return xstrdup("<open failed>");
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    (p = (const char *)sqlite3_column_text(st, 0)) != NULL)
			v = xstrdup(p);
		sqlite3_finalize(st);
	} else
		v = xstrdup(sqlite3_errmsg(db));
	sqlite3_close(db);
	return v;
}

static int
xexec(const char *path, const char *sql)
{
	sqlite3	*db;
	int	 rc;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Documents built by hand, already "normalized". */

static struct feed_doc *
doc_new(const char *title, const char *link)
{
	struct feed_doc	*d = feed_doc_new();

	d->title_text = title ? xstrdup(title) : NULL;
	d->link = link ? xstrdup(link) : NULL;
	return d;
}

static struct entry *
add(struct feed_doc *d, const char *url, const char *title,
    const char *content, int64_t published)
{
	struct entry	*e = entry_new();

	e->url = xstrdup(url);
	url_hash(url, e->url_hash);
	e->id = xstrdup(url);
	e->title_text = xstrdup(title);
	e->summary_text = xstrdup(title);
	e->content_html = content ? xstrdup(content) : NULL;
	e->published = published;
	feed_doc_add_entry(d, e);
	return e;
}

static void
hash_of(const char *url, char out[65])
{
	url_hash(url, out);
}

struct put_res {
	int	 rv;
	int	 new, upd, same, any;
	char	 tags[256];	/* changed_tags joined with "," */
	char	 err[256];
};

static struct put_res
put(struct store *s, int64_t feed, struct feed_doc *d, const char *feedtags,
    int cat, int64_t now)
{
	struct store_put_opts	 o;
	struct store_put_stats	 st;
	struct strvec		 ft = { NULL, 0, 0 };
	struct put_res		 r;
	char			*dup, *tok, *save;
	size_t			 i;

	memset(&r, 0, sizeof(r));
	memset(&st, 0, sizeof(st));
	dup = xstrdup(feedtags ? feedtags : "");
	for (tok = strtok_r(dup, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		strvec_push(&ft, tok);
	free(dup);
	memset(&o, 0, sizeof(o));
	o.feed_url = "unused";
	o.feed_tags = &ft;
	o.category_tags = cat;
	o.now = now;
	r.rv = store_put_doc(s, feed, d, &o, &st, r.err, sizeof(r.err));
	r.new = st.new_entries;
	r.upd = st.updated_entries;
	r.same = st.unchanged;
	r.any = st.changed_any;
	for (i = 0; i < st.changed_tags.n; i++) {
		if (i > 0)
			strcat(r.tags, ",");
		strcat(r.tags, st.changed_tags.v[i]);
	}
	store_put_stats_clear(&st);
	strvec_clear(&ft);
	feed_doc_free(d);
	return r;
}

/* Entry walks, flattened into text for exact comparison. */

struct walk {
	/* "title|published|updated|tags|source;" per entry */
	char	 out[2048];
	int	 n;
	int	 stop_at;
};

static int
walk_cb(const struct entry_view *v, void *arg)
{
	struct walk	*w = arg;
	size_t		 len = strlen(w->out), i;

	snprintf(w->out + len, sizeof(w->out) - len, "%s|%lld|%lld|",
	    v->title ? v->title : "NULL", (long long)(v->published - NOW),
	    (long long)(v->updated - NOW));
	for (i = 0; i < v->ntags; i++) {
		len = strlen(w->out);
		snprintf(w->out + len, sizeof(w->out) - len, "%s%s",
		    i ? "," : "", v->tags[i]);
	}
	len = strlen(w->out);
	snprintf(w->out + len, sizeof(w->out) - len, "|%s;",
	    v->source_url ? v->source_url : "NULL");
	return ++w->n == w->stop_at ? 7 : 0;
}

static const char *
walk(struct store *s, const char *tag, int limit, struct walk *w)
{
	char	 err[256];

	memset(w, 0, sizeof(*w));
	if (store_each_entry(s, tag, limit, walk_cb, w, err,
	    sizeof(err)) != 0)
		snprintf(w->out, sizeof(w->out), "error: %s", err);
	return w->out;
}

static int
title_cb(const struct entry_view *v, void *arg)
{
	struct walk	*w = arg;
	size_t		 len = strlen(w->out);

	snprintf(w->out + len, sizeof(w->out) - len, "%s%s", w->n++ ? "," : "",
	    v->title);
	return 0;
}

static const char *
search(struct store *s, const char *q, struct walk *w)
{
	char	 err[256];

	memset(w, 0, sizeof(*w));
	if (store_search(s, q, 10, title_cb, w, err, sizeof(err)) != 0)
		snprintf(w->out, sizeof(w->out), "error: %s", err);
	return w->out;
}

/* The value of an integer setting of the store's own connection. */
static int	pragma_int(struct store *, const char *);

/* Index what waits for search: how many were indexed, or -1. */
static int64_t
index_all(struct store *s)
{
	char	 err[256];
	int64_t	 n;

	return store_index_pending(s, &n, err, sizeof(err)) == 0 ? n : -1;
}

static int64_t
backlog(struct store *s)
{
	char	 err[256];
	int64_t	 n;

	return store_index_backlog(s, &n, err, sizeof(err)) == 0 ? n : -1;
}

static int
tag_cb(const char *tag, void *arg)
{
	struct walk	*w = arg;
	size_t		 len = strlen(w->out);

	snprintf(w->out + len, sizeof(w->out) - len, "%s%s", w->n++ ? "," : "",
	    tag);
	return 0;
}

static int64_t
feed(struct store *s, const char *url, const char *title)
{
	int64_t	 id = -1;
	char	 err[256];

	if (store_feed_upsert(s, url, title, &id, err, sizeof(err)) == -1)
		printf("# upsert %s: %s\n", url, err);
	return id;
}

/*
 * A database left by a feedd that knew only schema v1, with a feed and an
 * entry in it, is upgraded in place: data kept, new columns defaulted.
 */
static void
test_upgrade_from_v1(void)
{
	struct store	*s = NULL;
	char		*path = db_path("v1.db"), err[256], *v;

	t_ok(xexec(path, store_migration_sql(1)) == 0, "build a v1 database");
	t_ok(xexec(path, "INSERT INTO feeds (url, title, created_at) VALUES "
	    "('https://old.example/feed', 'Old', 1000);"
	    "INSERT INTO entries (url_hash, url, feed_id, title, first_seen,"
	    " sort_date, content_hash) VALUES ('" "0123456789abcdef0123456789"
	    "abcdef0123456789abcdef0123456789abcdef', 'https://old.example/1',"
	    " 1, 'Old entry', 1000, 1000, 'x');"
	    "INSERT INTO entry_tags VALUES ('0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef', 'old');"
	    "INSERT INTO entry_feeds VALUES ('0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef', 1)") == 0, "v1 data");
	t_ok(q1(path, "PRAGMA user_version") == 1, "it is v1");
	t_ok(store_open(path, &s, err, sizeof(err)) == 0, "open upgrades it");
	store_close(s);
	t_ok(q1(path, "PRAGMA user_version") == 10, "now v10");
	t_ok(q1(path, "SELECT count(*) FROM entries WHERE title = "
	    "'Old entry'") == 1, "v1 entry kept");
	t_ok(q1(path, "SELECT count(*) FROM entries_fts WHERE entries_fts "
	    "MATCH '\"d e\" \" en\" \"ent\" \"ntr\"'") == 1,
	    "v6 rebuilt the index: v1 entry found");
	t_ok(q1(path, "SELECT indexed_through FROM search_state") == 1 &&
	    q1(path, "SELECT count(*) FROM search_state") == 1,
	    "v8: the watermark covers what v6 indexed");
	t_ok(q1(path, "SELECT count(*) FROM entry_tags WHERE tag = 'old'") == 1 &&
	    q1(path, "SELECT count(*) FROM entry_feeds WHERE feed_id = 1") == 1,
	    "v5's and v7's table rebuilds keep tags and feed links");
	t_ok(q1(path, "SELECT count(*) FROM entry_tags t JOIN entries e ON "
	    "e.id = t.entry_id WHERE t.tag = 'old' AND e.title = "
	    "'Old entry'") == 1 && q1(path, "SELECT count(*) FROM "
	    "entry_feeds f JOIN entries e ON e.id = f.entry_id WHERE "
	    "f.feed_id = 1 AND e.title = 'Old entry'") == 1,
	    "v7: tags and feed links name the entry by its id");
	t_ok(q1(path, "SELECT count(*) FROM sqlite_master WHERE name IN "
	    "('entry_tags_tag', 'entry_feeds_feed')") == 2 &&
	    q1(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE "
	    "'%_v7'") == 0, "v7: indexes made again, no table left behind");
	v = qs(path, "SELECT group_concat(name, ',') FROM pragma_table_info("
	    "'entries')");
	t_streq(v, "id,url_key,url_hash,feed_id,purged,published,updated,"
	    "first_seen,sort_date,lang,url,guid,thumbnail,title,authors,"
	    "summary,content", "v5, v9: the bulky columns last, url_key, no "
	    "content_hash");
	free(v);
	t_ok(q1(path, "SELECT count(*) FROM sqlite_master WHERE name IN "
	    "('entries_sort', 'entries_feed_seen', "
	    "'entries_fts_ad', 'entries_fts_au')") == 4 &&
	    q1(path, "SELECT count(*) FROM sqlite_master WHERE name IN "
	    "('entries_fts_ai', 'entries_owner')") == 0,
	    "v5, v7: indexes and triggers");
	t_ok(q1(path, "SELECT count(*) FROM entries WHERE url_key = "
	    "0x0123456789abcdef - 0x7fffffffffffffff - 1 AND url_hash = "
	    "'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'")
	    == 1, "v9: url_key from the hash's first 64 bits, top bit flipped");
	t_ok(q1(path, "SELECT count(*) FROM sqlite_master WHERE name IN "
	    "('entries_key', 'entries_sort') AND sql LIKE '%url_key%'") == 2 &&
	    q1(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE "
	    "'sqlite_autoindex_entries%' OR name = 'entries_v9'") == 0,
	    "v9: the look-up and sort indexes on url_key, no hex index");
	t_ok(xexec(path, "INSERT INTO entries_fts(entries_fts, rank) VALUES "
	    "('integrity-check', 1)") == 0 && q1(path, "SELECT count(*) FROM "
	    "pragma_foreign_key_check") == 0, "v5: the index still matches "
	    "the table, and the foreign keys hold");
	v = qs(path, "SELECT kind || ',' || origin FROM feeds WHERE url = "
	    "'https://old.example/feed'");
	t_streq(v, "feed,config", "v1 feed gets the v2 defaults");
	free(v);
	v = qs(path, "SELECT conf_url || ',' || conf_enabled || ',' || "
	    "disabled FROM feeds WHERE url = 'https://old.example/feed'");
	t_streq(v, "https://old.example/feed,1,0",
	    "v1 feed gets the v3 defaults");
	free(v);
	free(path);
}

static void
test_migrations(void)
{
	struct store	*s = NULL;
	char		*path = db_path("mig.db"), *schema, *schema2;
	char		 err[256];

	t_ok(store_open(path, &s, err, sizeof(err)) == 0, "open creates");
	t_ok(feed(s, "https://a.example/feed", NULL) == 1, "first feed id 1");
	store_close(s);
	t_ok(q1(path, "PRAGMA user_version") == 10, "new database is v10");
	schema = qs(path, "SELECT group_concat(name || ':' || sql, ';') FROM "
	    "(SELECT name, sql FROM sqlite_master ORDER BY name)");
	t_ok(schema != NULL && strstr(schema, "trigram") != NULL,
	    "schema has the trigram FTS5 table");
	t_ok(q1(path, "SELECT count(*) FROM pragma_table_info('entries_fts')"
	    " WHERE name = 'content'") == 0,
	    "the index leaves article bodies out");
	t_ok(q1(path, "SELECT v FROM entries_fts_config WHERE k = "
	    "'hashsize'") == 16777216 && q1(path, "SELECT v FROM "
	    "entries_fts_config WHERE k = 'automerge'") == 8,
	    "the index takes 16 MiB of terms per segment, merges 8 at a time");

	t_ok(store_open(path, &s, err, sizeof(err)) == 0, "reopen v9");
	store_close(s);
	schema2 = qs(path, "SELECT group_concat(name || ':' || sql, ';') FROM "
	    "(SELECT name, sql FROM sqlite_master ORDER BY name)");
	t_streq(schema2, schema, "reopening v9 changes no schema");
	t_ok(q1(path, "PRAGMA user_version") == 10, "still v10");
	t_ok(q1(path, "SELECT count(*) FROM feeds") == 1, "data kept");
	free(schema);
	schema = qs(path, "PRAGMA journal_mode");
	t_streq(schema, "wal", "WAL mode");
	free(schema);
	free(schema2);

	t_ok(xexec(path, "PRAGMA user_version = 99") == 0, "set v99");
	s = (struct store *)1;
	t_ok(store_open(path, &s, err, sizeof(err)) == -1, "v99 refused");
	t_streq(err, "database schema version 99 is newer than this feedd "
	    "(10)", "v99 message");
	t_ok(s == NULL, "no store on failure");
	t_ok(q1(path, "PRAGMA user_version") == 99, "refused db untouched");

	free(path);
	path = db_path("no/such/dir/x.db");
	*err = '\0';
	t_ok(store_open(path, &s, err, sizeof(err)) == -1 && *err != '\0',
	    "unopenable path is an error");
	free(path);
}

static void
test_feeds(struct store *s)
{
	struct store_feed	 f;
	struct store_poll	 p;
	int64_t			 a, b;
	char			 err[256];

	a = feed(s, "https://news.example.com/feed.xml", NULL);
	t_ok(a > 0 && feed(s, "https://news.example.com/feed.xml", NULL) == a,
	    "upsert keeps the id");
	b = feed(s, "https://evil.example.net/rss", "Evil config");
	t_ok(b > 0 && b != a, "second feed");
	t_ok(store_feed_upsert(s, "", NULL, &b, err, sizeof(err)) == -1,
	    "feed without URL refused");

	memset(&p, 0, sizeof(p));
	p.status = 500;
	p.error = "HTTP 500";
	p.next_poll_at = NOW + 60;
	t_ok(store_feed_polled(s, a, &p, err, sizeof(err)) == 0, "polled err");
	p.error = "HTTP 503";
	t_ok(store_feed_polled(s, a, &p, err, sizeof(err)) == 0, "polled err");
	t_ok(store_feed_get(s, a, &f, err, sizeof(err)) == 1, "get");
	t_ok(f.error_count == 2 && f.last_status == 500 &&
	    f.next_poll_at == NOW + 60 && f.etag == NULL,
	    "two errors counted");
	t_streq(f.last_error, "HTTP 503", "last error");
	store_feed_clear(&f);

	memset(&p, 0, sizeof(p));
	p.status = 200;
	p.etag = "\"v1\"";
	p.last_modified = "Tue, 14 Nov 2023 22:13:20 GMT";
	t_ok(store_feed_polled(s, a, &p, err, sizeof(err)) == 0, "polled ok");
	p.status = 304;
	p.etag = NULL;
	p.last_modified = NULL;
	t_ok(store_feed_polled(s, a, &p, err, sizeof(err)) == 0, "polled 304");
	t_ok(store_feed_get(s, a, &f, err, sizeof(err)) == 1, "get");
	t_ok(f.error_count == 0 && f.last_error == NULL &&
	    f.last_status == 304, "success resets errors");
	t_streq(f.etag, "\"v1\"", "etag kept when not given");
	t_streq(f.last_modified, "Tue, 14 Nov 2023 22:13:20 GMT",
	    "last-modified kept");
	t_streq(f.title, NULL, "no title yet");
	store_feed_clear(&f);

	t_ok(store_feed_get(s, 999, &f, err, sizeof(err)) == 0,
	    "unknown feed: 0");
	t_ok(store_feed_polled(s, 999, &p, err, sizeof(err)) == -1,
	    "polled unknown feed: error");
}

/* Feeds 1 (news.example.com) and 2 (evil.example.net) exist. */
static void
test_put(struct store *s, const char *path)
{
	struct feed_doc	*d;
	struct put_res	 r;
	struct walk	 w;
	struct store_feed f;
	char		 h2[65], h3[65], want[512], err[256];
	const char	*first, *second;
	int64_t		 c;

	/* Insert: dated, undated, and dated a year ahead. */
	d = doc_new("News", "https://news.example.com/");
	add(d, "https://news.example.com/1", "One", "<p>one</p>", NOW - 3600);
	add(d, "https://news.example.com/2", "Two", NULL, DATE_NONE);
	add(d, "https://news.example.com/3", "Three", NULL, NOW + 365 * DAY);
	r = put(s, 1, d, "news", 0, NOW);
	t_ok(r.rv == 0 && r.new == 3 && r.upd == 0 && r.same == 0 && r.any,
	    "insert: 3 new");
	t_streq(r.tags, "news", "insert: changed tags");
	t_ok(store_feed_get(s, 1, &f, err, sizeof(err)) == 1, "get feed 1");
	t_streq(f.title, "News", "feed title from the document");
	t_streq(f.site_url, "https://news.example.com/", "site from doc");
	store_feed_clear(&f);
	t_ok(q1(path, "SELECT published - 1700000000 FROM entries WHERE "
	    "url = 'https://news.example.com/3'") == 365 * DAY,
	    "future date kept in the record");

	/* Two and Three both sort at first seen: url_hash breaks the tie. */
	hash_of("https://news.example.com/2", h2);
	hash_of("https://news.example.com/3", h3);
	first = strcmp(h2, h3) < 0 ? "Two" : "Three";
	second = strcmp(h2, h3) < 0 ? "Three" : "Two";
	snprintf(want, sizeof(want), "%s|0|0|news|https://news.example.com/"
	    "feed.xml;%s|0|0|news|https://news.example.com/feed.xml;"
	    "One|-3600|-3600|news|https://news.example.com/feed.xml;",
	    first, second);
	t_streq(walk(s, NULL, 0, &w), want, "newest first, dates clamped");

	/* The same document again: nothing to do. */
	d = doc_new("News", "https://news.example.com/");
	add(d, "https://news.example.com/1", "One", "<p>one</p>", NOW - 3600);
	add(d, "https://news.example.com/2", "Two", NULL, DATE_NONE);
	add(d, "https://news.example.com/3", "Three", NULL, NOW + 365 * DAY);
	r = put(s, 1, d, "news", 0, NOW + 600);
	t_ok(r.rv == 0 && r.new == 0 && r.upd == 0 && r.same == 3 && !r.any &&
	    *r.tags == '\0', "same document: all unchanged, nothing changed");
	t_streq(walk(s, NULL, 0, &w), want, "same document: same walk");

	/* The same article from another feed: one entry, two sources. */
	c = feed(s, "https://blog.other.org/atom", NULL);
	d = doc_new("Other", "https://blog.other.org/");
	add(d, "http://news.example.com/1", "Other one", NULL, NOW);
	r = put(s, c, d, "other", 0, NOW + 700);
	t_ok(r.rv == 0 && r.new == 0 && r.upd == 0 && r.same == 1 && r.any,
	    "second feed: no new entry, output changes");
	t_streq(r.tags, "news,other", "second feed: changed tags");
	t_ok(q1(path, "SELECT count(*) FROM entries") == 3, "still 3 entries");
	t_ok(q1(path, "SELECT count(*) FROM entry_feeds f JOIN entries e ON "
	    "e.id = f.entry_id WHERE e.url = "
	    "'https://news.example.com/1'") == 2, "two sources");
	t_streq(walk(s, "other", 0, &w), "One|-3600|-3600|news,other|"
	    "https://news.example.com/feed.xml;",
	    "union of tags; first feed still owns the text");

	/* Changed content: updated in place, published kept. */
	d = doc_new("News", "https://news.example.com/");
	add(d, "https://news.example.com/1", "One v2", "<p>one</p>",
	    NOW - 3600);
	r = put(s, 1, d, "news", 0, NOW + 800);
	t_ok(r.rv == 0 && r.new == 0 && r.upd == 1 && r.same == 0 && r.any,
	    "changed content: 1 updated");
	t_streq(r.tags, "news,other", "updated: all its tags changed");
	t_streq(walk(s, "other", 0, &w), "One v2|-3600|800|news,other|"
	    "https://news.example.com/feed.xml;", "updated in place");


	/* A config title is not replaced by the document's. */
	d = doc_new("Evil", "https://evil.example.net/");
	r = put(s, 2, d, NULL, 0, NOW);
	t_ok(r.rv == 0 && r.new == 0 && r.any == 1 && *r.tags == '\0',
	    "empty doc: the feed's new site changes outputs (OPML)");
	t_ok(store_feed_get(s, 2, &f, err, sizeof(err)) == 1, "get feed 2");
	t_streq(f.title, "Evil config", "config title wins");
	t_streq(f.site_url, "https://evil.example.net/", "site still stored");
	store_feed_clear(&f);

	d = doc_new("News", NULL);
	r = put(s, 999, d, NULL, 0, NOW);
	t_ok(r.rv == -1, "unknown feed refused");
	t_streq(r.err, "no feed with id 999", "unknown feed message");
}

static struct store *
fresh(const char *name, char **pathp)
{
	struct store	*s = NULL;
	char		 err[256];

	*pathp = db_path(name);
	if (store_open(*pathp, &s, err, sizeof(err)) == -1)
		printf("# open %s: %s\n", *pathp, err);
	return s;
}

/*
 * Feed 1 is the site's own (https://news.example.com/), feed 2 a hostile
 * one listing the same article URL with its own text: the site's text
 * must win whichever comes first.
 */
static void
test_poisoning(int site_first)
{
	struct store	*s;
	struct feed_doc	*d;
	struct put_res	 r[3];
	struct walk	 w;
	char		*path, name[32];
	int		 i, order[3];

	snprintf(name, sizeof(name), "poison%d.db", site_first);
	s = fresh(name, &path);
	feed(s, "https://news.example.com/feed.xml", NULL);
	feed(s, "https://evil.example.net/rss", NULL);
	order[0] = site_first ? 1 : 2;
	order[1] = site_first ? 2 : 1;
	order[2] = 2;
	for (i = 0; i < 3; i++) {
		if (order[i] == 1) {
			d = doc_new("News", "https://www.News.Example.com/");
			add(d, "https://news.example.com/a", "Real",
			    "<p>real</p>", NOW - 100);
		} else {
			d = doc_new("Evil", "https://evil.example.net/");
			add(d, "https://news.example.com/a", "Fake",
			    "<p>buy</p>", NOW - 50);
		}
		r[i] = put(s, order[i], d, order[i] == 1 ? "news" : "evil", 0,
		    NOW);
	}
	t_ok(r[0].rv == 0 && r[0].new == 1, "poison: first put is new");
	if (site_first)
		t_ok(r[1].rv == 0 && r[1].upd == 0 && r[1].same == 1,
		    "poison: hostile feed changes no text");
	else
		t_ok(r[1].rv == 0 && r[1].upd == 1 && r[1].same == 0,
		    "poison: the site's feed takes the text over");
	t_ok(r[2].rv == 0 && r[2].upd == 0 && r[2].same == 1,
	    "poison: hostile feed again changes nothing");
	t_streq(walk(s, NULL, 0, &w), site_first ?
	    "Real|-100|-100|evil,news|https://news.example.com/feed.xml;" :
	    "Real|-100|0|evil,news|https://news.example.com/feed.xml;",
	    site_first ? "poison, site first: the site's text and date" :
	    "poison, hostile first: the site's text and date");
	store_close(s);
	free(path);
}

/*
 * Sites are registrable domains (public-suffix list): a feed on
 * www.example.com owns articles on news.example.com, but one on
 * alice.github.io does not own bob.github.io's.
 */
static void
test_poisoning_domains(void)
{
	struct store	*s;
	struct feed_doc	*d;
	struct put_res	 r;
	char		*path;

	s = fresh("psl.db", &path);
	feed(s, "https://evil.example.net/rss", NULL);
	feed(s, "https://www.example.com/feed.xml", NULL);
	feed(s, "https://alice.github.io/feed.xml", NULL);

	d = doc_new("Evil", "https://evil.example.net/");
	add(d, "https://news.example.com/a", "Fake", "<p>buy</p>", NOW - 50);
	add(d, "https://bob.github.io/a", "Fake", "<p>buy</p>", NOW - 50);
	r = put(s, 1, d, "evil", 0, NOW);
	t_ok(r.rv == 0 && r.new == 2, "psl: hostile feed first");

	d = doc_new("Example", "https://www.example.com/");
	add(d, "https://news.example.com/a", "Real", "<p>real</p>", NOW - 100);
	r = put(s, 2, d, "example", 0, NOW);
	t_ok(r.rv == 0 && r.upd == 1,
	    "psl: www.example.com's feed owns news.example.com's article");

	d = doc_new("Alice", "https://alice.github.io/");
	add(d, "https://bob.github.io/a", "Alice's", "<p>alice</p>", NOW - 100);
	r = put(s, 3, d, "alice", 0, NOW);
	t_ok(r.rv == 0 && r.upd == 0 && r.same == 1,
	    "psl: alice.github.io does not own bob.github.io's article");

	/* A hostile feed declaring the victim's site as its own link. */
	feed(s, "https://evil2.example.org/rss", NULL);
	d = doc_new("Spoof", "https://www.example.com/");
	add(d, "https://news.example.com/a", "Spoof", "<p>spoof</p>",
	    NOW - 10);
	r = put(s, 4, d, "spoof", 0, NOW);
	t_ok(r.rv == 0 && r.upd == 0 && r.same == 1,
	    "psl: a feed claiming the site's link does not own its articles");
	store_close(s);
	free(path);
}

/* Neither feed is on the article's host: the first one keeps it. */
static void
test_first_owner(void)
{
	struct store	*s;
	struct feed_doc	*d;
	struct put_res	 r;
	struct walk	 w;
	char		*path;

	s = fresh("owner.db", &path);
	feed(s, "https://b.example/feed", NULL);
	feed(s, "https://c.example/feed", NULL);
	d = doc_new("B", "https://b.example/");
	add(d, "https://third.example/x", "B text", NULL, NOW);
	r = put(s, 1, d, NULL, 0, NOW);
	d = doc_new("C", "https://c.example/");
	add(d, "https://third.example/x", "C text", NULL, NOW);
	r = put(s, 2, d, NULL, 0, NOW);
	t_ok(r.rv == 0 && r.same == 1 && r.upd == 0 && *r.tags == '\0',
	    "other host: second feed only links");
	t_streq(walk(s, NULL, 0, &w), "B text|0|0||https://b.example/feed;",
	    "other host: first seen owns the text");
	t_ok(q1(path, "SELECT count(*) FROM entry_feeds") == 2,
	    "other host: linked to both");
	store_close(s);
	free(path);
}

static void
test_tags_dups(void)
{
	struct store	*s;
	struct feed_doc	*d;
	struct entry	*e;
	struct put_res	 r;
	struct walk	 w;
	char		*path;

	s = fresh("tags.db", &path);
	feed(s, "https://t.example/feed", NULL);

	d = doc_new("T", "https://t.example/");
	e = add(d, "https://t.example/1", "With cats", NULL, NOW - 10);
	strvec_push(&e->tags, " Tech ");
	strvec_push(&e->tags, "WORLD");
	r = put(s, 1, d, "feedtag", 0, NOW);
	t_streq(r.tags, "feedtag", "category_tags off: feed tags only");

	d = doc_new("T", "https://t.example/");
	e = add(d, "https://t.example/2", "With cats", NULL, NOW - 20);
	strvec_push(&e->tags, " Tech ");
	strvec_push(&e->tags, "WORLD");
	strvec_push(&e->tags, "tech");
	strvec_push(&e->tags, "  ");
	strvec_push(&e->tags, "Ünïcode");
	r = put(s, 1, d, "feedtag", 1, NOW);
	t_ok(r.rv == 0 && r.new == 1, "category_tags on: new");
	t_streq(r.tags, "feedtag,tech,world,Ünïcode",
	    "category_tags on: trimmed, ASCII-lowercased, unique");

	/* The same hash twice in one document: one entry, tags merged. */
	d = doc_new("T", "https://t.example/");
	e = add(d, "https://t.example/3", "First copy", NULL, NOW - 30);
	strvec_push(&e->tags, "a");
	e = add(d, "https://t.example/3", "Second copy", NULL, NOW - 30);
	strvec_push(&e->tags, "b");
	r = put(s, 1, d, NULL, 1, NOW);
	t_ok(r.rv == 0 && r.new == 1 && r.upd == 0 && r.same == 0,
	    "duplicate in one document: one new entry");
	t_streq(r.tags, "a,b", "duplicate in one document: tags merged");
	t_streq(walk(s, "b", 0, &w), "First copy|-30|-30|a,b|"
	    "https://t.example/feed;", "duplicate: first copy's text");

	t_streq(walk(s, "feedtag", 0, &w), "With cats|-10|-10|feedtag|"
	    "https://t.example/feed;With cats|-20|-20|feedtag,tech,world,"
	    "Ünïcode|https://t.example/feed;", "tag filter, newest first");
	t_streq(walk(s, "nope", 0, &w), "", "unknown tag: nothing");
	t_streq(walk(s, NULL, 2, &w), "With cats|-10|-10|feedtag|"
	    "https://t.example/feed;With cats|-20|-20|feedtag,tech,world,"
	    "Ünïcode|https://t.example/feed;", "limit 2");
	memset(&w, 0, sizeof(w));
	w.stop_at = 1;
	t_ok(store_each_entry(s, NULL, 0, walk_cb, &w, NULL, 0) == 7 &&
	    w.n == 1, "callback's non-zero return stops the walk");
	memset(&w, 0, sizeof(w));
	t_ok(store_each_tag(s, tag_cb, &w, NULL, 0) == 0, "each_tag");
	t_streq(w.out, "a,b,feedtag,tech,world,Ünïcode", "tags sorted");
	store_close(s);
	free(path);
}

static void
test_rollback(void)
{
	struct store	*s;
	struct feed_doc	*d;
	struct entry	*e;
	struct put_res	 r;
	struct walk	 w;
	char		*path, h1[65], h3[65];

	s = fresh("rollback.db", &path);
	feed(s, "https://r.example/feed", NULL);

	d = doc_new("R", "https://r.example/");
	add(d, "https://r.example/1", "Good", NULL, NOW);
	e = add(d, "https://r.example/2", "No hash", NULL, NOW);
	e->url_hash[0] = '\0';
	r = put(s, 1, d, "x", 0, NOW);
	t_ok(r.rv == -1 && r.new == 0, "entry without hash: error");
	t_streq(r.err, "entry <https://r.example/2> without a valid url_hash",
	    "entry without hash: message");
	t_ok(q1(path, "SELECT count(*) FROM entries") == 0 &&
	    q1(path, "SELECT count(*) FROM entry_tags") == 0 &&
	    q1(path, "SELECT count(*) FROM entry_feeds") == 0,
	    "entry without hash: nothing of the document landed");
	t_ok(q1(path, "SELECT count(*) FROM feeds WHERE title IS NULL") == 1,
	    "entry without hash: feed title rolled back too");

	/* A failure inside SQLite, on the second entry. */
	t_ok(xexec(path, "CREATE TRIGGER boom BEFORE INSERT ON entries "
	    "WHEN new.title = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); "
	    "END") == 0, "test trigger");
	d = doc_new("R", "https://r.example/");
	add(d, "https://r.example/1", "Good", NULL, NOW);
	add(d, "https://r.example/3", "boom", NULL, NOW);
	r = put(s, 1, d, "x", 0, NOW);
	t_ok(r.rv == -1 && strstr(r.err, "boom") != NULL,
	    "SQL error: -1 with SQLite's message");
	t_ok(q1(path, "SELECT count(*) FROM entries") == 0 &&
	    q1(path, "SELECT count(*) FROM entries_fts WHERE entries_fts "
	    "MATCH '\"goo\" \"ood\"'") == 0, "SQL error: rolled back, index too");
	t_ok(xexec(path, "DROP TRIGGER boom") == 0, "drop test trigger");

	d = doc_new("R", "https://r.example/");
	add(d, "https://r.example/1", "Good", NULL, NOW);
	add(d, "https://r.example/3", "boom", NULL, NOW);
	r = put(s, 1, d, "x", 0, NOW);
	t_ok(r.rv == 0 && r.new == 2, "store usable after rollbacks");
	hash_of("https://r.example/1", h1);
	hash_of("https://r.example/3", h3);
	t_streq(walk(s, "x", 0, &w), strcmp(h1, h3) < 0 ?
	    "Good|0|0|x|https://r.example/feed;boom|0|0|x|"
	    "https://r.example/feed;" :
	    "boom|0|0|x|https://r.example/feed;Good|0|0|x|"
	    "https://r.example/feed;", "both entries there");
	store_close(s);
	free(path);
}

static struct feed_doc *
aged_doc(const char *site, const char *prefix, int n, const int *days)
{
	struct feed_doc	*d = doc_new(site, site);
	struct entry	*e;
	char		 url[128], title[64];
	int		 i;

	for (i = 0; i < n; i++) {
		snprintf(url, sizeof(url), "%s%d", prefix, days[i]);
		snprintf(title, sizeof(title), "%sday%d", prefix + 8, days[i]);
		e = add(d, url, title, "<p>zebra crossing</p>",
		    NOW - days[i] * DAY);
		free(e->summary_text);
		e->summary_text = xstrdup("zebra crossing");
	}
	return d;
}

static void
test_purge(void)
{
	static const int days[] = { 100, 50, 10, 1, 0 };
	static const int qdays[] = { 200 };
	struct store	*s;
	struct put_res	 r;
	struct walk	 w;
	char		*path, err[256];
	int		 n = -1;

	s = fresh("purge.db", &path);
	feed(s, "https://p.example/feed", NULL);
	feed(s, "https://q.example/feed", NULL);
	r = put(s, 1, aged_doc("https://p.example/", "https://p.example/", 5,
	    days), "p", 0, NOW);
	t_ok(r.new == 5, "purge: 5 entries");
	r = put(s, 2, aged_doc("https://q.example/", "https://q.example/", 1,
	    qdays), "q", 0, NOW);
	t_ok(index_all(s) == 6, "purge: entries indexed");

	t_ok(store_purge(s, 0, 0, NOW, &n, err, sizeof(err)) == 0 && n == 0,
	    "keep forever: nothing purged");
	t_ok(store_purge(s, 90, 0, NOW, &n, err, sizeof(err)) == 0 && n == 2,
	    "keep 90 days: 2 purged");
	t_ok(q1(path, "SELECT count(*) FROM entries WHERE purged = 1 AND "
	    "title IS NULL AND content IS NULL AND summary IS NULL") == 2,
	    "purged text cleared");
	t_ok(q1(path, "SELECT count(*) FROM entry_tags WHERE tag = 'q'") == 0,
	    "purged tags deleted");
	t_ok(q1(path, "SELECT count(*) FROM entries_fts WHERE entries_fts "
	    "MATCH '\"zeb\" \"ebr\" \"bra\"'") == 4, "purged entries left the index");
	t_ok(store_purge(s, 0, 2, NOW, &n, err, sizeof(err)) == 0 && n == 2,
	    "keep 2 per feed: 2 more purged");
	t_streq(walk(s, NULL, 0, &w), "p.example/day0|0|0|p|"
	    "https://p.example/feed;p.example/day1|-86400|-86400|p|"
	    "https://p.example/feed;", "the newest 2 of the feed remain");
	memset(&w, 0, sizeof(w));
	store_each_tag(s, tag_cb, &w, NULL, 0);
	t_streq(w.out, "p", "tags of purged entries are gone");

	/* The feed still lists everything: nothing comes back. */
	r = put(s, 1, aged_doc("https://p.example/", "https://p.example/", 5,
	    days), "p", 0, NOW + 60);
	t_ok(r.rv == 0 && r.new == 0 && r.upd == 0 && r.same == 5 && !r.any,
	    "purged entries do not come back");
	t_ok(q1(path, "SELECT count(*) FROM entries WHERE purged = 0") == 2,
	    "still 2 live entries");
	t_ok(q1(path, "SELECT count(*) FROM entry_tags") == 2,
	    "purged entries got no tags back");
	store_close(s);
	free(path);
}

static int
author_cb(const struct entry_view *v, void *arg)
{
	char	*out = arg;

	if (v->nauthors == 2)
		snprintf(out, 256, "%s <%s>|%s <%s>", v->authors[0].name,
		    v->authors[0].email ? v->authors[0].email : "NULL",
		    v->authors[1].name,
		    v->authors[1].email ? v->authors[1].email : "NULL");
	return 0;
}

static void
test_search_authors(void)
{
	struct store	*s;
	struct feed_doc	*d;
	struct entry	*e;
	struct person	*p;
	struct put_res	 r;
	struct walk	 w;
	char		*path, out[256] = "";

	s = fresh("fts.db", &path);
	feed(s, "https://zh.example/feed", NULL);
	d = doc_new("中文", "https://zh.example/");
	e = add(d, "https://zh.example/1", "人工智能正在改变世界",
	    "<p>深度学习的新进展</p>", NOW);
	free(e->summary_text);
	e->summary_text = xstrdup("深度学习的新进展");
	p = person_add(&e->authors, &e->nauthors);
	p->name = xstrdup("张三");
	p->email = xstrdup("z@zh.example");
	p = person_add(&e->authors, &e->nauthors);
	p->name = xstrdup("Li \"Quote\"");
	add(d, "https://zh.example/2", "Quantum news", "<p>量子计算</p>",
	    NOW - 10);
	r = put(s, 1, d, NULL, 0, NOW);
	t_ok(r.rv == 0 && r.new == 2, "fts: stored");
	t_streq(search(s, "人工智能", &w), "人工智能正在改变世界",
	    "fts: Chinese word in the title");
	t_streq(search(s, "深度学习", &w), "人工智能正在改变世界",
	    "fts: Chinese word in the summary");
	t_streq(search(s, "量子计算", &w), "",
	    "fts: a word only in the body is not indexed");
	t_streq(search(s, "Quantum", &w), "Quantum news",
	    "fts: second entry");
	t_streq(search(s, "NEWS", &w), "Quantum news", "fts: case-folded");
	t_streq(search(s, "机器翻译", &w), "", "fts: absent word");
	t_streq(search(s, "\"un\"bal", &w), "", "fts: quotes are no syntax");
	t_ok(store_each_entry(s, NULL, 1, author_cb, out, NULL, 0) == 0,
	    "authors walk");
	t_streq(out, "张三 <z@zh.example>|Li \"Quote\" <NULL>",
	    "authors round-trip through JSON");

	/* Indexed once per document: a second copy in it changes nothing. */
	d = doc_new("中文", "https://zh.example/");
	add(d, "https://zh.example/3", "Third copy one", "<p>x</p>", NOW - 20);
	add(d, "https://zh.example/3", "Third copy two", "<p>y</p>", NOW - 20);
	add(d, "https://zh.example/2", "Quantum news", "<p>量子计算</p>",
	    NOW - 10);
	r = put(s, 1, d, NULL, 0, NOW);
	t_ok(r.rv == 0 && r.new == 1, "fts: one new entry in a document");
	t_ok(index_all(s) == 3, "fts: the three entries indexed");
	t_streq(search(s, "copy one", &w), "Third copy one",
	    "fts: the first copy is indexed");
	t_streq(search(s, "copy two", &w), "", "fts: the second copy is not");
	t_ok(q1(path, "SELECT count(*) FROM entries_fts WHERE entries_fts "
	    "MATCH '\"new\" \"ews\"'") == 1,
	    "fts: an entry seen again is not indexed twice");

	d = doc_new("中文", "https://zh.example/");
	e = add(d, "https://zh.example/1", "人工智能正在改变世界",
	    "<p>机器翻译</p>", NOW);
	free(e->summary_text);
	e->summary_text = xstrdup("机器翻译");
	r = put(s, 1, d, NULL, 0, NOW);
	t_ok(r.upd == 1, "fts: content updated");
	t_streq(search(s, "深度学习", &w), "", "fts: old text unindexed");
	t_streq(search(s, "机器翻译", &w), "人工智能正在改变世界",
	    "fts: new text indexed");
	t_ok(xexec(path, "INSERT INTO entries_fts(entries_fts, rank) VALUES "
	    "('integrity-check', 1)") == 0, "fts: index matches the table");

	/* The index keeps no positions: the query must still be in one piece. */
	d = doc_new("中文", "https://zh.example/");
	add(d, "https://zh.example/4", "Scattered abcd xbcy", "<p>x</p>",
	    NOW - 30);
	add(d, "https://zh.example/5", "ÉCOLE à МОСКВА ΩΜΈΓΑ", "<p>x</p>",
	    NOW - 40);
	r = put(s, 1, d, NULL, 0, NOW);
	t_ok(r.rv == 0 && r.new == 2, "fts: two more entries");
	t_streq(search(s, "antum", &w), "Quantum news",
	    "fts: a substring inside a word");
	t_streq(search(s, "abcy", &w), "",
	    "fts: every trigram present but not together: no match");
	t_streq(search(s, "cd xbc", &w), "Scattered abcd xbcy",
	    "fts: across a space");
	t_streq(search(s, "école", &w), "ÉCOLE à МОСКВА ΩΜΈΓΑ",
	    "fts: accented Latin case-folded");
	t_streq(search(s, "москва", &w), "ÉCOLE à МОСКВА ΩΜΈΓΑ",
	    "fts: Cyrillic case-folded");
	t_streq(search(s, "ωμέγα", &w), "ÉCOLE à МОСКВА ΩΜΈΓΑ",
	    "fts: Greek case-folded");
	t_streq(search(s, "мо", &w), "ÉCOLE à МОСКВА ΩΜΈΓΑ",
	    "fts: a short query scans, case-folded too");
	t_streq(search(s, "ecole", &w), "",
	    "fts: accents are not removed");
	t_ok(q1(path, "SELECT count(*) FROM sqlite_master WHERE name = "
	    "'entries_fts' AND sql LIKE '%detail=''none''%'") == 1,
	    "fts: the index keeps no positions");
	store_close(s);
	free(path);
}

/* The index answers FTS5's own check: it holds what the table says. */
static int
fts_ok(const char *path)
{
	return xexec(path, "INSERT INTO entries_fts(entries_fts, rank) "
	    "VALUES ('integrity-check', 1)") == 0;
}

/* Entries in the index holding every one of these FTS5 strings. */
static int
fts_count(const char *path, const char *match)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM entries_fts WHERE "
	    "entries_fts MATCH '%s'", match);
	return q1(path, sql);
}

/* A document of https://w.example/ with one entry. */
static struct put_res
put_one(struct store *s, const char *url, const char *title,
    int64_t published)
{
	struct feed_doc	*d = doc_new("W", "https://w.example/");

	add(d, url, title, NULL, published);
	return put(s, 1, d, NULL, 0, NOW);
}

/*
 * Entries wait unindexed until store_index_pending (schema 8): a search
 * finds them all the same, the triggers leave the index alone for them,
 * and once they are in, the index matches the table.
 */
static void
test_search_waiting(void)
{
	struct store	*s;
	struct put_res	 r;
	struct walk	 w;
	char		*path, err[256];
	int		 n = -1;

	s = fresh("wait.db", &path);
	feed(s, "https://w.example/feed", NULL);
	r = put_one(s, "https://w.example/1", "Walrus alpha", NOW);
	t_ok(r.new == 1 && put_one(s, "https://w.example/2", "Walrus beta",
	    NOW - 10).new == 1 && backlog(s) == 2, "waiting: two entries wait");
	t_ok(fts_count(path, "\"alr\"") == 0, "waiting: not in the index");
	t_streq(search(s, "walrus", &w), "Walrus alpha,Walrus beta",
	    "waiting: a search finds them");
	t_ok(index_all(s) == 2 && backlog(s) == 0, "waiting: indexed");
	t_ok(pragma_int(s, "PRAGMA cache_size") == -STORE_CACHE_KIB,
	    "waiting: the page cache is back to its size after indexing");
	t_ok(fts_count(path, "\"alr\"") == 2 && fts_ok(path),
	    "waiting: in the index, which matches the table");
	t_streq(search(s, "walrus", &w), "Walrus alpha,Walrus beta",
	    "waiting: found once each when indexed");
	t_ok(index_all(s) == 0, "waiting: nothing more to index");

	/* Changed while waiting: indexed with its last text. */
	r = put_one(s, "https://w.example/3", "Narwhal gamma", NOW - 20);
	t_ok(r.new == 1, "waiting: a third entry");
	r = put_one(s, "https://w.example/3", "Narwhal delta", NOW - 20);
	t_ok(r.upd == 1 && backlog(s) == 1, "waiting: changed, still waiting");
	t_streq(search(s, "narwhal", &w), "Narwhal delta",
	    "waiting: a search sees the new text");
	t_ok(index_all(s) == 1 && fts_count(path, "\"mma\"") == 0 &&
	    fts_count(path, "\"elt\" \"lta\"") == 1 && fts_ok(path),
	    "waiting: indexed with the new text only");

	/* Changed once indexed: the update trigger reindexes it at once. */
	r = put_one(s, "https://w.example/1", "Walrus epsilon", NOW);
	t_ok(r.upd == 1 && backlog(s) == 0 &&
	    fts_count(path, "\"psi\" \"ilo\"") == 1 &&
	    fts_count(path, "\"lph\"") == 0 && fts_ok(path),
	    "indexed: reindexed on update");

	/* Purged while waiting: never indexed. */
	r = put_one(s, "https://w.example/4", "Walrus ancient",
	    NOW - 400 * DAY);
	t_ok(r.new == 1 && store_purge(s, 90, 0, NOW, &n, err,
	    sizeof(err)) == 0 && n == 1, "waiting: purged");
	t_ok(index_all(s) == 0 && backlog(s) == 0 &&
	    fts_count(path, "\"nci\"") == 0 && fts_ok(path),
	    "waiting: a purged entry is passed over");

	/*
	 * A deleted row's id, handed out again by SQLite, goes to an entry
	 * that waits like any new one.
	 */
	t_ok(put_one(s, "https://w.example/5", "Walrus zeta", NOW - 30).new ==
	    1 && index_all(s) == 1, "top entry indexed");
	t_ok(xexec(path, "PRAGMA foreign_keys = ON; DELETE FROM entries "
	    "WHERE id = 5") == 0, "top entry deleted");
	t_ok(q1(path, "SELECT indexed_through FROM search_state") == 4 &&
	    fts_count(path, "\"zet\"") == 0 && fts_ok(path),
	    "delete: unindexed, the watermark comes down to the top id");
	r = put_one(s, "https://w.example/6", "Walrus omega", NOW - 40);
	t_ok(r.new == 1 && q1(path, "SELECT max(id) FROM entries") == 5 &&
	    backlog(s) == 1, "delete: its id again, waiting");
	t_streq(search(s, "omega", &w), "Walrus omega",
	    "delete: the new entry is found");
	t_ok(index_all(s) == 1 && fts_count(path, "\"meg\"") == 1 &&
	    fts_ok(path), "delete: the new entry indexed");

	/* Many at once: indexed in chunks, each its own transaction. */
	t_ok(xexec(path, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < 100001) INSERT INTO entries "
	    "(url_key, url_hash, first_seen, sort_date, title) SELECT i, "
	    "'bulk' || i, 0, 0, 'Bulk ' || i FROM n") == 0 &&
	    backlog(s) == 100001,
	    "bulk: 100,001 entries wait");
	t_ok(index_all(s) == 100001 && backlog(s) == 0 &&
	    fts_count(path, "\"ulk\"") == 100001 && fts_ok(path),
	    "bulk: all indexed, across chunks of 50,000");
	t_ok(pragma_int(s, "PRAGMA cache_size") == -STORE_CACHE_KIB,
	    "bulk: the page cache lent to the index is back");
	store_close(s);
	free(path);
}

static int
pragma_int(struct store *s, const char *sql)
{
	sqlite3_stmt	*st;
	int		 v = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * Journals in memory inside a batch only: a purge, outside, must journal
 * to a file, or updating most of a large database holds a copy of it in
 * memory (200 MB to purge the 28,000 bench entries).
 */
static void
test_batch_journals(void)
{
	struct store	*s;
	char		*path, err[256];

	s = fresh("batch.db", &path);
	t_ok(pragma_int(s, "PRAGMA temp_store") == 0,
	    "journals: default outside a batch");
	t_ok(store_batch_begin(s, err, sizeof(err)) == 0 &&
	    pragma_int(s, "PRAGMA temp_store") == 2,
	    "journals: in memory in a batch");
	t_ok(store_batch_end(s, err, sizeof(err)) == 0 &&
	    pragma_int(s, "PRAGMA temp_store") == 0,
	    "journals: default again after it");
	t_ok(store_txn_begin_rows(s, "t", err, sizeof(err)) == 0 &&
	    pragma_int(s, "PRAGMA temp_store") == 2,
	    "journals: in memory in a transaction of row changes");
	t_ok(store_txn_commit(s, "t", err, sizeof(err)) == 0 &&
	    pragma_int(s, "PRAGMA temp_store") == 0,
	    "journals: default again after its commit");
	t_ok(store_txn_begin_rows(s, "t", err, sizeof(err)) == 0, "begin rows");
	store_txn_rollback(s);
	t_ok(pragma_int(s, "PRAGMA temp_store") == 0,
	    "journals: default again after its rollback");
	t_ok(store_txn_begin(s, "t", err, sizeof(err)) == 0 &&
	    pragma_int(s, "PRAGMA temp_store") == 0,
	    "journals: default in another transaction");
	store_txn_rollback(s);
	store_close(s);
	free(path);
}

/* One entry of https://same.example/ with this summary and content. */
static struct put_res
put_same(struct store *s, int64_t f, const char *summary,
    const char *content, int64_t now)
{
	struct feed_doc	*d = doc_new("Same", "https://same.example/");
	struct entry	*e;

	e = add(d, "https://same.example/1", "One", content, NOW);
	free(e->summary_text);
	e->summary_text = xstrdup(summary);
	return put(s, f, d, NULL, 0, now);
}

/*
 * Whether a known entry changed is decided on its stored title, summary
 * and content (S_ENTRY_FIND, column 5), not a hash of them.
 */
static void
test_same_text(void)
{
	struct store	*s;
	struct put_res	 r;
	char		*path;
	int64_t		 f;

	s = fresh("same.db", &path);
	f = feed(s, "https://same.example/feed.xml", NULL);
	r = put_same(s, f, "One", "<p>one</p>", NOW);
	t_ok(r.rv == 0 && r.new == 1, "same: stored");
	r = put_same(s, f, "One", "<p>one</p>", NOW + 10);
	t_ok(r.rv == 0 && r.upd == 0 && r.same == 1,
	    "same: the same text again is not rewritten");
	r = put_same(s, f, "Only the summary differs", "<p>one</p>", NOW + 20);
	t_ok(r.rv == 0 && r.upd == 1, "same: a changed summary alone updates");
	r = put_same(s, f, "Only the summary differs", NULL, NOW + 30);
	t_ok(r.rv == 0 && r.upd == 1, "same: content gone (NULL) updates");
	r = put_same(s, f, "Only the summary differs", NULL, NOW + 40);
	t_ok(r.rv == 0 && r.upd == 0 && r.same == 1,
	    "same: NULL content is the same as NULL");
	store_close(s);
	free(path);
}

/* How store_open sets up the connection (store.c says why). */
static void
test_connection_setup(void)
{
	struct store	*s;
	char		*path;
	int		 cur = -1, hi = -1;

	s = fresh("setup.db", &path);
	t_ok(pragma_int(s, "PRAGMA secure_delete") == 0,
	    "setup: deleted text is not zeroed");
	t_ok(pragma_int(s, "PRAGMA page_size") == 16384,
	    "setup: 16 KiB pages in a new database");
	t_ok(pragma_int(s, "PRAGMA foreign_keys") == 1,
	    "setup: foreign keys enforced");
	t_ok(pragma_int(s, "PRAGMA cache_size") == -16384,
	    "setup: 16 MiB page cache");
	t_ok(sqlite3_status(SQLITE_STATUS_MEMORY_USED, &cur, &hi, 0) ==
	    SQLITE_OK && cur == 0, "setup: no memory statistics kept");
	t_ok(sqlite3_db_mutex(s->db) == NULL,
	    "setup: no mutex around the connection");
	store_close(s);
	free(path);
}

/*
 * url_key sorts as the hex it comes from, so that ordering the outputs by
 * (sort_date, url_key) is the order by (sort_date, url_hash) of before;
 * a prefix padded with 0 and f bounds the keys of the hashes it starts.
 */
static void
test_url_key(void)
{
	static const char	 hex[] = "0123456789abcdef";
	char			 a[65], b[65];
	int64_t			 ka, kb;
	int			 i, j, bad = 0, badpre = 0, c;
	unsigned		 seed = 7;

	t_ok(store_url_key("0000000000000000", '0') == INT64_MIN &&
	    store_url_key("ffffffffffffffff", '0') == INT64_MAX &&
	    store_url_key("8000000000000000", '0') == 0 &&
	    store_url_key("7fffffffffffffff", '0') == -1,
	    "url_key: the ends and the middle");
	t_ok(store_url_key("abc", '0') == store_url_key("abc0000000000000",
	    '0') && store_url_key("abc", 'f') ==
	    store_url_key("abcfffffffffffff", '0'), "url_key: a prefix padded");
	for (i = 0; i < 20000; i++) {
		for (j = 0; j < 64; j++) {
			seed = seed * 1103515245 + 12345;
			a[j] = hex[(seed >> 16) & 15];
			seed = seed * 1103515245 + 12345;
			/* Often a long shared prefix, to test the low digits. */
			b[j] = j < (i % 17) ? a[j] : hex[(seed >> 16) & 15];
		}
		a[64] = b[64] = '\0';
		ka = store_url_key(a, '0');
		kb = store_url_key(b, '0');
		c = strncmp(a, b, 16);
		if ((c < 0) != (ka < kb) || (c == 0) != (ka == kb))
			bad++;
		if (store_url_key(a, '0') < store_url_key(a + 0, '0') ||
		    store_url_key(a, '0') < store_url_key((a[5] = '\0', a),
		    '0') || store_url_key(a, 'f') < ka)
			badpre++;
	}
	t_ok(bad == 0, "url_key: 20,000 pairs order as their hex does");
	t_ok(badpre == 0, "url_key: a prefix's keys bound its hashes' key");
}

static int
hash_cb(const struct entry_view *v, void *arg)
{
	snprintf(arg, 65, "%s", v->url_hash);
	return 0;
}

/* feedctl show and the Markdown export find an entry by a hash prefix. */
static void
test_lookup(void)
{
	struct store	*s;
	struct feed_doc	*d;
	char		*path, err[256], h1[65], h2[65], got[65], pre[65];
	int		 n;
	size_t		 len;

	s = fresh("lookup.db", &path);
	feed(s, "https://w.example/feed", NULL);
	d = doc_new("W", "https://w.example/");
	add(d, "https://w.example/a", "A", NULL, NOW);
	add(d, "https://w.example/b", "B", NULL, NOW);
	t_ok(put(s, 1, d, NULL, 0, NOW).new == 2, "lookup: two entries");
	hash_of("https://w.example/a", h1);
	hash_of("https://w.example/b", h2);
	for (len = 4; len <= 64; len += 6) {
		snprintf(pre, sizeof(pre), "%.*s", (int)len, h1);
		got[0] = '\0';
		n = store_lookup_entry(s, pre, hash_cb, got, err, sizeof(err));
		if (n != 1 || strcmp(got, h1) != 0)
			break;
	}
	if (len <= 64)
		printf("# stopped at a prefix of %zu digits\n", len);
	t_ok(len > 64, "lookup: prefixes of 4 to 64 digits find the entry");
	got[0] = '\0';
	t_ok(store_lookup_entry(s, h2, hash_cb, got, err, sizeof(err)) == 1 &&
	    strcmp(got, h2) == 0, "lookup: the other one by its full hash");
	got[0] = '\0';
	t_ok(store_lookup_entry(s, "https://w.example/b", hash_cb, got, err,
	    sizeof(err)) == 1 && strcmp(got, h2) == 0, "lookup: by URL");
	snprintf(pre, sizeof(pre), "%.4s", h1);
	pre[3] = pre[3] == '0' ? '1' : '0';
	t_ok(store_lookup_entry(s, strcmp(pre, h2) == 0 ? "ffff" : pre,
	    hash_cb, got, err, sizeof(err)) == 0, "lookup: no such prefix");
	store_close(s);
	free(path);
}

/* The plan SQLite makes for a statement, its lines joined with "|". */
static void
plan_of(struct store *s, enum store_stmt i, char *out, size_t outlen)
{
	sqlite3_stmt	*st;
	char		*sql;
	size_t		 n = 0;

	out[0] = '\0';
	sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", store_sql[i]);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(out, outlen, "error: %s", sqlite3_errmsg(s->db));
		sqlite3_free(sql);
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW && n < outlen)
		n += snprintf(out + n, outlen - n, "%s|",
		    (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	sqlite3_free(sql);
}

/*
 * The plans the speed of the store rests on (no ANALYZE: SQLite plans
 * from the schema alone, in a new database as in one with a million
 * entries).  No statement reads the whole entries table.
 */
static void
test_query_plans(void)
{
	static const struct {
		enum store_stmt	 st;
		const char	*want;
	} uses[] = {
		{ S_ENTRY_FIND,		"SEARCH e USING INDEX entries_key (url_key=?)" },
		{ S_ENTRY_BY_HASH,	"SEARCH e USING INDEX entries_key (url_key>? AND url_key<?)" },
		{ S_ENTRY_UPDATE,	"SEARCH entries USING INTEGER PRIMARY KEY (rowid=?)" },
		{ S_ENTRY_TRANSFER,	"SEARCH entries USING INTEGER PRIMARY KEY (rowid=?)" },
		{ S_EACH_ALL,		"SEARCH e USING INDEX entries_sort (purged=?)" },
		{ S_EACH_TAG,		"SEARCH e USING INDEX entries_sort (purged=?)" },
		{ S_DATES_ALL,		"SEARCH e USING INDEX entries_sort (purged=?)" },
		{ S_DATES_TAG,		"SEARCH e USING INDEX entries_sort (purged=?)" },
		{ S_FEED_ENTRY_TAGS,		"SEARCH e USING INDEX entries_feed_seen (feed_id=?)" },
		{ S_INDEX_ADD,		"SEARCH entries USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" },
	};
	static const enum store_stmt sorted[] = {
		S_EACH_ALL, S_EACH_TAG, S_DATES_ALL, S_DATES_TAG, S_EACH_SEEN
	};
	struct store	*s;
	char		*path, plan[2048], what[256];
	size_t		 i;
	int		 scans = 0, sorts = 0;

	s = fresh("plans.db", &path);
	for (i = 0; i < sizeof(uses) / sizeof(uses[0]); i++) {
		plan_of(s, uses[i].st, plan, sizeof(plan));
		snprintf(what, sizeof(what), "plan: statement %d: %s",
		    (int)uses[i].st, uses[i].want);
		if (strstr(plan, uses[i].want) == NULL)
			printf("# the plan: %s\n", plan);
		t_ok(strstr(plan, uses[i].want) != NULL, what);
	}
	for (i = 0; i < sizeof(sorted) / sizeof(sorted[0]); i++) {
		plan_of(s, sorted[i], plan, sizeof(plan));
		if (strstr(plan, "TEMP B-TREE") != NULL) {
			sorts++;
			printf("# statement %d sorts: %s\n", (int)sorted[i],
			    plan);
		}
	}
	t_ok(sorts == 0, "plan: the output walks read in output order");
	for (i = 0; i < S_NSTMT; i++) {
		plan_of(s, (enum store_stmt)i, plan, sizeof(plan));
		if (strncmp(plan, "error", 5) == 0 ||
		    strstr(plan, "SCAN e|") != NULL ||
		    strstr(plan, "SCAN entries|") != NULL) {
			scans++;
			printf("# statement %zu: %s\n", i, plan);
		}
	}
	t_ok(scans == 0, "plan: no statement scans the entries table");
	store_close(s);
	free(path);
}

/* Every database the tests made, with its WAL and shared memory. */
static void
cleanup(void)
{
	DIR		*d;
	struct dirent	*de;
	char		*p;

	if ((d = opendir(tmpdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&p, "%s/%s", tmpdir, de->d_name);
		unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* Tags of a feed as "a,b", from the store's merged view. */
static char *
feed_tags(struct store *s, int64_t id)
{
	struct store_feed	 f;
	char			 err[256], out[256];
	size_t			 i, n = 0;

	out[0] = '\0';
	if (store_feed_get(s, id, &f, err, sizeof(err)) != 1)
		return strdup("no feed");
	for (i = 0; i < f.tags.n; i++)
		n += snprintf(out + n, sizeof(out) - n, "%s%s", i ? "," : "",
		    f.tags.v[i]);
	store_feed_clear(&f);
	return strdup(out);
}

/*
 * The feeds table as the daemon runs it: config sync (add, update, drop,
 * a 301-moved feed found by its config URL), feedctl's feeds and tag
 * edits surviving a sync, removal rules, due feeds and leases, counts.
 */
static void
test_feed_management(void)
{
	static const char conf1[] =
	    "[feed \"https://a.example/feed\"]\ntags = x, y\n"
	    "[feed \"https://b.example/feed\"]\ninterval = 2h\n"
	    "[feed \"https://c.example/feed\"]\nenabled = no\n";
	static const char conf2[] =
	    "[feed \"https://a.example/feed\"]\ntags = x, z\n"
	    "[feed \"https://d.example/feed\"]\n";
	struct store		*s;
	struct store_sync_stats	 ss;
	struct store_feed	 f;
	struct store_counts	 c;
	struct config		*cf;
	struct strvec		 add = { NULL, 0, 0 }, del = { NULL, 0, 0 },
				 tags = { NULL, 0, 0 };
	int64_t			 a, b, r, *ids, at;
	size_t			 n;
	char			*path, err[256], *v;
	int			 any, cnt;

	if ((s = fresh("mgmt.db", &path)) == NULL)
		return;
	cf = config_parse("t.conf", conf1, strlen(conf1), NULL);
	t_ok(store_feed_sync_config(s, cf, 1000, &ss, err, sizeof(err)) == 0,
	    "sync 1");
	t_ok(ss.added == 3 && ss.updated == 0 && ss.removed == 0,
	    "sync 1: 3 added");
	config_free(cf);
	t_ok(store_feed_find(s, "https://a.example/feed", &f, err,
	    sizeof(err)) == 1, "find by URL");
	a = f.id;
	t_ok(f.from_config && f.conf_enabled && !f.disabled, "a is config");
	store_feed_clear(&f);
	t_ok(store_feed_find(s, "2", &f, err, sizeof(err)) == 1 &&
	    f.interval == 7200, "find by id; interval kept");
	b = f.id;
	store_feed_clear(&f);
	t_ok(store_feed_find(s, "https://c.example/feed", &f, err,
	    sizeof(err)) == 1 && !STORE_FEED_ACTIVE(&f),
	    "enabled = no: not active");
	store_feed_clear(&f);
	t_ok(store_feed_find(s, "https://none.example/", &f, err,
	    sizeof(err)) == 0, "unknown URL: 0");

	/* feedctl's additions and edits. */
	strvec_push(&tags, "new");
	t_ok(store_feed_add(s, "https://r.example/feed", "R", &tags, 0, 0, 1000,
	    &r, err, sizeof(err)) == 0, "add a runtime feed");
	t_ok(store_feed_add(s, "https://a.example/feed", NULL, NULL, 0, 0, 1000,
	    &a, err, sizeof(err)) == -1, "add a known feed fails");
	t_streq(err, "already subscribed: https://a.example/feed (feed 1)",
	    "add a known feed: message");
	strvec_push(&add, "extra");
	strvec_push(&del, "y");
	t_ok(store_feed_retag(s, a, &add, &del, err, sizeof(err)) == 0,
	    "retag a config feed");
	v = feed_tags(s, a);
	t_streq(v, "x,extra", "config feed: +extra -y");
	free(v);
	t_ok(store_feed_retag(s, r, &add, &tags, err, sizeof(err)) == 0,
	    "retag a runtime feed");
	v = feed_tags(s, r);
	t_streq(v, "extra", "runtime feed: +extra -new");
	free(v);
	t_ok(store_feed_remove(s, a, err, sizeof(err)) == -1 &&
	    strstr(err, "is in the config file") != NULL,
	    "a config feed cannot be removed");
	t_ok(store_feed_set_disabled(s, b, 1, "gone (HTTP 410)", err,
	    sizeof(err)) == 0, "disable b");
	t_ok(store_feed_set_url(s, a, "https://a2.example/feed", err,
	    sizeof(err)) == 0, "a moved (301)");

	/* A new config: a's tags change, b and c go, d comes. */
	cf = config_parse("t.conf", conf2, strlen(conf2), NULL);
	t_ok(store_feed_sync_config(s, cf, 2000, &ss, err, sizeof(err)) == 0,
	    "sync 2");
	t_ok(ss.added == 1 && ss.updated == 1 && ss.removed == 2,
	    "sync 2: 1 added, 1 kept, 2 removed");
	config_free(cf);
	t_ok(store_feed_get(s, a, &f, err, sizeof(err)) == 1, "a kept");
	t_streq(f.url, "https://a2.example/feed", "a keeps its moved URL");
	t_streq(f.conf_url, "https://a.example/feed", "and its config URL");
	store_feed_clear(&f);
	v = feed_tags(s, a);
	t_streq(v, "x,z,extra", "config tags renewed, feedctl's edits kept");
	free(v);
	t_ok(store_feed_get(s, b, &f, err, sizeof(err)) == 0, "b is gone");
	t_ok(store_feed_get(s, r, &f, err, sizeof(err)) == 1,
	    "the runtime feed stays");
	store_feed_clear(&f);

	/* Scheduling. */
	t_ok(store_feeds_due(s, 3000, 10, &ids, &n, err, sizeof(err)) == 0 &&
	    n == 3, "three feeds due (a, d, r)");
	t_ok(store_feeds_lease(s, ids, n, 5000, err, sizeof(err)) == 0,
	    "lease them");
	free(ids);
	t_ok(store_feeds_due(s, 3000, 10, &ids, &n, err, sizeof(err)) == 0 &&
	    n == 0, "none due while leased");
	free(ids);
	t_ok(store_next_due(s, &at, &any, err, sizeof(err)) == 0 && any &&
	    at == 5000, "next due is the lease's end");
	t_ok(store_feeds_poll_now(s, 0, &cnt, err, sizeof(err)) == 0 &&
	    cnt == 3, "poll now: 3 feeds");
	t_ok(store_counts(s, &c, err, sizeof(err)) == 0 && c.feeds == 3 &&
	    c.ok == 3 && c.failing == 0 && c.inactive == 0,
	    "counts: 3 feeds, 3 ok");
	t_ok(store_feed_remove(s, r, err, sizeof(err)) == 0,
	    "a runtime feed can be removed");
	t_ok(store_feed_get(s, r, &f, err, sizeof(err)) == 0, "r is gone");
	strvec_clear(&add);
	strvec_clear(&del);
	strvec_clear(&tags);
	store_close(s);
	free(path);
}

/* The set that keeps a 100,000-entry document linear. */
static void
test_strset(void)
{
	struct strset	 ss = { NULL, 0, 0 };
	char		 h[65], k[32];
	int		 i, added = 0, again = 0, found = 0;

	for (i = 0; i < 10000; i++) {
		snprintf(k, sizeof(k), "%d", i);
		url_hash(k, h);
		added += strset_add(&ss, h);
	}
	for (i = 0; i < 10000; i++) {
		snprintf(k, sizeof(k), "%d", i);
		url_hash(k, h);
		again += strset_add(&ss, h);
		found += strset_has(&ss, h);
	}
	t_ok(added == 10000 && ss.n == 10000, "strset: 10,000 added");
	t_ok(again == 0 && found == 10000, "strset: each found, none twice");
	t_ok(!strset_has(&ss, "x") && strset_add(&ss, "x") &&
	    strset_has(&ss, "x"), "strset: a new key");
	strset_clear(&ss);
	t_ok(ss.n == 0 && !strset_has(&ss, "x"), "strset: cleared");
}

/* 20,000 entries in one document, every other one a duplicate. */
static void
test_big_doc(void)
{
	struct store	*s;
	struct feed_doc	*d;
	struct put_res	 r;
	char		*path, url[64];
	int		 i;

	s = fresh("big.db", &path);
	feed(s, "https://big.example/feed", NULL);
	d = doc_new("Big", "https://big.example/");
	for (i = 0; i < 20000; i++) {
		snprintf(url, sizeof(url), "https://big.example/%d", i / 2);
		add(d, url, "t", "<p>x</p>", NOW - i);
	}
	r = put(s, 1, d, NULL, 0, NOW);
	t_ok(r.rv == 0 && r.new == 10000, "big document: 10,000 new of 20,000");
	t_ok(q1(path, "SELECT count(*) FROM entries") == 10000,
	    "big document: each stored once");
	store_close(s);
	free(path);
}

int
main(void)
{
	struct store	*s;
	char		*path;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_migrations();
	test_upgrade_from_v1();
	s = fresh("main.db", &path);
	if (s != NULL) {
		test_feeds(s);
		test_put(s, path);
		store_close(s);
	}
	free(path);
	test_poisoning(1);
	test_poisoning(0);
	test_poisoning_domains();
	test_first_owner();
	test_tags_dups();
	test_rollback();
	test_purge();
	test_search_authors();
	test_search_waiting();
	test_url_key();
	test_lookup();
	test_query_plans();
	test_batch_journals();
	test_connection_setup();
	test_same_text();
	test_feed_management();
	test_strset();
	test_big_doc();
	cleanup();
	return t_done();
}
