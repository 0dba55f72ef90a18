/*
 * test_sanitize.c - the HTML sanitizer against hostile and ordinary
 * markup, html_to_text and html_escape: exact outputs, table-driven; its
 * fast path held to libxml2's reading on generated fragments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "../htmltree.h"
#include "sanitize.h"
#include "xmlesc.h"
#include "t.h"

#define B	"http://example.com/"
#define B2	"http://example.com/d/e/"

static const struct {
	const char	*in;
	const char	*base;
	const char	*want;
	const char	*img;	/* expected first_img */
} san[] = {
	/* Ordinary markup. */
	{ "", B, "", NULL },
	{ "Hello", B, "Hello", NULL },
	{ "<p>Hello <b>world</b></p>", B, "<p>Hello <b>world</b></p>", NULL },
	{ "<P CLASS=x ID=y>UP</P><BR><HR/>", B, "<p>UP</p><br><hr>", NULL },
	{ "<p><b>bold", B, "<p><b>bold</b></p>", NULL },
	{ "<ul>\n <li>a</li>\n</ul>\n<p>x</p>\n", B,
	  "<ul>\n <li>a</li>\n</ul>\n<p>x</p>\n", NULL },
	{ "<table>\n<tr><td>a</td></tr>\n</table>\n<div> </div>", B,
	  "<table>\n<tr><td>a</td></tr>\n</table>\n<div> </div>", NULL },
	{ "a<wbr>b<wbr>c", B, "a<wbr>b<wbr>c", NULL },
	{ "<details><summary>S</summary>D</details>", B,
	  "<details><summary>S</summary>D</details>", NULL },
	{ "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>", B,
	  "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>", NULL },
	{ "<title>T</title><h1>H</h1>", B, "<h1>H</h1>", NULL },

	/* Script URLs in links: the link goes, its text stays. */
	{ "<a href=\"javascript:alert(1)\">x</a>", B, "x", NULL },
	{ "<a href=\"javascript:alert(1)\">x</a>", NULL, "x", NULL },
	{ "<a href=\" jav&#x09;ascript:alert(1)\">x</a>", B, "x", NULL },
	{ "<a href=\" jav&#x09;ascript:alert(1)\">x</a>", NULL, "x", NULL },
	{ "<a href=\"java&#10;script:alert(1)\">x</a>", NULL, "x", NULL },
	{ "<a href=\"JaVaScRiPt:alert(1)\">x</a>", B, "x", NULL },
	{ "<a href=\"&#106;avascript:alert(1)\">x</a>", B, "x", NULL },
	{ "<a href=\"vbscript:x\">x</a>", B, "x", NULL },
	{ "<a href=\"data:text/html,&lt;script&gt;alert(1)\">d</a>", B, "d",
	  NULL },
	{ "<a href=\"ftp://example.com/f\">f</a>", B, "f", NULL },
	{ "<a href=\"file:///etc/passwd\">p</a>", NULL, "p", NULL },
	{ "<a href=\"\\\\evil.example\\x\">b</a>", NULL, "b", NULL },
	{ "<a>plain</a><a href=\"\">e</a><a href=\" \">s</a>", B,
	  "plaines", NULL },

	/* Links that stay. */
	{ "<a href=\"https://x.example/\" target=_blank rel=opener "
	  "formaction=x>t</a>", B, "<a href=\"https://x.example/\">t</a>",
	  NULL },
	{ "<a href=\"mailto:a@b.example?subject=hi\" title=\"T\" class=c "
	  "id=i onclick=x>m</a>", B,
	  "<a href=\"mailto:a@b.example?subject=hi\" title=\"T\">m</a>",
	  NULL },
	{ "<a href=\"../up?q=1&amp;r=2#f\">r</a>", B2,
	  "<a href=\"http://example.com/d/up?q=1&amp;r=2#f\">r</a>", NULL },
	{ "<a href=\"../up?q=1&amp;r=2#f\">r</a>", NULL,
	  "<a href=\"../up?q=1&amp;r=2#f\">r</a>", NULL },
	{ "<a href=\"/path/x.html\">x</a>", NULL,
	  "<a href=\"/path/x.html\">x</a>", NULL },
	{ "<a href=\"//cdn.example.com/x\">n</a>", B,
	  "<a href=\"http://cdn.example.com/x\">n</a>", NULL },
	{ "<a href=\"//cdn.example.com/x\">n</a>", NULL, "n", NULL },
	{ "<a href=\"http://example.com/a?b=1&c=2\">q</a>", NULL,
	  "<a href=\"http://example.com/a?b=1&amp;c=2\">q</a>", NULL },
	{ "<a href=x><a href=y>n</a></a>", B,
	  "<a href=\"http://example.com/x\"></a>"
	  "<a href=\"http://example.com/y\">n</a>", NULL },
	{ "<a href=\"https://x.example/\">x <img src=\"/i.png\"></a>", B,
	  "<a href=\"https://x.example/\">x "
	  "<img src=\"http://example.com/i.png\"></a>",
	  "http://example.com/i.png" },

	/* Markup that goes with its content. */
	{ "<svg onload=alert(1)><text>t</text></svg>after", B, "after",
	  NULL },
	{ "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>", B,
	  "", NULL },
	{ "<math><mtext><img src=x></mtext></math>", B, "", NULL },
	/* libxml2 drops the prefix (a browser keeps an unknown "svg:x"). */
	{ "<svg:x>x</svg:x>y", B, "xy", NULL },
	{ "<x:script>alert(1)</x:script><y:svg>s</y:svg>ok", B, "ok", NULL },
	{ "<iframe src=\"http://evil.example/\">if</iframe>t", B, "t",
	  NULL },
	{ "<object data=\"x.swf\"><param name=a value=b>fallback</object>"
	  "after", B, "after", NULL },
	{ "<embed src=x.swf>after", B, "after", NULL },
	{ "<form action=x><input name=q><button>b</button></form>f", B, "f",
	  NULL },
	{ "<select><option><img src=x></option></select>s", B, "s", NULL },
	{ "<meta http-equiv=refresh content=\"0;url=http://evil/\">m", B,
	  "m", NULL },
	{ "<link rel=stylesheet href=\"http://evil/x.css\">l", B, "l", NULL },
	{ "<style>@import \"http://evil/x.css\";</style>s", B, "s", NULL },
	{ "<SCRIPT>alert(1)</SCRIPT>ok", B, "ok", NULL },
	/* Upper-case names reach the tables lower-cased (libxml2 does it). */
	{ "<P Class=x>a <B>b</B><IMG SRC=\"/i.png\"><STYLE>x</STYLE></P>", B,
	  "<p>a <b>b</b><img src=\"http://example.com/i.png\"></p>",
	  "http://example.com/i.png" },
	{ "<scr<script>ipt>alert(1)</script>ok", B, "ipt&gt;alert(1)ok",
	  NULL },
	{ "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">"
	  "</noscript>", B, "", NULL },
	{ "<textarea><script>alert(1)</script></textarea>", B, "", NULL },
	{ "<template><p>t</p></template>v", B, "v", NULL },
	{ "<dialog open>x</dialog>y", B, "y", NULL },
	{ "<xmp><b>x</b></xmp>z", B, "z", NULL },
	{ "<plaintext><b>p</b>", B, "", NULL },
	{ "<frameset><frame src=x></frameset>z", B, "z", NULL },
	{ "<applet code=x>a</applet>b", B, "b", NULL },
	{ "<base href=\"http://evil/\"><a href=\"p\">p</a>", B,
	  "<a href=\"http://example.com/p\">p</a>", NULL },
	{ "<!--<script>alert(1)</script>-->y", B, "y", NULL },
	{ "<![CDATA[<script>]]>x", B, "x", NULL },
	{ "<p>a<![CDATA[b]]>c<![CDATA[d", B, "<p>ac</p>", NULL },
	{ "<?php echo 1; ?>z", B, "z", NULL },

	/* Attributes. */
	{ "<div style=\"background:url(javascript:alert(1))\">d</div>", B,
	  "<div>d</div>", NULL },
	{ "<p style=\"width:expression(alert(1))\">x</p>", B, "<p>x</p>",
	  NULL },
	{ "<b onclick=\"x\" onmouseover=y>b</b>", B, "<b>b</b>", NULL },
	{ "<span data-x=1 id=i class=c xmlns=\"http://www.w3.org/1999/xhtml\""
	  ">s</span>", B, "<span>s</span>", NULL },
	{ "<p lang=\"en-US\" dir=RTL title='\"&lt;&amp;&gt;'>x</p>"
	  "<p lang=\"e n\" dir=up>y</p>", B,
	  "<p lang=\"en-US\" dir=\"rtl\" title=\"&quot;&lt;&amp;&gt;\">x</p>"
	  "<p>y</p>", NULL },
	{ "<blockquote cite=\"http://q.example/\">x</blockquote>"
	  "<q cite=\"javascript:x\">q</q>", B,
	  "<blockquote cite=\"http://q.example/\">x</blockquote><q>q</q>",
	  NULL },
	{ "<del cite=\"/why\" datetime=x>d</del><ins cite=\"/why\">i</ins>", B,
	  "<del cite=\"http://example.com/why\">d</del>"
	  "<ins cite=\"http://example.com/why\">i</ins>", NULL },
	{ "<table summary=s><colgroup span=2><col span=1 width=3></colgroup>"
	  "<tr><th scope=COL abbr=a>h</th><td colspan=2 rowspan=x "
	  "headers=\"h1 h2\">c</td></tr></table>", B,
	  "<table summary=\"s\"><colgroup span=\"2\"><col span=\"1\">"
	  "</colgroup><tr><th scope=\"col\">h</th><td colspan=\"2\" "
	  "headers=\"h1 h2\">c</td></tr></table>", NULL },
	{ "<ol reversed start=-3 type=a><li value=2>x</li><li value=z>y</li>"
	  "</ol><ol type=q start=1e3>z</ol>", B,
	  "<ol reversed=\"\" start=\"-3\" type=\"a\"><li value=\"2\">x</li>"
	  "<li>y</li></ol><ol>z</ol>", NULL },
	{ "<time datetime=\"2025-02-11T07:49:32Z\" pubdate>t</time>", B,
	  "<time datetime=\"2025-02-11T07:49:32Z\">t</time>", NULL },
	{ "<abbr title=\"HyperText\">HTML</abbr>", B,
	  "<abbr title=\"HyperText\">HTML</abbr>", NULL },
	{ "<nav><a href=\"/x\">x</a></nav><font color=red>f</font>"
	  "<marquee onstart=alert(1)>m</marquee>", NULL,
	  "<a href=\"/x\">x</a>fm", NULL },
	{ "<video src=x.mp4 poster=p.jpg controls>Your browser "
	  "<b>fallback</b><source src=y></video>", B,
	  "Your browser <b>fallback</b>", NULL },
	{ "<audio src=a.mp3 controls><source src=b.ogg>no audio</audio>", B,
	  "no audio", NULL },

	/* Images. */
	{ "<img src=x onerror=alert(1)>", B,
	  "<img src=\"http://example.com/x\">", "http://example.com/x" },
	{ "<img src=x onerror=alert(1)>", NULL, "<img src=\"x\">", NULL },
	{ "<img src=\"data:image/png;base64,AAAA\">", B, "", NULL },
	/* Text attributes are text: "data:" in an alt is words (fuzz_sanitize). */
	{ "<img src=\"i.png\" alt=data:text/html,\"x\">", B,
	  "<img src=\"http://example.com/i.png\" alt=\"data:text/html,&quot;x&quot;\">",
	  "http://example.com/i.png" },
	{ "<img alt=\"no src\">", B, "", NULL },
	{ "<img src=\"javascript:alert(1)\" alt=a>", B, "", NULL },
	{ "<img src=\"http://a.example/i.png\" width=\" 10 \" height=\"20px\" "
	  "alt=\"A &amp; B\" title=t style=x>", B,
	  "<img src=\"http://a.example/i.png\" width=\"10\" "
	  "alt=\"A &amp; B\" title=\"t\">", "http://a.example/i.png" },
	{ "<img data-src=\"/real.jpg\" src=\"/img/blank.gif\" alt=\"A\">", B,
	  "<img src=\"http://example.com/real.jpg\" alt=\"A\">",
	  "http://example.com/real.jpg" },
	{ "<img data-original=\"/o.jpg\" src=\"data:image/gif;base64,R0lG\">",
	  B, "<img src=\"http://example.com/o.jpg\">",
	  "http://example.com/o.jpg" },
	{ "<img alt=l data-lazy-src=\"/l.jpg\">", B,
	  "<img alt=\"l\" src=\"http://example.com/l.jpg\">",
	  "http://example.com/l.jpg" },
	{ "<img data-url=\"/u.jpg\" src=\"/spacer.gif\">", B,
	  "<img src=\"http://example.com/u.jpg\">",
	  "http://example.com/u.jpg" },
	{ "<img src=\"x.png\" data-src=\"y.png\">", B,
	  "<img src=\"http://example.com/x.png\">",
	  "http://example.com/x.png" },
	{ "<img data-src=\"javascript:alert(1)\" src=\"data:x\">", B, "",
	  NULL },
	{ "<img srcset=\"/a.jpg 1x, /b.jpg 2x\" alt=s>", B,
	  "<img src=\"http://example.com/a.jpg\" alt=\"s\">",
	  "http://example.com/a.jpg" },
	{ "<img srcset=\" , /s1.jpg, /s2.jpg 2x\">", B,
	  "<img src=\"http://example.com/s1.jpg\">",
	  "http://example.com/s1.jpg" },
	{ "<img src=\"http://a.example/i.png\" "
	  "srcset=\"http://a.example/j.png 2x\">", B,
	  "<img src=\"http://a.example/i.png\">", "http://a.example/i.png" },
	{ "<picture><source srcset=a.webp><img src=a.jpg></picture>", B,
	  "<img src=\"http://example.com/a.jpg\">",
	  "http://example.com/a.jpg" },
	{ "<img src=\"data:,x\"><p><img src=/1.png><img src=/2.png></p>", B,
	  "<p><img src=\"http://example.com/1.png\">"
	  "<img src=\"http://example.com/2.png\"></p>",
	  "http://example.com/1.png" },
	{ "<img src=\"/rel.png\">", NULL, "<img src=\"/rel.png\">", NULL },

	/* Text. */
	{ "a < b & c > d", B, "a &lt; b &amp; c &gt; d", NULL },
	{ "caf&eacute; 中文 &#x1F600; &lt;tag&gt;", B,
	  "caf\xC3\xA9 中文 \xF0\x9F\x98\x80 &lt;tag&gt;", NULL },
	{ "a&nbsp;b", B, "a\xC2\xA0" "b", NULL },
	{ "<p>你好，世界。</p>", B, "<p>你好，世界。</p>", NULL },
	{ "a\xFF\xFE" "b\xC3(", B,
	  "a\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD(", NULL },
	{ "a&#0;b&#1;c", B, "abc", NULL },
};

