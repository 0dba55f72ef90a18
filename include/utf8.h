/*
 * utf8.h - UTF-8 decoding, repair and character-counted text helpers.
 * Pure functions: bytes in, owned strings out.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFD

/*
 * Decode one code point from s (at most n bytes).  Returns the number of
 * bytes used (>= 1); *cp is UTF8_REPLACEMENT for an invalid sequence,
 * which then consumes one byte.
 */
size_t	 utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns the length. */
size_t	 utf8_encode(uint32_t cp, char *out);
int	 utf8_valid(const char *s, size_t n);
/* True for code points XML 1.0 allows in a document. */
int	 utf8_xml_char(uint32_t cp);
/*
 * Valid UTF-8 copy of s: invalid sequences become U+FFFD, characters XML
 * forbids (C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF, surrogates)
 * are dropped.
 */
char	*utf8_clean(const char *s, size_t n);
/* utf8_clean appending to b. */
struct buf;
void	 utf8_clean_add(struct buf *b, const char *s, size_t n);
/* Length of the longest prefix utf8_clean would leave as it is. */
size_t	 utf8_xml_clean_len(const char *s, size_t n);
size_t	 utf8_count(const char *s);	/* characters, not bytes */
/*
 * Copy of s with runs of white space (ASCII and Unicode spaces, including
 * U+00A0 and U+3000) folded into one ASCII space, trimmed at both ends.
 */
char	*utf8_collapse_space(const char *s);
/* True when s holds nothing but white space (as utf8_collapse_space sees it). */
int	 utf8_is_blank(const char *s);
/*
 * Copy of s cut to at most max characters; when cut, trailing space is
 * trimmed and "…" ends the result (counted in max).
 */
char	*utf8_truncate(const char *s, size_t max);
/* Like utf8_truncate, but prefers to cut between words. */
char	*utf8_truncate_words(const char *s, size_t max);
/*
 * Simple case folding to lower case of the scripts that have case and
 * are common in feeds: ASCII, Latin-1, Latin Extended-A and Additional,
 * Greek, Cyrillic, Armenian, full-width Latin.  Other code points come
 * back as they are.
 */
uint32_t utf8_fold_cp(uint32_t cp);
/*
 * memmem() for a short marker with a byte that is rare in text at
 * needle[rare] ('[' of "<![CDATA[", ']' of "]]>"): memchr() finds the
 * candidates, many times faster than glibc's memmem on markup.
 */
const char *mem_find(const char *hay, size_t n, const char *needle,
	    size_t k, size_t rare);
/* The first a or b (or c) in [p, end), or end: memchr for 2 or 3 bytes. */
const char *mem_find2(const char *p, const char *end, char a, char b);
const char *mem_find3(const char *p, const char *end, char a, char b,
	    char c);
/* utf8_fold_cp over s (n bytes) appended to b; invalid bytes become U+FFFD. */
void	 utf8_fold_add(struct buf *b, const char *s, size_t n);

#endif
