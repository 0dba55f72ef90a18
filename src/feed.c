/*
 * feed.c - constructors and destructors for the pipeline structs.
 */
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "xmalloc.h"

void
persons_free(struct person *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].email);
		free(p[i].uri);
	}
	free(p);
}

struct feed_doc *
feed_doc_new(void)
{
	struct feed_doc	*doc;

	doc = xcalloc(1, sizeof(*doc));
	TAILQ_INIT(&doc->entries);
	doc->updated = DATE_NONE;
	return doc;
}

void
feed_doc_free(struct feed_doc *doc)
{
	struct entry	*e;

	if (doc == NULL)
		return;
	while ((e = TAILQ_FIRST(&doc->entries)) != NULL) {
		TAILQ_REMOVE(&doc->entries, e, next);
		entry_free(e);
	}
	text_clear(&doc->title);
	free(doc->link);
	free(doc->id);
	free(doc->updated_raw);
	free(doc->lang);
	persons_free(doc->authors, doc->nauthors);
	free(doc->title_text);
	free(doc);
}

struct entry *
entry_new(void)
{
	struct entry	*e;

	e = xcalloc(1, sizeof(*e));
	e->published = DATE_NONE;
	e->updated = DATE_NONE;
	return e;
}

void
entry_free(struct entry *e)
{
	size_t	 i;

	if (e == NULL)
		return;
	free(e->id);
	free(e->link);
	text_clear(&e->title);
	text_clear(&e->summary);
	text_clear(&e->content);
	free(e->published_raw);
	free(e->updated_raw);
	free(e->lang);
	persons_free(e->authors, e->nauthors);
	for (i = 0; i < e->nenclosures; i++) {
		free(e->enclosures[i].url);
		free(e->enclosures[i].type);
	}
	free(e->enclosures);
	strvec_clear(&e->tags);
	free(e->media_thumbnail);
	free(e->media_image);
	free(e->itunes_image);
	free(e->url);
	free(e->title_text);
	free(e->summary_text);
	free(e->content_html);
	free(e->thumbnail);
	free(e);
}

void
feed_doc_add_entry(struct feed_doc *doc, struct entry *e)
{
	TAILQ_INSERT_TAIL(&doc->entries, e, next);
	doc->nentries++;
}

struct person *
person_add(struct person **v, size_t *n)
{
	struct person	*p;

	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	p = &(*v)[(*n)++];
	memset(p, 0, sizeof(*p));
	return p;
}

struct enclosure *
enclosure_add(struct enclosure **v, size_t *n)
{
	struct enclosure *p;

	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	p = &(*v)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->length = -1;
	return p;
}

/* Take ownership of s; copy base. */
void
text_set(struct text *t, char *s, enum text_kind kind, const char *base)
{
	text_clear(t);
	t->s = s;
	t->kind = kind;
	t->base = base != NULL ? xstrdup(base) : NULL;
}

void
text_clear(struct text *t)
{
	free(t->s);
	free(t->base);
	t->s = NULL;
	t->base = NULL;
	t->kind = TEXT_PLAIN;
}

const char *
feed_format_name(enum feed_format f)
{
	switch (f) {
	case FMT_RSS2:
		return "rss2";
	case FMT_RSS1:
		return "rss1";
	case FMT_RSS09:
		return "rss09";
	case FMT_ATOM10:
		return "atom10";
	case FMT_ATOM03:
		return "atom03";
	case FMT_JSON:
		return "json";
	case FMT_HTML:
		return "html";
	case FMT_PAGE:
		return "page";
	default:
		return "unknown";
	}
}

void
strvec_push_owned(struct strvec *sv, char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 4;
		sv->v = xreallocarray(sv->v, sv->cap, sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
}

void
strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

int
strvec_contains(const struct strvec *sv, const char *s)
{
	size_t	 i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

void
strvec_clear(struct strvec *sv)
{
	size_t	 i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

/* FNV-1a: the keys are mostly hex digests, any spread will do. */
static size_t
strset_slot(char *const *v, size_t cap, const char *k)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	const char	*p;
	size_t		 i;

	for (p = k; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	for (i = (size_t)h & (cap - 1); v[i] != NULL && strcmp(v[i], k) != 0;
	    i = (i + 1) & (cap - 1))
		;
	return i;
}

int
strset_has(const struct strset *ss, const char *k)
{
	return ss->cap > 0 && ss->v[strset_slot(ss->v, ss->cap, k)] != NULL;
}

int
strset_add(struct strset *ss, const char *k)
{
	char	**nv;
	size_t	  ncap, i;

	if (strset_has(ss, k))
		return 0;
	if ((ss->n + 1) * 2 > ss->cap) {	/* at most half full */
		ncap = ss->cap > 0 ? ss->cap * 2 : 64;
		nv = xcalloc(ncap, sizeof(*nv));
		for (i = 0; i < ss->cap; i++)
			if (ss->v[i] != NULL)
				nv[strset_slot(nv, ncap, ss->v[i])] = ss->v[i];
		free(ss->v);
		ss->v = nv;
		ss->cap = ncap;
	}
	ss->v[strset_slot(ss->v, ss->cap, k)] = xstrdup(k);
	ss->n++;
	return 1;
}

void
strset_clear(struct strset *ss)
{
	size_t	 i;

	for (i = 0; i < ss->cap; i++)
		free(ss->v[i]);
	free(ss->v);
	memset(ss, 0, sizeof(*ss));
}
