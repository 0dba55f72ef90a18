/*
 * jsonout.c - renders normalized feed_docs as the JSON objects of the
 * `feedctl parse` contract, written straight into a buffer: the strings
 * are valid UTF-8 by now, so building jansson objects only to dump them
 * again cost a fifth of the parse path.  The bytes are what jansson's
 * JSON_COMPACT would print (tests/parse compares them).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "jsonesc.h"
#include "jsonout.h"

static void
put_str(struct buf *b, const char *s)
{
	json_escape_add(b, s);
}

/* ,"key": then the value's writer runs. */
static void
put_key(struct buf *b, const char *key)
{
	if (b->len > 0 && b->data[b->len - 1] != '{')
		buf_addc(b, ',');
	put_str(b, key);
	buf_addc(b, ':');
}

static void
put_kstr(struct buf *b, const char *key, const char *s)
{
	put_key(b, key);
	put_str(b, s);
}

static void
put_kdate(struct buf *b, const char *key, int64_t t)
{
	char	 d[32];

	put_key(b, key);
	if (t == DATE_NONE) {
		buf_addstr(b, "null");
		return;
	}
	date_format_rfc3339(t, d);
	put_str(b, d);
}

char *
jsonout_feed(const struct feed_doc *doc)
{
	struct buf	 b = BUF_INIT;

	buf_addc(&b, '{');
	put_kstr(&b, "type", "feed");
	put_kstr(&b, "format", feed_format_name(doc->format));
	put_kstr(&b, "title", doc->title_text);
	put_kstr(&b, "link", doc->link);
	put_kstr(&b, "id", doc->id);
	put_kdate(&b, "updated", doc->updated);
	put_kstr(&b, "language", doc->lang);
	buf_addc(&b, '}');
	return buf_release(&b);
}

char *
jsonout_entry(const struct entry *e)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	buf_grow(&b, 256 + (e->content_html != NULL ?
	    strlen(e->content_html) * 9 / 8 : 0));
	buf_addc(&b, '{');
	put_kstr(&b, "type", "entry");
	put_kstr(&b, "id", e->id);
	put_kstr(&b, "url", e->url);
	put_kstr(&b, "url_hash", e->url_hash);
	put_kstr(&b, "title", e->title_text);
	put_kdate(&b, "published", e->published);
	put_kdate(&b, "updated", e->updated);

	put_key(&b, "authors");
	buf_addc(&b, '[');
	for (i = 0; i < e->nauthors; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_addc(&b, '{');
		put_kstr(&b, "name", e->authors[i].name);
		put_kstr(&b, "email", e->authors[i].email);
		put_kstr(&b, "uri", e->authors[i].uri);
		buf_addc(&b, '}');
	}
	buf_addc(&b, ']');

	put_kstr(&b, "summary", e->summary_text);
	put_kstr(&b, "content", e->content_html);

	put_key(&b, "tags");
	buf_addc(&b, '[');
	for (i = 0; i < e->tags.n; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		put_str(&b, e->tags.v[i]);
	}
	buf_addc(&b, ']');

	put_key(&b, "enclosures");
	buf_addc(&b, '[');
	for (i = 0; i < e->nenclosures; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_addc(&b, '{');
		put_kstr(&b, "url", e->enclosures[i].url);
		put_kstr(&b, "type", e->enclosures[i].type);
		put_key(&b, "length");
		if (e->enclosures[i].length >= 0)
			buf_printf(&b, "%lld",
			    (long long)e->enclosures[i].length);
		else
			buf_addstr(&b, "null");
		buf_addc(&b, '}');
	}
	buf_addc(&b, ']');

	put_kstr(&b, "thumbnail", e->thumbnail);
	put_kstr(&b, "lang", e->lang);
	buf_addc(&b, '}');
	return buf_release(&b);
}
