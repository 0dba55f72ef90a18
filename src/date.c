/*
 * date.c - the dates feeds carry: RFC 822/1123/2822 and the broken ways
 * feeds write them, RFC 3339 / ISO 8601 / W3C-DTF, and Chinese, Japanese
 * and Korean forms.  The input is cut into tokens, then matched against a
 * few shapes; anything doubtful is refused, since no date beats a wrong
 * one.  Epoch arithmetic is our own: no TZ, mktime or locale.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "utf8.h"

/* Real dates, even with a comment, are short; this bounds the work. */
#define DATE_MAXLEN	256
#define DATE_MAXTOK	48
#define DATE_MAXOFF	(18L * 3600)
/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define DATE_MIN	INT64_C(-62135596800)
#define DATE_MAX	INT64_C(253402300799)

enum dtok_type {
	TK_END, TK_NUM, TK_WORD, TK_PUNCT, TK_CJK, TK_AMPM, TK_WDAY
};

/* What a CJK character marks: the number before it is a... */
enum { CK_YEAR, CK_MONTH, CK_DAY, CK_HOUR, CK_MIN, CK_SEC };

struct dtok {
	enum dtok_type	 type;
	int		 sp;	/* white space or a comment before it */
	int		 c;	/* PUNCT: char; CJK: CK_*; AMPM: 1 is pm */
	int		 ndig;	/* NUM: digits */
	int64_t		 val;	/* NUM: value, -1 when too long */
	const char	*s;	/* WORD */
	size_t		 len;
};

struct dparse {
	struct dtok	 t[DATE_MAXTOK + 1];
	size_t		 n, i;
};

struct dtime {
	int		 y, mo, d, h, mi, s;
	int		 zone;	/* off is valid */
	long		 off;
};

static const struct {
	const char	*name;
	long		 off;
} date_zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "EST", -5 * 3600 }, { "EDT", -4 * 3600 },
	{ "CST", -6 * 3600 }, { "CDT", -5 * 3600 },
	{ "MST", -7 * 3600 }, { "MDT", -6 * 3600 },
	{ "PST", -8 * 3600 }, { "PDT", -7 * 3600 },
	{ "AKST", -9 * 3600 }, { "AKDT", -8 * 3600 }, { "HST", -10 * 3600 },
	{ "CET", 3600 }, { "CEST", 2 * 3600 },
	{ "MET", 3600 }, { "MEST", 2 * 3600 },
	{ "EET", 2 * 3600 }, { "EEST", 3 * 3600 },
	{ "WET", 0 }, { "WEST", 3600 }, { "BST", 3600 },
	{ "IST", 5 * 3600 + 1800 }, { "JST", 9 * 3600 }, { "KST", 9 * 3600 },
	{ "HKT", 8 * 3600 }, { "SGT", 8 * 3600 },
	{ "AEST", 10 * 3600 }, { "AEDT", 11 * 3600 },
	{ "ACST", 9 * 3600 + 1800 }, { "AWST", 8 * 3600 },
	{ "NZST", 12 * 3600 }, { "NZDT", 13 * 3600 }, { "MSK", 3 * 3600 },
};

static const struct {
	const char	*name;
	int		 mon;
} date_months[] = {
	{ "jan", 1 }, { "january", 1 }, { "feb", 2 }, { "february", 2 },
	{ "mar", 3 }, { "march", 3 }, { "apr", 4 }, { "april", 4 },
	{ "may", 5 }, { "jun", 6 }, { "june", 6 }, { "jul", 7 },
	{ "july", 7 }, { "aug", 8 }, { "august", 8 }, { "sep", 9 },
	{ "sept", 9 }, { "september", 9 }, { "oct", 10 }, { "october", 10 },
	{ "nov", 11 }, { "november", 11 }, { "dec", 12 }, { "december", 12 },
};

