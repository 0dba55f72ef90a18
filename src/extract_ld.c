/*
 * extract_ld.c - what a page's scripts say about its article: JSON-LD
 * Article objects (also in arrays, @graph and mainEntity), and the
 * state objects single-page apps embed (window.__INITIAL_STATE__,
 * Next.js __NEXT_DATA__) for the body and the publication time.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "extract_int.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const ld_types[] = {
	"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
	"AnalysisNewsArticle", "OpinionNewsArticle", "TechArticle",
	"ScholarlyArticle", "LiveBlogPosting", "Report", "SocialMediaPosting",
	NULL
};

/* Keys of embedded JSON state objects that name the publication time. */
static const char *const state_keys[] = {
	"\"pubtime\"", "\"pubTime\"", "\"publish_time\"", "\"publishTime\"",
	"\"pubDate\"", "\"ptime\"", "\"publish_date\"", NULL
};

/*
 * Raw control characters inside JSON strings are common in the
 * articleBody of hand-made JSON-LD and make jansson refuse the lot:
 * escape them, and cut the text to its outermost braces (CDATA and
 * comment wrappers).
 */
static char *
json_repair(const char *s)
{
	struct buf	 b = BUF_INIT;
	const char	*p, *e;
	int		 instr = 0, esc = 0;

	p = s + strcspn(s, "{[");
	e = s + strlen(s);
	while (e > p && e[-1] != '}' && e[-1] != ']')
		e--;
	for (; p < e; p++) {
		if (instr && !esc && (unsigned char)*p < 0x20) {
			buf_printf(&b, "\\u%04x", (unsigned char)*p);
			continue;
		}
		if (instr && !esc && *p == '\\')
			esc = 1;
		else {
			if (!esc && *p == '"')
				instr = !instr;
			esc = 0;
		}
		buf_addc(&b, *p);
	}
	return buf_release(&b);
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t	*v;

	if (!json_is_object(o) || (v = json_object_get(o, key)) == NULL)
		return NULL;
	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
ld_is_article(json_t *o)
{
	json_t		*t, *x;
	size_t		 i, k;

	if ((t = json_object_get(o, "@type")) == NULL)
		return 0;
	for (i = 0; i < (json_is_array(t) ? json_array_size(t) : 1); i++) {
		x = json_is_array(t) ? json_array_get(t, i) : t;
		if (!json_is_string(x))
			continue;
		for (k = 0; ld_types[k] != NULL; k++)
			if (strcmp(json_string_value(x), ld_types[k]) == 0)
				return 1;
	}
	return 0;
}

/* A string, {"url": ...}, {"name": ...} or an array of them. */
static char *
ld_names(json_t *v, const char *key, int all)
{
	struct buf	 b = BUF_INIT;
	json_t		*x;
	const char	*s;
	size_t		 i, n;

	n = json_is_array(v) ? json_array_size(v) : 1;
	for (i = 0; i < n && i < 16; i++) {
		x = json_is_array(v) ? json_array_get(v, i) : v;
		s = json_is_string(x) ? json_string_value(x) : jstr(x, key);
		if (s == NULL || utf8_is_blank(s))
			continue;
		if (b.len > 0)
			buf_addstr(&b, ", ");
		buf_addstr(&b, s);
		if (!all)
			break;
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_release(&b);
}

static void
ld_take(json_t *o, struct ex_ld *ld)
{
	const char	*s;
	json_t		*v;

	if (ld->title == NULL)
		ld->title = ex_collapse((s = jstr(o, "headline")) != NULL ? s :
		    jstr(o, "name"));
	if (ld->date == NULL)
		ld->date = ex_collapse((s = jstr(o, "datePublished")) != NULL ?
		    s : jstr(o, "dateCreated"));
	if (ld->lang == NULL)
		ld->lang = ex_collapse(jstr(o, "inLanguage"));
	if (ld->body == NULL && ((s = jstr(o, "articleBody")) != NULL ||
	    (s = jstr(o, "text")) != NULL) && !utf8_is_blank(s))
		ld->body = xstrdup(s);
	if (ld->byline == NULL && (v = json_object_get(o, "author")) != NULL)
		ld->byline = ld_names(v, "name", 1);
	if (ld->image == NULL && (v = json_object_get(o, "image")) != NULL)
		ld->image = ld_names(v, "url", 0);
}

/* Articles in a JSON-LD value: itself, its array items, its @graph. */
static void
ld_walk(json_t *v, struct ex_ld *ld, int depth)
{
	json_t	*g;
	size_t	 i;

	if (depth > 4)
		return;
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v) && i < 64; i++)
			ld_walk(json_array_get(v, i), ld, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	if (ld_is_article(v))
		ld_take(v, ld);
	if ((g = json_object_get(v, "@graph")) != NULL)
		ld_walk(g, ld, depth + 1);
	if ((g = json_object_get(v, "mainEntity")) != NULL)
		ld_walk(g, ld, depth + 1);
}

/*
 * Single-page apps ship the article in a state object
 * (window.__INITIAL_STATE__ = {...}, Next.js __NEXT_DATA__): the longest
 * HTML string under a content-like key is the body.
 */
static void
state_walk(json_t *v, const char *key, int depth, const char **best,
    size_t *bestlen, size_t *budget)
{
	static const char *const keys[] = {
		"content", "articleBody", "body", "contentHtml", "content_html",
		"article_content", "articleContent", "html", "text", "cnt_html",
		NULL
	};
	const char	*k, *s;
	json_t		*x;
	size_t		 i, n;

	if (depth > 24 || *budget == 0)
		return;
	(*budget)--;
	if (json_is_string(v) && key != NULL) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(key, keys[i]) == 0)
				break;
		s = json_string_value(v);
		if (keys[i] == NULL || (n = strlen(s)) <= *bestlen ||
		    n < 100 || !ex_looks_html(s))
			return;
		*best = s;
		*bestlen = n;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			state_walk(x, key, depth + 1, best, bestlen, budget);
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, x)
			state_walk(x, k, depth + 1, best, bestlen, budget);
	}
}

