/*
 * daemon_ctl.c - the daemon's answers on its control socket: feedctl's
 * write commands (add, import, remove, tag, enable, disable, refresh with
 * --wait, reload, render, check), the read-only ones through ctl_ops.c
 * with the daemon's own status added, and /metrics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>
#include <jansson.h>

#include "buf.h"
#include "conf.h"
#include "control.h"
#include "ctl_ops.h"
#include "daemon_int.h"
#include "log.h"
#include "pipeline.h"
#include "store.h"
#include "url.h"
#include "xmalloc.h"

static void
waiter_reply(struct daemon *d, struct waiter *w)
{
	struct waiter	**pp;

	for (pp = &d->waiters; *pp != NULL; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	control_reply(w->cl, json_pack("{s:b,s:o}", "ok", 1, "results",
	    w->results));
	free(w->ids);
	free(w);
}

void
daemon_waiters_note(struct daemon *d, const struct poll_outcome *o)
{
	struct waiter	*w, *next;
	size_t		 i;

	for (w = d->waiters; w != NULL; w = next) {
		next = w->next;
		for (i = 0; i < w->n; i++) {
			if (w->ids[i] != o->feed_id)
				continue;
			w->ids[i] = 0;
			w->left--;
			json_array_append_new(w->results, json_pack(
			    "{s:I,s:s,s:b,s:b,s:i,s:o,s:i,s:i}",
			    "id", (json_int_t)o->feed_id, "url", o->url,
			    "ok", o->error == NULL,
			    "not_modified", o->not_modified,
			    "status", (int)o->status,
			    "error", o->error ? json_string(o->error) :
			    json_null(),
			    "new", o->entries_new,
			    "updated", o->entries_updated));
		}
		if (w->left == 0)
			waiter_reply(d, w);
	}
}

void
daemon_waiters_fail(struct daemon *d, const char *why)
{
	struct waiter	*w;

	while ((w = d->waiters) != NULL) {
		d->waiters = w->next;
		control_reply_error(w->cl, "%s", why);
		json_decref(w->results);
		free(w->ids);
		free(w);
	}
}

/* The control socket's commands */

static json_t *
ok_reply(void)
{
	return json_pack("{s:b}", "ok", 1);
}

/* The feed a request names ("feed": id or URL), or an error reply. */
static json_t *
find_feed(struct daemon *d, json_t *req, struct store_feed *f)
{
	const char	*key = json_string_value(json_object_get(req, "feed"));
	char		 err[512];
	int		 rv;

	if (key == NULL)
		return ctl_error("which feed? (an id or URL)");
	if ((rv = store_feed_find(d->store, key, f, err, sizeof(err))) == 1)
		return NULL;
	return rv == 0 ? ctl_error("no such feed: %s", key) :
	    ctl_error("%s", err);
}

/* The tags of a request, normalized as the config's; -1 on a bad one. */
static int
tags_of(json_t *a, struct strvec *out, char *err, size_t errlen)
{
	json_t	*v;
	size_t	 i;
	char	*t;

	json_array_foreach(a, i, v) {
		if (!json_is_string(v) ||
		    config_tag(json_string_value(v), &t) == -1) {
			snprintf(err, errlen, "bad tag '%s' (a tag cannot be "
			    "empty or contain '/' or control characters)",
			    json_is_string(v) ? json_string_value(v) : "?");
			return -1;
		}
		if (!strvec_contains(out, t))
			strvec_push(out, t);
		free(t);
	}
	return 0;
}

/* A feed URL feedctl may add: the same rule as the config's. */
static int
url_allowed(const struct config *cfg, const char *url)
{
	static const char *const web[] = { "http", "https", NULL };
	static const char *const file[] = { "file", NULL };
	char	*c;

	if (url_scheme_in(url, file))
		return cfg->allow_file_urls;
	if (!url_scheme_in(url, web) || (c = url_canonical(url)) == NULL)
		return 0;
	free(c);
	return 1;
}

