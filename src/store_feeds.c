/*
 * store_feeds.c - the feeds table: configured feeds kept in step with the
 * config file, feeds added and removed at run time by feedctl, tag and
 * enable edits that survive a reload, and what the scheduler asks of it
 * (due feeds, the next due time, poll outcomes, entry rates).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "conf.h"
#include "feed.h"
#include "store.h"
#include "store_int.h"
#include "xmalloc.h"

const char *
store_kind_name(int kind)
{
	switch (kind) {
	case FEED_KIND_PAGE:
		return "page";
	case FEED_KIND_HTML:
		return "html";
	default:
		return "feed";
	}
}

int
store_kind_parse(const char *name)
{
	if (name != NULL && strcmp(name, "page") == 0)
		return FEED_KIND_PAGE;
	if (name != NULL && strcmp(name, "html") == 0)
		return FEED_KIND_HTML;
	return FEED_KIND_FEED;
}

/* Tags travel as JSON arrays of strings; NULL for none. */
static char *
tags_encode(const struct strvec *sv)
{
	json_t	*a;
	char	*s;
	size_t	 i;

	if (sv == NULL || sv->n == 0)
		return NULL;
	a = json_array();
	for (i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

static void
tags_decode(const char *js, struct strvec *out)
{
	json_t	*a, *v;
	size_t	 i;

	if (js == NULL || (a = json_loads(js, 0, NULL)) == NULL)
		return;
	json_array_foreach(a, i, v)
		if (json_is_string(v) &&
		    !strvec_contains(out, json_string_value(v)))
			strvec_push(out, json_string_value(v));
	json_decref(a);
}

static void
feed_fill(sqlite3_stmt *st, struct store_feed *f)
{
	struct strvec	 base = { NULL, 0, 0 }, add = { NULL, 0, 0 },
			 del = { NULL, 0, 0 };
	const char	*origin;
	size_t		 i;

	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	f->url = store_col_strdup(st, 1);
	f->title = store_col_strdup(st, 2);
	f->site_url = store_col_strdup(st, 3);
	f->etag = store_col_strdup(st, 4);
	f->last_modified = store_col_strdup(st, 5);
	f->next_poll_at = sqlite3_column_int64(st, 6);
	f->error_count = sqlite3_column_int(st, 7);
	f->last_error = store_col_strdup(st, 8);
	f->last_status = sqlite3_column_int(st, 9);
	f->disabled = sqlite3_column_int(st, 10);
	f->kind = store_col_strdup(st, 11);
	origin = (const char *)sqlite3_column_text(st, 12);
	f->from_config = origin != NULL && strcmp(origin, "config") == 0;
	tags_decode((const char *)sqlite3_column_text(st, 13), &base);
	tags_decode((const char *)sqlite3_column_text(st, 14), &add);
	tags_decode((const char *)sqlite3_column_text(st, 15), &del);
	for (i = 0; i < add.n; i++)
		if (!strvec_contains(&base, add.v[i]))
			strvec_push(&base, add.v[i]);
	for (i = 0; i < base.n; i++)
		if (!strvec_contains(&del, base.v[i]))
			strvec_push(&f->tags, base.v[i]);
	strvec_clear(&base);
	strvec_clear(&add);
	strvec_clear(&del);
	f->interval = sqlite3_column_int(st, 16);
	f->conf_enabled = sqlite3_column_int(st, 17);
	f->disabled_reason = store_col_strdup(st, 18);
	f->last_poll_at = sqlite3_column_int64(st, 19);
	f->last_ok_at = sqlite3_column_int64(st, 20);
	f->ttl = sqlite3_column_int(st, 21);
	f->conf_url = store_col_strdup(st, 22);
}

/* Step a statement that yields at most one feed row. */
static int
feed_row(struct store *s, sqlite3_stmt *st, struct store_feed *f, char *err,
    size_t errlen)
{
	int	 rc;

	memset(f, 0, sizeof(*f));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		feed_fill(st, f);
	else if (rc != SQLITE_DONE)
		store_fail(s, "feed", err, errlen);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Step an INSERT ... RETURNING id. */
static int
returning_id(struct store *s, sqlite3_stmt *st, const char *what,
    int64_t *id, char *err, size_t errlen)
{
	int	 rc;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, what, err, errlen);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

int
store_feed_upsert(struct store *s, const char *url, const char *title,
    int64_t *id, char *err, size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_UPSERT);

	if (url == NULL || *url == '\0') {
		snprintf(err, errlen, "feed without a URL");
		return -1;
	}
	store_bind_text(st, 1, url);
	store_bind_text(st, 2, title != NULL && *title != '\0' ? title : NULL);
	return returning_id(s, st, url, id, err, errlen);
}

int
store_feed_get(struct store *s, int64_t id, struct store_feed *f, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_GET);

	sqlite3_bind_int64(st, 1, id);
	return feed_row(s, st, f, err, errlen);
}

int
store_feed_find(struct store *s, const char *key, struct store_feed *f,
    char *err, size_t errlen)
{
	sqlite3_stmt	*st;
	char		*end;
	long long	 id;
	int		 rv;

	errno = 0;
	id = strtoll(key, &end, 10);
	if (*key >= '0' && *key <= '9' && *end == '\0' && errno == 0 &&
	    (rv = store_feed_get(s, id, f, err, errlen)) != 0)
		return rv;
	st = store_stmt(s, S_FEED_BY_URL);
	store_bind_text(st, 1, key);
	return feed_row(s, st, f, err, errlen);
}

void
store_feed_clear(struct store_feed *f)
{
	free(f->url);
	free(f->title);
	free(f->site_url);
	free(f->etag);
	free(f->last_modified);
	free(f->last_error);
	free(f->disabled_reason);
	free(f->kind);
	free(f->conf_url);
	strvec_clear(&f->tags);
	memset(f, 0, sizeof(*f));
}

/* -1 unless exactly one row changed. */
static int
one_row(struct store *s, sqlite3_stmt *st, int64_t id, char *err,
    size_t errlen)
{
	if (store_run(s, st, "feed", err, errlen) == -1)
		return -1;
	if (sqlite3_changes(s->db) == 0) {
		snprintf(err, errlen, "no feed with id %lld", (long long)id);
		return -1;
	}
	return 0;
}

int
store_feed_polled(struct store *s, int64_t id, const struct store_poll *p,
    char *err, size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_POLLED);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, p->status);
	store_bind_text(st, 3, p->error);
	store_bind_text(st, 4, p->etag);
	store_bind_text(st, 5, p->last_modified);
	sqlite3_bind_int64(st, 6, p->next_poll_at);
	sqlite3_bind_int64(st, 7, p->polled_at);
	if (p->ttl >= 0)
		sqlite3_bind_int(st, 8, p->ttl);
	return one_row(s, st, id, err, errlen);
}