static char *
state_body(const char *text, int whole)
{
	json_error_t	 jerr;
	json_t		*j;
	const char	*p, *best = NULL;
	size_t		 bestlen = 0, budget = 200000;
	char		*r = NULL;

	if (whole)
		p = text + strspn(text, " \t\r\n");
	else if ((p = strstr(text, "= {")) != NULL ||
	    (p = strstr(text, "={")) != NULL)
		p = strchr(p, '{');
	else
		return NULL;
	if (p == NULL || *p != '{' ||
	    (j = json_loadb(p, strlen(p), JSON_DISABLE_EOF_CHECK, &jerr)) ==
	    NULL)
		return NULL;
	state_walk(j, NULL, 0, &best, &bestlen, &budget);
	if (best != NULL)
		r = xstrdup(best);
	json_decref(j);
	return r;
}

static int
is_ld_script(const xmlNode *n)
{
	char	*t;
	int	 yes;

	if (!ex_is(n, "script") || (t = ex_attr(n, "type")) == NULL)
		return 0;
	yes = strncasecmp(t, "application/ld+json", 19) == 0;
	free(t);
	return yes;
}

/* A date string an embedded JSON state object gives after key, owned. */
static char *
state_date(const char *s)
{
	const char	*p, *q;
	size_t		 i;

	for (i = 0; state_keys[i] != NULL; i++) {
		if ((p = strstr(s, state_keys[i])) == NULL)
			continue;
		p += strlen(state_keys[i]);
		p += strspn(p, " \t:");
		if (*p != '"')
			continue;
		p++;
		q = p + strcspn(p, "\"\n");
		if (*q == '"' && q - p > 6 && q - p < 40)
			return xstrndup(p, q - p);
	}
	return NULL;
}

void
ex_ld_collect(xmlNode *top, struct ex_ld *ld, struct strvec *state,
    char **state_html)
{
	struct buf	 b = BUF_INIT;
	json_error_t	 jerr;
	json_t		*j;
	xmlNode		*n;
	char		*fixed, *d, *type;
	int		 isjson;

	for (n = top; n != NULL; n = ex_next(n, top)) {
		if (!ex_is(n, "script"))
			continue;
		buf_reset(&b);
		ex_text_raw(n, &b);
		if (!is_ld_script(n)) {
			if (state->n == 0 &&
			    (d = state_date(buf_cstr(&b))) != NULL)
				strvec_push_owned(state, d);
			type = ex_attr(n, "type");
			isjson = type != NULL &&
			    strcasecmp(type, "application/json") == 0;
			free(type);
			if (*state_html == NULL && b.len > 200)
				*state_html = state_body(buf_cstr(&b), isjson);
			continue;
		}
		fixed = json_repair(buf_cstr(&b));
		if ((j = json_loads(fixed, 0, &jerr)) != NULL) {
			ld_walk(j, ld, 0);
			json_decref(j);
		}
		free(fixed);
	}
	buf_free(&b);
}

void
ex_ld_free(struct ex_ld *ld)
{
	free(ld->title);
	free(ld->byline);
	free(ld->image);
	free(ld->body);
	free(ld->date);
	free(ld->lang);
	memset(ld, 0, sizeof(*ld));
}
