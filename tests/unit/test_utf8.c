/*
 * test_utf8.c - UTF-8 decoding, repair, counting and cutting.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "t.h"

static void
check_clean(const char *in, size_t n, const char *want, const char *what)
{
	char	*got = utf8_clean(in, n);

	t_streq(got, want, what);
	free(got);
}

static void
check_fn(char *(*fn)(const char *, size_t), const char *in, size_t max,
    const char *want, const char *what)
{
	char	*got = fn(in, max);

	t_streq(got, want, what);
	free(got);
}

static void
check_collapse(const char *in, const char *want, const char *what)
{
	char	*got = utf8_collapse_space(in);

	t_streq(got, want, what);
	free(got);
}

static void
check_fold(const char *in, const char *want, const char *what)
{
	struct buf	 b = BUF_INIT;

	utf8_fold_add(&b, in, strlen(in));
	t_streq(buf_cstr(&b), want, what);
	buf_free(&b);
}

/* utf8_xml_clean_len the slow way: decode, stop at the first misfit. */
static size_t
clean_len_ref(const unsigned char *p, size_t n)
{
	size_t		 i = 0, k;
	uint32_t	 cp;

	while (i < n) {
		k = utf8_decode(p + i, n - i, &cp);
		if ((cp == UTF8_REPLACEMENT && !(k == 3 && p[i] == 0xEF &&
		    p[i + 1] == 0xBF && p[i + 2] == 0xBD)) || !utf8_xml_char(cp))
			break;
		i += k;
	}
	return i;
}

/*
 * The fast paths (16 and 8 bytes at a time) against the reference, on
 * mostly-ASCII text with tabs, newlines, control bytes and multi-byte
 * sequences (good and broken) at every offset of a block.
 */
static void
test_clean_len_fast_paths(void)
{
	static const char *const	 bits[] = {
		"\t", "\n", "\r", "\x01", "\x1F", "\x7F", "\xC3\xA9",
		"\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xEF\xBF\xBE",
		"\xED\xA0\x80", "\xC0\xAF", "\xFF", "\xE4\xB8", " ", "<",
	};
	unsigned char	 b[80];
	unsigned	 seed = 12345;
	size_t		 n, k, len, bad = 0;
	int		 round;

	for (round = 0; round < 20000; round++) {
		n = 0;
		len = 1 + (seed = seed * 1103515245 + 12345) % 60;
		while (n < len) {
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 8 != 0) {
				b[n++] = 'a' + (seed >> 20) % 26;
				continue;
			}
			k = strlen(bits[(seed >> 20) % (sizeof(bits) /
			    sizeof(bits[0]))]);
			if (n + k > sizeof(b))
				break;
			memcpy(b + n, bits[(seed >> 20) % (sizeof(bits) /
			    sizeof(bits[0]))], k);
			n += k;
		}
		if (utf8_xml_clean_len((const char *)b, n) !=
		    clean_len_ref(b, n))
			bad++;
	}
	t_ok(bad == 0, "clean length: fast paths agree with decoding "
	    "(20,000 random strings)");
	t_ok(utf8_xml_clean_len("0123456789abcdef0123456789abcde\x01", 32) ==
	    31, "clean length: control byte at the end of a second block");
	t_ok(utf8_xml_clean_len("\t\n\r0123456789abcdef0123456789abc", 32) ==
	    32, "clean length: tab, LF, CR do not end it");
	t_ok(utf8_xml_clean_len("0123456789abcd\xE4\xB8\xADxyz", 20) == 20,
	    "clean length: a CJK character across a block boundary");
}

/* mem_find against a plain search, on markup-like random text. */
static void
test_mem_find(void)
{
	static const char *const needles[] = { "<![CDATA[", "]]>", "-->", "?>" };
	static const size_t	 rare[] = { 2, 0, 2, 0 };
	static const char	 alpha[] = "<![]>-?CDAT a";
	char			 hay[64];
	const char		*got, *want, *q;
	unsigned		 seed = 777;
	size_t			 i, n, k, bad = 0;
	int			 round;

	for (round = 0; round < 20000; round++) {
		n = (seed = seed * 1103515245 + 12345) % sizeof(hay);
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			hay[i] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
		}
		if (n > 12 && (seed >> 8) % 3 == 0)
			memcpy(hay + (seed >> 4) % (n - 10), "<![CDATA[", 9);
		for (k = 0; k < 4; k++) {
			want = NULL;
			for (q = hay; q + strlen(needles[k]) <= hay + n; q++)
				if (memcmp(q, needles[k], strlen(needles[k])) == 0) {
					want = q;
					break;
				}
			got = mem_find(hay, n, needles[k], strlen(needles[k]),
			    rare[k]);
			if (got != want)
				bad++;
		}
	}
	t_ok(bad == 0, "mem_find: same as a plain search (80,000 cases)");
	t_ok(mem_find("ab]]", 4, "]]>", 3, 0) == NULL &&
	    mem_find("]]>", 3, "]]>", 3, 0) != NULL &&
	    mem_find("x", 1, "", 0, 0) != NULL,
	    "mem_find: ends and the empty needle");
}

