/*
 * store.c - the SQLite store: open (pragmas, migrations, prepared
 * statements), one transaction per parsed document with dedup by url_hash
 * and the content-ownership rule, and retention.  Reading entries back is
 * store_read.c, feeds store_feeds.c, the SQL itself store_schema.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>
#include <sqlite3.h>

#include "ascii.h"
#include "buf.h"
#include "feed.h"
#include "jsonesc.h"
#include "store.h"
#include "store_int.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"

#define DAY		86400

/* State of one store_put_doc call. */
struct put {
	struct store			*s;
	int64_t				 feed_id;
	char				*site_host;	/* of this feed */
	char				*self_url;	/* this feed, canonical */
	const struct store_put_opts	*o;
	struct store_put_stats		 st;
	struct strset			 seen;	/* hashes done */
	struct strset			 changed; /* in st.changed_entries */
};

/*
 * The message of the last error.  When the storage itself failed (full,
 * damaged, locked, unwritable) it names the file: the operator has to
 * find it, and feedctl's read-only paths print it as it is.
 */
int
store_fail(struct store *s, const char *what, char *err, size_t errlen)
{
	const char	*path;

	if (err == NULL)
		return -1;
	switch (sqlite3_errcode(s->db) & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_CORRUPT:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_NOTADB:
		path = sqlite3_db_filename(s->db, "main");
		if (path != NULL && *path != '\0') {
			snprintf(err, errlen, "%s: %s (%s)", what,
			    sqlite3_errmsg(s->db), path);
			return -1;
		}
		break;
	}
	snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

/* The statement, reset and with no bindings left from its last use. */
sqlite3_stmt *
store_stmt(struct store *s, enum store_stmt i)
{
	sqlite3_reset(s->st[i]);
	sqlite3_clear_bindings(s->st[i]);
	return s->st[i];
}

void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

void
store_bind_date(sqlite3_stmt *st, int i, int64_t v)
{
	if (v != DATE_NONE)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int64_t
store_col_date(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return DATE_NONE;
	return sqlite3_column_int64(st, i);
}

char *
store_col_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char	*p = sqlite3_column_text(st, i);

	return p != NULL ? xstrdup((const char *)p) : NULL;
}

/* Run a statement that returns no rows; -1 with the message on error. */
int
store_run(struct store *s, sqlite3_stmt *st, const char *what, char *err,
    size_t errlen)
{
	int	 rc;

	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_fail(s, what, err, errlen);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

int64_t
store_url_key(const char *hex, char pad)
{
	uint64_t	 v = 0, flipped;
	int		 i, d, ended = 0;
	char		 c;

	for (i = 0; i < 16; i++) {
		ended = ended || hex[i] == '\0';
		c = ended ? pad : hex[i];
		d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
		    c - 'a' + 10 : 0;
		v = v << 4 | (uint64_t)d;
	}
	/* The top bit flipped, and into int64_t without overflow. */
	flipped = v ^ UINT64_C(0x8000000000000000);
	if (flipped <= INT64_MAX)
		return (int64_t)flipped;
	return -(int64_t)(~flipped) - 1;
}

/* feedd_url_key(url_hash): store_url_key() for migration 9. */
static void
sql_url_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char	*h = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	sqlite3_result_int64(ctx, store_url_key(h != NULL ? h : "", '0'));
}

/*
 * feedd_contains(text, query): whether query is a substring of text, both
 * case-folded by utf8_fold_cp().  Search checks with it what the trigram
 * index found (store_schema.c: S_SEARCH).  NULL contains nothing.
 */
static void
needle_free(void *p)
{
	buf_free(p);
	free(p);
}

static void
sql_contains(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct buf	 hay = BUF_INIT, *needle;
	const char	*h, *n;

	(void)argc;
	h = (const char *)sqlite3_value_text(argv[0]);
	n = (const char *)sqlite3_value_text(argv[1]);
	if (h == NULL || n == NULL) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	/* The query is the same for every row: folded once per statement. */
	if ((needle = sqlite3_get_auxdata(ctx, 1)) == NULL) {
		needle = xcalloc(1, sizeof(*needle));
		utf8_fold_add(needle, n, (size_t)sqlite3_value_bytes(argv[1]));
		sqlite3_set_auxdata(ctx, 1, needle, needle_free);
		if ((needle = sqlite3_get_auxdata(ctx, 1)) == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	utf8_fold_add(&hay, h, (size_t)sqlite3_value_bytes(argv[0]));
	sqlite3_result_int(ctx, memmem(buf_cstr(&hay), hay.len,
	    buf_cstr(needle), needle->len) != NULL);
	buf_free(&hay);
}

/*
 * How SQLite is set up for feedd, once, before its first use.  Debian
 * builds it without lookaside memory, so every record, cursor and page
 * header is a malloc; with the default memory statistics each of those
 * also takes a global mutex to count itself (3% of a cold poll).
 * feedd keeps no statistics, so they are off.  sqlite3_config() fails
 * harmlessly once SQLite is initialized (SQLITE_MISUSE), which is why
 * this runs before the first open.
 */
void
store_sqlite_setup(void)
{
	static int	 done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void
store_cache_size(struct store *s, int kib)
{
	char	 sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", kib);
	/* It sets a number and drops pages: nothing that can fail. */
	(void)sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

int
store_open(const char *path, struct store **sp, char *err, size_t errlen)
{
	/*
	 * The page cache (STORE_CACHE_KIB, set below): 16 MiB, so a
	 * batch's index pages are not evicted and read back from the WAL
	 * (schema 9 made the indexes that take keys at random places fit:
	 * tests/bench).
	 * page_size (a new database only): 16 KiB, so that an entry (a few
	 * KB of HTML) fits in a page instead of an overflow chain; a cold
	 * poll makes a third fewer writes and a tenth less CPU (tests/bench).
	 * secure_delete: Debian's SQLite zeroes what is deleted, by default;
	 * what feedd deletes is published feed text and the search index's
	 * merged segments, and zeroing them is 5% of a cold poll's writes.
	 */
	static const char	 pragmas[] =
	    "PRAGMA page_size = 16384;"
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA secure_delete = OFF;";
	struct store		*s;
	char			*msg = NULL;
	int			 i;

	*sp = NULL;
	store_sqlite_setup();
	s = xcalloc(1, sizeof(*s));
	/*
	 * NOMUTEX: a connection is only ever used by the thread that
	 * opened it (feedd and feedctl have one), so SQLite need not lock
	 * it around every call.
	 */
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", s->db != NULL ?
		    sqlite3_errmsg(s->db) : "cannot open the database");
		goto bad;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* Before anything that may wait for a lock. */
	sqlite3_busy_timeout(s->db, 5000);
	if (sqlite3_exec(s->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg != NULL ? msg :
		    sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		goto bad;
	}
	if (sqlite3_create_function_v2(s->db, "feedd_contains", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    sql_contains, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(s->db, "feedd_url_key", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    sql_url_key, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
		goto bad;
	}
	store_cache_size(s, STORE_CACHE_KIB);
	/* Off while migrating (schema 5 rebuilds a referenced table). */
	if (store_migrate(s->db, err, errlen) == -1)
		goto bad;
	if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
		goto bad;
	}
	for (i = 0; i < S_NSTMT; i++) {
		if (sqlite3_prepare_v3(s->db, store_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			snprintf(err, errlen, "statement %d: %s", i,
			    sqlite3_errmsg(s->db));
			goto bad;
		}
	}
	*sp = s;
	return 0;
bad:
	store_close(s);
	return -1;
}

void
store_close(struct store *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < S_NSTMT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close_v2(s->db);
	free(s);
}

/* Retention */

int
store_purge(struct store *s, int keep_days, int keep_per_feed, int64_t now,
    int *purged, char *err, size_t errlen)
{
	sqlite3_stmt	*st;
	int		 n = 0;

	*purged = 0;
	if (store_txn_begin(s, "purge", err, errlen) == -1)
		return -1;
	if (keep_days > 0) {
		st = store_stmt(s, S_PURGE_DAYS);
		sqlite3_bind_int64(st, 1, now - (int64_t)keep_days * DAY);
		if (store_run(s, st, "purge", err, errlen) == -1)
			goto bad;
		n += sqlite3_changes(s->db);
	}
	if (keep_per_feed > 0) {
		st = store_stmt(s, S_PURGE_PER_FEED);
		sqlite3_bind_int(st, 1, keep_per_feed);
		if (store_run(s, st, "purge", err, errlen) == -1)
			goto bad;
		n += sqlite3_changes(s->db);
	}
	if (n > 0 && store_run(s, store_stmt(s, S_PURGE_TAGS), "purge", err,
	    errlen) == -1)
		goto bad;
	if (store_txn_commit(s, "purge", err, errlen) == -1)
		goto bad;
	*purged = n;
	return 0;
bad:
	store_txn_rollback(s);
	return -1;
}

/* Storing a document */

void
store_put_stats_clear(struct store_put_stats *st)
{
	strvec_clear(&st->changed_tags);
	strvec_clear(&st->changed_entries);
	memset(st, 0, sizeof(*st));
}

static void
push_unique(struct strvec *sv, const char *s)
{
	if (!strvec_contains(sv, s))
		strvec_push(sv, s);
}

/*
 * The site an article or feed is on: the registrable domain of its host
 * (libpsl's built-in public-suffix list, so news.example.com and
 * www.example.com are one site, while a.github.io and b.github.io are
 * two), lowercased; the host itself for IP literals and single labels.
 * NULL when url has no host.
 */
static char *
site_host(const char *url)
{
	const char	*p, *end, *at, *h, *hend, *reg;
	char		*host;
	size_t		 i;

	if (url == NULL || (p = strstr(url, "://")) == NULL)
		return NULL;
	p += 3;
	end = p + strcspn(p, "/?#\\");
	for (at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	h = p;
	/* An IPv6 literal keeps its brackets; a port goes. */
	for (hend = h; hend < end && *hend != (*h == '[' ? ']' : ':'); hend++)
		;
	if (*h == '[' && hend < end)
		hend++;
	while (hend > h && hend[-1] == '.')
		hend--;
	if (hend - h > 4 && strncasecmp(h, "www.", 4) == 0)
		h += 4;
	if (hend == h)
		return NULL;
	host = xstrndup(h, hend - h);
	for (i = 0; host[i] != '\0'; i++)
		host[i] = a_lower((unsigned char)host[i]);
	/* IP literals have no registrable domain: they are their own site. */
	if (strspn(host, "0123456789.") == strlen(host) || *host == '[')
		return host;
	if ((reg = psl_registrable_domain(psl_builtin(), host)) != NULL &&
	    reg != host) {
		reg = xstrdup(reg);
		free(host);
		return (char *)reg;
	}
	return host;
}

static int
valid_hash(const char *h)
{
	size_t	 i;

	for (i = 0; i < 64; i++)
		if (!a_digit((unsigned char)h[i]) && !(h[i] >= 'a' &&
		    h[i] <= 'f'))
			return 0;
	return h[64] == '\0';
}

/* What the output is ordered by; see the issue: dates are not trusted. */
static int64_t
sort_date(const struct entry *e, int64_t first_seen)
{
	int64_t	 d;

	d = e->published != DATE_NONE ? e->published :
	    e->updated != DATE_NONE ? e->updated : first_seen;
	if (d > first_seen && d - first_seen > DAY)
		d = first_seen;
	return d;
}

/* jansson stores a string that is not UTF-8 as null. */
static const char *
utf8_or_null(const char *s)
{
	return s != NULL && utf8_valid(s, strlen(s)) ? s : NULL;
}

/*
 * [{"name","email","uri"}], or NULL for no authors; owned.  The bytes
 * jansson would write (store_read.c reads them back with it).
 */
static char *
authors_json(const struct entry *e)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	if (e->nauthors == 0)
		return NULL;
	buf_addc(&b, '[');
	for (i = 0; i < e->nauthors; i++) {
		buf_addstr(&b, i > 0 ? ",{\"name\":" : "{\"name\":");
		json_escape_add(&b, utf8_or_null(e->authors[i].name));
		buf_addstr(&b, ",\"email\":");
		json_escape_add(&b, utf8_or_null(e->authors[i].email));
		buf_addstr(&b, ",\"uri\":");
		json_escape_add(&b, utf8_or_null(e->authors[i].uri));
		buf_addc(&b, '}');
	}
	buf_addc(&b, ']');
	return buf_release(&b);
}

/* The feed's config tags, then (if asked) the entry's own, normalized. */
static void
tags_for(const struct put *c, const struct entry *e, struct strvec *out)
{
	const char	*p, *q;
	char		*t;
	size_t		 i, j;

	if (c->o->feed_tags != NULL)
		for (i = 0; i < c->o->feed_tags->n; i++)
			if (*c->o->feed_tags->v[i] != '\0')
				push_unique(out, c->o->feed_tags->v[i]);
	if (!c->o->category_tags)
		return;
	for (i = 0; i < e->tags.n; i++) {
		p = e->tags.v[i];
		while (is_space((unsigned char)*p))
			p++;
		q = p + strlen(p);
		while (q > p && is_space((unsigned char)q[-1]))
			q--;
		if (q == p)
			continue;
		t = xstrndup(p, q - p);
		for (j = 0; t[j] != '\0'; j++)
			t[j] = a_lower((unsigned char)t[j]);
		push_unique(out, t);
		free(t);
	}
}

/* Link the entry to this feed and add its tags; *added when any is new. */
static int
link_and_tag(struct put *c, int64_t entry_id, const struct strvec *tags,
    int *added, char *err, size_t errlen)
{
	struct store	*s = c->s;
	sqlite3_stmt	*st;
	size_t		 i;

	*added = 0;
	st = store_stmt(s, S_LINK_ADD);
	sqlite3_bind_int64(st, 1, entry_id);
	sqlite3_bind_int64(st, 2, c->feed_id);
	if (store_run(s, st, "entry feed", err, errlen) == -1)
		return -1;
	for (i = 0; i < tags->n; i++) {
		st = store_stmt(s, S_TAG_ADD);
		sqlite3_bind_int64(st, 1, entry_id);
		store_bind_text(st, 2, tags->v[i]);
		if (store_run(s, st, "entry tag", err, errlen) == -1)
			return -1;
		if (sqlite3_changes(s->db) > 0)
			*added = 1;
	}
	return 0;
}

static int
entry_insert(struct put *c, const struct entry *e, int64_t key, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(c->s, S_ENTRY_INSERT);
	char		*authors = authors_json(e);
	int		 rv;

	store_bind_text(st, 1, e->url_hash);
	store_bind_text(st, 2, e->url);
	store_bind_text(st, 3, e->id);
	sqlite3_bind_int64(st, 4, c->feed_id);
	store_bind_text(st, 5, e->title_text);
	store_bind_text(st, 6, authors);
	store_bind_date(st, 7, e->published);
	store_bind_date(st, 8, e->updated);
	sqlite3_bind_int64(st, 9, c->o->now);
	sqlite3_bind_int64(st, 10, sort_date(e, c->o->now));
	store_bind_text(st, 11, e->summary_text);
	store_bind_text(st, 12, e->content_html);
	store_bind_text(st, 13, e->thumbnail);
	store_bind_text(st, 14, e->lang);
	sqlite3_bind_int64(st, 15, key);
	rv = store_run(c->s, st, "entry", err, errlen);
	free(authors);
	return rv;
}

static int
entry_update(struct put *c, int64_t id, const struct entry *e, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(c->s, S_ENTRY_UPDATE);
	char		*authors = authors_json(e);
	int		 rv;

	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, e->title_text);
	store_bind_text(st, 3, e->summary_text);
	store_bind_text(st, 4, e->content_html);
	store_bind_text(st, 5, e->thumbnail);
	store_bind_text(st, 6, authors);
	sqlite3_bind_int64(st, 7, e->updated != DATE_NONE ? e->updated :
	    c->o->now);
	store_bind_text(st, 8, e->lang);
	rv = store_run(c->s, st, "entry", err, errlen);
	free(authors);
	return rv;
}

/*
 * The dedup-poisoning rule.  The first feed an entry is seen in owns its
 * content, unless a feed on the article's site lists it.  A feed's site
 * is the registrable domain of the feed's own URL, not the site link the
 * document declares (a hostile feed could declare anyone's):
 * that feed takes over (once; two feeds of the same site do not take it
 * from each other).  Returns 1 when this feed may write the content, and
 * sets *take when it becomes the owner.
 */
static int
may_own(const struct put *c, const struct entry *e, int64_t owner,
    const char *owner_site, int *take)
{
	char	*art, *oh;
	int	 mine, theirs;

	*take = 0;
	if (owner == c->feed_id)
		return 1;
	/* A page source is the article itself: nobody else owns it. */
	if (c->self_url != NULL && e->url != NULL &&
	    strcmp(c->self_url, e->url) == 0) {
		*take = 1;
		return 1;
	}
	if (owner == 0) {
		*take = 1;
		return 1;
	}
	if ((art = site_host(e->url)) == NULL)
		return 0;
	oh = site_host(owner_site);
	mine = c->site_host != NULL && strcmp(art, c->site_host) == 0;
	theirs = oh != NULL && strcmp(art, oh) == 0;
	free(art);
	free(oh);
	*take = mine && !theirs;
	return *take;
}

static int
entry_transfer(struct put *c, int64_t id, const struct entry *e,
    int64_t first_seen, char *err, size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(c->s, S_ENTRY_TRANSFER);

	/* The owner's date, clamped against when the entry was first seen. */
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, c->feed_id);
	store_bind_date(st, 3, e->published);
	sqlite3_bind_int64(st, 4, sort_date(e, first_seen));
	return store_run(c->s, st, "entry owner", err, errlen);
}

static int
put_entry(struct put *c, const struct entry *e, char *err, size_t errlen)
{
	struct store	*s = c->s;
	sqlite3_stmt	*st;
	struct strvec	 tags = { NULL, 0, 0 };
	char		*osite = NULL;
	int64_t		 owner = 0, first = 0, id = 0, key;
	size_t		 i;
	int		 rc, dup, exists, purged = 0, added, take, own, same = 0;
	int		 changed = 0, rv = -1;

	if (!valid_hash(e->url_hash)) {
		snprintf(err, errlen, "entry %s%s%swithout a valid url_hash",
		    e->url ? "<" : "", e->url ? e->url : "",
		    e->url ? "> " : "");
		return -1;
	}
	dup = !strset_add(&c->seen, e->url_hash);
	key = store_url_key(e->url_hash, '0');
	tags_for(c, e, &tags);

	st = store_stmt(s, S_ENTRY_FIND);
	store_bind_text(st, 1, e->url_hash);
	store_bind_text(st, 2, e->title_text);
	store_bind_text(st, 3, e->summary_text);
	store_bind_text(st, 4, e->content_html);
	sqlite3_bind_int64(st, 5, key);
	rc = sqlite3_step(st);
	if ((exists = rc == SQLITE_ROW)) {
		owner = sqlite3_column_int64(st, 0);
		purged = sqlite3_column_int(st, 1);
		first = sqlite3_column_int64(st, 2);
		osite = store_col_strdup(st, 3);
		id = sqlite3_column_int64(st, 4);
		same = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(s, "entry", err, errlen);
		goto out;
	}

	if (!exists) {
		if (entry_insert(c, e, key, err, errlen) == -1)
			goto out;
		id = sqlite3_last_insert_rowid(s->db);
		if (link_and_tag(c, id, &tags, &added, err, errlen) == -1)
			goto out;
		c->st.new_entries++;
		changed = 1;
	} else if (purged) {
		/* Its hash stays so that the old item does not come back. */
		if (!dup)
			c->st.unchanged++;
	} else {
		if (link_and_tag(c, id, &tags, &added, err, errlen) == -1)
			goto out;
		changed = added;
		/* A second copy in one document: the first one's text wins. */
		own = !dup && may_own(c, e, owner, osite, &take);
		if (own && take) {
			if (entry_transfer(c, id, e, first, err, errlen) == -1)
				goto out;
			changed = 1;
		}
		if (own && !same) {
			/* The update trigger reindexes it, if indexed. */
			if (entry_update(c, id, e, err, errlen) == -1)
				goto out;
			c->st.updated_entries++;
			changed = 1;
		} else if (!dup)
			c->st.unchanged++;
	}
	if (changed) {
		if (strset_add(&c->changed, e->url_hash))
			strvec_push(&c->st.changed_entries, e->url_hash);
		/* Every output the entry appears in must be redone. */
		strvec_clear(&tags);
		if (store_entry_tags(s, id, &tags, err, errlen) == -1)
			goto out;
		for (i = 0; i < tags.n; i++)
			push_unique(&c->st.changed_tags, tags.v[i]);
		c->st.changed_any = 1;
	}
	rv = 0;
out:
	strvec_clear(&tags);
	free(osite);
	return rv;
}

/* The feed's own title and site; a config title is not replaced. */
static int
put_feed_meta(struct put *c, const struct feed_doc *doc, char *err,
    size_t errlen)
{
	struct store	*s = c->s;
	sqlite3_stmt	*st;
	char		*site = NULL;
	int		 rc;

	st = store_stmt(s, S_FEED_DOC);
	sqlite3_bind_int64(st, 1, c->feed_id);
	store_bind_text(st, 2, doc->title_text != NULL && *doc->title_text != '\0' ?
	    doc->title_text : NULL);
	store_bind_text(st, 3, doc->link != NULL && *doc->link != '\0' ?
	    doc->link : NULL);
	if (store_run(s, st, "feed", err, errlen) == -1)
		return -1;
	if (sqlite3_changes(s->db) > 0) {
		/* Every entry it owns names it in atom:source. */
		c->st.changed_any = 1;
		st = store_stmt(s, S_FEED_ENTRY_TAGS);
		sqlite3_bind_int64(st, 1, c->feed_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			push_unique(&c->st.changed_tags,
			    (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, "feed", err, errlen);
	}
	st = store_stmt(s, S_FEED_SITE);
	sqlite3_bind_int64(st, 1, c->feed_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		site = store_col_strdup(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		snprintf(err, errlen, "no feed with id %lld",
		    (long long)c->feed_id);
		return -1;
	}
	if (rc != SQLITE_ROW)
		return store_fail(s, "feed", err, errlen);
	c->site_host = site_host(site);
	free(site);
	return 0;
}

int
store_put_doc(struct store *s, int64_t feed_id, const struct feed_doc *doc,
    const struct store_put_opts *o, struct store_put_stats *stats,
    char *err, size_t errlen)
{
	struct put	 c;
	struct entry	*e;
	size_t		 i, nbefore;
	int		 rv = -1, begun = 0;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.feed_id = feed_id;
	c.o = o;
	c.self_url = o->feed_url != NULL ? url_canonical(o->feed_url) : NULL;
	if (store_txn_begin(s, "begin", err, errlen) == -1)
		goto out;
	begun = 1;
	if (put_feed_meta(&c, doc, err, errlen) == -1)
		goto out;
	/* New entries wait for store_index_pending to be searchable fast. */
	TAILQ_FOREACH(e, &doc->entries, next)
		if (put_entry(&c, e, err, errlen) == -1)
			goto out;
	if (store_txn_commit(s, "commit", err, errlen) == -1)
		goto out;
	rv = 0;
	/* Counts of a rolled-back document would be lies: add only now. */
	stats->new_entries += c.st.new_entries;
	stats->updated_entries += c.st.updated_entries;
	stats->unchanged += c.st.unchanged;
	stats->changed_any |= c.st.changed_any;
	for (i = 0; i < c.st.changed_tags.n; i++)
		push_unique(&stats->changed_tags, c.st.changed_tags.v[i]);
	/* Unique already: only a list the caller filled before is searched. */
	nbefore = stats->changed_entries.n;
	for (i = 0; i < c.st.changed_entries.n; i++)
		if (nbefore == 0)
			strvec_push(&stats->changed_entries,
			    c.st.changed_entries.v[i]);
		else
			push_unique(&stats->changed_entries,
			    c.st.changed_entries.v[i]);
out:
	if (rv == -1 && begun)
		store_txn_rollback(s);
	store_put_stats_clear(&c.st);
	strset_clear(&c.seen);
	strset_clear(&c.changed);
	free(c.site_host);
	free(c.self_url);
	return rv;
}
