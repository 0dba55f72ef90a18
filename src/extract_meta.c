/*
 * extract_meta.c - an article page's metadata: title, byline, language,
 * lead image and date candidates, from JSON-LD (extract_ld.c), Open
 * Graph and other <meta> tags, and the markup itself (<h1>, <title>,
 * <time>, a Chinese date near the headline).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "buf.h"
#include "date.h"
#include "extract_int.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"

#define MAX_METAS	256	/* <meta> tags remembered */
#define NEAR_TITLE	3000	/* bytes of text after the <h1> searched */
#define MAX_BYLINE	100	/* characters: longer is not a name */

static const char *const http_schemes[] = { "http", "https", NULL };

/* <meta> keys (lowercased name, property, itemprop) that hold a date. */
static const char *const date_metas[] = {
	"article:published_time", "og:published_time", "datepublished",
	"pubdate", "publishdate", "publish-date", "publish_date",
	"publishtime", "publish_time", "date", "dc.date", "dc.date.issued",
	"dcterms.created", "dcterms.issued", "sailthru.date",
	"parsely-pub-date", "article.published", "og:release_date",
	"weibo:article:create_at", "apub:time", "created", NULL
};

struct metas {
	char	*key[MAX_METAS];
	char	*val[MAX_METAS];
	size_t	 n;
};

static const char *
meta_get(const struct metas *m, const char *key)
{
	size_t	 i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->key[i], key) == 0)
			return m->val[i];
	return NULL;
}

static void
meta_add(struct metas *m, const char *key, const char *val)
{
	char	*k, *p;

	if (m->n == MAX_METAS || key == NULL || val == NULL ||
	    utf8_is_blank(val))
		return;
	k = utf8_collapse_space(key);
	for (p = k; *p != '\0'; p++)
		*p = (char)a_lower((unsigned char)*p);
	m->key[m->n] = k;
	m->val[m->n++] = utf8_collapse_space(val);
}

static void
metas_collect(xmlNode *top, struct metas *m)
{
	static const char *const keys[] = {
		"property", "name", "itemprop", "http-equiv", NULL
	};
	xmlNode	*n;
	char	*k, *v;
	size_t	 i;

	for (n = top; n != NULL; n = ex_next(n, top)) {
		if (!ex_is(n, "meta") || (v = ex_attr(n, "content")) == NULL)
			continue;
		for (i = 0; keys[i] != NULL; i++) {
			if ((k = ex_attr(n, keys[i])) == NULL)
				continue;
			meta_add(m, k, v);
			free(k);
		}
		free(v);
	}
}

static void
metas_free(struct metas *m)
{
	size_t	 i;

	for (i = 0; i < m->n; i++) {
		free(m->key[i]);
		free(m->val[i]);
	}
	m->n = 0;
}

static int
is_sep_at(const char *p, const char **after)
{
	static const char *const seps[] = {
		" | ", " - ", " – ", " — ", " :: ", " » ", " · ", "｜", "_",
		" |", NULL
	};
	size_t	 i, n;

	for (i = 0; seps[i] != NULL; i++) {
		n = strlen(seps[i]);
		if (strncmp(p, seps[i], n) == 0) {
			*after = p + n;
			return (int)n;
		}
	}
	return 0;
}

/*
 * "Headline - Site", "标题_新闻_腾讯网": the headline without the site
 * names, as long as what is left is the longer part.  Owned.
 */
static char *
strip_site(const char *title)
{
	const char	*p, *after, *cut, *cutafter;
	char		*t, *head;
	int		 round;

	t = xstrdup(title);
	for (round = 0; round < 3; round++) {
		cut = cutafter = NULL;
		for (p = t; *p != '\0'; p++)
			if (is_sep_at(p, &after) && p > t) {
				cut = p;
				cutafter = after;
			}
		if (cut == NULL)
			break;
		head = xstrndup(t, cut - t);
		if (utf8_count(head) < 4 ||
		    utf8_count(cutafter) > utf8_count(head) ||
		    (round > 0 && utf8_count(cutafter) > 12)) {
			free(head);
			break;
		}
		free(t);
		t = head;
	}
	head = utf8_collapse_space(t);
	free(t);
	return head;
}