/* mem_find2 and 3 against a byte loop, at every length and offset. */
static void
test_mem_find2(void)
{
	static const char	 h[] = "0123456789abcdef0123456789&z";
	char			 hay[80];
	const char		*want;
	unsigned		 seed = 3, r;
	int			 i, n, k, off, bad = 0;

	for (i = 0; i < 20000; i++) {
		n = i % 70;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			/* Mostly other bytes, so that the hits land anywhere. */
			r = (seed >> 16) % 32;
			hay[k] = r == 0 ? '&' : r == 1 ? '\r' : r < 4 ? '\xE4' :
			    (char)('a' + r % 4);
		}
		off = i % 7 < n ? i % 7 : 0;
		for (want = hay + off; want < hay + n && *want != '&' &&
		    *want != '\r'; want++)
			;
		if (mem_find2(hay + off, hay + n, '&', '\r') != want)
			bad++;
		for (want = hay + off; want < hay + n && *want != '&' &&
		    *want != '\r' && *want != 'c'; want++)
			;
		if (mem_find3(hay + off, hay + n, '&', '\r', 'c') != want)
			bad++;
	}
	t_ok(bad == 0, "mem_find2, mem_find3: same as a byte loop (40,000 cases)");
	t_ok(mem_find2(h, h + 28, '&', '\r') == h + 26,
	    "mem_find2: a hit past the first block");
}

/*
 * utf8_collapse_space on random strings of whole characters against the
 * same strings built word by word: every kind of space, CJK and Latin
 * letters, a control character, near-misses of the space sequences.
 */
static void
test_collapse_random(void)
{
	static const struct {
		const char	*s;
		int		 space;
	} piece[] = {
		{ " ", 1 }, { "\t", 1 }, { "\n", 1 }, { "\r", 1 }, { "\v", 1 },
		{ "\xC2\xA0", 1 }, { "\xE1\x9A\x80", 1 }, { "\xE2\x80\x80", 1 },
		{ "\xE2\x80\x8B", 1 }, { "\xE2\x80\xA8", 1 },
		{ "\xE2\x81\x9F", 1 }, { "\xE3\x80\x80", 1 },
		{ "\xEF\xBB\xBF", 1 },
		{ "a", 0 }, { "Zq", 0 }, { "\x01", 0 }, { "\xC2\xA9", 0 },
		{ "\xE2\x80\x8C", 0 }, { "\xE3\x80\x81", 0 }, { "中", 0 },
		{ "\xEF\xBC\x8C", 0 }, { "\xE1\x9A\x81", 0 }, { "é", 0 },
	};
	const size_t	 np = sizeof(piece) / sizeof(piece[0]);
	struct buf	 in = BUF_INIT, want = BUF_INIT;
	unsigned	 seed = 11;
	char		*got;
	int		 i, j, n, bad = 0, inword;
	size_t		 k;

	for (i = 0; i < 5000; i++) {
		buf_reset(&in);
		buf_reset(&want);
		inword = 0;
		n = i % 40;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			k = (seed >> 16) % np;
			buf_addstr(&in, piece[k].s);
			if (piece[k].space)
				inword = 0;
			else {
				if (!inword && want.len > 0)
					buf_addc(&want, ' ');
				buf_addstr(&want, piece[k].s);
				inword = 1;
			}
		}
		got = utf8_collapse_space(buf_cstr(&in));
		if (strcmp(got, buf_cstr(&want)) != 0)
			bad++;
		free(got);
	}
	t_ok(bad == 0, "collapse: 5,000 random strings word by word");
	buf_free(&in);
	buf_free(&want);
}

