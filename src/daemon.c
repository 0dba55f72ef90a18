/*
 * daemon.c - the long-running feedd: one libev loop drives the scheduler
 * (a single timer armed for the earliest due feed, next poll times kept
 * in the database), the poller, signals (HUP reload, TERM/INT graceful
 * stop, USR1 poll all), the control socket, the HTTP server, and a
 * debounced render after polls.  Idle, it sleeps until a feed is due.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>
#include <jansson.h>
#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "buf.h"
#include "conf.h"
#include "control.h"
#include "ctl_ops.h"
#include "daemon.h"
#include "log.h"
#include "pipeline.h"
#include "render.h"
#include "serve.h"
#include "store.h"
#include "url.h"
#include "websub.h"
#include "xmalloc.h"

#define STOP_GRACE	10.0	/* seconds in-flight transfers get at exit */
#define RENDER_DELAY	1.0	/* gather a burst of polls into one render */
#define PURGE_EVERY	3600
#define LEASE_SLACK	60

#ifndef HAVE_LIBSYSTEMD
#define sd_notify(unset, state)	((void)0)
#endif

/* A `feedctl refresh --wait` waiting for its feeds. */
struct waiter {
	struct waiter		*next;
	struct ctl_client	*cl;
	int64_t			*ids;		/* 0 once done */
	size_t			 n, left;
	json_t			*results;
};

struct daemon {
	struct ev_loop		*loop;
	const char		*cfg_path;
	struct config		*cfg;
	struct store		*store;
	struct poller		*poller;
	struct control		*control;
	struct server		*server;
	struct websub		*websub;
	ev_timer		 sched;
	ev_timer		 render_t;
	ev_timer		 stop_t;
	ev_timer		 watchdog;
	ev_signal		 sig_hup, sig_term, sig_int, sig_usr1;
	int			 stopping;
	int			 verbose;
	time_t			 started;
	struct strvec		 pending_tags;
	int			 pending_any;
	int64_t			 last_purge;
	struct waiter		*waiters;
	/* for /metrics */
	unsigned long long	 fetch_ok, fetch_not_modified, fetch_error;
	unsigned long long	 entries_new, renders;
	double			 poll_seconds;
	unsigned long long	 polls;
};

static int	daemon_lock_fd = -1;

int
daemon_lock(const char *database, char *err, size_t errlen)
{
	char	*path, pid[32];
	ssize_t	 n;
	int	 fd;

	xasprintf(&path, "%s.lock", database);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		n = pread(fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		snprintf(err, errlen, "%s is in use by another feedd%s%s%s",
		    database, *pid ? " (pid " : "", pid, *pid ? ")" : "");
		close(fd);
		free(path);
		return -1;
	}
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 &&
	    pwrite(fd, pid, strlen(pid), 0) == -1)
		log_warn("%s", path);
	free(path);
	daemon_lock_fd = fd;
	return 0;
}

/* After -d the pid changes: the lock file says who holds it. */
static void
lock_update_pid(void)
{
	char	 pid[32];

	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (daemon_lock_fd != -1 && ftruncate(daemon_lock_fd, 0) == 0 &&
	    pwrite(daemon_lock_fd, pid, strlen(pid), 0) == -1)
		log_warn("lock file");
}

/* Scheduling */

static size_t
batch_cap(const struct daemon *d)
{
	size_t	 cap = (size_t)d->cfg->max_connections * 2;

	return cap < 64 ? 64 : cap;
}

/* Run the scheduler soon, from the loop rather than from a callback. */
static void
kick(struct daemon *d)
{
	if (d->stopping)
		return;
	ev_timer_stop(d->loop, &d->sched);
	ev_timer_set(&d->sched, 0., 0.);
	ev_timer_start(d->loop, &d->sched);
}

/* Arm the timer for the earliest due feed, or sleep without one. */
static void
arm(struct daemon *d, int64_t now)
{
	int64_t	 at;
	int	 any;
	char	 err[512];

	ev_timer_stop(d->loop, &d->sched);
	if (d->stopping || poller_inflight(d->poller) >= batch_cap(d))
		return;		/* a finished poll calls kick() */
	if (store_next_due(d->store, &at, &any, err, sizeof(err)) == -1) {
		log_error("database: %s", err);
		at = now + 60;
		any = 1;
	}
	if (!any)
		return;
	/* Due but busy (a slow transfer holds it): look again shortly. */
	ev_timer_set(&d->sched, at > now ? (double)(at - now) : 1., 0.);
	ev_timer_start(d->loop, &d->sched);
}

