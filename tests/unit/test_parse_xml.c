/*
 * test_parse_xml.c - parse_xml() on small RSS/RDF/Atom documents: each
 * case lists the raw fields it must produce (or the exact error), by name,
 * so a failing check says which field of which entry went wrong.  Then
 * the hostile and the big: entity bombs, XXE, deep nesting, 100,000
 * entries, a 10 MB title.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "feed.h"
#include "parse_int.h"
#include "t.h"
#include "docfield.h"

#define XMLDECL	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define NS_ATOM	"http://www.w3.org/2005/Atom"
#define NS_A03	"http://purl.org/atom/ns#"
#define NS_RDF	"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS1	"http://purl.org/rss/1.0/"
#define NS_RSS09 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC	"http://purl.org/dc/elements/1.1/"
#define NS_DCT	"http://purl.org/dc/terms/"
#define NS_CONT	"http://purl.org/rss/1.0/modules/content/"
#define NS_ITS	"http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_MRSS	"http://search.yahoo.com/mrss/"
#define NS_FB	"http://rssnamespace.org/feedburner/ext/1.0"
#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_SY	"http://purl.org/rss/1.0/modules/syndication/"
#define BASE	"https://example.org/feed.xml"

/*
 * The big inputs print their time as a diagnostic only: speed is measured
 * by the benchmarks, never asserted in a test.
 */

struct tcase {
	const char	*name;
	const char	*xml;
	const char	*base;
	const char	*err;	/* non-NULL: must fail with exactly this */
	const struct exp *exps;	/* ends with a NULL field */
};

/* ---- RSS 2.0, the full kitchen sink ---------------------------------- */

static const struct exp rss20_exps[] = {
	{ DOC, "format", "rss2" },
	{ DOC, "title", "Example News" },
	{ DOC, "title.kind", "guess" },
	{ DOC, "title.base", BASE },
	{ DOC, "link", "https://example.org/" },
	{ DOC, "id", NULL },
	{ DOC, "updated", "Tue, 11 Feb 2025 08:00:00 GMT" },
	{ DOC, "lang", "en-us" },
	{ DOC, "nauthors", "1" },
	{ DOC, "author0.name", "The Desk" },
	{ DOC, "nentries", "4" },
	{ 0, "title", " First  post " },
	{ 0, "link", "https://example.org/posts/1?a=1&b=2" },
	{ 0, "id", "https://example.org/?p=1" },
	{ 0, "summary", "<p>The <b>summary</b> &amp; more</p>" },
	{ 0, "summary.kind", "html" },
	{ 0, "summary.base", BASE },
	{ 0, "content", "<p>Full text with <a href=\"/x\">a link</a>.</p>" },
	{ 0, "content.kind", "html" },
	{ 0, "published", "Tue, 11 Feb 2025 07:49:32 GMT" },
	{ 0, "updated", NULL },
	{ 0, "lang", NULL },
	{ 0, "nauthors", "2" },
	{ 0, "author0.name", "Jane Roe" },
	{ 0, "author0.email", NULL },
	{ 0, "author1.name", "Richard Roe" },
	{ 0, "tags", "News|World Affairs|politics" },
	{ 0, "nenc", "1" },
	{ 0, "enc0.url", "https://example.org/audio/1.mp3" },
	{ 0, "enc0.type", "audio/mpeg" },
	{ 0, "enc0.length", "12345678" },
	{ 0, "media_thumbnail", "https://example.org/img/1-thumb.jpg" },
	{ 0, "media_image", NULL },
	{ 1, "id", "https://example.org/?p=2" },
	{ 1, "link", "https://example.org/?p=2" },
	{ 1, "title", "Second: guid is the link" },
	{ 1, "author0.name", "John Doe" },
	{ 1, "author0.email", "john@example.com" },
	{ 1, "enc0.length", "-1" },
	{ 1, "enc0.url", "https://example.org/audio/2.mp3" },
	{ 2, "id", "urn:uuid:3" },
	{ 2, "link", NULL },
	{ 2, "author0.name", NULL },
	{ 2, "author0.email", "editor@example.com" },
	{ 2, "published", "2025-02-10T09:00:00Z" },
	{ 3, "id", "https://example.org/?p=4" },
	{ 3, "link", NULL },
	{ 3, "title", "Not a permalink" },
	{ 3, "author0.name", "Jo Bloggs" },
	{ 3, "author0.email", "jo@example.com" },
	{ 3, "nenc", "0" },
	{ -1, NULL, NULL }
};

static const char rss20_xml[] = XMLDECL
"<rss version=\"2.0\" xmlns:dc=\"" NS_DC "\" xmlns:content=\"" NS_CONT "\""
" xmlns:media=\"" NS_MRSS "\">\n"
"<channel>\n"
" <title>Example News</title>\n"
" <link> https://example.org/ </link>\n"
" <description>All the news</description>\n"
" <language>en-us</language>\n"
" <pubDate>Mon, 10 Feb 2025 08:00:00 GMT</pubDate>\n"
" <lastBuildDate>Tue, 11 Feb 2025 08:00:00 GMT</lastBuildDate>\n"
" <dc:creator>The Desk</dc:creator>\n"
" <image><title>Logo title</title><url>https://example.org/logo.png</url>"
"<link>https://example.org/logo</link></image>\n"
" <item>\n"
"  <title> First  post </title>\n"
"  <link>\n   https://example.org/posts/1?a=1&amp;b=2\n  </link>\n"
"  <guid isPermaLink=\"true\">https://example.org/?p=1</guid>\n"
"  <description>&lt;p&gt;The &lt;b&gt;summary&lt;/b&gt; &amp;amp; more"
"&lt;/p&gt;</description>\n"
"  <content:encoded><![CDATA[<p>Full text with <a href=\"/x\">a link</a>."
"</p>]]></content:encoded>\n"
"  <pubDate>Tue, 11 Feb 2025 07:49:32 GMT</pubDate>\n"
"  <dc:creator>Jane Roe</dc:creator>\n"
"  <dc:creator>Richard Roe</dc:creator>\n"
"  <category>News</category>\n"
"  <category domain=\"x\"> World Affairs </category>\n"
"  <category>  </category>\n"
"  <dc:subject>politics</dc:subject>\n"
"  <enclosure url=\"/audio/1.mp3\" length=\"12345678\" type=\"audio/mpeg\"/>\n"
"  <media:thumbnail url=\"https://example.org/img/1-thumb.jpg\"/>\n"
"  <media:thumbnail url=\"https://example.org/img/1-other.jpg\"/>\n"
" </item>\n"
" <item>\n"
"  <title>Second: guid is the link</title>\n"
"  <guid>https://example.org/?p=2</guid>\n"
"  <author>john@example.com (John Doe)</author>\n"
"  <enclosure url=\"https://example.org/audio/2.mp3\" length=\"-5\""
" type=\"audio/mpeg\"/>\n"
" </item>\n"
" <item>\n"
"  <title>Third</title>\n"
"  <guid>urn:uuid:3</guid>\n"
"  <author>editor@example.com</author>\n"
"  <dc:date>2025-02-10T09:00:00Z</dc:date>\n"
" </item>\n"
" <item>\n"
"  <title>Not a permalink</title>\n"
"  <guid isPermaLink=\"false\">https://example.org/?p=4</guid>\n"
"  <author>Jo Bloggs &lt;jo@example.com&gt;</author>\n"
"  <enclosure type=\"audio/mpeg\" length=\"3\"/>\n"
" </item>\n"
"</channel>\n"
"</rss>\n";

/* ---- RSS 0.91 (Netscape DOCTYPE) and 0.92 ----------------------------- */

