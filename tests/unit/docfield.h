/*
 * docfield.h - the parser tests' view of a raw feed_doc: fields named by
 * strings ("title.kind", "author0.email", "enc1.length", "tags", "tag0"),
 * so a test is a table of (entry, field, expected value).
 */
#ifndef DOCFIELD_H
#define DOCFIELD_H

#include <stdio.h>
#include <string.h>

#include "feed.h"
#include "t.h"

#define DOC	(-1)	/* the expectation is about the feed, not an entry */

struct exp {
	int		 entry;
	const char	*field;
	const char	*want;	/* NULL: the field must be absent */
};

static const char *
kind_name(const struct text *t)
{
	if (t->s == NULL)
		return NULL;
	switch (t->kind) {
	case TEXT_PLAIN:
		return "plain";
	case TEXT_HTML:
		return "html";
	case TEXT_XHTML:
		return "xhtml";
	default:
		return "guess";
	}
}

static const char *
num(char *tmp, size_t len, long long n)
{
	snprintf(tmp, len, "%lld", n);
	return tmp;
}

static const char *
person_field(const struct person *p, size_t n, const char *f)
{
	unsigned int	 i;
	char		 sub[16];

	if (sscanf(f, "author%u.%15s", &i, sub) != 2)
		return "?bad field";
	if (i >= n)
		return "?no such author";
	if (strcmp(sub, "name") == 0)
		return p[i].name;
	if (strcmp(sub, "email") == 0)
		return p[i].email;
	if (strcmp(sub, "uri") == 0)
		return p[i].uri;
	return "?bad field";
}

/* A text field: "title", "title.kind" or "title.base". */
static const char *
text_field(const struct text *t, const char *f, const char *name)
{
	size_t	 n = strlen(name);

	if (strncmp(f, name, n) != 0)
		return NULL;
	if (f[n] == '\0')
		return t->s;
	if (strcmp(f + n, ".kind") == 0)
		return kind_name(t);
	if (strcmp(f + n, ".base") == 0)
		return t->base;
	return NULL;
}

static int
is_text_field(const char *f, const char *name)
{
	size_t	 n = strlen(name);

	return strncmp(f, name, n) == 0 && (f[n] == '\0' ||
	    strcmp(f + n, ".kind") == 0 || strcmp(f + n, ".base") == 0);
}

static const char *
doc_field(const struct feed_doc *d, const char *f, char *tmp, size_t len)
{
	if (strcmp(f, "format") == 0)
		return feed_format_name(d->format);
	if (is_text_field(f, "title"))
		return text_field(&d->title, f, "title");
	if (strcmp(f, "link") == 0)
		return d->link;
	if (strcmp(f, "id") == 0)
		return d->id;
	if (strcmp(f, "updated") == 0)
		return d->updated_raw;
	if (strcmp(f, "lang") == 0)
		return d->lang;
	if (strcmp(f, "nauthors") == 0)
		return num(tmp, len, d->nauthors);
	if (strcmp(f, "nentries") == 0)
		return num(tmp, len, d->nentries);
	if (strncmp(f, "author", 6) == 0)
		return person_field(d->authors, d->nauthors, f);
	return "?bad field";
}

static const char *
entry_field(const struct entry *e, const char *f, char *tmp, size_t len)
{
	unsigned int	 i;
	char		 sub[16];
	size_t		 k;

	if (strcmp(f, "id") == 0)
		return e->id;
	if (strcmp(f, "link") == 0)
		return e->link;
	if (is_text_field(f, "title"))
		return text_field(&e->title, f, "title");
	if (is_text_field(f, "summary"))
		return text_field(&e->summary, f, "summary");
	if (is_text_field(f, "content"))
		return text_field(&e->content, f, "content");
	if (strcmp(f, "published") == 0)
		return e->published_raw;
	if (strcmp(f, "updated") == 0)
		return e->updated_raw;
	if (strcmp(f, "lang") == 0)
		return e->lang;
	if (strcmp(f, "itunes_image") == 0 || strcmp(f, "image") == 0)
		return e->itunes_image;
	if (strcmp(f, "media_image") == 0)
		return e->media_image;
	if (strcmp(f, "media_thumbnail") == 0)
		return e->media_thumbnail;
	if (strcmp(f, "nauthors") == 0)
		return num(tmp, len, e->nauthors);
	if (strcmp(f, "nenc") == 0)
		return num(tmp, len, e->nenclosures);
	if (strcmp(f, "ntags") == 0)
		return num(tmp, len, e->tags.n);
	if (sscanf(f, "tag%u", &i) == 1 && strncmp(f, "tags", 4) != 0)
		return i < e->tags.n ? e->tags.v[i] : "?no such tag";
	if (strcmp(f, "tags") == 0) {
		/* All tags, '|'-separated: order matters. */
		tmp[0] = '\0';
		for (k = 0; k < e->tags.n; k++) {
			if (k > 0)
				strncat(tmp, "|", len - strlen(tmp) - 1);
			strncat(tmp, e->tags.v[k], len - strlen(tmp) - 1);
		}
		return tmp;
	}
	if (strncmp(f, "author", 6) == 0)
		return person_field(e->authors, e->nauthors, f);
	if (sscanf(f, "enc%u.%15s", &i, sub) == 2) {
		if (i >= e->nenclosures)
			return "?no such enclosure";
		if (strcmp(sub, "url") == 0)
			return e->enclosures[i].url;
		if (strcmp(sub, "type") == 0)
			return e->enclosures[i].type;
		if (strcmp(sub, "length") == 0)
			return num(tmp, len, e->enclosures[i].length);
	}
	return "?bad field";
}

static const char *
field(const struct feed_doc *d, int idx, const char *f, char *tmp, size_t len)
{
	const struct entry	*e;
	int			 i = 0;

	if (idx == DOC)
		return doc_field(d, f, tmp, len);
	TAILQ_FOREACH(e, &d->entries, next)
		if (i++ == idx)
			return entry_field(e, f, tmp, len);
	return "?no such entry";
}


/*
 * Check one parse: when wanterr is set it must have failed with exactly
 * that message, else every expectation of exps (ended by a NULL field)
 * must hold.  Frees doc.
 */
static void
docfield_check(const char *name, int rc, struct feed_doc *doc,
    const char *err, const char *wanterr, const struct exp *exps)
{
	const struct exp	*x;
	char			 what[256], tmp[512];

	if (wanterr != NULL) {
		snprintf(what, sizeof(what), "%s: fails", name);
		t_ok(rc == -1 && doc == NULL, what);
		snprintf(what, sizeof(what), "%s: message", name);
		t_streq(err, wanterr, what);
		return;
	}
	snprintf(what, sizeof(what), "%s: parses", name);
	t_ok(rc == 0 && doc != NULL, what);
	if (rc != 0) {
		printf("#   err: %s\n", err);
		return;
	}
	for (x = exps; x->field != NULL; x++) {
		if (x->entry == DOC)
			snprintf(what, sizeof(what), "%s: feed %s", name,
			    x->field);
		else
			snprintf(what, sizeof(what), "%s: entry %d %s",
			    name, x->entry, x->field);
		t_streq(field(doc, x->entry, x->field, tmp, sizeof(tmp)),
		    x->want, what);
	}
	feed_doc_free(doc);
}

#endif