static void
tick(struct daemon *d)
{
	int64_t		 now = (int64_t)time(NULL), *ids = NULL;
	size_t		 n = 0, i, k, inflight, cap = batch_cap(d);
	char		 err[512];

	inflight = poller_inflight(d->poller);
	if (d->stopping || inflight >= cap)
		return;
	if (store_feeds_due(d->store, now, cap - inflight, &ids, &n, err,
	    sizeof(err)) == -1) {
		log_error("database: %s", err);
		arm(d, now);
		return;
	}
	for (i = k = 0; i < n; i++)
		if (!poller_busy(d->poller, ids[i]))
			ids[k++] = ids[i];
	n = k;
	if (n > 0 && store_feeds_lease(d->store, ids, n, now +
	    d->cfg->timeout + LEASE_SLACK, err, sizeof(err)) == -1)
		log_error("database: %s", err);
	for (i = 0; i < n; i++)
		if (poller_submit(d->poller, ids[i], now, err,
		    sizeof(err)) == -1)
			log_warnx("%s", err);
	if (n > 0)
		log_debug("scheduler: %zu feeds started, %zu in flight", n,
		    poller_inflight(d->poller));
	free(ids);
	arm(d, now);
}

static void
sched_cb(EV_P_ ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	tick(w->data);
}

/* Rendering */

static void
render_now(struct daemon *d, int full, json_t *reply)
{
	struct render_opts	 ro;
	struct render_stats	 rs;
	struct strvec		 changed = { NULL, 0, 0 };
	int64_t			 now = (int64_t)time(NULL);
	char			 err[512], *atom;
	size_t			 i;
	int			 purged = 0;

	if (now - d->last_purge >= PURGE_EVERY) {
		if (store_purge(d->store, d->cfg->keep_days,
		    d->cfg->keep_per_feed, now, &purged, err,
		    sizeof(err)) == -1)
			log_error("purge: %s", err);
		d->last_purge = now;
		if (purged > 0) {
			log_info("purged %d old entries", purged);
			full = 1;
		}
	}
	xasprintf(&atom, "%s/atom.xml", d->cfg->output_dir);
	if (access(atom, F_OK) == -1)
		full = 1;
	free(atom);
	if (!full && !d->pending_any)
		return;
	memset(&rs, 0, sizeof(rs));
	memset(&ro, 0, sizeof(ro));
	ro.output_dir = d->cfg->output_dir;
	ro.base_url = d->cfg->base_url;
	ro.title = d->cfg->title;
	ro.max_entries = d->cfg->max_entries;
	if (render_outputs(d->store, &ro, full ? NULL : &d->pending_tags,
	    &rs, err, sizeof(err)) == -1) {
		log_error("render: %s", err);
		if (reply != NULL) {
			json_object_set_new(reply, "ok", json_false());
			json_object_set_new(reply, "error", json_string(err));
		}
	} else {
		d->renders++;
		log_debug("render: %d written, %d unchanged", rs.written,
		    rs.unchanged);
		for (i = 0; i < rs.written_names.n; i++)
			if (strcmp(rs.written_names.v[i], "feeds.opml") != 0)
				strvec_push(&changed, rs.written_names.v[i]);
		if (changed.n > 0)
			websub_ping(d->websub, d->cfg, &changed);
		if (reply != NULL) {
			json_object_set_new(reply, "written",
			    json_integer(rs.written));
			json_object_set_new(reply, "unchanged",
			    json_integer(rs.unchanged));
		}
	}
	strvec_clear(&changed);
	render_stats_clear(&rs);
	strvec_clear(&d->pending_tags);
	d->pending_any = 0;
}

static void
render_cb(EV_P_ ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	render_now(w->data, 0, NULL);
}

static void
render_soon(struct daemon *d)
{
	d->pending_any = 1;
	if (!ev_is_active(&d->render_t))
		ev_timer_start(d->loop, &d->render_t);
}

/* Polls finishing */

static void
finish_stop(struct daemon *d)
{
	ev_timer_stop(d->loop, &d->stop_t);
	ev_timer_stop(d->loop, &d->render_t);
	if (d->pending_any)
		render_now(d, 0, NULL);
	ev_break(d->loop, EVBREAK_ALL);
}

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

