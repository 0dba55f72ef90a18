/*
 * test_atom.c - unit tests for atom.c: the exact bytes of a small Atom
 * feed and an OPML list, the entry id rule, hostile text that must still
 * give well-formed XML (checked by parsing it back with libxml2), RFC 4287
 * required elements, and the tag slug table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "atom.h"
#include "buf.h"
#include "feed.h"
#include "t.h"

#define ATOM_NS	"http://www.w3.org/2005/Atom"
#define HASH	"bc7ad374981a44c1bf5e82791dc35304e2252c32b249c749c3f03815b7efe4c3"
#define T0	1739260172	/* 2025-02-11T07:49:32Z */
#define T1	1739347200	/* 2025-02-12T08:00:00Z */

static const struct atom_meta meta = {
	"http://localhost:8080/atom.xml", "My feeds",
	"http://localhost:8080/atom.xml", "http://localhost:8080/", "0.1.0",
	T1
};

static void
view_init(struct entry_view *v)
{
	memset(v, 0, sizeof(*v));
	v->url_hash = HASH;
	v->published = DATE_NONE;
	v->updated = DATE_NONE;
}

/* The document for n entries, or NULL when the writer failed. */
static char *
render(const struct atom_meta *m, const struct entry_view *v, size_t n)
{
	struct atom_writer	*w;
	struct buf		 b = BUF_INIT;
	size_t			 i;

	if ((w = atom_begin(m)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (atom_add(w, &v[i]) == -1) {
			atom_abort(w);
			return NULL;
		}
	if (atom_finish(w, &b) == -1) {
		buf_free(&b);
		return NULL;
	}
	return buf_release(&b);
}

static xmlDocPtr
parse(const char *s)
{
	if (s == NULL)
		return NULL;
	return xmlReadMemory(s, (int)strlen(s), "test.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* string(expr) on the document, with a: bound to Atom; owned. */
static char *
xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 o;
	char			*s = NULL;

	if (doc == NULL)
		return NULL;
	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "a", BAD_CAST ATOM_NS);
	xmlXPathRegisterNs(ctx, BAD_CAST "media",
	    BAD_CAST "http://search.yahoo.com/mrss/");
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	if (o != NULL && o->type == XPATH_STRING)
		s = strdup((const char *)o->stringval);
	else if (o != NULL && o->type == XPATH_NUMBER)
		if (asprintf(&s, "%g", o->floatval) == -1)
			s = NULL;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return s;
}

static void
check_xpath(xmlDocPtr doc, const char *expr, const char *want,
    const char *what)
{
	char	*got;

	got = xpath(doc, expr);
	t_streq(got, want, what);
	free(got);
}

static const char golden_feed[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<feed xmlns=\"http://www.w3.org/2005/Atom\" "
    "xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
"  <id>http://localhost:8080/atom.xml</id>\n"
"  <title type=\"text\">My feeds</title>\n"
"  <updated>2025-02-12T08:00:00Z</updated>\n"
"  <link rel=\"self\" type=\"application/atom+xml\" "
    "href=\"http://localhost:8080/atom.xml\"/>\n"
"  <link rel=\"alternate\" type=\"text/html\" "
    "href=\"http://localhost:8080/\"/>\n"
"  <author>\n"
"    <name>My feeds</name>\n"
"  </author>\n"
"  <generator version=\"0.1.0\">feedd</generator>\n"
"  <entry xml:lang=\"en\">\n"
"    <id>tag:example.org,2025:1</id>\n"
"    <title type=\"text\">Fish &amp; Chips &lt;3</title>\n"
"    <link rel=\"alternate\" type=\"text/html\" "
    "href=\"https://example.org/x?a=1&amp;b=2\"/>\n"
"    <published>2025-02-11T07:49:32Z</published>\n"
"    <updated>2025-02-12T08:00:00Z</updated>\n"
"    <author>\n"
"      <name>Alice</name>\n"
"      <email>alice@example.org</email>\n"
"      <uri>https://alice.example/</uri>\n"
"    </author>\n"
"    <summary type=\"text\">Short &quot;text&quot;.</summary>\n"
"    <content type=\"html\">&lt;p&gt;Hello &amp;amp; bye&lt;/p&gt;</content>\n"
"    <category term=\"food\"/>\n"
"    <media:thumbnail url=\"https://example.org/t.jpg\"/>\n"
"    <source>\n"
"      <id>https://example.org/feed.xml</id>\n"
"      <title type=\"text\">Example</title>\n"
"      <link rel=\"self\" href=\"https://example.org/feed.xml\"/>\n"
"      <link rel=\"alternate\" type=\"text/html\" "
    "href=\"https://example.org/\"/>\n"
"    </source>\n"
"  </entry>\n"
"  <entry>\n"
"    <id>urn:sha256:" HASH "</id>\n"
"    <title type=\"text\">(untitled)</title>\n"
"    <updated>2025-02-12T08:00:00Z</updated>\n"
"    <content type=\"text\"></content>\n"
"  </entry>\n"
"</feed>\n";

static void
test_golden(void)
{
	struct entry_view	 v[2];
	struct person		 alice = { "Alice", "alice@example.org",
	    "https://alice.example/" };
	const char		*tags[] = { "food" };
	char			*got, *again;

	view_init(&v[0]);
	v[0].id = "tag:example.org,2025:1";
	v[0].url = "https://example.org/x?a=1&b=2";
	v[0].title = "Fish & Chips <3";
	v[0].summary = "Short \"text\".";
	v[0].content = "<p>Hello &amp; bye</p>";
	v[0].thumbnail = "https://example.org/t.jpg";
	v[0].lang = "en";
	v[0].published = T0;
	v[0].updated = T1;
	v[0].authors = &alice;
	v[0].nauthors = 1;
	v[0].tags = tags;
	v[0].ntags = 1;
	v[0].source_url = "https://example.org/feed.xml";
	v[0].source_title = "Example";
	v[0].source_site = "https://example.org/";
	view_init(&v[1]);

	got = render(&meta, v, 2);
	t_streq(got, golden_feed, "golden: exact bytes of a two-entry feed");
	again = render(&meta, v, 2);
	t_streq(again, got, "golden: same input, same bytes");
	free(got);
	free(again);
}

static void
test_empty_feed(void)
{
	struct atom_meta	 m = meta;
	xmlDocPtr		 doc;
	char			*s;

	m.alt_url = NULL;
	m.generator_version = NULL;
	s = render(&m, NULL, 0);
	t_ok(s != NULL && strstr(s, "rel=\"alternate\"") == NULL,
	    "empty feed: no alternate link when none given");
	t_ok(s != NULL && strstr(s, "<generator>feedd</generator>") != NULL,
	    "empty feed: generator without version");
	doc = parse(s);
	t_ok(doc != NULL, "empty feed: well-formed");
	check_xpath(doc, "count(/a:feed/a:entry)", "0", "empty feed: no entry");
	check_xpath(doc, "string(/a:feed/a:updated)", "2025-02-12T08:00:00Z",
	    "empty feed: updated from meta");
	xmlFreeDoc(doc);
	free(s);

	t_ok(atom_add(NULL, NULL) == -1, "atom_add(NULL) fails");
	t_ok(atom_finish(NULL, NULL) == -1, "atom_finish(NULL) fails");
	atom_abort(NULL);

	/* Into an empty buffer it hands over the document; else appends. */
	s = render(&m, NULL, 0);
	{
		struct atom_writer	*w = atom_begin(&m);
		struct buf		 b = BUF_INIT;

		buf_addstr(&b, "<!-- before -->");
		t_ok(w != NULL && atom_finish(w, &b) == 0 && s != NULL &&
		    strncmp(b.data, "<!-- before -->", 15) == 0 &&
		    strcmp(b.data + 15, s) == 0,
		    "atom_finish appends to what the buffer holds");
		buf_free(&b);
	}
	free(s);
}

struct id_case {
	const char	*id;
	const char	*want;	/* NULL: the urn:sha256: form */
};

static const struct id_case id_cases[] = {
	{ "tag:example.org,2025:post-1", "tag:example.org,2025:post-1" },
	{ "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
	  "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a" },
	{ "http://example.org/?p=12", "http://example.org/?p=12" },
	{ "https://例子.中国/文章/1", "https://例子.中国/文章/1" },
	{ "x-custom+v1.2:abc", "x-custom+v1.2:abc" },
	{ "12345", NULL },
	{ "/posts/12", NULL },
	{ "post-12", NULL },
	{ "", NULL },
	{ NULL, NULL },
	{ ":nothing", NULL },
	{ "1http://x", NULL },
	{ "http:", NULL },
	{ "http://exa mple.org/", NULL },
	{ "http://example.org/\ta", NULL },
	{ "http://example.org/\x01", NULL },
	{ "http://example.org/<script>", NULL },
	{ "http://example.org/\xff", NULL },
	{ "http://example.org/\xc2\xa0", NULL },	/* NBSP */
	{ "http://example.org/\xe3\x80\x80", NULL },	/* U+3000 */
	{ "C:\\Users\\feed", NULL },
	{ "{guid}", NULL },
};

static void
test_ids(void)
{
	struct entry_view	 v;
	xmlDocPtr		 doc;
	char			*s, name[160];
	const char		*want;
	size_t			 i;

	for (i = 0; i < sizeof(id_cases) / sizeof(id_cases[0]); i++) {
		view_init(&v);
		v.id = id_cases[i].id;
		v.url = "https://example.org/x";
		want = id_cases[i].want ? id_cases[i].want :
		    "urn:sha256:" HASH;
		s = render(&meta, &v, 1);
		doc = parse(s);
		snprintf(name, sizeof(name), "id: case %zu kept %s", i,
		    id_cases[i].want ? "as given" : "as urn:sha256:");
		check_xpath(doc, "string(/a:feed/a:entry/a:id)", want, name);
		xmlFreeDoc(doc);
		free(s);
	}

	/* Without a usable url_hash the urn comes from the URL's hash. */
	view_init(&v);
	v.url_hash = "not-a-hash";
	v.url = "https://example.org/x";
	s = render(&meta, &v, 1);
	doc = parse(s);
	check_xpath(doc, "string(/a:feed/a:entry/a:id)", "urn:sha256:" HASH,
	    "id: bad url_hash falls back to sha256 of the url");
	xmlFreeDoc(doc);
	free(s);
}

static void
test_hostile_text(void)
{
	struct entry_view	 v;
	struct person		 p = { "Bob\x02 \xc3", "b\x1b@x.org",
	    "javascript\x01:x" };
	const char		*tags[] = { "bad\x0b\xfftag", "", "  " };
	xmlDocPtr		 doc;
	char			*s;

	view_init(&v);
	v.id = "tag:x,2025:\x01";
	v.url = "https://example.org/\x7f";
	v.title = "A\x01" "B\x08" "C\x0c\x1f \xff\xfe end ]]> & <x>";
	v.summary = "tab\there\r\nnew\xef\xbf\xbe";	/* U+FFFE */
	v.content = "<p>\xed\xa0\x80 surrogate</p>";
	v.thumbnail = "https://example.org/\"onerror=\"x";
	v.lang = "en\"><x";
	v.published = T0;
	v.authors = &p;
	v.nauthors = 1;
	v.tags = tags;
	v.ntags = 3;
	v.source_url = "https://example.org/feed\x01";
	v.source_title = "Src\x03";
	s = render(&meta, &v, 1);
	t_ok(s != NULL, "hostile: writer succeeds");
	doc = parse(s);
	t_ok(doc != NULL, "hostile: output is well-formed XML");
	check_xpath(doc, "string(/a:feed/a:entry/a:title)",
	    "ABC \xef\xbf\xbd\xef\xbf\xbd end ]]> & <x>",
	    "hostile: controls dropped, bad bytes become U+FFFD");
	check_xpath(doc, "string(/a:feed/a:entry/a:summary)",
	    "tab\there\r\nnew", "hostile: TAB/CR/LF kept (CR as &#13;), "
	    "U+FFFE dropped");
	check_xpath(doc, "string(/a:feed/a:entry/a:content)",
	    "<p>\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd surrogate</p>",
	    "hostile: encoded surrogate repaired");
	check_xpath(doc, "string(/a:feed/a:entry/a:id)", "urn:sha256:" HASH,
	    "hostile: id with a control character replaced");
	check_xpath(doc, "count(/a:feed/a:entry/a:link)", "0",
	    "hostile: url with DEL is not linked");
	check_xpath(doc, "string(/a:feed/a:entry/a:content/@type)", "html",
	    "hostile: content kept");
	check_xpath(doc, "count(/a:feed/a:entry/media:thumbnail)", "0",
	    "hostile: thumbnail with a quote dropped");
	check_xpath(doc, "count(/a:feed/a:entry/@xml:lang)", "0",
	    "hostile: bad xml:lang dropped");
	check_xpath(doc, "string(/a:feed/a:entry/a:author/a:name)",
	    "Bob \xef\xbf\xbd", "hostile: author name cleaned");
	check_xpath(doc, "string(/a:feed/a:entry/a:author/a:email)",
	    "b@x.org", "hostile: author email cleaned");
	check_xpath(doc, "count(/a:feed/a:entry/a:author/a:uri)", "0",
	    "hostile: author uri that is no IRI dropped");
	check_xpath(doc, "count(/a:feed/a:entry/a:category)", "1",
	    "hostile: blank tags skipped");
	check_xpath(doc, "string(/a:feed/a:entry/a:category/@term)",
	    "bad\xef\xbf\xbdtag",
	    "hostile: tag cleaned");
	check_xpath(doc, "count(/a:feed/a:entry/a:source/a:id)", "0",
	    "hostile: source without a valid id");
	check_xpath(doc, "string(/a:feed/a:entry/a:source/a:title)", "Src",
	    "hostile: source title cleaned");
	xmlFreeDoc(doc);
	free(s);

	/* White space and markup in attribute values survive a reader. */
	tags[0] = "a\tb\nc\r\"<>&'d";
	tags[1] = "\xe7\xa7\x91\xe6\x8a\x80";
	v.ntags = 2;
	s = render(&meta, &v, 1);
	t_ok(s != NULL && strstr(s, "<category term=\"a&#9;b&#10;c&#13;"
	    "&quot;&lt;&gt;&amp;'d\"/>") != NULL &&
	    strstr(s, "<category term=\"\xe7\xa7\x91\xe6\x8a\x80\"/>") != NULL,
	    "attribute: TAB/LF/CR as references, markup escaped, UTF-8 as is");
	doc = parse(s);
	check_xpath(doc, "string(/a:feed/a:entry/a:category[1]/@term)",
	    "a\tb\nc\r\"<>&'d", "attribute: read back unchanged");
	xmlFreeDoc(doc);
	free(s);
}

static void
test_chinese(void)
{
	struct entry_view	 v;
	const char		*tags[] = { "人工智能", "科技" };
	xmlDocPtr		 doc;
	char			*s;

	view_init(&v);
	v.id = "https://news.example.cn/2025/02/11/人工智能.html";
	v.url = "https://news.example.cn/2025/02/11/a.html";
	v.title = "中国人工智能产业发展报告";
	v.summary = "摘要：人工智能。";
	v.lang = "zh-Hans-CN";
	v.published = T0;
	v.tags = tags;
	v.ntags = 2;
	v.source_url = "https://news.example.cn/rss.xml";
	v.source_title = "新闻";
	s = render(&meta, &v, 1);
	t_ok(s != NULL && strstr(s, "中国人工智能产业发展报告") != NULL,
	    "chinese: title written as UTF-8, not as character references");
	doc = parse(s);
	check_xpath(doc, "string(/a:feed/a:entry/a:title)",
	    "中国人工智能产业发展报告", "chinese: title");
	check_xpath(doc, "string(/a:feed/a:entry/a:id)",
	    "https://news.example.cn/2025/02/11/人工智能.html",
	    "chinese: IRI id kept");
	check_xpath(doc, "string(/a:feed/a:entry/a:category[2]/@term)", "科技",
	    "chinese: second tag");
	check_xpath(doc, "string(/a:feed/a:entry/@xml:lang)", "zh-Hans-CN",
	    "chinese: xml:lang");
	check_xpath(doc, "string(/a:feed/a:entry/a:source/a:title)", "新闻",
	    "chinese: source title");
	check_xpath(doc, "string(/a:feed/a:entry/a:updated)",
	    "2025-02-11T07:49:32Z", "chinese: updated falls back to published");
	xmlFreeDoc(doc);
	free(s);
}

static void
test_authors(void)
{
	struct entry_view	 v;
	struct person		 p[4] = {
		{ NULL, "only@mail.org", NULL },
		{ NULL, NULL, "https://no.name/" },
		{ "  ", NULL, NULL },
		{ "Carol", NULL, "relative/uri" },
	};
	xmlDocPtr		 doc;
	char			*s;

	view_init(&v);
	v.url = "https://example.org/x";
	v.published = T0;
	v.authors = p;
	v.nauthors = 4;
	s = render(&meta, &v, 1);
	doc = parse(s);
	check_xpath(doc, "count(/a:feed/a:entry/a:author)", "4",
	    "authors: one element per person");
	check_xpath(doc, "string(/a:feed/a:entry/a:author[1]/a:name)",
	    "only@mail.org", "authors: email stands in for the name");
	check_xpath(doc, "string(/a:feed/a:entry/a:author[1]/a:email)",
	    "only@mail.org", "authors: email kept");
	check_xpath(doc, "string(/a:feed/a:entry/a:author[2]/a:name)",
	    "unknown", "authors: no name, no email: unknown");
	check_xpath(doc, "string(/a:feed/a:entry/a:author[2]/a:uri)",
	    "https://no.name/", "authors: uri kept");
	check_xpath(doc, "string(/a:feed/a:entry/a:author[3]/a:name)",
	    "unknown", "authors: blank name is no name");
	check_xpath(doc, "count(/a:feed/a:entry/a:author[4]/a:uri)", "0",
	    "authors: relative uri dropped");
	check_xpath(doc, "count(/a:feed/a:entry/a:author[a:name = ''])", "0",
	    "authors: no empty name");
	xmlFreeDoc(doc);
	free(s);
}

/* RFC 4287's required elements, on a feed of mixed entries. */
static void
test_structure(void)
{
	struct entry_view	 v[50];
	char			 title[32];
	xmlDocPtr		 doc;
	char			*s;
	size_t			 i;

	for (i = 0; i < 50; i++) {
		view_init(&v[i]);
		if (i % 3 == 0)
			v[i].url = "https://example.org/a";
		if (i % 5 == 0)
			v[i].content = "<p>x</p>";
		if (i % 2 == 0)
			v[i].published = T0 + (int64_t)i;
		if (i % 7 == 0)
			v[i].title = "t";
	}
	v[49].published = INT64_MAX;	/* beyond year 9999 */
	v[48].updated = -99999999999LL;	/* before year 1 */
	s = render(&meta, v, 50);
	doc = parse(s);
	t_ok(doc != NULL, "structure: 50 entries well-formed");
	check_xpath(doc, "count(/a:feed/a:id)", "1", "structure: feed id");
	check_xpath(doc, "count(/a:feed/a:title)", "1", "structure: feed title");
	check_xpath(doc, "count(/a:feed/a:updated)", "1",
	    "structure: feed updated");
	check_xpath(doc, "count(/a:feed/a:author/a:name)", "1",
	    "structure: feed author for entries without one");
	check_xpath(doc, "count(/a:feed/a:entry)", "50", "structure: entries");
	check_xpath(doc, "count(/a:feed/a:entry[count(a:id) = 1 and "
	    "count(a:title) = 1 and count(a:updated) = 1])", "50",
	    "structure: every entry has one id, title and updated");
	check_xpath(doc, "count(/a:feed/a:entry[not(a:content) and "
	    "not(a:link[@rel = 'alternate'])])", "0",
	    "structure: content or an alternate link everywhere");
	check_xpath(doc, "count(/a:feed/a:entry/a:updated[string-length() "
	    "!= 20])", "0", "structure: all dates in RFC 3339 UTC form");
	check_xpath(doc, "count(/a:feed/a:entry[50]/a:published)", "0",
	    "structure: out-of-range date not written");
	check_xpath(doc, "string(/a:feed/a:entry[49]/a:updated)",
	    "2025-02-11T07:50:20Z", "structure: bad updated falls back");
	snprintf(title, sizeof(title), "%s", "(untitled)");
	check_xpath(doc, "string(/a:feed/a:entry[2]/a:title)", title,
	    "structure: untitled");
	xmlFreeDoc(doc);
	free(s);
}

static const char golden_opml[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<opml version=\"2.0\">\n"
"  <head>\n"
"    <title>My &lt;feeds&gt;</title>\n"
"  </head>\n"
"  <body>\n"
"    <outline type=\"rss\" text=\"A &amp; B\" title=\"A &amp; B\" "
    "xmlUrl=\"https://a.example/feed?x=1&amp;y=2\" "
    "htmlUrl=\"https://a.example/\"/>\n"
"    <outline type=\"rss\" text=\"https://b.example/rss\" "
    "xmlUrl=\"https://b.example/rss\"/>\n"
"    <outline type=\"rss\" text=\"新闻 &quot;今日&quot;\" "
    "title=\"新闻 &quot;今日&quot;\" xmlUrl=\"https://c.example/\"/>\n"
"  </body>\n"
"</opml>\n";

static void
test_opml(void)
{
	struct store_feed	 f[4];
	struct buf		 b = BUF_INIT;
	xmlDocPtr		 doc;

	memset(f, 0, sizeof(f));
	f[0].url = "https://a.example/feed?x=1&y=2";
	f[0].title = "A & B";
	f[0].site_url = "https://a.example/";
	f[1].url = "https://b.example/rss";
	f[1].title = " ";
	f[2].url = "https://c.example/";
	f[2].title = "新闻 \"今日\"\x01";
	/* f[3] has no URL: nothing to subscribe to. */
	t_ok(opml_write(f, 4, "My <feeds>", &b) == 0, "opml: writes");
	t_streq(buf_cstr(&b), golden_opml, "opml: exact bytes");
	doc = parse(buf_cstr(&b));
	t_ok(doc != NULL, "opml: well-formed");
	xmlFreeDoc(doc);
	buf_reset(&b);
	t_ok(opml_write(NULL, 0, NULL, &b) == 0 &&
	    strstr(buf_cstr(&b), "<title>feedd</title>") != NULL &&
	    strstr(buf_cstr(&b), "<body/>") != NULL,
	    "opml: empty list, default title");
	buf_free(&b);
}

struct slug_case {
	const char	*tag;
	const char	*want;
};

static const char long_a[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

static const struct slug_case slug_cases[] = {
	{ "C++", "c" },
	{ "C#", "c" },
	{ "Machine Learning", "machine-learning" },
	{ "  spaced   out  ", "spaced-out" },
	{ "UPPER lower 42", "upper-lower-42" },
	{ "Node.js", "node-js" },
	{ "x86_64", "x86-64" },
	{ "2024", "2024" },
	{ "人工智能", "人工智能" },
	{ "人工智能，机器学习", "人工智能-机器学习" },	/* U+FF0C */
	{ "中文（简体）", "中文-简体" },		/* U+FF08, U+FF09 */
	{ "新闻：今日！", "新闻-今日" },		/* U+FF1A, U+FF01 */
	{ "中国、日本。", "中国-日本" },		/* U+3001, U+3002 */
	{ "\xe2\x80\x9cquoted\xe2\x80\x9d", "quoted" },	/* U+201C/D */
	{ "Café Crème", "café-crème" },
	{ "Привет мир", "Привет-мир" },
	{ "a\xc2\xa0" "b", "a-b" },			/* NBSP */
	{ "a\xc2\xbf" "b", "a-b" },			/* inverted ? */
	{ "🚀 Rocket", "rocket" },
	{ "I \xe2\x9d\xa4\xef\xb8\x8f Rust", "i-rust" },	/* heart + VS16 */
	{ "../etc/passwd", "etc-passwd" },
	{ "..\\..\\windows", "windows" },
	{ "a/b", "a-b" },
	{ "a\tb\nc\x01" "d", "a-b-c-d" },
	{ "a\xff" "b", "a-b" },				/* invalid UTF-8 */
	{ "a\xe4\xb8", "a" },				/* truncated */
	{ ".", "tag-cdb4ee2aea69" },
	{ "..", "tag-5ec1f7e700f3" },
	{ "", "tag-e3b0c44298fc" },
	{ NULL, "tag-e3b0c44298fc" },
	{ "---", "tag-cb3f91d54eee" },
	{ "///", "tag-732c4e971163" },
	{ "🚀", "tag-ebbc0b2870eb" },
	{ "！？", "tag-06e4166c9a86" },
};

static void
test_slug(void)
{
	struct buf	 b = BUF_INIT;
	char		*s, name[128];
	size_t		 i;

	for (i = 0; i < sizeof(slug_cases) / sizeof(slug_cases[0]); i++) {
		s = tag_slug(slug_cases[i].tag);
		snprintf(name, sizeof(name), "slug: case %zu -> %s", i,
		    slug_cases[i].want);
		t_streq(s, slug_cases[i].want, name);
		free(s);
	}

	/* 146 bytes of 'a': cut to 100. */
	s = tag_slug(long_a);
	t_ok(strlen(s) == 100 && strspn(s, "a") == 100,
	    "slug: long ASCII cut at 100 bytes");
	free(s);

	/* 99 'a' then " bc": the '-' and 'b' would pass 100; no '-' left. */
	buf_add(&b, long_a, 99);
	buf_addstr(&b, " bc");
	s = tag_slug(buf_cstr(&b));
	t_ok(strlen(s) == 99 && s[98] == 'a', "slug: no trailing '-' at the cut");
	free(s);

	/* 40 x U+4E2D (3 bytes each): 33 characters, 99 bytes. */
	buf_reset(&b);
	for (i = 0; i < 40; i++)
		buf_addstr(&b, "中");
	s = tag_slug(buf_cstr(&b));
	t_ok(strlen(s) == 99 && strncmp(s, buf_cstr(&b), 99) == 0,
	    "slug: long CJK cut at a character boundary");
	free(s);

	/* 'a' then 40 x U+4E2D: 1 + 33 * 3 = 100 bytes exactly. */
	buf_reset(&b);
	buf_addc(&b, 'a');
	for (i = 0; i < 40; i++)
		buf_addstr(&b, "中");
	s = tag_slug(buf_cstr(&b));
	t_ok(strlen(s) == 100, "slug: fills exactly 100 bytes");
	free(s);
	buf_free(&b);
}

int
main(void)
{
	test_golden();
	test_empty_feed();
	test_ids();
	test_hostile_text();
	test_chinese();
	test_authors();
	test_structure();
	test_opml();
	test_slug();
	xmlCleanupParser();
	return t_done();
}
