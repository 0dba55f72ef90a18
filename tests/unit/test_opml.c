/*
 * test_opml.c - opml_read(): folders and categories to tags, duplicates,
 * titles, refusals with their messages, and feedd's own export read back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "buf.h"
#include "opml.h"
#include "store.h"
#include "t.h"

/* The tags of a feed joined with '|', for one comparison per feed. */
static const char *
tags_of(const struct opml_feed *f)
{
	static char	 s[1024];
	size_t		 i, n = 0;

	s[0] = '\0';
	for (i = 0; i < f->tags.n; i++)
		n += snprintf(s + n, sizeof(s) - n, "%s%s", i ? "|" : "",
		    f->tags.v[i]);
	return s;
}

static int
read_str(const char *doc, struct opml_list *l, char *err, size_t errlen)
{
	return opml_read(doc, strlen(doc), l, err, errlen);
}

static void
test_folders(void)
{
	static const char doc[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n"
	    "<head><title>subs</title></head>\n"
	    "<body>\n"
	    "  <outline text=\"Tech\" title=\"Tech\">\n"
	    "    <outline text=\"Linux\">\n"
	    "      <outline type=\"rss\" text=\"LWN\" title=\"LWN.net\"\n"
	    "        xmlUrl=\"https://lwn.net/headlines/rss\"\n"
	    "        htmlUrl=\"https://lwn.net/\"/>\n"
	    "    </outline>\n"
	    "    <outline type=\"rss\" text=\"HN\" xmlurl=\" https://news.ycombinator.com/rss \"\n"
	    "      category=\"/News/Tech, Aggregators ,\"/>\n"
	    "  </outline>\n"
	    "  <outline text=\"科技\">\n"
	    "    <outline text=\"Solidot 奇客\" XMLURL=\"https://www.solidot.org/index.rss\"\n"
	    "      category=\"开源,科技\"/>\n"
	    "  </outline>\n"
	    "  <outline type=\"rss\" xmlUrl=\"https://example.org/notitle.xml\"/>\n"
	    "  <outline text=\"Empty folder\"/>\n"
	    "  <outline text=\" \" title=\"Untexted\">\n"
	    "    <outline xmlUrl=\"https://example.org/notitle.xml\"/>\n"
	    "  </outline>\n"
	    "  <outline text=\"empty url\" xmlUrl=\"  \"/>\n"
	    "  <outline text=\"  Mixed   CASE  \">\n"
	    "    <outline title=\"LWN again\" xmlUrl=\"https://lwn.net/headlines/rss\"\n"
	    "      category=\"Kernel/Linux\"/>\n"
	    "  </outline>\n"
	    "</body>\n"
	    "</opml>\n";
	struct opml_list	 l;
	char			 err[256] = "";

	t_ok(read_str(doc, &l, err, sizeof(err)) == 0, "folders: parses");
	t_ok(l.n == 4, "folders: 4 feeds (duplicate merged, empty "
	    "xmlUrl and folders skipped)");
	if (l.n != 4) {
		opml_list_free(&l);
		return;
	}
	t_streq(l.v[0].url, "https://lwn.net/headlines/rss", "feed 0 url");
	t_streq(l.v[0].title, "LWN.net", "feed 0: title beats text");
	t_streq(tags_of(&l.v[0]), "tech|linux|mixed case|kernel",
	    "feed 0: nested folders, then the duplicate's folder and "
	    "category, union without repeats");
	t_streq(l.v[1].url, "https://news.ycombinator.com/rss",
	    "feed 1: xmlurl in lower case, trimmed");
	t_streq(l.v[1].title, "HN", "feed 1: text when no title");
	t_streq(tags_of(&l.v[1]), "tech|news|aggregators",
	    "feed 1: folder, then category paths split, lowercased, "
	    "trimmed, empty dropped");
	t_streq(l.v[2].url, "https://www.solidot.org/index.rss",
	    "feed 2: XMLURL");
	t_streq(l.v[2].title, "Solidot 奇客", "feed 2: Chinese title");
	t_streq(tags_of(&l.v[2]), "科技|开源",
	    "feed 2: Chinese folder and categories, deduplicated");
	t_streq(l.v[3].url, "https://example.org/notitle.xml", "feed 3 url");
	t_streq(l.v[3].title, NULL, "feed 3: no title or text gives NULL");
	t_streq(tags_of(&l.v[3]), "untexted",
	    "feed 3: listed again in a folder with a blank text: its title");
	opml_list_free(&l);
	t_ok(l.n == 0 && l.v == NULL, "opml_list_free empties the list");
}

static void
test_opml1_and_encodings(void)
{
	/* OPML 1.0, GB18030 declared, no body title, one feed. */
	static const char gbk[] =
	    "<?xml version=\"1.0\" encoding=\"GBK\"?>\n"
	    "<opml version=\"1.0\"><head/><body>"
	    "<outline text=\"\xBF\xC6\xBC\xBC\">"	/* 科技 in GBK */
	    "<outline text=\"a\" xmlUrl=\"http://a.example/feed\"/>"
	    "</outline></body></opml>";
	static const char bom[] =
	    "\xEF\xBB\xBF<?xml version=\"1.0\"?><opml version=\"2.0\"><body>"
	    "<outline text=\"b\" xmlUrl=\"http://b.example/feed?x=1&amp;y=2\"/>"
	    "</body></opml>";
	static const char lead[] =
	    "\n\n  <?xml version=\"1.0\"?><opml version=\"2.0\"><body>"
	    "<outline text=\"c\" xmlUrl=\"http://c.example/\"/></body></opml>";
	struct opml_list	 l;
	char			 err[256] = "";

	t_ok(opml_read(gbk, sizeof(gbk) - 1, &l, err, sizeof(err)) == 0 &&
	    l.n == 1, "GBK-declared OPML parses");
	if (l.n == 1)
		t_streq(tags_of(&l.v[0]), "科技",
		    "GBK folder name arrives as UTF-8");
	opml_list_free(&l);

	t_ok(read_str(bom, &l, err, sizeof(err)) == 0 && l.n == 1,
	    "UTF-8 BOM accepted");
	if (l.n == 1)
		t_streq(l.v[0].url, "http://b.example/feed?x=1&y=2",
		    "predefined entity in xmlUrl decoded");
	opml_list_free(&l);

	t_ok(read_str(lead, &l, err, sizeof(err)) == 0 && l.n == 1,
	    "blank lines before the XML declaration forgiven");
	opml_list_free(&l);
}

static void
test_depth(void)
{
	struct buf		 b = BUF_INIT;
	struct opml_list	 l;
	char			 err[256] = "";
	int			 i;

	buf_addstr(&b, "<opml version=\"2.0\"><body>");
	for (i = 0; i < 100; i++)
		buf_printf(&b, "<outline text=\"f%d\">", i);
	buf_addstr(&b, "<outline xmlUrl=\"http://deep.example/\"/>");
	for (i = 0; i < 100; i++)
		buf_addstr(&b, "</outline>");
	buf_addstr(&b, "</body></opml>");
	t_ok(opml_read(b.data, b.len, &l, err, sizeof(err)) == 0 &&
	    l.n == 1, "a feed 100 folders deep still counts");
	if (l.n == 1) {
		t_ok(l.v[0].tags.n == OPML_MAX_TAG_DEPTH,
		    "only the outer OPML_MAX_TAG_DEPTH folders are tags");
		t_streq(l.v[0].tags.v[OPML_MAX_TAG_DEPTH - 1], "f63",
		    "the last tag is the 64th folder");
	}
	opml_list_free(&l);
	buf_free(&b);
}

static void
test_refusals(void)
{
	static const struct {
		const char	*doc;
		const char	*err;
	} cases[] = {
		{ "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>",
		  "not an OPML document: root element is <rss>" },
		{ "<opml version=\"2.0\">\n<body>\n<outline text=\"x\">\n"
		  "</body></opml>",
		  "XML error at line 4: Opening and ending tag mismatch: "
		  "outline line 3 and body" },
		{ "<opml><body><outline text=\"&nbsp;\"/></body></opml>",
		  "XML error at line 1: Entity 'nbsp' not defined" },
		{ "", "not an OPML document: empty document" },
		{ " \n\t", "not an OPML document: empty document" },
		{ "<!DOCTYPE opml [<!ENTITY a \"aaaaaaaaaa\">"
		  "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
		  "<opml><body><outline text=\"&b;\" xmlUrl=\"http://x/\"/>"
		  "</body></opml>",
		  "XML error at line 1: Entity 'b' not defined" },
		{ "<!DOCTYPE opml SYSTEM \"file:///etc/passwd\">"
		  "<opml><body><outline xmlUrl=\"http://x/&ext;\"/>"
		  "</body></opml>", NULL },
	};
	struct opml_list	 l;
	char			 err[256], name[300];
	size_t			 i;
	int			 rv;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		rv = read_str(cases[i].doc, &l, err, sizeof(err));
		snprintf(name, sizeof(name), "refusal %zu: %s", i,
		    cases[i].err ? "-1" : "no external DTD is loaded");
		if (cases[i].err != NULL) {
			t_ok(rv == -1 && l.n == 0 && l.v == NULL, name);
			t_streq(err, cases[i].err, "refusal message");
		} else {
			/* The unknown reference is dropped: nothing read. */
			t_ok(rv == 0 && l.n == 1 &&
			    strcmp(l.v[0].url, "http://x/") == 0, name);
		}
		opml_list_free(&l);
	}
}