static const struct {
	const char	*in;
	const char	*want;
} text[] = {
	{ "", "" },
	{ "<p>Hello&nbsp;<b>world</b></p><p>Again</p>", "Hello world Again" },
	{ "AT&amp;T", "AT&T" },
	{ "AT&T", "AT&T" },
	{ "a < b", "a < b" },
	{ "Fish &amp; Chips <3", "Fish & Chips <3" },
	{ "one<br>two", "one two" },
	{ "<p>你好，世界。</p><p>第二段</p>", "你好，世界。 第二段" },
	{ "&#12354;&#x3044;", "あい" },
	{ "<script>x</script><style>y</style>z", "z" },
	{ "<title>T</title>body", "body" },
	{ "<noscript>n</noscript><template>t</template>v", "v" },
	{ "<ul><li>a</li><li>b</li></ul>", "a b" },
	{ "<table><tr><td>1</td><td>2</td></tr></table>", "1 2" },
	{ "a<b>b</b>c", "abc" },
	{ "  lots   of \n space ", "lots of space" },
	{ "x &lt;script&gt;", "x <script>" },
	{ "<h1>T</h1>text", "T text" },
	{ "line1<hr>line2", "line1 line2" },
	{ "<div>a</div><div>b</div>", "a b" },
	{ "<![CDATA[x]]>y", "y" },
	{ "<!-- c -->a<svg><text>t</text></svg>", "a" },
	{ "a\xFF" "b", "a\xEF\xBF\xBD" "b" },
	{ "全角\xE3\x80\x80空白", "全角 空白" },
};