int
main(void)
{
	uint32_t	 cp;
	char		 enc[4];
	struct buf	 b = BUF_INIT;

	t_ok(utf8_decode((const unsigned char *)"\xE4\xB8\xAD", 3, &cp) == 3 &&
	    cp == 0x4E2D, "decode 3-byte CJK");
	t_ok(utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp) ==
	    4 && cp == 0x1F600, "decode 4-byte emoji");
	t_ok(utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp) == 1 &&
	    cp == UTF8_REPLACEMENT, "overlong form rejected");
	t_ok(utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp) == 1 &&
	    cp == UTF8_REPLACEMENT, "surrogate rejected");
	t_ok(utf8_decode((const unsigned char *)"\xE4\xB8", 2, &cp) == 1 &&
	    cp == UTF8_REPLACEMENT, "truncated sequence rejected");
	t_ok(utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp) ==
	    1, "above U+10FFFF rejected");
	t_ok(utf8_encode(0x20AC, enc) == 3 && memcmp(enc, "\xE2\x82\xAC", 3) == 0,
	    "encode euro sign");
	t_ok(utf8_encode(0xD800, enc) == 3 && memcmp(enc, "\xEF\xBF\xBD", 3) == 0,
	    "encode surrogate gives U+FFFD");
	t_ok(utf8_valid("abc\xE4\xB8\xAD", 6), "valid mixed text");
	t_ok(!utf8_valid("ab\xFF", 3), "0xFF is invalid");
	t_ok(utf8_xml_char('\t') && !utf8_xml_char(0x0B) &&
	    !utf8_xml_char(0xFFFE) && utf8_xml_char(0x10000),
	    "XML character classes");

	test_clean_len_fast_paths();
	test_mem_find();
	test_mem_find2();
	test_collapse_random();
	check_clean("plain", 5, "plain", "clean ASCII unchanged");
	check_clean("a\xFF" "b", 3, "a\xEF\xBF\xBD" "b", "bad byte -> U+FFFD");
	check_clean("a\x01\x08\x0B" "b\tc\n", 8, "ab\tc\n",
	    "XML-illegal controls dropped, TAB/LF kept");
	check_clean("x\0y", 3, "xy", "NUL dropped");
	check_clean("\xEF\xBF\xBE!", 4, "!", "U+FFFE dropped");
	check_clean("\xE4\xB8\xAD\xE6\x96\x87", 6, "中文", "CJK kept");

	t_ok(utf8_count("中文abc") == 5, "count characters, not bytes");
	t_ok(utf8_count("") == 0, "count empty");

	check_collapse("  a \t\n b  ", "a b", "collapse ASCII space");
	check_collapse("a\xC2\xA0\xC2\xA0" "b", "a b", "NBSP is space");
	/* Every Unicode space, then characters one byte away from one. */
	check_collapse("a\xE1\x9A\x80" "b\xE2\x80\x80" "c\xE2\x80\x8B"
	    "d\xE2\x80\xA8" "e\xE2\x80\xA9" "f\xE2\x80\xAF" "g\xE2\x81\x9F"
	    "h\xEF\xBB\xBF" "i\v\fj", "a b c d e f g h i j",
	    "U+1680, U+2000, U+200B, U+2028/9, U+202F, U+205F, U+FEFF, VT, FF");
	check_collapse("\xE3\x80\x81\xE2\x80\x8C\xE2\x80\xA7\xE2\x81\xA0"
	    "\xC2\xA1\xEF\xBB\xBE\xE1\x9A\x81",
	    "\xE3\x80\x81\xE2\x80\x8C\xE2\x80\xA7\xE2\x81\xA0"
	    "\xC2\xA1\xEF\xBB\xBE\xE1\x9A\x81",
	    "U+3001, U+200C, U+2027, U+2060, U+00A1, U+FEFE, U+1681 are not space");
	check_collapse("a\xE2\x80", "a\xE2\x80", "a cut sequence at the end");
	check_collapse("\xE3\x80\x80中\xE3\x80\x80文\xE3\x80\x80", "中 文",
	    "ideographic space is space");
	check_collapse("", "", "collapse empty");

	check_fn(utf8_truncate, "hello", 5, "hello", "no cut when it fits");
	check_fn(utf8_truncate, "hello world", 6, "hello\xE2\x80\xA6",
	    "cut with ellipsis counted");
	check_fn(utf8_truncate, "中文中文中文", 4, "中文中\xE2\x80\xA6",
	    "cut CJK at a character boundary");
	check_fn(utf8_truncate, "abc", 0, "", "max 0");
	check_fn(utf8_truncate_words, "the quick brown fox", 12,
	    "the quick\xE2\x80\xA6", "cut between words");
	check_fn(utf8_truncate_words, "中文中文中文中文", 5, "中文中文\xE2\x80\xA6",
	    "no spaces: cut at a character");
	check_fn(utf8_truncate_words, "a verylongwordwithoutspaces", 10,
	    "a verylon\xE2\x80\xA6", "do not lose most text to a word cut");

	buf_addstr(&b, "x");
	buf_printf(&b, "%d-%s", 42, "y");
	buf_addc(&b, '!');
	t_streq(buf_cstr(&b), "x42-y!", "buf printf/addc");
	buf_free(&b);
	t_streq(buf_cstr(&b), "", "freed buf reads empty");
	check_fold("Hello WORLD 123", "hello world 123", "fold: ASCII");
	check_fold("ÀÉÎÕÜ ÆØÞ × ß", "àéîõü æøþ × ß",
	    "fold: Latin-1, not the multiplication sign");
	check_fold("ĀĆĹŁŇŊŸŹŽ ı", "āćĺłňŋÿźž ı",
	    "fold: Latin Extended-A, dotless i kept");
	check_fold("ΆΈΣΩΫ ς", "άέσωϋ σ", "fold: Greek, final sigma");
	check_fold("МОСКВА Ёё ЪѢҐӀӁ", "москва ёё ъѣґӏӂ", "fold: Cyrillic");
	check_fold("ԱԲԳ", "աբգ", "fold: Armenian");
	check_fold("ỆẞḀＡＺ", "ệßḁａｚ", "fold: Vietnamese, sharp s, full width");
	check_fold("中文新闻 ひらがな", "中文新闻 ひらがな", "fold: no case, no change");
	check_fold("A\xC3(B", "a\xEF\xBF\xBD(b", "fold: invalid byte is U+FFFD");
	t_ok(utf8_fold_cp(0x1F600) == 0x1F600 && utf8_fold_cp('Z') == 'z' &&
	    utf8_fold_cp(0x3A3) == 0x3C3, "fold_cp");
	return t_done();
}
