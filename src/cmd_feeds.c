/*
 * cmd_feeds.c - feedctl's subscription commands: list, add (with feed
 * discovery from an HTML page), remove, tag, enable, disable, refresh,
 * import and export.  Writes go through the daemon; list and export also
 * work on the database when it is not running.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>
#include <jansson.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "discover.h"
#include "fetch.h"
#include "opml.h"
#include "parse.h"
#include "pipeline.h"
#include "xmalloc.h"

static int	run_list(int, char **), run_add(int, char **),
		run_remove(int, char **), run_tag(int, char **),
		run_enable(int, char **), run_disable(int, char **),
		run_refresh(int, char **), run_import(int, char **),
		run_export(int, char **);

const struct cmd cmd_list = { "list", "[--tag T] [--failing] [--json]",
	"list the feeds with their state", run_list };
const struct cmd cmd_add = { "add",
	"URL [--tag T]... [--interval D] [--title T]",
	"subscribe to a feed (or the feed an HTML page links)", run_add };
const struct cmd cmd_remove = { "remove", "URL|ID",
	"unsubscribe from a feed added with feedctl", run_remove };
const struct cmd cmd_tag = { "tag", "URL|ID +TAG|-TAG...",
	"add (+) or remove (-) a feed's tags", run_tag };
const struct cmd cmd_enable = { "enable", "URL|ID",
	"poll a disabled feed again", run_enable };
const struct cmd cmd_disable = { "disable", "URL|ID",
	"stop polling a feed, keeping its entries", run_disable };
const struct cmd cmd_refresh = { "refresh",
	"[URL|ID|--all|--failing] [--wait] [--json]",
	"poll feeds now", run_refresh };
const struct cmd cmd_import = { "import", "[--tag T]... FILE.opml",
	"subscribe to the feeds of an OPML file", run_import };
const struct cmd cmd_export = { "export", "[--opml|--json]",
	"print the subscriptions as OPML (or JSON)", run_export };

/* Options every command here knows; -1 on a usage error, 1 on --help. */
struct opts {
	int		 json;
	int		 failing;
	int		 all;
	int		 wait;
	int		 opml;
	const char	*tag;		/* list */
	json_t		*tags;		/* add, import: every --tag */
	const char	*title;
	int		 interval;
};

enum { O_JSON = 256, O_FAILING, O_ALL, O_WAIT, O_OPML, O_TAG, O_TITLE,
	O_INTERVAL };

static int
get_opts(const struct cmd *c, const char *help, int argc, char **argv,
    struct opts *o)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, O_JSON },
		{ "failing",	no_argument,		NULL, O_FAILING },
		{ "all",	no_argument,		NULL, O_ALL },
		{ "wait",	no_argument,		NULL, O_WAIT },
		{ "opml",	no_argument,		NULL, O_OPML },
		{ "tag",	required_argument,	NULL, O_TAG },
		{ "title",	required_argument,	NULL, O_TITLE },
		{ "interval",	required_argument,	NULL, O_INTERVAL },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	char	 allowed[64];
	int	 ch;

	memset(o, 0, sizeof(*o));
	o->tags = json_array();
	/* Each command lists the options it takes in its usage line. */
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			printf("usage: feedctl %s %s\n\n%s\n", c->name, c->usage,
			    help);
			return 1;
		}
		if (ch == '?')
			goto usage;
		snprintf(allowed, sizeof(allowed), "--%s",
		    longopts[ch - O_JSON].name);
		if (strstr(c->usage, allowed) == NULL) {
			fprintf(stderr, "feedctl: %s: unknown option %s\n",
			    c->name, allowed);
			goto usage;
		}
		switch (ch) {
		case O_JSON: o->json = 1; break;
		case O_FAILING: o->failing = 1; break;
		case O_ALL: o->all = 1; break;
		case O_WAIT: o->wait = 1; break;
		case O_OPML: o->opml = 1; break;
		case O_TAG:
			o->tag = optarg;
			json_array_append_new(o->tags, json_string(optarg));
			break;
		case O_TITLE: o->title = optarg; break;
		case O_INTERVAL:
			if (strcmp(optarg, "auto") == 0)
				o->interval = CONF_INTERVAL_AUTO;
			else if ((o->interval = config_duration(optarg)) < 60) {
				fprintf(stderr, "feedctl: %s: bad interval "
				    "'%s' (a duration of at least 60s, such "
				    "as 30m, or auto)\n", c->name, optarg);
				goto usage;
			}
			break;
		}
	}
	return 0;