static const struct exp rss091_exps[] = {
	{ DOC, "format", "rss2" },
	{ DOC, "title", "Old School" },
	{ DOC, "link", "http://old.example.com/" },
	{ DOC, "lang", "en" },
	{ DOC, "nentries", "2" },
	{ 0, "title", "Caf\xc3\xa9 opens" },
	{ 0, "link", "http://old.example.com/cafe" },
	{ 0, "summary", "Coffee &amp; cake" },
	{ 0, "id", NULL },
	{ 1, "title", "Second" },
	{ 1, "summary", NULL },
	{ -1, NULL, NULL }
};

static const char rss091_xml[] = XMLDECL
"<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"\n"
" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n"
"<rss version=\"0.91\"><channel><title>Old School</title>"
"<link>http://old.example.com/</link><language>en</language>"
"<image><title>x</title><url>http://old.example.com/i.gif</url>"
"<link>http://old.example.com/img</link></image>"
"<item><title>Caf&#233; opens</title><link>http://old.example.com/cafe</link>"
"<description>Coffee &amp;amp; cake</description></item>"
"<item><title>Second</title><link>http://old.example.com/2</link></item>"
"<textInput><title>Search</title><link>http://old.example.com/s</link>"
"</textInput></channel></rss>";

static const struct exp rss092_exps[] = {
	{ DOC, "format", "rss2" },
	{ DOC, "title", "Point Nine Two" },
	{ DOC, "nentries", "1" },
	{ 0, "title", NULL },
	{ 0, "summary", "Only a description" },
	{ 0, "tags", "Music" },
	{ 0, "enc0.url", "http://example.com/song.mp3" },
	{ 0, "enc0.type", "audio/mpeg" },
	{ 0, "enc0.length", "5588242" },
	{ -1, NULL, NULL }
};

static const char rss092_xml[] =
"<rss version=\"0.92\"><channel><title>Point Nine Two</title>"
"<link>http://example.com/</link>"
"<item><description>Only a description</description>"
"<category domain=\"http://www.example.com/cats\">Music</category>"
"<source url=\"http://other.example/\">Other</source>"
"<enclosure url=\"http://example.com/song.mp3\" length=\"5588242\""
" type=\"audio/mpeg\" /></item></channel></rss>";

/* ---- RSS 1.0 and 0.90 (RDF) ------------------------------------------ */

static const struct exp rss10_exps[] = {
	{ DOC, "format", "rss1" },
	{ DOC, "title", "RDF Site" },
	{ DOC, "link", "https://rdf.example.org/" },
	{ DOC, "lang", "de" },
	{ DOC, "updated", "2025-02-11T10:00:00+01:00" },
	{ DOC, "nentries", "2" },
	{ 0, "id", "https://rdf.example.org/a" },
	{ 0, "link", "https://rdf.example.org/a" },
	{ 0, "title", "Erster Artikel" },
	{ 0, "summary", "Kurz" },
	{ 0, "content", "<p>Lang</p>" },
	{ 0, "published", "2025-02-11T09:00:00+01:00" },
	{ 0, "author0.name", "Max Mustermann" },
	{ 0, "tags", "Politik|Welt" },
	{ 0, "lang", "de-AT" },
	{ 1, "id", "https://rdf.example.org/b" },
	{ 1, "title", "Zweiter" },
	{ 1, "published", "2025-02-10" },
	{ 1, "lang", NULL },
	{ -1, NULL, NULL }
};

static const char rss10_xml[] = XMLDECL
"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns=\"" NS_RSS1 "\" xmlns:dc=\"" NS_DC
"\" xmlns:dcterms=\"" NS_DCT "\" xmlns:content=\"" NS_CONT "\">\n"
"<channel rdf:about=\"https://rdf.example.org/rss\">\n"
" <title>RDF Site</title><link>https://rdf.example.org/</link>\n"
" <description>d</description><dc:language>de</dc:language>\n"
" <dc:date>2025-02-11T10:00:00+01:00</dc:date>\n"
" <items><rdf:Seq><rdf:li rdf:resource=\"https://rdf.example.org/a\"/>"
"</rdf:Seq></items>\n"
"</channel>\n"
"<image rdf:about=\"https://rdf.example.org/i.png\"><title>Img</title>"
"<link>https://rdf.example.org/img</link></image>\n"
"<item rdf:about=\"https://rdf.example.org/a\">\n"
" <title>Erster Artikel</title><link>https://rdf.example.org/a</link>\n"
" <description>Kurz</description>\n"
" <content:encoded>&lt;p&gt;Lang&lt;/p&gt;</content:encoded>\n"
" <dc:date>2025-02-11T09:00:00+01:00</dc:date>\n"
" <dc:creator>Max Mustermann</dc:creator>\n"
" <dc:subject>Politik</dc:subject><dc:subject>Welt</dc:subject>\n"
" <dc:language>de-AT</dc:language>\n"
"</item>\n"
"<item rdf:about=\"https://rdf.example.org/b\">\n"
" <title>Zweiter</title><link>https://rdf.example.org/b</link>\n"
" <dcterms:created>2025-01-01</dcterms:created>\n"
" <dcterms:issued>2025-02-10</dcterms:issued>\n"
"</item>\n"
"</rdf:RDF>\n";

static const struct exp rss090_exps[] = {
	{ DOC, "format", "rss09" },
	{ DOC, "title", "Mozilla Dot Org" },
	{ DOC, "link", "http://www.mozilla.org/" },
	{ DOC, "nentries", "2" },
	{ 0, "title", "New Status Updates" },
	{ 0, "link", "http://www.mozilla.org/status/" },
	{ 0, "id", NULL },
	{ 1, "title", "Bugzilla Reorganized" },
	{ -1, NULL, NULL }
};

static const char rss090_xml[] =
"<?xml version=\"1.0\"?>\n"
"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns=\"" NS_RSS09 "\">\n"
"<channel><title>Mozilla Dot Org</title><link>http://www.mozilla.org</link>"
"<description>the Mozilla Organization web site</description></channel>\n"
"<image><title>Mozilla</title><url>http://www.mozilla.org/images/moz.gif"
"</url><link>http://www.mozilla.org</link></image>\n"
"<item><title>New Status Updates</title>"
"<link>http://www.mozilla.org/status/</link></item>\n"
"<item><title>Bugzilla Reorganized</title>"
"<link>http://www.mozilla.org/bugs/</link></item>\n"
"</rdf:RDF>";

/* RSS 0.90 namespace declared on the items only. */
static const struct exp rss090b_exps[] = {
	{ DOC, "format", "rss09" },
	{ DOC, "nentries", "1" },
	{ 0, "title", "T" },
	{ -1, NULL, NULL }
};

static const char rss090b_xml[] =
"<rdf:RDF xmlns:rdf=\"" NS_RDF "\"><item xmlns=\"" NS_RSS09 "\">"
"<title>T</title></item></rdf:RDF>";

/* ---- Atom 1.0 ---------------------------------------------------------- */