static char *
pick_title(xmlNode *top, const struct metas *m, const struct ex_ld *ld,
    xmlNode **h1out)
{
	xmlNode		*n, *first_h1 = NULL;
	const char	*s, *site;
	char		*title = NULL, *t, *doc_title = NULL, *r = NULL;
	size_t		 sl, tl;

	for (n = top; n != NULL; n = ex_next(n, top)) {
		if (ex_is(n, "title") && doc_title == NULL)
			doc_title = ex_text(n);
		else if (ex_is(n, "h1") && first_h1 == NULL) {
			t = ex_text(n);
			if (*t != '\0')
				first_h1 = n;
			free(t);
		}
	}
	if ((s = meta_get(m, "og:title")) != NULL) {
		title = xstrdup(s);
		/* og:title sometimes carries the site name as well. */
		site = meta_get(m, "og:site_name");
		tl = strlen(title);
		if (site != NULL && (sl = strlen(site)) + 3 < tl &&
		    strcmp(title + tl - sl, site) == 0) {
			t = title;
			title = strip_site(t);
			free(t);
		}
	} else if (ld->title != NULL)
		title = xstrdup(ld->title);
	else if ((s = meta_get(m, "twitter:title")) != NULL)
		title = xstrdup(s);

	/* The <h1> that the <title> contains: the cleanest headline. */
	for (n = top; n != NULL && title == NULL; n = ex_next(n, top)) {
		if (!ex_is(n, "h1"))
			continue;
		t = ex_text(n);
		if (*t != '\0' && (doc_title == NULL ||
		    strstr(doc_title, t) != NULL)) {
			title = t;
			first_h1 = n;
		} else
			free(t);
	}
	if (title == NULL && doc_title != NULL && *doc_title != '\0')
		title = strip_site(doc_title);
	free(doc_title);
	*h1out = first_h1;
	if (title != NULL) {
		r = ex_collapse(title);
		free(title);
	}
	return r;
}

static int
lang_ok(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++, n++)
		if (!a_alnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return n >= 2 && n <= 35;
}

static char *
pick_lang(xmlNode *top, const struct metas *m, const struct ex_ld *ld)
{
	const char	*cand[4];
	char		*root_lang = NULL, *l = NULL, *p;
	xmlNode		*root;
	size_t		 i;

	for (root = top->children; root != NULL; root = root->next)
		if (ex_is(root, "html"))
			break;
	if (root != NULL)
		root_lang = ex_attr(root, "lang");
	cand[0] = root_lang;
	cand[1] = meta_get(m, "og:locale");
	if ((cand[2] = meta_get(m, "content-language")) == NULL)
		cand[2] = meta_get(m, "language");
	cand[3] = ld->lang;
	for (i = 0; i < 4 && l == NULL; i++) {
		if (cand[i] == NULL)
			continue;
		l = utf8_collapse_space(cand[i]);
		/* Content-Language may list several: the first. */
		l[strcspn(l, ", ")] = '\0';
		for (p = l; *p != '\0'; p++)
			if (*p == '_')
				*p = '-';
		if (!lang_ok(l)) {
			free(l);
			l = NULL;
		}
	}
	free(root_lang);
	return l;
}

/* The text after the headline (or from the top of the body), owned. */
static char *
near_title(xmlNode *top, xmlNode *h1)
{
	struct buf	 b = BUF_INIT;
	xmlNode		*n, *start;

	start = h1 != NULL ? h1 : ex_body((htmlDocPtr)top);
	for (n = start; n != NULL && b.len < NEAR_TITLE;
	    n = ex_next(n, top)) {
		if (ex_is_any(n, (const char *const[]){ "script", "style",
		    "noscript", "head", "nav", NULL })) {
			if ((n = ex_skip(n, top)) == NULL)
				break;
		}
		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			buf_addstr(&b, (const char *)n->content);
			buf_addc(&b, '\n');
		}
	}
	return buf_release(&b);
}

