/*
 * cmd.h - the feedctl command table: one entry per subcommand, each in
 * its own cmd_*.c file.
 */
#ifndef CMD_H
#define CMD_H

/* Exit statuses, as git and systemctl use them. */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

struct cmd {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*summary;	/* one line for `feedctl --help` */
	int		(*run)(int argc, char **argv);
};

extern const struct cmd	cmd_parse;
extern const struct cmd	cmd_status, cmd_list, cmd_add, cmd_remove, cmd_tag,
			cmd_enable, cmd_disable, cmd_refresh, cmd_config,
			cmd_entries, cmd_show, cmd_search, cmd_import,
			cmd_export, cmd_render, cmd_reload, cmd_check,
			cmd_add_page, cmd_preview, cmd_extract;

/* feedctl -c FILE, else the installed feedd.conf. */
extern const char	*cmd_config_path;

struct config;
#include <jansson.h>

/* The config feedctl reads (errors printed); NULL when it has errors. */
struct config	*cmd_load_config(void);
/*
 * Send req to the daemon and return its reply.  When the daemon cannot be
 * reached and readonly is set, answer from the database instead (the
 * reply then says "running": false for status).  NULL after printing why.
 */
json_t	*cmd_request(const struct config *, json_t *req, int readonly);
/*
 * The usual round: load the config, send req (taken over), and return
 * the reply when it says ok; NULL after printing why.
 */
json_t	*cmd_call(const char *name, json_t *req, int readonly);
/*
 * Fetch one URL now with the config's limits and address policy; NULL
 * after printing why it could not start.  The result may carry an error.
 */
struct fetch_result;
struct fetch_result *cmd_fetch(const struct config *, const char *url);
/* Read FILE (or - for stdin), at most max + 1 bytes: too big shows. */
struct buf;
int	 cmd_read_input(const char *name, const char *path, size_t max,
	    struct buf *);
/* A document as `feedctl parse` prints it: JSON Lines. */
struct feed_doc;
int	 cmd_print_doc(const char *name, const struct feed_doc *);
/* Print reply's error ("feedctl: NAME: error") and return EXIT_FAIL. */
int	 cmd_fail(const char *name, json_t *reply);
/* Print a JSON value, indented, to stdout. */
void	 cmd_print_json(json_t *);
/* "2026-11-29 08:30" in local time from RFC 3339 text, or "-". */
const char *cmd_local_time(json_t *rfc3339, char buf[32]);

/* Print "usage: feedctl NAME USAGE" to stderr. */
void	cmd_usage(const struct cmd *);

#endif
