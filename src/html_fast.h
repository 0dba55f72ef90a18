/*
 * html_fast.h - html_fast.c's events: the strict common subset of HTML,
 * reported element by element to a sink, for the sanitizer to read
 * without building a tree.
 */
#ifndef HTML_FAST_H
#define HTML_FAST_H

#include <stddef.h>

struct html_attr {
	const char	*name;	/* lower case */
	const char	*value;	/* references decoded */
};

/*
 * Each callback returns 1 to go on, 0 to stop the scan (which then
 * fails).  Element names are lower case and come from html_fast.c's own
 * table.  text and comment are not NUL-terminated; text is decoded.
 */
struct html_sink {
	/* isvoid: no content and no end() to follow. */
	int	(*start)(void *, const char *name, const struct html_attr *,
		    size_t nattrs, int isvoid);
	/* The end of the innermost element started and not ended. */
	int	(*end)(void *);
	int	(*text)(void *, const char *, size_t);
	int	(*comment)(void *, const char *, size_t);
};

/*
 * Report the fragment s (clean UTF-8 of XML characters) to sink as the
 * body of libxml2's tree would hold it: 1 when it is all in the subset,
 * 0 when libxml2 must parse it, after which whatever the sink was told
 * is to be thrown away.
 */
int	html_fast_scan(const char *s, size_t len, const struct html_sink *,
	    void *arg);

#endif
