/*
 * test_parse_json.c - parse_json() on small JSON Feed documents: each case
 * lists the raw fields it must produce (or the exact error), by name, so a
 * failing check says which field of which entry went wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "parse_int.h"
#include "t.h"
#include "docfield.h"


struct tcase {
	const char	*name;
	const char	*json;
	const char	*base;
	const char	*err;	/* non-NULL: must fail with exactly this */
	const struct exp *exps;	/* ends with a NULL field */
};


static const struct tcase cases[] = {
{ "full 1.1",
  "{\"version\": \"https://jsonfeed.org/version/1.1\","
  " \"title\": \"Example Blog\", \"home_page_url\": \"https://example.org/\","
  " \"feed_url\": \"https://example.org/feed.json\","
  " \"description\": \"Notes\", \"icon\": \"https://example.org/i.png\","
  " \"favicon\": \"https://example.org/f.ico\", \"language\": \"en-GB\","
  " \"authors\": [{\"name\": \"Ann Author\", \"url\": \"https://example.org/ann\","
  "   \"avatar\": \"https://example.org/ann.png\"}, {\"name\": \"Bob\"},"
  "   {\"avatar\": \"https://example.org/nobody.png\"}],"
  " \"items\": ["
  "  {\"id\": \"https://example.org/p/1\", \"url\": \"https://example.org/p/1\","
  "   \"external_url\": \"https://other.example/x\","
  "   \"title\": \"First <post>\", \"content_html\": \"<p>Hello</p>\","
  "   \"content_text\": \"Hello\", \"summary\": \"A greeting\","
  "   \"image\": \"https://example.org/i/1.jpg\","
  "   \"banner_image\": \"https://example.org/b/1.jpg\","
  "   \"date_published\": \"2025-02-11T07:49:32Z\","
  "   \"date_modified\": \"2025-02-12T08:00:00+01:00\","
  "   \"authors\": [{\"name\": \"Carol\", \"url\": \"https://carol.example/\"}],"
  "   \"tags\": [\"c\", \"feeds\"], \"language\": \"fr\","
  "   \"attachments\": [{\"url\": \"https://example.org/a.mp3\","
  "     \"mime_type\": \"audio/mpeg\", \"title\": \"Episode\","
  "     \"size_in_bytes\": 123456, \"duration_in_seconds\": 60}]},"
  "  {\"id\": \"2\", \"url\": \"https://example.org/p/2\","
  "   \"content_text\": \"Plain only\"}]}",
  "https://example.org/feed.json", NULL,
  (const struct exp[]){
	{ DOC, "format", "json" },
	{ DOC, "title", "Example Blog" },
	{ DOC, "title.kind", "plain" },
	{ DOC, "title.base", "https://example.org/feed.json" },
	{ DOC, "link", "https://example.org/" },
	{ DOC, "id", "https://example.org/feed.json" },
	{ DOC, "updated", NULL },
	{ DOC, "lang", "en-GB" },
	{ DOC, "nauthors", "2" },
	{ DOC, "author0.name", "Ann Author" },
	{ DOC, "author0.email", NULL },
	{ DOC, "author0.uri", "https://example.org/ann" },
	{ DOC, "author1.name", "Bob" },
	{ DOC, "author1.uri", NULL },
	{ DOC, "nentries", "2" },
	{ 0, "id", "https://example.org/p/1" },
	{ 0, "link", "https://example.org/p/1" },
	{ 0, "title", "First <post>" },
	{ 0, "title.kind", "plain" },
	{ 0, "title.base", "https://example.org/feed.json" },
	{ 0, "content", "<p>Hello</p>" },
	{ 0, "content.kind", "html" },
	{ 0, "content.base", "https://example.org/feed.json" },
	{ 0, "summary", "A greeting" },
	{ 0, "summary.kind", "plain" },
	{ 0, "published", "2025-02-11T07:49:32Z" },
	{ 0, "updated", "2025-02-12T08:00:00+01:00" },
	{ 0, "lang", "fr" },
	{ 0, "nauthors", "1" },
	{ 0, "author0.name", "Carol" },
	{ 0, "author0.uri", "https://carol.example/" },
	{ 0, "ntags", "2" },
	{ 0, "tag0", "c" },
	{ 0, "tag1", "feeds" },
	{ 0, "nenc", "1" },
	{ 0, "enc0.url", "https://example.org/a.mp3" },
	{ 0, "enc0.type", "audio/mpeg" },
	{ 0, "enc0.length", "123456" },
	{ 0, "image", "https://example.org/i/1.jpg" },
	{ 0, "media_image", NULL },
	{ 0, "media_thumbnail", NULL },
	{ 1, "id", "2" },
	{ 1, "content", "Plain only" },
	{ 1, "content.kind", "plain" },
	{ 1, "title", NULL },
	{ 1, "summary", NULL },
	{ 1, "published", NULL },
	{ 1, "lang", "en-GB" },
	{ 1, "nauthors", "0" },
	{ 1, "ntags", "0" },
	{ 1, "nenc", "0" },
	{ 1, "image", NULL },
	{ 0, NULL, NULL } } },

{ "1.0 with author{}",
  "{\"version\": \"https://jsonfeed.org/version/1\", \"title\": \"Old\","
  " \"home_page_url\": \"https://old.example/\","
  " \"author\": {\"name\": \"Dan\", \"url\": \"https://old.example/dan\"},"
  " \"items\": [{\"id\": \"a\", \"url\": \"https://old.example/a\"},"
  "  {\"id\": \"b\", \"author\": {\"name\": \"Eve\"}}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "nauthors", "1" },
	{ DOC, "author0.name", "Dan" },
	{ DOC, "author0.uri", "https://old.example/dan" },
	{ DOC, "lang", NULL },
	{ DOC, "id", NULL },
	{ DOC, "title.base", NULL },
	{ 0, "nauthors", "0" },
	{ 0, "lang", NULL },
	{ 1, "nauthors", "1" },
	{ 1, "author0.name", "Eve" },
	{ 1, "author0.uri", NULL },
	{ 1, "link", NULL },
	{ 0, NULL, NULL } } },

