/*
 * test_extract.c - extract_article(): what the content keeps and drops
 * (navigation, comments, share bars, related lists, ads, hidden text),
 * lazy images, JSON-LD, titles, dates and their zones, bylines, language,
 * lead images, charsets, plain text breaks and hostile input.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "extract.h"
#include "feed.h"
#include "t.h"

#define BASE	"https://news.example.com/2025/02/story.html"

static int
run(const char *html, const char *charset, struct article *a)
{
	char	 err[256];
	int	 rv;

	rv = extract_article(html, strlen(html), BASE, charset, NULL, a, err,
	    sizeof(err));
	if (rv != 0)
		printf("#   err: %s\n", err);
	return rv;
}

static int
has(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static const char *
rfc3339(int64_t t, char buf[32])
{
	if (t == DATE_NONE)
		return "none";
	date_format_rfc3339(t, buf);
	return buf;
}

/* A page that has everything around its article. */
static const char cluttered[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Harbour Reopens After Storm - Coast Daily</title>"
    "<meta property=\"article:published_time\" "
    "content=\"2025-02-11T07:49:32Z\">"
    "</head><body>"
    "<nav class=\"topnav\"><a href=\"/\">NAVTEXT home</a></nav>"
    "<div class=\"breadcrumbs\"><a href=\"/\">Home</a> &gt; "
    "<a href=\"/local\">BREADCRUMBTEXT</a></div>"
    "<div class=\"layout\"><div class=\"article-body\">"
    "<h1>Harbour Reopens After Storm</h1>"
    "<div class=\"social-share\"><a href=\"/s\">SHARETEXT Facebook</a>"
    "</div>"
    "<p>The harbour reopened on Tuesday morning, three days after the "
    "storm, as crews cleared the last of the debris from the channel.</p>"
    "<p><img src=\"data:image/gif;base64,R0lGOD\" data-src=\"/img/a.jpg\" "
    "alt=\"a\"><img data-original=\"//cdn.example.com/b.jpg\" alt=\"b\">"
    "<img src=\"/img/blank.gif\" data-lazy-src=\"c.jpg\" alt=\"c\">"
    "<img srcset=\"/img/d-1x.jpg 1x, /img/d-2x.jpg 2x\" alt=\"d\">"
    "<img src=\"/img/placeholder.png\" class=\"lazy\"><noscript>"
    "<img src=\"/img/e.jpg\" alt=\"e\"></noscript></p>"
    "<div class=\"ad-container\"><p>ADTEXT buy now, limited offer, "
    "while stocks last, order today.</p></div>"
    "<p>Fishing boats, which had sheltered upriver, began returning in "
    "the afternoon, and the harbour master said the port would be "
    "fully open by the weekend.</p>"
    "<p style=\"display: none\">HIDDENTEXT tracking pixel text that is "
    "long enough to be a paragraph, really.</p>"
    "<p>Line one<br>line two</p>"
    "</div>"
    "<div class=\"related-articles\"><h3>Related</h3><ul>"
    "<li><a href=\"/r1\">RELATEDTEXT storm damage across the county, "
    "in pictures and video</a></li></ul></div>"
    "<div id=\"comments\"><div class=\"comment\"><p>COMMENTTEXT What a "
    "storm that was, I have never seen anything like it, never.</p>"
    "</div></div>"
    "<aside><p>ASIDETEXT about the author and the newsletter, which is "
    "free, and very good.</p></aside>"
    "</div>"
    "<footer><p>FOOTERTEXT copyright Coast Daily, all rights reserved, "
    "forever and ever.</p></footer>"
    "<script>var SCRIPTTEXT = 1;</script>"
    "</body></html>";

static void
test_keeps_and_drops(void)
{
	static const char *const gone[] = {
		"NAVTEXT", "BREADCRUMBTEXT", "SHARETEXT", "ADTEXT", "HIDDENTEXT",
		"RELATEDTEXT", "COMMENTTEXT", "ASIDETEXT", "FOOTERTEXT",
		"SCRIPTTEXT", NULL
	};
	struct article	 a;
	char		 name[128], d[32];
	size_t		 i;

	t_ok(run(cluttered, NULL, &a) == 0, "cluttered page: extracted");
	t_streq(a.title, "Harbour Reopens After Storm",
	    "title: the <h1> the <title> contains");
	t_streq(rfc3339(a.published, d), "2025-02-11T07:49:32Z",
	    "published: article:published_time");
	t_streq(a.lang, "en", "lang: <html lang>");
	t_ok(has(a.text, "The harbour reopened on Tuesday"),
	    "keeps the first paragraph");
	t_ok(has(a.text, "fully open by the weekend."),
	    "keeps the last paragraph");
	for (i = 0; gone[i] != NULL; i++) {
		snprintf(name, sizeof(name), "drops %s", gone[i]);
		t_ok(!has(a.text, gone[i]) && !has(a.content_html, gone[i]),
		    name);
	}
	t_ok(!has(a.text, "Harbour Reopens After Storm"),
	    "the headline is not repeated in the text");
	t_ok(has(a.content_html,
	    "src=\"https://news.example.com/img/a.jpg\""),
	    "lazy image: data-src over a data: placeholder");
	t_ok(has(a.content_html, "src=\"https://cdn.example.com/b.jpg\""),
	    "lazy image: data-original, scheme-relative");
	t_ok(has(a.content_html,
	    "src=\"https://news.example.com/2025/02/c.jpg\""),
	    "lazy image: data-lazy-src over a blank.gif, relative");
	t_ok(has(a.content_html,
	    "src=\"https://news.example.com/img/d-1x.jpg\""),
	    "lazy image: srcset");
	t_streq(a.thumbnail, "https://news.example.com/img/a.jpg",
	    "thumbnail: the first content image when no og:image");
	t_ok(has(a.text, "debris from the channel.\n\nFishing boats"),
	    "text: a blank line between paragraphs");
	t_ok(has(a.text, "Line one\nline two"), "text: <br> is a line break");
	t_ok(!has(a.content_html, "placeholder.png") &&
	    has(a.content_html, "src=\"https://news.example.com/img/e.jpg\""),
	    "lazy image: the <noscript> copy replaces the placeholder");
	t_ok(a.text != NULL && a.text[strlen(a.text) - 1] != '\n' &&
	    a.text[0] != '\n', "text: no leading or trailing breaks");
	article_clear(&a);
	t_ok(a.title == NULL && a.text == NULL && a.published == DATE_NONE,
	    "article_clear empties");
}

static void
test_titles(void)
{
	static const struct {
		const char	*head;
		const char	*want;
	} cases[] = {
		{ "<title>Plain Headline Here - Site Name</title>",
		    "Plain Headline Here" },
		{ "<title>Another Good Headline | The Site</title>",
		    "Another Good Headline" },
		{ "<title>春运首日全国铁路发送旅客超千万人次_新闻_腾讯网</title>",
		    "春运首日全国铁路发送旅客超千万人次" },
		{ "<title>Short | A Very Long Site Name Indeed</title>",
		    "Short | A Very Long Site Name Indeed" },
		{ "<title>T - S</title><meta property=\"og:title\" "
		    "content=\"OG Headline – Site\"><meta property="
		    "\"og:site_name\" content=\"Site\">", "OG Headline" },
		{ "<title>X</title><script type=\"application/ld+json\">"
		    "{\"@type\":\"BlogPosting\",\"headline\":\"LD Headline\"}"
		    "</script>", "LD Headline" },
	};
	struct article	 a;
	struct buf	 b = BUF_INIT;
	char		 name[256];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		buf_printf(&b, "<html><head><meta charset=\"utf-8\">%s</head>"
		    "<body><p>Body text that is long enough to be a paragraph "
		    "of its own, with a comma.</p></body></html>",
		    cases[i].head);
		snprintf(name, sizeof(name), "title: %s", cases[i].want);
		if (run(buf_cstr(&b), NULL, &a) == 0)
			t_streq(a.title, cases[i].want, name);
		else
			t_ok(0, name);
		article_clear(&a);
	}
	buf_free(&b);
}

