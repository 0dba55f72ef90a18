/*
 * jsonout.c - renders normalized feed_docs as the JSON objects of the
 * `feedctl parse` contract, with jansson (keys keep insertion order).
 */
#include <jansson.h>
#include <stdlib.h>

#include "date.h"
#include "feed.h"
#include "jsonout.h"
#include "log.h"

static json_t *
str_or_null(const char *s)
{
	json_t	*j;

	if (s == NULL)
		return json_null();
	/* Strings are valid UTF-8 by the time they get here. */
	if ((j = json_string(s)) == NULL)
		return json_null();
	return j;
}

static json_t *
date_or_null(int64_t t)
{
	char	 buf[32];

	if (t == DATE_NONE)
		return json_null();
	date_format_rfc3339(t, buf);
	return json_string(buf);
}

static char *
dump(json_t *o)
{
	char	*s;

	if ((s = json_dumps(o, JSON_COMPACT)) == NULL)
		fatalx("json_dumps failed");
	json_decref(o);
	return s;
}

char *
jsonout_feed(const struct feed_doc *doc)
{
	json_t	*o;

	o = json_object();
	json_object_set_new(o, "type", json_string("feed"));
	json_object_set_new(o, "format",
	    json_string(feed_format_name(doc->format)));
	json_object_set_new(o, "title", str_or_null(doc->title_text));
	json_object_set_new(o, "link", str_or_null(doc->link));
	json_object_set_new(o, "id", str_or_null(doc->id));
	json_object_set_new(o, "updated", date_or_null(doc->updated));
	json_object_set_new(o, "language", str_or_null(doc->lang));
	return dump(o);
}

char *
jsonout_entry(const struct entry *e)
{
	json_t	*o, *a, *x;
	size_t	 i;

	o = json_object();
	json_object_set_new(o, "type", json_string("entry"));
	json_object_set_new(o, "id", str_or_null(e->id));
	json_object_set_new(o, "url", str_or_null(e->url));
	json_object_set_new(o, "url_hash", json_string(e->url_hash));
	json_object_set_new(o, "title", str_or_null(e->title_text));
	json_object_set_new(o, "published", date_or_null(e->published));
	json_object_set_new(o, "updated", date_or_null(e->updated));

	a = json_array();
	for (i = 0; i < e->nauthors; i++) {
		x = json_object();
		json_object_set_new(x, "name", str_or_null(e->authors[i].name));
		json_object_set_new(x, "email",
		    str_or_null(e->authors[i].email));
		json_object_set_new(x, "uri", str_or_null(e->authors[i].uri));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "authors", a);

	json_object_set_new(o, "summary", str_or_null(e->summary_text));
	json_object_set_new(o, "content", str_or_null(e->content_html));

	a = json_array();
	for (i = 0; i < e->tags.n; i++)
		json_array_append_new(a, str_or_null(e->tags.v[i]));
	json_object_set_new(o, "tags", a);

	a = json_array();
	for (i = 0; i < e->nenclosures; i++) {
		x = json_object();
		json_object_set_new(x, "url",
		    str_or_null(e->enclosures[i].url));
		json_object_set_new(x, "type",
		    str_or_null(e->enclosures[i].type));
		json_object_set_new(x, "length",
		    e->enclosures[i].length >= 0 ?
		    json_integer(e->enclosures[i].length) : json_null());
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "enclosures", a);

	json_object_set_new(o, "thumbnail", str_or_null(e->thumbnail));
	json_object_set_new(o, "lang", str_or_null(e->lang));
	return dump(o);
}
