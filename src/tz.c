/*
 * tz.c - time zones for reading zone-less dates: fixed offsets and IANA
 * zones loaded from the system's TZif files (RFC 8536, versions 1-3, with
 * the POSIX TZ footer for times after the last transition).  tz_load() is
 * the only function here that does I/O.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/stat.h>

#include "date.h"
#include "xmalloc.h"

#define TZ_DIR		"/usr/share/zoneinfo/"
#define TZ_MAXFILE	(256 * 1024)
#define TZ_MAXNAME	255
/* Real zones stay within a day of UTC; LMT offsets included. */
#define TZ_MAXOFF	(26L * 3600)
#define TZ_MAXFIXED	(18L * 3600)
/* Past the "big bang" (-2^59) that some TZif files use as a first time. */
#define TZ_MAXTIME	(INT64_C(1) << 60)

/* One DST boundary of a POSIX TZ rule ("M3.2.0/2", "J60", "59"). */
struct tz_rule {
	int	 kind;	/* 'J' (1-365, no Feb 29), 'N' (0-365), 'M' */
	int	 n;		/* for 'J' and 'N' */
	int	 mon, week, wday;	/* for 'M' */
	long	 time;		/* seconds after local midnight */
};

struct tz {
	/* Transitions (UTC) and the offset that applies from each on. */
	int64_t		*trans;
	long		*transoff;
	size_t		 ntrans;
	long		 firstoff;	/* before the first transition */

	/* The POSIX footer, or a fixed offset when has_rule is set alone. */
	int		 has_rule;
	int		 has_dst;
	long		 stdoff, dstoff;
	struct tz_rule	 start, end;
};

static void
tz_err(char *err, size_t errlen, const char *msg, const char *name)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", name, msg);
}

static int64_t
tz_year_of_days(int64_t z)
{
	int64_t	 y;
	int	 m, d;

	date_civil_from_days(z, &y, &m, &d);
	return y;
}

static int
tz_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int64_t
tz_floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/*
 * A fixed offset as people write it: "UTC", "Z", "+08:00", "+0800", "-5",
 * "GMT+8" (UTC+8, not the inverted POSIX meaning).  -1 when not one.
 */
static int
tz_parse_fixed(const char *s, long *off)
{
	long	 h, m = 0, sign;
	size_t	 nd;

	if (strcasecmp(s, "UTC") == 0 || strcasecmp(s, "GMT") == 0 ||
	    strcasecmp(s, "UT") == 0 || strcasecmp(s, "Z") == 0) {
		*off = 0;
		return 0;
	}
	if (strncasecmp(s, "UTC", 3) == 0 || strncasecmp(s, "GMT", 3) == 0)
		s += 3;
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	for (nd = 0; isdigit((unsigned char)s[nd]); nd++)
		;
	if (nd == 4 && s[4] == '\0') {
		h = (s[0] - '0') * 10 + (s[1] - '0');
		m = (s[2] - '0') * 10 + (s[3] - '0');
	} else if (nd == 1 || nd == 2) {
		h = nd == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
		s += nd;
		if (*s == ':') {
			if (!isdigit((unsigned char)s[1]) ||
			    !isdigit((unsigned char)s[2]) || s[3] != '\0')
				return -1;
			m = (s[1] - '0') * 10 + (s[2] - '0');
		} else if (*s != '\0')
			return -1;
	} else
		return -1;
	if (m > 59 || h * 3600 + m * 60 > TZ_MAXFIXED)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

/* Zone names are relative paths of plain characters, never upwards. */
static int
tz_name_ok(const char *name)
{
	const char	*p;

	if (*name == '\0' || *name == '/' || strlen(name) > TZ_MAXNAME ||
	    strstr(name, "..") != NULL)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("/_+-.", *p) == NULL)
			return 0;
	return 1;
}

/* "[+-]hh[:mm[:ss]]" of a POSIX TZ string; hours up to maxh. */
static const char *
tz_posix_time(const char *p, int maxh, long *out)
{
	long	 v[3] = { 0, 0, 0 }, sign = 1;
	int	 i, nd;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (*p != ':')
				break;
			p++;
		}
		for (nd = 0; isdigit((unsigned char)*p) && nd < 3; nd++)
			v[i] = v[i] * 10 + (*p++ - '0');
		if (nd == 0 || isdigit((unsigned char)*p))
			return NULL;
	}
	if (v[0] > maxh || v[1] > 59 || v[2] > 59)
		return NULL;
	*out = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
	return p;
}

