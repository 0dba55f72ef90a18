/*
 * xmlprep.c - turn the raw bytes of a fetched feed into a clean UTF-8 XML
 * document: pick the encoding (BOM, user, declaration, HTTP, guess),
 * transcode with iconv, drop what XML forbids, and repair the HTML entities
 * and bare ampersands that real feeds are full of, so libxml2 does not stop.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlprep.h"

#define ENC_NAMEMAX	48	/* longest charset name we take seriously */
#define DECL_MAX	512	/* a longer XML declaration is junk */
#define ENTNAME_MAX	16	/* longest name in html_entities[] */
#define DECLARED_MAX	4096	/* <!ENTITY names remembered per document */

static const char	 REPLACEMENT[] = "\xEF\xBF\xBD";

struct enc {
	char	 name[ENC_NAMEMAX];	/* iconv name; "UTF-8" for UTF-8 */
	int	 named;		/* a BOM, argument or declaration chose it */
	size_t	 bom;		/* bytes of BOM to skip */
};

struct span {
	const char	*p;
	size_t		 n;
};

/* General entities declared in the DOCTYPE internal subset. */
struct names {
	struct span	*v;
	size_t		 len, cap;
	int		 overflow;	/* too many to remember: trust all */
	int		 doctype;	/* seen one; XML allows no second */
};

/*
 * Lower-case aliases whose iconv name is not simply their upper-case
 * spelling.  Legacy Chinese, Japanese and Korean labels go to the
 * Microsoft/GB supersets that the text was almost always written in; the
 * Latin-1 and ASCII labels mean Windows-1252 in practice (browsers and the
 * Universal Feed Parser do the same).  "big5" stays plain BIG5: it is what
 * the label says, and decode() retries BIG5-HKSCS only when BIG5 fails.
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

/* What &#128;..&#159; mean in real feeds: Windows-1252; 0 = undefined. */
static const uint16_t	 cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/*
 * The HTML 4 entities (generated from libxml2's table) plus the HTML5
 * names that turn up in feeds, sorted by strcmp() for bsearch().
 */
