/*
 * test_markdown.c - the Markdown export: HTML to Markdown (golden files in
 * tests/markdown/ and a table of small cases), YAML front matter, dates in
 * zones, the whole file rebuilt from ../shared/seed/example-post.md, and
 * file names.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "frontmatter.h"
#include "markdown.h"
#include "xmalloc.h"

#include "t.h"

/* Owned contents of tests/markdown/NAME, or NULL. */
static char *
slurp(const char *name)
{
	struct buf	 b = BUF_INIT;
	const char	*dir;
	char		 path[1024], chunk[4096];
	FILE		*f;
	size_t		 n;

	if ((dir = getenv("TESTDIR")) != NULL)
		snprintf(path, sizeof(path), "%s/markdown/%s", dir, name);
	else
		snprintf(path, sizeof(path), "tests/markdown/%s", name);
	if ((f = fopen(path, "rb")) == NULL) {
		printf("# cannot open %s\n", path);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_release(&b);
}

/* Byte comparison, and the first difference as a diagnostic. */
static void
same(const char *got, const char *want, const char *what)
{
	size_t	 i;

	if (got == NULL || want == NULL) {
		t_ok(0, what);
		return;
	}
	t_ok(strcmp(got, want) == 0, what);
	if (strcmp(got, want) == 0)
		return;
	for (i = 0; got[i] == want[i]; i++)
		;
	i = i > 40 ? i - 40 : 0;
	printf("#   at byte %zu\n#   got:  %.120s\n#   want: %.120s\n", i,
	    got + i, want + i);
}

static char *
md(const char *html, const char *base)
{
	struct buf	 b = BUF_INIT;

	if (html_to_markdown(html, base, &b) != 0)
		buf_addstr(&b, "(error)");
	return buf_release(&b);
}

static void
test_golden(const char *name, const char *base)
{
	char	 hname[128], mname[128], what[160];
	char	*html, *want, *got;

	snprintf(hname, sizeof(hname), "%s.html", name);
	snprintf(mname, sizeof(mname), "%s.md", name);
	snprintf(what, sizeof(what), "%s.html converts to %s", name, mname);
	html = slurp(hname);
	want = slurp(mname);
	got = html != NULL ? md(html, base) : NULL;
	same(got, want, what);
	free(html);
	free(want);
	free(got);
}

static const struct {
	const char	*html;
	const char	*want;
	const char	*what;
} cases[] = {
	{ "", "", "empty input" },
	{ "<p>  </p><div>\n</div>", "", "only white space" },
	{ "plain", "plain\n", "bare text" },
	{ "<p>a</p><p>b</p>", "a\n\nb\n", "paragraphs, one blank line" },
	{ "<p>a<br>b</p>", "a\\\nb\n", "br as backslash line end" },
	{ "<p>a<br><br>b</p>", "a\n\nb\n", "two br: a paragraph break" },
	{ "<p><b>a<br><br>b</b></p>", "a\n\nb\n",
	    "emphasis across a paragraph break is dropped" },
	{ "<h1>#1 #</h1>", "# \\#1 \\#\n", "heading with hashes" },
	{ "<h3>a<br>b</h3>", "### a b\n", "br in a heading is a space" },
	{ "<h2></h2><p>x</p>", "x\n", "empty heading dropped" },
	{ "<p>a<em>b</em>c</p>", "a*b*c\n", "intraword emphasis" },
	{ "<p>a <em> </em> b</p>", "a b\n", "blank emphasis dropped" },
	{ "<p><em>a</em><em>b</em></p>", "*ab*\n",
	    "adjacent emphasis merged" },
	{ "<p>x<strong>\"q\"</strong>y</p>", "x\"q\"y\n",
	    "emphasis that cannot flank is dropped, text kept" },
	{ "<p>(<strong>\"q\"</strong>)</p>", "(**\"q\"**)\n",
	    "emphasis between punctuation kept" },
	{ "<p><a href=\"https://x/\"> a </a>b</p>", "[a](https://x/) b\n",
	    "spaces moved out of link text" },
	{ "<p>a<a href=\"https://x/\"> b </a>c</p>", "a [b](https://x/) c\n",
	    "spaces moved out of link text, mid-line" },
	{ "<p><a href=\"https://x/\"><a href=\"https://y/\">in</a></a></p>",
	    "[https://x/](https://x/)[in](https://y/)\n",
	    "a link in a link closes the first (HTML parser)" },
	{ "<p><em>a <i>b</i> c</em></p>", "*a b c*\n", "no nested emphasis" },
	{ "<p><a href=\"mailto:a@b.c\"></a></p>", "[a@b.c](mailto:a@b.c)\n",
	    "empty mailto link shows the address" },
	{ "<p><a href=\"ftp://x/f\">f</a></p>", "f\n",
	    "other schemes: text only" },
	{ "<p><img src=\"data:image/png;base64,AA\" alt=\"x\">y</p>", "y\n",
	    "data: images dropped" },
	{ "<p><img src=\"https://x/a<b>.png\" alt=\"\"></p>",
	    "![](<https://x/a\\<b\\>.png>)\n", "angle brackets in a URL" },
	{ "<p><img src=\"https://x/a\\b.png\" alt=\"[x]*\"></p>",
	    "![\\[x\\]\\*](<https://x/a\\\\b.png>)\n",
	    "backslash in a URL, specials in alt" },
	{ "<ul><li></li><li>b</li></ul>", "-\n- b\n", "empty item" },
	{ "<ul><li>a</li><ul><li>b</li></ul></ul>", "- a\n  - b\n",
	    "list nested outside li" },
	{ "<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n* b\n",
	    "adjacent lists change bullet" },
	{ "<ol><li>a</li></ol><ol><li>b</li></ol>", "1. a\n\n1) b\n",
	    "adjacent ordered lists change delimiter" },
	{ "<ol><li value=\"5\">a</li><li>b</li></ol>", "5. a\n6. b\n",
	    "li value" },
	{ "<ul><li>t<ol start=\"3\"><li>x</li></ol></li></ul>",
	    "- t\n\n  3. x\n", "list not at 1 after text needs a blank line" },
	{ "<ul><li><pre>a\n\nb</pre></li></ul>", "- ```\n  a\n\n  b\n  ```\n",
	    "code block in a list item" },
	{ "<blockquote><pre>a\n\nb</pre></blockquote>",
	    "> ```\n> a\n>\n> b\n> ```\n", "code block in a quote" },
	{ "<pre>\nfirst\n</pre>", "```\nfirst\n```\n",
	    "leading newline of pre dropped" },
	{ "<pre>a<br>b</pre>", "```\na\nb\n```\n", "br in pre" },
	{ "<pre>  </pre>x", "```\n  \n```\n\nx\n", "spaces-only pre kept" },
	{ "<p><code>a  b\nc</code></p>", "`a b c`\n", "code collapses" },
	{ "<p><code>``</code></p>", "``` `` ```\n", "code of backticks" },
	{ "<hr><p>x</p>", "---\n\nx\n", "rule" },
	{ "<table><tr><td>a<br>b</td><td><p>c</p><p>d</p></td></tr></table>",
	    "| a b | c d |\n| --- | --- |\n", "cells are one line" },
	{ "<table></table><p>x</p>", "x\n", "empty table dropped" },
	{ "<dl><dt>term</dt><dd>def</dd></dl>", "term\n\ndef\n",
	    "definition list as paragraphs" },
	{ "<p>1.5 million</p><p>12345678901. x</p>",
	    "1.5 million\n\n12345678901. x\n",
	    "numbers that are not list markers" },
	{ "<p>x<br>  1. y</p>", "x\\\n1\\. y\n", "list marker after a break" },
	{ "<p>-5 degrees</p><p>+</p>", "-5 degrees\n\n\\+\n",
	    "dash and plus only escaped where markup" },
	{ "<p>a\x01" "b</p>", "ab\n", "control characters dropped" },
	{ "<p>\xe4\xb8\xad\xff</p>", "\xe4\xb8\xad\xef\xbf\xbd\n",
	    "invalid UTF-8 replaced" },
	{ NULL, NULL, NULL }
};

static void
test_cases(void)
{
	char	 what[200], show[160];
	char	*got;
	size_t	 i;

	for (i = 0; cases[i].html != NULL; i++) {
		got = md(cases[i].html, NULL);
		snprintf(what, sizeof(what), "%s: %s", cases[i].what,
		    t_show(cases[i].html, show, sizeof(show)));
		t_streq(got, cases[i].want, what);
		free(got);
	}
	got = md("<p><a href=\"../up\">u</a><img src=\"i.png\" alt=\"\"></p>",
	    "https://h/a/b/c");
	t_streq(got, "[u](https://h/a/up)![](https://h/a/b/i.png)\n",
	    "relative URLs resolved against the base");
	free(got);
	got = md("<p><a href=\"../up\">u</a></p>", NULL);
	t_streq(got, "[u](../up)\n", "relative URL kept without a base");
	free(got);
}

/*
 * Deep nesting must neither crash nor lose the text (libxml2 itself stops
 * at 256 levels; past 64 blocks become text).
 */
static void
test_deep(void)
{
	struct buf	 b = BUF_INIT;
	char		*got;
	int		 i;

	for (i = 0; i < 200; i++)
		buf_addstr(&b, i % 2 ? "<div>" : "<blockquote>");
	buf_addstr(&b, "deep");
	got = md(buf_cstr(&b), NULL);
	t_ok(strstr(got, "deep") != NULL, "200 nested blocks (quote, div) keep the text");
	free(got);
	buf_reset(&b);
	for (i = 0; i < 100; i++)
		buf_addstr(&b, "<ul><li>");
	buf_addstr(&b, "x");
	got = md(buf_cstr(&b), NULL);
	t_ok(strstr(got, "x") != NULL, "100 nested lists keep the text");
	free(got);
	buf_reset(&b);
	for (i = 0; i < 100; i++)
		buf_addstr(&b, "<span><em>");
	buf_addstr(&b, "y");
	got = md(buf_cstr(&b), NULL);
	t_ok(strstr(got, "y") != NULL, "100 nested span+em keep the text");
	free(got);
	buf_free(&b);
}

static char *
date_str(int64_t t, const struct tz *tz, const char *fmt)
{
	struct buf	 b = BUF_INIT;

	frontmatter_date(&b, t, tz, fmt);
	return buf_release(&b);
}

static void
test_dates(void)
{
	static const struct {
		const char	*zone;
		int64_t		 t;
		const char	*fmt;
		const char	*want;
	} dc[] = {
		{ "Asia/Shanghai", 1739260172, NULL, "2025-02-11 15:49:32" },
		{ "Asia/Shanghai", 1739260172, "2006-01-02 15:04:05",
		    "2025-02-11 15:49:32" },
		{ "Asia/Shanghai", 1739260172, "Mon, 02 Jan 2006 03:04 PM -0700",
		    "Tue, 11 Feb 2025 03:49 PM +0800" },
		{ "Asia/Shanghai", 1739260172, "2006-01-02T15:04:05Z07:00",
		    "2025-02-11T15:49:32+08:00" },
		{ "UTC", 1739260172, "2006-01-02T15:04:05Z07:00",
		    "2025-02-11T07:49:32Z" },
		{ "Asia/Shanghai", 1739260172, "%FT%T%:z (%z) %a %A %b %B %j %y"
		    " %e %I%p %s %% %Q", "2025-02-11T15:49:32+08:00 (+0800) Tue "
		    "Tuesday Feb February 042 25 11 03PM 1739260172 % %Q" },
		{ NULL, 1739260172, "%Y-%m-%d %H:%M:%S %z",
		    "2025-02-11 07:49:32 +0000" },
		{ "-03:30", 0, "%F %T %:z", "1969-12-31 20:30:00 -03:30" },
		{ "UTC", -86401, "%F %T", "1969-12-30 23:59:59" },
		/* Berlin falls back at 01:00 UTC on 2024-10-27. */
		{ "Europe/Berlin", 1729989000, "%F %T %z",
		    "2024-10-27 02:30:00 +0200" },
		{ "Europe/Berlin", 1729989000 + 3600, "%F %T %z",
		    "2024-10-27 02:30:00 +0100" },
		{ "Europe/Berlin", 1729989000 + 7200, "%F %T %z",
		    "2024-10-27 03:30:00 +0100" },
		/* And springs forward at 01:00 UTC on 2024-03-31. */
		{ "Europe/Berlin", 1711846799, "%F %T %z",
		    "2024-03-31 01:59:59 +0100" },
		{ "Europe/Berlin", 1711846800, "%F %T %z",
		    "2024-03-31 03:00:00 +0200" },
		{ NULL, 0, NULL, NULL }
	};
	struct tz	*tz;
	char		 err[128], what[200];
	char		*got;
	size_t		 i;

	for (i = 0; dc[i].want != NULL; i++) {
		tz = NULL;
		if (dc[i].zone != NULL &&
		    (tz = tz_load(dc[i].zone, err, sizeof(err))) == NULL) {
			printf("# %s: %s\n", dc[i].zone, err);
			t_ok(0, "zone loads");
			continue;
		}
		got = date_str(dc[i].t, tz, dc[i].fmt);
		snprintf(what, sizeof(what), "date %lld in %s as %s",
		    (long long)dc[i].t, dc[i].zone ? dc[i].zone : "NULL",
		    dc[i].fmt ? dc[i].fmt : "NULL");
		t_streq(got, dc[i].want, what);
		free(got);
		tz_free(tz);
	}
}

static char *
quoted(const char *s)
{
	struct buf	 b = BUF_INIT;

	frontmatter_quote(&b, s);
	return buf_release(&b);
}

static void
test_quote(void)
{
	static const char *const qc[][2] = {
		{ "", "\"\"" },
		{ "plain", "\"plain\"" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "C:\\dir", "\"C:\\\\dir\"" },
		{ "a\nb\tc\rd", "\"a\\nb\\tc\\rd\"" },
		{ "bell\x07" "esc\x1b" "del\x7f", "\"bell\\x07esc\\x1Bdel\\x7F\"" },
		{ "nel\xc2\x85" "ls\xe2\x80\xa8" "bom\xef\xbb\xbf",
		    "\"nel\\u0085ls\\u2028bom\\uFEFF\"" },
		{ "bad\xff", "\"bad\xef\xbf\xbd\"" },
		{ "- [x]: {y} # z & *a | >", "\"- [x]: {y} # z & *a | >\"" },
		{ "中文“引号”", "\"中文“引号”\"" },
		{ NULL, NULL }
	};
	char	 what[200], show[100];
	char	*got;
	size_t	 i;

	for (i = 0; qc[i][0] != NULL; i++) {
		got = quoted(qc[i][0]);
		snprintf(what, sizeof(what), "YAML quoting of %s",
		    t_show(qc[i][0], show, sizeof(show)));
		t_streq(got, qc[i][1], what);
		free(got);
	}
}

/* A [markdown] section built by hand, as config_set.c would. */
static struct fm_static *
add_static(struct markdown_conf *mc, const char *key, enum fm_type type,
    const char *value)
{
	struct fm_static	*fs;
	const char		*p, *e;

	mc->statics = xreallocarray(mc->statics, mc->nstatics + 1,
	    sizeof(*mc->statics));
	fs = &mc->statics[mc->nstatics++];
	memset(fs, 0, sizeof(*fs));
	fs->key = xstrdup(key);
	fs->type = type;
	if (type != FM_LIST) {
		fs->value = xstrdup(value);
		return fs;
	}
	for (p = value; *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, ",");
		strvec_push_owned(&fs->list, xstrndup(p, e - p));
	}
	return fs;
}