static const char *const date_wdays[] = {
	"mon", "monday", "tue", "tues", "tuesday", "wed", "weds",
	"wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday",
	"sat", "saturday", "sun", "sunday",
};

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
int64_t
date_days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
date_mdays(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

static int
date_word_is(const struct dtok *t, const char *w)
{
	return t->type == TK_WORD && strlen(w) == t->len &&
	    strncasecmp(t->s, w, t->len) == 0;
}

static int
date_month(const struct dtok *t)
{
	size_t	 i;

	for (i = 0; i < sizeof(date_months) / sizeof(date_months[0]); i++)
		if (date_word_is(t, date_months[i].name))
			return date_months[i].mon;
	return 0;
}

static int
date_is_wday(const struct dtok *t)
{
	size_t	 i;

	for (i = 0; i < sizeof(date_wdays) / sizeof(date_wdays[0]); i++)
		if (date_word_is(t, date_wdays[i]))
			return 1;
	return 0;
}

/* Chinese weekday digits after 星期 or 周: 一 .. 六, 日 and 天. */
static int
date_cjk_wdaychar(uint32_t cp)
{
	return cp == 0x4E00 || cp == 0x4E8C || cp == 0x4E09 ||
	    cp == 0x56DB || cp == 0x4E94 || cp == 0x516D || cp == 0x65E5 ||
	    cp == 0x5929;
}

static int
date_cjk_mark(uint32_t cp)
{
	switch (cp) {
	case 0x5E74:	/* 年 */
	case 0xB144:	/* 년 */
		return CK_YEAR;
	case 0x6708:	/* 月 */
	case 0xC6D4:	/* 월 */
		return CK_MONTH;
	case 0x65E5:	/* 日 */
	case 0xC77C:	/* 일 */
		return CK_DAY;
	case 0x65F6:	/* 时 */
	case 0x6642:	/* 時 */
	case 0x70B9:	/* 点 */
	case 0x9EDE:	/* 點 */
	case 0xC2DC:	/* 시 */
		return CK_HOUR;
	case 0x5206:	/* 分 */
	case 0xBD84:	/* 분 */
		return CK_MIN;
	case 0x79D2:	/* 秒 */
	case 0xCD08:	/* 초 */
		return CK_SEC;
	}
	return -1;
}

/* 上午 午前 오전 are a.m., 下午 午後 오후 p.m.; -1 for neither. */
static int
date_cjk_ampm(uint32_t a, uint32_t b)
{
	if ((a == 0x4E0A && b == 0x5348) || (a == 0x5348 && b == 0x524D) ||
	    (a == 0xC624 && b == 0xC804))
		return 0;
	if ((a == 0x4E0B && b == 0x5348) || (a == 0x5348 && b == 0x5F8C) ||
	    (a == 0xC624 && b == 0xD6C4))
		return 1;
	return -1;
}

static int
date_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x3000 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F;
}

/*
 * Skip a comment, "(PST)" or Japanese "(火)", full-width parentheses
 * too; they nest as in RFC 5322.  Returns the offset after it, 0 when
 * unterminated.
 */
static size_t
date_comment(const unsigned char *s, size_t len, size_t i)
{
	uint32_t	 cp;
	int		 depth = 0;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		if (cp == '(' || cp == 0xFF08)
			depth++;
		else if (cp == ')' || cp == 0xFF09) {
			if (--depth == 0)
				return i;
		}
	}
	return 0;
}

