/*
 * feedctl.c - the command-line front end: global options, then dispatch
 * to a subcommand from the command table (cmd_*.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "cmd.h"
#include "log.h"

static const struct cmd *const commands[] = {
	&cmd_status, &cmd_list, &cmd_add, &cmd_remove, &cmd_tag, &cmd_enable,
	&cmd_disable, &cmd_refresh, &cmd_entries, &cmd_show, &cmd_search,
	&cmd_import, &cmd_export, &cmd_config, &cmd_check, &cmd_render,
	&cmd_reload, &cmd_add_page, &cmd_preview, &cmd_parse, &cmd_extract,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

void
cmd_usage(const struct cmd *c)
{
	fprintf(stderr, "usage: feedctl %s %s\n", c->name, c->usage);
}

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: feedctl [-c FILE] [--version] COMMAND [ARGS]\n\n"
	    "Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name,
		    commands[i]->summary);
	fprintf(f, "\nRun `feedctl COMMAND --help` for a command's options.\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	size_t	 i;
	int	 ch, rv;

	log_init("feedctl", 0);
	/* Stop at the first non-option: the rest belongs to the command. */
	while ((ch = getopt_long(argc, argv, "+c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cmd_config_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("feedctl %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[0], commands[i]->name) == 0)
			break;
	if (i == NCOMMANDS) {
		fprintf(stderr, "feedctl: unknown command '%s'\n", argv[0]);
		usage(stderr);
		return EXIT_USAGE;
	}

	curl_global_init(CURL_GLOBAL_DEFAULT);
	xmlInitParser();
	optind = 0;	/* glibc: reset getopt for the subcommand */
	rv = commands[i]->run(argc, argv);
	xmlCleanupParser();
	curl_global_cleanup();
	return rv;
}
