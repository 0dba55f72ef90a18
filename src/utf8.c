/*
 * utf8.c - UTF-8 decoding and repair, and text helpers that count
 * characters rather than bytes (Chinese titles must not be cut mid-glyph).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	 c, min;
	size_t		 len, i;

	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		goto bad;
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = UTF8_REPLACEMENT;
	return 1;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xC0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xE0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3F);
		o[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	o[0] = 0xF0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3F);
	o[2] = 0x80 | ((cp >> 6) & 0x3F);
	o[3] = 0x80 | (cp & 0x3F);
	return 4;
}

int
utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k;
	uint32_t		 cp;

	for (i = 0; i < n; i += k) {
		if (p[i] < 0x80) {
			k = 1;
			continue;
		}
		k = utf8_decode(p + i, n - i, &cp);
		if (cp == UTF8_REPLACEMENT && k == 1)
			return 0;
	}
	return 1;
}

int
utf8_xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return cp == 0x09 || cp == 0x0A || cp == 0x0D;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return cp <= 0x10FFFF;
}

/*
 * The longest prefix of s that is valid UTF-8 made of XML characters.
 * Every document and fragment passes through here, so the common cases
 * (ASCII, two- and three-byte sequences) are checked inline rather than
 * decoded: the first bytes alone rule out overlong forms, surrogates and
 * U+FFFE/U+FFFF.
 */
size_t
utf8_xml_clean_len(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0;
	unsigned		 c;

	while (i < n) {
#ifdef __SSE2__
		/*
		 * Sixteen bytes at a time: skip to the first that is not
		 * printable ASCII, tab, LF or CR (a signed compare puts
		 * bytes >= 0x80 below 0x20 too).  Feeds are indented, so
		 * LF and tab must not end the fast path.
		 */
		while (n - i >= 16) {
			__m128i	 v, bad;
			unsigned	 m;

			v = _mm_loadu_si128((const __m128i *)(p + i));
			bad = _mm_andnot_si128(_mm_or_si128(_mm_or_si128(
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
			    _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
			if ((m = (unsigned)_mm_movemask_epi8(bad)) != 0) {
				i += (size_t)__builtin_ctz(m);
				break;
			}
			i += 16;
		}
#endif
		/* Eight ASCII bytes, none a control character, at a time. */
		while (n - i >= 8) {
			uint64_t	 w;

			memcpy(&w, p + i, 8);
			if (((w - 0x2020202020202020ULL) | w) &
			    0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		/*
		 * One character at a time while they are not ASCII (CJK
		 * text): the wide tests above would fail on each.
		 */
		do {
			c = p[i];
			/* Most of CJK first: E1-EC lead no special case. */
			if (c >= 0xE1 && c <= 0xEC && n - i >= 3 &&
			    (p[i + 1] & 0xC0) == 0x80 &&
			    (p[i + 2] & 0xC0) == 0x80) {
				i += 3;
				continue;
			}
			if (c < 0x80) {
				if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
					return i;
				i++;
			} else if (c < 0xC2)
				return i;
			else if (c < 0xE0) {
				if (n - i < 2 || (p[i + 1] & 0xC0) != 0x80)
					return i;
				i += 2;
			} else if (c < 0xF0) {
				if (n - i < 3 || (p[i + 1] & 0xC0) != 0x80 ||
				    (p[i + 2] & 0xC0) != 0x80 ||
				    (c == 0xE0 && p[i + 1] < 0xA0) ||
				    (c == 0xED && p[i + 1] >= 0xA0) ||
				    (c == 0xEF && p[i + 1] == 0xBF &&
				    p[i + 2] >= 0xBE))
					return i;
				i += 3;
			} else if (c < 0xF5) {
				if (n - i < 4 || (p[i + 1] & 0xC0) != 0x80 ||
				    (p[i + 2] & 0xC0) != 0x80 ||
				    (p[i + 3] & 0xC0) != 0x80 ||
				    (c == 0xF0 && p[i + 1] < 0x90) ||
				    (c == 0xF4 && p[i + 1] >= 0x90))
					return i;
				i += 4;
			} else
				return i;
		} while (i < n && p[i] >= 0x80);
	}
	return i;
}

void
utf8_clean_add(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, run;
	uint32_t		 cp;
	char			 enc[4];

	buf_grow(b, n);
	while (i < n) {
		if ((run = utf8_xml_clean_len(s + i, n - i)) > 0) {
			buf_add(b, p + i, run);
			i += run;
			continue;
		}
		/* p[i] starts an invalid sequence or a forbidden character. */
		k = utf8_decode(p + i, n - i, &cp);
		if (cp == UTF8_REPLACEMENT && k == 1)
			buf_add(b, enc, utf8_encode(cp, enc));
		i += k;
	}
}

char *
utf8_clean(const char *s, size_t n)
{
	struct buf	 b = BUF_INIT;

	if (utf8_xml_clean_len(s, n) == n)
		return xstrndup(s, n);
	utf8_clean_add(&b, s, n);
	return buf_release(&b);
}

size_t
utf8_count(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Length of the space character at s, or 0 when s is not a space: ASCII
 * white space, U+00A0, U+1680, U+2000-U+200B, U+2028, U+2029, U+202F,
 * U+205F, U+3000, U+FEFF.  Matched on their UTF-8 bytes (s is
 * NUL-terminated, so each && stops at the end): every summary and title
 * passes through here byte by byte.
 */
static inline size_t
space_len(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	switch (p[0]) {
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
		return 1;
	case 0xC2:
		return p[1] == 0xA0 ? 2 : 0;
	case 0xE1:
		return p[1] == 0x9A && p[2] == 0x80 ? 3 : 0;
	case 0xE2:
		if (p[1] == 0x80)
			return (p[2] >= 0x80 && p[2] <= 0x8B) || p[2] == 0xA8 ||
			    p[2] == 0xA9 || p[2] == 0xAF ? 3 : 0;
		return p[1] == 0x81 && p[2] == 0x9F ? 3 : 0;
	case 0xE3:
		return p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
	case 0xEF:
		return p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
	default:
		return 0;
	}
}

/* A byte a space (space_len) can start with; the rest of text skips. */
static inline int
space_lead(unsigned char c)
{
	return c <= 0x20 || c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 ||
	    c == 0xEF;
}

/* The first byte in [s, end) that may start a space, or end. */
static const char *
space_candidate(const char *s, const char *end)
{
#ifdef __SSE2__
	const __m128i	 sp = _mm_set1_epi8(0x20);

	while (end - s >= 16) {
		__m128i		 v = _mm_loadu_si128((const __m128i *)s), m;
		unsigned	 bits;

		m = _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(_mm_min_epu8(v, sp), v),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2))),
		    _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE1)),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))),
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE3)),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)))));
		if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0)
			return s + __builtin_ctz(bits);
		s += 16;
	}