static int
date_tokenize(const char *str, size_t len, struct dparse *p)
{
	const unsigned char	*s = (const unsigned char *)str;
	struct dtok		*t;
	size_t			 i = 0, k, l1, l2;
	uint32_t		 cp, cp2, cp3;
	int			 sp = 0, v;

	p->n = 0;
	while (i < len) {
		l1 = utf8_decode(s + i, len - i, &cp);
		if (date_space(cp)) {
			sp = 1;
			i += l1;
			continue;
		}
		if (cp == '(' || cp == 0xFF08) {
			if ((i = date_comment(s, len, i)) == 0)
				return -1;
			sp = 1;
			continue;
		}
		if (p->n == DATE_MAXTOK)
			return -1;
		t = &p->t[p->n++];
		memset(t, 0, sizeof(*t));
		t->sp = sp;
		sp = 0;
		if (cp >= '0' && cp <= '9') {
			t->type = TK_NUM;
			for (k = i; k < len && s[k] >= '0' && s[k] <= '9'; k++)
				if (t->val >= 0 && k - i < 18)
					t->val = t->val * 10 + (s[k] - '0');
				else
					t->val = -1;
			t->ndig = (int)(k - i);
			i = k;
		} else if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
			t->type = TK_WORD;
			t->s = str + i;
			for (k = i; k < len && (s[k] | 0x20) >= 'a' &&
			    (s[k] | 0x20) <= 'z'; k++)
				;
			t->len = k - i;
			i = k;
		} else if (cp < 0x80) {
			if (strchr(",:-+/.", (int)cp) == NULL)
				return -1;
			t->type = TK_PUNCT;
			t->c = (int)cp;
			i++;
		} else if ((v = date_cjk_mark(cp)) != -1) {
			t->type = TK_CJK;
			t->c = v;
			i += l1;
		} else {
			l2 = i + l1 < len ?
			    utf8_decode(s + i + l1, len - i - l1, &cp2) : 0;
			if (l2 == 0)
				return -1;
			if ((v = date_cjk_ampm(cp, cp2)) != -1) {
				t->type = TK_AMPM;
				t->c = v;
				i += l1 + l2;
			} else if ((cp == 0x5468 || cp == 0x9031) &&
			    date_cjk_wdaychar(cp2)) {
				/* 周二, 週二 */
				t->type = TK_WDAY;
				i += l1 + l2;
			} else if (cp == 0x661F && cp2 == 0x671F &&
			    i + l1 + l2 < len) {
				/* 星期二 */
				k = utf8_decode(s + i + l1 + l2,
				    len - i - l1 - l2, &cp3);
				if (!date_cjk_wdaychar(cp3))
					return -1;
				t->type = TK_WDAY;
				i += l1 + l2 + k;
			} else
				return -1;
		}
	}
	memset(&p->t[p->n], 0, sizeof(p->t[p->n]));
	p->t[p->n].type = TK_END;
	return 0;
}

static const struct dtok *
date_peek(const struct dparse *p, size_t k)
{
	return &p->t[p->i + k < p->n ? p->i + k : p->n];
}

static int
date_is_punct(const struct dtok *t, const char *set)
{
	return t->type == TK_PUNCT && strchr(set, t->c) != NULL;
}

/* A small number of 1..max digits. */
static int
date_is_num(const struct dtok *t, int max)
{
	return t->type == TK_NUM && t->ndig >= 1 && t->ndig <= max;
}

/* RFC 2822 4.3: two-digit years 00-49 are 20xx, three digits add 1900. */
static int
date_year(const struct dtok *t)
{
	if (t->type != TK_NUM)
		return -1;
	switch (t->ndig) {
	case 2:
		return (int)t->val + (t->val < 50 ? 2000 : 1900);
	case 3:
		return (int)t->val + 1900;
	case 4:
		return (int)t->val;
	}
	return -1;
}

/* Skip "st", "nd", "rd", "th" glued to a day number. */
static void
date_ordinal(struct dparse *p)
{
	const struct dtok	*t = date_peek(p, 0);

	if (!t->sp && (date_word_is(t, "st") || date_word_is(t, "nd") ||
	    date_word_is(t, "rd") || date_word_is(t, "th")))
		p->i++;
}

/* Fractional seconds are dropped: we keep whole seconds. */
static void
date_fraction(struct dparse *p)
{
	if (date_is_punct(date_peek(p, 0), ".,") &&
	    date_peek(p, 1)->type == TK_NUM && !date_peek(p, 1)->sp)
		p->i += 2;
}

/*
 * "7:49", "07:49:32.123", "7:49 pm", "15時49分", "下午3点49分".
 * 1 when a time was read, 0 when there is none here, -1 when malformed.
 */