static const struct exp atom10_exps[] = {
	{ DOC, "format", "atom10" },
	{ DOC, "title", "Atom <Feed>" },
	{ DOC, "title.kind", "plain" },
	{ DOC, "title.base", "https://atom.example.org/blog/" },
	{ DOC, "link", "https://atom.example.org/blog/" },
	{ DOC, "id", "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6" },
	{ DOC, "updated", "2025-02-12T08:00:00Z" },
	{ DOC, "lang", "en" },
	{ DOC, "nauthors", "1" },
	{ DOC, "author0.name", "Feed Owner" },
	{ DOC, "author0.uri", "https://atom.example.org/blog/about" },
	{ DOC, "nentries", "3" },
	{ 0, "id", "tag:atom.example.org,2025:1" },
	{ 0, "link", "https://atom.example.org/blog/posts/1.html" },
	{ 0, "title", "Less: <em> &amp; friends" },
	{ 0, "title.kind", "html" },
	{ 0, "summary", "Plain & simple" },
	{ 0, "summary.kind", "plain" },
	{ 0, "content", "<p>Hi <b>there</b>, <a href=\"a?x=1&amp;y=2\">"
	    "link</a><br><img src=\"i.png\" alt=\"&quot;q&quot; &lt;3\">"
	    " 1 &lt; 2</p>" },
	{ 0, "content.kind", "xhtml" },
	{ 0, "content.base", "https://atom.example.org/blog/posts/" },
	{ 0, "published", "2025-02-11T07:49:32Z" },
	{ 0, "updated", "2025-02-12T07:00:00Z" },
	{ 0, "lang", "en" },
	{ 0, "nauthors", "1" },
	{ 0, "author0.name", "Ann Author" },
	{ 0, "author0.email", "ann@example.org" },
	{ 0, "author0.uri", "https://atom.example.org/ann/" },
	{ 0, "tags", "Label One|term2" },
	{ 0, "nenc", "1" },
	{ 0, "enc0.url", "https://atom.example.org/blog/posts/ep1.mp3" },
	{ 0, "enc0.type", "audio/mpeg" },
	{ 0, "enc0.length", "1000" },
	{ 1, "id", "tag:atom.example.org,2025:2" },
	{ 1, "link", "https://atom.example.org/other/2" },
	{ 1, "title", "Deutsch" },
	{ 1, "lang", "de" },
	{ 1, "content", "<p>plain text in html</p>" },
	{ 1, "content.kind", "html" },
	{ 1, "content.base", "https://atom.example.org/other/" },
	{ 1, "summary", NULL },
	{ 1, "published", NULL },
	{ 1, "nauthors", "0" },
	{ 2, "id", "tag:atom.example.org,2025:3" },
	{ 2, "content", NULL },
	{ 2, "title", "Source ignored" },
	{ 2, "link", "https://atom.example.org/blog/3" },
	{ 2, "updated", "2025-02-01T00:00:00Z" },
	{ 2, "summary", "A <b>summary</b>" },
	{ 2, "summary.kind", "xhtml" },
	{ -1, NULL, NULL }
};

static const char atom10_xml[] = XMLDECL
"<feed xmlns=\"" NS_ATOM "\" xml:lang=\"en\""
" xml:base=\"https://atom.example.org/blog/\">\n"
" <title type=\"text\">Atom &lt;Feed&gt;</title>\n"
" <link rel=\"self\" href=\"feed.atom\"/>\n"
" <link href=\"./\" type=\"text/html\"/>\n"
" <link rel=\"alternate\" type=\"application/pdf\" href=\"feed.pdf\"/>\n"
" <id>\n  urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6 </id>\n"
" <updated>2025-02-12T08:00:00Z</updated>\n"
" <author><name>Feed Owner</name><uri>about</uri></author>\n"
" <entry xml:base=\"posts/\">\n"
"  <title type=\"html\">Less: &lt;em&gt; &amp;amp; friends</title>\n"
"  <link rel=\"alternate\" type=\"application/json\" href=\"1.json\"/>\n"
"  <link rel=\"alternate\" type=\"text/html\" href=\"1.html\"/>\n"
"  <link rel=\"enclosure\" type=\"audio/mpeg\" length=\"1000\""
" href=\"ep1.mp3\"/>\n"
"  <link rel=\"replies\" href=\"1#comments\"/>\n"
"  <id>tag:atom.example.org,2025:1</id>\n"
"  <published>2025-02-11T07:49:32Z</published>\n"
"  <updated>2025-02-12T07:00:00Z</updated>\n"
"  <author><name>Ann Author</name><email>ann@example.org</email>"
"<uri>/ann/</uri></author>\n"
"  <category term=\"t1\" label=\"Label One\"/>\n"
"  <category term=\"term2\"/>\n"
"  <category term=\" \"/>\n"
"  <summary>Plain &amp; simple</summary>\n"
"  <content type=\"xhtml\">\n"
"   <xhtml:div xmlns:xhtml=\"" NS_XHTML "\"><xhtml:p>Hi <xhtml:b>there</xhtml:b>,"
" <xhtml:a href=\"a?x=1&amp;y=2\">link</xhtml:a><xhtml:br/>"
"<xhtml:img src=\"i.png\" alt='\"q\" &lt;3'/> 1 &lt; 2</xhtml:p></xhtml:div>\n"
"  </content>\n"
" </entry>\n"
" <entry xml:lang=\"de\" xml:base=\"../other/\">\n"
"  <title>Deutsch</title>\n"
"  <link href=\"2\"/>\n"
"  <id>tag:atom.example.org,2025:2</id>\n"
"  <content type=\"text/html\">&lt;p&gt;plain text in html&lt;/p&gt;"
"</content>\n"
" </entry>\n"
" <entry>\n"
"  <source><title>Other feed</title><id>urn:other</id>"
"<link href=\"https://other.example/\"/><updated>1999-01-01T00:00:00Z"
"</updated><author><name>Other</name></author></source>\n"
"  <title>Source ignored</title>\n"
"  <link href=\"3\"/>\n"
"  <id>tag:atom.example.org,2025:3</id>\n"
"  <updated>2025-02-01T00:00:00Z</updated>\n"
"  <summary type=\"xhtml\"><div xmlns=\"" NS_XHTML "\">A <b>summary</b></div>"
"</summary>\n"
"  <content type=\"image/png\" src=\"pic.png\"/>\n"
" </entry>\n"
"</feed>\n";

/* ---- Atom 0.3 ---------------------------------------------------------- */

static const struct exp atom03_exps[] = {
	{ DOC, "format", "atom03" },
	{ DOC, "title", "Old Atom" },
	{ DOC, "title.kind", "plain" },
	{ DOC, "link", "http://a03.example.com/" },
	{ DOC, "updated", "2004-05-01T12:00:00Z" },
	{ DOC, "nentries", "3" },
	{ 0, "title", "Escaped <i>HTML</i>" },
	{ 0, "title.kind", "html" },
	{ 0, "link", "http://a03.example.com/1" },
	{ 0, "id", "tag:a03.example.com,2004:1" },
	{ 0, "published", "2004-04-30T10:00:00Z" },
	{ 0, "updated", "2004-05-01T10:00:00Z" },
	{ 0, "content", "<p>Base64 body</p>" },
	{ 0, "content.kind", "html" },
	{ 0, "summary", "sum" },
	{ 0, "summary.kind", "plain" },
	{ 0, "author0.name", "Old Timer" },
	{ 0, "author0.uri", "http://a03.example.com/me" },
	{ 1, "published", "2004-04-01T00:00:00Z" },
	{ 1, "content", "<p>inline <b>xml</b></p>" },
	{ 1, "content.kind", "xhtml" },
	{ 2, "content", "plain base64" },
	{ 2, "content.kind", "plain" },
	{ 2, "summary", NULL },
	{ -1, NULL, NULL }
};

static const char atom03_xml[] = XMLDECL
"<feed version=\"0.3\" xmlns=\"" NS_A03 "\">\n"
" <title mode=\"escaped\" type=\"text/plain\">Old Atom</title>\n"
" <link rel=\"alternate\" type=\"text/html\" href=\"http://a03.example.com/\"/>\n"
" <modified>2004-05-01T12:00:00Z</modified>\n"
" <entry>\n"
"  <title mode=\"escaped\" type=\"text/html\">Escaped &lt;i&gt;HTML&lt;/i&gt;"
"</title>\n"
"  <link rel=\"alternate\" type=\"text/html\" href=\"http://a03.example.com/1\"/>\n"
"  <id>tag:a03.example.com,2004:1</id>\n"
"  <created>2004-04-29T10:00:00Z</created>\n"
"  <issued>2004-04-30T10:00:00Z</issued>\n"
"  <modified>2004-05-01T10:00:00Z</modified>\n"
"  <author><name>Old Timer</name><url>http://a03.example.com/me</url></author>\n"
"  <summary>sum</summary>\n"
"  <content type=\"text/html\" mode=\"base64\">PHA+QmFzZTY0IGJv\n ZHk8L3A+"
"</content>\n"
" </entry>\n"
" <entry>\n"
"  <title>Two</title><created>2004-04-01T00:00:00Z</created>\n"
"  <content type=\"application/xhtml+xml\" mode=\"xml\">"
"<div xmlns=\"" NS_XHTML "\"><p>inline <b>xml</b></p></div></content>\n"
" </entry>\n"
" <entry>\n"
"  <title>Three</title>\n"
"  <content type=\"text/plain\" mode=\"base64\">cGxhaW4gYmFzZTY0</content>\n"
"  <summary type=\"application/octet-stream\" mode=\"base64\">AAAA</summary>\n"
" </entry>\n"
"</feed>\n";