#endif
	while (s < end && !space_lead((unsigned char)*s))
		s++;
	return s;
}

char *
utf8_collapse_space(const char *s)
{
	struct buf	 b = BUF_INIT;
	const char	*word, *end;
	size_t		 k, n = strlen(s);

	end = s + n;
	buf_grow(&b, n);
	while (s < end) {
		if ((k = space_len(s)) > 0) {
			s += k;
			continue;
		}
		/* Copy one word (a run of non-space characters) at a time. */
		for (word = s++; (s = space_candidate(s, end)) < end &&
		    space_len(s) == 0; s++)
			;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_add(&b, word, (size_t)(s - word));
	}
	return buf_release(&b);
}

int
utf8_is_blank(const char *s)
{
	size_t	 k;

	for (; *s != '\0'; s += k)
		if ((k = space_len(s)) == 0)
			return 0;
	return 1;
}

/* Byte offset of the character after the first max characters of s. */
static size_t
char_offset(const char *s, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == max)
				return i;
			n++;
		}
	}
	return i;
}

static char *
truncate_at(const char *s, size_t cut)
{
	struct buf	 b = BUF_INIT;
	size_t		 k;

	while (cut > 0 && (k = space_len(s + cut - 1)) == 1)
		cut--;
	buf_add(&b, s, cut);
	buf_addstr(&b, "\xE2\x80\xA6");	/* … */
	return buf_release(&b);
}

char *
utf8_truncate(const char *s, size_t max)
{
	if (utf8_count(s) <= max)
		return xstrdup(s);
	if (max == 0)
		return xstrdup("");
	return truncate_at(s, char_offset(s, max - 1));
}

