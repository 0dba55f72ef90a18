/*
 * daemon_int.h - what daemon.c (the loop, scheduler, signals, rendering)
 * shares with daemon_ctl.c (the control socket's commands and /metrics).
 */
#ifndef DAEMON_INT_H
#define DAEMON_INT_H

#include <stdint.h>
#include <time.h>

#include <ev.h>
#include <jansson.h>

#include "feed.h"

struct buf;
struct config;
struct control;
struct ctl_client;
struct poll_outcome;
struct poller;
struct server;
struct store;
struct websub;

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
	struct strvec		 pending_entries;	/* for [markdown] */
	int			 pending_any;
	int			 pending_marked;	/* DATABASE.dirty made */
	int64_t			 pending_since;	/* a killed run's, to export */
	int64_t			 last_purge;
	struct waiter		*waiters;
	/* for /metrics */
	unsigned long long	 fetch_ok, fetch_not_modified, fetch_error;
	unsigned long long	 entries_new, renders;
	double			 poll_seconds;
	unsigned long long	 polls;
};

/* Run the scheduler soon, from the loop rather than from a callback. */
void	 daemon_kick(struct daemon *);
/* Render what is pending now (all outputs when full); reply gets counts. */
void	 daemon_render_now(struct daemon *, int full, json_t *reply);
/* Render in a moment, gathering a burst of changes into one pass. */
void	 daemon_render_soon(struct daemon *);
/* Reload the config; NULL on success, else the errors (owned). */
char	*daemon_reload(struct daemon *);

/* daemon_ctl.c */
void	 daemon_control(struct ctl_client *, json_t *req, void *arg);
void	 daemon_metrics(struct buf *, void *arg);
/* Tell `refresh --wait` clients about a finished poll. */
void	 daemon_waiters_note(struct daemon *, const struct poll_outcome *);
/* Answer every waiting client with an error (at exit). */
void	 daemon_waiters_fail(struct daemon *, const char *why);

#endif