static const struct {
	const char	*in;
	const char	*want;
} esc[] = {
	{ "", "" },
	{ "a & b < c > d \"e\" 'f'",
	  "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'" },
	{ "中文", "中文" },
	{ "&amp;", "&amp;amp;" },
};

/* A test name on one line, whatever the input holds. */
static void
name(char *what, size_t len, const char *fn, const char *in, const char *sfx)
{
	char	*p;

	snprintf(what, len, "%s %.100s%s", fn, in, sfx);
	for (p = what; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
}

static size_t
count(const char *s, const char *needle)
{
	size_t	 n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* Ten thousand nested <div>s: bounded depth, balanced tags, no crash. */
static void
test_deep(void)
{
	struct buf	 b = BUF_INIT;
	char		*out, *img;
	size_t		 i, open, close;
	clock_t		 t0;

	for (i = 0; i < 10000; i++)
		buf_addstr(&b, "<div>");
	buf_addstr(&b, "deep");
	for (i = 0; i < 10000; i++)
		buf_addstr(&b, "</div>");
	t0 = clock();
	out = sanitize_html(b.data, b.len, B, &img);
	open = count(out, "<div>");
	close = count(out, "</div>");
	t_ok(open == close && open > 0 && open <= 256,
	    "10,000 nested divs: balanced, at most 256 deep");
	t_ok(strncmp(out, "<div><div>", 10) == 0 &&
	    strlen(out) == open * 11 + (strstr(out, "deep") ? 4 : 0),
	    "10,000 nested divs: nothing but divs (and the text)");
	t_ok(img == NULL, "10,000 nested divs: no image");
	free(out);

	buf_reset(&b);
	for (i = 0; i < 100000; i++)
		buf_addstr(&b, "<b><i><a href=x>");
	out = sanitize_html(b.data, b.len, B, NULL);
	t_ok(count(out, "<b>") == count(out, "</b>") &&
	    count(out, "<a ") == count(out, "</a>"),
	    "300,000 unclosed tags: balanced");
	free(out);
	out = html_to_text(b.data, b.len);
	t_streq(out, "", "300,000 unclosed tags: no text");
	free(out);
	t_ok((clock() - t0) / CLOCKS_PER_SEC < 5, "deep nesting: bounded time");
	buf_free(&b);
}

/*
 * html_fast.c takes the common subset of HTML and builds libxml2's tree
 * for it; everything else goes to libxml2.  fast: whether it must answer.
 */
static const struct {
	const char	*in;
	int		 fast;
} fast_cases[] = {
	{ "<p>Hello <a href=\"https://x.example/a?b=1&amp;c=2\">world</a>"
	  "</p>", 1 },
	{ "plain text, no tags &amp; an entity", 1 },
	{ "<p>中文 &#20013;&#x6587; &rsquo;&nbsp;&mdash;&hellip;</p>", 1 },
	{ "<ul>\n <li>one</li>\n <li><p>two</p><ul><li>x</li></ul></li>\n"
	  "</ul>", 1 },
	{ "<figure><img src=\"a.jpg\" alt=\"\" width=\"1\"><figcaption>c"
	  "</figcaption></figure>", 1 },
	{ "<blockquote><p>q</p></blockquote><h2>t</h2><br><br/><br />", 1 },
	{ "<div><div><p><em>a</em><strong><code>b</code></strong></p></div>"
	  "</div>", 1 },
	{ "a<!-- c -->b", 1 },
	{ "<span title='single \"q\"'>x</span>", 1 },
	{ "<p>a &copy; &reg; &trade; &laquo;&raquo; &times; &bull;</p>", 1 },
	/* what libxml2 would close, move or read its own way */
	{ "<p>a<p>b", 0 },
	{ "<p><div>x</div></p>", 0 },
	{ "<ul>text<li>x</li></ul>", 0 },
	{ "<li>x</li>", 0 },
	{ "<a href=\"a\"><a href=\"b\">x</a></a>", 0 },
	{ "<b><p>x</p></b>", 0 },
	{ "<p>unclosed", 0 },
	{ "</p>stray", 0 },
	{ "<P>upper</P>", 0 },
	{ "<p class=x>unquoted</p>", 0 },
	{ "<p a=\"1\" a=\"2\">twice</p>", 0 },
	{ "<p hidden>valueless</p>", 0 },
	{ "<p/>", 0 },
	{ "<script>x</script>", 0 },
	{ "<table><tr><td>x</td></tr></table>", 0 },
	{ "<pre>\ncode</pre>", 0 },
	{ "a &apos; b", 0 },
	{ "a & b", 0 },
	{ "a &#0; b &#128; c", 0 },
	{ "<![CDATA[x]]>", 0 },
	{ "<a href=\"x<![CDATA[y]]>\">z</a>", 0 },
	{ "<!DOCTYPE html><p>x</p>", 0 },
	{ "a<!--->b", 0 },
	{ "a<!-- x -- y -->b", 0 },
	{ "line\r\nbreak", 0 },
	{ "<img src=\"a\nb\">", 0 },
	{ "<br></br>", 0 },
	{ "<p >x</p >", 0 },
	{ "<svg:rect/>", 0 },
};

static void
test_fast(void)
{
	xmlDocPtr	 fast, ref;
	char		*a, *b, what[200];
	size_t		 i, n;

	for (i = 0; i < sizeof(fast_cases) / sizeof(fast_cases[0]); i++) {
		n = strlen(fast_cases[i].in);
		fast = html_fast_parse(fast_cases[i].in, n);
		name(what, sizeof(what), fast_cases[i].fast ? "fast path" :
		    "left to libxml2", fast_cases[i].in, "");
		t_ok((fast != NULL) == fast_cases[i].fast, what);
		if (fast == NULL)
			continue;
		ref = html_parse_fragment_libxml2(fast_cases[i].in, n);
		a = htmltree_string(fast);
		b = htmltree_string(ref);
		name(what, sizeof(what), "libxml2's tree", fast_cases[i].in,
		    "");
		t_streq(a, b, what);
		free(a);
		free(b);
		xmlFreeDoc(ref);
		xmlFreeDoc(fast);
	}
}

/* A small generator of feed-like HTML, mostly in html_fast.c's subset. */
struct gen {
	struct buf	 b;
	unsigned	 seed;
};

static unsigned
gen_rand(struct gen *g, unsigned n)
{
	g->seed = g->seed * 1103515245 + 12345;
	return (g->seed >> 16) % n;
}

static void
gen_pick(struct gen *g, const char *const *list, size_t n)
{
	buf_addstr(&g->b, list[gen_rand(g, (unsigned)n)]);
}

#define PICK(g, list)	gen_pick(g, list, sizeof(list) / sizeof(list[0]))

static void
gen_text(struct gen *g)
{
	static const char *const words[] = {
		"word", " ", "  ", "\n", "\t", "中文", "新闻", "&amp;", "&lt;",
		"&gt;", "&quot;", "&nbsp;", "&mdash;", "&#20013;", "&#x6587;",
		"&rsquo;", "\"", "'", ">", "Ünïcödé", "\xC2\xA0", "1x1",
	};
	/* Outside the subset: libxml2 parses these. */
	static const char *const odd[] = { "&apos;", "& ", "\r\n", "&#0;" };
	unsigned	 n = 1 + gen_rand(g, 5);

	while (n-- > 0)
		if (gen_rand(g, 100) == 0)
			PICK(g, odd);
		else
			PICK(g, words);
}

static void
gen_attrs(struct gen *g, const char *elem)
{
	static const char *const urls[] = {
		"https://x.example/a", "/rel/b.jpg", "c.png?x=1&amp;y=2",
		"javascript:alert(1)", "data:image/gif;base64,R0l",
		"//cdn.example/d.jpg", "mailto:a@b.example", "",
		"  https://x.example/sp  ", "http://x.example/blank.gif",
		"https://x.example/%2e%2e/e", "https://例え.jp/パス",
		"HTTP://X.Example:80/Up",
	};
	static const char *const names[] = {
		"title", "class", "style", "onclick", "lang", "dir", "id",
		"alt", "width", "height", "cite", "data-x",
	};
	static const char *const vals[] = {
		"x", "", "ltr", "RTL", "en-US", "12", "-3", "a &amp; b",
		"中文", " 7 ", "1234567890",
	};
	unsigned	 n = gen_rand(g, 4), i;
	int		 q;

	if (strcmp(elem, "a") == 0 && gen_rand(g, 5) != 0) {
		buf_addstr(&g->b, " href=\"");
		PICK(g, urls);
		buf_addc(&g->b, '"');
	}
	if (strcmp(elem, "img") == 0) {
		static const char *const srcs[] = {
			"src", "data-src", "srcset", "data-srcset",
			"data-original", "src",
		};
		for (i = gen_rand(g, 3); i < 3; i++) {
			buf_addc(&g->b, ' ');
			/* each at most once: a repeat is libxml2's */
			buf_addstr(&g->b, srcs[i * 2 + gen_rand(g, 2)]);
			buf_addstr(&g->b, "=\"");
			PICK(g, urls);
			buf_addc(&g->b, '"');
		}
	}
	for (i = 0; i < n; i++) {
		buf_addc(&g->b, ' ');
		buf_addstr(&g->b, names[(i * 3 + gen_rand(g, 3)) %
		    (sizeof(names) / sizeof(names[0]))]);
		q = gen_rand(g, 2) ? '"' : '\'';
		buf_printf(&g->b, "=%c", q);
		PICK(g, vals);
		buf_addc(&g->b, q);
	}
}

/* Content of a container, a list (inlist 1) or a paragraph (2). */
static void
gen_flow(struct gen *g, int depth, int inlist)
{
	static const char *const blocks[] = {
		"p", "div", "blockquote", "h2", "figure", "figcaption", "ul",
		"ol",
	};
	static const char *const inlines[] = {
		"a", "b", "i", "em", "strong", "code", "span", "small", "sub",
		"q", "cite",
	};
	static const char *const odd[] = {
		"<br>", "<br/>", "<!-- c -->", "<hr>", "<p>unclosed",
		"<script>x()</script>", "<table><tr><td>t</td></tr></table>",
		"<font color=red>f</font>", "<iframe src=x></iframe>",
	};
	const char	*e;
	unsigned	 n = 1 + gen_rand(g, 4), i;

	for (i = 0; i < n; i++) {
		if (inlist == 1) {
			buf_addstr(&g->b, "<li>");
			if (depth < 6)
				gen_flow(g, depth + 1, 0);
			buf_addstr(&g->b, "</li>");
			continue;
		}
		switch (gen_rand(g, depth < 6 && inlist == 0 ? 8 : 6)) {
		case 0:
		case 1:
			gen_text(g);
			break;
		case 2:
			buf_addstr(&g->b, "<img");
			gen_attrs(g, "img");
			buf_addstr(&g->b, gen_rand(g, 2) ? ">" : " />");
			break;
		case 3:
			if (gen_rand(g, 30) == 0) {
				PICK(g, odd);
				break;
			}
			buf_addstr(&g->b, gen_rand(g, 2) ? "<br>" :
			    "<!-- note -->");
			break;
		case 4:
		case 5:
			e = inlines[gen_rand(g, sizeof(inlines) /
			    sizeof(inlines[0]))];
			buf_printf(&g->b, "<%s", e);
			gen_attrs(g, e);
			buf_addc(&g->b, '>');
			gen_text(g);
			buf_printf(&g->b, "</%s>", e);
			break;
		default:
			e = blocks[gen_rand(g, sizeof(blocks) /
			    sizeof(blocks[0]))];
			buf_printf(&g->b, "<%s", e);
			gen_attrs(g, e);
			buf_addc(&g->b, '>');
			gen_flow(g, depth + 1, e[1] == 'l' ? 1 :
			    strcmp(e, "p") == 0 || e[0] == 'h' ||
			    strcmp(e, "figcaption") == 0 ? 2 : 0);
			buf_printf(&g->b, "</%s>", e);
			break;
		}
	}
}

/*
 * The sanitizer on html_fast.c's events against the sanitizer on
 * libxml2's tree: the same HTML, image and text (whole and cut short),
 * on the tables' inputs and on 20,000 generated fragments.
 */
static int
same_as_libxml2(const char *in, size_t n, const char *base)
{
	char	*why;
	int	 same;

	same = htmltree_same_sanitized(in, n, base, n % 3 == 0 ? 0 : n % 40,
	    &why);
	if (!same)
		fprintf(stderr, "%s", why);
	free(why);
	return same;
}

static void
test_stream(void)
{
	struct gen	 g = { BUF_INIT, 77 };
	xmlDocPtr	 fast;
	size_t		 i, bad = 0, nfast = 0;
	char		 what[200];

	for (i = 0; i < sizeof(fast_cases) / sizeof(fast_cases[0]); i++) {
		name(what, sizeof(what), "events, as libxml2's tree",
		    fast_cases[i].in, "");
		t_ok(same_as_libxml2(fast_cases[i].in,
		    strlen(fast_cases[i].in), B2), what);
	}
	for (i = 0; i < sizeof(san) / sizeof(san[0]); i++)
		if (!same_as_libxml2(san[i].in, strlen(san[i].in),
		    san[i].base))
			bad++;
	t_ok(bad == 0, "events, as libxml2's tree: every sanitizer case");
	bad = 0;
	for (i = 0; i < 20000; i++) {
		buf_reset(&g.b);
		gen_flow(&g, 0, 0);
		if ((fast = html_fast_parse(g.b.data, g.b.len)) != NULL) {
			nfast++;
			xmlFreeDoc(fast);
		}
		if (!same_as_libxml2(g.b.data, g.b.len, i % 4 ? B2 : NULL) &&
		    ++bad > 5)
			break;
	}
	t_ok(bad == 0, "events, as libxml2's tree: 20,000 generated "
	    "fragments");
	t_ok(nfast > 10000 && nfast < 19000, "generated fragments: most "
	    "in the fast subset, some not");
	buf_free(&g.b);
}

/* html_to_text_max: the text's opening, as html_to_text has it. */
static void
test_text_max(void)
{
	static const char	 html[] = "<p>One two three</p><script>no</script>"
	    "<p>four &amp; five <b>six</b></p><ul><li>seven</li><li>eight"
	    "</li></ul>\xE4\xB8\xAD\xE6\x96\x87 nine ten";
	char			*full, *part, *shortt;

	full = html_to_text(html, strlen(html));
	part = html_to_text_max(html, strlen(html), 8);
	shortt = html_to_text_max(html, strlen(html), 1000);
	t_streq(full, "One two three four & five six seven eight "
	    "\xE4\xB8\xAD\xE6\x96\x87 nine ten", "text max: the whole text");
	t_ok(strlen(part) > 8 && strlen(part) < strlen(full) &&
	    strncmp(full, part, strlen(part)) == 0,
	    "text max: stops early, on an opening of the whole");
	t_streq(shortt, full, "text max: a larger max reads it all");
	free(full);
	free(part);
	free(shortt);
}

/* xml_escape_add one byte at a time, as xmlesc.h describes it. */
static void
escape_ref(struct buf *b, const unsigned char *s, size_t n, int flags)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '<')
			buf_addstr(b, "&lt;");
		else if (s[i] == '>')
			buf_addstr(b, "&gt;");
		else if (s[i] == '&')
			buf_addstr(b, "&amp;");
		else if (s[i] == '"' && (flags & XE_QUOT))
			buf_addstr(b, "&quot;");
		else if (s[i] == '\r' && (flags & XE_CR))
			buf_addstr(b, "&#13;");
		else if (s[i] == '\n' && (flags & XE_TABLF))
			buf_addstr(b, "&#10;");
		else if (s[i] == '\t' && (flags & XE_TABLF))
			buf_addstr(b, "&#9;");
		else if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' &&
		    s[i] != '\r' && (flags & XE_DROP_CTRL))
			;
		else
			buf_addc(b, s[i]);
	}
}