usage:
	cmd_usage(c);
	return -1;
}

/* Parse options and count operands: EXIT_* to return, or -1 to go on. */
static int
setup(const struct cmd *c, const char *help, int argc, char **argv,
    struct opts *o, int nargs)
{
	int	 rv;

	if ((rv = get_opts(c, help, argc, argv, o)) != 0) {
		json_decref(o->tags);
		return rv == 1 ? EXIT_OK : EXIT_USAGE;
	}
	if (nargs >= 0 && argc - optind != nargs) {
		cmd_usage(c);
		json_decref(o->tags);
		return EXIT_USAGE;
	}
	return -1;
}

static const char *
feed_state(json_t *f)
{
	if (!json_is_true(json_object_get(f, "enabled")))
		return "disabled";
	if (json_integer_value(json_object_get(f, "error_count")) > 0)
		return "failing";
	if (json_is_null(json_object_get(f, "last_poll")))
		return "new";
	return "ok";
}

static void
print_feed(json_t *f)
{
	json_t		*tags = json_object_get(f, "tags"), *v;
	const char	*title = json_string_value(json_object_get(f, "title"));
	const char	*why;
	char		 t[32];
	size_t		 i;

	printf("%4lld  %-8s  %-16s  %s\n",
	    (long long)json_integer_value(json_object_get(f, "id")),
	    feed_state(f), cmd_local_time(json_object_get(f, "next_poll"), t),
	    title != NULL ? title : "(no title yet)");
	printf("      %s", json_string_value(json_object_get(f, "url")));
	if (json_array_size(tags) > 0) {
		printf("  [");
		json_array_foreach(tags, i, v)
			printf("%s%s", i ? ", " : "", json_string_value(v));
		printf("]");
	}
	putchar('\n');
	if ((why = json_string_value(json_object_get(f, "last_error"))) !=
	    NULL && strcmp(feed_state(f), "ok") != 0)
		printf("      last error: %s\n", why);
	if ((why = json_string_value(json_object_get(f,
	    "disabled_reason"))) != NULL)
		printf("      disabled: %s\n", why);
}

static int
run_list(int argc, char **argv)
{
	struct opts	 o;
	json_t		*req, *r, *f;
	size_t		 i;
	int		 rv;

	if ((rv = setup(&cmd_list, "List the feeds: id, state, next poll, "
	    "title, URL, tags, last error.\n\n"
	    "  --tag T     only feeds with tag T\n"
	    "  --failing   only feeds whose last poll failed\n"
	    "  --json      print JSON", argc, argv, &o, 0)) != -1)
		return rv;
	req = json_pack("{s:s,s:b}", "cmd", "list", "failing", o.failing);
	if (o.tag != NULL)
		json_object_set_new(req, "tag", json_string(o.tag));
	json_decref(o.tags);
	if ((r = cmd_call("list", req, 1)) == NULL)
		return EXIT_FAIL;
	if (o.json)
		cmd_print_json(json_object_get(r, "feeds"));
	else {
		if (json_array_size(json_object_get(r, "feeds")) > 0)
			printf("%4s  %-8s  %-16s  %s\n", "ID", "STATE",
			    "NEXT POLL", "TITLE");
		json_array_foreach(json_object_get(r, "feeds"), i, f)
			print_feed(f);
	}
	json_decref(r);
	return EXIT_OK;
}

/*
 * The feed URL to subscribe to: url itself when it serves a feed, else
 * the one feed its HTML page links.  NULL after saying why.
 */