static const struct entity {
	const char	*name;
	uint32_t	 cp;
} html_entities[] = {
	{ "AElig", 198 }, { "AMP", 38 }, { "Aacute", 193 }, { "Acirc", 194 },
	{ "Agrave", 192 }, { "Alpha", 913 }, { "Aring", 197 },
	{ "Atilde", 195 }, { "Auml", 196 }, { "Beta", 914 }, { "COPY", 169 },
	{ "Ccedil", 199 }, { "Chi", 935 }, { "Dagger", 8225 },
	{ "Delta", 916 }, { "ETH", 208 }, { "Eacute", 201 }, { "Ecirc", 202 },
	{ "Egrave", 200 }, { "Epsilon", 917 }, { "Eta", 919 },
	{ "Euml", 203 }, { "GT", 62 }, { "Gamma", 915 }, { "Hat", 94 },
	{ "Iacute", 205 }, { "Icirc", 206 }, { "Igrave", 204 },
	{ "Iota", 921 }, { "Iuml", 207 }, { "Kappa", 922 }, { "LT", 60 },
	{ "Lambda", 923 }, { "Mu", 924 }, { "NewLine", 10 },
	{ "NoBreak", 8288 }, { "NonBreakingSpace", 160 }, { "Ntilde", 209 },
	{ "Nu", 925 }, { "OElig", 338 }, { "Oacute", 211 }, { "Ocirc", 212 },
	{ "Ograve", 210 }, { "Omega", 937 }, { "Omicron", 927 },
	{ "Oslash", 216 }, { "Otilde", 213 }, { "Ouml", 214 }, { "Phi", 934 },
	{ "Pi", 928 }, { "Prime", 8243 }, { "Psi", 936 }, { "QUOT", 34 },
	{ "REG", 174 }, { "Rho", 929 }, { "Scaron", 352 }, { "Sigma", 931 },
	{ "THORN", 222 }, { "TRADE", 8482 }, { "Tab", 9 }, { "Tau", 932 },
	{ "Theta", 920 }, { "Uacute", 218 }, { "Ucirc", 219 },
	{ "Ugrave", 217 }, { "Upsilon", 933 }, { "Uuml", 220 },
	{ "Vert", 8214 }, { "Xi", 926 }, { "Yacute", 221 }, { "Yuml", 376 },
	{ "ZeroWidthSpace", 8203 }, { "Zeta", 918 }, { "aacute", 225 },
	{ "acirc", 226 }, { "acute", 180 }, { "aelig", 230 },
	{ "agrave", 224 }, { "alefsym", 8501 }, { "alpha", 945 },
	{ "amp", 38 }, { "and", 8743 }, { "ang", 8736 }, { "apos", 39 },
	{ "aring", 229 }, { "ast", 42 }, { "asymp", 8776 }, { "atilde", 227 },
	{ "auml", 228 }, { "bdquo", 8222 }, { "beta", 946 },
	{ "bigstar", 9733 }, { "brvbar", 166 }, { "bsol", 92 },
	{ "bull", 8226 }, { "bullet", 8226 }, { "cap", 8745 },
	{ "ccedil", 231 }, { "cedil", 184 }, { "cent", 162 },
	{ "check", 10003 }, { "checkmark", 10003 }, { "chi", 967 },
	{ "circ", 710 }, { "clubs", 9827 }, { "colon", 58 }, { "comma", 44 },
	{ "commat", 64 }, { "cong", 8773 }, { "copy", 169 },
	{ "copysr", 8471 }, { "crarr", 8629 }, { "cross", 10007 },
	{ "cup", 8746 }, { "curren", 164 }, { "dArr", 8659 },
	{ "dagger", 8224 }, { "darr", 8595 }, { "dash", 8208 },
	{ "deg", 176 }, { "delta", 948 }, { "diams", 9830 },
	{ "divide", 247 }, { "dollar", 36 }, { "dot", 729 },
	{ "eacute", 233 }, { "ecirc", 234 }, { "egrave", 232 },
	{ "empty", 8709 }, { "emsp", 8195 }, { "emsp13", 8196 },
	{ "emsp14", 8197 }, { "ensp", 8194 }, { "epsilon", 949 },
	{ "equals", 61 }, { "equiv", 8801 }, { "eta", 951 }, { "eth", 240 },
	{ "euml", 235 }, { "euro", 8364 }, { "excl", 33 }, { "exist", 8707 },
	{ "female", 9792 }, { "flat", 9837 }, { "fnof", 402 },
	{ "forall", 8704 }, { "frac12", 189 }, { "frac13", 8531 },
	{ "frac14", 188 }, { "frac15", 8533 }, { "frac18", 8539 },
	{ "frac23", 8532 }, { "frac34", 190 }, { "frac38", 8540 },
	{ "frac58", 8541 }, { "frac78", 8542 }, { "frasl", 8260 },
	{ "gamma", 947 }, { "ge", 8805 }, { "grave", 96 }, { "gt", 62 },
	{ "hArr", 8660 }, { "hairsp", 8202 }, { "half", 189 },
	{ "harr", 8596 }, { "hearts", 9829 }, { "hellip", 8230 },
	{ "horbar", 8213 }, { "hyphen", 8208 }, { "iacute", 237 },
	{ "icirc", 238 }, { "iexcl", 161 }, { "igrave", 236 },
	{ "image", 8465 }, { "incare", 8453 }, { "infin", 8734 },
	{ "int", 8747 }, { "iota", 953 }, { "iquest", 191 }, { "isin", 8712 },
	{ "iuml", 239 }, { "kappa", 954 }, { "lArr", 8656 },
	{ "lambda", 955 }, { "lang", 9001 }, { "laquo", 171 },
	{ "larr", 8592 }, { "lbrace", 123 }, { "lbrack", 91 },
	{ "lceil", 8968 }, { "lcub", 123 }, { "ldquo", 8220 }, { "le", 8804 },
	{ "lfloor", 8970 }, { "lowast", 8727 }, { "lowbar", 95 },
	{ "loz", 9674 }, { "lpar", 40 }, { "lrm", 8206 }, { "lsaquo", 8249 },
	{ "lsqb", 91 }, { "lsquo", 8216 }, { "lt", 60 }, { "macr", 175 },
	{ "male", 9794 }, { "mdash", 8212 }, { "micro", 181 },
	{ "midast", 42 }, { "middot", 183 }, { "minus", 8722 },
	{ "mldr", 8230 }, { "mu", 956 }, { "nabla", 8711 },
	{ "natural", 9838 }, { "nbsp", 160 }, { "ndash", 8211 },
	{ "ne", 8800 }, { "ni", 8715 }, { "nldr", 8229 }, { "not", 172 },
	{ "notin", 8713 }, { "nsub", 8836 }, { "ntilde", 241 }, { "nu", 957 },
	{ "num", 35 }, { "numsp", 8199 }, { "oacute", 243 }, { "ocirc", 244 },
	{ "oelig", 339 }, { "ograve", 242 }, { "oline", 8254 },
	{ "omega", 969 }, { "omicron", 959 }, { "oplus", 8853 },
	{ "or", 8744 }, { "ordf", 170 }, { "ordm", 186 }, { "oslash", 248 },
	{ "otilde", 245 }, { "otimes", 8855 }, { "ouml", 246 },
	{ "para", 182 }, { "part", 8706 }, { "percnt", 37 }, { "period", 46 },
	{ "permil", 8240 }, { "perp", 8869 }, { "phi", 966 },
	{ "phone", 9742 }, { "pi", 960 }, { "piv", 982 }, { "plus", 43 },
	{ "plusmn", 177 }, { "pound", 163 }, { "prime", 8242 },
	{ "prod", 8719 }, { "prop", 8733 }, { "psi", 968 },
	{ "puncsp", 8200 }, { "quest", 63 }, { "quot", 34 }, { "rArr", 8658 },
	{ "radic", 8730 }, { "rang", 9002 }, { "raquo", 187 },
	{ "rarr", 8594 }, { "rbrace", 125 }, { "rbrack", 93 },
	{ "rceil", 8969 }, { "rcub", 125 }, { "rdquo", 8221 },
	{ "real", 8476 }, { "reg", 174 }, { "rfloor", 8971 }, { "rho", 961 },
	{ "rlm", 8207 }, { "rpar", 41 }, { "rsaquo", 8250 }, { "rsqb", 93 },
	{ "rsquo", 8217 }, { "sbquo", 8218 }, { "scaron", 353 },
	{ "sdot", 8901 }, { "sect", 167 }, { "semi", 59 }, { "sharp", 9839 },
	{ "shy", 173 }, { "sigma", 963 }, { "sigmaf", 962 }, { "sim", 8764 },
	{ "sol", 47 }, { "spades", 9824 }, { "star", 9734 },
	{ "starf", 9733 }, { "sub", 8834 }, { "sube", 8838 }, { "sum", 8721 },
	{ "sung", 9834 }, { "sup", 8835 }, { "sup1", 185 }, { "sup2", 178 },
	{ "sup3", 179 }, { "supe", 8839 }, { "szlig", 223 }, { "tau", 964 },
	{ "there4", 8756 }, { "theta", 952 }, { "thetasym", 977 },
	{ "thinsp", 8201 }, { "thorn", 254 }, { "tilde", 732 },
	{ "times", 215 }, { "trade", 8482 }, { "uArr", 8657 },
	{ "uacute", 250 }, { "uarr", 8593 }, { "ucirc", 251 },
	{ "ugrave", 249 }, { "uml", 168 }, { "upsih", 978 },
	{ "upsilon", 965 }, { "uuml", 252 }, { "verbar", 124 },
	{ "vert", 124 }, { "weierp", 8472 }, { "xi", 958 }, { "yacute", 253 },
	{ "yen", 165 }, { "yuml", 255 }, { "zeta", 950 }, { "zwj", 8205 },
	{ "zwnj", 8204 },
};

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ASCII only: <ctype.h> would follow the caller's locale. */
static int
a_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
a_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
a_alnum(int c)
{
	return a_alpha(c) || a_digit(c);
}