static void
test_empty_body(void)
{
	struct opml_list	 l;
	char			 err[256] = "";

	t_ok(read_str("<opml version=\"2.0\"><head><title>t</title></head>"
	    "<body/></opml>", &l, err, sizeof(err)) == 0 && l.n == 0,
	    "OPML without outlines: 0 feeds, no error");
	opml_list_free(&l);
	t_ok(read_str("<opml version=\"1.0\"><head><title>t</title></head>"
	    "<outline text=\"x\" xmlUrl=\"http://x.example/\"/></opml>", &l,
	    err, sizeof(err)) == 0 && l.n == 1,
	    "outline straight under <opml> still read");
	opml_list_free(&l);
}

/* What feedd exports (atom.c) comes back with the same feeds and tags. */
static void
test_roundtrip(void)
{
	struct store_feed	 f[3];
	struct buf		 out = BUF_INIT;
	struct opml_list	 l;
	char			 err[256] = "";

	memset(f, 0, sizeof(f));
	f[0].url = "https://lwn.net/headlines/rss";
	f[0].title = "LWN.net & friends";
	f[0].site_url = "https://lwn.net/";
	strvec_push(&f[0].tags, "linux");
	strvec_push(&f[0].tags, "科技");
	f[1].url = "https://example.org/feed?a=1&b=<2>";
	f[2].url = "https://example.com/atom.xml";
	f[2].title = "Example";
	strvec_push(&f[2].tags, "news");

	t_ok(opml_write(f, 3, "feedd", &out) == 0, "opml_write works");
	t_ok(opml_read(out.data, out.len, &l, err, sizeof(err)) == 0 &&
	    l.n == 3, "feedd's OPML reads back: 3 feeds");
	if (l.n == 3) {
		t_streq(l.v[0].url, f[0].url, "round trip: url 0");
		t_streq(l.v[0].title, f[0].title, "round trip: title 0");
		t_streq(tags_of(&l.v[0]), "linux|科技", "round trip: tags 0");
		t_streq(l.v[1].url, f[1].url, "round trip: escaped url 1");
		t_streq(l.v[1].title, f[1].url,
		    "round trip: untitled feed comes back titled by its url "
		    "(the export's text)");
		t_ok(l.v[1].tags.n == 0, "round trip: no tags 1");
		t_streq(l.v[2].url, f[2].url, "round trip: url 2");
		t_streq(tags_of(&l.v[2]), "news", "round trip: tags 2");
	}
	opml_list_free(&l);
	buf_free(&out);
	strvec_clear(&f[0].tags);
	strvec_clear(&f[2].tags);
}

int
main(void)
{
	test_folders();
	test_opml1_and_encodings();
	test_depth();
	test_refusals();
	test_empty_body();
	test_roundtrip();
	return t_done();
}
