/*
 * daemon.h - feedd as a long-running daemon: the scheduler, signals, the
 * control socket's commands, the optional HTTP server, rendering after
 * polls.  feedd.c parses the command line and calls daemon_run().
 */
#ifndef DAEMON_H
#define DAEMON_H

#include <stddef.h>

struct config;

struct daemon_opts {
	const char	*config_path;
	int		 detach;	/* -d */
	int		 verbose;	/* -v count, raises log_level */
};

/* Runs until SIGTERM/SIGINT; takes cfg over.  Returns the exit status. */
int	daemon_run(struct config *cfg, const struct daemon_opts *);

/*
 * Hold the database's lock file (DATABASE.lock) so that one feedd at a
 * time writes it; -1 with who holds it in err.  Used by --once as well.
 */
int	daemon_lock(const char *database, char *err, size_t errlen);

#endif