static void
date_case(const char *what, const char *head, const char *body,
    const struct tz *tz, const char *want)
{
	struct article	 a;
	struct buf	 b = BUF_INIT;
	char		 err[256], d[32];

	buf_printf(&b, "<html%s><head><meta charset=\"utf-8\">%s</head><body>"
	    "<h1>Headline</h1>%s<p>Body text that is long enough to be a "
	    "paragraph of its own, with a comma.</p></body></html>",
	    strstr(what, "zh") != NULL ? " lang=\"zh-CN\"" : "", head, body);
	if (extract_article(b.data, b.len, BASE, NULL, tz, &a, err,
	    sizeof(err)) == 0)
		t_streq(rfc3339(a.published, d), want, what);
	else
		t_ok(0, what);
	article_clear(&a);
	buf_free(&b);
}

static void
test_dates(void)
{
	struct tz	*ny;
	char		 err[128];

	date_case("JSON-LD datePublished first",
	    "<meta name=\"pubdate\" content=\"2020-01-01\">"
	    "<script type=\"application/ld+json\">[{\"@type\":\"NewsArticle\","
	    "\"datePublished\":\"2024-05-06T10:00:00+02:00\"}]</script>", "",
	    NULL, "2024-05-06T08:00:00Z");
	date_case("<time datetime>", "",
	    "<p>On <time datetime=\"2023-12-24T18:00:00Z\">Christmas Eve"
	    "</time></p>", NULL, "2023-12-24T18:00:00Z");
	date_case("zh: Chinese date near the title, read in +08:00", "",
	    "<div class=\"info\">来源：新华网　2025年02月11日 15:49</div>",
	    NULL, "2025-02-11T07:49:00Z");
	date_case("zh: a bare day in meta, its time near the title",
	    "<meta name=\"publishdate\" content=\"2025-01-14\">",
	    "<div>发布时间：2025-01-14 09:20:00</div>", NULL,
	    "2025-01-14T01:20:00Z");
	date_case("no zone, English page: UTC",
	    "<meta name=\"date\" content=\"2024-11-20 07:00:00\">", "", NULL,
	    "2024-11-20T07:00:00Z");
	date_case("embedded state object",
	    "<script>window.DATA = {\"id\": 1, \"pubtime\": "
	    "\"2025-02-11 15:49:32\"};</script>", "", NULL,
	    "2025-02-11T15:49:32Z");
	date_case("no date anywhere", "", "", NULL, "none");
	ny = tz_load("America/New_York", err, sizeof(err));
	if (ny != NULL)
		date_case("given zone wins over the guess",
		    "<meta name=\"date\" content=\"2024-07-01 12:00\">", "", ny,
		    "2024-07-01T16:00:00Z");
	else
		t_ok(1, "# SKIP no zoneinfo for America/New_York");
	tz_free(ny);
}

