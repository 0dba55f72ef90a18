/*
 * charset.h - charset labels and transcoding to UTF-8 with replacement,
 * for anything fetched in a legacy encoding (feeds, GBK/Big5 web pages).
 * Pure functions; the names they deal in are the iconv names that
 * charset_normalize() returns ("GB18030", "CP932", "UTF-16LE", ...).
 */
#ifndef CHARSET_H
#define CHARSET_H

#include <stddef.h>
#include <sys/types.h>

/* Room for the longest name we take seriously, NUL included. */
#define CHARSET_NAMEMAX	48

struct buf;

/*
 * Map the label in label[0..n) (from an XML declaration, a Content-Type or
 * a <meta> tag; surrounding white space and quotes are ignored) to an iconv
 * name in out.  Legacy CJK labels go to the superset actually in use
 * (gb2312 and gbk -> GB18030, shift_jis -> CP932, euc-kr -> CP949), and
 * Latin-1 and ASCII labels to WINDOWS-1252; other labels are upper-cased.
 * A label with characters no charset name has gives "?", which
 * charset_to_utf8() refuses as unknown.  Returns 0 for an empty
 * label (out untouched), else 1.
 */
int	 charset_normalize(const char *label, size_t n,
	    char out[CHARSET_NAMEMAX]);

/*
 * The length of the byte order mark p starts with (UTF-8, UTF-16LE/BE or
 * UTF-32LE/BE), with the encoding it announces in *name; 0 and NULL when
 * there is none.
 */
size_t	 charset_bom(const void *p, size_t n, const char **name);

/*
 * "UTF-16LE", "UTF-16BE", "UTF-32LE" or "UTF-32BE" when the first four
 * bytes have the zero bytes of two ASCII characters in that encoding
 * (how a BOM-less wide document that starts with '<' or white space
 * looks), else NULL.  No 8-bit text starts like that.
 */
const char *charset_sniff_wide(const void *p, size_t n);

/* 2 for UTF-16 and UCS-2 names, 4 for UTF-32 and UCS-4, 0 for the rest. */
size_t	 charset_wide_unit(const char *name);

/*
 * Append s[0..n), in the encoding called name, to out as UTF-8.  Each
 * undecodable sequence becomes U+FFFD and costs one byte (one code unit
 * for UTF-16/32, so the rest stays aligned); a sequence cut off at the end
 * becomes one U+FFFD.  Text labelled BIG5 that does not decode cleanly is
 * decoded again as BIG5-HKSCS, and that result kept if it has fewer
 * replacements.  Returns the number of replacements, or -1 (out
 * untouched) when iconv does not know name.
 */
ssize_t	 charset_to_utf8(const char *name, const char *s, size_t n,
	    struct buf *out);

#endif
