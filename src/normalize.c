/*
 * normalize.c - turns the raw fields the parser found into final entries:
 * canonical URLs and their hashes (with the fallbacks for publishers that
 * reuse links or ids), dates, sanitized content, plain-text titles and
 * summaries, thumbnails, authors and tags.  Pure: no I/O, no globals.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "normalize.h"
#include "sanitize.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"

#define TITLE_FROM_SUMMARY_CHARS	80

static const char *const web_schemes[] = { "http", "https", NULL };

static void	trim_in_place(char **);

/* Owned copy of s with white space collapsed, or NULL when s is blank. */
static char *
collapse_or_null(const char *s)
{
	char	*t;

	if (s == NULL)
		return NULL;
	t = utf8_collapse_space(s);
	if (*t == '\0') {
		free(t);
		return NULL;
	}
	return t;
}

/*
 * RSS titles and the like are plain text in theory and escaped HTML in
 * practice.  Treat them as HTML when they contain a tag or an entity.
 */
static int
looks_like_html(const char *s)
{
	const char	*p;

	for (p = s; (p = strpbrk(p, "<&")) != NULL; p++) {
		if (p[0] == '<' && (isalpha((unsigned char)p[1]) ||
		    p[1] == '/' || p[1] == '!'))
			return 1;
		if (p[0] == '&' && (isalnum((unsigned char)p[1]) ||
		    p[1] == '#')) {
			const char *q = p + 1;

			while (isalnum((unsigned char)*q) || *q == '#')
				q++;
			if (*q == ';')
				return 1;
		}
	}
	return 0;
}

static int
text_is_html(const struct text *t)
{
	switch (t->kind) {
	case TEXT_HTML:
	case TEXT_XHTML:
		return 1;
	case TEXT_GUESS:
		return looks_like_html(t->s);
	default:
		return 0;
	}
}

/*
 * Plain text of a text construct, white space collapsed; NULL if blank.
 * With max > 0 it may stop anywhere past the first max characters (what
 * becomes a summary: the rest of a long description is not read).
 */
static char *
text_plain_max(const struct text *t, size_t max)
{
	char	*s, *r;

	if (t->s == NULL)
		return NULL;
	if (!text_is_html(t))
		return collapse_or_null(t->s);
	s = html_to_text_max(t->s, strlen(t->s), max);
	r = collapse_or_null(s);
	free(s);
	return r;
}

static char *
text_plain(const struct text *t)
{
	return text_plain_max(t, 0);
}

/* Enough of a text construct for a summary (utf8_truncate cuts it). */
static char *
text_summary(const struct text *t)
{
	return text_plain_max(t, SUMMARY_MAX_CHARS + 1);
}

/* Plain text as HTML: escaped, line breaks kept. */
static char *
plain_to_html(const char *s)
{
	struct buf	 b = BUF_INIT;
	char		*esc, *p;

	esc = html_escape(s);
	for (p = esc; *p != '\0'; p++) {
		if (*p == '\n')
			buf_addstr(&b, "<br>");
		else if (*p != '\r')
			buf_addc(&b, *p);
	}
	free(esc);
	return buf_release(&b);
}

/*
 * Sanitized HTML of a text construct; NULL if blank.  When plain is not
 * NULL it also receives text_summary(t), from the same parse when t is
 * HTML.
 */
static char *
text_html(const struct text *t, const char *base, char **first_img,
    char **plain)
{
	char	*html, *text = NULL;

	*first_img = NULL;
	if (plain != NULL)
		*plain = NULL;
	if (t->s == NULL || utf8_is_blank(t->s)) {
		if (plain != NULL)
			*plain = text_summary(t);
		return NULL;
	}
	if (t->kind == TEXT_PLAIN ||
	    (t->kind == TEXT_GUESS && !looks_like_html(t->s))) {
		html = plain_to_html(t->s);
		if (plain != NULL)
			*plain = text_summary(t);
	} else if (plain != NULL && text_is_html(t)) {
		/* Only a summary's worth of the article's text is used. */
		html = sanitize_html_text(t->s, strlen(t->s),
		    t->base != NULL ? t->base : base, first_img, &text,
		    SUMMARY_MAX_CHARS + 1);
		*plain = collapse_or_null(text);
		free(text);
	} else {
		html = sanitize_html(t->s, strlen(t->s),
		    t->base != NULL ? t->base : base, first_img);
		if (plain != NULL)
			*plain = text_summary(t);
	}
	if (utf8_is_blank(html) && *first_img == NULL) {
		free(html);
		return NULL;
	}
	/* Indentation around the body is the feed's layout, not content. */
	trim_in_place(&html);
	return html;
}

static char *
web_url_or_null(const char *u)
{
	if (u == NULL || !url_scheme_in(u, web_schemes))
		return NULL;
	return xstrdup(u);
}

