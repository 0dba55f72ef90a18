/*
 * cmd_parse.c - `feedctl parse [--base URL] FILE|-...`: run the parser and
 * normalizer on each document and print the JSON Lines contract.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "feed.h"
#include "normalize.h"
#include "parse.h"

static int	run_parse(int, char **);

const struct cmd cmd_parse = {
	"parse",
	"[--base URL] [--charset CS] [--timezone TZ] [--max-size N] FILE|-...",
	"parse a feed document and print its entries as JSON Lines",
	run_parse
};

static void
help(void)
{
	printf("usage: feedctl parse %s\n\n"
	    "Parse an RSS, Atom or JSON Feed document and print one JSON object\n"
	    "for the feed, then one per entry, in document order.  Several\n"
	    "files are printed one after the other; a file that fails is\n"
	    "reported and the rest still parsed (exit status 1).\n\n"
	    "  --base URL       the document's URL: resolves relative links\n"
	    "  --charset CS     decode as CS, whatever the document declares\n"
	    "  --timezone TZ    zone for dates that carry none (default UTC),\n"
	    "                   e.g. Asia/Shanghai or +08:00\n"
	    "  --max-size N     refuse documents over N bytes (default %u;\n"
	    "                   K and M suffixes allowed)\n",
	    cmd_parse.usage, PARSE_MAX_SIZE_DEFAULT);
}

/* "16M", "512K", "1000": bytes, or 0 when not a size. */
static size_t
parse_size(const char *s)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *s == '-')
		return 0;
	if (*end == 'K' || *end == 'k')
		v *= 1024, end++;
	else if (*end == 'M' || *end == 'm')
		v *= 1024 * 1024, end++;
	if (*end != '\0' || v == 0 || v > (1ULL << 40))
		return 0;
	return (size_t)v;
}

static int
run_parse(int argc, char **argv)
{
	enum { OPT_BASE = 256, OPT_CHARSET, OPT_TZ, OPT_MAX };
	static const struct option longopts[] = {
		{ "base",	required_argument,	NULL, OPT_BASE },
		{ "charset",	required_argument,	NULL, OPT_CHARSET },
		{ "timezone",	required_argument,	NULL, OPT_TZ },
		{ "max-size",	required_argument,	NULL, OPT_MAX },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	struct parse_opts	 po;
	struct norm_opts	 no;
	struct feed_doc		*doc = NULL;
	struct tz		*tz = NULL;
	struct buf		 in = BUF_INIT;
	const char		*tzname = NULL, *path;
	char			 err[512];
	int			 ch, rv = EXIT_FAIL;

	memset(&po, 0, sizeof(po));
	memset(&no, 0, sizeof(no));
	po.max_size = PARSE_MAX_SIZE_DEFAULT;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_BASE:
			po.base_url = optarg;
			break;
		case OPT_CHARSET:
			po.charset = optarg;
			break;
		case OPT_TZ:
			tzname = optarg;
			break;
		case OPT_MAX:
			if ((po.max_size = parse_size(optarg)) == 0) {
				fprintf(stderr, "feedctl: parse: bad size "
				    "'%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			help();
			return EXIT_OK;
		default:
			cmd_usage(&cmd_parse);
			return EXIT_USAGE;
		}
	}
	if (argc - optind < 1) {
		cmd_usage(&cmd_parse);
		return EXIT_USAGE;
	}
	if (tzname != NULL &&
	    (tz = tz_load(tzname, err, sizeof(err))) == NULL) {
		fprintf(stderr, "feedctl: parse: %s\n", err);
		return EXIT_USAGE;
	}

	/* Several files: one after the other, each its own feed line. */
	rv = EXIT_OK;
	no.feed_url = po.base_url;
	no.tz = tz;
	for (; optind < argc; optind++) {
		path = argv[optind];
		buf_reset(&in);
		if (cmd_read_input("parse", path, po.max_size, &in) == -1) {
			rv = EXIT_FAIL;
			continue;
		}
		if (parse_feed(buf_cstr(&in), in.len, &po, &doc, err,
		    sizeof(err)) == -1) {
			fprintf(stderr, "feedctl: parse: %s: %s\n", path, err);
			rv = EXIT_FAIL;
			continue;
		}
		normalize_doc(doc, &no);
		if (cmd_print_doc("parse", doc) != 0)
			rv = EXIT_FAIL;
		feed_doc_free(doc);
		doc = NULL;
	}
	feed_doc_free(doc);
	tz_free(tz);
	buf_free(&in);
	return rv;
}