static int
a_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
a_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int
has_prefix(const char *s, size_t n, const char *pre)
{
	size_t	 k = strlen(pre);

	return n >= k && memcmp(s, pre, k) == 0;
}

/* Code unit size of a UTF-16/32 (or UCS-2/4) name; 0 for the rest. */
static size_t
wide_unit(const char *name)
{
	if (strncmp(name, "UTF-16", 6) == 0 ||
	    strncmp(name, "UCS-2", 5) == 0 || strcmp(name, "UNICODE") == 0)
		return 2;
	if (strncmp(name, "UTF-32", 6) == 0 || strncmp(name, "UCS-4", 5) == 0)
		return 4;
	return 0;
}

/*
 * Map a charset label to an iconv name in out.  A label with characters no
 * charset name has is kept as "?", which iconv will not know: the caller
 * then reads the document as UTF-8, as for any unknown name.  Returns 0
 * for an empty label (as if none was given).
 */
static int
charset_norm(const char *s, size_t n, char *out)
{
	char	 low[ENC_NAMEMAX];
	size_t	 i;

	while (n > 0 && (is_space(*s) || *s == '"' || *s == '\''))
		s++, n--;
	while (n > 0 && (is_space(s[n - 1]) || s[n - 1] == '"' ||
	    s[n - 1] == '\''))
		n--;
	if (n == 0)
		return 0;
	if (n >= sizeof(low)) {
		snprintf(out, ENC_NAMEMAX, "?");
		return 1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (!a_alnum(c) && c != '-' && c != '_' && c != '.' &&
		    c != ':') {
			snprintf(out, ENC_NAMEMAX, "?");
			return 1;
		}
		low[i] = a_lower(c);
	}
	low[n] = '\0';
	for (i = 0; i < sizeof(charset_aliases) / sizeof(charset_aliases[0]);
	    i++)
		if (strcmp(low, charset_aliases[i].alias) == 0) {
			snprintf(out, ENC_NAMEMAX, "%s",
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
		snprintf(out, ENC_NAMEMAX, "WINDOWS-%s", low + i);
		return 1;
	}
	/* iso-8859-x, iso8859-x, iso_8859-x, iso8859x */
	if ((i == 3 || (i == 4 && (low[3] == '-' || low[3] == '_'))) &&
	    strncmp(low, "iso", 3) == 0 && strncmp(low + i, "8859", 4) == 0) {
		const char *d = low + i + 4;

		if (*d == '-' || *d == '_')
			d++;
		if (strcmp(d, "1") == 0) {
			snprintf(out, ENC_NAMEMAX, "WINDOWS-1252");
			return 1;
		}
		if (a_digit((unsigned char)*d) && strspn(d, "0123456789") ==
		    strlen(d)) {
			snprintf(out, ENC_NAMEMAX, "ISO-8859-%s", d);
			return 1;
		}
	}
	for (i = 0; low[i] != '\0'; i++)
		out[i] = a_upper((unsigned char)low[i]);
	out[i] = '\0';
	return 1;
}

static size_t
bom_detect(const unsigned char *p, size_t n, const char **name)
{
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*name = "UTF-8";
		return 3;
	}
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
 * UTF-16/32 without a BOM, told by the zero bytes around the first ASCII
 * characters ("<\0?\0" and friends, XML 1.0 appendix F, generalised to any
 * two ASCII characters so that leading white space does not hide it).
 * An 8-bit document never starts like this.
 */
static const char *
wide_detect(const unsigned char *p, size_t n)
{
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

/*
 * If s (starting at '<') is an XML declaration, return its length
 * (through "?>") and the span of the encoding value in *val (NULL when
 * there is none; *quoted says whether quotes surround it).  0 otherwise.
 */
static size_t
decl_parse(const char *s, size_t n, const char **val, size_t *vlen,
    int *quoted)
{
	const char	*p, *end, *name, *v, *e;
	size_t		 nlen;
	int		 q;

	*val = NULL;
	*vlen = 0;
	*quoted = 0;
	if (n < 7 || memcmp(s, "<?xml", 5) != 0 || !is_space(s[5]))
		return 0;
	if ((end = memmem(s, n < DECL_MAX ? n : DECL_MAX, "?>", 2)) == NULL)
		return 0;
	for (p = s + 5; p < end; ) {
		while (p < end && is_space(*p))
			p++;
		for (name = p; p < end && a_alpha((unsigned char)*p); p++)
			;
		if ((nlen = p - name) == 0)
			break;
		while (p < end && is_space(*p))
			p++;
		if (p >= end || *p++ != '=')
			break;
		while (p < end && is_space(*p))
			p++;
		q = p < end && (*p == '"' || *p == '\'');
		if (q) {
			if ((e = memchr(p + 1, *p, end - p - 1)) == NULL)
				break;
			v = p + 1;
			p = e + 1;
		} else {
			for (v = p; p < end && (a_alnum((unsigned char)*p) ||
			    (*p != '\0' && strchr("-_.:", *p) != NULL)); p++)
				;
			if ((e = p) == v)
				break;
		}
		if (nlen == 8 && memcmp(name, "encoding", 8) == 0) {
			*val = v;
			*vlen = e - v;
			*quoted = q;
		}
	}
	return end + 2 - s;
}

/* The encoding an 8-bit document's XML declaration names, if any. */
static int
decl_charset(const char *s, size_t n, char *out)
{
	const char	*lt, *val;
	size_t		 vlen;
	int		 quoted;

	if ((lt = memchr(s, '<', n)) == NULL)
		return 0;
	if (decl_parse(lt, n - (lt - s), &val, &vlen, &quoted) == 0 ||
	    val == NULL)
		return 0;
	return charset_norm(val, vlen, out);
}

/* Step 2: BOM, forced charset, declaration, HTTP charset, UTF-8. */
static void
enc_detect(const char *data, size_t len, const char *charset,
    const char *fallback, struct enc *enc)
{
	const unsigned char	*p = (const unsigned char *)data;
	const char		*name, *wide;

	memset(enc, 0, sizeof(*enc));
	enc->named = 1;
	if ((enc->bom = bom_detect(p, len, &name)) > 0) {
		snprintf(enc->name, sizeof(enc->name), "%s", name);
		return;
	}
	wide = wide_detect(p, len);
	if (charset != NULL && charset_norm(charset, strlen(charset),
	    enc->name)) {
		/* A BOM-less "UTF-16": trust the byte pattern for the order. */
		if ((strcmp(enc->name, "UTF-16") == 0 ||
		    strcmp(enc->name, "UTF-32") == 0) && wide != NULL &&
		    wide_unit(wide) == wide_unit(enc->name))
			snprintf(enc->name, sizeof(enc->name), "%s", wide);
		return;
	}
	if (wide != NULL) {
		snprintf(enc->name, sizeof(enc->name), "%s", wide);
		return;
	}
	/*
	 * A declaration or HTTP header saying UTF-16 about bytes that are
	 * plainly 8-bit is a lie (a common server default): ignore it.
	 */
	if (decl_charset(data, len, enc->name) && wide_unit(enc->name) == 0)
		return;
	if (fallback != NULL && charset_norm(fallback, strlen(fallback),
	    enc->name) && wide_unit(enc->name) == 0)
		return;
	snprintf(enc->name, sizeof(enc->name), "UTF-8");
	enc->named = 0;
}

/*
 * iconv s into b as UTF-8.  An undecodable sequence becomes U+FFFD and
 * costs one byte (one code unit for UTF-16/32, so the rest stays
 * aligned); a sequence cut off at the end becomes U+FFFD.  Returns the
 * number of replacements.
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
	unit = wide_unit(name);
	bad = transcode(cd, s, n, unit ? unit : 1, b);
	iconv_close(cd);
	return bad;
}

/*
 * Offset of the first byte that is not clean UTF-8 XML text (an invalid
 * sequence or a character XML forbids), or n.
 */
static size_t
clean_prefix(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k;
	uint32_t		 cp;

	for (i = 0; i < n; ) {
		if (p[i] >= 0x20 && p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_decode(p + i, n - i, &cp);
		if (!utf8_xml_char(cp) || (cp == UTF8_REPLACEMENT && k == 1))
			return i;
		i += k;
	}
	return n;
}

/* Copy s to b, the bad bytes from offset i on repaired or dropped. */
static void
clean_copy(const char *s, size_t n, size_t i, struct buf *b)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 k, run;
	uint32_t		 cp;

	buf_grow(b, n + 16);
	buf_add(b, s, i);
	while (i < n) {
		for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x80; run++)
			;
		if (run > i) {
			buf_add(b, p + i, run - i);
			i = run;
			continue;
		}
		k = utf8_decode(p + i, n - i, &cp);
		if (cp == UTF8_REPLACEMENT && k == 1)
			buf_add(b, REPLACEMENT, 3);
		else if (utf8_xml_char(cp))
			buf_add(b, p + i, k);
		i += k;
	}
}

static int
name_start(int c)
{
	return a_alpha(c) || c == '_' || c == ':' || c >= 0x80;
}

static int
name_char(int c)
{
	return name_start(c) || a_digit(c) || c == '-' || c == '.';
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span	*x = a, *y = b;
	int			 c;

	c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);
	if (c != 0)
		return c;
	return (x->n > y->n) - (x->n < y->n);
}

