/*
 * test_xmlprep.c - xmlprep(): encoding detection and transcoding, removal
 * of what XML forbids, the declaration rewrite and entity repair, each
 * case checked against the exact output bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "utf8.h"
#include "xmlprep.h"
#include "t.h"
#include "../parsejson.h"

/* Byte strings with their length, so that NULs and hex escapes survive. */
#define B(s)	(s), sizeof(s) - 1
#define DECL(e)	"<?xml version=\"1.0\" encoding=\"" e "\"?>"
#define DU8	DECL("UTF-8")

/* UTF-8 spellings of the expected text. */
#define ZHONGWEN	"\xE4\xB8\xAD\xE6\x96\x87"	/* 中文 */
#define NIHON		"\xE6\x97\xA5\xE6\x9C\xAC"	/* 日本 */
#define HANGUK		"\xED\x95\x9C\xEA\xB5\xAD"	/* 한국 */
#define MIR		"\xD0\xBC\xD0\xB8\xD1\x80"	/* мир */
#define E_ACUTE		"\xC3\xA9"			/* é */
#define LDQUO		"\xE2\x80\x9C"			/* “ */
#define RDQUO		"\xE2\x80\x9D"			/* ” */
#define FFFD		"\xEF\xBF\xBD"

struct tcase {
	const char	*what;
	const char	*in;
	size_t		 inlen;
	const char	*charset;
	const char	*fallback;
	const char	*want;		/* NULL: must fail */
};