/*
 * The escaper's fast path (16 plain bytes at a time) against the one
 * above: random text with every special byte at every offset, each
 * combination of flags.
 */
static void
test_escape_fast_path(void)
{
	static const unsigned char	 special[] = "<>&\"\r\n\t\x01\x1F\x7F\x80\xE4";
	unsigned char			 s[100];
	struct buf			 a = BUF_INIT, b = BUF_INIT;
	unsigned			 seed = 4242;
	size_t				 n, i, bad = 0;
	int				 round, flags;

	for (round = 0; round < 4000; round++) {
		n = (seed = seed * 1103515245 + 12345) % sizeof(s);
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			s[i] = (seed >> 16) % 6 == 0 ?
			    special[(seed >> 20) % (sizeof(special) - 1)] :
			    'a' + (seed >> 20) % 26;
		}
		for (flags = 0; flags < 16; flags++) {
			buf_reset(&a);
			buf_reset(&b);
			buf_addstr(&a, "x");
			buf_addstr(&b, "x");
			xml_escape_add(&a, (const char *)s, n, flags);
			escape_ref(&b, s, n, flags);
			if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
				bad++;
		}
	}
	t_ok(bad == 0, "escape: fast path agrees byte by byte (64,000 cases)");
	buf_free(&a);
	buf_free(&b);
}