/*
 * The callbacks get the rows only after the statement is reset, so they
 * may call the store themselves and hold no read transaction open.
 */
int
store_each_feed(struct store *s, int (*cb)(const struct store_feed *, void *),
    void *arg, char *err, size_t errlen)
{
	sqlite3_stmt		*st = store_stmt(s, S_FEED_ALL);
	struct store_feed	*v = NULL;
	size_t			 n = 0, i;
	int			 rc, rv = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof(*v));
		feed_fill(st, &v[n++]);
	}
	if (rc != SQLITE_DONE)
		rv = store_fail(s, "feeds", err, errlen);
	sqlite3_reset(st);
	for (i = 0; i < n && rv == 0; i++)
		rv = cb(&v[i], arg);
	for (i = 0; i < n; i++)
		store_feed_clear(&v[i]);
	free(v);
	return rv;
}

static int
sync_one(struct store *s, const struct feed_conf *fc, int64_t now,
    int64_t *id, char *err, size_t errlen)
{
	sqlite3_stmt	*st;
	char		*tags = tags_encode(&fc->tags);
	int		 rv, rc, k;

	/* As configured already (no write), moved since, else the upsert. */
	for (k = 0; k < 2; k++) {
		st = store_stmt(s, k == 0 ? S_FEED_SYNC_SAME :
		    S_FEED_SYNC_MOVED);
		store_bind_text(st, 1, fc->url);
		store_bind_text(st, 2, fc->title);
		store_bind_text(st, 4, tags);
		sqlite3_bind_int(st, 5, fc->interval);
		sqlite3_bind_int(st, 6, fc->enabled);
		store_bind_text(st, 7, store_kind_name(fc->kind));
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*id = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
			free(tags);
			return 0;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			free(tags);
			return store_fail(s, fc->url, err, errlen);
		}
	}
	st = store_stmt(s, S_FEED_SYNC);
	store_bind_text(st, 1, fc->url);
	store_bind_text(st, 2, fc->title);
	sqlite3_bind_int64(st, 3, now);
	store_bind_text(st, 4, tags);
	sqlite3_bind_int(st, 5, fc->interval);
	sqlite3_bind_int(st, 6, fc->enabled);
	store_bind_text(st, 7, store_kind_name(fc->kind));
	rv = returning_id(s, st, fc->url, id, err, errlen);
	free(tags);
	return rv;
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int
store_feed_sync_config(struct store *s, const struct config *cfg,
    int64_t now, struct store_sync_stats *ss, char *err, size_t errlen)
{
	const struct feed_conf	*fc;
	sqlite3_stmt		*st;
	int64_t			*ids = NULL, id, *hit;
	unsigned char		*seen = NULL;
	size_t			 n = 0, i;
	int			 rc;

	memset(ss, 0, sizeof(*ss));
	if (store_txn_begin_rows(s, "begin", err, errlen) == -1)
		return -1;
	st = store_stmt(s, S_FEED_CONFIG_ALL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "feeds", err, errlen);
		goto fail;
	}
	/* Sorted, to look each configured feed up: 10,000 feeds start fast. */
	if (n > 0)
		qsort(ids, n, sizeof(*ids), id_cmp);
	seen = xcalloc(n + 1, 1);
	TAILQ_FOREACH(fc, &cfg->feeds, next) {
		if (sync_one(s, fc, now, &id, err, errlen) == -1)
			goto fail;
		hit = n > 0 ? bsearch(&id, ids, n, sizeof(*ids), id_cmp) : NULL;
		if (hit != NULL) {
			ss->updated++;
			seen[hit - ids] = 1;
		} else
			ss->added++;
	}
	/* Whatever was not seen is gone from the config. */
	for (i = 0; i < n; i++) {
		if (seen[i])
			continue;
		st = store_stmt(s, S_FEED_DELETE);
		sqlite3_bind_int64(st, 1, ids[i]);
		if (store_run(s, st, "feed", err, errlen) == -1)
			goto fail;
		ss->removed++;
	}
	if (store_txn_commit(s, "commit", err, errlen) == -1)
		goto fail;
	free(seen);
	free(ids);
	return 0;
