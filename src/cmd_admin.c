/*
 * cmd_admin.c - feedctl's commands about the daemon itself: status,
 * config (the effective configuration), check, render and reload.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "conf.h"

static int	run_status(int, char **), run_config(int, char **),
		run_check(int, char **), run_render(int, char **),
		run_reload(int, char **);

const struct cmd cmd_status = { "status", "[--json]",
	"the daemon's state: uptime, feeds, entries, polls", run_status };
const struct cmd cmd_config = { "config", "",
	"print the effective configuration, defaults included", run_config };
const struct cmd cmd_check = { "check", "",
	"check the configuration file (like feedd -t)", run_check };
const struct cmd cmd_render = { "render", "",
	"regenerate every output file now", run_render };
const struct cmd cmd_reload = { "reload", "",
	"reload the configuration (like SIGHUP)", run_reload };

/* -h and --json; 1 help printed, -1 usage, 0 go on. */
static int
get_opts(const struct cmd *c, const char *help, int argc, char **argv,
    int *json)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL,		0,		NULL, 0 }
	};
	int	 ch;

	*json = 0;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			printf("usage: feedctl %s %s\n\n%s\n", c->name, c->usage,
			    help);
			return 1;
		}
		if (ch != 'j' || strstr(c->usage, "--json") == NULL)
			goto usage;
		*json = 1;
	}
	if (optind == argc)
		return 0;
usage:
	cmd_usage(c);
	return -1;
}

/* Send {"cmd": name}; the reply, or NULL after printing the error. */
static json_t *
simple(const struct cmd *c, const char *help, int argc, char **argv,
    int readonly, int *json, int *rv)
{
	int	 o;

	if ((o = get_opts(c, help, argc, argv, json)) != 0) {
		*rv = o == 1 ? EXIT_OK : EXIT_USAGE;
		return NULL;
	}
	*rv = EXIT_FAIL;
	return cmd_call(c->name, json_pack("{s:s}", "cmd", c->name),
	    readonly);
}

static void
ago(long long s, char *buf, size_t len)
{
	if (s < 120)
		snprintf(buf, len, "%llds", s);
	else if (s < 7200)
		snprintf(buf, len, "%lldm", s / 60);
	else if (s < 172800)
		snprintf(buf, len, "%lldh%02lldm", s / 3600, s / 60 % 60);
	else
		snprintf(buf, len, "%lldd%02lldh", s / 86400, s / 3600 % 24);
}

static int
run_status(int argc, char **argv)
{
	json_t	*r, *f;
	char	 t[32], up[32];
	int	 json, rv;

	if ((r = simple(&cmd_status, "The daemon's state (or, when it is not "
	    "running, what the database\nholds): uptime, feeds ok, failing "
	    "and disabled, entries, last and\nnext poll, transfers in flight."
	    "\n\n  --json   print JSON", argc, argv, 1, &json, &rv)) == NULL)
		return rv;
	json_object_del(r, "ok");
	if (json) {
		cmd_print_json(r);
		json_decref(r);
		return EXIT_OK;
	}
	if (json_is_true(json_object_get(r, "running"))) {
		ago(json_integer_value(json_object_get(r, "uptime")), up,
		    sizeof(up));
		printf("feedd %s: running (pid %lld), up %s, %lld polls in "
		    "flight\n", json_string_value(json_object_get(r,
		    "version")), (long long)json_integer_value(
		    json_object_get(r, "pid")), up,
		    (long long)json_integer_value(json_object_get(r,
		    "in_flight")));
	} else
		printf("feedd: not running (read from the database)\n");
	f = json_object_get(r, "feeds");
	printf("feeds: %lld (%lld ok, %lld failing, %lld disabled)\n",
	    (long long)json_integer_value(json_object_get(f, "total")),
	    (long long)json_integer_value(json_object_get(f, "ok")),
	    (long long)json_integer_value(json_object_get(f, "failing")),
	    (long long)json_integer_value(json_object_get(f, "disabled")));
	printf("entries: %lld\n", (long long)json_integer_value(
	    json_object_get(r, "entries")));
	printf("last poll: %s\n", cmd_local_time(json_object_get(r,
	    "last_poll"), t));
	printf("next poll: %s\n", cmd_local_time(json_object_get(r,
	    "next_poll"), t));
	json_decref(r);
	return EXIT_OK;
}

static int
run_config(int argc, char **argv)
{
	json_t	*r;
	int	 json, rv;

	if ((r = simple(&cmd_config, "Print the configuration the daemon runs "
	    "with (the file as feedctl\nreads it when the daemon is down), "
	    "every default included.\nPasswords are masked.", argc, argv, 1,
	    &json, &rv)) == NULL)
		return rv;
	fputs(json_string_value(json_object_get(r, "config")), stdout);
	json_decref(r);
	return EXIT_OK;
}

static int
run_check(int argc, char **argv)
{
	struct config	*cfg;
	int		 json, o;

	if ((o = get_opts(&cmd_check, "Check the configuration file; print "
	    "every problem as FILE:LINE.", argc, argv, &json)) != 0)
		return o == 1 ? EXIT_OK : EXIT_USAGE;
	if ((cfg = cmd_load_config()) == NULL)
		return EXIT_FAIL;
	printf("%s: configuration ok (%zu feeds)\n", cmd_config_path,
	    cfg->nfeeds);
	config_free(cfg);
	return EXIT_OK;
}

static int
run_render(int argc, char **argv)
{
	json_t	*r;
	int	 json, rv;

	if ((r = simple(&cmd_render, "Regenerate atom.xml, the tag feeds and "
	    "feeds.opml now (files whose\nbytes would not change are left "
	    "alone).", argc, argv, 0, &json, &rv)) == NULL)
		return rv;
	printf("%lld files written, %lld unchanged\n",
	    (long long)json_integer_value(json_object_get(r, "written")),
	    (long long)json_integer_value(json_object_get(r, "unchanged")));
	json_decref(r);
	return EXIT_OK;
}

static int
run_reload(int argc, char **argv)
{
	json_t	*r;
	int	 json, rv;

	if ((r = simple(&cmd_reload, "Make the daemon reload its configuration "
	    "file, like SIGHUP.  A file\nwith errors is refused (they are "
	    "printed) and the running one kept.", argc, argv, 0, &json,
	    &rv)) == NULL)
		return rv;
	printf("reloaded\n");
	json_decref(r);
	return EXIT_OK;
}