/* "作者：李明　来源：……": the name after a Chinese author label. */
static char *
byline_in(const char *s)
{
	static const char *const labels[] = {
		"作者：", "作者:", "记者：", "記者：", "文／", "文/", NULL
	};
	static const char *const stops[] = {
		"\xe3\x80\x80", "，", "（", "(", "|", "　", NULL
	};
	const char	*p = NULL, *e;
	size_t		 i, n;

	for (i = 0; labels[i] != NULL && p == NULL; i++)
		if ((p = strstr(s, labels[i])) != NULL)
			p += strlen(labels[i]);
	if (p == NULL)
		return NULL;
	p += strspn(p, " \t");
	for (e = p; *e != '\0' && !is_space((unsigned char)*e); e++) {
		for (i = 0; stops[i] != NULL; i++) {
			n = strlen(stops[i]);
			if (strncmp(e, stops[i], n) == 0)
				break;
		}
		if (stops[i] != NULL)
			break;
	}
	if (e == p || e - p > 60)
		return NULL;
	return xstrndup(p, e - p);
}

static char *
clean_byline(char *s)
{
	static const char *const prefixes[] = {
		"by ", "By ", "BY ", "作者：", "作者:", "文/", "文／", NULL
	};
	char	*r;
	size_t	 i, n;

	if (s == NULL)
		return NULL;
	for (i = 0; prefixes[i] != NULL; i++) {
		n = strlen(prefixes[i]);
		if (strncmp(s, prefixes[i], n) == 0) {
			r = ex_collapse(s + n);
			free(s);
			s = r;
			break;
		}
	}
	/* "Jane Doe —", "李明 |": the separator before the date. */
	while (s != NULL && *s != '\0') {
		n = strlen(s);
		if (n >= 3 && (strcmp(s + n - 3, "—") == 0 ||
		    strcmp(s + n - 3, "｜") == 0))
			n -= 3;
		else if (strchr("-|,;:/", s[n - 1]) != NULL)
			n--;
		else
			break;
		s[n] = '\0';
		r = ex_collapse(s);
		free(s);
		s = r;
	}
	if (s != NULL && (utf8_count(s) > MAX_BYLINE || utf8_is_blank(s))) {
		free(s);
		return NULL;
	}
	return s;
}

static int
is_byline_node(const xmlNode *n)
{
	char	*v;
	int	 yes = 0;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if ((v = ex_attr(n, "rel")) != NULL) {
		yes = strcasecmp(v, "author") == 0;
		free(v);
	}
	if (!yes && (v = ex_attr(n, "itemprop")) != NULL) {
		yes = strcasecmp(v, "author") == 0;
		free(v);
	}
	if (!yes && (v = ex_attr(n, "class")) != NULL) {
		yes = strcasestr(v, "byline") != NULL ||
		    strcasestr(v, "author") != NULL;
		free(v);
	}
	return yes;
}

static char *
pick_byline(xmlNode *top, const struct metas *m, const struct ex_ld *ld,
    xmlNode *h1)
{
	const char	*s;
	xmlNode		*n;
	char		*b, *t;

	if (ld->byline != NULL)
		return clean_byline(xstrdup(ld->byline));
	if ((s = meta_get(m, "author")) != NULL ||
	    (s = meta_get(m, "dc.creator")) != NULL ||
	    (s = meta_get(m, "byl")) != NULL ||
	    ((s = meta_get(m, "article:author")) != NULL &&
	    strstr(s, "://") == NULL))
		return clean_byline(ex_collapse(s));
	for (n = top; n != NULL; n = ex_next(n, top)) {
		if (ex_is_any(n, (const char *const[]){ "script", "style",
		    "head", NULL })) {
			n = ex_skip(n, top);
			if (n == NULL)
				break;
		}
		if (!is_byline_node(n))
			continue;
		t = ex_text(n);
		b = clean_byline(ex_collapse(t));
		free(t);
		if (b != NULL)
			return b;
	}
	t = near_title(top, h1);
	b = clean_byline(byline_in(t));
	free(t);
	return b;
}

