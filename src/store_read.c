/*
 * store_read.c - reading entries back out of the store: the walks the
 * renderer, the Markdown export and feedctl use (newest first, by tag,
 * since a time, by search), each row handed over as an entry_view with
 * its dates, authors and tags decoded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "store.h"
#include "store_int.h"
#include "utf8.h"
#include "xmalloc.h"

#define DAY		86400

int
store_each_tag(struct store *s, int (*cb)(const char *, void *), void *arg,
    char *err, size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_TAGS_ALL);
	struct strvec	 tags = { NULL, 0, 0 };
	size_t		 i;
	int		 rc, rv = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strvec_push(&tags, (const char *)sqlite3_column_text(st, 0));
	if (rc != SQLITE_DONE)
		rv = store_fail(s, "tags", err, errlen);
	sqlite3_reset(st);
	for (i = 0; i < tags.n && rv == 0; i++)
		rv = cb(tags.v[i], arg);
	strvec_clear(&tags);
	return rv;
}

/* Entries as the renderer sees them */

static char *
json_strdup(json_t *o, const char *key)
{
	const char	*v = json_string_value(json_object_get(o, key));

	return v != NULL ? xstrdup(v) : NULL;
}

/* authors JSON (see authors_json) back to persons; bad JSON is none. */
static void
authors_decode(const char *js, struct person **pv, size_t *pn)
{
	json_t		*a, *o;
	struct person	*p;
	size_t		 i;

	*pv = NULL;
	*pn = 0;
	if (js == NULL || (a = json_loads(js, 0, NULL)) == NULL)
		return;
	json_array_foreach(a, i, o) {
		if (!json_is_object(o))
			continue;
		p = person_add(pv, pn);
		p->name = json_strdup(o, "name");
		p->email = json_strdup(o, "email");
		p->uri = json_strdup(o, "uri");
	}
	json_decref(a);
}

int
store_entry_tags(struct store *s, int64_t entry_id, struct strvec *out,
    char *err, size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_ENTRY_TAGS);
	int		 rc;

	sqlite3_bind_int64(st, 1, entry_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strvec_push(out, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "entry tags", err, errlen);
	return 0;
}

/*
 * An entry's published and updated times from its published, updated
 * and first_seen columns (at col, col + 1, col + 2), as sort_date()
 * decides: the feed's published, else its updated, else first seen; a
 * wrong clock upstream must not date an entry ahead.
 */
static void
view_dates(sqlite3_stmt *st, int col, int64_t *published, int64_t *updated)
{
	int64_t	 pub, upd, first;

	pub = store_col_date(st, col);
	upd = store_col_date(st, col + 1);
	first = sqlite3_column_int64(st, col + 2);
	if (pub == DATE_NONE)
		pub = upd;
	*published = pub != DATE_NONE && pub <= first + DAY ? pub : first;
	*updated = upd != DATE_NONE && upd <= first + DAY ? upd : *published;
	if (*updated < *published)
		*updated = *published;
}

/* Walk the rows of st (VIEW_COLS); the view lives during the callback. */
static int
view_walk(struct store *s, sqlite3_stmt *st,
    int (*cb)(const struct entry_view *, void *), void *arg, char *err,
    size_t errlen)
{
	struct entry_view	 v;
	struct strvec		 tags;
	struct person		*authors;
	int			 rc, rv = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&v, 0, sizeof(v));
		v.url_hash = (const char *)sqlite3_column_text(st, 0);
		v.id = (const char *)sqlite3_column_text(st, 1);
		v.url = (const char *)sqlite3_column_text(st, 2);
		v.title = (const char *)sqlite3_column_text(st, 3);
		v.summary = (const char *)sqlite3_column_text(st, 4);
		v.content = (const char *)sqlite3_column_text(st, 5);
		v.thumbnail = (const char *)sqlite3_column_text(st, 6);
		v.lang = (const char *)sqlite3_column_text(st, 7);
		view_dates(st, 8, &v.published, &v.updated);
		authors_decode((const char *)sqlite3_column_text(st, 11),
		    &authors, &v.nauthors);
		v.authors = authors;
		v.source_url = (const char *)sqlite3_column_text(st, 12);
		v.source_title = (const char *)sqlite3_column_text(st, 13);
		v.source_site = (const char *)sqlite3_column_text(st, 14);
		memset(&tags, 0, sizeof(tags));
		rv = store_entry_tags(s, sqlite3_column_int64(st, 15), &tags,
		    err, errlen);
		if (rv == 0) {
			v.tags = (const char *const *)tags.v;
			v.ntags = tags.n;
			rv = cb(&v, arg);
		}
		strvec_clear(&tags);
		persons_free(authors, v.nauthors);
		if (rv != 0)
			break;
	}
	if (rv == 0 && rc != SQLITE_DONE)
		rv = store_fail(s, "entries", err, errlen);
	sqlite3_reset(st);
	return rv;
}