static json_t *
cmd_add_one(struct daemon *d, const char *url, const char *title,
    json_t *tags, int interval, int kind)
{
	struct strvec	 tv = { NULL, 0, 0 };
	struct store_feed f;
	int64_t		 id;
	char		 err[512];
	json_t		*r;

	if (url == NULL || !url_allowed(d->cfg, url))
		return ctl_error("not a feed URL feedd may poll: %s (http or "
		    "https%s)", url ? url : "(none)", d->cfg->allow_file_urls ?
		    ", or file" : "");
	if (tags_of(tags, &tv, err, sizeof(err)) == -1 ||
	    store_feed_add(d->store, url, title, &tv, interval, kind,
	    (int64_t)time(NULL), &id, err, sizeof(err)) == -1) {
		strvec_clear(&tv);
		return ctl_error("%s", err);
	}
	strvec_clear(&tv);
	log_info("feedctl: added %s (feed %lld)", url, (long long)id);
	if (store_feed_get(d->store, id, &f, err, sizeof(err)) != 1)
		return ctl_error("%s", err);
	r = json_pack("{s:b,s:o}", "ok", 1, "feed", ctl_feed_json(&f));
	store_feed_clear(&f);
	return r;
}

static json_t *
cmd_add(struct daemon *d, json_t *req)
{
	json_t	*iv = json_object_get(req, "interval"), *r;

	r = cmd_add_one(d, json_string_value(json_object_get(req, "url")),
	    json_string_value(json_object_get(req, "title")),
	    json_object_get(req, "tags"),
	    json_is_integer(iv) ? (int)json_integer_value(iv) : 0,
	    store_kind_parse(json_string_value(json_object_get(req,
	    "kind"))));
	if (json_is_true(json_object_get(r, "ok"))) {
		daemon_render_soon(d);
		daemon_kick(d);
	}
	return r;
}

static json_t *
cmd_import(struct daemon *d, json_t *req)
{
	json_t	*feeds = json_object_get(req, "feeds"), *f, *r, *tags,
		*extra = json_object_get(req, "tags"), *errors;
	size_t	 i;
	int	 added = 0, skipped = 0;

	if (!json_is_array(feeds))
		return ctl_error("import: no feeds");
	errors = json_array();
	json_array_foreach(feeds, i, f) {
		tags = json_array();
		json_array_extend(tags, json_is_array(json_object_get(f,
		    "tags")) ? json_object_get(f, "tags") : tags);
		if (json_is_array(extra))
			json_array_extend(tags, extra);
		r = cmd_add_one(d, json_string_value(json_object_get(f, "url")),
		    json_string_value(json_object_get(f, "title")), tags, 0,
		    FEED_KIND_FEED);
		if (json_is_true(json_object_get(r, "ok")))
			added++;
		else {
			skipped++;
			json_array_append(errors, json_object_get(r, "error"));
		}
		json_decref(r);
		json_decref(tags);
	}
	if (added > 0) {
		daemon_render_soon(d);
		daemon_kick(d);
	}
	return json_pack("{s:b,s:i,s:i,s:o}", "ok", 1, "added", added,
	    "skipped", skipped, "errors", errors);
}

static json_t *
cmd_remove(struct daemon *d, json_t *req)
{
	struct store_feed f;
	json_t		*r;
	char		 err[512];

	if ((r = find_feed(d, req, &f)) != NULL)
		return r;
	if (store_feed_remove(d->store, f.id, err, sizeof(err)) == -1)
		r = ctl_error("%s", err);
	else {
		log_info("feedctl: removed %s (feed %lld)", f.url,
		    (long long)f.id);
		r = json_pack("{s:b,s:I,s:s}", "ok", 1, "id",
		    (json_int_t)f.id, "url", f.url);
		daemon_render_soon(d);
	}
	store_feed_clear(&f);
	return r;
}

static json_t *
cmd_tag(struct daemon *d, json_t *req)
{
	struct store_feed f;
	struct strvec	 add = { NULL, 0, 0 }, del = { NULL, 0, 0 };
	int64_t		 id;
	json_t		*r;
	char		 err[512];

	if ((r = find_feed(d, req, &f)) != NULL)
		return r;
	id = f.id;
	store_feed_clear(&f);
	if (tags_of(json_object_get(req, "add"), &add, err,
	    sizeof(err)) == -1 ||
	    tags_of(json_object_get(req, "remove"), &del, err,
	    sizeof(err)) == -1 ||
	    store_feed_retag(d->store, id, &add, &del, err,
	    sizeof(err)) == -1 ||
	    store_feed_get(d->store, id, &f, err, sizeof(err)) != 1)
		r = ctl_error("%s", err);
	if (r == NULL) {
		r = json_pack("{s:b,s:o}", "ok", 1, "feed", ctl_feed_json(&f));
		daemon_render_soon(d);
	}
	strvec_clear(&add);
	strvec_clear(&del);
	store_feed_clear(&f);
	return r;
}