static char *
resolve_http(const char *base, const char *ref)
{
	char	*u;

	if (ref == NULL || (u = url_resolve(base, ref)) == NULL)
		return NULL;
	if (!url_scheme_in(u, http_schemes)) {
		free(u);
		return NULL;
	}
	return u;
}

static char *
pick_thumbnail(const struct metas *m, const struct ex_ld *ld,
    const char *base)
{
	static const char *const keys[] = {
		"og:image", "og:image:url", "og:image:secure_url",
		"twitter:image", "twitter:image:src", NULL
	};
	char	*u;
	size_t	 i;

	for (i = 0; keys[i] != NULL; i++)
		if ((u = resolve_http(base, meta_get(m, keys[i]))) != NULL)
			return u;
	return resolve_http(base, ld->image);
}

static int
two(const char *p, int *v)
{
	if (!a_digit((unsigned char)p[0]))
		return 0;
	if (a_digit((unsigned char)p[1])) {
		*v = (p[0] - '0') * 10 + p[1] - '0';
		return 2;
	}
	*v = p[0] - '0';
	return 1;
}

/* After a year or month: "-", "/", ".", "年", "月"; 0 when none. */
static int
date_sep(const char *p, const char *cjk)
{
	if (*p == '-' || *p == '/' || *p == '.')
		return 1;
	if (strncmp(p, cjk, strlen(cjk)) == 0)
		return (int)strlen(cjk);
	return 0;
}

char *
ex_find_date(const char *s)
{
	const char	*p, *q;
	char		*r;
	int		 y, mo, d, h = -1, mi = 0, sec = 0, n, k;

	for (p = s; *p != '\0'; p++) {
		if (!a_digit((unsigned char)*p) || (p > s &&
		    a_digit((unsigned char)p[-1])))
			continue;
		q = p;
		for (y = 0, k = 0; k < 4 && a_digit((unsigned char)*q); k++)
			y = y * 10 + *q++ - '0';
		if (k != 4 || a_digit((unsigned char)*q) || y < 1990 ||
		    y > 2100 || (n = date_sep(q, "年")) == 0)
			continue;
		q += n;
		if ((n = two(q, &mo)) == 0 || mo < 1 || mo > 12)
			continue;
		q += n;
		if ((n = date_sep(q, "月")) == 0 || (k = two(q + n, &d)) == 0 ||
		    d < 1 || d > 31 || a_digit((unsigned char)q[n + k]))
			continue;
		q += n + k;
		if (strncmp(q, "日", 3) == 0)
			q += 3;
		while (*q == ' ' || *q == 'T' || *q == '\t')
			q++;
		if ((n = two(q, &h)) > 0 && (q[n] == ':' || strncmp(q + n,
		    "：", 3) == 0) && (k = two(q + n + (q[n] == ':' ? 1 : 3),
		    &mi)) == 2 && h < 24 && mi < 60) {
			q += n + (q[n] == ':' ? 1 : 3) + k;
			if (*q == ':' && two(q + 1, &sec) == 2 && sec < 60)
				;
			else
				sec = 0;
		} else
			h = -1;
		if (h >= 0)
			xasprintf(&r, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d,
			    h, mi, sec);
		else
			xasprintf(&r, "%04d-%02d-%02d", y, mo, d);
		return r;
	}
	return NULL;
}

static void
collect_dates(xmlNode *top, const struct metas *m, const struct ex_ld *ld,
    struct strvec *state, xmlNode *h1, struct strvec *out)
{
	xmlNode		*n, *first_time = NULL;
	const char	*s;
	char		*v, *t;
	size_t		 i;

