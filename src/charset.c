/*
 * charset.c - charset labels and transcoding: map the labels found in
 * declarations and headers to the iconv names of the encodings actually
 * used, detect BOMs and BOM-less UTF-16/32, and transcode to UTF-8 with
 * U+FFFD for what does not decode.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "ascii.h"
#include "buf.h"
#include "charset.h"

static const char	 REPLACEMENT[] = "\xEF\xBF\xBD";

/*
 * Lower-case aliases whose iconv name is not simply their upper-case
 * spelling.  Legacy Chinese, Japanese and Korean labels go to the
 * Microsoft/GB supersets that the text was almost always written in; the
 * Latin-1 and ASCII labels mean Windows-1252 in practice (browsers and the
 * Universal Feed Parser do the same).  "big5" stays plain BIG5: it is what
 * the label says, and charset_to_utf8() retries BIG5-HKSCS only when
 * BIG5 fails.
 */
static const struct {
	const char	*alias;
	const char	*name;
} charset_aliases[] = {
	{ "utf-8", "UTF-8" },
	{ "utf8", "UTF-8" },
	{ "unicode-1-1-utf-8", "UTF-8" },
	{ "gb2312", "GB18030" },
	{ "gb_2312", "GB18030" },
	{ "gb_2312-80", "GB18030" },
	{ "csgb2312", "GB18030" },
	{ "gbk", "GB18030" },
	{ "x-gbk", "GB18030" },
	{ "cp936", "GB18030" },
	{ "ms936", "GB18030" },
	{ "windows-936", "GB18030" },
	{ "euc-cn", "GB18030" },
	{ "x-euc-cn", "GB18030" },
	{ "gb18030", "GB18030" },
	{ "big5", "BIG5" },
	{ "big-5", "BIG5" },
	{ "x-big5", "BIG5" },
	{ "cn-big5", "BIG5" },
	{ "csbig5", "BIG5" },
	{ "big5-hkscs", "BIG5-HKSCS" },
	{ "shift_jis", "CP932" },
	{ "shift-jis", "CP932" },
	{ "sjis", "CP932" },
	{ "x-sjis", "CP932" },
	{ "ms_kanji", "CP932" },
	{ "csshiftjis", "CP932" },
	{ "windows-31j", "CP932" },
	{ "cp932", "CP932" },
	{ "euc-jp", "EUC-JP" },
	{ "x-euc-jp", "EUC-JP" },
	{ "eucjp", "EUC-JP" },
	{ "euc-kr", "CP949" },
	{ "euckr", "CP949" },
	{ "ks_c_5601-1987", "CP949" },
	{ "ks_c_5601", "CP949" },
	{ "ksc5601", "CP949" },
	{ "windows-949", "CP949" },
	{ "uhc", "CP949" },
	{ "iso-8859-1", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" },
	{ "iso_8859-1:1987", "WINDOWS-1252" },
	{ "latin1", "WINDOWS-1252" },
	{ "latin-1", "WINDOWS-1252" },
	{ "l1", "WINDOWS-1252" },
	{ "cp819", "WINDOWS-1252" },
	{ "ibm819", "WINDOWS-1252" },
	{ "iso-ir-100", "WINDOWS-1252" },
	{ "csisolatin1", "WINDOWS-1252" },
	{ "us-ascii", "WINDOWS-1252" },
	{ "ascii", "WINDOWS-1252" },
	{ "ansi_x3.4-1968", "WINDOWS-1252" },
	{ "iso646-us", "WINDOWS-1252" },
	{ "koi8r", "KOI8-R" },
	{ "cskoi8r", "KOI8-R" },
	{ "utf16", "UTF-16" },
	{ "ucs-2", "UTF-16" },
	{ "iso-10646-ucs-2", "UTF-16" },
	{ "utf32", "UTF-32" },
	{ "ucs-4", "UTF-32" },
	{ "iso-10646-ucs-4", "UTF-32" },
};

/*
 * A label with characters no charset name has is kept as "?", meant as a
 * name no charset has; charset_to_utf8() refuses it (glibc's iconv_open()
 * alone would take it as the locale's charset).
 */
int
charset_normalize(const char *label, size_t n, char out[CHARSET_NAMEMAX])
{
	char	 low[CHARSET_NAMEMAX];
	size_t	 i;

	while (n > 0 && (is_space(*label) || *label == '"' || *label == '\''))
		label++, n--;
	while (n > 0 && (is_space(label[n - 1]) || label[n - 1] == '"' ||
	    label[n - 1] == '\''))
		n--;
	if (n == 0)
		return 0;
	if (n >= sizeof(low)) {
		snprintf(out, CHARSET_NAMEMAX, "?");
		return 1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = label[i];

		if (!a_alnum(c) && c != '-' && c != '_' && c != '.' &&
		    c != ':') {
			snprintf(out, CHARSET_NAMEMAX, "?");
			return 1;
		}
		low[i] = a_lower(c);
	}
	low[n] = '\0';
	for (i = 0; i < sizeof(charset_aliases) / sizeof(charset_aliases[0]);
	    i++)
		if (strcmp(low, charset_aliases[i].alias) == 0) {
			snprintf(out, CHARSET_NAMEMAX, "%s",
			    charset_aliases[i].name);
			return 1;
		}
	/* windows-125x, cp125x, x-cp125x */
	for (i = 0; low[i] != '\0' && !a_digit((unsigned char)low[i]); i++)
		;
	if (strlen(low + i) == 4 && strncmp(low + i, "125", 3) == 0 &&
	    a_digit((unsigned char)low[i + 3]) &&
	    ((i == 8 && strncmp(low, "windows-", 8) == 0) ||
	    (i == 2 && strncmp(low, "cp", 2) == 0) ||
	    (i == 4 && strncmp(low, "x-cp", 4) == 0))) {
		snprintf(out, CHARSET_NAMEMAX, "WINDOWS-%s", low + i);
		return 1;
	}
	/* iso-8859-x, iso8859-x, iso_8859-x, iso8859x */
	if ((i == 3 || (i == 4 && (low[3] == '-' || low[3] == '_'))) &&
	    strncmp(low, "iso", 3) == 0 && strncmp(low + i, "8859", 4) == 0) {
		const char *d = low + i + 4;

		if (*d == '-' || *d == '_')
			d++;
		if (strcmp(d, "1") == 0) {
			snprintf(out, CHARSET_NAMEMAX, "WINDOWS-1252");
			return 1;
		}
		if (a_digit((unsigned char)*d) && strspn(d, "0123456789") ==
		    strlen(d)) {
			/* Absurdly many digits are cut, as by the size. */
			snprintf(out, CHARSET_NAMEMAX, "ISO-8859-%.*s",
			    CHARSET_NAMEMAX - 10, d);
			return 1;
		}
	}
	for (i = 0; low[i] != '\0'; i++)
		out[i] = a_upper((unsigned char)low[i]);
	out[i] = '\0';
	return 1;
}

size_t
charset_bom(const void *v, size_t n, const char **name)
{
	const unsigned char	*p = v;

	*name = NULL;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*name = "UTF-8";
		return 3;
	}
	/* UTF-32LE before UTF-16LE: its BOM starts with FF FE too. */
	if (n >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) {
		*name = "UTF-32LE";
		return 4;
	}
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF) {
		*name = "UTF-32BE";
		return 4;
	}
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		*name = "UTF-16LE";
		return 2;
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		*name = "UTF-16BE";
		return 2;
	}
	return 0;
}