static int
date_time(struct dparse *p, struct dtime *dt)
{
	const struct dtok	*t, *n;
	size_t			 i0 = p->i;
	int			 ampm = -1;

	if (date_peek(p, 0)->type == TK_AMPM) {
		ampm = date_peek(p, 0)->c;
		p->i++;
	}
	t = date_peek(p, 0);
	n = date_peek(p, 1);
	if (!date_is_num(t, 2))
		goto none;
	if (date_is_punct(n, ":")) {
		dt->h = (int)t->val;
		p->i += 2;
		if (!date_is_num(date_peek(p, 0), 2) ||
		    date_peek(p, 0)->ndig != 2)
			return -1;
		dt->mi = (int)date_peek(p, 0)->val;
		p->i++;
		if (date_is_punct(date_peek(p, 0), ":")) {
			t = date_peek(p, 1);
			if (t->type != TK_NUM || t->ndig != 2)
				return -1;
			dt->s = (int)t->val;
			p->i += 2;
			date_fraction(p);
		}
	} else if (n->type == TK_CJK && n->c == CK_HOUR) {
		dt->h = (int)t->val;
		p->i += 2;
		t = date_peek(p, 0);
		n = date_peek(p, 1);
		if (date_is_num(t, 2) && n->type == TK_CJK && n->c == CK_MIN) {
			dt->mi = (int)t->val;
			p->i += 2;
			t = date_peek(p, 0);
			n = date_peek(p, 1);
			if (date_is_num(t, 2) && n->type == TK_CJK &&
			    n->c == CK_SEC) {
				dt->s = (int)t->val;
				p->i += 2;
			}
		}
	} else
		goto none;
	if (ampm == -1) {
		if (date_word_is(date_peek(p, 0), "am"))
			ampm = 0;
		else if (date_word_is(date_peek(p, 0), "pm"))
			ampm = 1;
		if (ampm != -1)
			p->i++;
	}
	if (ampm != -1) {
		if (dt->h < 1 || dt->h > 12)
			return -1;
		dt->h = dt->h % 12 + (ampm ? 12 : 0);
	}
	return 1;
none:
	p->i = i0;
	return ampm == -1 ? 0 : -1;
}

/* ISO 8601 basic time after "T": hh, hhmm or hhmmss. */
static int
date_basic_time(struct dparse *p, struct dtime *dt)
{
	const struct dtok	*t = date_peek(p, 0);

	if (t->sp || t->type != TK_NUM ||
	    (t->ndig != 2 && t->ndig != 4 && t->ndig != 6))
		return -1;
	if (t->ndig == 2)
		dt->h = (int)t->val;
	else if (t->ndig == 4) {
		dt->h = (int)(t->val / 100);
		dt->mi = (int)(t->val % 100);
	} else {
		dt->h = (int)(t->val / 10000);
		dt->mi = (int)(t->val / 100 % 100);
		dt->s = (int)(t->val % 100);
	}
	p->i++;
	date_fraction(p);
	return 1;
}

/* "+0800", "-05:00", "+08", "-5" (after GMT): east is positive. */
static int
date_offset(struct dparse *p, struct dtime *dt)
{
	const struct dtok	*t = date_peek(p, 1), *m;
	long			 sign, h, mi = 0;

	sign = date_peek(p, 0)->c == '-' ? -1 : 1;
	if (t->sp || t->type != TK_NUM)
		return -1;
	if (t->ndig == 4) {
		h = (long)(t->val / 100);
		mi = (long)(t->val % 100);
		p->i += 2;
	} else if (t->ndig <= 2) {
		h = (long)t->val;
		p->i += 2;
		m = date_peek(p, 1);
		if (date_is_punct(date_peek(p, 0), ":") && !m->sp &&
		    m->type == TK_NUM && m->ndig == 2) {
			mi = (long)m->val;
			p->i += 2;
		}
	} else
		return -1;
	if (mi > 59 || h * 3600 + mi * 60 > DATE_MAXOFF)
		return -1;
	dt->zone = 1;
	dt->off = sign * (h * 3600 + mi * 60);
	return 0;
}

static int
date_sign_next(const struct dparse *p)
{
	return date_is_punct(date_peek(p, 0), "+-") &&
	    date_peek(p, 1)->type == TK_NUM && !date_peek(p, 1)->sp;
}

/*
 * An optional zone: a name, a numeric offset, or both ("GMT+8",
 * "+0000 GMT", "EST -0500"), where the number wins.  An unknown short
 * word is read as no zone (military letters, local abbreviations); a
 * long one is not a date.
 */