static void
conf_free(struct markdown_conf *mc)
{
	size_t	 i;

	for (i = 0; i < mc->nstatics; i++) {
		free(mc->statics[i].key);
		free(mc->statics[i].value);
		strvec_clear(&mc->statics[i].list);
	}
	free(mc->statics);
	memset(mc, 0, sizeof(*mc));
}

static char *
front(const struct fm_entry *e, const struct markdown_conf *mc,
    const struct tz *tz)
{
	struct buf	 b = BUF_INIT;

	frontmatter_write(&b, e, mc, tz);
	return buf_release(&b);
}

static void
test_frontmatter(void)
{
	struct markdown_conf	 mc;
	struct fm_entry		 e;
	struct strvec		 tags = { NULL, 0, 0 }, cats = { NULL, 0, 0 };
	char			*got;

	memset(&mc, 0, sizeof(mc));
	mc.summary_chars = 5;
	memset(&e, 0, sizeof(e));
	e.date = DATE_NONE;
	got = front(&e, &mc, NULL);
	t_streq(got, "---\ntitle: \"\"\n---\n", "nothing but a title");
	free(got);

	strvec_push(&tags, "a \"b\"");
	strvec_push(&tags, "c");
	strvec_push(&cats, "News");
	e.title = "Hello: \"world\" #1";
	e.date = 0;
	e.summary = "  \xe4\xb8\x80\xe4\xba\x8c  \n\xe4\xb8\x89 four five";
	e.categories = &cats;
	e.lang = "en";
	e.tags = &tags;
	e.thumbnail = "https://x/t.png";
	add_static(&mc, "draft", FM_BOOL, "false");
	add_static(&mc, "weight", FM_NUMBER, "10");
	add_static(&mc, "menu", FM_STRING, "");
	add_static(&mc, "aliases", FM_LIST, "/a,/b \"c\"");
	add_static(&mc, "empty", FM_LIST, "");
	add_static(&mc, "odd key", FM_STRING, "v");
	got = front(&e, &mc, NULL);
	t_streq(got, "---\n"
	    "title: \"Hello: \\\"world\\\" #1\"\n"
	    "date: \"1970-01-01 00:00:00\"\n"
	    "summary: \"\xe4\xb8\x80\xe4\xba\x8c \xe4\xb8\x89...\"\n"
	    "categories:\n  - \"News\"\n"
	    "lang:\n  - \"en\"\n"
	    "tags:\n  - \"a \\\"b\\\"\"\n  - \"c\"\n"
	    "thumbnail: \"https://x/t.png\"\n"
	    "draft: false\n"
	    "weight: 10\n"
	    "menu: \"\"\n"
	    "aliases:\n  - \"/a\"\n  - \"/b \\\"c\\\"\"\n"
	    "empty: []\n"
	    "\"odd key\": \"v\"\n"
	    "---\n", "every key type, summary cut in characters");
	free(got);

	/* A summary that fits is not cut; 0 characters: no summary. */
	e.summary = "abcde";
	conf_free(&mc);
	mc.summary_chars = 5;
	e.thumbnail = NULL;
	e.lang = NULL;
	got = front(&e, &mc, NULL);
	t_ok(strstr(got, "summary: \"abcde\"\n") != NULL,
	    "summary of exactly summary_chars is not cut");
	t_ok(strstr(got, "thumbnail") == NULL && strstr(got, "lang") == NULL,
	    "no thumbnail, no lang: no keys");
	free(got);
	mc.summary_chars = 0;
	got = front(&e, &mc, NULL);
	t_ok(strstr(got, "summary") == NULL, "summary_chars = 0: no summary");
	free(got);

	/* Static keys that name built-in ones place them, or stand in. */
	mc.summary_chars = 50;
	add_static(&mc, "thumbnail", FM_STRING, "/default.png");
	add_static(&mc, "x", FM_BOOL, "true");
	add_static(&mc, "title", FM_STRING, "ignored");
	got = front(&e, &mc, NULL);
	t_streq(got, "---\n"
	    "date: \"1970-01-01 00:00:00\"\n"
	    "summary: \"abcde\"\n"
	    "categories:\n  - \"News\"\n"
	    "tags:\n  - \"a \\\"b\\\"\"\n  - \"c\"\n"
	    "thumbnail: \"/default.png\"\n"
	    "x: true\n"
	    "title: \"Hello: \\\"world\\\" #1\"\n"
	    "---\n", "built-in keys placed by static keys, with fallback");
	free(got);
	conf_free(&mc);
	strvec_clear(&tags);
	strvec_clear(&cats);
}

