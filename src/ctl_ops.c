/*
 * ctl_ops.c - feedctl's read-only commands as functions of the store:
 * list, entries, show, search, export, and the store's half of status.
 * Requests and replies are JSON objects; the caller prints them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "conf.h"
#include "ctl_ops.h"
#include "date.h"
#include "feed.h"
#include "render.h"
#include "store.h"
#include "xmalloc.h"

#define DEFAULT_LIMIT	20
#define MAX_LIMIT	1000000

json_t *
ctl_error(const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return json_pack("{s:b,s:s}", "ok", 0, "error", msg);
}

json_t *
ctl_time_json(int64_t t)
{
	char	 s[32];

	if (t == 0 || t == DATE_NONE)
		return json_null();
	date_format_rfc3339(t, s);
	return json_string(s);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
strings_json(const char *const *v, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *
ctl_feed_json(const struct store_feed *f)
{
	json_t	*o;

	o = json_object();
	json_object_set_new(o, "id", json_integer(f->id));
	json_object_set_new(o, "url", json_string(f->url));
	json_object_set_new(o, "title", str_or_null(f->title));
	json_object_set_new(o, "site_url", str_or_null(f->site_url));
	json_object_set_new(o, "kind", json_string(f->kind ? f->kind : "feed"));
	json_object_set_new(o, "origin",
	    json_string(f->from_config ? "config" : "runtime"));
	json_object_set_new(o, "tags", strings_json(
	    (const char *const *)f->tags.v, f->tags.n));
	json_object_set_new(o, "enabled", json_boolean(STORE_FEED_ACTIVE(f)));
	json_object_set_new(o, "disabled_reason",
	    f->disabled ? str_or_null(f->disabled_reason ?
	    f->disabled_reason : "disabled with feedctl") :
	    !f->conf_enabled ? json_string("enabled = no in the config") :
	    json_null());
	if (f->interval == CONF_INTERVAL_AUTO)
		json_object_set_new(o, "interval", json_string("auto"));
	else
		json_object_set_new(o, "interval", f->interval > 0 ?
		    json_integer(f->interval) : json_null());
	json_object_set_new(o, "last_status", json_integer(f->last_status));
	json_object_set_new(o, "last_error", str_or_null(f->last_error));
	json_object_set_new(o, "error_count", json_integer(f->error_count));
	json_object_set_new(o, "last_poll", ctl_time_json(f->last_poll_at));
	json_object_set_new(o, "last_ok", ctl_time_json(f->last_ok_at));
	json_object_set_new(o, "next_poll", STORE_FEED_ACTIVE(f) ?
	    ctl_time_json(f->next_poll_at) : json_null());
	return o;
}

json_t *
ctl_entry_json(const struct entry_view *v, int full)
{
	json_t	*o, *a;
	size_t	 i;

	o = json_object();
	json_object_set_new(o, "url_hash", json_string(v->url_hash));
	json_object_set_new(o, "url", str_or_null(v->url));
	json_object_set_new(o, "title", str_or_null(v->title));
	json_object_set_new(o, "published", ctl_time_json(v->published));
	json_object_set_new(o, "updated", ctl_time_json(v->updated));
	json_object_set_new(o, "source", str_or_null(v->source_title ?
	    v->source_title : v->source_url));
	json_object_set_new(o, "source_url", str_or_null(v->source_url));
	json_object_set_new(o, "tags", strings_json(v->tags, v->ntags));
	if (!full)
		return o;
	json_object_set_new(o, "id", str_or_null(v->id));
	a = json_array();
	for (i = 0; i < v->nauthors; i++)
		json_array_append_new(a, json_pack("{s:o,s:o,s:o}",
		    "name", str_or_null(v->authors[i].name),
		    "email", str_or_null(v->authors[i].email),
		    "uri", str_or_null(v->authors[i].uri)));
	json_object_set_new(o, "authors", a);
	json_object_set_new(o, "summary", str_or_null(v->summary));
	json_object_set_new(o, "content", str_or_null(v->content));
	json_object_set_new(o, "thumbnail", str_or_null(v->thumbnail));
	json_object_set_new(o, "lang", str_or_null(v->lang));
	return o;
}

/* Walk state of the list command. */
struct list_args {
	json_t		*feeds;
	const char	*tag;
	int		 failing;
};

static int
list_cb(const struct store_feed *f, void *arg)
{
	struct list_args	*a = arg;

	if (a->tag != NULL && !strvec_contains(&f->tags, a->tag))
		return 0;
	if (a->failing && (f->error_count == 0 || !STORE_FEED_ACTIVE(f)))
		return 0;
	json_array_append_new(a->feeds, ctl_feed_json(f));
	return 0;
}

static json_t *
op_list(struct store *s, json_t *req)
{
	struct list_args	 a;
	char			 err[512];

	a.feeds = json_array();
	a.tag = json_string_value(json_object_get(req, "tag"));
	a.failing = json_is_true(json_object_get(req, "failing"));
	if (store_each_feed(s, list_cb, &a, err, sizeof(err)) == -1) {
		json_decref(a.feeds);
		return ctl_error("%s", err);
	}
	return json_pack("{s:b,s:o}", "ok", 1, "feeds", a.feeds);
}

struct entries_args {
	json_t	*entries;
	int	 full;
};

static int
entries_cb(const struct entry_view *v, void *arg)
{
	struct entries_args	*a = arg;

	json_array_append_new(a->entries, ctl_entry_json(v, a->full));
	return 0;
}