static void
names_add(struct names *nm, const char *p, size_t n)
{
	if (nm->len == DECLARED_MAX) {
		nm->overflow = 1;
		return;
	}
	if (nm->len == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 16;
		nm->v = xreallocarray(nm->v, nm->cap, sizeof(*nm->v));
	}
	nm->v[nm->len].p = p;
	nm->v[nm->len].n = n;
	nm->len++;
}

static int
names_has(const struct names *nm, const char *p, size_t n)
{
	struct span	 key = { p, n };

	return nm->len > 0 &&
	    bsearch(&key, nm->v, nm->len, sizeof(*nm->v), span_cmp) != NULL;
}

/* Length of s up to and including term (searched from skip on), or n. */
static size_t
through(const char *s, size_t n, size_t skip, const char *term)
{
	const char	*e;
	size_t		 k = strlen(term);

	if (n < skip || (e = memmem(s + skip, n - skip, term, k)) == NULL)
		return n;
	return e - s + k;
}

/* Past the quoted literal at p, or end when it is not closed. */
static const char *
skip_quoted(const char *p, const char *end)
{
	const char	*e;

	e = memchr(p + 1, *p, end - p - 1);
	return e != NULL ? e + 1 : end;
}

/*
 * Length of the DOCTYPE at s, internal subset included, remembering the
 * general entities the subset declares.
 */