fail:
	store_txn_rollback(s);
	free(seen);
	free(ids);
	return -1;
}

int
store_feed_add(struct store *s, const char *url, const char *title,
    const struct strvec *tags, int interval, int kind, int64_t now,
    int64_t *id, char *err, size_t errlen)
{
	struct store_feed	 f;
	sqlite3_stmt		*st;
	char			*js;
	int			 rv;

	if ((rv = store_feed_find(s, url, &f, err, errlen)) != 0) {
		if (rv == 1)
			snprintf(err, errlen, "already subscribed: %s "
			    "(feed %lld)", url, (long long)f.id);
		store_feed_clear(&f);
		return -1;
	}
	st = store_stmt(s, S_FEED_ADD);
	js = tags_encode(tags);
	store_bind_text(st, 1, url);
	store_bind_text(st, 2, title != NULL && *title != '\0' ? title : NULL);
	sqlite3_bind_int64(st, 3, now);
	store_bind_text(st, 4, js);
	sqlite3_bind_int(st, 5, interval);
	store_bind_text(st, 6, store_kind_name(kind));
	rv = returning_id(s, st, url, id, err, errlen);
	free(js);
	return rv;
}

int
store_feed_remove(struct store *s, int64_t id, char *err, size_t errlen)
{
	struct store_feed	 f;
	sqlite3_stmt		*st;
	int			 rv;

	if ((rv = store_feed_get(s, id, &f, err, errlen)) != 1) {
		if (rv == 0)
			snprintf(err, errlen, "no feed with id %lld",
			    (long long)id);
		return -1;
	}
	if (f.from_config) {
		snprintf(err, errlen, "%s is in the config file: remove it "
		    "there and reload (feedctl disable stops polling it)",
		    f.url);
		store_feed_clear(&f);
		return -1;
	}
	store_feed_clear(&f);
	st = store_stmt(s, S_FEED_DELETE);
	sqlite3_bind_int64(st, 1, id);
	return one_row(s, st, id, err, errlen);
}