static void
normalize_dates(struct entry *e, const struct norm_opts *o)
{
	if (e->published_raw == NULL ||
	    date_parse(e->published_raw, o->tz, &e->published) == -1)
		e->published = DATE_NONE;
	if (e->updated_raw == NULL ||
	    date_parse(e->updated_raw, o->tz, &e->updated) == -1)
		e->updated = DATE_NONE;
}

static void
normalize_text(struct entry *e, const struct norm_opts *o)
{
	const struct text	*body;
	char			*first_img = NULL, *plain = NULL;
	int			 from_body;

	/*
	 * The richest body: full content, else an HTML description.  The
	 * plain summary comes from the description, else from the content;
	 * when both come from the same text, it is parsed once.
	 */
	body = e->content.s != NULL ? &e->content : &e->summary;
	from_body = e->summary.s == NULL || body == &e->summary;
	e->content_html = text_html(body, o->feed_url, &first_img,
	    from_body ? &plain : NULL);
	if (e->content_html == NULL && body == &e->content) {
		free(first_img);
		e->content_html = text_html(&e->summary, o->feed_url,
		    &first_img, NULL);
	}
	if (!from_body) {
		plain = text_summary(&e->summary);
		if (plain == NULL && e->content.s != NULL)
			plain = text_summary(&e->content);
	}
	if (plain != NULL) {
		e->summary_text = utf8_truncate(plain, SUMMARY_MAX_CHARS);
	}

	e->title_text = text_plain(&e->title);
	if (e->title_text == NULL && plain != NULL)
		e->title_text = utf8_truncate_words(plain,
		    TITLE_FROM_SUMMARY_CHARS);
	free(plain);

	/* Thumbnail: declared images first, then the first inline image. */
	if ((e->thumbnail = web_url_or_null(e->media_thumbnail)) == NULL &&
	    (e->thumbnail = web_url_or_null(e->media_image)) == NULL &&
	    (e->thumbnail = web_url_or_null(e->itunes_image)) == NULL) {
		size_t	 i;

		for (i = 0; i < e->nenclosures && e->thumbnail == NULL; i++)
			if (e->enclosures[i].type != NULL &&
			    strncasecmp(e->enclosures[i].type, "image/", 6) == 0)
				e->thumbnail = web_url_or_null(
				    e->enclosures[i].url);
		if (e->thumbnail == NULL)
			e->thumbnail = web_url_or_null(first_img);
	}
	free(first_img);
}

/* Trim fields, drop empty persons and repeats. */
static void
normalize_persons(struct person **v, size_t *n)
{
	struct person	*p = *v;
	size_t		 i, j, k = 0;
	char		*uri;

	for (i = 0; i < *n; i++) {
		char *name = collapse_or_null(p[i].name);
		char *email = collapse_or_null(p[i].email);

		uri = web_url_or_null(p[i].uri);
		if (uri == NULL && p[i].uri != NULL &&
		    url_scheme_in(p[i].uri, (const char *const[]){ "mailto",
		    NULL }))
			uri = xstrdup(p[i].uri);
		free(p[i].name);
		free(p[i].email);
		free(p[i].uri);
		for (j = 0; j < k; j++) {
			if (((name == NULL && p[j].name == NULL) ||
			    (name && p[j].name && !strcmp(name, p[j].name))) &&
			    ((email == NULL && p[j].email == NULL) ||
			    (email && p[j].email && !strcmp(email, p[j].email))))
				break;
		}
		if ((name == NULL && email == NULL && uri == NULL) || j < k) {
			free(name);
			free(email);
			free(uri);
			continue;
		}
		p[k].name = name;
		p[k].email = email;
		p[k].uri = uri;
		k++;
	}
	*n = k;
}

static void
copy_persons(struct entry *e, const struct feed_doc *doc)
{
	size_t		 i;
	struct person	*p;

	for (i = 0; i < doc->nauthors; i++) {
		p = person_add(&e->authors, &e->nauthors);
		p->name = doc->authors[i].name ?
		    xstrdup(doc->authors[i].name) : NULL;
		p->email = doc->authors[i].email ?
		    xstrdup(doc->authors[i].email) : NULL;
		p->uri = doc->authors[i].uri ?
		    xstrdup(doc->authors[i].uri) : NULL;
	}
}

/* Trimmed, collapsed, without repeats (ASCII case folded), in order. */
static void
normalize_tags(struct strvec *tags)
{
	struct strvec	 out = { NULL, 0, 0 };
	size_t		 i, j;
	char		*t;

	for (i = 0; i < tags->n; i++) {
		if ((t = collapse_or_null(tags->v[i])) == NULL)
			continue;
		for (j = 0; j < out.n; j++)
			if (strcasecmp(out.v[j], t) == 0)
				break;
		if (j < out.n)
			free(t);
		else
			strvec_push_owned(&out, t);
	}
	strvec_clear(tags);
	*tags = out;
}