static json_t *
cmd_enable(struct daemon *d, json_t *req, int enable)
{
	struct store_feed f;
	int64_t		 id;
	json_t		*r;
	char		 err[512];

	if ((r = find_feed(d, req, &f)) != NULL)
		return r;
	id = f.id;
	store_feed_clear(&f);
	if (store_feed_set_disabled(d->store, id, !enable,
	    "disabled with feedctl", err, sizeof(err)) == -1 ||
	    store_feed_get(d->store, id, &f, err, sizeof(err)) != 1)
		return ctl_error("%s", err);
	log_info("feedctl: %s %s", enable ? "enabled" : "disabled", f.url);
	if (enable && !f.conf_enabled)
		r = json_pack("{s:b,s:o,s:s}", "ok", 1, "feed",
		    ctl_feed_json(&f), "warning", "the config file says "
		    "enabled = no: change it there");
	else
		r = json_pack("{s:b,s:o}", "ok", 1, "feed", ctl_feed_json(&f));
	store_feed_clear(&f);
	daemon_kick(d);
	return r;
}

/* Collect the active feeds a refresh makes due, for --wait. */
struct refresh_ids {
	int64_t		*v;
	size_t		 n;
	int		 failing;
};

static int
refresh_collect(const struct store_feed *f, void *arg)
{
	struct refresh_ids	*r = arg;

	if (!STORE_FEED_ACTIVE(f) || (r->failing && f->error_count == 0))
		return 0;
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	r->v[r->n++] = f->id;
	return 0;
}

/* Returns NULL when the reply is deferred to the polls' end. */
static json_t *
cmd_refresh(struct daemon *d, struct ctl_client *cl, json_t *req)
{
	struct refresh_ids	 ids = { NULL, 0, 0 };
	struct store_feed	 f;
	struct waiter		*w;
	const char		*which;
	json_t			*r;
	char			 err[512];
	size_t			 i;
	int			 n;

	which = json_string_value(json_object_get(req, "which"));
	if (json_object_get(req, "feed") != NULL) {
		if ((r = find_feed(d, req, &f)) != NULL)
			return r;
		if (!STORE_FEED_ACTIVE(&f)) {
			r = ctl_error("%s is disabled", f.url);
			store_feed_clear(&f);
			return r;
		}
		ids.v = xmalloc(sizeof(*ids.v));
		ids.v[ids.n++] = f.id;
		store_feed_clear(&f);
		if (!poller_busy(d->poller, ids.v[0]) &&
		    store_feed_set_next(d->store, ids.v[0], 0, err,
		    sizeof(err)) == -1) {
			free(ids.v);
			return ctl_error("%s", err);
		}
	} else {
		ids.failing = which != NULL && strcmp(which, "failing") == 0;
		if (store_each_feed(d->store, refresh_collect, &ids, err,
		    sizeof(err)) == -1 || store_feeds_poll_now(d->store,
		    ids.failing, &n, err, sizeof(err)) == -1) {
			free(ids.v);
			return ctl_error("%s", err);
		}
	}
	daemon_kick(d);
	if (!json_is_true(json_object_get(req, "wait")) || ids.n == 0) {
		r = json_pack("{s:b,s:i}", "ok", 1, "queued", (int)ids.n);
		free(ids.v);
		return r;
	}
	w = xcalloc(1, sizeof(*w));
	w->cl = cl;
	w->ids = ids.v;
	w->n = w->left = ids.n;
	w->results = json_array();
	w->next = d->waiters;
	d->waiters = w;
	for (i = 0; i < w->n; i++)
		log_debug("refresh: waiting for feed %lld",
		    (long long)w->ids[i]);
	return NULL;
}

static json_t *
cmd_check(struct daemon *d)
{
	struct strvec	 errors = { NULL, 0, 0 };
	struct config	*cfg;
	json_t		*a;
	size_t		 i;

	cfg = config_load(d->cfg_path, &errors);
	a = json_array();
	for (i = 0; i < errors.n; i++)
		json_array_append_new(a, json_string(errors.v[i]));
	strvec_clear(&errors);
	if (cfg == NULL)
		return json_pack("{s:b,s:s,s:o}", "ok", 0, "error",
		    "the configuration has errors", "errors", a);
	json_decref(a);
	a = json_pack("{s:b,s:s,s:i}", "ok", 1, "path", d->cfg_path,
	    "feeds", (int)cfg->nfeeds);
	config_free(cfg);
	return a;
}