static const struct tcase cases[] = {
	/* Encoding detection and transcoding. */
	{ "UTF-8 BOM stripped, declaration rewritten",
	    B("\xEF\xBB\xBF" DECL("utf-8") "<t>" ZHONGWEN "</t>"), NULL, NULL,
	    DU8 "<t>" ZHONGWEN "</t>" },
	{ "GBK bytes declared gb2312",
	    B(DECL("gb2312") "<t>\xD6\xD0\xCE\xC4</t>"), NULL, NULL,
	    DU8 "<t>" ZHONGWEN "</t>" },
	{ "GBK bytes declared GBK in single quotes",
	    B("<?xml version='1.0' encoding='GBK'?><t>\xD6\xD0\xCE\xC4</t>"),
	    NULL, NULL,
	    "<?xml version='1.0' encoding='UTF-8'?><t>" ZHONGWEN "</t>" },
	{ "GBK declaration with an unquoted value",
	    B("<?xml version=\"1.0\" encoding=gbk?><t>\xD6\xD0\xCE\xC4</t>"),
	    NULL, NULL, DU8 "<t>" ZHONGWEN "</t>" },
	{ "Big5",
	    B(DECL("big5") "<t>\xA4\xA4\xA4\xE5</t>"), NULL, NULL,
	    DU8 "<t>" ZHONGWEN "</t>" },
	{ "Big5 label on HKSCS text: BIG5-HKSCS retried",
	    B(DECL("Big5") "<t>\xA4\xA4\x88\x40</t>"), NULL, NULL,
	    DU8 "<t>\xE4\xB8\xAD\xE3\x87\x80</t>" },
	{ "Shift_JIS read as CP932",
	    B(DECL("Shift_JIS") "<t>\x93\xFA\x96\x7B</t>"), NULL, NULL,
	    DU8 "<t>" NIHON "</t>" },
	{ "EUC-JP",
	    B(DECL("EUC-JP") "<t>\xC6\xFC\xCB\xDC</t>"), NULL, NULL,
	    DU8 "<t>" NIHON "</t>" },
	{ "EUC-KR read as CP949",
	    B(DECL("euc-kr") "<t>\xC7\xD1\xB1\xB9</t>"), NULL, NULL,
	    DU8 "<t>" HANGUK "</t>" },
	{ "KOI8-R",
	    B(DECL("koi8-r") "<t>\xCD\xC9\xD2</t>"), NULL, NULL,
	    DU8 "<t>" MIR "</t>" },
	{ "ISO-8859-1",
	    B(DECL("ISO-8859-1") "<t>caf\xE9</t>"), NULL, NULL,
	    DU8 "<t>caf" E_ACUTE "</t>" },
	{ "ISO-8859-1 label means windows-1252 (smart quotes)",
	    B(DECL("iso-8859-1") "<t>\x93hi\x94</t>"), NULL, NULL,
	    DU8 "<t>" LDQUO "hi" RDQUO "</t>" },
	{ "windows-1252 smart quotes",
	    B(DECL("windows-1252") "<t>\x93hi\x94</t>"), NULL, NULL,
	    DU8 "<t>" LDQUO "hi" RDQUO "</t>" },
	{ "cp1251 label",
	    B(DECL("cp1251") "<t>\xCF\xF0</t>"), NULL, NULL,
	    DU8 "<t>\xD0\x9F\xD1\x80</t>" },
	{ "iso8859_1 label means windows-1252 too",
	    B("<t>\x93</t>"), NULL, "iso8859_1", "<t>" LDQUO "</t>" },
	{ "ISO-8859-2 is not folded into 1252",
	    B(DECL("ISO_8859-2") "<t>\xB3</t>"), NULL, NULL,
	    DU8 "<t>\xC5\x82</t>" },
	{ "forced charset beats the declaration",
	    B(DECL("utf-8") "<t>\xD6\xD0\xCE\xC4</t>"), "gbk", NULL,
	    DU8 "<t>" ZHONGWEN "</t>" },
	{ "BOM beats the forced charset",
	    B("\xEF\xBB\xBF<t>" ZHONGWEN "</t>"), "gbk", NULL,
	    "<t>" ZHONGWEN "</t>" },
	{ "forced charset beats the HTTP charset",
	    B("<t>\xD6\xD0\xCE\xC4</t>"), "GB2312", "iso-8859-1",
	    "<t>" ZHONGWEN "</t>" },
	{ "HTTP charset used when nothing is declared",
	    B("<?xml version=\"1.0\"?><t>caf\xE9</t>"), NULL, "iso-8859-1",
	    "<?xml version=\"1.0\"?><t>caf" E_ACUTE "</t>" },
	{ "HTTP charset ignored when the declaration names one",
	    B(DU8 "<t>caf" E_ACUTE "</t>"), NULL, "gbk",
	    DU8 "<t>caf" E_ACUTE "</t>" },
	{ "HTTP charset UTF-16 on 8-bit bytes is ignored",
	    B("<t>caf\xE9</t>"), NULL, "utf-16", "<t>caf" E_ACUTE "</t>" },
	{ "undeclared invalid UTF-8 read as windows-1252",
	    B("<t>caf\xE9 \x93x\x94</t>"), NULL, NULL,
	    "<t>caf" E_ACUTE " " LDQUO "x" RDQUO "</t>" },
	{ "undeclared valid UTF-8 kept",
	    B("<t>caf" E_ACUTE " " ZHONGWEN "</t>"), NULL, NULL,
	    "<t>caf" E_ACUTE " " ZHONGWEN "</t>" },
	{ "declared UTF-8 with a bad byte gets U+FFFD",
	    B(DU8 "<t>a\xE9" "b</t>"), NULL, NULL,
	    DU8 "<t>a" FFFD "b</t>" },
	{ "unknown encoding read as UTF-8 with replacement",
	    B(DECL("x-klingon") "<t>a\xFF" "b" E_ACUTE "</t>"), NULL, NULL,
	    DU8 "<t>a" FFFD "b" E_ACUTE "</t>" },
	{ "declared UTF-16 on 8-bit bytes is ignored",
	    B(DECL("UTF-16") "<t>" E_ACUTE "</t>"), NULL, NULL,
	    DU8 "<t>" E_ACUTE "</t>" },
	{ "GBK: bad trail byte costs one byte",
	    B(DECL("gbk") "<t>\xD6\xD0\xCE</t>"), NULL, NULL,
	    DU8 "<t>\xE4\xB8\xAD" FFFD "</t>" },
	{ "GBK: sequence cut off at the end",
	    B(DECL("gbk") "<t/>\xD6"), NULL, NULL,
	    DU8 "<t/>" FFFD },
	{ "windows-1252 hole 0x81 becomes U+FFFD",
	    B(DECL("windows-1252") "<t>a\x81" "b</t>"), NULL, NULL,
	    DU8 "<t>a" FFFD "b</t>" },

	/* Characters XML forbids, junk, the declaration. */
	{ "control characters dropped",
	    B("<t>a\x01" "b\x0B" "c\x1F" "d\te\r\nf\x7F</t>"), NULL, NULL,
	    "<t>abcd\te\r\nf\x7F</t>" },
	{ "NUL bytes and U+FFFE dropped",
	    B(DU8 "<t>a\0b\xEF\xBF\xBE" "c</t>"), NULL, NULL,
	    DU8 "<t>abc</t>" },
	{ "whitespace before the prolog skipped",
	    B(" \r\n\t<?xml version=\"1.0\" encoding=\"gbk\"?><a>\xD6\xD0</a>"),
	    NULL, NULL, DU8 "<a>\xE4\xB8\xAD</a>" },
	{ "junk before the first tag skipped",
	    B("Warning: oops\n<rss/>"), NULL, NULL, "<rss/>" },
	{ "declaration without encoding left alone",
	    B("<?xml version=\"1.0\" standalone=\"yes\" ?><a/>"), NULL, NULL,
	    "<?xml version=\"1.0\" standalone=\"yes\" ?><a/>" },
	{ "declaration not at the start left alone",
	    B("<a/><?xml version=\"1.0\" encoding=\"gbk\"?>"), NULL, NULL,
	    "<a/><?xml version=\"1.0\" encoding=\"gbk\"?>" },
	{ "xml-stylesheet PI is not a declaration",
	    B("<?xml-stylesheet href=\"a?x=1&y=2\"?><rss/>"), NULL, NULL,
	    "<?xml-stylesheet href=\"a?x=1&y=2\"?><rss/>" },

	/* Entity repair. */
	{ "HTML entities become numeric",
	    B("<t>a&nbsp;b&eacute;&mdash;&hellip;&copy;&rsquo;&Eacute;</t>"),
	    NULL, NULL,
	    "<t>a&#160;b&#233;&#8212;&#8230;&#169;&#8217;&#201;</t>" },
	{ "HTML5 names libxml2 does not know",
	    B("<t>&check;&TRADE;&NewLine;</t>"), NULL, NULL,
	    "<t>&#10003;&#8482;&#10;</t>" },
	{ "XML entities and numeric references kept",
	    B("<t>&amp;&lt;&gt;&quot;&apos;&#123;&#x1F600;</t>"), NULL, NULL,
	    "<t>&amp;&lt;&gt;&quot;&apos;&#123;&#x1F600;</t>" },
	{ "bare & in text",
	    B("<t>fish & chips &</t>"), NULL, NULL,
	    "<t>fish &amp; chips &amp;</t>" },
	{ "AT&T",
	    B("<t>AT&T</t>"), NULL, NULL, "<t>AT&amp;T</t>" },
	{ "bare & and HTML entity in attributes",
	    B("<a href=\"/x?a=1&b=2\" title=\"x&nbsp;y&amp;z\"/>"), NULL,
	    NULL, "<a href=\"/x?a=1&amp;b=2\" title=\"x&#160;y&amp;z\"/>" },
	{ "unknown entity escaped",
	    B("<t>&foo; &foo-bar.1;</t>"), NULL, NULL,
	    "<t>&amp;foo; &amp;foo-bar.1;</t>" },
	{ "&nbsp without semicolon is a bare &",
	    B("<t>a&nbsp b&amp</t>"), NULL, NULL,
	    "<t>a&amp;nbsp b&amp;amp</t>" },
	{ "malformed character references",
	    B("<t>&#; &#x; &#12 &#xZ1; &#</t>"), NULL, NULL,
	    "<t>&amp;#; &amp;#x; &amp;#12 &amp;#xZ1; &amp;#</t>" },
	{ "entities inside CDATA untouched",
	    B("<t><![CDATA[a & b &nbsp; &foo; &#0;]]>&nbsp;</t>"), NULL, NULL,
	    "<t><![CDATA[a & b &nbsp; &foo; &#0;]]>&#160;</t>" },
	{ "entities inside comments untouched",
	    B("<t><!-- a & b &nbsp; --> & </t>"), NULL, NULL,
	    "<t><!-- a & b &nbsp; --> &amp; </t>" },
	{ "entities inside processing instructions untouched",
	    B("<t><?php echo 'a & b'; ?>&</t>"), NULL, NULL,
	    "<t><?php echo 'a & b'; ?>&amp;</t>" },
	{ "&#128..&#159 remapped as windows-1252",
	    B("<t>&#150;&#146;&#x96;&#128;&#0150;</t>"), NULL, NULL,
	    "<t>&#8211;&#8217;&#8211;&#8364;&#8211;</t>" },
	{ "undefined windows-1252 slot kept",
	    B("<t>&#129;</t>"), NULL, NULL, "<t>&#129;</t>" },
	{ "references to forbidden characters dropped",
	    B("<t>a&#0;&#x1;&#xFFFE;&#xD800;&#x110000;"
	    "&#99999999999999999999;b</t>"), NULL, NULL, "<t>ab</t>" },
	{ "&#X (HTML only) written as decimal",
	    B("<t>&#X41;&#9;</t>"), NULL, NULL, "<t>&#65;&#9;</t>" },
	{ "DOCTYPE internal ENTITY declarations honoured",
	    B("<!DOCTYPE rss [\n<!ENTITY custom \"a & b\">\n"
	    "<!ENTITY nbsp \"&#160;\">]>\n"
	    "<rss>&custom; &nbsp; &other; &eacute;</rss>"), NULL, NULL,
	    "<!DOCTYPE rss [\n<!ENTITY custom \"a & b\">\n"
	    "<!ENTITY nbsp \"&#160;\">]>\n"
	    "<rss>&custom; &nbsp; &amp;other; &#233;</rss>" },
	{ "DOCTYPE: quotes, comments and parameter entities",
	    B("<!DOCTYPE r [<!ENTITY a \"]>\"><!-- <!ENTITY b \"x\"> -->"
	    "<!ENTITY % p \"y\">]><r>&a;&b;&p;</r>"), NULL, NULL,
	    "<!DOCTYPE r [<!ENTITY a \"]>\"><!-- <!ENTITY b \"x\"> -->"
	    "<!ENTITY % p \"y\">]><r>&a;&amp;b;&amp;p;</r>" },
	{ "DOCTYPE without internal subset",
	    B("<!DOCTYPE rss PUBLIC \"-//x//EN\" \"a&b.dtd\"><rss>&custom;"
	    "</rss>"), NULL, NULL,
	    "<!DOCTYPE rss PUBLIC \"-//x//EN\" \"a&b.dtd\"><rss>&amp;custom;"
	    "</rss>" },
	{ "unterminated comment swallows the rest untouched",
	    B("<t>&<!-- & "), NULL, NULL, "<t>&amp;<!-- & " },

	/* Empty and not-XML input. */
	{ "empty input", "", 0, NULL, NULL, NULL },
	{ "whitespace-only input", B(" \r\n\t "), NULL, NULL, NULL },
	{ "BOM and whitespace only", B("\xEF\xBB\xBF  \n"), NULL, NULL, NULL },
	{ "UTF-16 BOM and nothing else", B("\xFF\xFE"), NULL, NULL, NULL },
	{ "only control characters", B("\x01\x02\n"), NULL, NULL, NULL },
	{ "a garbage encoding label is unknown: read as UTF-8",
	    B("<?xml version=\"1.0\" encoding=\"gb 2312\"?><a>caf" E_ACUTE "</a>"),
	    NULL, NULL, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf" E_ACUTE "</a>" },
	{ "no markup at all is passed on for the parser to reject",
	    B("{\"a\": \"b & c\"}"), NULL, NULL, "{\"a\": \"b & c\"}" },
};

static int
run_case(const struct tcase *c)
{
	char	*out = (char *)"unset", err[128] = "";
	size_t	 outlen = 12345;
	int	 rc;

	rc = xmlprep(c->in, c->inlen, c->charset, c->fallback, NULL, &out, &outlen,
	    err, sizeof(err));
	if (c->want == NULL) {
		t_ok(rc == -1 && out == NULL &&
		    strcmp(err, "empty document") == 0, c->what);
		return 0;
	}
	t_ok(rc == 0 && out != NULL && outlen == strlen(out), c->what);
	t_streq(rc == 0 ? out : NULL, c->want, c->what);
	if (rc == 0)
		free(out);
	return 0;
}

/* Append cp to b as UTF-16 (be: big-endian) or UTF-32. */
static void
put_unit(struct buf *b, uint32_t u, int width, int be)
{
	unsigned char	 o[4];
	int		 i;

	for (i = 0; i < width; i++)
		o[be ? width - 1 - i : i] = (u >> (8 * i)) & 0xFF;
	buf_add(b, o, width);
}

/*
 * Build the UTF-16 or UTF-32 encoding of a UTF-8 string (surrogate pairs
 * included), optionally with a BOM.
 */
static void
wide_encode(struct buf *b, const char *s, int width, int be, int bom)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i, k;
	uint32_t		 cp;

	if (bom)
		put_unit(b, 0xFEFF, width, be);
	for (i = 0; i < n; i += k) {
		k = utf8_decode(p + i, n - i, &cp);
		if (width == 2 && cp > 0xFFFF) {
			cp -= 0x10000;
			put_unit(b, 0xD800 | (cp >> 10), 2, be);
			put_unit(b, 0xDC00 | (cp & 0x3FF), 2, be);
		} else
			put_unit(b, cp, width, be);
	}
}

