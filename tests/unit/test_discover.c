/*
 * test_discover.c - discover_feeds(): which <link>s are feeds, how their
 * hrefs resolve, the page's encoding; discover_is_feed() on feeds and
 * pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover.h"
#include "t.h"

/* The list as "url type title" lines, for one comparison per page. */
static const char *
show(const struct discovered_list *l)
{
	static char	 s[4096];
	size_t		 i, n = 0;

	s[0] = '\0';
	for (i = 0; i < l->n; i++)
		n += snprintf(s + n, sizeof(s) - n, "%s %s %s\n", l->v[i].url,
		    l->v[i].type, l->v[i].title ? l->v[i].title : "(null)");
	return s;
}

static void
check(const char *what, const char *html, size_t len, const char *base,
    const char *charset, const char *want)
{
	struct discovered_list	 l;
	char			 err[256] = "", name[300];
	int			 rv;

	rv = discover_feeds(html, len, base, charset, &l, err, sizeof(err));
	snprintf(name, sizeof(name), "%s: returns 0", what);
	t_ok(rv == 0, name);
	if (rv != 0)
		printf("#   err: %s\n", err);
	snprintf(name, sizeof(name), "%s: links", what);
	t_streq(show(&l), want, name);
	discovered_list_free(&l);
	t_ok(l.n == 0 && l.v == NULL, "discovered_list_free empties");
}

static void
check_str(const char *what, const char *html, const char *base,
    const char *want)
{
	check(what, html, strlen(html), base, NULL, want);
}

static void
test_links(void)
{
	check_str("RSS, Atom and JSON",
	    "<!DOCTYPE html><html><head><title>Blog</title>\n"
	    "<link rel=\"stylesheet\" type=\"text/css\" href=\"/s.css\">\n"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "title=\" Blog  RSS \" href=\"/feed.xml\">\n"
	    "<link rel=\"alternate\" type=\"application/atom+xml\" "
	    "href=\"atom.xml\">\n"
	    "<link rel=\"alternate\" type=\"application/feed+json\" "
	    "title=\"JSON\" href=\"https://cdn.example.com/feed.json\">\n"
	    "<link rel=\"alternate\" type=\"text/html\" hreflang=\"fr\" "
	    "href=\"/fr/\">\n"
	    "</head><body><p>hi</p></body></html>",
	    "https://blog.example.com/posts/index.html",
	    "https://blog.example.com/feed.xml application/rss+xml Blog RSS\n"
	    "https://blog.example.com/posts/atom.xml application/atom+xml "
	    "(null)\n"
	    "https://cdn.example.com/feed.json application/feed+json JSON\n");

	check_str("base href, rel casing and tokens, types with parameters",
	    "<html><head>"
	    "<link rel=\"Alternate\" type=\"Application/RSS+XML; charset=utf-8\""
	    " href=\"rss\">"
	    "<base href=\"http://other.example/dir/\">"
	    "<base href=\"http://ignored.example/\">"
	    "<link rel=\"feed ALTERNATE\" type=\"application/rdf+xml\" "
	    "href=\"../index.rdf\">"
	    "<link rel=\"alternate stylesheet\" type=\"text/css\" "
	    "href=\"alt.css\">"
	    "<link rel=\"alternate stylesheet\" type=\"text/xml\" "
	    "href=\"odd.xml\">"
	    "<link rel=\"feed\" type=\"application/atom+xml\" "
	    "href=\"notalternate.xml\">"
	    "<link rel=\"alternate\" type=\"application/json\" "
	    "href=\"feed.json\">"
	    "<link rel=\"alternate\" href=\"notype.xml\">"
	    "</head></html>",
	    "https://page.example/a/b",
	    "http://other.example/dir/rss application/rss+xml (null)\n"
	    "http://other.example/index.rdf application/rdf+xml (null)\n"
	    "http://other.example/dir/odd.xml text/xml (null)\n"
	    "http://other.example/dir/feed.json application/json (null)\n");

	check_str("schemes, duplicates, links in body",
	    "<html><head>"
	    "<link rel=alternate type=application/rss+xml "
	    "href=\"javascript:alert(1)\">"
	    "<link rel=alternate type=application/rss+xml "
	    "href=\"  java\tscript:alert(1)\">"
	    "<link rel=alternate type=application/rss+xml "
	    "href=\"data:text/xml,<rss/>\">"
	    "<link rel=alternate type=application/rss+xml "
	    "href=\"ftp://example.com/feed\">"
	    "<link rel=alternate type=application/rss+xml href=\"\">"
	    "<link rel=alternate type=application/rss+xml href=\"/feed\">"
	    "<link rel=alternate type=application/rss+xml "
	    "href=\"https://example.com/feed\" title=\"again\">"
	    "</head><body><div>"
	    "<link rel=alternate type=application/atom+xml href=\"/atom\">"
	    "</div></body></html>",
	    "https://example.com/",
	    "https://example.com/feed application/rss+xml (null)\n"
	    "https://example.com/atom application/atom+xml (null)\n");

	check_str("no base URL: only absolute hrefs",
	    "<link rel=alternate type=application/rss+xml href=\"/rel\">"
	    "<link rel=alternate type=application/rss+xml "
	    "href=\"HTTP://Example.COM/abs\">",
	    NULL,
	    "http://Example.COM/abs application/rss+xml (null)\n");

	check_str("a page without feeds",
	    "<html><head><title>Nothing</title>"
	    "<link rel=\"icon\" href=\"/favicon.ico\"></head>"
	    "<body><a rel=\"alternate\" type=\"application/rss+xml\" "
	    "href=\"/feed\">not a link element</a></body></html>",
	    "https://example.com/", "");

	check_str("broken markup is recovered",
	    "<html><head><link rel=alternate type=application/rss+xml "
	    "href=/feed title=a&amp;b&nbsp;c</span><body><p><div></table>"
	    "<link rel=alternate type=application/rss+xml href=/feed2>",
	    "https://example.com/",
	    "https://example.com/feed application/rss+xml a&b c</span\n"
	    "https://example.com/feed2 application/rss+xml (null)\n");
}

