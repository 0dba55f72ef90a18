/*
 * test_charset.c - the charset module (label normalisation, BOM and
 * BOM-less UTF-16/32 detection, transcoding with replacement) and the HTML
 * entity lookup, each checked against exact names, bytes and counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "html_entities.h"
#include "t.h"

/* Byte strings with their length, so that NULs and hex escapes survive. */
#define B(s)	(s), sizeof(s) - 1

/* UTF-8 spellings of the expected text. */
#define ZHONGWEN	"\xE4\xB8\xAD\xE6\x96\x87"	/* 中文 */
#define NIHON		"\xE6\x97\xA5\xE6\x9C\xAC"	/* 日本 */
#define HANGUK		"\xED\x95\x9C\xEA\xB5\xAD"	/* 한국 */
#define LDQUO		"\xE2\x80\x9C"			/* “ */
#define RDQUO		"\xE2\x80\x9D"			/* ” */
#define EURO		"\xE2\x82\xAC"			/* € */
#define E_ACUTE		"\xC3\xA9"			/* é */
#define FFFD		"\xEF\xBF\xBD"

static const struct {
	const char	*label;
	size_t		 n;
	const char	*want;		/* NULL: returns 0, out untouched */
} norms[] = {
	{ B("gb2312"), "GB18030" },
	{ B("GBK"), "GB18030" },
	{ B("x-euc-cn"), "GB18030" },
	{ B("Big5"), "BIG5" },
	{ B("big5-hkscs"), "BIG5-HKSCS" },
	{ B(" \"Shift_JIS\" "), "CP932" },
	{ B("windows-31j"), "CP932" },
	{ B("EUC-JP"), "EUC-JP" },
	{ B("EUC-KR"), "CP949" },
	{ B("ks_c_5601-1987"), "CP949" },
	{ B("'latin1'"), "WINDOWS-1252" },
	{ B("ISO-8859-1"), "WINDOWS-1252" },
	{ B("iso8859_1"), "WINDOWS-1252" },
	{ B("US-ASCII"), "WINDOWS-1252" },
	{ B("ISO_8859-2"), "ISO-8859-2" },
	{ B("iso88595"), "ISO-8859-5" },
	{ B("iso-8859-15"), "ISO-8859-15" },
	{ B("iso88591234567890123456789012345678901234567890"),
	    "ISO-8859-12345678901234567890123456789012345678" },
	{ B("cp1251"), "WINDOWS-1251" },
	{ B("x-cp1250"), "WINDOWS-1250" },
	{ B("Windows-1252"), "WINDOWS-1252" },
	{ B("windows-12520"), "WINDOWS-12520" },
	{ B("utf8"), "UTF-8" },
	{ B("utf-16le"), "UTF-16LE" },
	{ B("ucs-2"), "UTF-16" },
	{ B("koi8r"), "KOI8-R" },
	{ B("x-klingon"), "X-KLINGON" },
	{ "gbk; charset=x", 3, "GB18030" },	/* counted, not NUL-ended */
	{ B("gb 2312"), "?" },
	{ B("utf-8\"><script>"), "?" },
	{ B("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv"), "?" },
	{ B(""), NULL },
	{ B(" \t'\"\" "), NULL },
};

static const struct {
	const char	*what;
	const char	*in;
	size_t		 n;
	size_t		 want;
	const char	*name;
} boms[] = {
	{ "UTF-8 BOM", B("\xEF\xBB\xBF<a/>"), 3, "UTF-8" },
	{ "UTF-32LE BOM (not UTF-16LE)", B("\xFF\xFE\0\0<\0\0\0"), 4,
	    "UTF-32LE" },
	{ "UTF-32BE BOM", B("\0\0\xFE\xFF"), 4, "UTF-32BE" },
	{ "UTF-16LE BOM", B("\xFF\xFE<\0"), 2, "UTF-16LE" },
	{ "UTF-16LE BOM, then U+0100", B("\xFF\xFE\0\x01"), 2, "UTF-16LE" },
	{ "UTF-16BE BOM", B("\xFE\xFF"), 2, "UTF-16BE" },
	{ "no BOM", B("<?xml"), 0, NULL },
	{ "cut-off UTF-8 BOM", B("\xEF\xBB"), 0, NULL },
	{ "empty input", B(""), 0, NULL },
};