static const char *
tz_posix_name(const char *p)
{
	const char	*q;

	if (*p == '<') {
		for (q = p + 1; *q != '>'; q++)
			if (*q == '\0' || (!isalnum((unsigned char)*q) &&
			    *q != '+' && *q != '-'))
				return NULL;
		return q - p >= 4 ? q + 1 : NULL;
	}
	for (q = p; isalpha((unsigned char)*q); q++)
		;
	return q - p >= 3 ? q : NULL;
}

static const char *
tz_posix_num(const char *p, int lo, int hi, int *out)
{
	int	 v = 0, nd;

	for (nd = 0; isdigit((unsigned char)*p) && nd < 4; nd++)
		v = v * 10 + (*p++ - '0');
	if (nd == 0 || v < lo || v > hi)
		return NULL;
	*out = v;
	return p;
}

static const char *
tz_posix_rule(const char *p, struct tz_rule *r)
{
	memset(r, 0, sizeof(*r));
	if (*p == 'J') {
		r->kind = 'J';
		p = tz_posix_num(p + 1, 1, 365, &r->n);
	} else if (*p == 'M') {
		r->kind = 'M';
		if ((p = tz_posix_num(p + 1, 1, 12, &r->mon)) == NULL ||
		    *p != '.' ||
		    (p = tz_posix_num(p + 1, 1, 5, &r->week)) == NULL ||
		    *p != '.')
			return NULL;
		p = tz_posix_num(p + 1, 0, 6, &r->wday);
	} else {
		r->kind = 'N';
		p = tz_posix_num(p, 0, 365, &r->n);
	}
	if (p == NULL)
		return NULL;
	r->time = 7200;
	if (*p == '/')
		p = tz_posix_time(p + 1, 167, &r->time);
	return p;
}

/*
 * "CST-8", "EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30".  POSIX offsets count
 * west of Greenwich, so the sign flips.  -1 when we cannot read it.
 */
static int
tz_parse_posix(const char *s, struct tz *tz)
{
	const char	*p;
	long		 off;

	if ((p = tz_posix_name(s)) == NULL ||
	    (p = tz_posix_time(p, 24, &off)) == NULL)
		return -1;
	tz->stdoff = -off;
	tz->has_dst = 0;
	if (*p == '\0') {
		tz->has_rule = 1;
		return 0;
	}
	if ((p = tz_posix_name(p)) == NULL)
		return -1;
	tz->dstoff = tz->stdoff + 3600;
	if (*p != ',' && *p != '\0') {
		if ((p = tz_posix_time(p, 24, &off)) == NULL)
			return -1;
		tz->dstoff = -off;
	}
	/* No rules: the POSIX default is implementation-defined; give up. */
	if (*p != ',' || (p = tz_posix_rule(p + 1, &tz->start)) == NULL ||
	    *p != ',' || (p = tz_posix_rule(p + 1, &tz->end)) == NULL ||
	    *p != '\0')
		return -1;
	tz->has_dst = 1;
	tz->has_rule = 1;
	return 0;
}

static uint64_t
tz_be(const unsigned char *p, int n)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static int64_t
tz_be64(const unsigned char *p)
{
	uint64_t	 u = tz_be(p, 8);

	return u > INT64_MAX ? -(int64_t)(~u) - 1 : (int64_t)u;
}

static long
tz_be32(const unsigned char *p)
{
	uint64_t	 u = tz_be(p, 4);

	return u > INT32_MAX ? (long)u - 4294967296L : (long)u;
}

/* Counts from a TZif header, in RFC 8536 order. */
struct tzif_hdr {
	uint64_t	 isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
	int		 version;
};

static int
tzif_header(const unsigned char *p, size_t len, struct tzif_hdr *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->version = p[4] == 0 ? 1 : p[4] - '0';
	h->isutcnt = tz_be(p + 20, 4);
	h->isstdcnt = tz_be(p + 24, 4);
	h->leapcnt = tz_be(p + 28, 4);
	h->timecnt = tz_be(p + 32, 4);
	h->typecnt = tz_be(p + 36, 4);
	h->charcnt = tz_be(p + 40, 4);
	/* Sizes from the file are capped before anything is computed. */
	if (h->typecnt == 0 || h->typecnt > 256 || h->timecnt > TZ_MAXFILE ||
	    h->leapcnt > TZ_MAXFILE || h->charcnt > TZ_MAXFILE ||
	    h->isutcnt > h->typecnt || h->isstdcnt > h->typecnt)
		return -1;
	return 0;
}