static void
test_charsets(void)
{
	/* 科技新闻 in GBK (GB2312 subset) and 喆 (GBK only). */
	static const char gbk[] =
	    "<html><head>"
	    "<meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=gb2312\">"
	    "<title>\xBF\xC6\xBC\xBC</title>"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "title=\"\xBF\xC6\xBC\xBC\xD0\xC2\xCE\xC5 \x86\xB4\" "
	    "href=\"/rss.xml\">"
	    "</head><body></body></html>";
	static const char meta5[] =
	    "<html><head><!-- <meta charset=\"big5\"> -->"
	    "<script data-x=\"<meta charset=big5>\"></script>"
	    "<meta charset='GBK'>"
	    "<link rel=alternate type=application/atom+xml "
	    "title=\"\xD6\xD0\xCE\xC4\" href=\"/atom\"></head></html>";
	static const char nometa[] =
	    "<html><head><link rel=alternate type=application/atom+xml "
	    "title=\"\xD6\xD0\xCE\xC4\" href=\"/atom\"></head></html>";
	static const char utf8[] =
	    "<html><head><meta charset=\"utf-8\">"
	    "<link rel=alternate type=application/atom+xml "
	    "title=\"中文\" href=\"/atom\"></head></html>";
	static const char latin1[] =
	    "<link rel=alternate type=application/atom+xml "
	    "title=\"caf\xE9\" href=\"/atom\">";
	static const char utf16[] =
	    "\xFF\xFE<\0l\0i\0n\0k\0 \0r\0e\0l\0=\0a\0l\0t\0e\0r\0n\0a\0t\0e\0"
	    " \0t\0y\0p\0e\0=\0t\0e\0x\0t\0/\0x\0m\0l\0 \0h\0r\0e\0f\0=\0/\0x\0"
	    " \0t\0i\0t\0l\0e\0=\0-\x4e>\0";

	check("GBK page labelled gb2312, Chinese title", gbk, sizeof(gbk) - 1,
	    "http://news.example.cn/", NULL,
	    "http://news.example.cn/rss.xml application/rss+xml "
	    "科技新闻 喆\n");
	check("meta charset after a comment and a quoted '>'", meta5,
	    sizeof(meta5) - 1, "http://x.example/", NULL,
	    "http://x.example/atom application/atom+xml 中文\n");
	check("no meta: the fallback charset", nometa, sizeof(nometa) - 1,
	    "http://x.example/", "gbk",
	    "http://x.example/atom application/atom+xml 中文\n");
	check("meta beats the fallback", utf8, sizeof(utf8) - 1,
	    "http://x.example/", "gbk",
	    "http://x.example/atom application/atom+xml 中文\n");
	check("no meta, no fallback, not UTF-8: Windows-1252", latin1,
	    sizeof(latin1) - 1, "http://x.example/", NULL,
	    "http://x.example/atom application/atom+xml café\n");
	check("UTF-16LE with a BOM", utf16, sizeof(utf16) - 1,
	    "http://x.example/", NULL,
	    "http://x.example/x text/xml 中\n");
}