{ "authors[] wins over author{}; empty authors[] falls back",
  "{\"version\": \"https://jsonfeed.org/version/1.1\","
  " \"authors\": [{\"name\": \"New\"}], \"author\": {\"name\": \"Old\"},"
  " \"items\": [{\"authors\": [], \"author\": {\"name\": \"Fallback\"}}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "nauthors", "1" },
	{ DOC, "author0.name", "New" },
	{ 0, "nauthors", "1" },
	{ 0, "author0.name", "Fallback" },
	{ 0, NULL, NULL } } },

{ "numeric ids",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
  " {\"id\": 42}, {\"id\": -7}, {\"id\": 3.0}, {\"id\": 1.5},"
  " {\"id\": 9007199254740993}, {\"id\": 1e3}, {\"id\": true},"
  " {\"id\": null}, {}, {\"id\": \"\"}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "nentries", "10" },
	{ 0, "id", "42" },
	{ 1, "id", "-7" },
	{ 2, "id", "3" },
	{ 3, "id", "1.5" },
	{ 4, "id", "9007199254740993" },
	{ 5, "id", "1000" },
	{ 6, "id", NULL },
	{ 7, "id", NULL },
	{ 8, "id", NULL },
	{ 9, "id", "" },
	{ 0, NULL, NULL } } },

{ "integer id too big for jansson",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
  " {\"id\": 99999999999999999999, \"attachments\": [{\"url\":"
  " \"https://x.example/a\", \"size_in_bytes\": 77}]}]}",
  NULL, NULL,
  (const struct exp[]){
	{ 0, "id", "100000000000000000000" },
	{ 0, "enc0.length", "77" },
	{ 0, NULL, NULL } } },