struct wcase {
	const char	*what;
	const char	*text;		/* UTF-8, encoded by the test */
	int		 width, be, bom;
	const char	*charset;
	const char	*tail;		/* raw bytes appended after it */
	size_t		 taillen;
	const char	*want;
};

#define WDOC	"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" \
		"<t a=\"&nbsp;\">" ZHONGWEN " \xF0\x9F\x98\x80 &amp; AT&T</t>"
#define WWANT	DU8 "\n" "<t a=\"&#160;\">" ZHONGWEN " \xF0\x9F\x98\x80 " \
		"&amp; AT&amp;T</t>"

static const struct wcase wcases[] = {
	{ "UTF-16LE with BOM", WDOC, 2, 0, 1, NULL, NULL, 0, WWANT },
	{ "UTF-16BE with BOM", WDOC, 2, 1, 1, NULL, NULL, 0, WWANT },
	{ "UTF-16LE without BOM (\"<\\0?\\0\")", WDOC, 2, 0, 0, NULL, NULL, 0,
	    WWANT },
	{ "UTF-16BE without BOM (\"\\0<\\0?\")", WDOC, 2, 1, 0, NULL, NULL, 0,
	    WWANT },
	{ "UTF-16LE without BOM, leading space, no declaration",
	    "  <t>" ZHONGWEN "</t>", 2, 0, 0, NULL, NULL, 0,
	    "<t>" ZHONGWEN "</t>" },
	{ "UTF-16 BOM beats a forced charset", WDOC, 2, 0, 1, "gbk", NULL, 0,
	    WWANT },
	{ "forced BOM-less UTF-16 takes the order from the bytes",
	    "<t>" ZHONGWEN "</t>", 2, 0, 0, "utf-16", NULL, 0,
	    "<t>" ZHONGWEN "</t>" },
	{ "UTF-32LE with BOM", WDOC, 4, 0, 1, NULL, NULL, 0, WWANT },
	{ "UTF-32BE with BOM", WDOC, 4, 1, 1, NULL, NULL, 0, WWANT },
	{ "UTF-16LE lone surrogate: U+FFFD, still aligned",
	    "<t>a", 2, 0, 1, NULL, "\x00\xDC" "b\0<\0/\0t\0>\0", 12,
	    "<t>a" FFFD "b</t>" },
	{ "UTF-16LE odd length: U+FFFD at the end",
	    "<t/>", 2, 0, 1, NULL, "x", 1, "<t/>" FFFD },
};