static void
add_status(struct daemon *d, json_t *r)
{
	json_object_set_new(r, "running", json_true());
	json_object_set_new(r, "pid", json_integer(getpid()));
	json_object_set_new(r, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(r, "uptime", json_integer(time(NULL) -
	    d->started));
	json_object_set_new(r, "in_flight",
	    json_integer((json_int_t)poller_inflight(d->poller)));
	json_object_set_new(r, "config", json_string(d->cfg_path));
}

void
daemon_control(struct ctl_client *cl, json_t *req, void *arg)
{
	struct daemon	*d = arg;
	const char	*cmd = json_string_value(json_object_get(req, "cmd"));
	json_t		*r;
	char		*errs;

	log_debug("control: %s", cmd);
	/* A reply speaks of what is stored: commit what is pending first. */
	if (d->poller != NULL)
		poller_flush(d->poller);
	if (d->stopping && strcmp(cmd, "status") != 0) {
		control_reply_error(cl, "feedd is stopping");
		return;
	}
	if (strcmp(cmd, "add") == 0)
		r = cmd_add(d, req);
	else if (strcmp(cmd, "import") == 0)
		r = cmd_import(d, req);
	else if (strcmp(cmd, "remove") == 0)
		r = cmd_remove(d, req);
	else if (strcmp(cmd, "tag") == 0)
		r = cmd_tag(d, req);
	else if (strcmp(cmd, "enable") == 0)
		r = cmd_enable(d, req, 1);
	else if (strcmp(cmd, "disable") == 0)
		r = cmd_enable(d, req, 0);
	else if (strcmp(cmd, "refresh") == 0) {
		if ((r = cmd_refresh(d, cl, req)) == NULL)
			return;		/* answered when the polls end */
	} else if (strcmp(cmd, "reload") == 0) {
		if ((errs = daemon_reload(d)) == NULL)
			r = ok_reply();
		else {
			r = ctl_error("%s", errs);
			free(errs);
		}
	} else if (strcmp(cmd, "render") == 0) {
		r = ok_reply();
		daemon_render_now(d, 1, r);
	} else if (strcmp(cmd, "check") == 0)
		r = cmd_check(d);
	else if ((r = ctl_read_op(d->store, d->cfg, req)) != NULL) {
		if (strcmp(cmd, "status") == 0 &&
		    json_is_true(json_object_get(r, "ok")))
			add_status(d, r);
	} else
		r = ctl_error("unknown command: %s", cmd);
	control_reply(cl, r);
}

/* /metrics: Prometheus text exposition. */
void
daemon_metrics(struct buf *b, void *arg)
{
	struct daemon		*d = arg;
	struct store_counts	 c;
	char			 err[512];

	if (store_counts(d->store, &c, err, sizeof(err)) == 0) {
		buf_printf(b, "# HELP feedd_feeds Feeds by state.\n"
		    "# TYPE feedd_feeds gauge\n"
		    "feedd_feeds{state=\"ok\"} %d\n"
		    "feedd_feeds{state=\"failing\"} %d\n"
		    "feedd_feeds{state=\"disabled\"} %d\n", c.ok, c.failing,
		    c.inactive);
		buf_printf(b, "# HELP feedd_entries Entries stored.\n"
		    "# TYPE feedd_entries gauge\nfeedd_entries %lld\n",
		    (long long)c.entries);
	}
	buf_printf(b, "# HELP feedd_fetches_total Feed polls by result.\n"
	    "# TYPE feedd_fetches_total counter\n"
	    "feedd_fetches_total{result=\"ok\"} %llu\n"
	    "feedd_fetches_total{result=\"not_modified\"} %llu\n"
	    "feedd_fetches_total{result=\"error\"} %llu\n",
	    d->fetch_ok, d->fetch_not_modified, d->fetch_error);
	buf_printf(b, "# HELP feedd_entries_new_total New entries stored.\n"
	    "# TYPE feedd_entries_new_total counter\n"
	    "feedd_entries_new_total %llu\n", d->entries_new);
	buf_printf(b, "# HELP feedd_poll_seconds Transfer time of polls.\n"
	    "# TYPE feedd_poll_seconds summary\n"
	    "feedd_poll_seconds_sum %.6f\nfeedd_poll_seconds_count %llu\n",
	    d->poll_seconds, d->polls);
	buf_printf(b, "# HELP feedd_in_flight Polls in flight.\n"
	    "# TYPE feedd_in_flight gauge\nfeedd_in_flight %zu\n",
	    poller_inflight(d->poller));
	buf_printf(b, "# HELP feedd_renders_total Output renders.\n"
	    "# TYPE feedd_renders_total counter\nfeedd_renders_total %llu\n",
	    d->renders);
}
