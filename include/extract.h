/*
 * extract.h - the main article of an HTML page (title, byline, date,
 * language, lead image, sanitized body and its plain text), as
 * `feedctl extract` prints it and `kind = page` sources store it.  Pure:
 * bytes in, struct out.
 */
#ifndef EXTRACT_H
#define EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#define EXTRACT_MAX_SIZE	(16u * 1024 * 1024)

struct tz;

struct article {
	char	*title;		/* plain text, or NULL */
	char	*byline;	/* plain text, or NULL */
	char	*lang;		/* "zh-CN", or NULL */
	char	*thumbnail;	/* absolute http(s) URL, or NULL */
	char	*content_html;	/* sanitized HTML, or NULL */
	char	*text;		/* plain text, "\n\n" between blocks, or NULL */
	int64_t	 published;	/* DATE_NONE when unknown (feed.h) */
};

/*
 * Extract the article of the page html[0..len).  base_url resolves
 * relative URLs (a <base href> in the page wins); charset is the HTTP
 * header's label or NULL (see htmlcharset.h for the order).  Dates that
 * carry no zone are read in tz; NULL guesses from the page's language
 * (+08:00 for Chinese, +09:00 for Japanese and Korean, else UTC).
 * Returns 0 with out filled (any field may be absent), or -1 with a
 * one-line message in err and out cleared (empty page, too large, not
 * parseable).  Free out with article_clear().
 */
int	 extract_article(const char *html, size_t len, const char *base_url,
	    const char *charset, const struct tz *tz, struct article *out,
	    char *err, size_t errlen);
void	 article_clear(struct article *);

#endif