static void
run_wcase(const struct wcase *c)
{
	struct buf	 b = BUF_INIT;
	char		*out = NULL, err[128] = "";
	size_t		 outlen = 0;
	int		 rc;

	wide_encode(&b, c->text, c->width, c->be, c->bom);
	if (c->tail != NULL)
		buf_add(&b, c->tail, c->taillen);
	rc = xmlprep(b.data, b.len, c->charset, NULL, NULL, &out, &outlen, err,
	    sizeof(err));
	t_ok(rc == 0 && outlen == strlen(out), c->what);
	t_streq(rc == 0 ? out : NULL, c->want, c->what);
	free(out);
	buf_free(&b);
}

/*
 * Hostile shapes must stay linear: a few MB of each finish in well under
 * a second even under ASan (a quadratic scan would take minutes).
 */
static void
run_big(const char *what, const char *unit, size_t reps, const char *head,
    size_t wantlen)
{
	struct buf	 b = BUF_INIT;
	char		*out = NULL, err[128];
	size_t		 outlen = 0, i;
	clock_t		 t0;
	int		 rc;

	buf_addstr(&b, head);
	for (i = 0; i < reps; i++)
		buf_addstr(&b, unit);
	t0 = clock();
	rc = xmlprep(b.data, b.len, NULL, NULL, NULL, &out, &outlen, err,
	    sizeof(err));
	t_ok(rc == 0 && outlen == wantlen &&
	    (double)(clock() - t0) / CLOCKS_PER_SEC < 5.0, what);
	free(out);
	buf_free(&b);
}

