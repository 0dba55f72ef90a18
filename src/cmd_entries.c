/*
 * cmd_entries.c - feedctl's reading commands: entries (newest first,
 * filtered), show (one entry in full) and search (full text, Chinese
 * included).  They work with or without the daemon.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "conf.h"

static int	run_entries(int, char **), run_show(int, char **),
		run_search(int, char **);

const struct cmd cmd_entries = { "entries",
	"[--tag T] [--feed URL|ID] [--since DATE] [-n N] [--json]",
	"list stored entries, newest first", run_entries };
const struct cmd cmd_show = { "show", "[--json] HASH|URL",
	"show one entry in full", run_show };
const struct cmd cmd_search = { "search", "[-n N] [--json] QUERY",
	"full-text search of the stored entries", run_search };

enum { O_JSON = 256, O_TAG, O_FEED, O_SINCE };

/* Options of the three commands; 1 help, -1 usage error, 0 go on. */
static int
get_opts(const struct cmd *c, const char *help, int argc, char **argv,
    json_t *req, int *json)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, O_JSON },
		{ "tag",	required_argument,	NULL, O_TAG },
		{ "feed",	required_argument,	NULL, O_FEED },
		{ "since",	required_argument,	NULL, O_SINCE },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	char	*end;
	long	 n;
	int	 ch;

	*json = 0;
	while ((ch = getopt_long(argc, argv, "hn:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			printf("usage: feedctl %s %s\n\n%s\n", c->name, c->usage,
			    help);
			return 1;
		case O_JSON:
			*json = 1;
			break;
		case 'n':
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 1 ||
			    n > 1000000 || strstr(c->usage, "-n") == NULL) {
				fprintf(stderr, "feedctl: %s: bad -n '%s' (a "
				    "number from 1 to 1000000)\n", c->name,
				    optarg);
				return -1;
			}
			json_object_set_new(req, "n", json_integer(n));
			break;
		case O_TAG:
		case O_FEED:
		case O_SINCE:
			if (strstr(c->usage, longopts[ch - O_JSON].name) ==
			    NULL)
				goto usage;
			json_object_set_new(req, longopts[ch - O_JSON].name,
			    json_string(optarg));
			break;
		default:
			goto usage;
		}
	}
	return 0;
usage:
	cmd_usage(c);
	return -1;
}

static void
print_entry_line(json_t *e)
{
	const char	*title = json_string_value(json_object_get(e, "title"));
	const char	*src = json_string_value(json_object_get(e, "source"));
	char		 t[32];

	printf("%s  %.12s  %s%s%s%s\n",
	    cmd_local_time(json_object_get(e, "published"), t),
	    json_string_value(json_object_get(e, "url_hash")),
	    title != NULL ? title : "(untitled)",
	    src != NULL ? "  (" : "", src != NULL ? src : "",
	    src != NULL ? ")" : "");
}

/* Run req and print its entries; the common tail of entries and search. */
static int
print_entries(const char *name, json_t *req, int json)
{
	json_t		*r, *e;
	size_t		 i;

	if ((r = cmd_call(name, req, 1)) == NULL)
		return EXIT_FAIL;
	if (json)
		cmd_print_json(json_object_get(r, "entries"));
	else
		json_array_foreach(json_object_get(r, "entries"), i, e)
			print_entry_line(e);
	json_decref(r);
	return EXIT_OK;
}

static int
run_entries(int argc, char **argv)
{
	json_t	*req = json_pack("{s:s}", "cmd", "entries");
	int	 json, rv;

	rv = get_opts(&cmd_entries, "List stored entries, newest first: date, "
	    "hash, title, source.\n\n"
	    "  --tag T          only entries tagged T\n"
	    "  --feed URL|ID    only entries seen in that feed\n"
	    "  --since DATE     only entries dated DATE or later "
	    "(2025-02-11, RFC 3339)\n"
	    "  -n N             at most N entries (default 20)\n"
	    "  --json           print JSON", argc, argv, req, &json);
	if (rv != 0 || argc != optind) {
		json_decref(req);
		if (rv == 0)
			cmd_usage(&cmd_entries);
		return rv == 1 ? EXIT_OK : EXIT_USAGE;
	}
	return print_entries("entries", req, json);
}

static int
run_search(int argc, char **argv)
{
	json_t	*req = json_pack("{s:s}", "cmd", "search");
	int	 json, rv;

	rv = get_opts(&cmd_search, "Search titles, summaries and contents "
	    "(any language: the index\nmatches substrings of 3 characters or "
	    "more), newest first.\n\n"
	    "  -n N     at most N entries (default 20)\n"
	    "  --json   print JSON", argc, argv, req, &json);
	if (rv != 0 || argc - optind != 1) {
		json_decref(req);
		if (rv == 0)
			cmd_usage(&cmd_search);
		return rv == 1 ? EXIT_OK : EXIT_USAGE;
	}
	json_object_set_new(req, "query", json_string(argv[optind]));
	return print_entries("search", req, json);
}

static int
run_show(int argc, char **argv)
{
	json_t		*req = json_pack("{s:s}", "cmd", "show"), *r, *e, *v;
	const char	*s;
	char		 t[32];
	size_t		 i;
	int		 json, rv;

	rv = get_opts(&cmd_show, "Show one entry: by the start of its hash "
	    "(4 or more hex digits,\nas `feedctl entries` prints) or its URL."
	    "\n\n  --json   print JSON (with the content)", argc, argv, req,
	    &json);
	if (rv != 0 || argc - optind != 1) {
		json_decref(req);
		if (rv == 0)
			cmd_usage(&cmd_show);
		return rv == 1 ? EXIT_OK : EXIT_USAGE;
	}
	json_object_set_new(req, "entry", json_string(argv[optind]));
	if ((r = cmd_call("show", req, 1)) == NULL)
		return EXIT_FAIL;
	e = json_object_get(r, "entry");
	if (json) {
		cmd_print_json(e);
		json_decref(r);
		return EXIT_OK;
	}
	printf("Title:     %s\n", (s = json_string_value(json_object_get(e,
	    "title"))) ? s : "(untitled)");
	printf("URL:       %s\n", (s = json_string_value(json_object_get(e,
	    "url"))) ? s : "-");
	printf("Published: %s\n", cmd_local_time(json_object_get(e,
	    "published"), t));
	printf("Source:    %s\n", (s = json_string_value(json_object_get(e,
	    "source"))) ? s : "-");
	printf("Tags:     ");
	json_array_foreach(json_object_get(e, "tags"), i, v)
		printf(" %s", json_string_value(v));
	printf("\nHash:      %s\n", json_string_value(json_object_get(e,
	    "url_hash")));
	if ((s = json_string_value(json_object_get(e, "summary"))) != NULL)
		printf("\n%s\n", s);
	if ((s = json_string_value(json_object_get(e, "content"))) != NULL)
		printf("\n%s\n", s);
	json_decref(r);
	return EXIT_OK;
}