static void
waiters_note(struct daemon *d, const struct poll_outcome *o)
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

static void
poll_done(const struct poll_outcome *o, void *arg)
{
	struct daemon	*d = arg;
	size_t		 i;

	if (o->error != NULL)
		d->fetch_error++;
	else if (o->not_modified)
		d->fetch_not_modified++;
	else
		d->fetch_ok++;
	d->entries_new += (unsigned long long)o->entries_new;
	d->poll_seconds += o->seconds;
	d->polls++;
	if (o->entries_new > 0 || o->entries_updated > 0)
		log_info("%s: %d new, %d updated", o->url, o->entries_new,
		    o->entries_updated);
	if (o->changed_any || o->moved_to != NULL || o->gone) {
		for (i = 0; o->changed_tags != NULL &&
		    i < o->changed_tags->n; i++)
			if (!strvec_contains(&d->pending_tags,
			    o->changed_tags->v[i]))
				strvec_push(&d->pending_tags,
				    o->changed_tags->v[i]);
		render_soon(d);
	}
	waiters_note(d, o);
	/*
	 * The poll is still on the poller's list until this returns: the
	 * scheduler and a stop look again from the loop.
	 */
	if (d->stopping && poller_inflight(d->poller) <= 1) {
		ev_timer_stop(d->loop, &d->stop_t);
		ev_timer_set(&d->stop_t, 0., 0.);
		ev_timer_start(d->loop, &d->stop_t);
	} else
		kick(d);
}

/* Signals and stopping */

static void
stop_cb(EV_P_ ev_timer *w, int revents)
{
	struct daemon	*d = w->data;

	(void)loop;
	(void)revents;
	if (poller_inflight(d->poller) > 0) {
		/* Nothing of theirs is stored: they run again at start. */
		log_warnx("aborting %zu transfers still in flight",
		    poller_inflight(d->poller));
		poller_free(d->poller);
		d->poller = NULL;
	}
	finish_stop(d);
}

static void
begin_stop(struct daemon *d)
{
	if (d->stopping)
		return;
	sd_notify(0, "STOPPING=1");
	d->stopping = 1;
	ev_timer_stop(d->loop, &d->sched);
	if (poller_inflight(d->poller) == 0) {
		finish_stop(d);
		return;
	}
	log_info("stopping: waiting up to %.0fs for %zu transfers",
	    STOP_GRACE, poller_inflight(d->poller));
	ev_timer_set(&d->stop_t, STOP_GRACE, 0.);
	ev_timer_start(d->loop, &d->stop_t);
}

/* Settings a reload cannot change; returns how many differ. */
static int
reload_warn(const struct config *o, const struct config *n)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "database", offsetof(struct config, database) },
		{ "control_socket", offsetof(struct config, control_socket) },
		{ "listen", offsetof(struct config, listen) },
		{ "user", offsetof(struct config, user) },
		{ "pid_file", offsetof(struct config, pid_file) },
	};
	const char	*a, *b;
	size_t		 i;
	int		 n_diff = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		a = *(char *const *)((const char *)o + keys[i].off);
		b = *(char *const *)((const char *)n + keys[i].off);
		if ((a == NULL) != (b == NULL) ||
		    (a != NULL && strcmp(a, b) != 0)) {
			log_warnx("reload: %s changed: restart feedd to apply "
			    "it", keys[i].key);
			n_diff++;
		}
	}
	return n_diff;
}