static void
meta_case(const char *what, const char *html, const char *lang,
    const char *byline, const char *thumb)
{
	struct article	 a;
	char		 name[256];

	if (run(html, NULL, &a) != 0) {
		t_ok(0, what);
		return;
	}
	snprintf(name, sizeof(name), "%s: lang", what);
	t_streq(a.lang, lang, name);
	snprintf(name, sizeof(name), "%s: byline", what);
	t_streq(a.byline, byline, name);
	snprintf(name, sizeof(name), "%s: thumbnail", what);
	t_streq(a.thumbnail, thumb, name);
	article_clear(&a);
}

#define PARA "<p>Body text that is long enough to be a paragraph of its " \
	"own, with a comma.</p>"

static void
test_meta(void)
{
	meta_case("og:locale, meta author, og:image",
	    "<html><head><meta property=\"og:locale\" content=\"zh_CN\">"
	    "<meta name=\"author\" content=\"  Li  Ming \">"
	    "<meta property=\"og:image\" content=\"/lead.jpg\"></head>"
	    "<body>" PARA "</body></html>",
	    "zh-CN", "Li Ming", "https://news.example.com/lead.jpg");
	meta_case("content-language, rel=author, twitter:image",
	    "<html><head><meta http-equiv=\"Content-Language\" "
	    "content=\"fr, en\"><meta name=\"twitter:image\" "
	    "content=\"https://img.example.com/t.png\"></head><body>"
	    "<p>Par <a rel=\"author\" href=\"/a\">Marie Curie</a></p>" PARA
	    "</body></html>",
	    "fr", "Marie Curie", "https://img.example.com/t.png");
	meta_case("class byline with By, JSON-LD image and author string",
	    "<html><head><script type=\"application/ld+json\">"
	    "{\"@type\":\"Article\",\"image\":{\"url\":\"/ld.jpg\"}}</script>"
	    "</head><body><div class=\"byline\">By Jane Doe</div>" PARA
	    "</body></html>",
	    NULL, "Jane Doe", "https://news.example.com/ld.jpg");
	meta_case("Chinese author label; small images are no lead",
	    "<html><body><h1>标题</h1><div>作者：王小明　来源：本站</div>"
	    "<div class=\"content\"><img src=\"/icon.png\" width=\"16\" "
	    "height=\"16\"><img src=\"/big.jpg\" width=\"600\">" PARA
	    "</div></body></html>",
	    NULL, "王小明", "https://news.example.com/big.jpg");
	meta_case("itemprop author with a trailing dash",
	    "<html><body><p><span itemprop=\"author\">Nicolas P. —</span>"
	    "</p>" PARA "</body></html>", NULL, "Nicolas P.", NULL);
	meta_case("javascript: image URLs are refused",
	    "<html><head><meta property=\"og:image\" "
	    "content=\"javascript:alert(1)\"></head><body>" PARA
	    "</body></html>", NULL, NULL, NULL);
}