	if (ld->date != NULL)
		strvec_push(out, ld->date);
	for (i = 0; date_metas[i] != NULL; i++)
		if ((s = meta_get(m, date_metas[i])) != NULL)
			strvec_push(out, s);
	/* <time pubdate> or itemprop=datePublished first, then any. */
	for (n = top; n != NULL; n = ex_next(n, top)) {
		if (!ex_is(n, "time") && !ex_is(n, "span") && !ex_is(n, "div"))
			continue;
		if ((v = ex_attr(n, "itemprop")) != NULL &&
		    strcasecmp(v, "datePublished") == 0) {
			free(v);
			if ((v = ex_attr(n, "datetime")) == NULL &&
			    (v = ex_attr(n, "content")) == NULL)
				v = ex_text(n);
			strvec_push_owned(out, v);
			continue;
		}
		free(v);
		if (!ex_is(n, "time"))
			continue;
		if ((v = ex_attr(n, "pubdate")) != NULL) {
			free(v);
			if ((v = ex_attr(n, "datetime")) != NULL)
				strvec_push_owned(out, v);
		} else if (first_time == NULL)
			first_time = n;
	}
	if (first_time != NULL && (v = ex_attr(first_time, "datetime")) != NULL)
		strvec_push_owned(out, v);
	for (i = 0; i < state->n; i++)
		strvec_push(out, state->v[i]);
	t = near_title(top, h1);
	if ((v = ex_find_date(t)) != NULL)
		strvec_push_owned(out, v);
	free(t);
}

void
ex_meta_collect(htmlDocPtr doc, const char *base, struct ex_meta *m)
{
	struct metas	 metas;
	struct ex_ld	 ld;
	struct strvec	 state;
	xmlNode		*top = (xmlNode *)doc, *h1;
	char		*state_html = NULL;

	memset(m, 0, sizeof(*m));
	memset(&metas, 0, sizeof(metas));
	memset(&ld, 0, sizeof(ld));
	memset(&state, 0, sizeof(state));
	metas_collect(top, &metas);
	ex_ld_collect(top, &ld, &state, &state_html);

	m->title = pick_title(top, &metas, &ld, &h1);
	m->lang = pick_lang(top, &metas, &ld);
	m->byline = pick_byline(top, &metas, &ld, h1);
	m->thumbnail = pick_thumbnail(&metas, &ld, base);
	if (ld.body != NULL) {
		m->ld_body = ld.body;
		ld.body = NULL;
		free(state_html);
	} else
		m->ld_body = state_html;
	collect_dates(top, &metas, &ld, &state, h1, &m->dates);

	strvec_clear(&state);
	ex_ld_free(&ld);
	metas_free(&metas);
}

/* One candidate as a time, also when it is buried in other text. */
static int
parse_one(const char *s, const struct tz *tz, int64_t *t)
{
	char	*d;
	int	 rv;

	if (date_parse(s, tz, t) == 0)
		return 0;
	/* "发布时间：2025年02月11日 15:49" and the like. */
	if ((d = ex_find_date(s)) == NULL)
		return -1;
	rv = date_parse(d, tz, t);
	free(d);
	return rv;
}

int64_t
ex_meta_date(const struct ex_meta *m, const struct tz *tz)
{
	int64_t	 t, u;
	size_t	 i, k;

	for (i = 0; i < m->dates.n; i++) {
		if (parse_one(m->dates.v[i], tz, &t) == -1)
			continue;
		if (strchr(m->dates.v[i], ':') != NULL)
			return t;
		/* A bare day: a later candidate may know the time of it. */
		for (k = i + 1; k < m->dates.n; k++)
			if (strchr(m->dates.v[k], ':') != NULL &&
			    parse_one(m->dates.v[k], tz, &u) == 0 &&
			    u >= t && u < t + 86400)
				return u;
		return t;
	}
	return DATE_NONE;
}

void
ex_meta_free(struct ex_meta *m)
{
	free(m->title);
	free(m->byline);
	free(m->lang);
	free(m->thumbnail);
	free(m->ld_body);
	strvec_clear(&m->dates);
	memset(m, 0, sizeof(*m));
}
