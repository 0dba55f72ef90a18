/*
 * feedd.c - the daemon's entry point: the command line, then either the
 * long-running daemon (daemon.c), one poll of every feed (--once: fetch,
 * parse, store, purge, render, a one-line summary), or a config check
 * (-t).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <ev.h>
#include <libxml/parser.h>

#include "conf.h"
#include "daemon.h"
#include "log.h"
#include "mdexport.h"
#include "pipeline.h"
#include "render.h"
#include "store.h"
#include "websub.h"
#include "xmalloc.h"

#ifndef FEEDD_CONF
#define FEEDD_CONF	"/etc/feedd.conf"
#endif

static void
usage(FILE *f)
{
	fprintf(f, "usage: feedd [-c FILE] [-d | -f] [--once] [-t] [-v] "
	    "[--version]\n");
}

/* Refuse a damaged database before anything writes to it. */
static int
db_check(const char *path)
{
	char	 err[1024];
	int	 checked;

	if (store_verify(path, &checked, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return -1;
	}
	if (checked)
		log_info("%s: not closed cleanly last time: checked", path);
	return 0;
}

static int
run_once(const struct config *cfg)
{
	struct store		*store = NULL;
	struct poll_stats	 st;
	struct render_opts	 ro;
	struct render_stats	 rs;
	struct timespec		 t0, t1;
	char			 err[512];
	int64_t			 now, since;
	struct strvec		 changed = { NULL, 0, 0 };
	size_t			 i;
	char			*atom;
	int			 purged = 0, full, md = 0, rv = 1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&st, 0, sizeof(st));
	st.want_entries = cfg->markdown.dir != NULL;
	memset(&rs, 0, sizeof(rs));
	if (daemon_lock(cfg->database, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		return 1;
	}
	if (db_check(cfg->database) == -1)
		return 1;
	if (store_open(cfg->database, &store, err, sizeof(err)) == -1) {
		log_warnx("%s: %s", cfg->database, err);
		return 1;
	}
	/* A run killed before its render left entries the outputs lack. */
	if ((since = render_pending_since(cfg->database)) == 0)
		render_pending_mark(cfg->database);
	full = since > 0;
	now = (int64_t)time(NULL);
	if (pipeline_poll_once(EV_DEFAULT, cfg, store, now, &st, err,
	    sizeof(err)) == -1) {
		log_warnx("database: %s", err);
		goto out;
	}
	if (store_purge(store, cfg->keep_days, cfg->keep_per_feed, now,
	    &purged, err, sizeof(err)) == -1) {
		log_warnx("purge: %s", err);
		goto out;
	}
	memset(&ro, 0, sizeof(ro));
	ro.output_dir = cfg->output_dir;
	ro.base_url = cfg->base_url;
	ro.title = cfg->title;
	ro.max_entries = cfg->max_entries;
	/*
	 * Regenerate only what changed: atom.xml and feeds.opml when any
	 * entry did, and the feeds of the tags touched.  A purge, or a
	 * missing atom.xml (first run, or someone deleted it), renders all;
	 * files whose bytes would not change are left alone either way.
	 */
	xasprintf(&atom, "%s/atom.xml", cfg->output_dir);
	full = full || purged > 0 || access(atom, F_OK) == -1;
	free(atom);
	if ((full || st.changed_any) && render_outputs(store, &ro,
	    full ? NULL : &st.changed_tags, &rs, err, sizeof(err)) == -1) {
		log_warnx("render: %s", err);
		goto out;
	}
	render_pending_clear(cfg->database);
	if (mdexport_entries(store, &cfg->markdown, &st.changed_entries,
	    since, &md, err, sizeof(err)) == -1)
		log_warnx("markdown: %s", err);
	/* feeds.opml is no feed: hubs only hear of the Atom files. */
	for (i = 0; i < rs.written_names.n; i++)
		if (strcmp(rs.written_names.v[i], "feeds.opml") != 0)
			strvec_push(&changed, rs.written_names.v[i]);
	websub_publish(EV_DEFAULT, cfg, &changed);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("feeds: %d ok, %d failed, %d not modified; entries: %d new, "
	    "%d updated, %d excluded, %d purged; files: %d written, "
	    "%d unchanged%s; %.2f s\n", st.feeds_ok, st.feeds_failed,
	    st.feeds_not_modified, st.entries_new, st.entries_updated,
	    st.entries_excluded, purged, rs.written + md, rs.unchanged,
	    cfg->markdown.dir != NULL ? " (Markdown included)" : "",
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	/* A feed the server failed is the feed's; a database failure ours. */
	if (st.store_errors > 0)
		log_warnx("%s: %d documents could not be stored",
		    cfg->database, st.store_errors);
	else
		rv = 0;
out:
	strvec_clear(&changed);
	render_stats_clear(&rs);
	poll_stats_clear(&st);
	store_close(store);
	if (rv == 0)
		store_stamp_clean(cfg->database);
	return rv;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "once",	no_argument,		NULL, 'o' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const char	*path = FEEDD_CONF;
	char		*db;
	struct config	*cfg;
	struct daemon_opts dopts;
	int		 ch, once = 0, check = 0, verbose = 0, detach = 0, rv;

	while ((ch = getopt_long(argc, argv, "c:dfhtvV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'd':
			detach = 1;
			break;
		case 'f':
			detach = 0;	/* foreground is the default */
			break;
		case 'o':
			once = 1;
			break;
		case 't':
			check = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'V':
			printf("feedd %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	log_init("feedd", verbose);
	/*
	 * Past a file size limit (ulimit -f) a write must fail with EFBIG,
	 * which rolls the transaction back, rather than kill us mid-write.
	 */
	signal(SIGXFSZ, SIG_IGN);
	if ((cfg = config_load_report(path)) == NULL)
		return 1;
	if (check) {
		printf("%s: configuration ok (%zu feeds)\n", path, cfg->nfeeds);
		config_free(cfg);
		return 0;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	xmlInitParser();
	if (once) {
		rv = run_once(cfg);
		config_free(cfg);
	} else if (db_check(cfg->database) == -1) {
		config_free(cfg);
		rv = 1;
	} else {
		memset(&dopts, 0, sizeof(dopts));
		dopts.config_path = path;
		dopts.detach = detach;
		dopts.verbose = verbose;
		/* daemon_run owns cfg (a reload replaces it) and frees it. */
		db = xstrdup(cfg->database);
		rv = daemon_run(cfg, &dopts);
		if (rv == 0)
			store_stamp_clean(db);
		free(db);
	}
	xmlCleanupParser();
	curl_global_cleanup();
	return rv;
}