/* ---- xml:base at every level; no document base ------------------------ */

static const struct exp xmlbase_exps[] = {
	{ DOC, "link", "http://base.example/a/" },
	{ 0, "link", "http://base.example/a/b/c/page.html" },
	{ 0, "title.base", "http://base.example/a/b/" },
	{ 0, "content.base", "http://base.example/a/b/c/" },
	{ 0, "author0.uri", "http://base.example/a/b/people/x" },
	{ 0, "enc0.url", "http://media.example/m/1.ogg" },
	{ 1, "link", "relative/only.html" },
	{ 1, "title.base", NULL },
	{ -1, NULL, NULL }
};

static const char xmlbase_xml[] =
"<feed xmlns=\"" NS_ATOM "\">"
"<link href=\"http://base.example/a/\"/>"
"<entry xml:base=\"http://base.example/a/b/\">"
"<title>t</title>"
"<link xml:base=\"c/\" href=\"page.html\"/>"
"<author><name>x</name><uri>people/x</uri></author>"
"<content xml:base=\"c/\" type=\"html\">&lt;a href='z'&gt;z&lt;/a&gt;</content>"
"<link rel=\"enclosure\" xml:base=\"http://media.example/m/\" href=\"1.ogg\"/>"
"</entry>"
"<entry><title>no base</title><link href=\"relative/only.html\"/></entry>"
"</feed>";

/* RSS with xml:base and a document base: relative bases stack. */
static const struct exp rssbase_exps[] = {
	{ DOC, "link", "https://example.org/site/" },
	{ 0, "link", "https://example.org/site/news/item1" },
	{ 0, "summary.base", "https://example.org/site/news/" },
	{ 0, "enc0.url", "https://example.org/site/news/a.mp3" },
	{ 0, "media_thumbnail", "https://example.org/site/news/t.jpg" },
	{ 1, "link", "https://example.org/site/item2" },
	{ 1, "summary.base", "https://example.org/site/" },
	{ -1, NULL, NULL }
};

static const char rssbase_xml[] =
"<rss xmlns:media=\"" NS_MRSS "\"><channel xml:base=\"site/\">"
"<link>./</link>"
"<item xml:base=\"news/\"><link>item1</link><description>d</description>"
"<enclosure url=\"a.mp3\" type=\"audio/mpeg\" length=\"1\"/>"
"<media:thumbnail url=\"t.jpg\"/></item>"
"<item><link>item2</link><description>d</description></item>"
"</channel></rss>";

/* ---- xml:lang inheritance --------------------------------------------- */

static const struct exp lang_exps[] = {
	{ DOC, "lang", "fr" },
	{ 0, "lang", "fr" },
	{ 1, "lang", "fr-CA" },
	{ 2, "lang", "es" },
	{ 3, "lang", NULL },
	{ -1, NULL, NULL }
};

static const char lang_xml[] =
"<rss xmlns:dc=\"" NS_DC "\"><channel xml:lang=\"fr\"><language>en</language>"
"<item><title>a</title><dc:language>de</dc:language></item>"
"<item xml:lang=\"fr-CA\"><title>b</title></item>"
"<item xml:lang=\"\"><title>c</title><dc:language> es </dc:language></item>"
"<item xml:lang=\"\"><title>d</title></item>"
"</channel></rss>";

static const struct exp lang2_exps[] = {
	{ DOC, "lang", "en-GB" },
	{ 0, "lang", NULL },
	{ -1, NULL, NULL }
};

static const char lang2_xml[] =
"<rss><channel><language>en-GB</language><item><title>a</title></item>"
"</channel></rss>";

/* ---- unescaped markup in RSS ------------------------------------------ */

static const struct exp rawhtml_exps[] = {
	{ 0, "title", "Hi <b>bold</b> title" },
	{ 0, "title.kind", "guess" },
	{ 0, "summary", "<p>Hi <b>there</b> &amp; <a href=\"/x?a=1&amp;b=2\">"
	    "you</a><br></p> tail <i>x</i>" },
	{ 0, "summary.kind", "html" },
	{ 0, "content", "<div><p>Body &lt;3</p><img src=\"a.png\"></div>" },
	{ 0, "content.kind", "html" },
	{ 1, "content", "<p>xhtml <em>body</em></p>" },
	{ 1, "content.kind", "xhtml" },
	{ -1, NULL, NULL }
};

static const char rawhtml_xml[] =
"<rss xmlns:content=\"" NS_CONT "\" xmlns:xhtml=\"" NS_XHTML "\"><channel>"
"<item><title>Hi <b>bold</b> title</title>"
"<description><p>Hi <b>there</b> &amp; <a href=\"/x?a=1&amp;b=2\">you</a>"
"<br/></p> tail <i>x</i></description>"
"<content:encoded><div><p>Body &lt;3</p><img src=\"a.png\"/></div>"
"</content:encoded></item>"
"<item><title>t</title><xhtml:body><xhtml:p>xhtml <xhtml:em>body</xhtml:em>"
"</xhtml:p></xhtml:body></item>"
"</channel></rss>";

/* ---- RSS author formats ----------------------------------------------- */

static const struct exp authors_exps[] = {
	{ 0, "author0.name", "John Doe" },
	{ 0, "author0.email", "john@example.com" },
	{ 1, "author0.name", "John Doe" },
	{ 1, "author0.email", "john@example.com" },
	{ 2, "author0.name", NULL },
	{ 2, "author0.email", "john@example.com" },
	{ 3, "author0.name", "Just A Name" },
	{ 3, "author0.email", NULL },
	{ 4, "author0.name", "Someone (the editor)" },
	{ 4, "author0.email", NULL },
	{ 5, "nauthors", "1" },
	{ 5, "author0.name", "Dc Creator" },
	{ 6, "nauthors", "1" },
	{ 6, "author0.name", "Pod Caster" },
	{ 7, "nauthors", "0" },
	{ -1, NULL, NULL }
};

static const char authors_xml[] =
"<rss xmlns:dc=\"" NS_DC "\" xmlns:itunes=\"" NS_ITS "\"><channel>"
"<item><author>john@example.com (John Doe)</author></item>"
"<item><author> John Doe &lt;john@example.com&gt; </author></item>"
"<item><author>mailto:john@example.com</author></item>"
"<item><author>Just A Name</author></item>"
"<item><author>Someone (the editor)</author></item>"
"<item><itunes:author>Pod Caster</itunes:author><dc:creator>Dc Creator"
"</dc:creator></item>"
"<item><itunes:author>Pod Caster</itunes:author></item>"
"<item><author>  </author><dc:creator></dc:creator></item>"
"</channel></rss>";

/* ---- guid / link rules, atom:link in RSS, feedburner ------------------ */

static const struct exp links_exps[] = {
	{ 0, "link", "https://example.org/real" },
	{ 0, "id", "https://example.org/guid" },
	{ 1, "link", "https://example.org/alt" },
	{ 2, "link", "https://example.org/orig" },
	{ 3, "link", "https://example.org/orig2" },
	{ 4, "link", NULL },
	{ 4, "id", "tag:example.org,2025:5" },
	{ 5, "link", "http://example.org/g6" },
	{ 6, "link", "https://example.org/g7" },
	{ 7, "link", NULL },
	{ 7, "id", "https://example.org/g8" },
	{ 8, "link", NULL },
	{ 8, "id", NULL },
	{ -1, NULL, NULL }
};