static size_t
doctype_len(const char *s, size_t n, struct names *nm)
{
	const char	*p = s + 9, *end = s + n, *name;
	int		 first = !nm->doctype;

	while (p < end && *p != '>') {
		if (*p == '"' || *p == '\'') {
			p = skip_quoted(p, end);
			continue;
		}
		if (*p++ != '[')
			continue;
		while (p < end && *p != ']') {
			if (has_prefix(p, end - p, "<!--"))
				p += through(p, end - p, 4, "-->");
			else if (has_prefix(p, end - p, "<?"))
				p += through(p, end - p, 2, "?>");
			else if (*p == '"' || *p == '\'')
				p = skip_quoted(p, end);
			else if (has_prefix(p, end - p, "<!ENTITY")) {
				for (p += 8; p < end && is_space(*p); p++)
					;
				if (p < end && *p == '%')
					continue;	/* parameter entity */
				for (name = p; p < end &&
				    name_char((unsigned char)*p); p++)
					;
				if (p > name && first)
					names_add(nm, name, p - name);
			} else
				p++;
		}
		if (p < end)
			p++;
	}
	nm->doctype = 1;
	if (first && nm->len > 1)
		qsort(nm->v, nm->len, sizeof(*nm->v), span_cmp);
	return p < end ? (size_t)(p + 1 - s) : n;
}