/* xmlprep with CDATA taken out: the document, with MARK for the mark. */
static char *
prep_cdata(const char *in, struct xmlprep_cdata *cd)
{
	struct buf	 b = BUF_INIT;
	char		*out = NULL, err[128], *p;
	size_t		 outlen;

	memset(cd, 0, sizeof(*cd));
	if (xmlprep(in, strlen(in), NULL, NULL, cd, &out, &outlen, err,
	    sizeof(err)) == -1)
		return NULL;
	for (p = out; *p != '\0'; ) {
		if (strncmp(p, cd->mark, XMLPREP_MARK_LEN) == 0) {
			buf_addstr(&b, "MARK");
			p += XMLPREP_MARK_LEN;
		} else
			buf_addc(&b, *p++);
	}
	free(out);
	return buf_release(&b);
}

static void
check_lookup(const struct xmlprep_cdata *cd, const char *suffix,
    const char *want, const char *what)
{
	char		 s[64];
	const char	*t = NULL;
	size_t		 n = 0;
	int		 rc;

	snprintf(s, sizeof(s), "%s%s", cd->mark, suffix);
	rc = xmlprep_cdata_lookup(cd, s, strlen(s), &t, &n);
	if (want == NULL)
		t_ok(rc == -1, what);
	else
		t_ok(rc == 0 && n == strlen(want) && memcmp(t, want, n) == 0,
		    what);
}

