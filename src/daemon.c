/*
 * daemon.c - the long-running feedd: one libev loop drives the scheduler
 * (a single timer armed for the earliest due feed, next poll times kept
 * in the database), the poller, signals (HUP reload, TERM/INT graceful
 * stop, USR1 poll all), the control socket, the HTTP server, and a
 * debounced render after polls.  Idle, it sleeps until a feed is due.
 * The control socket's commands are in daemon_ctl.c.
 */
#include <sys/file.h>
#include <sys/resource.h>
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
#include "daemon.h"
#include "daemon_int.h"
#include "log.h"
#include "mdexport.h"
#include "pipeline.h"
#include "render.h"
#include "serve.h"
#include "store.h"
#include "websub.h"
#include "xmalloc.h"

#define STOP_GRACE	10.0	/* seconds in-flight transfers get at exit */
#define RENDER_DELAY	1.0	/* gather a burst of polls into one render */
#define PURGE_EVERY	3600
#define LEASE_SLACK	60

#ifndef HAVE_LIBSYSTEMD
#define sd_notify(unset, state)	((void)0)
#endif

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

/* Run the scheduler soon, from the loop rather than from a callback. */
void
daemon_kick(struct daemon *d)
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
	if (d->stopping || poller_inflight(d->poller) >= pipeline_batch_cap(d->cfg))
		return;		/* a finished poll calls daemon_kick() */
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
	size_t		 n = 0, i, k, inflight, cap;
	char		 err[512];

	cap = pipeline_batch_cap(d->cfg);
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

void
daemon_render_now(struct daemon *d, int full, json_t *reply)
{
	struct render_opts	 ro;
	struct render_stats	 rs;
	struct strvec		 changed = { NULL, 0, 0 };
	int64_t			 now = (int64_t)time(NULL);
	char			 err[512], *atom;
	size_t			 i;
	int			 purged = 0, md;

	/* Render what is committed, with every finished poll counted. */
	if (d->poller != NULL)
		poller_flush(d->poller);
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
		if (full || d->pending_marked) {
			render_pending_clear(d->cfg->database);
			d->pending_marked = 0;
		}
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
	if (mdexport_entries(d->store, &d->cfg->markdown, &d->pending_entries,
	    d->pending_since, &md, err, sizeof(err)) == -1)
		log_error("markdown: %s", err);
	else if (md > 0)
		log_debug("markdown: %d files written", md);
	strvec_clear(&d->pending_entries);
	d->pending_since = 0;
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
	daemon_render_now(w->data, 0, NULL);
}

void
daemon_render_soon(struct daemon *d)
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
	if (d->poller != NULL)
		poller_flush(d->poller);
	if (d->pending_any)
		daemon_render_now(d, 0, NULL);
	ev_break(d->loop, EVBREAK_ALL);
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
	/* Only the Markdown export reads them; there can be many. */
	for (i = 0; d->cfg->markdown.dir != NULL &&
	    o->changed_entries != NULL && i < o->changed_entries->n; i++)
		strvec_push(&d->pending_entries, o->changed_entries->v[i]);
	if (o->changed_any || o->moved_to != NULL || o->gone) {
		if (!d->pending_marked) {
			render_pending_mark(d->cfg->database);
			d->pending_marked = 1;
		}
		for (i = 0; o->changed_tags != NULL &&
		    i < o->changed_tags->n; i++)
			if (!strvec_contains(&d->pending_tags,
			    o->changed_tags->v[i]))
				strvec_push(&d->pending_tags,
				    o->changed_tags->v[i]);
		daemon_render_soon(d);
	}
	daemon_waiters_note(d, o);
	/*
	 * The poll has left the poller's list (outcomes come at a batch's
	 * commit); the scheduler and a stop look again from the loop.
	 */
	if (d->stopping && poller_inflight(d->poller) == 0) {
		ev_timer_stop(d->loop, &d->stop_t);
		ev_timer_set(&d->stop_t, 0., 0.);
		ev_timer_start(d->loop, &d->stop_t);
	} else
		daemon_kick(d);
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
char *
daemon_reload(struct daemon *d)
{
	struct strvec		 errors = { NULL, 0, 0 };
	struct store_sync_stats	 ss;
	struct config		*cfg;
	struct buf		 b = BUF_INIT;
	char			 err[512];
	size_t			 i;

	sd_notify(0, "RELOADING=1");
	if (d->poller != NULL)
		poller_flush(d->poller);
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
	daemon_render_soon(d);
	daemon_kick(d);
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
		free(errs = daemon_reload(d));
		break;
	case SIGUSR1:
		if (store_feeds_poll_now(d->store, 0, &n, err,
		    sizeof(err)) == -1)
			log_error("database: %s", err);
		else
			log_info("SIGUSR1: polling %d feeds now", n);
		daemon_kick(d);
		break;
	default:
		log_info("%s: stopping", strsignal(w->signum));
		begin_stop(d);
		break;
	}
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

/*
 * Transfers, HTTP readers and feedctl clients each hold a descriptor:
 * take the hard limit's worth (capped) rather than the shell's 1024.
 */
static void
raise_fd_limit(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= 65536)
		return;
	rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		log_warn("setrlimit");
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
	raise_fd_limit();

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
	if ((d.control = control_new(d.loop, cfg->control_socket, daemon_control,
	    &d, err, sizeof(err))) == NULL) {
		log_error("control socket: %s", err);
		goto out;
	}
	if (cfg->listen != NULL && (d.server = serve_new(d.loop, cfg->listen,
	    cfg->output_dir, daemon_metrics, &d, err, sizeof(err))) == NULL) {
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
	/* A feedd killed between a commit and its render: redo them all. */
	d.pending_since = render_pending_since(d.cfg->database);
	daemon_render_now(&d, d.pending_since > 0, NULL);
	tick(&d);
	ev_run(d.loop, 0);
	log_info("stopped");
	rv = 0;
out:
	daemon_waiters_fail(&d, "feedd stopped");
	control_free(d.control);
	serve_free(d.server);
	websub_free(d.websub);
	poller_free(d.poller);
	store_close(d.store);
	strvec_clear(&d.pending_tags);
	strvec_clear(&d.pending_entries);
	if (o->detach && rv == 0)
		unlink(d.cfg->pid_file);
	config_free(d.cfg);
	return rv;
}