/*
 * Length of the markup at s (a '<') that must be copied untouched:
 * comments, CDATA sections, processing instructions and the DOCTYPE.
 * 1 for any other '<'.
 */
static size_t
markup_len(const char *s, size_t n, struct names *nm)
{
	if (n < 2 || (s[1] != '!' && s[1] != '?'))
		return 1;
	if (s[1] == '?')
		return through(s, n, 2, "?>");
	if (has_prefix(s, n, "<!--"))
		return through(s, n, 4, "-->");
	if (has_prefix(s, n, "<![CDATA["))
		return through(s, n, 9, "]]>");
	if (n >= 9 && strncasecmp(s, "<!DOCTYPE", 9) == 0)
		return doctype_len(s, n, nm);
	return 1;
}

static int
entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entity *)elem)->name);
}

/* The code point of an HTML entity name, or 0. */
static uint32_t
html_entity(const char *p, size_t n)
{
	const struct entity	*e;
	char			 name[ENTNAME_MAX + 1];

	if (n > ENTNAME_MAX)
		return 0;
	memcpy(name, p, n);
	name[n] = '\0';
	e = bsearch(name, html_entities, sizeof(html_entities) /
	    sizeof(html_entities[0]), sizeof(html_entities[0]), entity_cmp);
	return e != NULL ? e->cp : 0;
}