/*
 * The seed example, rebuilt: its article as sanitized HTML (the lead
 * image, then the text), its metadata and the [markdown] section that
 * asks for its keys.
 */
static void
example_setup(struct markdown_conf *mc)
{
	memset(mc, 0, sizeof(*mc));
	mc->date_format = "2006-01-02 15:04:05";
	mc->summary_chars = 50;
	add_static(mc, "translations", FM_LIST, "zh-CN");
	add_static(mc, "tags", FM_LIST, "");
	add_static(mc, "menu", FM_STRING, "");
	add_static(mc, "thumbnail", FM_STRING, "");
	add_static(mc, "lead", FM_STRING, "");
	add_static(mc, "comments", FM_BOOL, "false");
	add_static(mc, "authorbox", FM_BOOL, "false");
	add_static(mc, "pager", FM_BOOL, "true");
	add_static(mc, "toc", FM_BOOL, "false");
	add_static(mc, "mathjax", FM_BOOL, "false");
	add_static(mc, "sidebar", FM_STRING, "right");
	add_static(mc, "widgets", FM_LIST, "search,recent,taglist");
}

static void
test_example(const char *html_name, const char *md_name, const char *what)
{
	struct markdown_conf	 mc;
	struct fm_entry		 e;
	struct strvec		 qq = { NULL, 0, 0 };
	struct buf		 b = BUF_INIT;
	struct tz		*tz;
	char			 err[128];
	char			*html, *want;

	if ((tz = tz_load("Asia/Shanghai", err, sizeof(err))) == NULL)
		tz = tz_load("+08:00", err, sizeof(err));
	example_setup(&mc);
	strvec_push(&qq, "qq");
	memset(&e, 0, sizeof(e));
	e.title = "欧美的人工智能发展都“举国体制”了，中国怎么办？";
	e.date = 1739260172;	/* 2025-02-11T07:49:32Z */
	e.summary = "欧美“举国体制”的背后，是资本主义国家罕见地动用国家力量"
	    "整合市场资源。DeepSeek的火爆显然让一些人坐不住了。IT之家 2 月 "
	    "10 日消息";
	e.categories = &qq;
	e.lang = "zh-CN";
	e.tags = &qq;
	e.thumbnail = "https://inews.gtimg.com/om_ls/OU41BTWz8HKgDY-m08uf5oj"
	    "Ovks7L3AAxVXWNu53XamIIAA_640360/0";
	html = slurp(html_name);
	want = slurp(md_name);
	t_ok(html != NULL && markdown_render_entry(&b, &e, html,
	    "https://new.qq.com/rain/a/20250211A05NTT00",
	    "https://new.qq.com/rain/a/20250211A05NTT00", &mc, tz) == 0,
	    "example renders");
	same(buf_cstr(&b), want, what);
	free(html);
	free(want);
	buf_free(&b);
	mc.date_format = NULL;
	conf_free(&mc);
	strvec_clear(&qq);
	tz_free(tz);
}