/*
 * XML 1.0 appendix F ("<\0?\0" and friends), generalised to any two ASCII
 * characters so that leading white space does not hide it.
 */
const char *
charset_sniff_wide(const void *v, size_t n)
{
	const unsigned char	*p = v;

	if (n < 4)
		return NULL;
	if (p[0] != 0 && p[1] == 0 && p[2] == 0 && p[3] == 0)
		return "UTF-32LE";
	if (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] != 0)
		return "UTF-32BE";
	if (p[0] != 0 && p[1] == 0 && p[2] != 0 && p[3] == 0)
		return "UTF-16LE";
	if (p[0] == 0 && p[1] != 0 && p[2] == 0 && p[3] != 0)
		return "UTF-16BE";
	return NULL;
}

size_t
charset_wide_unit(const char *name)
{
	if (strncmp(name, "UTF-16", 6) == 0 ||
	    strncmp(name, "UCS-2", 5) == 0 || strcmp(name, "UNICODE") == 0)
		return 2;
	if (strncmp(name, "UTF-32", 6) == 0 || strncmp(name, "UCS-4", 5) == 0)
		return 4;
	return 0;
}

/*
 * iconv s into b as UTF-8, replacing as charset_to_utf8() says.  Returns
 * the number of replacements.
 */
static size_t
transcode(iconv_t cd, const char *s, size_t n, size_t unit, struct buf *b)
{
	char	*in = (char *)s, *o;
	size_t	 inleft = n, oleft, k, bad = 0;

	buf_grow(b, n + n / 2 + 16);
	while (inleft > 0) {
		o = b->data + b->len;
		oleft = b->cap - b->len - 1;
		k = iconv(cd, &in, &inleft, &o, &oleft);
		b->len = o - b->data;
		if (k != (size_t)-1)
			break;
		if (errno == E2BIG) {
			buf_grow(b, inleft * 2 + 16);
			continue;
		}
		bad++;
		buf_add(b, REPLACEMENT, 3);
		if (errno != EILSEQ)
			break;		/* EINVAL: incomplete at the end */
		k = unit < inleft ? unit : inleft;
		in += k;
		inleft -= k;
	}
	/* Return a stateful decoder to its initial state. */
	for (;;) {
		o = b->data + b->len;
		oleft = b->cap - b->len - 1;
		k = iconv(cd, NULL, NULL, &o, &oleft);
		b->len = o - b->data;
		if (k != (size_t)-1 || errno != E2BIG)
			break;
		buf_grow(b, 16);
	}
	b->data[b->len] = '\0';
	return bad;
}

/* Transcode with a fresh iconv_t; -1 when iconv does not know name. */
static ssize_t
transcode_name(const char *name, const char *s, size_t n, struct buf *b)
{
	iconv_t	 cd;
	size_t	 bad, unit;

	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return -1;
	unit = charset_wide_unit(name);
	bad = transcode(cd, s, n, unit ? unit : 1, b);
	iconv_close(cd);
	return bad;
}

ssize_t
charset_to_utf8(const char *name, const char *s, size_t n, struct buf *out)
{
	struct buf	 alt = BUF_INIT;
	size_t		 start = out->len;
	ssize_t		 bad, bad2;

	/* glibc's iconv_open() would take "?" as the locale's charset. */
	if (strcmp(name, "?") == 0)
		return -1;
	if ((bad = transcode_name(name, s, n, out)) <= 0 ||
	    strcmp(name, "BIG5") != 0)
		return bad;
	/* Hong Kong text in a Big5 label: try the superset. */
	bad2 = transcode_name("BIG5-HKSCS", s, n, &alt);
	if (bad2 >= 0 && bad2 < bad) {
		out->len = start;
		buf_add(out, alt.data, alt.len);
		bad = bad2;
	}
	buf_free(&alt);
	return bad;
}