/* Keep web enclosures only, once each. */
static void
normalize_enclosures(struct entry *e)
{
	size_t		 i, j, k = 0;
	struct enclosure *v = e->enclosures;
	char		*type;

	for (i = 0; i < e->nenclosures; i++) {
		for (j = 0; j < k; j++)
			if (v[i].url && !strcmp(v[j].url, v[i].url))
				break;
		if (v[i].url == NULL || !url_scheme_in(v[i].url, web_schemes) ||
		    j < k) {
			free(v[i].url);
			free(v[i].type);
			continue;
		}
		type = collapse_or_null(v[i].type);
		free(v[i].type);
		v[k].url = v[i].url;
		v[k].type = type;
		v[k].length = v[i].length >= 0 ? v[i].length : -1;
		k++;
	}
	e->nenclosures = k;
}

/* SHA-256 of feed URL, newline, id: the key of an entry without a link. */
static void
hash_by_id(struct entry *e, const struct norm_opts *o)
{
	struct buf	 b = BUF_INIT;
	const char	*key;

	key = e->id ? e->id : e->title_text ? e->title_text :
	    e->summary_text ? e->summary_text : "";
	buf_addstr(&b, o->feed_url ? o->feed_url : "");
	buf_addc(&b, '\n');
	buf_addstr(&b, key);
	sha256_hex(b.data, b.len, e->url_hash);
	buf_free(&b);
}

static int
cmp_by_url(const void *a, const void *b)
{
	const struct entry *ea = *(const struct entry *const *)a;
	const struct entry *eb = *(const struct entry *const *)b;

	return strcmp(ea->url, eb->url);
}

/*
 * Entries are keyed by the hash of their canonical link.  When several
 * entries of one document share a link but carry different ids (every
 * item pointing at the home page), the link identifies nothing: those fall
 * back to the id-based key.  Entries sharing both link and id stay one.
 */
static void
assign_hashes(struct feed_doc *doc, const struct norm_opts *o)
{
	struct entry	**v, *e;
	size_t		 n = 0, i, j, k;
	int		 mixed;

	v = xreallocarray(NULL, doc->nentries ? doc->nentries : 1,
	    sizeof(*v));
	TAILQ_FOREACH(e, &doc->entries, next) {
		if (e->url != NULL) {
			url_hash(e->url, e->url_hash);
			v[n++] = e;
		} else
			hash_by_id(e, o);
	}
	qsort(v, n, sizeof(*v), cmp_by_url);
	for (i = 0; i < n; i = j) {
		mixed = 0;
		for (j = i + 1; j < n && strcmp(v[i]->url, v[j]->url) == 0; j++)
			if (v[i]->id == NULL || v[j]->id == NULL ||
			    strcmp(v[i]->id, v[j]->id) != 0)
				mixed = 1;
		if (mixed)
			for (k = i; k < j; k++)
				hash_by_id(v[k], o);
	}
	free(v);
}

/* Collapse white space in *s; NULL when blank. */
static void
collapse_in_place(char **s)
{
	char	*t;

	t = collapse_or_null(*s);
	free(*s);
	*s = t;
}

/* Trim white space at both ends of *s only; NULL when blank. */
static void
trim_in_place(char **s)
{
	char	*p, *end, *t;

	if (*s == NULL)
		return;
	for (p = *s; isspace((unsigned char)*p); p++)
		;
	for (end = p + strlen(p); end > p &&
	    isspace((unsigned char)end[-1]); end--)
		;
	if (end == p) {
		free(*s);
		*s = NULL;
		return;
	}
	/* In place: bodies are large, and most have nothing to trim. */
	t = *s;
	if (p > t)
		memmove(t, p, (size_t)(end - p));
	t[end - p] = '\0';
}

void
normalize_doc(struct feed_doc *doc, const struct norm_opts *o)
{
	struct entry	*e;
	char		*canon;

	doc->title_text = text_plain(&doc->title);
	collapse_in_place(&doc->lang);
	trim_in_place(&doc->id);
	if (doc->updated_raw == NULL ||
	    date_parse(doc->updated_raw, o->tz, &doc->updated) == -1)
		doc->updated = DATE_NONE;
	if (doc->link != NULL) {
		canon = url_canonical(doc->link);
		free(doc->link);
		doc->link = canon;
	}
	normalize_persons(&doc->authors, &doc->nauthors);

	TAILQ_FOREACH(e, &doc->entries, next) {
		trim_in_place(&e->id);
		if (e->link != NULL) {
			canon = url_canonical(e->link);
			e->url = canon;
		}
		if (e->id == NULL && e->url != NULL)
			e->id = xstrdup(e->url);
		normalize_dates(e, o);
		normalize_text(e, o);
		collapse_in_place(&e->lang);
		if (e->lang == NULL && doc->lang != NULL)
			e->lang = xstrdup(doc->lang);
		normalize_persons(&e->authors, &e->nauthors);
		if (e->nauthors == 0)
			copy_persons(e, doc);
		normalize_tags(&e->tags);
		normalize_enclosures(e);
	}
	assign_hashes(doc, o);
}