static const char links_xml[] =
"<rss xmlns:atom=\"" NS_ATOM "\" xmlns:feedburner=\"" NS_FB "\"><channel>"
"<atom:link rel=\"self\" href=\"https://example.org/feed\"/>"
"<item><guid>https://example.org/guid</guid>"
"<link>https://example.org/real</link></item>"
"<item><atom:link rel=\"self\" href=\"https://example.org/self\"/>"
"<atom:link href=\"https://example.org/alt\"/>"
"<guid>https://example.org/guid2</guid></item>"
"<item><feedburner:origLink>https://example.org/orig</feedburner:origLink>"
"<link>https://feeds.example.net/~r/x/1</link></item>"
"<item><link>https://feeds.example.net/~r/x/2</link>"
"<feedburner:origLink> https://example.org/orig2 </feedburner:origLink>"
"</item>"
"<item><guid isPermaLink=\"true\">tag:example.org,2025:5</guid></item>"
"<item><guid isPermaLink=\" TRUE \">HTTP://example.org/g6</guid></item>"
"<item><guid>https://example.org/g7</guid><link>  </link></item>"
"<item><guid isPermaLink=\"false\">https://example.org/g8</guid></item>"
"<item><guid> </guid></item>"
"</channel></rss>";

/* ---- Media RSS, iTunes, enclosures ------------------------------------ */

static const struct exp media_exps[] = {
	{ 0, "nenc", "3" },
	{ 0, "enc0.url", "https://cdn.example.org/v/1.mp4" },
	{ 0, "enc0.type", "video/mp4" },
	{ 0, "enc0.length", "2048" },
	{ 0, "enc1.url", "https://cdn.example.org/i/1.jpg" },
	{ 0, "enc1.type", NULL },
	{ 0, "enc1.length", "-1" },
	{ 0, "enc2.url", "https://cdn.example.org/i/2.png" },
	{ 0, "media_image", "https://cdn.example.org/i/1.jpg" },
	{ 0, "media_thumbnail", "https://cdn.example.org/t/1.jpg" },
	{ 0, "summary", "Media description" },
	{ 0, "summary.kind", "plain" },
	{ 0, "title", "Video" },
	{ 1, "media_image", "https://cdn.example.org/i/typed" },
	{ 1, "media_thumbnail", "https://cdn.example.org/t/direct.jpg" },
	{ 1, "summary", "The real description" },
	{ 1, "summary.kind", "html" },
	{ 2, "media_image", "https://cdn.example.org/i/3.webp?w=1" },
	{ 2, "itunes_image", "https://cdn.example.org/cover.jpg" },
	{ 2, "summary", "iTunes summary" },
	{ 2, "summary.kind", "plain" },
	{ 3, "media_image", NULL },
	{ 3, "nenc", "1" },
	{ -1, NULL, NULL }
};

static const char media_xml[] =
"<rss xmlns:media=\"" NS_MRSS "\" xmlns:itunes=\"" NS_ITS "\"><channel>"
"<item><title>Video</title>"
"<media:group>"
"<media:content url=\"https://cdn.example.org/v/1.mp4\" type=\"video/mp4\""
" fileSize=\"2048\" medium=\"video\"/>"
"<media:content url=\"https://cdn.example.org/i/1.jpg\" medium=\"image\"/>"
"<media:thumbnail url=\"https://cdn.example.org/t/1.jpg\"/>"
"<media:description>Media description</media:description>"
"</media:group>"
"<media:content url=\"https://cdn.example.org/i/2.png\"/>"
"</item>"
"<item><media:description>Media text</media:description>"
"<description>The real description</description>"
"<media:content url=\"https://cdn.example.org/i/typed\" type=\"image/jpeg\"/>"
"<media:thumbnail url=\"https://cdn.example.org/t/direct.jpg\"/></item>"
"<item><itunes:summary>iTunes summary</itunes:summary>"
"<media:description>Later media</media:description>"
"<itunes:image href=\"https://cdn.example.org/cover.jpg\"/>"
"<media:content url=\"https://cdn.example.org/i/3.webp?w=1\"/></item>"
"<item><media:content url=\"https://cdn.example.org/a/4.mp3\""
" fileSize=\"x1\"/></item>"
"</channel></rss>";

/* ---- recovery ---------------------------------------------------------- */

static const struct exp unclosed_exps[] = {
	{ DOC, "nentries", "3" },
	{ 0, "title", "One" },
	{ 1, "title", "Two" },
	{ 1, "link", "https://example.org/2" },
	{ 2, "title", "Three" },
	{ 2, "summary", "cut off here" },
	{ -1, NULL, NULL }
};

static const char unclosed_xml[] =
"<rss><channel><title>T</title>"
"<item><title>One</title></item>"
"<item><title>Two</title><link>https://example.org/2</link></item>"
"<item><title>Three</title><description>cut off here";

static const struct exp mismatch_exps[] = {
	{ DOC, "nentries", "4" },
	{ 0, "title", "A" },
	{ 0, "link", NULL },
	{ 1, "title", "B" },
	{ 1, "link", "https://example.org/b" },
	{ 2, "title", "C" },
	{ 3, "title", "After channel" },
	{ -1, NULL, NULL }
};

static const char mismatch_xml[] =
"<rss><channel>"
"<item><title>A</item>"
"<item><title>B</title><link>https://example.org/b</link></item>"
"<item><title>C</title></itme></item>"
"</channel>"
"<item><title>After channel</title></item>"
"</rss><garbage>more</garbage> trailing junk";

/* ---- odd but fine ------------------------------------------------------ */

static const struct exp stray_exps[] = {
	{ DOC, "format", "rss2" },
	{ DOC, "title", "Stray" },
	{ 0, "title", "first" },
	{ 0, "link", "https://example.org/1" },
	{ 0, "summary", NULL },
	{ -1, NULL, NULL }
};

static const char stray_xml[] =
"<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\">"
"<channel><title>Stray</title><item><x:title xmlns:x=\"urn:x\">unknown"
"</x:title><title>first</title><title>second</title>"
"<link>https://example.org/1</link><x:description xmlns:x=\"urn:x\">no"
"</x:description></item></channel></rss>";

static const struct exp chanroot_exps[] = {
	{ DOC, "format", "rss2" },
	{ DOC, "title", "Channel root" },
	{ DOC, "nentries", "1" },
	{ 0, "title", "i" },
	{ -1, NULL, NULL }
};

static const char chanroot_xml[] =
"<channel><title>Channel root</title><item><title>i</title></item></channel>";

static const struct exp dctitle_exps[] = {
	{ 0, "title", "Real" },
	{ 1, "title", "From DC" },
	{ 1, "title.kind", "guess" },
	{ 2, "title", "Second non-blank" },
	{ -1, NULL, NULL }
};

static const char dctitle_xml[] =
"<rss xmlns:dc=\"" NS_DC "\"><channel>"
"<item><dc:title>DC</dc:title><title>Real</title></item>"
"<item><dc:title>From DC</dc:title></item>"
"<item><title>  </title><title>Second non-blank</title></item>"
"</channel></rss>";

static const struct exp nodivns_exps[] = {
	{ 0, "content", "<p>one</p> <p>two</p>" },
	{ 0, "content.kind", "xhtml" },
	{ 0, "summary", "<div>kept</div> and text" },
	{ 0, "title", "<b>x</b>" },
	{ 1, "title", "a &lt; b" },
	{ 1, "title.kind", "html" },
	{ 1, "content", "<p>c</p>" },
	{ 1, "content.kind", "html" },
	{ -1, NULL, NULL }
};

