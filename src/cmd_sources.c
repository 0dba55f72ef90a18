/*
 * cmd_sources.c - feedctl's commands for sites without feeds: add-page
 * (subscribe to one article page, kind = page) and preview (fetch a page
 * and print the entries a kind = html source with these selectors, or a
 * kind = page source, would make, before anything is stored).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "conf.h"
#include "fetch.h"
#include "listing.h"
#include "normalize.h"
#include "page.h"

static int	run_add_page(int, char **), run_preview(int, char **);

const struct cmd cmd_add_page = { "add-page", "URL [--tag T]...",
	"subscribe to one article page (kind = page)", run_add_page };
const struct cmd cmd_preview = { "preview",
	"URL (--page | --item XPATH [--title X] [--link X] [--date X] "
	"[--summary X] [--image X])",
	"show the entries a page or listing source would make", run_preview };

static int
run_add_page(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tag",	required_argument,	NULL, 't' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	json_t	*tags = json_array(), *r;
	int	 ch;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 't':
			json_array_append_new(tags, json_string(optarg));
			break;
		case 'h':
			printf("usage: feedctl add-page %s\n\nSubscribe to one "
			    "article page: it is polled like a feed and makes "
			    "one\nentry, the extracted article, updated when the "
			    "page changes.\n\n  --tag T   tag it with T "
			    "(repeatable)\n", cmd_add_page.usage);
			json_decref(tags);
			return EXIT_OK;
		default:
			cmd_usage(&cmd_add_page);
			json_decref(tags);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cmd_usage(&cmd_add_page);
		json_decref(tags);
		return EXIT_USAGE;
	}
	if ((r = cmd_call("add-page", json_pack("{s:s,s:s,s:o,s:s}", "cmd",
	    "add", "url", argv[optind], "tags", tags, "kind", "page"),
	    0)) == NULL)
		return EXIT_FAIL;
	printf("added page %lld: %s\n", (long long)json_integer_value(
	    json_object_get(json_object_get(r, "feed"), "id")), argv[optind]);
	json_decref(r);
	return EXIT_OK;
}

static int
run_preview(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "page",	no_argument,		NULL, 'p' },
		{ "item",	required_argument,	NULL, 'i' },
		{ "title",	required_argument,	NULL, 't' },
		{ "link",	required_argument,	NULL, 'l' },
		{ "date",	required_argument,	NULL, 'd' },
		{ "summary",	required_argument,	NULL, 's' },
		{ "image",	required_argument,	NULL, 'm' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	struct html_rules	 rules;
	struct config		*cfg;
	struct fetch_result	*fr = NULL;
	struct feed_doc		*doc = NULL;
	struct norm_opts	 no;
	const char		*url;
	char			 err[512], **slot;
	int			 ch, page = 0, rv = EXIT_FAIL;

	memset(&rules, 0, sizeof(rules));
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		slot = NULL;
		switch (ch) {
		case 'p': page = 1; break;
		case 'i': slot = &rules.item; break;
		case 't': slot = &rules.title; break;
		case 'l': slot = &rules.link; break;
		case 'd': slot = &rules.date; break;
		case 's': slot = &rules.summary; break;
		case 'm': slot = &rules.image; break;
		case 'h':
			printf("usage: feedctl preview %s\n\nFetch URL and print "
			    "what a source would make of it, as feedctl\nparse "
			    "prints a feed: with --page the extracted article "
			    "(kind = page),\nelse the entries the XPath "
			    "selectors find (kind = html; title and link\n"
			    "default to the item's first <a>).  Nothing is "
			    "stored.\n", cmd_preview.usage);
			return EXIT_OK;
		default:
			cmd_usage(&cmd_preview);
			return EXIT_USAGE;
		}
		if (slot == NULL)
			continue;
		if (listing_xpath_check(optarg, err, sizeof(err)) == -1) {
			fprintf(stderr, "feedctl: preview: bad XPath '%s' "
			    "(%s)\n", optarg, err);
			return EXIT_USAGE;
		}
		*slot = optarg;
	}
	if (argc - optind != 1 || page == (rules.item != NULL)) {
		cmd_usage(&cmd_preview);
		return EXIT_USAGE;
	}
	url = argv[optind];
	if (rules.title == NULL)
		rules.title = ".//a";
	if (rules.link == NULL)
		rules.link = ".//a/@href";
	if ((cfg = cmd_load_config()) == NULL)
		return EXIT_FAIL;
	if ((fr = cmd_fetch(cfg, url)) == NULL)
		goto out;
	if (fr->error != NULL) {
		fprintf(stderr, "feedctl: preview: %s: %s\n", url, fr->error);
		goto out;
	}
	if ((page ? page_parse(fr->body ? fr->body : "", fr->len,
	    fr->effective_url ? fr->effective_url : url, fr->charset, NULL,
	    &doc, err, sizeof(err)) : listing_parse(fr->body ? fr->body : "",
	    fr->len, fr->effective_url ? fr->effective_url : url, fr->charset,
	    &rules, &doc, err, sizeof(err))) == -1) {
		fprintf(stderr, "feedctl: preview: %s: %s\n", url, err);
		goto out;
	}
	memset(&no, 0, sizeof(no));
	no.feed_url = url;
	normalize_doc(doc, &no);
	if (cmd_print_doc("preview", doc) == -1)
		goto out;
	if (doc->nentries == 0)
		fprintf(stderr, "feedctl: preview: the item selector matched "
		    "nothing\n");
	rv = EXIT_OK;
out:
	feed_doc_free(doc);
	fetch_result_free(fr);
	config_free(cfg);
	return rv;
}