int
store_each_entry(struct store *s, const char *tag, int limit,
    int (*cb)(const struct entry_view *, void *), void *arg, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st;

	st = store_stmt(s, tag != NULL ? S_EACH_TAG : S_EACH_ALL);
	sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
	if (tag != NULL)
		store_bind_text(st, 2, tag);
	return view_walk(s, st, cb, arg, err, errlen);
}

int
store_each_entry_since(struct store *s, int64_t since,
    int (*cb)(const struct entry_view *, void *), void *arg, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st;

	st = store_stmt(s, S_EACH_SEEN);
	sqlite3_bind_int64(st, 1, since);
	return view_walk(s, st, cb, arg, err, errlen);
}

int
store_newest_updated(struct store *s, const char *tag, int limit,
    int64_t *newest, char *err, size_t errlen)
{
	sqlite3_stmt	*st;
	int64_t		 pub, upd;
	int		 rc;

	*newest = 0;
	st = store_stmt(s, tag != NULL ? S_DATES_TAG : S_DATES_ALL);
	sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
	if (tag != NULL)
		store_bind_text(st, 2, tag);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		view_dates(st, 0, &pub, &upd);
		if (upd > *newest)
			*newest = upd;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "entries", err, errlen);
	return 0;
}

/* Bytes of the character at p (1 for a byte that starts none). */
static size_t
char_len(const char *p)
{
	uint32_t	 cp;

	return utf8_decode((const unsigned char *)p, strnlen(p, 4), &cp);
}

int
store_search(struct store *s, const char *query, int limit,
    int (*cb)(const struct entry_view *, void *), void *arg, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st;
	struct buf	 q = BUF_INIT;
	const char	*p, *end, *t;
	int		 i, rv;

	if (utf8_count(query) < 3) {
		st = store_stmt(s, S_SEARCH_SHORT);
		sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
		store_bind_text(st, 2, query);
		return view_walk(s, st, cb, arg, err, errlen);
	}
	/*
	 * Every trigram as its own FTS5 string, "..." with inner quotes
	 * doubled: the index has no positions to match a phrase with.
	 */
	for (p = query; *p != '\0'; p += char_len(p)) {
		for (end = p, i = 0; i < 3 && *end != '\0'; i++)
			end += char_len(end);
		if (i < 3)
			break;
		if (q.len > 0)
			buf_addc(&q, ' ');
		buf_addc(&q, '"');
		for (t = p; t < end; t++) {
			if (*t == '"')
				buf_addc(&q, '"');
			buf_addc(&q, *t);
		}
		buf_addc(&q, '"');
	}
	st = store_stmt(s, S_SEARCH);
	sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
	store_bind_text(st, 2, buf_cstr(&q));
	store_bind_text(st, 3, query);
	rv = view_walk(s, st, cb, arg, err, errlen);
	buf_free(&q);
	return rv;
}

int
store_query_entries(struct store *s, const struct entry_query *q,
    int (*cb)(const struct entry_view *, void *), void *arg, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_ENTRIES_QUERY);

	sqlite3_bind_int(st, 1, q->limit > 0 ? q->limit : -1);
	store_bind_text(st, 2, q->tag);
	if (q->feed_id > 0)
		sqlite3_bind_int64(st, 3, q->feed_id);
	store_bind_date(st, 4, q->since);
	return view_walk(s, st, cb, arg, err, errlen);
}

int
store_entry_known(struct store *s, const char *url_hash)
{
	sqlite3_stmt	*st = store_stmt(s, S_ENTRY_FIND);
	int		 rc;

	store_bind_text(st, 1, url_hash);
	sqlite3_bind_int64(st, 5, store_url_key(url_hash, '0'));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Count the rows of a lookup without calling anyone. */
static int
count_cb(const struct entry_view *v, void *arg)
{
	(void)v;
	(*(int *)arg)++;
	return 0;
}

/* The look-up of an entry by a hash prefix, or else by URL, bound. */
static sqlite3_stmt *
lookup_stmt(struct store *s, const char *key, int hex)
{
	sqlite3_stmt	*st;

	if (!hex) {
		st = store_stmt(s, S_ENTRY_BY_URL);
		store_bind_text(st, 1, key);
		return st;
	}
	st = store_stmt(s, S_ENTRY_BY_HASH);
	store_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, store_url_key(key, '0'));
	sqlite3_bind_int64(st, 3, store_url_key(key, 'f'));
	return st;
}

int
store_lookup_entry(struct store *s, const char *key,
    int (*cb)(const struct entry_view *, void *), void *arg, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st;
	const char	*p;
	int		 n = 0, hex = strlen(key) >= 4;

	for (p = key; *p != '\0' && hex; p++)
		hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
	/* A short or non-hex key can only be a URL. */
	st = lookup_stmt(s, key, hex);
	if (view_walk(s, st, count_cb, &n, err, errlen) == -1)
		return -1;
	if (n != 1)
		return n;
	st = lookup_stmt(s, key, hex);
	if (view_walk(s, st, cb, arg, err, errlen) == -1)
		return -1;
	return 1;
}