/* A wrapper div missing its xmlns; content that is not one wrapper. */
static const char nodivns_xml[] =
"<feed xmlns=\"" NS_ATOM "\"><entry><content type=\"xhtml\">\n <div>"
"<p>one</p> <p>two</p></div>\n</content>"
"<summary type=\"xhtml\">  <div>kept</div> and text</summary>"
"<title type=\"xhtml\"><b>x</b></title></entry>"
"<entry><title type=\" HTML \">a &amp;lt; b</title>"
"<content type=\"text/html; charset=utf-8\">&lt;p&gt;c&lt;/p&gt;</content>"
"</entry></feed>";

static const struct exp atomnons_exps[] = {
	{ DOC, "format", "atom10" },
	{ DOC, "title", "No namespace" },
	{ 0, "link", "https://nons.example/1" },
	{ -1, NULL, NULL }
};

static const char atomnons_xml[] =
"<feed><title>No namespace</title><entry><link href=\"https://nons.example/1\"/>"
"</entry></feed>";

static const struct exp entity_exps[] = {
	{ 0, "title", "ACME & Co news <b>bold</b>" },
	{ 0, "link", "https://example.org/?a=1&b=2" },
	{ 0, "enc0.url", "https://example.org/a.mp3?x=1&y=2&z=3" },
	{ 0, "tags", "ACME & Co" },
	{ -1, NULL, NULL }
};

static const char entity_xml[] =
"<?xml version=\"1.0\"?>\n"
"<!DOCTYPE rss [<!ENTITY co \"ACME &amp; Co\"><!ENTITY mk \"<b>bold</b>\">]>"
"<rss><channel><item><title>&co; news &mk;</title>"
"<link>https://example.org/?a=1&amp;b=2</link>"
"<enclosure url=\"https://example.org/a.mp3?x=1&amp;y=2&#38;z=3\""
" type=\"audio/mpeg\" length=\"12\"/>"
"<category>&co;</category></item></channel></rss>";

static const struct tcase cases[] = {
	{ "rss 2.0", rss20_xml, BASE, NULL, rss20_exps },
	{ "rss 0.91", rss091_xml, BASE, NULL, rss091_exps },
	{ "rss 0.92", rss092_xml, BASE, NULL, rss092_exps },
	{ "rss 1.0", rss10_xml, BASE, NULL, rss10_exps },
	{ "rss 0.90", rss090_xml, BASE, NULL, rss090_exps },
	{ "rss 0.90 ns on item", rss090b_xml, BASE, NULL, rss090b_exps },
	{ "atom 1.0", atom10_xml, BASE, NULL, atom10_exps },
	{ "atom 0.3", atom03_xml, BASE, NULL, atom03_exps },
	{ "xml:base", xmlbase_xml, NULL, NULL, xmlbase_exps },
	{ "rss xml:base", rssbase_xml, BASE, NULL, rssbase_exps },
	{ "xml:lang", lang_xml, BASE, NULL, lang_exps },
	{ "language only", lang2_xml, BASE, NULL, lang2_exps },
	{ "unescaped html", rawhtml_xml, BASE, NULL, rawhtml_exps },
	{ "rss authors", authors_xml, BASE, NULL, authors_exps },
	{ "links", links_xml, BASE, NULL, links_exps },
	{ "media", media_xml, BASE, NULL, media_exps },
	{ "unclosed", unclosed_xml, BASE, NULL, unclosed_exps },
	{ "mismatched", mismatch_xml, BASE, NULL, mismatch_exps },
	{ "stray namespace", stray_xml, BASE, NULL, stray_exps },
	{ "channel root", chanroot_xml, BASE, NULL, chanroot_exps },
	{ "dc:title", dctitle_xml, BASE, NULL, dctitle_exps },
	{ "atom without ns", atomnons_xml, BASE, NULL, atomnons_exps },
	{ "xhtml div without xmlns", nodivns_xml, BASE, NULL, nodivns_exps },
	{ "internal entities", entity_xml, BASE, NULL, entity_exps },
	{ "html page",
	  "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Home</title></head>"
	  "<body><p>Hello</p></body></html>", BASE,
	  "not a feed: root element <html>", NULL },
	{ "xhtml page",
	  XMLDECL "<html xmlns=\"" NS_XHTML "\"><body/></html>", BASE,
	  "not a feed: root element <html>", NULL },
	{ "unknown root", "<foo:bar xmlns:foo=\"urn:foo\"><item/></foo:bar>", BASE,
	  "not a feed: root element <foo:bar>", NULL },
	{ "opml", "<opml version=\"2.0\"><body/></opml>", BASE,
	  "not a feed: root element <opml>", NULL },
	{ "empty", "", BASE, "not a feed: no XML root element", NULL },
	{ "only a declaration", XMLDECL "  \n", BASE,
	  "not a feed: no XML root element", NULL },
	{ "plain text", "This is not XML at all.\n", BASE,
	  "not a feed: no XML root element", NULL },
};