static uint64_t
tzif_datalen(const struct tzif_hdr *h, int tsize)
{
	return h->timecnt * tsize + h->timecnt + h->typecnt * 6 +
	    h->charcnt + h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

/* Parse a whole TZif file into tz; a static message on failure. */
static const char *
tzif_parse(const unsigned char *buf, size_t len, struct tz *tz)
{
	struct tzif_hdr		 h;
	const unsigned char	*p, *times, *idx, *types, *end, *nl;
	uint64_t		 dl, i;
	long			 offs[256];
	int			 tsize = 4;
	char			 footer[128];
	size_t			 flen;

	if (tzif_header(buf, len, &h) == -1)
		return "not a valid TZif file";
	p = buf + 44;
	dl = tzif_datalen(&h, 4);
	if (dl > len - 44)
		return "truncated TZif file";
	if (h.version >= 2) {
		p += dl;
		if (tzif_header(p, len - (p - buf), &h) == -1)
			return "bad TZif v2 header";
		p += 44;
		tsize = 8;
		dl = tzif_datalen(&h, 8);
		if (dl > len - (p - buf))
			return "truncated TZif v2 data";
	}
	times = p;
	idx = times + h.timecnt * tsize;
	types = idx + h.timecnt;
	end = p + dl;

	for (i = 0; i < h.typecnt; i++) {
		offs[i] = tz_be32(types + i * 6);
		if (offs[i] < -TZ_MAXOFF || offs[i] > TZ_MAXOFF)
			return "bad UTC offset in TZif file";
	}
	tz->firstoff = offs[0];
	tz->ntrans = h.timecnt;
	if (h.timecnt > 0) {
		tz->trans = xreallocarray(NULL, h.timecnt, sizeof(*tz->trans));
		tz->transoff = xreallocarray(NULL, h.timecnt,
		    sizeof(*tz->transoff));
	}
	for (i = 0; i < h.timecnt; i++) {
		tz->trans[i] = tsize == 8 ? tz_be64(times + i * 8) :
		    (int64_t)tz_be32(times + i * 4);
		/* Bounded so that adding an offset cannot overflow. */
		if (tz->trans[i] < -TZ_MAXTIME || tz->trans[i] > TZ_MAXTIME)
			return "TZif transition out of range";
		if (i > 0 && tz->trans[i] <= tz->trans[i - 1])
			return "TZif transitions out of order";
		if (idx[i] >= h.typecnt)
			return "bad type index in TZif file";
		tz->transoff[i] = offs[idx[i]];
	}

	/* The v2+ footer: "\nTZ string\n"; an empty one means none. */
	if (h.version >= 2 && (size_t)(buf + len - end) >= 2 && *end == '\n' &&
	    (nl = memchr(end + 1, '\n', buf + len - end - 1)) != NULL) {
		flen = nl - end - 1;
		if (flen > 0 && flen < sizeof(footer)) {
			memcpy(footer, end + 1, flen);
			footer[flen] = '\0';
			if (tz_parse_posix(footer, tz) == -1)
				tz->has_rule = tz->has_dst = 0;
		}
	}
	return NULL;
}

static int
tz_read_file(const char *path, unsigned char **out, size_t *outlen,
    const char **why)
{
	FILE		*f;
	struct stat	 st;
	unsigned char	*buf = NULL;
	size_t		 n;
	int		 rc = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		*why = errno == ENOENT ? "unknown time zone" : strerror(errno);
		return -1;
	}
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode)) {
		*why = "not a time zone file";
		goto done;
	}
	buf = xmalloc(TZ_MAXFILE + 1);
	n = fread(buf, 1, TZ_MAXFILE + 1, f);
	if (ferror(f)) {
		*why = "read error";
		goto done;
	}
	if (n > TZ_MAXFILE) {
		*why = "time zone file too large";
		goto done;
	}
	*out = buf;
	*outlen = n;
	buf = NULL;
	rc = 0;
