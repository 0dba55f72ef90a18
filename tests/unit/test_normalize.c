/*
 * test_normalize.c - the normalizer on hand-built documents: content
 * choice, summaries counted in characters, title fallback, thumbnails,
 * authors, tags, and the URL-hash keys with their fallbacks.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "normalize.h"
#include "sanitize.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"
#include "t.h"

static struct entry *
add(struct feed_doc *doc, const char *id, const char *link)
{
	struct entry	*e = entry_new();

	e->id = id ? xstrdup(id) : NULL;
	e->link = link ? xstrdup(link) : NULL;
	feed_doc_add_entry(doc, e);
	return e;
}

static struct entry *
nth(struct feed_doc *doc, int n)
{
	struct entry	*e = TAILQ_FIRST(&doc->entries);

	while (n-- > 0)
		e = TAILQ_NEXT(e, next);
	return e;
}

static void
id_hash(const char *feed, const char *id, char out[65])
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s\n%s", feed, id);
	sha256_hex(b.data, b.len, out);
	buf_free(&b);
}

static void
test_hashes(void)
{
	struct feed_doc		*doc = feed_doc_new();
	struct norm_opts	 o = { "https://example.org/feed.xml", NULL };
	char			 h[65];

	add(doc, "a", "http://Example.COM:80/a?utm_source=x&b=1#top");
	add(doc, "b", "https://example.com/a?b=1");
	add(doc, "home-1", "https://example.com/");
	add(doc, "home-2", "https://example.com/");
	add(doc, "same", "https://example.com/x");
	add(doc, "same", "https://example.com/y");
	add(doc, "dup", "https://example.com/z");
	add(doc, "dup", "https://example.com/z");
	add(doc, "no-link", NULL);
	normalize_doc(doc, &o);

	t_streq(nth(doc, 0)->url, "http://example.com/a?b=1",
	    "canonical url drops port, tracking, fragment");
	t_ok(strcmp(nth(doc, 0)->url_hash, nth(doc, 1)->url_hash) == 0,
	    "http and https copies hash alike");
	url_hash("https://example.com/a?b=1", h);
	t_streq(nth(doc, 1)->url_hash, h, "hash is the url hash");
	id_hash(o.feed_url, "home-1", h);
	t_streq(nth(doc, 2)->url_hash, h, "shared link, distinct ids: id hash");
	id_hash(o.feed_url, "home-2", h);
	t_streq(nth(doc, 3)->url_hash, h, "shared link, second id hash");
	t_streq(nth(doc, 2)->url, "https://example.com/",
	    "shared link stays the url");
	t_ok(strcmp(nth(doc, 4)->url_hash, nth(doc, 5)->url_hash) != 0,
	    "same id, distinct links: the link decides");
	url_hash("https://example.com/y", h);
	t_streq(nth(doc, 5)->url_hash, h, "same id: link hash");
	t_ok(strcmp(nth(doc, 6)->url_hash, nth(doc, 7)->url_hash) == 0,
	    "same link and id: one entry");
	url_hash("https://example.com/z", h);
	t_streq(nth(doc, 6)->url_hash, h, "true duplicate keeps link hash");
	id_hash(o.feed_url, "no-link", h);
	t_streq(nth(doc, 8)->url_hash, h, "no link: feed url + id");
	t_streq(nth(doc, 8)->url, NULL, "no link: url null");
	feed_doc_free(doc);
}

static void
test_ids(void)
{
	struct feed_doc		*doc = feed_doc_new();
	struct norm_opts	 o = { NULL, NULL };

	add(doc, NULL, "https://example.com/p?utm_medium=rss");
	add(doc, "  tag:example.com,2025:1 \n", "ftp://example.com/f");
	normalize_doc(doc, &o);
	t_streq(nth(doc, 0)->id, "https://example.com/p",
	    "missing id: canonical link");
	t_streq(nth(doc, 1)->id, "tag:example.com,2025:1", "id trimmed");
	t_streq(nth(doc, 1)->url, NULL, "non-http link: no url");
	feed_doc_free(doc);
}

/*
 * The summary of a long article comes from its opening only (the text
 * walk stops early): it must be what the whole article's text gives, with
 * runs of white space and non-ASCII spaces around the cut.
 */