/* Append "&#cp;": this is the hot path for &nbsp; and friends. */
static void
put_charref(struct buf *out, uint32_t cp)
{
	char	 tmp[16], *p = tmp + sizeof(tmp);

	*--p = ';';
	do {
		*--p = '0' + cp % 10;
	} while ((cp /= 10) > 0);
	*--p = '#';
	*--p = '&';
	buf_add(out, p, tmp + sizeof(tmp) - p);
}

static int
xml_predefined(const char *p, size_t n)
{
	return (n == 2 && (memcmp(p, "lt", 2) == 0 ||
	    memcmp(p, "gt", 2) == 0)) ||
	    (n == 3 && memcmp(p, "amp", 3) == 0) ||
	    (n == 4 && (memcmp(p, "quot", 4) == 0 ||
	    memcmp(p, "apos", 4) == 0));
}

/* "&#...;" at s: kept, remapped, dropped or escaped.  Returns the end. */
static const char *
fix_charref(const char *s, const char *end, struct buf *out)
{
	const char	*p = s + 2, *d;
	uint32_t	 v = 0, dv;
	int		 base = 10, upper_x = 0, big = 0;

	if (p < end && (*p == 'x' || *p == 'X')) {
		upper_x = *p == 'X';
		base = 16;
		p++;
	}
	for (d = p; d < end; d++) {
		if (a_digit(*d))
			dv = *d - '0';
		else if (base == 16 && a_lower(*d) >= 'a' && a_lower(*d) <= 'f')
			dv = a_lower(*d) - 'a' + 10;
		else
			break;
		if (!big && (v = v * base + dv) > 0x10FFFF)
			big = 1;
	}
	if (d == p || d >= end || *d != ';') {
		buf_add(out, "&amp;", 5);
		return s + 1;
	}
	if (big)
		return d + 1;
	if (v >= 0x80 && v <= 0x9F && cp1252_c1[v - 0x80] != 0)
		put_charref(out, cp1252_c1[v - 0x80]);
	else if (!utf8_xml_char(v))
		;	/* dropped */
	else if (upper_x)	/* "&#X" is HTML, not XML */
		put_charref(out, v);
	else
		buf_add(out, s, d + 1 - s);
	return d + 1;
}

/* The reference (or bare '&') at s, repaired into out.  Returns the end. */
static const char *
fix_ref(const char *s, const char *end, const struct names *nm,
    struct buf *out)
{
	const char	*p = s + 1, *e;
	size_t		 n;
	uint32_t	 cp;

	if (p < end && *p == '#')
		return fix_charref(s, end, out);
	if (p >= end || !name_start((unsigned char)*p))
		goto bare;
	for (e = p + 1; e < end && name_char((unsigned char)*e); e++)
		;
	if (e >= end || *e != ';')
		goto bare;
	n = e - p;
	if (xml_predefined(p, n) || names_has(nm, p, n))
		buf_add(out, s, n + 2);
	else if ((cp = html_entity(p, n)) != 0)
		put_charref(out, cp);
	else if (nm->overflow)
		buf_add(out, s, n + 2);
	else {
		buf_add(out, "&amp;", 5);
		buf_add(out, p, n + 1);
	}
	return e + 1;
bare:
	buf_add(out, "&amp;", 5);
	return s + 1;
}

/*
 * Step 5: copy s to out with every '&' outside comments, CDATA, PIs and
 * the DOCTYPE made well-formed.  The next '&' and '<' are found with
 * memchr and remembered, so each byte is looked at a bounded number of
 * times and runs of plain text are copied in one go.
 */