int
store_feed_retag(struct store *s, int64_t id, const struct strvec *add,
    const struct strvec *del, char *err, size_t errlen)
{
	struct store_feed	 f;
	sqlite3_stmt		*st;
	struct strvec		 base = { NULL, 0, 0 }, tadd = { NULL, 0, 0 },
				 tdel = { NULL, 0, 0 }, keep = { NULL, 0, 0 };
	char			*js[3];
	size_t			 i;
	int			 rv, c;

	if ((rv = store_feed_get(s, id, &f, err, errlen)) != 1) {
		if (rv == 0)
			snprintf(err, errlen, "no feed with id %lld",
			    (long long)id);
		return -1;
	}
	/* Re-read the raw columns: f.tags is the merged view. */
	st = store_stmt(s, S_FEED_GET);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tags_decode((const char *)sqlite3_column_text(st, 13), &base);
		tags_decode((const char *)sqlite3_column_text(st, 14), &tadd);
		tags_decode((const char *)sqlite3_column_text(st, 15), &tdel);
	}
	sqlite3_reset(st);
	c = f.from_config;
	store_feed_clear(&f);
	/*
	 * A feedctl feed owns its tags outright.  A configured feed keeps
	 * the config's tags in base and feedctl's edits beside them, so a
	 * reload that rewrites base keeps the edits.
	 */
	for (i = 0; i < add->n; i++) {
		if (c) {
			if (!strvec_contains(&tadd, add->v[i]))
				strvec_push(&tadd, add->v[i]);
		} else if (!strvec_contains(&base, add->v[i]))
			strvec_push(&base, add->v[i]);
	}
	for (i = 0; i < del->n; i++)
		if (c && !strvec_contains(&tdel, del->v[i]))
			strvec_push(&tdel, del->v[i]);
	/* A tag added again after a removal (or the reverse) wins. */
	for (i = 0; i < tadd.n; i++)
		if (!strvec_contains(del, tadd.v[i]))
			strvec_push(&keep, tadd.v[i]);
	strvec_clear(&tadd);
	tadd = keep;
	memset(&keep, 0, sizeof(keep));
	for (i = 0; i < tdel.n; i++)
		if (!strvec_contains(add, tdel.v[i]))
			strvec_push(&keep, tdel.v[i]);
	strvec_clear(&tdel);
	tdel = keep;
	memset(&keep, 0, sizeof(keep));
	if (!c) {
		for (i = 0; i < base.n; i++)
			if (!strvec_contains(del, base.v[i]))
				strvec_push(&keep, base.v[i]);
		strvec_clear(&base);
		base = keep;
	}
	js[0] = tags_encode(&base);
	js[1] = tags_encode(&tadd);
	js[2] = tags_encode(&tdel);
	st = store_stmt(s, S_FEED_SET_TAGS);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, js[0]);
	store_bind_text(st, 3, js[1]);
	store_bind_text(st, 4, js[2]);
	rv = one_row(s, st, id, err, errlen);
	for (i = 0; i < 3; i++)
		free(js[i]);
	strvec_clear(&base);
	strvec_clear(&tadd);
	strvec_clear(&tdel);
	return rv;
}

int
store_feed_set_disabled(struct store *s, int64_t id, int disabled,
    const char *reason, char *err, size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_SET_DISABLED);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, disabled != 0);
	store_bind_text(st, 3, disabled ? reason : NULL);
	return one_row(s, st, id, err, errlen);
}

int
store_feed_set_url(struct store *s, int64_t id, const char *url, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_SET_URL);

	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, url);
	return one_row(s, st, id, err, errlen);
}

int
store_feed_set_next(struct store *s, int64_t id, int64_t at, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_SET_NEXT);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	return one_row(s, st, id, err, errlen);
}

int
store_feeds_due(struct store *s, int64_t now, size_t max, int64_t **ids,
    size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_DUE);
	int		 rc;

	*ids = NULL;
	*n = 0;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_fail(s, "due feeds", err, errlen);
	}
	return 0;
}

int
store_next_due(struct store *s, int64_t *at, int *any, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_NEXT_DUE);
	int		 rc;

	*at = 0;
	*any = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*at = sqlite3_column_int64(st, 0);
		*any = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(s, "next due", err, errlen);
}

int
store_feed_rate(struct store *s, int64_t id, int64_t since, int *n,
    char *err, size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_RATE);
	int		 rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, since);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(s, "rate", err, errlen);
}

int
store_counts(struct store *s, struct store_counts *c, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_COUNTS);
	int		 rc;

	memset(c, 0, sizeof(*c));
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->feeds = sqlite3_column_int(st, 0);
		c->ok = sqlite3_column_int(st, 1);
		c->failing = sqlite3_column_int(st, 2);
		c->inactive = c->feeds - c->ok - c->failing;
		c->last_poll_at = sqlite3_column_int64(st, 3);
		c->next_poll_at = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, "counts", err, errlen);
	st = store_stmt(s, S_ENTRY_COUNT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		c->entries = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(s, "counts", err, errlen);
}

int
store_feeds_lease(struct store *s, const int64_t *ids, size_t n,
    int64_t until, char *err, size_t errlen)
{
	size_t	 i;

	if (store_txn_begin_rows(s, "begin", err, errlen) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (store_feed_set_next(s, ids[i], until, err, errlen) == -1) {
			store_txn_rollback(s);
			return -1;
		}
	return store_txn_commit(s, "commit", err, errlen);
}

int
store_feeds_poll_now(struct store *s, int failing_only, int *n, char *err,
    size_t errlen)
{
	sqlite3_stmt	*st = store_stmt(s, S_FEED_POLL_ALL);

	sqlite3_bind_int(st, 1, failing_only != 0);
	if (store_run(s, st, "feeds", err, errlen) == -1)
		return -1;
	*n = sqlite3_changes(s->db);
	return 0;
}