char *
utf8_truncate_words(const char *s, size_t max)
{
	size_t	 cut, i, min;

	if (utf8_count(s) <= max)
		return xstrdup(s);
	if (max == 0)
		return xstrdup("");
	cut = char_offset(s, max - 1);
	/*
	 * Back up to the last ASCII space, unless that would throw away more
	 * than a third of the text (CJK text has no spaces to cut at).
	 */
	min = cut - cut / 3;
	for (i = cut; i > min; i--)
		if (s[i] == ' ')
			return truncate_at(s, i);
	return truncate_at(s, cut);
}

/* Upper case whose lower case is the next code point, in [lo, hi]. */
static int
pair_even(uint32_t cp, uint32_t lo, uint32_t hi)
{
	return cp >= lo && cp <= hi && (cp - lo) % 2 == 0;
}

uint32_t
utf8_fold_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp < 0x100)
		return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7 ? cp + 32 : cp;
	if (cp < 0x180) {
		/* Latin Extended-A: pairs, shifted by one in 0x139-0x148. */
		if (cp == 0x130 || cp == 0x131 || cp == 0x138 || cp == 0x149)
			return cp;
		if (cp == 0x178)
			return 0xFF;
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
			return cp % 2 == 1 ? cp + 1 : cp;
		if (cp == 0x17F)
			return 's';
		return cp % 2 == 0 ? cp + 1 : cp;
	}
	if (cp >= 0x370 && cp < 0x400) {
		if (cp == 0x386)
			return 0x3AC;
		if (cp >= 0x388 && cp <= 0x38A)
			return cp + 37;
		if (cp == 0x38C)
			return 0x3CC;
		if (cp == 0x38E || cp == 0x38F)
			return cp + 63;
		if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
			return cp + 32;
		if (cp == 0x3C2)	/* final sigma */
			return 0x3C3;
		return cp;
	}
	if (cp >= 0x400 && cp < 0x530) {
		if (cp < 0x410)
			return cp + 80;
		if (cp < 0x430)
			return cp + 32;
		if (pair_even(cp, 0x460, 0x480) || pair_even(cp, 0x48A, 0x4BE) ||
		    pair_even(cp, 0x4D0, 0x52E))
			return cp + 1;
		if (cp == 0x4C0)
			return 0x4CF;
		if (cp >= 0x4C1 && cp <= 0x4CD && cp % 2 == 1)
			return cp + 1;
		return cp;
	}
	if (cp >= 0x531 && cp <= 0x556)
		return cp + 48;
	if (cp == 0x1E9E)	/* capital sharp s */
		return 0xDF;
	if (pair_even(cp, 0x1E00, 0x1E94) || pair_even(cp, 0x1EA0, 0x1EFE))
		return cp + 1;
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return cp + 32;
	return cp;
}

void
utf8_fold_add(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 enc[4];
	uint32_t		 cp;
	size_t			 i, len;

	for (i = 0; i < n; i += len) {
		if (p[i] < 0x80) {
			buf_addc(b, p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 :
			    p[i]);
			len = 1;
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		buf_add(b, enc, utf8_encode(utf8_fold_cp(cp), enc));
	}
}

const char *
mem_find3(const char *p, const char *end, char a, char b, char c)
{
#ifdef __SSE2__
	const __m128i	 va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
	const __m128i	 vc = _mm_set1_epi8(c);

	while (end - p >= 16) {
		__m128i		 v = _mm_loadu_si128((const __m128i *)p);
		unsigned	 m;

		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
		    _mm_cmpeq_epi8(v, vc)));
		if (m != 0)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	while (p < end && *p != a && *p != b && *p != c)
		p++;
	return p;
}

const char *
mem_find2(const char *p, const char *end, char a, char b)
{
	return mem_find3(p, end, a, b, b);
}

const char *
mem_find(const char *hay, size_t n, const char *needle, size_t k,
    size_t rare)
{
	const char	*p, *last;

	if (k == 0)
		return hay;
	if (n < k)
		return NULL;
	if (rare >= k)
		rare = 0;
	/* Where needle[rare] may be: a match starts at p - rare. */
	p = hay + rare;
	last = hay + (n - k) + rare;
	while (p <= last &&
	    (p = memchr(p, needle[rare], (size_t)(last - p) + 1)) != NULL) {
		if (memcmp(p - rare, needle, k) == 0)
			return p - rare;
		p++;
	}
	return NULL;
}