int
main(void)
{
	char	 what[160];
	char	*out, *img;
	size_t	 i;

	test_fast();
	test_stream();
	test_escape_fast_path();
	test_text_max();
	for (i = 0; i < sizeof(san) / sizeof(san[0]); i++) {
		out = sanitize_html(san[i].in, strlen(san[i].in), san[i].base,
		    &img);
		name(what, sizeof(what), "sanitize", san[i].in,
		    san[i].base ? "" : " (no base)");
		t_streq(out, san[i].want, what);
		name(what, sizeof(what), "first_img", san[i].in,
		    san[i].base ? "" : " (no base)");
		t_streq(img, san[i].img, what);
		free(out);
		free(img);
	}

	/* A length, not a NUL, ends the input; NUL bytes are dropped. */
	out = sanitize_html("a\0b<p>c</p>tail", 10, NULL, NULL);
	t_streq(out, "ab<p>c</p>", "sanitize: embedded NUL, length bound");
	free(out);
	img = (char *)1;
	out = sanitize_html(NULL, 0, B, &img);
	t_streq(out, "", "sanitize NULL: empty string");
	t_ok(img == NULL, "sanitize NULL: first_img reset");
	free(out);
	out = sanitize_html("<img src=a.png>", 15, B, NULL);
	t_streq(out, "<img src=\"http://example.com/a.png\">",
	    "sanitize: first_img pointer may be NULL");
	free(out);

	test_deep();

	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		out = html_to_text(text[i].in, strlen(text[i].in));
		name(what, sizeof(what), "html_to_text", text[i].in, "");
		t_streq(out, text[i].want, what);
		free(out);
	}
	out = html_to_text(NULL, 0);
	t_streq(out, "", "html_to_text NULL");
	free(out);

	for (i = 0; i < sizeof(esc) / sizeof(esc[0]); i++) {
		out = html_escape(esc[i].in);
		name(what, sizeof(what), "html_escape", esc[i].in, "");
		t_streq(out, esc[i].want, what);
		free(out);
	}
	return t_done();
}
