/*
 * fuzz_control.c - libFuzzer target for the control protocol: one request
 * line as the socket reads it (up to the first newline), its parsing and
 * validation in control.c, then the read-only operations of ctl_ops.c on
 * a small SQLite store made once in a temporary directory.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "conf.h"
#include "control.h"
#include "ctl_ops.h"
#include "feed.h"
#include "normalize.h"
#include "parse.h"
#include "store.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char conf_text[] =
    "[feedd]\n"
    "title = Fuzz feeds\n"
    "[feed \"https://example.org/feed.xml\"]\n"
    "title = Example\n"
    "tags = news, tech\n"
    "[feed \"https://blog.example.com/atom.xml\"]\n"
    "tags = blog\n";

static const char feed_text[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
    "<title>Example</title><link>https://example.org/</link>"
    "<item><title>First &amp; foremost</title>"
    "<link>https://example.org/1</link><category>Tech</category>"
    "<pubDate>Tue, 11 Feb 2025 07:49:32 GMT</pubDate>"
    "<description>&lt;p&gt;hello world&lt;/p&gt;</description></item>"
    "<item><title>Second</title><link>https://example.org/2</link>"
    "<author>a@example.org (A)</author>"
    "<pubDate>Wed, 12 Feb 2025 08:00:00 +0800</pubDate>"
    "<description>searchable text</description></item>"
    "</channel></rss>";

static char		 dir[] = "/tmp/fuzz_control.XXXXXX";
static char		 dbpath[64];
static struct store	*store;
static struct config	*cfg;

static void
cleanup(void)
{
	char	 p[128];

	store_close(store);
	config_free(cfg);
	/* SQLite may leave -wal/-shm/-journal next to the database. */
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", dbpath);
	unlink(p);
	rmdir(dir);
}

static void
setup_fail(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_control setup: %s: %s\n", what, err);
	exit(1);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct parse_opts	 po = { "https://example.org/feed.xml", NULL,
				    NULL, 0, 0 };
	struct norm_opts	 no = { "https://example.org/feed.xml", NULL };
	struct store_put_opts	 o;
	struct store_put_stats	 st;
	struct store_sync_stats	 ss;
	struct strvec		 tags = { NULL, 0, 0 };
	struct store_feed	 f;
	struct feed_doc		*doc;
	char			 err[512];
	int64_t			 id;

	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL)
		setup_fail("mkdtemp", dir);
	snprintf(dbpath, sizeof(dbpath), "%s/feedd.db", dir);
	atexit(cleanup);
	if ((cfg = config_parse("fuzz.conf", conf_text, sizeof(conf_text) - 1,
	    NULL)) == NULL)
		setup_fail("config", "does not parse");
	if (store_open(dbpath, &store, err, sizeof(err)) == -1)
		setup_fail("store_open", err);
	if (store_feed_sync_config(store, cfg, 1739260000, &ss, err,
	    sizeof(err)) == -1)
		setup_fail("sync", err);
	strvec_push(&tags, "runtime");
	if (store_feed_add(store, "https://other.example.net/rss", "Other",
	    &tags, 3600, 0, 1739260000, &id, err, sizeof(err)) == -1)
		setup_fail("feed_add", err);
	strvec_clear(&tags);
	if (store_feed_find(store, "https://example.org/feed.xml", &f, err,
	    sizeof(err)) != 1)
		setup_fail("feed_find", err);
	if (parse_feed(feed_text, sizeof(feed_text) - 1, &po, &doc, err,
	    sizeof(err)) == -1)
		setup_fail("parse", err);
	normalize_doc(doc, &no);
	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	o.feed_url = f.url;
	o.feed_tags = &f.tags;
	o.category_tags = 1;
	o.now = 1739360000;
	if (store_put_doc(store, f.id, doc, &o, &st, err, sizeof(err)) == -1)
		setup_fail("put_doc", err);
	store_put_stats_clear(&st);
	feed_doc_free(doc);
	store_feed_clear(&f);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*nl;
	json_t		*req, *r;
	char		 err[256], *s;
	size_t		 len = size;

	if ((nl = memchr(data, '\n', size)) != NULL)
		len = (size_t)(nl - (const char *)data);
	if ((req = control_parse_request((const char *)data, len, err,
	    sizeof(err))) == NULL)
		return 0;
	if ((r = ctl_read_op(store, cfg, req)) != NULL) {
		/* What control_reply() would send. */
		s = json_dumps(r, JSON_COMPACT);
		free(s);
		json_decref(r);
	}
	json_decref(req);
	return 0;
}