{ "missing url: external_url",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
  " {\"external_url\": \"https://ext.example/1\"},"
  " {\"url\": \"\", \"external_url\": \"https://ext.example/2\"},"
  " {\"url\": 5, \"external_url\": \"https://ext.example/3\"},"
  " {\"url\": \"  \"}, {\"url\": \"https://own.example/5\","
  "  \"external_url\": \"https://ext.example/5\"}]}",
  "https://base.example/feed.json", NULL,
  (const struct exp[]){
	{ 0, "link", "https://ext.example/1" },
	{ 1, "link", "https://ext.example/2" },
	{ 2, "link", "https://ext.example/3" },
	{ 3, "link", NULL },
	{ 4, "link", "https://own.example/5" },
	{ 0, NULL, NULL } } },

{ "relative URLs with a base",
  "{\"version\": \"https://jsonfeed.org/version/1.1\","
  " \"home_page_url\": \"/\", \"feed_url\": \"feed.json\","
  " \"authors\": [{\"name\": \"Me\", \"url\": \"/about\"}],"
  " \"items\": [{\"url\": \"posts/1.html\", \"image\": \"../img/x.png\","
  "  \"attachments\": [{\"url\": \"media/a.mp3\"}]},"
  "  {\"external_url\": \"//cdn.example/x\"}]}",
  "https://example.com/blog/feed.json", NULL,
  (const struct exp[]){
	{ DOC, "link", "https://example.com/" },
	{ DOC, "id", "feed.json" },
	{ DOC, "author0.uri", "https://example.com/about" },
	{ 0, "link", "https://example.com/blog/posts/1.html" },
	{ 0, "image", "https://example.com/img/x.png" },
	{ 0, "enc0.url", "https://example.com/blog/media/a.mp3" },
	{ 0, "enc0.type", NULL },
	{ 0, "enc0.length", "-1" },
	{ 1, "link", "https://cdn.example/x" },
	{ 0, NULL, NULL } } },

{ "relative URLs without a base are kept",
  "{\"version\": \"https://jsonfeed.org/version/1.1\","
  " \"home_page_url\": \"/\","
  " \"items\": [{\"url\": \"posts/1.html\", \"image\": \"../x.png\"}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "link", "/" },
	{ 0, "link", "posts/1.html" },
	{ 0, "image", "../x.png" },
	{ 0, NULL, NULL } } },

{ "attachments",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
  " {\"attachments\": [{\"url\": \"https://a.example/1\", \"size_in_bytes\": -5},"
  "  {\"url\": \"https://a.example/2\", \"size_in_bytes\": \"12\","
  "   \"mime_type\": 3},"
  "  {\"mime_type\": \"audio/mpeg\"}, \"https://a.example/bare\", 7,"
  "  {\"url\": \"https://a.example/3\", \"size_in_bytes\": 1024.0,"
  "   \"mime_type\": \"video/mp4\"},"
  "  {\"url\": \"https://a.example/4\", \"size_in_bytes\": 2.5}]},"
  " {\"attachments\": {\"url\": \"https://a.example/obj\"}}]}",
  NULL, NULL,
  (const struct exp[]){
	{ 0, "nenc", "4" },
	{ 0, "enc0.url", "https://a.example/1" },
	{ 0, "enc0.length", "-1" },
	{ 0, "enc1.url", "https://a.example/2" },
	{ 0, "enc1.length", "-1" },
	{ 0, "enc1.type", NULL },
	{ 0, "enc2.url", "https://a.example/3" },
	{ 0, "enc2.type", "video/mp4" },
	{ 0, "enc2.length", "1024" },
	{ 0, "enc3.length", "-1" },
	{ 1, "nenc", "0" },
	{ 0, NULL, NULL } } },

{ "tags",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
  " {\"tags\": [\"b\", 5, \"\", \"a\", null, \"\\u4e2d\\u6587\", \"b\"]},"
  " {\"tags\": \"solo\"}]}",
  NULL, NULL,
  (const struct exp[]){
	{ 0, "ntags", "4" },
	{ 0, "tag0", "b" },
	{ 0, "tag1", "a" },
	{ 0, "tag2", "\xe4\xb8\xad\xe6\x96\x87" },
	{ 0, "tag3", "b" },
	{ 1, "ntags", "0" },
	{ 0, NULL, NULL } } },