static const struct {
	const char	*what;
	const char	*in;
	size_t		 n;
	const char	*want;
} wides[] = {
	{ "\"<\\0?\\0\" is UTF-16LE", B("<\0?\0"), "UTF-16LE" },
	{ "\"\\0<\\0?\" is UTF-16BE", B("\0<\0?"), "UTF-16BE" },
	{ "\" \\0<\\0\" is UTF-16LE", B(" \0<\0"), "UTF-16LE" },
	{ "\"<\\0\\0\\0\" is UTF-32LE", B("<\0\0\0"), "UTF-32LE" },
	{ "\"\\0\\0\\0<\" is UTF-32BE", B("\0\0\0<"), "UTF-32BE" },
	{ "8-bit text is not wide", B("<?xm"), NULL },
	{ "fewer than 4 bytes", B("<\0?"), NULL },
};

static const struct {
	const char	*name;
	size_t		 want;
} units[] = {
	{ "UTF-16", 2 }, { "UTF-16LE", 2 }, { "UCS-2", 2 }, { "UNICODE", 2 },
	{ "UTF-32BE", 4 }, { "UCS-4", 4 }, { "UTF-8", 0 }, { "GB18030", 0 },
};

static const struct {
	const char	*what;
	const char	*name;
	const char	*pre;		/* already in the buffer */
	const char	*in;
	size_t		 n;
	const char	*want;		/* NULL: -1 and buffer untouched */
	ssize_t		 bad;
} convs[] = {
	{ "GBK", "GB18030", "", B("\xD6\xD0\xCE\xC4"), ZHONGWEN, 0 },
	{ "GB18030 four-byte sequence", "GB18030", "",
	    B("\x81\x30\x81\x30"), "\xC2\x80", 0 },
	{ "Big5", "BIG5", "", B("\xA4\xA4\xA4\xE5"), ZHONGWEN, 0 },
	{ "Big5 label on HKSCS text: BIG5-HKSCS kept", "BIG5", "",
	    B("\xA4\xA4\x88\x40"), "\xE4\xB8\xAD\xE3\x87\x80", 0 },
	{ "Big5-HKSCS retry appends after what was there", "BIG5", "pre:",
	    B("\xA4\xA4\x88\x40"), "pre:\xE4\xB8\xAD\xE3\x87\x80", 0 },
	{ "Shift_JIS as CP932", "CP932", "", B("\x93\xFA\x96\x7B"), NIHON,
	    0 },
	{ "EUC-JP", "EUC-JP", "", B("\xC6\xFC\xCB\xDC"), NIHON, 0 },
	{ "ISO-2022-JP (stateful)", "ISO-2022-JP", "",
	    B("\x1B$BF|K\\\x1B(B!"), NIHON "!", 0 },
	{ "EUC-KR as CP949", "CP949", "", B("\xC7\xD1\xB1\xB9"), HANGUK, 0 },
	{ "windows-1252", "WINDOWS-1252", "", B("\x93hi\x94 caf\xE9 \x80"),
	    LDQUO "hi" RDQUO " caf" E_ACUTE " " EURO, 0 },
	{ "windows-1252 hole 0x81", "WINDOWS-1252", "", B("a\x81" "b"),
	    "a" FFFD "b", 1 },
	{ "two windows-1252 holes", "WINDOWS-1252", "", B("\x81\x8D"),
	    FFFD FFFD, 2 },
	{ "GBK: bad byte costs one byte", "GB18030", "",
	    B("\xD6\xD0\xFF" "ab"), "\xE4\xB8\xAD" FFFD "ab", 1 },
	{ "GBK: sequence cut off at the end", "GB18030", "",
	    B("\xD6\xD0\xCE"), "\xE4\xB8\xAD" FFFD, 1 },
	{ "UTF-8 through iconv: bad byte replaced", "UTF-8", "",
	    B("a\xFF" "b" E_ACUTE), "a" FFFD "b" E_ACUTE, 1 },
	{ "UTF-16LE lone surrogate: one unit, still aligned", "UTF-16LE", "",
	    B("a\0\x00\xDC" "b\0"), "a" FFFD "b", 1 },
	{ "UTF-16LE odd length", "UTF-16LE", "", B("a\0b"), "a" FFFD, 1 },
	{ "UTF-16BE surrogate pair", "UTF-16BE", "",
	    B("\xD8\x3D\xDE\x00"), "\xF0\x9F\x98\x80", 0 },
	{ "appends to the buffer", "GB18030", "pre:", B("\xD6\xD0"),
	    "pre:\xE4\xB8\xAD", 0 },
	{ "empty input", "GB18030", "", B(""), "", 0 },
	{ "unknown charset", "X-KLINGON", "pre:", B("abc"), NULL, -1 },
	{ "unknown charset from a normalized label", "WINDOWS-12520", "",
	    B("abc"), NULL, -1 },
};

