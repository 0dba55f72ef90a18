/*
 * markdown.h - sanitized HTML to CommonMark, for the Markdown export.
 * Pure: bytes in, text out.
 */
#ifndef MARKDOWN_H
#define MARKDOWN_H

struct buf;

/*
 * Append the Markdown of a sanitized HTML fragment to out, ending in one
 * newline (nothing at all for an empty body).  Relative URLs are resolved
 * against base_url (may be NULL); links other than http, https and mailto
 * keep only their text, images other than http and https are dropped.
 * Tables become GFM pipe tables.  0, or -1 when the HTML cannot be parsed.
 */
int	 html_to_markdown(const char *html, const char *base_url,
	    struct buf *out);
/* Append "[text](url)", text escaped, url written as a destination. */
void	 markdown_link(struct buf *out, const char *text, const char *url);

#endif
