/*
 * test_listing.c - kind = html sources: items and their fields by XPath
 * from a listing page (relative links, attributes, elements that carry
 * href/src, summaries as markup, dates), pages with no match, bad
 * selectors, and the XPath check the config uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "feed.h"
#include "listing.h"
#include "t.h"

static const char page[] =
    "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<title>新闻列表 - 示例</title></head><body>"
    "<nav><a href=\"/\">首页</a></nav>"
    "<ul class=\"news\">"
    "<li class=\"item\"><a class=\"t\" href=\"/a/1.html\">第一条 新闻</a>"
    "<span class=\"d\">2025-02-11 15:49</span>"
    "<p class=\"s\">摘要 <b>一</b></p><img src=\"/i/1.jpg\"></li>"
    "<li class=\"item\"><a class=\"t\" href=\"https://other.example/2\">"
    "  Second\n  story </a><time datetime=\"2025-02-10T08:00:00Z\">"
    "yesterday</time></li>"
    "<li class=\"item\"><span>no link, no title</span></li>"
    "</ul><footer><a href=\"/about\">About</a></footer></body></html>";

static struct entry *
nth(struct feed_doc *d, int n)
{
	struct entry	*e;

	TAILQ_FOREACH(e, &d->entries, next)
		if (n-- == 0)
			return e;
	return NULL;
}

static void
test_page(void)
{
	struct html_rules	 r = { "//li[@class='item']", ".//a[@class='t']",
				    ".//a[@class='t']", ".//span[@class='d'] | "
				    ".//time", ".//p[@class='s']", ".//img" };
	struct feed_doc		*d = NULL;
	struct entry		*e;
	char			 err[256];

	t_ok(listing_parse(page, sizeof(page) - 1, "https://news.example/list",
	    NULL, &r, &d, err, sizeof(err)) == 0, "listing parses");
	if (d == NULL)
		return;
	t_ok(d->nentries == 2, "two entries (the third has no link or title)");
	t_streq(d->title.s, "新闻列表 - 示例", "doc title from <title>");
	t_streq(d->lang, "zh-CN", "doc lang from <html lang>");
	t_streq(d->link, "https://news.example/list", "doc link is the page");
	e = nth(d, 0);
	t_streq(e ? e->link : NULL, "https://news.example/a/1.html",
	    "link: an <a>'s href, resolved against the page");
	t_streq(e ? e->title.s : NULL, "第一条 新闻", "title: text");
	t_streq(e ? e->published_raw : NULL, "2025-02-11 15:49",
	    "date: element text");
	t_streq(e ? e->summary.s : NULL, "摘要 <b>一</b>",
	    "summary: the node's markup");
	t_ok(e && e->summary.kind == TEXT_HTML, "summary is HTML");
	t_streq(e ? e->media_image : NULL, "https://news.example/i/1.jpg",
	    "image: an <img>'s src, resolved");
	t_streq(e ? e->lang : NULL, "zh-CN", "entry lang");
	e = nth(d, 1);
	t_streq(e ? e->title.s : NULL, "Second story", "title: spaces collapsed");
	t_streq(e ? e->link : NULL, "https://other.example/2", "absolute link");
	t_streq(e ? e->published_raw : NULL, "2025-02-10T08:00:00Z",
	    "date: <time datetime>");
	t_ok(e && e->summary.s == NULL && e->media_image == NULL,
	    "missing fields stay NULL");
	feed_doc_free(d);
}

static void
test_edges(void)
{
	struct html_rules	 none = { "//article", ".//a", ".//a/@href",
				    NULL, NULL, NULL };
	struct html_rules	 str = { "//li[.//a]", "string(.//a)",
				    "concat('/x/', .//a/@href)", NULL, NULL,
				    NULL };
	struct html_rules	 num = { "count(//li)", ".//a", ".//a/@href",
				    NULL, NULL, NULL };
	struct feed_doc		*d = NULL;
	char			 err[256];

	t_ok(listing_parse(page, sizeof(page) - 1, NULL, NULL, &none, &d, err,
	    sizeof(err)) == 0 && d != NULL && d->nentries == 0,
	    "no match: no entries, no error");
	feed_doc_free(d);
	d = NULL;
	t_ok(listing_parse(page, sizeof(page) - 1, NULL, NULL, &str, &d, err,
	    sizeof(err)) == 0 && d != NULL && d->nentries == 2,
	    "string() and concat() selectors");
	if (d != NULL)
		t_streq(nth(d, 0)->link, "/x//a/1.html", "concat() value");
	feed_doc_free(d);
	d = NULL;
	t_ok(listing_parse(page, sizeof(page) - 1, NULL, NULL, &num, &d, err,
	    sizeof(err)) == -1 && d == NULL, "an item selector that is a number");
	t_streq(err, "item selector 'count(//li)' does not select elements",
	    "its message");
	t_ok(listing_parse("", 0, NULL, NULL, &none, &d, err, sizeof(err)) == -1,
	    "empty page");
	t_ok(listing_xpath_check("//li[@class='x']", err, sizeof(err)) == 0,
	    "xpath check: good");
	t_ok(listing_xpath_check("//li[", err, sizeof(err)) == -1,
	    "xpath check: bad");
	t_ok(listing_xpath_check("", err, sizeof(err)) == -1,
	    "xpath check: empty");
}

int
main(void)
{
	test_page();
	test_edges();
	return t_done();
}