/* Reload the config; NULL on success, else the errors (owned). */
static char *
reload(struct daemon *d)
{
	struct strvec		 errors = { NULL, 0, 0 };
	struct store_sync_stats	 ss;
	struct config		*cfg;
	struct buf		 b = BUF_INIT;
	char			 err[512];
	size_t			 i;

	sd_notify(0, "RELOADING=1");
	if ((cfg = config_load(d->cfg_path, &errors)) == NULL) {
		log_error("reload: %s has errors; keeping the running "
		    "configuration", d->cfg_path);
		for (i = 0; i < errors.n; i++) {
			log_error("%s", errors.v[i]);
			buf_printf(&b, "%s%s", i ? "\n" : "", errors.v[i]);
		}
		if (errors.n == 0)
			buf_printf(&b, "%s: cannot be read", d->cfg_path);
		strvec_clear(&errors);
		sd_notify(0, "READY=1");
		return buf_release(&b);
	}
	if (store_feed_sync_config(d->store, cfg, (int64_t)time(NULL), &ss,
	    err, sizeof(err)) == -1) {
		log_error("reload: database: %s; keeping the running "
		    "configuration", err);
		config_free(cfg);
		sd_notify(0, "READY=1");
		return xstrdup(err);
	}
	reload_warn(d->cfg, cfg);
	poller_set_config(d->poller, cfg);
	config_free(d->cfg);
	d->cfg = cfg;
	log_setup(cfg->log_level + d->verbose > LOG_LEVEL_DEBUG ?
	    LOG_LEVEL_DEBUG : cfg->log_level + d->verbose, cfg->log_syslog);
	log_info("reloaded %s: %d feeds added, %d removed, %d kept",
	    d->cfg_path, ss.added, ss.removed, ss.updated);
	render_soon(d);
	kick(d);
	sd_notify(0, "READY=1");
	return NULL;
}