static void
test_errors(void)
{
	struct discovered_list	 l;
	char			 err[256];

	err[0] = '\0';
	t_ok(discover_feeds("", 0, "http://x/", NULL, &l, err,
	    sizeof(err)) == -1 && l.n == 0, "empty page: -1");
	t_streq(err, "empty page", "empty page: message");
	err[0] = '\0';
	t_ok(discover_feeds(" \r\n ", 4, "http://x/", NULL, &l, err,
	    sizeof(err)) == -1, "blank page: -1");
	t_streq(err, "empty page", "blank page: message");
}

static void
test_is_feed(void)
{
	static const struct {
		const char	*body;
		size_t		 len;	/* 0: strlen */
		int		 want;
	} cases[] = {
		{ "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", 0,
		  1 },
		{ "\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c -->\n"
		  "<?xml-stylesheet href=\"x.xsl\"?>"
		  "<feed xmlns=\"http://www.w3.org/2005/Atom\">", 0, 1 },
		{ "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
		  "22-rdf-syntax-ns#\">", 0, 1 },
		{ "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS "
		  "0.91//EN\" \"x\">\n<rss version=\"0.91\">", 0, 1 },
		{ "  {\"version\": \"https://jsonfeed.org/version/1.1\", "
		  "\"items\": []}", 0, 1 },
		{ "{\"items\": [], \"version\": "
		  "\"https:\\/\\/jsonfeed.org\\/version\\/1\"}", 0, 1 },
		{ "{\"name\": \"not a feed\"}", 0, 0 },
		{ "<!DOCTYPE html>\n<html><head>", 0, 0 },
		{ "<html><head><title>rss</title>", 0, 0 },
		{ "<?xml version=\"1.0\"?><opml version=\"2.0\">", 0, 0 },
		{ "<feedburner>", 0, 0 },
		{ "", 0, 0 },
		{ "\xFF\xFE<\0r\0s\0s\0>\0", 10, 1 },
		{ "<\0f\0e\0e\0d\0>\0", 12, 1 },
	};
	char	 name[160], sh[100];
	size_t	 i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len ? cases[i].len : strlen(cases[i].body);
		snprintf(name, sizeof(name), "is_feed %zu (%.40s): %d", i,
		    t_show(cases[i].body, sh, sizeof(sh)), cases[i].want);
		t_ok(discover_is_feed(cases[i].body, len) == cases[i].want,
		    name);
	}
}

int
main(void)
{
	test_links();
	test_charsets();
	test_errors();
	test_is_feed();
	return t_done();
}
