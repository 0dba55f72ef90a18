/*
 * frontmatter.h - the Markdown export file of one entry: YAML front matter
 * in the shape static-site generators (Hugo, Jekyll) read, the whole file
 * around the converted body, and a stable, safe file name.
 */
#ifndef FRONTMATTER_H
#define FRONTMATTER_H

#include <stdint.h>

#include "conf.h"	/* struct markdown_conf, struct fm_static */

struct buf;
struct tz;

/*
 * What an entry contributes to its front matter.  Everything is borrowed;
 * NULL (or an empty list) leaves the key out.
 */
struct fm_entry {
	const char		*title;		/* plain text; "" when NULL */
	int64_t			 date;		/* seconds since the epoch, or
						   DATE_NONE for no date key */
	const char		*summary;	/* plain text, cut to
						   summary_chars */
	const struct strvec	*categories;	/* source name or first tag */
	const char		*lang;		/* "zh-CN": a one-item list */
	const struct strvec	*tags;
	const char		*thumbnail;
};

/*
 * Append the front matter, "---" line to "---" line.  Keys: title, date
 * (in tz, NULL is UTC, with mc->date_format), summary, categories, lang,
 * tags, thumbnail, then mc's static keys in their order.  A static key that
 * names one of those built-in keys moves it there (and is its value when
 * the entry has none); see frontmatter.c.
 */
void	 frontmatter_write(struct buf *out, const struct fm_entry *e,
	    const struct markdown_conf *mc, const struct tz *tz);
/*
 * Append t formatted in tz (NULL: UTC).  fmt is strftime-like (%Y %m %d
 * %H %M %S %y %e %I %p %j %a %A %b %B %F %T %z %:z %s %%) or, when it holds
 * no '%', a Go layout ("2006-01-02 15:04:05", -07:00, Jan, Mon, PM...).
 */
void	 frontmatter_date(struct buf *out, int64_t t, const struct tz *tz,
	    const char *fmt);
/* Append s as a YAML double-quoted scalar, quotes included. */
void	 frontmatter_quote(struct buf *out, const char *s);

/*
 * The whole export file: front matter, a blank line, the body converted
 * from sanitized HTML (html_to_markdown), a blank line and the source link
 * "[CATEGORY](URL)" (when source_url is set).  0, or -1 when the HTML
 * could not be parsed (out then holds the file without a body).
 */
int	 markdown_render_entry(struct buf *out, const struct fm_entry *e,
	    const char *content_html, const char *base_url,
	    const char *source_url, const struct markdown_conf *mc,
	    const struct tz *tz);
/*
 * Owned file name "SLUG-HHHHHHHH.md": the title slugged (ASCII letters
 * lowercased, digits, CJK kept, anything else one '-'; at most
 * MARKDOWN_SLUG_MAX bytes, cut on a character boundary) and the first 8
 * hex digits of url_hash.  Never empty, never holds '/', never starts
 * with '.'.
 */
#define MARKDOWN_SLUG_MAX	80
char	*markdown_filename(const char *title, const char *url_hash);

#endif