{ "language inheritance",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"language\": \"zh-CN\","
  " \"items\": [{}, {\"language\": \"en\"}, {\"language\": 7}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "lang", "zh-CN" },
	{ 0, "lang", "zh-CN" },
	{ 1, "lang", "en" },
	{ 2, "lang", "zh-CN" },
	{ 0, NULL, NULL } } },

{ "wrong types are ignored",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": 5,"
  " \"home_page_url\": [\"https://x.example/\"], \"feed_url\": {},"
  " \"language\": false, \"authors\": \"Ann\", \"author\": 3,"
  " \"items\": [1, \"s\", null, [], {\"title\": {\"a\": 1},"
  "  \"date_published\": 1739260172, \"date_modified\": null,"
  "  \"content_html\": 5, \"content_text\": \"text\", \"summary\": [],"
  "  \"image\": true, \"authors\": [\"Bob\", 4, {\"name\": 9}],"
  "  \"url\": {\"href\": \"https://x.example/\"}}, {}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "title", NULL },
	{ DOC, "link", NULL },
	{ DOC, "id", NULL },
	{ DOC, "lang", NULL },
	{ DOC, "nauthors", "0" },
	{ DOC, "nentries", "2" },
	{ 0, "title", NULL },
	{ 0, "published", NULL },
	{ 0, "updated", NULL },
	{ 0, "content", "text" },
	{ 0, "content.kind", "plain" },
	{ 0, "summary", NULL },
	{ 0, "image", NULL },
	{ 0, "nauthors", "0" },
	{ 0, "link", NULL },
	{ 1, "content", NULL },
	{ 0, NULL, NULL } } },

{ "items not an array",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"T\","
  " \"items\": {\"id\": \"1\"}}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "title", "T" },
	{ DOC, "nentries", "0" },
	{ 0, NULL, NULL } } },

{ "empty content_html falls back to content_text",
  "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
  " {\"content_html\": \"\", \"content_text\": \"plain\"},"
  " {\"content_html\": \"\"}]}",
  NULL, NULL,
  (const struct exp[]){
	{ 0, "content", "plain" },
	{ 0, "content.kind", "plain" },
	{ 1, "content", NULL },
	{ 0, NULL, NULL } } },

{ "NUL and control characters",
  "{\"version\": \"https://jsonfeed.org/version/1.1\","
  " \"title\": \"a\\u0000b\\u0001c\\td\","
  " \"items\": [{\"id\": \"x\\u0000y\", \"title\": \"ok\","
  "  \"tags\": [\"\\u0000\", \"t\\u0000\"]}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "title", "abc\td" },
	{ 0, "id", "xy" },
	{ 0, "title", "ok" },
	{ 0, "ntags", "1" },
	{ 0, "tag0", "t" },
	{ 0, NULL, NULL } } },

{ "Chinese text",
  "{\"version\": \"https://jsonfeed.org/version/1.1\","
  " \"title\": \"\xe6\x96\xb0\xe9\x97\xbb\xe8\x81\x94\xe6\x92\xad\","
  " \"items\": [{\"title\": \"\\u4eca\\u65e5\\u5934\\u6761\","
  "  \"content_html\": \"<p>\xe4\xb8\xad\xe6\x96\x87\xe5\x86\x85\xe5\xae\xb9</p>\","
  "  \"summary\": \"\xe6\x91\x98\xe8\xa6\x81\xe3\x80\x80\xe4\xb8\x80\"}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "title", "\xe6\x96\xb0\xe9\x97\xbb\xe8\x81\x94\xe6\x92\xad" },
	{ 0, "title", "\xe4\xbb\x8a\xe6\x97\xa5\xe5\xa4\xb4\xe6\x9d\xa1" },
	{ 0, "content", "<p>\xe4\xb8\xad\xe6\x96\x87\xe5\x86\x85\xe5\xae\xb9</p>" },
	{ 0, "summary", "\xe6\x91\x98\xe8\xa6\x81\xe3\x80\x80\xe4\xb8\x80" },
	{ 0, NULL, NULL } } },