static void
run(const struct tcase *tc)
{
	struct feed_doc	*doc = (struct feed_doc *)1;
	char		 err[256];
	int		 rc;

	err[0] = '\0';
	rc = parse_xml(tc->xml, strlen(tc->xml), tc->base, &doc, err,
	    sizeof(err));
	docfield_check(tc->name, rc, doc, err, tc->err, tc->exps);
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
contains(const char *s, const char *needle)
{
	return s != NULL && strstr(s, needle) != NULL;
}

/* Does any string of the document contain needle? */
static int
doc_contains(const struct feed_doc *d, const char *needle)
{
	const struct entry	*e;
	size_t			 i;

	if (contains(d->title.s, needle) || contains(d->link, needle) ||
	    contains(d->id, needle) || contains(d->updated_raw, needle))
		return 1;
	TAILQ_FOREACH(e, &d->entries, next) {
		if (contains(e->id, needle) || contains(e->link, needle) ||
		    contains(e->title.s, needle) ||
		    contains(e->summary.s, needle) ||
		    contains(e->content.s, needle) ||
		    contains(e->published_raw, needle))
			return 1;
		for (i = 0; i < e->tags.n; i++)
			if (contains(e->tags.v[i], needle))
				return 1;
		for (i = 0; i < e->nenclosures; i++)
			if (contains(e->enclosures[i].url, needle))
				return 1;
	}
	return 0;
}

static const char lol_xml[] =
"<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
" <!ENTITY lol \"lol\">\n"
" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"
"&lol1;\">\n"
" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"
"&lol2;\">\n"
" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"
"&lol3;\">\n"
" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"
"&lol4;\">\n"
" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"
"&lol5;\">\n"
" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"
"&lol6;\">\n"
" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"
"&lol7;\">\n"
" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;"
"&lol8;\">\n"
"]>\n"
"<rss version=\"2.0\"><channel><title>LOL</title>\n"
"<item><title>safe</title><link>https://example.org/safe</link></item>\n"
"<item><title>&lol9;</title><description>&lol9;</description>"
"<enclosure url=\"https://example.org/&lol9;\" type=\"a/b\"/></item>\n"
"</channel></rss>\n";

/* Total bytes of text the document holds. */
static size_t
doc_size(const struct feed_doc *d)
{
	const struct entry	*e;
	size_t			 n = 0, i;

	n += d->title.s ? strlen(d->title.s) : 0;
	TAILQ_FOREACH(e, &d->entries, next) {
		n += e->title.s ? strlen(e->title.s) : 0;
		n += e->summary.s ? strlen(e->summary.s) : 0;
		n += e->content.s ? strlen(e->content.s) : 0;
		for (i = 0; i < e->nenclosures; i++)
			n += strlen(e->enclosures[i].url);
	}
	return n;
}

static void
test_billion_laughs(void)
{
	struct feed_doc	*doc = NULL;
	char		 err[256];
	double		 t0 = now();
	int		 rc;

	rc = parse_xml(lol_xml, strlen(lol_xml), BASE, &doc, err,
	    sizeof(err));
	t_ok(now() - t0 < 1.0, "billion laughs: finishes within a second");
	t_ok(rc == 0 && doc != NULL, "billion laughs: still a feed");
	if (rc != 0)
		return;
	t_ok(doc->nentries >= 1, "billion laughs: entry before the bomb kept");
	t_streq(doc->nentries >= 1 ? TAILQ_FIRST(&doc->entries)->link : NULL,
	    "https://example.org/safe", "billion laughs: its link");
	t_ok(doc_size(doc) < 4 * 1024 * 1024, "billion laughs: bounded output");
	feed_doc_free(doc);
}

/* One entity of 50 KB, referenced 20,000 times: a gigabyte if expanded. */
static void
test_quadratic_blowup(void)
{
	struct buf	 b = BUF_INIT;
	struct feed_doc	*doc = NULL;
	char		 err[256];
	double		 t0;
	int		 i, rc;

	buf_addstr(&b, "<!DOCTYPE rss [<!ENTITY big \"");
	for (i = 0; i < 50000; i++)
		buf_addc(&b, 'x');
	buf_addstr(&b, "\">]><rss><channel><item><title>first</title></item>"
	    "<item><title>");
	for (i = 0; i < 20000; i++)
		buf_addstr(&b, "&big;");
	buf_addstr(&b, "</title></item></channel></rss>");
	t0 = now();
	rc = parse_xml(b.data, b.len, BASE, &doc, err, sizeof(err));
	t_ok(now() - t0 < 1.0, "quadratic blowup: finishes within a second");
	t_ok(rc == 0 && doc != NULL && doc->nentries >= 1,
	    "quadratic blowup: entries before it kept");
	if (rc == 0) {
		t_ok(doc_size(doc) < 2 * b.len + 2 * 1024 * 1024,
		    "quadratic blowup: bounded output");
		feed_doc_free(doc);
	}
	buf_free(&b);
}

static void
test_xxe(void)
{
	static const char *const docs[] = {
		"<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e SYSTEM "
		"\"file:///etc/passwd\">]>\n<rss><channel><title>T&e;</title>"
		"<item><title>x&e;</title><description>&e;</description>"
		"<link>https://example.org/&e;</link><category>&e;</category>"
		"</item></channel></rss>",
		"<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY % p SYSTEM "
		"\"file:///etc/passwd\"> %p;]>\n<rss><channel><item>"
		"<title>pe</title></item></channel></rss>",
		"<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM "
		"\"file:///etc/passwd\">\n<rss><channel><item><title>dtd"
		"</title></item></channel></rss>",
		"<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e SYSTEM "
		"\"file:///etc/passwd\">]>\n<rss><channel><item><enclosure "
		"url=\"https://example.org/&e;\" type=\"a/b\"/></item></channel>"
		"</rss>",
	};
	struct feed_doc	*doc;
	char		 err[256], what[64];
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		doc = NULL;
		rc = parse_xml(docs[i], strlen(docs[i]), BASE, &doc, err,
		    sizeof(err));
		snprintf(what, sizeof(what), "xxe %zu: parses", i);
		t_ok(rc == 0 && doc != NULL && doc->nentries == 1, what);
		snprintf(what, sizeof(what), "xxe %zu: no file contents", i);
		t_ok(doc != NULL && !doc_contains(doc, "root:") &&
		    !doc_contains(doc, "/bin/") &&
		    !doc_contains(doc, "nologin"), what);
		feed_doc_free(doc);
	}
}

/* 100,000 entries in well under a second; and every one of them. */
static void
test_many_entries(void)
{
	struct buf		 b = BUF_INIT;
	struct feed_doc		*doc = NULL;
	const struct entry	*e;
	char			 err[256];
	double			 t0, dt;
	int			 i, rc;

	buf_addstr(&b, XMLDECL "<rss version=\"2.0\"><channel><title>Big"
	    "</title>\n");
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "<item><title>Item %d</title>"
		    "<link>https://example.org/p/%d</link><guid>id-%d</guid>"
		    "<pubDate>Tue, 11 Feb 2025 07:49:32 GMT</pubDate>"
		    "<category>c%d</category>"
		    "<description>&lt;p&gt;Text %d&lt;/p&gt;</description>"
		    "</item>\n", i, i, i, i % 10, i);
	buf_addstr(&b, "</channel></rss>\n");
	t0 = now();
	rc = parse_xml(b.data, b.len, BASE, &doc, err, sizeof(err));
	dt = now() - t0;
	printf("# 100,000 entries (%zu bytes) in %.3f s\n", b.len, dt);
	t_ok(rc == 0 && doc != NULL, "100k entries: parses");
	if (rc == 0) {
		t_streq(doc->nentries == 100000 ? "100000" : "wrong",
		    "100000", "100k entries: all counted");
		e = TAILQ_LAST(&doc->entries, entry_list);
		t_streq(e != NULL ? e->id : NULL, "id-99999",
		    "100k entries: the last is last");
		feed_doc_free(doc);
	}
	buf_free(&b);
}

/* A 10 MB title: linear, kept whole. */
static void
test_huge_title(void)
{
	struct buf	 b = BUF_INIT;
	struct feed_doc	*doc = NULL;
	char		 err[256];
	double		 t0, dt;
	size_t		 n = 10 * 1024 * 1024, i;
	int		 rc;

	buf_addstr(&b, "<rss><channel><item><title>");
	buf_grow(&b, n);
	for (i = 0; i < n / 8; i++)
		buf_add(&b, "ab&amp;cd ", 10);
	buf_addstr(&b, "</title></item><item><title>next</title></item>"
	    "</channel></rss>");
	t0 = now();
	rc = parse_xml(b.data, b.len, BASE, &doc, err, sizeof(err));
	dt = now() - t0;
	printf("# 10 MB title in %.3f s\n", dt);
	t_ok(rc == 0 && doc != NULL && doc->nentries == 2,
	    "10 MB title: parses");
	if (rc == 0) {
		t_ok(strlen(TAILQ_FIRST(&doc->entries)->title.s) == n / 8 * 6,
		    "10 MB title: whole");
		t_streq(TAILQ_LAST(&doc->entries, entry_list)->title.s, "next",
		    "10 MB title: next entry");
		feed_doc_free(doc);
	}
	buf_free(&b);
}

/* 300 nested elements: libxml2 stops at 256, entries before it stay. */
static void
test_deep(void)
{
	struct buf	 b = BUF_INIT;
	struct feed_doc	*doc = NULL;
	char		 err[256];
	int		 i, rc;

	buf_addstr(&b, "<rss><channel><item><title>ok</title></item><item>"
	    "<description>");
	for (i = 0; i < 300; i++)
		buf_addstr(&b, "<div>");
	buf_addstr(&b, "deep");
	for (i = 0; i < 300; i++)
		buf_addstr(&b, "</div>");
	buf_addstr(&b, "</description></item><item><title>after</title>"
	    "</item></channel></rss>");
	rc = parse_xml(b.data, b.len, BASE, &doc, err, sizeof(err));
	t_ok(rc == 0 && doc != NULL && doc->nentries >= 1,
	    "deep nesting: parses");
	if (rc == 0) {
		t_streq(TAILQ_FIRST(&doc->entries)->title.s, "ok",
		    "deep nesting: entry before it");
		feed_doc_free(doc);
	}
	buf_free(&b);
}

/* A root name too long for the message is cut on a character boundary. */
static void
test_long_root(void)
{
	struct buf	 b = BUF_INIT;
	struct feed_doc	*doc;
	char		 err[256];
	const char	*p;
	int		 i, rc;

	buf_addc(&b, '<');
	for (i = 0; i < 100; i++)
		buf_addstr(&b, "\xe4\xb8\xad");
	buf_addstr(&b, "/>");
	rc = parse_xml(b.data, b.len, BASE, &doc, err, sizeof(err));
	t_ok(rc == -1 && strncmp(err, "not a feed: root element <\xe4\xb8\xad",
	    29) == 0, "long root name: message");
	p = strchr(err, '>');
	t_ok(p != NULL && p[1] == '\0' && (p - err - 26) % 3 == 0 &&
	    p - err - 26 <= 64, "long root name: whole characters");
	buf_free(&b);
}