static int
limit_of(json_t *req)
{
	json_t		*n = json_object_get(req, "n");
	json_int_t	 v;

	/* feedctl's range: another client must not ask for everything. */
	if (!json_is_integer(n))
		return DEFAULT_LIMIT;
	v = json_integer_value(n);
	return v < 1 ? 1 : v > MAX_LIMIT ? MAX_LIMIT : (int)v;
}

static json_t *
op_entries(struct store *s, json_t *req)
{
	struct entry_query	 q;
	struct entries_args	 a;
	struct store_feed	 f;
	const char		*feed, *since;
	char			 err[512];
	int			 rv;

	memset(&q, 0, sizeof(q));
	q.tag = json_string_value(json_object_get(req, "tag"));
	q.limit = limit_of(req);
	q.since = DATE_NONE;
	if ((since = json_string_value(json_object_get(req, "since"))) !=
	    NULL && date_parse(since, NULL, &q.since) == -1)
		return ctl_error("bad date: %s (expected a date such as "
		    "2025-02-11 or 2025-02-11T07:49:32Z)", since);
	if ((feed = json_string_value(json_object_get(req, "feed"))) != NULL) {
		if ((rv = store_feed_find(s, feed, &f, err, sizeof(err))) != 1)
			return rv == 0 ? ctl_error("no such feed: %s", feed) :
			    ctl_error("%s", err);
		q.feed_id = f.id;
		store_feed_clear(&f);
	}
	a.entries = json_array();
	a.full = 0;
	if (store_query_entries(s, &q, entries_cb, &a, err,
	    sizeof(err)) == -1) {
		json_decref(a.entries);
		return ctl_error("%s", err);
	}
	return json_pack("{s:b,s:o}", "ok", 1, "entries", a.entries);
}

static json_t *
op_show(struct store *s, json_t *req)
{
	struct entries_args	 a;
	const char		*key;
	char			 err[512];
	json_t			*r;
	int			 rv;

	if ((key = json_string_value(json_object_get(req, "entry"))) == NULL)
		return ctl_error("show: which entry?");
	a.entries = json_array();
	a.full = 1;
	rv = store_lookup_entry(s, key, entries_cb, &a, err, sizeof(err));
	if (rv != 1) {
		json_decref(a.entries);
		return rv == -1 ? ctl_error("%s", err) : rv == 0 ?
		    ctl_error("no entry matches %s", key) :
		    ctl_error("%s matches several entries: give more of the "
		    "hash", key);
	}
	r = json_pack("{s:b,s:O}", "ok", 1, "entry",
	    json_array_get(a.entries, 0));
	json_decref(a.entries);
	return r;
}

static json_t *
op_search(struct store *s, json_t *req)
{
	struct entries_args	 a;
	const char		*query;
	char			 err[512];

	if ((query = json_string_value(json_object_get(req, "query"))) ==
	    NULL || *query == '\0')
		return ctl_error("search: what for?");
	a.entries = json_array();
	a.full = 0;
	if (store_search(s, query, limit_of(req), entries_cb, &a, err,
	    sizeof(err)) == -1) {
		json_decref(a.entries);
		return ctl_error("%s", err);
	}
	return json_pack("{s:b,s:o}", "ok", 1, "entries", a.entries);
}

static json_t *
op_export(struct store *s, const struct config *cfg)
{
	struct buf	 out = BUF_INIT;
	char		 err[512];
	json_t		*r;

	if (render_opml_buf(s, cfg->title, &out, err, sizeof(err)) == -1) {
		buf_free(&out);
		return ctl_error("%s", err);
	}
	r = json_pack("{s:b,s:s}", "ok", 1, "opml", buf_cstr(&out));
	buf_free(&out);
	return r;
}

static json_t *
op_status(struct store *s)
{
	struct store_counts	 c;
	char			 err[512];

	if (store_counts(s, &c, err, sizeof(err)) == -1)
		return ctl_error("%s", err);
	return json_pack("{s:b,s:b,s:{s:i,s:i,s:i,s:i},s:I,s:o,s:o}",
	    "ok", 1, "running", 0,
	    "feeds", "total", c.feeds, "ok", c.ok, "failing", c.failing,
	    "disabled", c.inactive,
	    "entries", (json_int_t)c.entries,
	    "last_poll", ctl_time_json(c.last_poll_at),
	    "next_poll", ctl_time_json(c.next_poll_at));
}

static json_t *
op_config(const struct config *cfg)
{
	struct buf	 b = BUF_INIT;
	json_t		*r;

	config_dump(cfg, &b);
	r = json_pack("{s:b,s:s}", "ok", 1, "config", buf_cstr(&b));
	buf_free(&b);
	return r;
}

json_t *
ctl_read_op(struct store *s, const struct config *cfg, json_t *req)
{
	const char	*cmd = json_string_value(json_object_get(req, "cmd"));

	if (cmd == NULL)
		return ctl_error("bad request: no command");
	if (strcmp(cmd, "list") == 0)
		return op_list(s, req);
	if (strcmp(cmd, "entries") == 0)
		return op_entries(s, req);
	if (strcmp(cmd, "show") == 0)
		return op_show(s, req);
	if (strcmp(cmd, "search") == 0)
		return op_search(s, req);
	if (strcmp(cmd, "export") == 0)
		return op_export(s, cfg);
	if (strcmp(cmd, "status") == 0)
		return op_status(s);
	if (strcmp(cmd, "config") == 0)
		return op_config(cfg);
	return NULL;
}