static const struct {
	const char	*what;
	const char	*name;
	size_t		 n;
	uint32_t	 want;		/* 0: not found */
} ents[] = {
	{ "nbsp", B("nbsp"), 160 },
	{ "eacute", B("eacute"), 233 },
	{ "Eacute (case matters)", B("Eacute"), 201 },
	{ "mdash", B("mdash"), 8212 },
	{ "hellip", B("hellip"), 8230 },
	{ "first in the table", B("AElig"), 198 },
	{ "last in the table", B("zwnj"), 8204 },
	{ "the longest name", B("NonBreakingSpace"), 160 },
	{ "counted name in a longer string", "nbsp;x", 4, 160 },
	{ "unknown name", B("foo"), 0 },
	{ "NBSP is not nbsp", B("NBSP"), 0 },
	{ "prefix of a name", B("nbs"), 0 },
	{ "name with a suffix", B("nbspx"), 0 },
	{ "longer than the longest", B("NonBreakingSpaces"), 0 },
	{ "embedded NUL", B("lt\0xx"), 0 },
	{ "empty name", B(""), 0 },
};

static void
test_normalize(void)
{
	char	 out[CHARSET_NAMEMAX], what[128];
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(norms) / sizeof(norms[0]); i++) {
		snprintf(what, sizeof(what), "normalize \"%.*s\"",
		    (int)norms[i].n, norms[i].label);
		strcpy(out, "unset");
		rc = charset_normalize(norms[i].label, norms[i].n, out);
		if (norms[i].want == NULL)
			t_ok(rc == 0 && strcmp(out, "unset") == 0, what);
		else {
			t_ok(rc == 1, what);
			t_streq(out, norms[i].want, what);
		}
	}
}

static void
test_detect(void)
{
	const char	*name;
	char		 what[128];
	size_t		 i, k;

	for (i = 0; i < sizeof(boms) / sizeof(boms[0]); i++) {
		name = "unset";
		k = charset_bom(boms[i].in, boms[i].n, &name);
		t_ok(k == boms[i].want, boms[i].what);
		t_streq(name, boms[i].name, boms[i].what);
	}
	for (i = 0; i < sizeof(wides) / sizeof(wides[0]); i++)
		t_streq(charset_sniff_wide(wides[i].in, wides[i].n),
		    wides[i].want, wides[i].what);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		snprintf(what, sizeof(what), "unit of %s is %zu",
		    units[i].name, units[i].want);
		t_ok(charset_wide_unit(units[i].name) == units[i].want, what);
	}
}

static void
test_convert(void)
{
	struct buf	 b = BUF_INIT;
	char		 what[160];
	size_t		 i;
	ssize_t		 bad;

	for (i = 0; i < sizeof(convs) / sizeof(convs[0]); i++) {
		buf_reset(&b);
		buf_addstr(&b, convs[i].pre);
		bad = charset_to_utf8(convs[i].name, convs[i].in, convs[i].n,
		    &b);
		snprintf(what, sizeof(what), "%s: %zd replacement(s)",
		    convs[i].what, convs[i].bad);
		t_ok(bad == convs[i].bad, what);
		snprintf(what, sizeof(what), "%s: text", convs[i].what);
		t_streq(buf_cstr(&b), convs[i].want != NULL ? convs[i].want :
		    convs[i].pre, what);
	}
	buf_free(&b);
}

static void
test_entities(void)
{
	uint32_t	 cp;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
		cp = 12345;
		rc = html_entity_lookup(ents[i].name, ents[i].n, &cp);
		if (ents[i].want == 0)
			t_ok(rc == 0 && cp == 12345, ents[i].what);
		else
			t_ok(rc == 1 && cp == ents[i].want, ents[i].what);
	}
}

int
main(void)
{
	test_normalize();
	test_detect();
	test_convert();
	test_entities();
	{
		struct buf	 b = BUF_INIT;

		t_ok(charset_to_utf8("?", "caf\xC3\xA9", 5, &b) == -1 &&
		    b.len == 0, "the garbage-label name \"?\" is refused");
		buf_free(&b);
	}
	return t_done();
}