static void
test_long_summary(void)
{
	struct feed_doc		*doc = feed_doc_new();
	struct norm_opts	 o = { "https://example.org/feed.xml", NULL };
	struct entry		*e;
	struct buf		 b = BUF_INIT;
	char			*full, *want;
	int			 i;

	for (i = 0; i < 400; i++)
		buf_printf(&b, "<p>w%d\xC2\xA0\xE3\x80\x80  <b>字</b>\n\n</p>"
		    "<script>not text</script>", i);
	e = add(doc, "1", "https://example.org/long");
	full = xstrdup(buf_cstr(&b));
	text_set(&e->content, buf_release(&b), TEXT_HTML, NULL);
	normalize_doc(doc, &o);
	e = nth(doc, 0);
	want = html_to_text(full, strlen(full));
	free(full);
	full = utf8_truncate(want, SUMMARY_MAX_CHARS);
	t_streq(e->summary_text, full,
	    "long article: the summary is the whole text's, cut");
	t_ok(utf8_count(e->summary_text) == SUMMARY_MAX_CHARS,
	    "long article: 280 characters");
	free(want);
	free(full);
	feed_doc_free(doc);
}

static void
test_text(void)
{
	struct feed_doc		*doc = feed_doc_new();
	struct norm_opts	 o = { "https://example.org/feed.xml", NULL };
	struct entry		*e;
	struct buf		 b = BUF_INIT;
	int			 i;
	char			*want;

	/* Description only: it is the content and the summary. */
	e = add(doc, "1", "https://example.org/1");
	text_set(&e->title, xstrdup("Tom &amp; Jerry <b>live</b>"),
	    TEXT_GUESS, NULL);
	text_set(&e->summary, xstrdup("<p>Hello <b>world</b>"
	    "<script>alert(1)</script></p><img src=\"/i.png\">"),
	    TEXT_HTML, NULL);

	/* content:encoded beats description; summary from description. */
	e = add(doc, "2", "https://example.org/2");
	text_set(&e->summary, xstrdup("Short   teaser\n"), TEXT_HTML, NULL);
	text_set(&e->content, xstrdup("<p>Full <em>text</em></p>"),
	    TEXT_HTML, "https://cdn.example.org/");

	/* 300 Chinese characters: cut to 280 with the ellipsis. */
	e = add(doc, "3", "https://example.org/3");
	for (i = 0; i < 300; i++)
		buf_addstr(&b, "中");
	text_set(&e->content, buf_release(&b), TEXT_HTML, NULL);

	/* No title: the first words of the summary. */
	e = add(doc, "4", "https://example.org/4");
	text_set(&e->summary, xstrdup("A plain text summary that goes on "
	    "and on, well past the eighty characters a title may take from "
	    "it, so it gets cut."), TEXT_PLAIN, NULL);

	/* Plain-text content (Atom type="text") is escaped, not parsed. */
	e = add(doc, "5", "https://example.org/5");
	text_set(&e->content, xstrdup("a < b\nc"), TEXT_PLAIN, NULL);
	text_set(&e->title, xstrdup("  x <y>  "), TEXT_PLAIN, NULL);

	normalize_doc(doc, &o);

	e = nth(doc, 0);
	t_streq(e->title_text, "Tom & Jerry live", "html-ish title as text");
	t_streq(e->content_html, "<p>Hello <b>world</b></p>"
	    "<img src=\"https://example.org/i.png\">",
	    "description sanitized into content");
	t_streq(e->summary_text, "Hello world", "summary is plain text");
	t_streq(e->thumbnail, "https://example.org/i.png",
	    "thumbnail from first image");

	e = nth(doc, 1);
	t_streq(e->content_html, "<p>Full <em>text</em></p>",
	    "content:encoded preferred");
	t_streq(e->summary_text, "Short teaser", "summary from description");
	t_streq(e->thumbnail, NULL, "no image, no thumbnail");

	e = nth(doc, 2);
	t_ok(utf8_count(e->summary_text) == 280, "summary is 280 characters");
	buf_reset(&b);
	for (i = 0; i < 279; i++)
		buf_addstr(&b, "中");
	buf_addstr(&b, "\xE2\x80\xA6");
	want = buf_release(&b);
	t_streq(e->summary_text, want, "summary cut at a character, with …");
	free(want);
	t_ok(utf8_count(e->title_text) == 80, "CJK title fallback, 80 chars");

	e = nth(doc, 3);
	t_streq(e->title_text, "A plain text summary that goes on and on, "
	    "well past the eighty characters a\xE2\x80\xA6",
	    "title fallback cut between words");

	e = nth(doc, 4);
	t_streq(e->content_html, "a &lt; b<br>c", "plain content escaped");
	t_streq(e->title_text, "x <y>", "plain title kept literally");
	feed_doc_free(doc);
	test_long_summary();
}