static void
entity_repair(const char *s, size_t n, struct buf *out)
{
	const char	*p = s, *end = s + n, *run = s, *amp, *lt, *q;
	struct names	 nm = { NULL, 0, 0, 0, 0 };

	amp = memchr(s, '&', n);
	lt = memchr(s, '<', n);
	while (p < end) {
		if (amp != NULL && amp < p)
			amp = memchr(p, '&', end - p);
		if (lt != NULL && lt < p)
			lt = memchr(p, '<', end - p);
		if (amp == NULL && lt == NULL)
			break;
		if (amp == NULL || (lt != NULL && lt < amp)) {
			q = lt;
			p = q + markup_len(q, end - q, &nm);
			continue;
		}
		q = amp;
		buf_add(out, run, q - run);
		p = run = fix_ref(q, end, &nm, out);
	}
	buf_add(out, run, end - run);
	free(nm.v);
}

static int
all_space(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!is_space(s[i]))
			return 0;
	return 1;
}

/*
 * The encoding is the first of: a BOM; the caller's forced charset; the
 * UTF-16/32 byte pattern of a BOM-less wide document; the XML
 * declaration; the HTTP charset; UTF-8.  Only in the last case may an
 * invalid UTF-8 document be re-read as Windows-1252; a declared UTF-8
 * document, or one whose encoding iconv does not know, is read as UTF-8
 * with U+FFFD for each bad byte.  Only an empty result is an error.
 */
int
xmlprep(const char *data, size_t len, const char *charset,
    const char *fallback_charset, char **out, size_t *outlen,
    char *err, size_t errlen)
{
	struct buf	 dec = BUF_INIT, alt = BUF_INIT, cln = BUF_INIT;
	struct buf	 res = BUF_INIT;
	struct enc	 enc;
	const char	*s, *lt, *val;
	size_t		 n, k, dlen, vlen;
	ssize_t		 bad, bad2;
	int		 quoted, rc = -1;

	*out = NULL;
	*outlen = 0;
	if (len == 0 || all_space(data, len))
		goto empty;

	/* Steps 2 and 3: decode to UTF-8. */
	enc_detect(data, len, charset, fallback_charset, &enc);
	s = data + enc.bom;
	n = len - enc.bom;
	bad = -1;
	if (strcmp(enc.name, "UTF-8") != 0 &&
	    (bad = transcode_name(enc.name, s, n, &dec)) >= 0) {
		if (bad > 0 && strcmp(enc.name, "BIG5") == 0) {
			/* Hong Kong text in a Big5 label: try the superset. */
			bad2 = transcode_name("BIG5-HKSCS", s, n, &alt);
			if (bad2 >= 0 && bad2 < bad) {
				buf_free(&dec);
				dec = alt;
			} else
				buf_free(&alt);
		}
		s = dec.data;
		n = dec.len;
	}
	/* Here bad < 0 means UTF-8, chosen or as the unknown-name fallback. */
	k = clean_prefix(s, n);
	if (bad < 0 && k < n && !enc.named && !utf8_valid(s + k, n - k)) {
		/* Nothing said UTF-8 and it is not: the usual other guess. */
		if (transcode_name("WINDOWS-1252", s, n, &dec) >= 0) {
			s = dec.data;
			n = dec.len;
			k = clean_prefix(s, n);
		}
	}
	if (k < n) {
		clean_copy(s, n, k, &cln);
		s = cln.data;
		n = cln.len;
	}

	/* Step 4: junk before the prolog, the declaration. */
	if ((lt = memchr(s, '<', n)) == NULL) {
		if (all_space(s, n))
			goto empty;
		buf_add(&res, s, n);	/* not XML: let the parser say so */
		goto done;
	}
	n -= lt - s;
	s = lt;
	buf_grow(&res, n + n / 16 + 16);
	if ((dlen = decl_parse(s, n, &val, &vlen, &quoted)) > 0) {
		if (val != NULL) {
			buf_add(&res, s, val - s);
			buf_addstr(&res, quoted ? "UTF-8" : "\"UTF-8\"");
			buf_add(&res, val + vlen, dlen - (val + vlen - s));
		} else
			buf_add(&res, s, dlen);
		s += dlen;
		n -= dlen;
	}

	/* Step 5. */
	entity_repair(s, n, &res);
done:
	*outlen = res.len;
	*out = buf_release(&res);
	rc = 0;
	goto out;
empty:
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "empty document");
out:
	buf_free(&cln);
	buf_free(&dec);
	return rc;
}