static char *
discover(const struct config *cfg, const char *url)
{
	struct fetch_result	*r;
	struct feed_doc		*doc = NULL;
	struct parse_opts	 po;
	struct discovered_list	 dl;
	char			 err[512], *found = NULL;
	size_t			 i;

	if ((r = cmd_fetch(cfg, url)) == NULL)
		return NULL;
	if (r->error != NULL) {
		fprintf(stderr, "feedctl: add: %s: %s\n", url, r->error);
		fetch_result_free(r);
		return NULL;
	}
	memset(&po, 0, sizeof(po));
	po.base_url = r->effective_url ? r->effective_url : url;
	po.fallback_charset = r->charset;
	po.max_size = cfg->max_body_size;
	if (r->body != NULL && parse_feed(r->body, r->len, &po, &doc, err,
	    sizeof(err)) == 0) {
		feed_doc_free(doc);
		fetch_result_free(r);
		return xstrdup(url);
	}
	memset(&dl, 0, sizeof(dl));
	if (r->body == NULL || discover_feeds(r->body, r->len, po.base_url,
	    r->charset, &dl, err, sizeof(err)) == -1 || dl.n == 0)
		fprintf(stderr, "feedctl: add: %s is neither a feed nor a "
		    "page that links one\n", url);
	else if (dl.n == 1) {
		found = xstrdup(dl.v[0].url);
		printf("found feed %s\n", found);
	} else {
		fprintf(stderr, "feedctl: add: %s links %zu feeds; add one "
		    "of them:\n", url, dl.n);
		for (i = 0; i < dl.n; i++)
			fprintf(stderr, "  %s  (%s%s%s)\n", dl.v[i].url,
			    dl.v[i].type, dl.v[i].title ? ": " : "",
			    dl.v[i].title ? dl.v[i].title : "");
	}
	discovered_list_free(&dl);
	fetch_result_free(r);
	return found;
}

static int
run_add(int argc, char **argv)
{
	struct opts	 o;
	struct config	*cfg;
	json_t		*req, *r;
	char		*url;
	int		 rv;

	if ((rv = setup(&cmd_add, "Subscribe to a feed.  When URL is an HTML "
	    "page, the feed it links\n(<link rel=\"alternate\">) is added; "
	    "when it links several, they are listed.\nThe feed is polled at "
	    "once and kept across restarts.\n\n"
	    "  --tag T        tag its entries with T (repeatable)\n"
	    "  --interval D   poll every D (30m, 2h, auto)\n"
	    "  --title T      use T as the feed's title",
	    argc, argv, &o, 1)) != -1)
		return rv;
	url = (cfg = cmd_load_config()) != NULL ?
	    discover(cfg, argv[optind]) : NULL;
	config_free(cfg);
	if (url == NULL) {
		json_decref(o.tags);
		return EXIT_FAIL;
	}
	req = json_pack("{s:s,s:s,s:o,s:i}", "cmd", "add", "url", url,
	    "tags", o.tags, "interval", o.interval);
	if (o.title != NULL)
		json_object_set_new(req, "title", json_string(o.title));
	free(url);
	if ((r = cmd_call("add", req, 0)) == NULL)
		return EXIT_FAIL;
	printf("added feed %lld: %s\n", (long long)json_integer_value(
	    json_object_get(json_object_get(r, "feed"), "id")),
	    json_string_value(json_object_get(json_object_get(r, "feed"),
	    "url")));
	json_decref(r);
	return EXIT_OK;
}

/* remove, enable, disable: one feed, one verb. */
static int
run_feed_verb(const struct cmd *c, const char *help, const char *done,
    int argc, char **argv)
{
	struct opts	 o;
	json_t		*r;
	const char	*warn;
	int		 rv;

	if ((rv = setup(c, help, argc, argv, &o, 1)) != -1)
		return rv;
	json_decref(o.tags);
	if ((r = cmd_call(c->name, json_pack("{s:s,s:s}", "cmd", c->name,
	    "feed", argv[optind]), 0)) == NULL)
		return EXIT_FAIL;
	printf("%s %s\n", done, argv[optind]);
	if ((warn = json_string_value(json_object_get(r, "warning"))) != NULL)
		fprintf(stderr, "feedctl: %s: %s\n", c->name, warn);
	json_decref(r);
	return EXIT_OK;
}