static int
date_zone(struct dparse *p, struct dtime *dt)
{
	const struct dtok	*t = date_peek(p, 0);
	size_t			 i;
	int			 named = 0;

	if (t->type == TK_WORD) {
		for (i = 0; i < sizeof(date_zones) / sizeof(date_zones[0]);
		    i++)
			if (date_word_is(t, date_zones[i].name)) {
				dt->zone = 1;
				dt->off = date_zones[i].off;
				break;
			}
		if (!dt->zone && t->len > 5)
			return -1;
		p->i++;
		named = 1;
	}
	if (!date_sign_next(p))
		return 0;
	if (date_offset(p, dt) == -1)
		return -1;
	t = date_peek(p, 0);
	if (!named && t->type == TK_WORD && t->len <= 5)
		p->i++;
	return 0;
}

/*
 * Year first: "2025-02-11T07:49:32Z", "20250211", "2025/02/11 15:49",
 * "2025年2月11日 15:49".
 */
static int
date_iso(struct dparse *p, struct dtime *dt)
{
	const struct dtok	*t = date_peek(p, 0), *a, *b;
	int			 sep, rc;

	dt->mo = dt->d = 1;
	if (t->ndig == 8) {
		dt->y = (int)(t->val / 10000);
		dt->mo = (int)(t->val / 100 % 100);
		dt->d = (int)(t->val % 100);
		p->i++;
	} else {
		dt->y = (int)t->val;
		p->i++;
		a = date_peek(p, 0);
		b = date_peek(p, 1);
		if (a->type == TK_END)
			return 0;
		if (date_is_punct(a, "-/.") && !a->sp && !b->sp &&
		    date_is_num(b, 2)) {
			/* W3C-DTF allows "2025-02"; then nothing may follow. */
			sep = a->c;
			dt->mo = (int)b->val;
			p->i += 2;
			a = date_peek(p, 0);
			b = date_peek(p, 1);
			if (!(a->type == TK_PUNCT && a->c == sep && !a->sp &&
			    !b->sp && date_is_num(b, 2)))
				return 0;
			dt->d = (int)b->val;
			p->i += 2;
		} else if (a->type == TK_CJK && a->c == CK_YEAR) {
			p->i++;
			a = date_peek(p, 0);
			b = date_peek(p, 1);
			if (!date_is_num(a, 2) || b->type != TK_CJK ||
			    b->c != CK_MONTH)
				return -1;
			dt->mo = (int)a->val;
			p->i += 2;
			a = date_peek(p, 0);
			b = date_peek(p, 1);
			if (!date_is_num(a, 2) || b->type != TK_CJK ||
			    b->c != CK_DAY)
				return 0;
			dt->d = (int)a->val;
			p->i += 2;
		} else
			return -1;
	}
	while (date_peek(p, 0)->type == TK_WDAY)
		p->i++;
	t = date_peek(p, 0);
	if ((date_word_is(t, "t")) && !t->sp) {
		p->i++;
		t = date_peek(p, 0);
		if (t->sp)
			return -1;
		if (t->type == TK_NUM && t->ndig > 2)
			rc = date_basic_time(p, dt);
		else
			rc = date_time(p, dt);
		if (rc != 1)
			return -1;
	} else if (date_time(p, dt) == -1)
		return -1;
	return date_zone(p, dt);
}

/* A year not glued to a following ':' (that would be an hour). */
static int
date_take_year(struct dparse *p, struct dtime *dt)
{
	if ((dt->y = date_year(date_peek(p, 0))) == -1 ||
	    date_is_punct(date_peek(p, 1), ":"))
		return -1;
	p->i++;
	return 0;
}

/* Optional time and zone after an RFC 822-like date: ", at 7:49 PM EST". */
static int
date_rest(struct dparse *p, struct dtime *dt)
{
	if (date_is_punct(date_peek(p, 0), ","))
		p->i++;
	if (date_word_is(date_peek(p, 0), "at"))
		p->i++;
	if (date_time(p, dt) == -1)
		return -1;
	return date_zone(p, dt);
}

