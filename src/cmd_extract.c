/*
 * cmd_extract.c - `feedctl extract [--base URL] [--charset CS] FILE|-`:
 * run the article extractor on one page and print the JSON object of
 * the contract in DESIGN.md.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "extract.h"
#include "feed.h"

static int	run_extract(int, char **);

const struct cmd cmd_extract = {
	"extract",
	"[--base URL] [--charset CS] [--timezone TZ] FILE|-",
	"extract the article of an HTML page and print it as JSON",
	run_extract
};

static void
help(void)
{
	printf("usage: feedctl extract %s\n\n"
	    "Extract the main article of an HTML page (title, byline, date,\n"
	    "language, lead image, sanitized content and its plain text) and\n"
	    "print it as one JSON object.\n\n"
	    "  --base URL       the page's URL: resolves relative links\n"
	    "  --charset CS     the charset the server declared (HTTP header)\n"
	    "  --timezone TZ    zone for dates that carry none (default: from\n"
	    "                   the page's language, +08:00 for Chinese)\n",
	    cmd_extract.usage);
}

static json_t *
str_or_null(const char *s)
{
	json_t	*j;

	if (s == NULL || (j = json_string(s)) == NULL)
		return json_null();
	return j;
}

static char *
article_json(const struct article *a)
{
	json_t	*o;
	char	 date[32], *s;

	o = json_object();
	json_object_set_new(o, "title", str_or_null(a->title));
	json_object_set_new(o, "byline", str_or_null(a->byline));
	if (a->published != DATE_NONE) {
		date_format_rfc3339(a->published, date);
		json_object_set_new(o, "published", json_string(date));
	} else
		json_object_set_new(o, "published", json_null());
	json_object_set_new(o, "lang", str_or_null(a->lang));
	json_object_set_new(o, "thumbnail", str_or_null(a->thumbnail));
	json_object_set_new(o, "content_html", str_or_null(a->content_html));
	json_object_set_new(o, "text", str_or_null(a->text));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

static int
run_extract(int argc, char **argv)
{
	enum { OPT_BASE = 256, OPT_CHARSET, OPT_TZ };
	static const struct option longopts[] = {
		{ "base",	required_argument,	NULL, OPT_BASE },
		{ "charset",	required_argument,	NULL, OPT_CHARSET },
		{ "timezone",	required_argument,	NULL, OPT_TZ },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	struct article	 a;
	struct tz	*tz = NULL;
	struct buf	 in = BUF_INIT;
	const char	*base = NULL, *charset = NULL, *tzname = NULL, *path;
	char		 err[512], *line;
	int		 ch, rv = EXIT_FAIL;

	memset(&a, 0, sizeof(a));
	a.published = DATE_NONE;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_BASE:
			base = optarg;
			break;
		case OPT_CHARSET:
			charset = optarg;
			break;
		case OPT_TZ:
			tzname = optarg;
			break;
		case 'h':
			help();
			return EXIT_OK;
		default:
			cmd_usage(&cmd_extract);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cmd_usage(&cmd_extract);
		return EXIT_USAGE;
	}
	path = argv[optind];
	if (tzname != NULL &&
	    (tz = tz_load(tzname, err, sizeof(err))) == NULL) {
		fprintf(stderr, "feedctl: extract: %s\n", err);
		return EXIT_USAGE;
	}
	if (cmd_read_input("extract", path, EXTRACT_MAX_SIZE, &in) == -1)
		goto out;
	if (extract_article(buf_cstr(&in), in.len, base, charset, tz, &a,
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "feedctl: extract: %s: %s\n", path, err);
		goto out;
	}
	if ((line = article_json(&a)) == NULL) {
		fprintf(stderr, "feedctl: extract: cannot write JSON\n");
		goto out;
	}
	puts(line);
	free(line);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "feedctl: extract: write error: %s\n",
		    strerror(errno));
		goto out;
	}
	rv = EXIT_OK;
out:
	article_clear(&a);
	tz_free(tz);
	buf_free(&in);
	return rv;
}
