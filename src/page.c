/*
 * page.c - an article page as a one-entry document: the extractor's
 * title, date, byline, language, lead image and body, the page URL as
 * the entry's link and id.  The body is sanitized HTML already; the
 * normalizer sanitizes it again like any feed's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "extract.h"
#include "feed.h"
#include "page.h"
#include "xmalloc.h"

int
page_parse(const char *html, size_t len, const char *url,
    const char *charset, const struct tz *tz, struct feed_doc **out,
    char *err, size_t errlen)
{
	struct article	 a;
	struct feed_doc	*d;
	struct entry	*e;
	struct person	*p;
	char		 when[32];

	*out = NULL;
	memset(&a, 0, sizeof(a));
	if (extract_article(html, len, url, charset, tz, &a, err,
	    errlen) == -1)
		return -1;
	if (a.content_html == NULL && a.title == NULL) {
		snprintf(err, errlen, "no article found on the page");
		article_clear(&a);
		return -1;
	}
	d = feed_doc_new();
	d->format = FMT_PAGE;
	if (url != NULL)
		d->link = xstrdup(url);
	e = entry_new();
	if (url != NULL) {
		e->link = xstrdup(url);
		e->id = xstrdup(url);
	}
	if (a.title != NULL) {
		text_set(&e->title, a.title, TEXT_PLAIN, NULL);
		text_set(&d->title, xstrdup(a.title), TEXT_PLAIN, NULL);
		a.title = NULL;
	}
	if (a.content_html != NULL) {
		text_set(&e->content, a.content_html, TEXT_HTML, url);
		a.content_html = NULL;
	}
	if (a.published != DATE_NONE) {
		date_format_rfc3339(a.published, when);
		e->published_raw = xstrdup(when);
	}
	if (a.byline != NULL) {
		p = person_add(&e->authors, &e->nauthors);
		p->name = a.byline;
		a.byline = NULL;
	}
	if (a.lang != NULL) {
		e->lang = xstrdup(a.lang);
		d->lang = a.lang;
		a.lang = NULL;
	}
	if (a.thumbnail != NULL) {
		e->media_image = a.thumbnail;
		a.thumbnail = NULL;
	}
	feed_doc_add_entry(d, e);
	article_clear(&a);
	*out = d;
	return 0;
}