{ "lone surrogate escapes become U+FFFD",
  "{\"version\": \"https://jsonfeed.org/version/1.1\","
  " \"title\": \"cut \\ud83d\","
  " \"items\": [{\"title\": \"ok \\ud83d\\ude00 \\\\ud800 \\\"q\\\"\","
  "  \"summary\": \"\\udc00x\"}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "title", "cut \xef\xbf\xbd" },
	{ 0, "title", "ok \xf0\x9f\x98\x80 \\ud800 \"q\"" },
	{ 0, "summary", "\xef\xbf\xbdx" },
	{ 0, NULL, NULL } } },

{ "BOM and trailing bytes",
  "\xef\xbb\xbf{\"version\": \"https://jsonfeed.org/version/1\","
  " \"title\": \"B\"}\n<!-- 0.01s -->",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "title", "B" },
	{ DOC, "nentries", "0" },
	{ 0, NULL, NULL } } },

{ "no version, but title and items",
  "{\"title\": \"Lenient\", \"items\": [{\"id\": \"1\"}]}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "format", "json" },
	{ DOC, "nentries", "1" },
	{ 0, NULL, NULL } } },

{ "http:// version",
  "{\"version\": \"http://jsonfeed.org/version/1\"}",
  NULL, NULL,
  (const struct exp[]){
	{ DOC, "title", NULL },
	{ DOC, "nentries", "0" },
	{ 0, NULL, NULL } } },

{ "not JSON",
  "<?xml version=\"1.0\"?><rss/>", NULL,
  "not a feed: invalid JSON at line 1 column 1: '[' or '{' expected "
  "near '<'", NULL },
{ "truncated JSON",
  "{\"version\": \"https://jsonfeed.org/version/1.1\",\n\"items\": [", NULL,
  "not a feed: invalid JSON at line 2 column 10: ']' expected near end "
  "of file", NULL },
{ "raw newline in a string stays on one line",
  "{\"title\": \"a\nb\"}", NULL,
  "not a feed: invalid JSON at line 1 column 12: unexpected newline "
  "near '\"a'", NULL },
{ "empty input", "", NULL,
  "not a feed: invalid JSON at line 1 column 0: '[' or '{' expected "
  "near end of file", NULL },
{ "JSON array", "[{\"version\": \"https://jsonfeed.org/version/1\"}]",
  NULL, "not a feed: JSON document is not a JSON Feed", NULL },
{ "object that is not a feed",
  "{\"kind\": \"youtube#searchListResponse\", \"items\": []}", NULL,
  "not a feed: JSON document is not a JSON Feed", NULL },
{ "other version URL",
  "{\"version\": \"https://example.org/version/1\", \"title\": \"x\"}", NULL,
  "not a feed: JSON document is not a JSON Feed", NULL },
{ "title but items not an array, no version",
  "{\"title\": \"x\", \"items\": {}}", NULL,
  "not a feed: JSON document is not a JSON Feed", NULL },
};

static void
run(const struct tcase *tc)
{
	struct feed_doc	*doc = (struct feed_doc *)1;
	char		 err[256];
	int		 rc;

	err[0] = '\0';
	rc = parse_json(tc->json, strlen(tc->json), tc->base, &doc, err,
	    sizeof(err));
	docfield_check(tc->name, rc, doc, err, tc->err, tc->exps);
}

/* A short error buffer must not end in half a UTF-8 character. */
static void
test_short_err(void)
{
	const char	*in = "\xe4\xb8\xad";
	const char	*pre = "not a feed: invalid JSON at line 1 column 1: "
	    "'[' or '{' expected near '";
	struct feed_doc	*doc;
	char		 err[128];
	size_t		 n = strlen(pre);

	t_ok(parse_json(in, strlen(in), NULL, &doc, err, n + 2) == -1,
	    "short err buffer: fails");
	t_streq(err, pre, "short err buffer: cut before the character");
	t_ok(parse_json(in, strlen(in), NULL, &doc, err, sizeof(err)) == -1 &&
	    strstr(err, "'\xe4\xb8\xad'") != NULL,
	    "long err buffer: whole character");
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run(&cases[i]);
	test_short_err();
	return t_done();
}