static void
test_cdata(void)
{
	static const char *const docs[] = {
		"<rss><channel><item><title>T</title><description><![CDATA["
		    "<p>a &amp; b</p>\r\nline\rend]]></description><link>"
		    "http://a.example/1</link></item></channel></rss>",
		/* A CDATA section inside a broken attribute value. */
		"<rss><channel><item><title a=\"x<![CDATA[y>]]>\">t</title>"
		    "<description><![CDATA[d]]></description></item>"
		    "</channel></rss>",
		/* A broken end tag that libxml2 skips to a '>'. */
		"<rss><channel><item><title>t</title a <![CDATA[q>r]]>>"
		    "<description><![CDATA[d]]></description></item>"
		    "</channel></rss>",
		/*
		 * Found by fuzz_parse: libxml2's recovery reads "<?l" as a
		 * processing instruction that ends inside the CDATA section.
		 */
		"<feed><title<!DOCTYPE\"<?l\"><![CDATA[?>]]>",
		"<!DOCTYPE rss [<!ENTITY e \"<![CDATA[x]]>\">]><rss><channel>"
		    "<item><title>&e;</title><description><![CDATA[d]]>"
		    "</description></item></channel></rss>",
	};
	struct xmlprep_cdata	 cd;
	char			*out, *a, *b, name[64];
	size_t			 i;

	out = prep_cdata("<r><a><![CDATA[x<y>\r\nz\rw]]></a>"
	    "<b><![CDATA[]]></b></r>", &cd);
	t_streq(out, "<r><a><![CDATA[MARK0]]></a><b><![CDATA[MARK1]]></b>"
	    "</r>", "cdata: sections become placeholders");
	t_ok(cd.n == 2, "cdata: two sections");
	check_lookup(&cd, "0", "x<y>\nz\nw", "cdata: text, line ends as LF");
	check_lookup(&cd, "1", "", "cdata: an empty section");
	check_lookup(&cd, "2", NULL, "cdata: no third section");
	check_lookup(&cd, "99999999999999999999999", NULL,
	    "cdata: a huge index is no section");
	check_lookup(&cd, "0x", NULL, "cdata: digits only");
	t_ok(xmlprep_cdata_lookup(&cd, "plain text", 10, NULL, NULL) == -1,
	    "cdata: other text is no placeholder");
	free(out);
	xmlprep_cdata_free(&cd);

	out = prep_cdata("<r><![CDATA[a]]><b c=\"<\"/><![CDATA[b]]></r>",
	    &cd);
	t_streq(out, "<r><![CDATA[MARK0]]><b c=\"<\"/><![CDATA[b]]></r>",
	    "cdata: none taken after a tag with a '<' in it");
	free(out);
	xmlprep_cdata_free(&cd);
	out = prep_cdata("<!DOCTYPE r><r><![CDATA[a]]></r>", &cd);
	t_ok(out != NULL && cd.n == 0, "cdata: none taken after a DOCTYPE");
	free(out);
	xmlprep_cdata_free(&cd);
	out = prep_cdata("<r><![CDATA[abc", &cd);
	t_ok(out != NULL && cd.n == 0, "cdata: an open section stays");
	free(out);
	xmlprep_cdata_free(&cd);

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		a = parsejson_all(docs[i], strlen(docs[i]), 0, NULL);
		b = parsejson_all(docs[i], strlen(docs[i]), 1, NULL);
		snprintf(name, sizeof(name), "cdata: same parse, doc %zu", i);
		t_streq(a, b, name);
		free(a);
		free(b);
	}
}