static void
signal_cb(EV_P_ ev_signal *w, int revents)
{
	struct daemon	*d = w->data;
	char		*errs, err[512];
	int		 n;

	(void)loop;
	(void)revents;
	switch (w->signum) {
	case SIGHUP:
		log_info("SIGHUP: reloading %s", d->cfg_path);
		free(errs = reload(d));
		break;
	case SIGUSR1:
		if (store_feeds_poll_now(d->store, 0, &n, err,
		    sizeof(err)) == -1)
			log_error("database: %s", err);
		else
			log_info("SIGUSR1: polling %d feeds now", n);
		kick(d);
		break;
	default:
		log_info("%s: stopping", strsignal(w->signum));
		begin_stop(d);
		break;
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
    json_t *tags, int interval)
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
	    store_feed_add(d->store, url, title, &tv, interval,
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
	    json_is_integer(iv) ? (int)json_integer_value(iv) : 0);
	if (json_is_true(json_object_get(r, "ok"))) {
		render_soon(d);
		kick(d);
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
		    json_string_value(json_object_get(f, "title")), tags, 0);
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
		render_soon(d);
		kick(d);
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
		render_soon(d);
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
		render_soon(d);
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
	kick(d);
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
	kick(d);
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

static void
control_cb(struct ctl_client *cl, json_t *req, void *arg)
{
	struct daemon	*d = arg;
	const char	*cmd = json_string_value(json_object_get(req, "cmd"));
	json_t		*r;
	char		*errs;

	log_debug("control: %s", cmd);
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
		if ((errs = reload(d)) == NULL)
			r = ok_reply();
		else {
			r = ctl_error("%s", errs);
			free(errs);
		}
	} else if (strcmp(cmd, "render") == 0) {
		r = ok_reply();
		render_now(d, 1, r);
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
static void
metrics_cb(struct buf *b, void *arg)
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

#ifdef HAVE_LIBSYSTEMD
static void
watchdog_cb(EV_P_ ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	sd_notify(0, "WATCHDOG=1");
}
#endif

/* Setup */

static int
drop_privileges(const struct config *cfg)
{
	struct passwd	*pw;

	if (cfg->user == NULL || geteuid() != 0)
		return 0;
	if ((pw = getpwnam(cfg->user)) == NULL) {
		log_error("unknown user %s", cfg->user);
		return -1;
	}
	if (chown(cfg->control_socket, pw->pw_uid, pw->pw_gid) == -1)
		log_warn("%s", cfg->control_socket);
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1) {
		log_error("cannot drop privileges to %s: %s", cfg->user,
		    strerror(errno));
		return -1;
	}
	if (setuid(0) != -1) {
		log_error("privileges were not dropped");
		return -1;
	}
	log_info("running as %s", cfg->user);
	return 0;
}

static int
detach(const struct config *cfg)
{
	FILE	*f;

	if (daemon(1, 0) == -1) {
		log_error("daemon: %s", strerror(errno));
		return -1;
	}
	lock_update_pid();
	if ((f = fopen(cfg->pid_file, "w")) == NULL) {
		log_warn("%s", cfg->pid_file);
		return 0;
	}
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
	return 0;
}

int
daemon_run(struct config *cfg, const struct daemon_opts *o)
{
	struct daemon	 d;
	struct store_sync_stats ss;
	struct waiter	*w;
	char		 err[512];
	int		 rv = 1, level;
#ifdef HAVE_LIBSYSTEMD
	uint64_t	 usec;
#endif

	memset(&d, 0, sizeof(d));
	d.loop = EV_DEFAULT;
	d.cfg = cfg;
	d.cfg_path = o->config_path;
	d.verbose = o->verbose;
	d.started = time(NULL);
	level = cfg->log_level + o->verbose;
	log_setup(level > LOG_LEVEL_DEBUG ? LOG_LEVEL_DEBUG : level,
	    cfg->log_syslog);
	signal(SIGPIPE, SIG_IGN);

	if (daemon_lock(cfg->database, err, sizeof(err)) == -1) {
		log_error("%s", err);
		goto out;
	}
	if (store_open(cfg->database, &d.store, err, sizeof(err)) == -1) {
		log_error("%s: %s", cfg->database, err);
		goto out;
	}
	if (store_feed_sync_config(d.store, cfg, (int64_t)time(NULL), &ss,
	    err, sizeof(err)) == -1) {
		log_error("%s: %s", cfg->database, err);
		goto out;
	}
	if ((d.control = control_new(d.loop, cfg->control_socket, control_cb,
	    &d, err, sizeof(err))) == NULL) {
		log_error("control socket: %s", err);
		goto out;
	}
	if (cfg->listen != NULL && (d.server = serve_new(d.loop, cfg->listen,
	    cfg->output_dir, metrics_cb, &d, err, sizeof(err))) == NULL) {
		log_error("listen %s: %s", cfg->listen, err);
		goto out;
	}
	if (drop_privileges(cfg) == -1)
		goto out;
	if (o->detach && detach(cfg) == -1)
		goto out;
	ev_loop_fork(d.loop);

	d.poller = poller_new(d.loop, cfg, d.store, poll_done, &d);
	d.websub = websub_new(d.loop, cfg);
	ev_timer_init(&d.sched, sched_cb, 0., 0.);
	d.sched.data = &d;
	ev_timer_init(&d.render_t, render_cb, RENDER_DELAY, 0.);
	d.render_t.data = &d;
	ev_timer_init(&d.stop_t, stop_cb, STOP_GRACE, 0.);
	d.stop_t.data = &d;
	ev_signal_init(&d.sig_hup, signal_cb, SIGHUP);
	ev_signal_init(&d.sig_term, signal_cb, SIGTERM);
	ev_signal_init(&d.sig_int, signal_cb, SIGINT);
	ev_signal_init(&d.sig_usr1, signal_cb, SIGUSR1);
	d.sig_hup.data = d.sig_term.data = d.sig_int.data =
	    d.sig_usr1.data = &d;
	ev_signal_start(d.loop, &d.sig_hup);
	ev_signal_start(d.loop, &d.sig_term);
	ev_signal_start(d.loop, &d.sig_int);
	ev_signal_start(d.loop, &d.sig_usr1);
#ifdef HAVE_LIBSYSTEMD
	if (sd_watchdog_enabled(0, &usec) > 0) {
		ev_timer_init(&d.watchdog, watchdog_cb, usec / 2e6, usec / 2e6);
		ev_timer_start(d.loop, &d.watchdog);
	}
#endif
	log_info("feedd %s started: %zu feeds in %s (%d new), control "
	    "socket %s%s%s", PACKAGE_VERSION, cfg->nfeeds, d.cfg_path,
	    ss.added, cfg->control_socket, cfg->listen ? ", serving on " : "",
	    cfg->listen ? cfg->listen : "");
	sd_notify(0, "READY=1");
	d.pending_any = 1;	/* first render: outputs exist from the start */
	render_now(&d, 0, NULL);
	tick(&d);
	ev_run(d.loop, 0);
	log_info("stopped");
	rv = 0;
out:
	while ((w = d.waiters) != NULL) {
		d.waiters = w->next;
		control_reply_error(w->cl, "feedd stopped");
		json_decref(w->results);
		free(w->ids);
		free(w);
	}
	control_free(d.control);
	serve_free(d.server);
	websub_free(d.websub);
	poller_free(d.poller);
	store_close(d.store);
	strvec_clear(&d.pending_tags);
	if (o->detach && rv == 0)
		unlink(d.cfg->pid_file);
	config_free(d.cfg);
	return rv;
}
