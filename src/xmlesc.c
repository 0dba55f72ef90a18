/*
 * xmlesc.c - escaping text for XML and HTML output (the sanitizer's
 * HTML, captured XHTML, the Atom and OPML writer).  One table lookup per
 * byte, or sixteen plain bytes at a time with SSE2.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "log.h"
#include "xmlesc.h"

/* Classes of the bytes escaping may touch; 0 for every other byte. */
#define C_MARKUP	0x10	/* < > &: always */
#define C_QUOT		XE_QUOT
#define C_CR		XE_CR
#define C_TABLF		XE_TABLF
#define C_CTRL		XE_DROP_CTRL

static const unsigned char xe_class[256] = {
	[0x00] = C_CTRL, [0x01] = C_CTRL, [0x02] = C_CTRL, [0x03] = C_CTRL,
	[0x04] = C_CTRL, [0x05] = C_CTRL, [0x06] = C_CTRL, [0x07] = C_CTRL,
	[0x08] = C_CTRL, ['\t'] = C_TABLF, ['\n'] = C_TABLF, [0x0B] = C_CTRL,
	[0x0C] = C_CTRL, ['\r'] = C_CR, [0x0E] = C_CTRL, [0x0F] = C_CTRL,
	[0x10] = C_CTRL, [0x11] = C_CTRL, [0x12] = C_CTRL, [0x13] = C_CTRL,
	[0x14] = C_CTRL, [0x15] = C_CTRL, [0x16] = C_CTRL, [0x17] = C_CTRL,
	[0x18] = C_CTRL, [0x19] = C_CTRL, [0x1A] = C_CTRL, [0x1B] = C_CTRL,
	[0x1C] = C_CTRL, [0x1D] = C_CTRL, [0x1E] = C_CTRL, [0x1F] = C_CTRL,
	['<'] = C_MARKUP, ['>'] = C_MARKUP, ['&'] = C_MARKUP,
	['"'] = C_QUOT
};

void
xml_escape_add(struct buf *b, const char *s, size_t n, int flags)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + n;
	const char		*rep;
	unsigned		 mask = C_MARKUP | (unsigned)flags;
	char			*o;
	size_t			 k;
#ifdef __SSE2__
	unsigned		 bits;
#endif

	if (n > (SIZE_MAX - 1) / 6)
		fatalx("xml_escape_add: size overflow");
	/* At most 6 bytes ("&quot;") for each byte in. */
	buf_grow(b, n * 6);
	o = b->data + b->len;
	while (p < end) {
#ifdef __SSE2__
		/*
		 * Sixteen bytes at a time while none is < > & or a control
		 * character (nor '"' when quoting): most text is plain.
		 */
		while (end - p >= 16) {
			__m128i	 v, m;

			v = _mm_loadu_si128((const __m128i *)p);
			m = _mm_or_si128(_mm_or_si128(
			    _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
			    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('&'))));
			if (flags & XE_QUOT)
				m = _mm_or_si128(m,
				    _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
			_mm_storeu_si128((__m128i *)o, v);
			if ((bits = (unsigned)_mm_movemask_epi8(m)) != 0) {
				/* Keep the bytes before the first to escape. */
				k = (size_t)__builtin_ctz(bits);
				o += k;
				p += k;
				break;
			}
			o += 16;
			p += 16;
		}
		if (p == end)
			break;
#endif
		if ((xe_class[*p] & mask) == 0) {
			*o++ = (char)*p++;
			continue;
		}
		switch (*p++) {
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '&':
			rep = "&amp;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\r':
			rep = "&#13;";
			break;
		case '\n':
			rep = "&#10;";
			break;
		case '\t':
			rep = "&#9;";
			break;
		default:
			continue;	/* a control character, dropped */
		}
		k = strlen(rep);
		memcpy(o, rep, k);
		o += k;
	}
	*o = '\0';
	b->len = (size_t)(o - b->data);
}