static int
run_remove(int argc, char **argv)
{
	return run_feed_verb(&cmd_remove, "Unsubscribe from a feed added with "
	    "feedctl; its entries stay.\nFeeds from the config file are "
	    "removed there (then feedctl reload).", "removed", argc, argv);
}

static int
run_enable(int argc, char **argv)
{
	return run_feed_verb(&cmd_enable, "Poll a disabled feed again, at "
	    "once.", "enabled", argc, argv);
}

static int
run_disable(int argc, char **argv)
{
	return run_feed_verb(&cmd_disable, "Stop polling a feed; its entries "
	    "stay.  Survives restarts and reloads.", "disabled", argc, argv);
}

static int
run_tag(int argc, char **argv)
{
	json_t		*add, *del, *r;
	char		*t, *p;
	int		 i;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		printf("usage: feedctl tag %s\n\nAdd (+tag) or remove (-tag) "
		    "tags of a feed; new entries get them.\nEdits to a "
		    "configured feed survive reloads.\n", cmd_tag.usage);
		return EXIT_OK;
	}
	if (argc < 3) {
		cmd_usage(&cmd_tag);
		return EXIT_USAGE;
	}
	add = json_array();
	del = json_array();
	for (i = 2; i < argc; i++) {
		if ((argv[i][0] != '+' && argv[i][0] != '-') ||
		    argv[i][1] == '\0') {
			fprintf(stderr, "feedctl: tag: '%s': expected +TAG or "
			    "-TAG\n", argv[i]);
			json_decref(add);
			json_decref(del);
			return EXIT_USAGE;
		}
		t = xstrdup(argv[i] + 1);
		for (p = t; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 'a' - 'A';
		json_array_append_new(argv[i][0] == '+' ? add : del,
		    json_string(t));
		free(t);
	}
	if ((r = cmd_call("tag", json_pack("{s:s,s:s,s:o,s:o}", "cmd", "tag",
	    "feed", argv[1], "add", add, "remove", del), 0)) == NULL)
		return EXIT_FAIL;
	print_feed(json_object_get(r, "feed"));
	json_decref(r);
	return EXIT_OK;
}

static int
run_refresh(int argc, char **argv)
{
	struct opts	 o;
	json_t		*req, *r, *v;
	size_t		 i;
	int		 rv, failed = 0;

	if ((rv = setup(&cmd_refresh, "Poll feeds now: one (by URL or id), "
	    "--all, or --failing (the default\nis --all).\n\n"
	    "  --wait   wait for the polls and print their results\n"
	    "  --json   print the results as JSON", argc, argv, &o,
	    -1)) != -1)
		return rv;
	json_decref(o.tags);
	if (argc - optind > 1 || (argc - optind == 1 && (o.all ||
	    o.failing))) {
		cmd_usage(&cmd_refresh);
		return EXIT_USAGE;
	}
	req = json_pack("{s:s,s:b,s:s}", "cmd", "refresh", "wait", o.wait,
	    "which", o.failing ? "failing" : "all");
	if (argc - optind == 1)
		json_object_set_new(req, "feed", json_string(argv[optind]));
	if ((r = cmd_call("refresh", req, 0)) == NULL)
		return EXIT_FAIL;
	if (!o.wait) {
		printf("%lld feeds queued\n", (long long)json_integer_value(
		    json_object_get(r, "queued")));
		json_decref(r);
		return EXIT_OK;
	}
	if (o.json)
		cmd_print_json(json_object_get(r, "results"));
	json_array_foreach(json_object_get(r, "results"), i, v) {
		if (!json_is_true(json_object_get(v, "ok")))
			failed++;
		if (o.json)
			continue;
		if (json_is_true(json_object_get(v, "ok")))
			printf("%s: %s, %lld new, %lld updated\n",
			    json_string_value(json_object_get(v, "url")),
			    json_is_true(json_object_get(v, "not_modified")) ?
			    "not modified" : "ok",
			    (long long)json_integer_value(json_object_get(v,
			    "new")), (long long)json_integer_value(
			    json_object_get(v, "updated")));
		else
			printf("%s: error: %s\n",
			    json_string_value(json_object_get(v, "url")),
			    json_string_value(json_object_get(v, "error")));
	}
	json_decref(r);
	return failed ? EXIT_FAIL : EXIT_OK;
}