static void
test_render(void)
{
	struct markdown_conf	 mc;
	struct fm_entry		 e;
	struct buf		 b = BUF_INIT;

	memset(&mc, 0, sizeof(mc));
	memset(&e, 0, sizeof(e));
	e.title = "T";
	e.date = DATE_NONE;
	markdown_render_entry(&b, &e, "<p>x</p>", NULL,
	    "https://x/a (b)", &mc, NULL);
	t_streq(buf_cstr(&b), "---\ntitle: \"T\"\n---\n\nx\n\n"
	    "[source](<https://x/a (b)>)\n",
	    "no category: the source link says 'source'");
	buf_reset(&b);
	markdown_render_entry(&b, &e, "", NULL, NULL, &mc, NULL);
	t_streq(buf_cstr(&b), "---\ntitle: \"T\"\n---\n\n",
	    "no body, no source link");
	buf_free(&b);
}

static void
test_filenames(void)
{
	static const char *const fc[][3] = {
		{ "Hello, World!", "0123456789abcdef", "hello-world-01234567.md" },
		{ "欧美的人工智能发展都“举国体制”了，中国怎么办？", "abcdef0123",
		    "欧美的人工智能发展都-举国体制-了-中国怎么办-abcdef01.md" },
		{ "", "deadbeefcafe", "deadbeef.md" },
		{ NULL, "deadbeefcafe", "deadbeef.md" },
		{ "../../etc/passwd", "00112233", "etc-passwd-00112233.md" },
		{ ".hidden", "aa", "hidden-aa.md" },
		{ "!!!", "../../x", "entry.md" },
		{ "", NULL, "entry.md" },
		{ "Ünïcödé café", "12345678", "n-c-d-caf-12345678.md" },
		{ "a/b\\c", "ABCDEF12", "a-b-c-abcdef12.md" },
		{ NULL, NULL, NULL }
	};
	struct buf	 title = BUF_INIT, want = BUF_INIT;
	char		*got;
	size_t		 i;

	for (i = 0; fc[i][2] != NULL; i++) {
		got = markdown_filename(fc[i][0], fc[i][1]);
		t_streq(got, fc[i][2], fc[i][2]);
		free(got);
	}
	/* Long titles: 80 bytes at most, cut between characters. */
	for (i = 0; i < 30; i++)
		buf_addstr(&title, "word ");
	got = markdown_filename(title.data, "ffffffff");
	for (i = 0; i < 16; i++)
		buf_addstr(&want, i ? "-word" : "word");
	buf_addstr(&want, "-ffffffff.md");
	t_streq(got, want.data, "long ASCII title cut at 80 bytes");
	free(got);
	buf_reset(&title);
	buf_reset(&want);
	for (i = 0; i < 40; i++)
		buf_addstr(&title, "中");
	for (i = 0; i < 26; i++)	/* 26 * 3 = 78 bytes */
		buf_addstr(&want, "中");
	buf_addstr(&want, "-ffffffff.md");
	got = markdown_filename(title.data, "ffffffff");
	t_streq(got, want.data, "long Chinese title cut on a character");
	free(got);
	buf_free(&title);
	buf_free(&want);
}

int
main(void)
{
	test_golden("constructs", "https://example.com/base/");
	test_golden("escaping", NULL);
	test_cases();
	test_deep();
	test_dates();
	test_quote();
	test_frontmatter();
	test_example("example-post.html", "example-post.md",
	    "example-post.md rebuilt byte for byte");
	test_example("example-paragraphs.html", "example-paragraphs.md",
	    "the example with real paragraphs");
	test_render();
	test_filenames();
	return t_done();
}