/* ---- TTL hints: feed_doc.ttl, seconds, 0 for none --------------------- */

#define RSS2(chan)	"<rss version=\"2.0\" xmlns:sy=\"" NS_SY "\"><channel>" \
	"<title>t</title>" chan "<item><title>i</title></item></channel></rss>"
#define RSS1(chan)	"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns=\"" NS_RSS1 \
	"\" xmlns:sy=\"" NS_SY "\"><channel rdf:about=\"https://x.example/\">" \
	"<title>t</title>" chan "</channel><item rdf:about=\"https://x.example/1\">" \
	"<title>i</title></item></rdf:RDF>"

static const struct {
	const char	*name;
	const char	*xml;
	int		 ttl;
} ttl_cases[] = {
	{ "no hints", RSS2(""), 0 },
	{ "ttl 60", RSS2("<ttl>60</ttl>"), 3600 },
	{ "ttl with spaces", RSS2("<ttl>\n 15 \n</ttl>"), 900 },
	{ "ttl garbage", RSS2("<ttl>soon</ttl>"), 0 },
	{ "ttl negative", RSS2("<ttl>-5</ttl>"), 0 },
	{ "ttl fraction", RSS2("<ttl>1.5</ttl>"), 0 },
	{ "ttl 0", RSS2("<ttl>0</ttl>"), 0 },
	{ "ttl empty", RSS2("<ttl/>"), 0 },
	{ "ttl a year", RSS2("<ttl>525600</ttl>"), 31536000 },
	{ "ttl absurd: capped at a year",
	    RSS2("<ttl>99999999999999999999999</ttl>"), 31536000 },
	{ "first ttl counts", RSS2("<ttl>30</ttl><ttl>600</ttl>"), 1800 },
	{ "garbage then valid ttl", RSS2("<ttl>x</ttl><ttl>10</ttl>"), 600 },
	{ "ttl in an item: ignored",
	    "<rss><channel><item><ttl>60</ttl></item></channel></rss>", 0 },
	{ "ttl in a namespace: ignored",
	    RSS2("<x:ttl xmlns:x=\"urn:x\">60</x:ttl>"), 0 },
	{ "sy hourly/2", RSS1("<sy:updatePeriod>hourly</sy:updatePeriod>"
	    "<sy:updateFrequency>2</sy:updateFrequency>"), 1800 },
	{ "sy frequency first", RSS1("<sy:updateFrequency>2"
	    "</sy:updateFrequency><sy:updatePeriod>hourly</sy:updatePeriod>"),
	    1800 },
	{ "sy period only", RSS1("<sy:updatePeriod> WEEKLY </sy:updatePeriod>"),
	    604800 },
	{ "sy monthly", RSS1("<sy:updatePeriod>monthly</sy:updatePeriod>"),
	    2592000 },
	{ "sy yearly/4", RSS1("<sy:updatePeriod>yearly</sy:updatePeriod>"
	    "<sy:updateFrequency>4</sy:updateFrequency>"), 7884000 },
	{ "sy frequency only: daily", RSS1("<sy:updateFrequency>4"
	    "</sy:updateFrequency>"), 21600 },
	{ "sy unknown period", RSS1("<sy:updatePeriod>fortnightly"
	    "</sy:updatePeriod>"), 0 },
	{ "sy unknown period, frequency", RSS1("<sy:updatePeriod>often"
	    "</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>"),
	    43200 },
	{ "sy frequency 0", RSS1("<sy:updatePeriod>hourly</sy:updatePeriod>"
	    "<sy:updateFrequency>0</sy:updateFrequency>"), 3600 },
	{ "sy frequency garbage", RSS1("<sy:updatePeriod>daily"
	    "</sy:updatePeriod><sy:updateFrequency>many</sy:updateFrequency>"),
	    86400 },
	{ "sy frequency huge", RSS1("<sy:updatePeriod>hourly</sy:updatePeriod>"
	    "<sy:updateFrequency>999999999999</sy:updateFrequency>"), 1 },
	{ "sy in rss 2.0", RSS2("<sy:updatePeriod>hourly</sy:updatePeriod>"),
	    3600 },
	{ "sy, wrong namespace",
	    "<rss xmlns:sy=\"http://example.org/sy/\"><channel><title>t</title>"
	    "<sy:updatePeriod>hourly</sy:updatePeriod></channel></rss>", 0 },
	{ "both: ttl larger", RSS2("<ttl>180</ttl>"
	    "<sy:updatePeriod>hourly</sy:updatePeriod>"), 10800 },
	{ "both: sy larger", RSS2("<ttl>60</ttl>"
	    "<sy:updatePeriod>daily</sy:updatePeriod>"), 86400 },
	{ "both, ttl garbage", RSS2("<ttl>x</ttl>"
	    "<sy:updatePeriod>hourly</sy:updatePeriod>"
	    "<sy:updateFrequency>4</sy:updateFrequency>"), 900 },
	{ "atom", "<feed xmlns=\"" NS_ATOM "\"><title>t</title>"
	    "<entry><title>e</title></entry></feed>", 0 },
	{ "atom with a ttl element", "<feed xmlns=\"" NS_ATOM "\"><title>t"
	    "</title><ttl>60</ttl></feed>", 0 },
	{ "atom with sy", "<feed xmlns=\"" NS_ATOM "\" xmlns:sy=\"" NS_SY
	    "\"><title>t</title><sy:updatePeriod>hourly</sy:updatePeriod>"
	    "</feed>", 3600 },
	{ "truncated feed keeps its ttl", "<rss><channel><ttl>5</ttl><item>",
	    300 },
};

static void
test_ttl(void)
{
	struct feed_doc	*doc;
	char		 err[256], what[512];
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(ttl_cases) / sizeof(ttl_cases[0]); i++) {
		doc = NULL;
		err[0] = '\0';
		rc = parse_xml(ttl_cases[i].xml, strlen(ttl_cases[i].xml), BASE,
		    &doc, err, sizeof(err));
		snprintf(what, sizeof(what), "ttl: %s: %d (want %d)%s%s",
		    ttl_cases[i].name, rc == 0 ? doc->ttl : -1,
		    ttl_cases[i].ttl, rc == 0 ? "" : ": ", err);
		t_ok(rc == 0 && doc->ttl == ttl_cases[i].ttl, what);
		if (rc == 0)
			feed_doc_free(doc);
	}
}

/* Nothing reaches stderr: libxml2's own error output is silenced. */
static void
test_quiet(void)
{
	static const char	 bad[] = "<rss><channel><item><title>x</titl>"
	    "&undefined; <<< </item></rss> junk";
	struct feed_doc		*doc = NULL;
	char			 err[256];
	FILE			*f;
	int			 saved, rc;
	long			 size = -1;

	fflush(stderr);
	saved = dup(2);
	if ((f = tmpfile()) == NULL || saved == -1) {
		t_ok(0, "quiet: tmpfile");
		return;
	}
	dup2(fileno(f), 2);
	rc = parse_xml(bad, strlen(bad), BASE, &doc, err, sizeof(err));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	t_ok(rc == 0 && doc != NULL, "quiet: broken feed parses");
	t_ok(size == 0, "quiet: nothing on stderr");
	feed_doc_free(doc);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run(&cases[i]);
	test_billion_laughs();
	test_quadratic_blowup();
	test_xxe();
	test_many_entries();
	test_huge_title();
	test_deep();
	test_long_root();
	test_ttl();
	test_quiet();
	return t_done();
}