static int
run_import(int argc, char **argv)
{
	struct opts		 o;
	struct opml_list	 l;
	struct buf		 in = BUF_INIT;
	json_t			*req, *feeds, *f, *tags, *r;
	char			 err[512], chunk[65536];
	FILE			*fp;
	size_t			 i, k, n;
	int			 rv;

	if ((rv = setup(&cmd_import, "Subscribe to every feed of an OPML "
	    "file; its folders and categories\nbecome tags.  Feeds already "
	    "there are skipped.\n\n"
	    "  --tag T   also tag every imported feed with T",
	    argc, argv, &o, 1)) != -1)
		return rv;
	rv = EXIT_FAIL;
	memset(&l, 0, sizeof(l));
	if ((fp = strcmp(argv[optind], "-") == 0 ? stdin :
	    fopen(argv[optind], "rb")) == NULL) {
		fprintf(stderr, "feedctl: import: %s: %s\n", argv[optind],
		    strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 &&
	    in.len <= OPML_MAX_SIZE)
		buf_add(&in, chunk, n);
	if (fp != stdin)
		fclose(fp);
	if (opml_read(buf_cstr(&in), in.len, &l, err, sizeof(err)) == -1) {
		fprintf(stderr, "feedctl: import: %s: %s\n", argv[optind], err);
		goto out;
	}
	feeds = json_array();
	for (i = 0; i < l.n; i++) {
		tags = json_array();
		for (k = 0; k < l.v[i].tags.n; k++)
			json_array_append_new(tags,
			    json_string(l.v[i].tags.v[k]));
		f = json_pack("{s:s,s:o}", "url", l.v[i].url, "tags", tags);
		if (l.v[i].title != NULL)
			json_object_set_new(f, "title",
			    json_string(l.v[i].title));
		json_array_append_new(feeds, f);
	}
	req = json_pack("{s:s,s:o,s:O}", "cmd", "import", "feeds", feeds,
	    "tags", o.tags);
	if ((r = cmd_call("import", req, 0)) == NULL)
		goto out;
	json_array_foreach(json_object_get(r, "errors"), i, f)
		fprintf(stderr, "feedctl: import: %s\n", json_string_value(f));
	printf("imported %lld feeds, skipped %lld\n",
	    (long long)json_integer_value(json_object_get(r, "added")),
	    (long long)json_integer_value(json_object_get(r, "skipped")));
	json_decref(r);
	rv = EXIT_OK;
out:
	opml_list_free(&l);
	buf_free(&in);
	json_decref(o.tags);
	return rv;
}

static int
run_export(int argc, char **argv)
{
	struct opts	 o;
	json_t		*r;
	int		 rv;

	if ((rv = setup(&cmd_export, "Print the subscriptions as OPML 2.0 "
	    "(the default; tags become\ncategories) or, with --json, as the "
	    "JSON of feedctl list.", argc, argv, &o, 0)) != -1)
		return rv;
	json_decref(o.tags);
	if ((r = cmd_call("export", json_pack("{s:s}", "cmd", o.json ?
	    "list" : "export"), 1)) == NULL)
		return EXIT_FAIL;
	if (o.json)
		cmd_print_json(json_object_get(r, "feeds"));
	else
		fputs(json_string_value(json_object_get(r, "opml")), stdout);
	json_decref(r);
	return EXIT_OK;
}