/* One leaf text through xmlprep: the placeholder form and the text. */
static void
check_text(const char *in, const char *want_out, const char *want_text,
    const char *what)
{
	struct xmlprep_cdata	 cd;
	char			*out, name[128];

	out = prep_cdata(in, &cd);
	snprintf(name, sizeof(name), "text: %s", what);
	t_streq(out, want_out, name);
	if (want_text != NULL) {
		snprintf(name, sizeof(name), "text: %s (taken text)", what);
		check_lookup(&cd, "0", want_text, name);
	} else {
		snprintf(name, sizeof(name), "text: %s (nothing taken)", what);
		t_ok(cd.n == 0, name);
	}
	free(out);
	xmlprep_cdata_free(&cd);
}

/*
 * The text of leaf elements with references or non-ASCII characters
 * leaves libxml2's way like CDATA (xmlprep.c: text_take).
 */
static void
test_text(void)
{
	static const char *const docs[] = {
		"<rss><channel><item><title>Fish &amp; Chips &eacute;t&#xE9;"
		    "</title><link>http://a.example/1?x=1&amp;y=2</link>"
		    "<description>&lt;p&gt;\xE4\xB8\xAD &#13;\r\nx&lt;/p&gt;"
		    "</description></item></channel></rss>",
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title "
		    "type=\"html\">a &lt;b&gt;c&lt;/b&gt;</title><content "
		    "type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml"
		    "\">x &amp; <b>y &gt; z</b></div></content></entry></feed>",
	};
	struct feed_doc	*doc;
	struct parse_opts po;
	char		*a, *b, name[64], err[256];
	size_t		 i;
	int		 bad;
	static const char mal[] =
	    "<rss version=\"2.0\"><channel><title>T</title></bogus><item>"
	    "<title>Fish &amp; Chips</title><link>http://e.example/a?x=1&amp;"
	    "y=2</link></item></channel></rss>";

	check_text("<r><t>Fish &amp; Chips</t></r>",
	    "<r><t><![CDATA[MARK0]]></t></r>", "Fish & Chips",
	    "predefined entity");
	check_text("<r><t>\xE4\xB8\xAD\xE6\x96\x87</t></r>",
	    "<r><t><![CDATA[MARK0]]></t></r>", "\xE4\xB8\xAD\xE6\x96\x87",
	    "non-ASCII text");
	check_text("<r><t>plain text</t></r>", "<r><t>plain text</t></r>",
	    NULL, "plain ASCII stays");
	check_text("<r><t>a &amp; <b/>c</t></r>", "<r><t>a &amp; <b/>c</t></r>",
	    NULL, "mixed content stays");
	check_text("<r><t/>x &amp; y</r>", "<r><t/>x &amp; y</r>", NULL,
	    "text after an empty element stays");
	check_text("<r><t>a\r\nb&#13;c\rd</t></r>",
	    "<r><t><![CDATA[MARK0]]></t></r>", "a\nb\rc\nd",
	    "line ends as LF, &#13; as CR");
	check_text("<r><t>&#x4e2d;&#25991;&lt;&gt;&apos;&quot;</t></r>",
	    "<r><t><![CDATA[MARK0]]></t></r>", "\xE4\xB8\xAD\xE6\x96\x87<>'\"",
	    "character references");
	check_text("<r><t>&eacute;t&eacute; &amp x</t></r>",
	    "<r><t><![CDATA[MARK0]]></t></r>", "\xC3\xA9t\xC3\xA9 &amp x",
	    "HTML entity and bare ampersand repaired first");
	check_text("<r><t a=\"x&amp;y&z\">z&amp;w</t></r>",
	    "<r><t a=\"x&amp;y&amp;z\"><![CDATA[MARK0]]></t></r>", "z&w",
	    "the tag's own references repaired");
	check_text("<r><t>a ]]> &amp;</t></r>", "<r><t>a ]]> &amp;</t></r>",
	    NULL, "text with ]]> stays");

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		a = parsejson_all(docs[i], strlen(docs[i]), 0, NULL);
		b = parsejson_all(docs[i], strlen(docs[i]), 1, &bad);
		snprintf(name, sizeof(name), "text: same parse, doc %zu", i);
		t_ok(!bad && strcmp(a, b) == 0, name);
		free(a);
		free(b);
	}

	/*
	 * After a stray end tag libxml2 drops every reference it reads
	 * itself: "Fish  Chips", "?x=1y=2".  Taken text keeps them.
	 */
	memset(&po, 0, sizeof(po));
	t_ok(parse_feed(mal, sizeof(mal) - 1, &po, &doc, err,
	    sizeof(err)) == 0, "malformed: parsed");
	t_ok(doc->malformed, "malformed: libxml2 recovered from an error");
	t_ok(doc->nentries == 1 && strcmp(TAILQ_FIRST(&doc->entries)->title.s,
	    "Fish & Chips") == 0 && strcmp(TAILQ_FIRST(&doc->entries)->link,
	    "http://e.example/a?x=1&y=2") == 0,
	    "malformed: title and link keep their ampersands");
	feed_doc_free(doc);
	po.keep_cdata = 1;
	t_ok(parse_feed(mal, sizeof(mal) - 1, &po, &doc, err,
	    sizeof(err)) == 0 && doc->nentries == 1 &&
	    strcmp(TAILQ_FIRST(&doc->entries)->title.s, "Fish  Chips") == 0,
	    "malformed: libxml2 alone loses them (why the text is taken)");
	feed_doc_free(doc);
}

int
main(void)
{
	size_t	 i;

	test_cdata();
	test_text();

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	for (i = 0; i < sizeof(wcases) / sizeof(wcases[0]); i++)
		run_wcase(&wcases[i]);

	/* 1M bare '&': each becomes "&amp;". */
	run_big("1M bare ampersands", "&", 1000000, "<t>", 3 + 5000000);
	/* Long entity-looking names without ';'. */
	run_big("1M unterminated names", "&abcdefgh", 100000, "<t>",
	    3 + 100000 * 13);
	/* Unclosed CDATA openers: the first swallows the rest. */
	run_big("100k unclosed CDATA openers", "<![CDATA[&", 100000, "<t>",
	    3 + 100000 * 10);
	/* Repeated DOCTYPEs with entity declarations and references. */
	run_big("50k DOCTYPEs", "<!DOCTYPE r [<!ENTITY e \"x\">]>&e;", 50000,
	    "", 50000 * 33);
	return t_done();
}