static void
test_jsonld(void)
{
	struct article	 a;
	char		 d[32];

	t_ok(run("<html><head><script type=\"application/ld+json\">"
	    "{\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":[\"Thing\","
	    "\"NewsArticle\"],\"headline\":\"Graph\",\"author\":[{\"name\":"
	    "\"A\"},{\"name\":\"B\"}],\"articleBody\":\"First para of the "
	    "structured body, long enough to matter.\nSecond <para> & more "
	    "text, which is here.\n\nThird.\"}]}</script></head><body>"
	    "<div id=\"app\">Loading…</div></body></html>", NULL, &a) == 0,
	    "JSON-LD only: extracted");
	t_streq(a.title, "Graph", "JSON-LD only: headline from @graph");
	t_streq(a.byline, "A, B", "JSON-LD only: authors joined");
	t_streq(a.content_html, "<p>First para of the structured body, long "
	    "enough to matter.</p><p>Second &lt;para&gt; &amp; more text, "
	    "which is here.</p><p>Third.</p>",
	    "JSON-LD only: text body as escaped paragraphs, raw newlines "
	    "repaired");
	t_streq(a.text, "First para of the structured body, long enough to "
	    "matter.\n\nSecond <para> & more text, which is here.\n\nThird.",
	    "JSON-LD only: text");
	article_clear(&a);

	t_ok(run("<html><head><script type=\"application/ld+json\">"
	    "{\"@type\":\"Article\",\"articleBody\":\"<p>HTML body with a "
	    "<a href=\\\"/x\\\">link</a> and an <img src=\\\"/i.jpg\\\"> and "
	    "a script<script>alert(1)<\\/script>, all of it long enough "
	    "to win.</p>\",\"datePublished\":\"2025-02-11 15:49:32\"}"
	    "</script></head><body><p>Short teaser.</p></body></html>", NULL,
	    &a) == 0, "JSON-LD HTML body: extracted");
	t_streq(a.content_html, "<p>HTML body with a <a href=\"https://news."
	    "example.com/x\">link</a> and an <img src=\"https://news.example."
	    "com/i.jpg\"> and a script, all of it long enough to win.</p>",
	    "JSON-LD HTML body: sanitized, URLs resolved");
	t_streq(rfc3339(a.published, d), "2025-02-11T15:49:32Z",
	    "JSON-LD HTML body: date");
	article_clear(&a);

	t_ok(run("<html><head><script type=\"application/ld+json\">"
	    "{\"@type\":\"Article\",\"articleBody\":\"Summary only.\"}"
	    "</script></head><body><div class=\"post\">" PARA PARA
	    "<p>DOMTEXT, a third paragraph, also of some length, yes.</p>"
	    "</div></body></html>", NULL, &a) == 0,
	    "short JSON-LD body: extracted");
	t_ok(has(a.text, "DOMTEXT") && !has(a.text, "Summary only"),
	    "short JSON-LD body: the DOM pick wins");
	article_clear(&a);

	t_ok(run("<html><body><div id=\"__next\">Loading</div>"
	    "<script id=\"__NEXT_DATA__\" type=\"application/json\">"
	    "{\"props\":{\"pageProps\":{\"story\":{\"contentHtml\":"
	    "\"<p>STATEBODY paragraph one, long enough to count for "
	    "something here.</p><p>Paragraph two, which also has words, "
	    "several of them, in a row.</p><p>Paragraph three ends the "
	    "story, as stories end.</p>\",\"summary\":\"<p>SUMMARY</p>\"}}}}"
	    "</script></body></html>", NULL, &a) == 0,
	    "Next.js state: extracted");
	t_ok(has(a.text, "STATEBODY paragraph one") &&
	    has(a.text, "stories end.") && !has(a.text, "SUMMARY") &&
	    !has(a.text, "Loading"), "Next.js state: the content string");
	article_clear(&a);

	t_ok(run("<html><head><script type=\"application/ld+json\">"
	    "{not json at all</script><title>Fine</title></head><body>" PARA
	    "</body></html>", NULL, &a) == 0 && a.title != NULL &&
	    strcmp(a.title, "Fine") == 0, "broken JSON-LD is ignored");
	article_clear(&a);
}

/* s converted from UTF-8 to code, owned. */
static char *
encode(const char *s, const char *code)
{
	iconv_t	 cd;
	size_t	 inl = strlen(s), outl = inl * 2 + 1;
	char	*out = calloc(1, outl), *ip = (char *)s, *op = out;

	if ((cd = iconv_open(code, "UTF-8")) == (iconv_t)-1 || out == NULL)
		abort();
	if (iconv(cd, &ip, &inl, &op, &outl) == (size_t)-1)
		abort();
	iconv_close(cd);
	return out;
}

static void
test_charsets(void)
{
	static const char page_gbk[] =
	    "<html><head><meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=gb2312\"><title>朱镕基考察铁路"
	    "</title></head><body><p>记者从中国国家铁路集团有限公司获悉，"
	    "春运首日全国铁路发送旅客一千零五十万人次，同比增长。</p>"
	    "</body></html>";
	static const char page_plain[] =
	    "<html><head><title>颱風明日登陸</title></head><body><p>中央氣象署"
	    "表示，颱風預計明日上午在東部沿海登陸，花蓮、台東等縣市已宣布停班"
	    "停課。</p></body></html>";
	struct article	 a;
	char		*bytes;

	bytes = encode(page_gbk, "GBK");
	t_ok(run(bytes, NULL, &a) == 0, "GBK page: extracted");
	t_streq(a.title, "朱镕基考察铁路",
	    "GBK page labelled gb2312: GBK-only character decoded");
	t_ok(has(a.text, "春运首日全国铁路发送旅客"), "GBK page: text");
	article_clear(&a);
	t_ok(run(bytes, "ISO-8859-1", &a) == 0 &&
	    a.title != NULL && strcmp(a.title, "朱镕基考察铁路") == 0,
	    "GBK page: a Latin-1 server default does not beat the <meta>");
	article_clear(&a);
	free(bytes);

	bytes = encode(page_plain, "BIG5");
	t_ok(run(bytes, "big5", &a) == 0 && a.title != NULL &&
	    strcmp(a.title, "颱風明日登陸") == 0,
	    "Big5 page without <meta>: the HTTP charset");
	article_clear(&a);
	free(bytes);

	bytes = encode(page_gbk, "GBK");
	memcpy(strstr(bytes, "gb2312"), "utf-8 ", 6);
	t_ok(run(bytes, "GBK", &a) == 0 && a.title != NULL &&
	    strcmp(a.title, "朱镕基考察铁路") == 0,
	    "the HTTP charset outranks a wrong <meta>");
	article_clear(&a);
	free(bytes);
}

static void
test_errors(void)
{
	struct article	 a;
	struct buf	 b = BUF_INIT;
	char		 err[256] = "";
	size_t		 i;

	t_ok(extract_article("  \n", 3, NULL, NULL, NULL, &a, err,
	    sizeof(err)) == -1, "blank page: -1");
	t_streq(err, "empty page", "blank page: message");
	t_ok(a.title == NULL && a.published == DATE_NONE,
	    "failure leaves out cleared");
	t_ok(extract_article("x", EXTRACT_MAX_SIZE + 1, NULL, NULL, NULL, &a,
	    err, sizeof(err)) == -1 && strncmp(err, "page too large", 14) == 0,
	    "too large: refused before reading");

	t_ok(run("<p>just one short line</p>", NULL, &a) == 0,
	    "a fragment: extracted");
	t_streq(a.text, "just one short line", "a fragment: its text");
	t_streq(a.title, NULL, "a fragment: no title");
	article_clear(&a);

	/* Nesting far past what recursion would survive. */
	for (i = 0; i < 100000; i++)
		buf_addstr(&b, "<div class=\"x\">");
	buf_addstr(&b, "<p>Deep text, with a comma, long enough to be a "
	    "paragraph.</p>");
	t_ok(run(b.data, NULL, &a) == 0, "deep nesting: no crash");
	article_clear(&a);
	buf_reset(&b);
	for (i = 0; i < 20000; i++)
		buf_addstr(&b, "<p>para, with text, enough of it to score.</p>");
	t_ok(run(b.data, NULL, &a) == 0 && has(a.text, "para, with text"),
	    "many paragraphs");
	article_clear(&a);
	buf_free(&b);

	t_ok(extract_article("\xff\xfe<\0p\0>\0h\0i\0", 12, NULL, NULL,
	    NULL, &a, err, sizeof(err)) == 0 && a.text != NULL &&
	    strcmp(a.text, "hi") == 0, "UTF-16LE with a BOM");
	article_clear(&a);
}

int
main(void)
{
	test_keeps_and_drops();
	test_titles();
	test_dates();
	test_meta();
	test_jsonld();
	test_charsets();
	test_errors();
	return t_done();
}