done:
	free(buf);
	fclose(f);
	return rc;
}

struct tz *
tz_load(const char *name, char *err, size_t errlen)
{
	struct tz	*tz;
	unsigned char	*buf;
	const char	*why;
	char		*path;
	size_t		 len;
	long		 off;

	if (name == NULL) {
		tz_err(err, errlen, "no time zone name", "(null)");
		return NULL;
	}
	tz = xcalloc(1, sizeof(*tz));
	if (tz_parse_fixed(name, &off) == 0) {
		tz->has_rule = 1;
		tz->stdoff = tz->firstoff = off;
		return tz;
	}
	if (!tz_name_ok(name)) {
		tz_err(err, errlen, "invalid time zone name", name);
		free(tz);
		return NULL;
	}
	xasprintf(&path, "%s%s", TZ_DIR, name);
	if (tz_read_file(path, &buf, &len, &why) == -1) {
		tz_err(err, errlen, why, name);
		free(path);
		free(tz);
		return NULL;
	}
	free(path);
	why = tzif_parse(buf, len, tz);
	free(buf);
	if (why != NULL) {
		tz_err(err, errlen, why, name);
		tz_free(tz);
		return NULL;
	}
	return tz;
}

void
tz_free(struct tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->trans);
	free(tz->transoff);
	free(tz);
}

/* Local standard-time seconds at which a rule fires in year y. */
static int64_t
tz_rule_time(const struct tz_rule *r, int64_t y)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int64_t	 day, first;
	int	 wd, dim, d;

	if (r->kind == 'J')
		day = date_days_from_civil(y, 1, 1) + r->n - 1 +
		    (tz_leap(y) && r->n >= 60);
	else if (r->kind == 'N')
		day = date_days_from_civil(y, 1, 1) + r->n;
	else {
		first = date_days_from_civil(y, r->mon, 1);
		/* 1970-01-01 was a Thursday. */
		wd = (int)(((first + 4) % 7 + 7) % 7);
		d = 1 + (r->wday - wd + 7) % 7 + (r->week - 1) * 7;
		dim = mdays[r->mon - 1] + (r->mon == 2 && tz_leap(y));
		while (d > dim)
			d -= 7;
		day = first + d - 1;
	}
	return day * 86400 + r->time;
}

/*
 * A wall-clock time in a gap or an overlap gets the offset in force
 * before the change: the new offset applies from the transition (UTC)
 * plus the larger of the two offsets.
 */
static long
tz_rule_local(const struct tz *tz, int64_t local)
{
	int64_t	 y, s, e;
	long	 hi;

	/* Beyond any calendar the rule describes; avoid overflow. */
	if (!tz->has_dst || local > INT64_C(100000000000000) ||
	    local < -INT64_C(100000000000000))
		return tz->stdoff;
	hi = tz->stdoff > tz->dstoff ? tz->stdoff : tz->dstoff;
	y = tz_year_of_days(tz_floordiv(local, 86400));
	s = tz_rule_time(&tz->start, y) - tz->stdoff + hi;
	e = tz_rule_time(&tz->end, y) - tz->dstoff + hi;
	if (s < e)
		return local >= s && local < e ? tz->dstoff : tz->stdoff;
	return local >= e && local < s ? tz->stdoff : tz->dstoff;
}

static int64_t
tz_threshold(const struct tz *tz, size_t i)
{
	long	 prev, cur;

	prev = i == 0 ? tz->firstoff : tz->transoff[i - 1];
	cur = tz->transoff[i];
	return tz->trans[i] + (prev > cur ? prev : cur);
}

long
tz_offset_local(const struct tz *tz, int64_t local)
{
	size_t	 lo, hi, mid;

	if (tz == NULL)
		return 0;
	if (tz->ntrans == 0)
		return tz->has_rule ? tz_rule_local(tz, local) : tz->firstoff;
	/* Big-bang transitions in some files sit near -2^59: no overflow. */
	if (local < tz_threshold(tz, 0))
		return tz->firstoff;
	/* Last transition whose threshold is at or before local. */
	lo = 0;
	hi = tz->ntrans;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz_threshold(tz, mid) <= local)
			lo = mid;
		else
			hi = mid;
	}
	if (lo == tz->ntrans - 1 && tz->has_rule)
		return tz_rule_local(tz, local);
	return tz->transoff[lo];
}
