/*
 * htmlcharset.h - decoding a fetched HTML page to UTF-8: the encoding
 * from its BOM, the transport (HTTP) label, its <meta> prescan, or a
 * fallback.  Shared by feed discovery and the article extractor.  Pure.
 */
#ifndef HTMLCHARSET_H
#define HTMLCHARSET_H

#include <stddef.h>

/*
 * The page as owned, NUL-terminated, valid UTF-8 (utf8_clean'd).  The
 * encoding is the BOM's; else transport (the HTTP Content-Type charset,
 * may be NULL) unless it is a Latin-1 server default and the page
 * declares something else; else the page's <meta charset> or http-equiv
 * Content-Type within its first 8 KiB; else fallback (may be NULL); else
 * UTF-8 when the bytes are valid UTF-8; else Windows-1252.  Labels iconv
 * does not know are skipped.
 */
char	*htmlcharset_decode(const char *s, size_t len, const char *transport,
	    const char *fallback);

/* Scanning raw markup in [p, e): p starts with s, ASCII case-blind. */
int	 html_starts_ci(const char *p, const char *e, const char *s);
/* Just past the first s at or after p, or e when there is none. */
const char *html_skip_past(const char *p, const char *e, const char *s);

#endif