/* "11 Feb 2025 07:49:32 GMT", "11-Feb-25 07:49", "11th February 2025". */
static int
date_dayfirst(struct dparse *p, struct dtime *dt)
{
	dt->d = (int)date_peek(p, 0)->val;
	p->i++;
	date_ordinal(p);
	if (date_is_punct(date_peek(p, 0), "-/."))
		p->i++;
	if ((dt->mo = date_month(date_peek(p, 0))) == 0)
		return -1;
	p->i++;
	if (date_is_punct(date_peek(p, 0), ".-/,"))
		p->i++;
	if (date_take_year(p, dt) == -1)
		return -1;
	return date_rest(p, dt);
}

/*
 * "Feb 11 2025 07:49 GMT", "February 11, 2025", and asctime
 * "Feb 11 07:49:32 2025" where the year comes last.
 */
static int
date_monthfirst(struct dparse *p, struct dtime *dt)
{
	dt->mo = date_month(date_peek(p, 0));
	p->i++;
	if (date_is_punct(date_peek(p, 0), ".-/"))
		p->i++;
	if (!date_is_num(date_peek(p, 0), 2))
		return -1;
	dt->d = (int)date_peek(p, 0)->val;
	p->i++;
	date_ordinal(p);
	if (date_is_punct(date_peek(p, 0), ",-/"))
		p->i++;
	if (date_is_num(date_peek(p, 0), 2) &&
	    date_is_punct(date_peek(p, 1), ":")) {
		if (date_time(p, dt) != 1 || date_zone(p, dt) == -1)
			return -1;
		return date_take_year(p, dt);
	}
	if (date_take_year(p, dt) == -1)
		return -1;
	return date_rest(p, dt);
}

int
date_parse(const char *s, const struct tz *deftz, int64_t *out)
{
	struct dparse		 p;
	struct dtime		 dt;
	const struct dtok	*t;
	size_t			 len;
	int64_t			 local;
	int			 rc;

	if (s == NULL || (len = strnlen(s, DATE_MAXLEN + 1)) > DATE_MAXLEN ||
	    date_tokenize(s, len, &p) == -1)
		return -1;
	memset(&dt, 0, sizeof(dt));
	p.i = 0;
	while (date_peek(&p, 0)->type == TK_WDAY)
		p.i++;
	if (date_is_wday(date_peek(&p, 0))) {
		p.i++;
		if (date_is_punct(date_peek(&p, 0), ",."))
			p.i++;
		else if (!date_peek(&p, 0)->sp)
			return -1;
	}
	t = date_peek(&p, 0);
	if (t->type == TK_NUM && (t->ndig == 4 || t->ndig == 8))
		rc = date_iso(&p, &dt);
	else if (date_is_num(t, 2))
		rc = date_dayfirst(&p, &dt);
	else if (date_month(t) != 0)
		rc = date_monthfirst(&p, &dt);
	else
		rc = -1;
	if (rc == -1 || date_peek(&p, 0)->type != TK_END)
		return -1;

	if (dt.y < 1 || dt.y > 9999 || dt.mo < 1 || dt.mo > 12 ||
	    dt.d < 1 || dt.d > date_mdays(dt.y, dt.mo) ||
	    dt.h < 0 || dt.h > 24 || dt.mi < 0 || dt.mi > 59 ||
	    dt.s < 0 || dt.s > 60 || (dt.h == 24 && (dt.mi != 0 || dt.s != 0)))
		return -1;
	/* A leap second is kept inside its minute. */
	if (dt.s == 60)
		dt.s = 59;
	/* 24:00:00 rolls into the next day by plain arithmetic. */
	local = date_days_from_civil(dt.y, dt.mo, dt.d) * 86400 +
	    dt.h * 3600 + dt.mi * 60 + dt.s;
	if (dt.zone)
		local -= dt.off;
	else if (deftz != NULL)
		local -= tz_offset_local(deftz, local);
	/* Keep results printable as four-digit RFC 3339 years. */
	if (local < DATE_MIN || local > DATE_MAX)
		return -1;
	*out = local;
	return 0;
}

void
date_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void
date_format_rfc3339(int64_t t, char out[32])
{
	int64_t	 z, y, secs;
	int	 m, d;

	/* Floor division without the overflow t - z * 86400 risks. */
	secs = t % 86400;
	z = t / 86400;
	if (secs < 0) {
		secs += 86400;
		z--;
	}
	date_civil_from_days(z, &y, &m, &d);
	snprintf(out, 32, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y,
	    m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