static void
test_meta(void)
{
	struct feed_doc		*doc = feed_doc_new();
	struct norm_opts	 o = { NULL, NULL };
	struct entry		*e;
	struct person		*p;
	struct enclosure	*enc;
	struct tz		*tz;
	char			 err[128], d[32];

	doc->lang = xstrdup(" zh-CN ");
	p = person_add(&doc->authors, &doc->nauthors);
	p->name = xstrdup("Feed Author");

	e = add(doc, "1", "https://example.org/1");
	strvec_push(&e->tags, " Tech ");
	strvec_push(&e->tags, "news");
	strvec_push(&e->tags, "tech");
	strvec_push(&e->tags, "   ");
	strvec_push(&e->tags, "科技");
	e->itunes_image = xstrdup("https://example.org/cover.jpg");
	e->media_image = xstrdup("javascript:alert(1)");
	enc = enclosure_add(&e->enclosures, &e->nenclosures);
	enc->url = xstrdup("https://example.org/a.mp3");
	enc->type = xstrdup("audio/mpeg");
	enc->length = 1234;
	enc = enclosure_add(&e->enclosures, &e->nenclosures);
	enc->url = xstrdup("https://example.org/a.mp3");
	enc = enclosure_add(&e->enclosures, &e->nenclosures);
	enc->url = xstrdup("file:///etc/passwd");
	e->published_raw = xstrdup("2025-02-11 15:49:32");

	e = add(doc, "2", "https://example.org/2");
	e->lang = xstrdup("en");
	p = person_add(&e->authors, &e->nauthors);
	p->name = xstrdup("  Jane  Doe ");
	p->email = xstrdup("jane@example.org");
	p = person_add(&e->authors, &e->nauthors);
	enc = enclosure_add(&e->enclosures, &e->nenclosures);
	enc->url = xstrdup("https://example.org/p.jpg");
	enc->type = xstrdup("image/jpeg");
	e->published_raw = xstrdup("not a date");
	e->updated_raw = xstrdup("Tue, 11 Feb 2025 07:49:32 GMT");

	tz = tz_load("Asia/Shanghai", err, sizeof(err));
	t_ok(tz != NULL, "load Asia/Shanghai");
	o.tz = tz;
	normalize_doc(doc, &o);

	e = nth(doc, 0);
	t_ok(e->tags.n == 3, "tags de-duplicated, blanks dropped");
	t_streq(e->tags.n > 0 ? e->tags.v[0] : NULL, "Tech", "first spelling kept");
	t_streq(e->tags.n > 2 ? e->tags.v[2] : NULL, "科技", "CJK tag kept");
	t_streq(e->thumbnail, "https://example.org/cover.jpg",
	    "unsafe media image skipped, itunes image used");
	t_ok(e->nenclosures == 1, "duplicate and file: enclosures dropped");
	t_streq(e->lang, "zh-CN", "lang inherited from the feed");
	t_ok(e->nauthors == 1 && e->authors[0].name != NULL &&
	    strcmp(e->authors[0].name, "Feed Author") == 0,
	    "authors inherited from the feed");
	date_format_rfc3339(e->published, d);
	t_streq(d, "2025-02-11T07:49:32Z", "zoneless date read in the feed zone");

	e = nth(doc, 1);
	t_streq(e->lang, "en", "entry lang kept");
	t_ok(e->nauthors == 1, "empty author dropped");
	t_streq(e->authors[0].name, "Jane Doe", "author name collapsed");
	t_streq(e->thumbnail, "https://example.org/p.jpg",
	    "image enclosure as thumbnail");
	t_ok(e->published == DATE_NONE, "bad date is null, not a guess");
	date_format_rfc3339(e->updated, d);
	t_streq(d, "2025-02-11T07:49:32Z", "updated parsed");
	tz_free(tz);
	feed_doc_free(doc);
}

int
main(void)
{
	test_hashes();
	test_ids();
	test_text();
	test_meta();
	return t_done();
}
