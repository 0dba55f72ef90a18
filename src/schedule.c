/*
 * schedule.c - the poll scheduling policy: the delay to a feed's next
 * poll from its settings and its last poll's outcome, the spread of first
 * polls, and Cache-Control max-age.  Pure: the daemon owns the clock and
 * the timers (the rules are listed in schedule.h).
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "schedule.h"

#define DAY		86400
#define MAXAGE_CAP	2147483647L	/* RFC 9111 1.2.2, in a 32-bit long */

/* Bounds in effect, as int64_t so that doubling cannot overflow. */
struct bounds {
	int64_t	 min;
	int64_t	 max;
};

static void
bounds_get(const struct sched_policy *p, struct bounds *b)
{
	b->min = p->min_interval < 1 ? 1 : p->min_interval;
	b->max = p->max_interval < b->min ? b->min : p->max_interval;
}

static int64_t
clamp(int64_t v, const struct bounds *b)
{
	if (v < b->min)
		return b->min;
	if (v > b->max)
		return b->max;
	return v;
}

/* The interval before hints and backoff, within the bounds. */
static int64_t
base_interval(const struct sched_policy *p, double per_day,
    const struct bounds *b)
{
	double	 d;

	if (p->interval > 0)
		return clamp(p->interval, b);
	/* !(x >= 0) is also true of NaN. */
	if (p->interval != SCHED_AUTO || !(per_day >= 0))
		return clamp(p->default_interval, b);
	/* Compare in double: the quotient may not fit any integer. */
	if (per_day == 0)
		return b->max;
	d = DAY / per_day;
	if (d <= (double)b->min)
		return b->min;
	if (d >= (double)b->max)
		return b->max;
	return clamp((int64_t)d, b);
}

long
sched_target(const struct sched_policy *p, const struct sched_outcome *o)
{
	struct bounds	 b;
	int64_t		 d, hint;
	int		 i;

	bounds_get(p, &b);
	d = base_interval(p, o->entries_per_day, &b);
	if (o->ok) {
		hint = o->max_age > o->ttl ? o->max_age : o->ttl;
		if (hint > b.max)
			hint = b.max;
		if (hint > d)
			d = hint;
	} else {
		/* d <= max <= INT_MAX: doubling stays far from overflow. */
		for (i = 1; i < o->error_count && d < b.max; i++)
			d *= 2;
	}
	if (o->retry_after >= 0 && o->retry_after > d)
		d = o->retry_after > b.max ? b.max : o->retry_after;
	return (long)clamp(d, &b);
}

static uint64_t
splitmix64(uint64_t x)
{
	uint64_t	 z = x + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

long
sched_jitter(long delay, uint64_t seed)
{
	uint64_t	 span;

	if (delay < 10)
		return 0;
	span = (uint64_t)(delay / 10);
	return (long)(splitmix64(seed) % (span + 1));
}

long
sched_delay(const struct sched_policy *p, const struct sched_outcome *o,
    uint64_t seed)
{
	long	 d = sched_target(p, o), j = sched_jitter(d, seed);

	/* Only where long is 32 bits and max_interval near INT_MAX. */
	if (d > LONG_MAX - j)
		return LONG_MAX;
	return d + j;
}

long
sched_first_delay(const struct sched_policy *p, uint64_t seed)
{
	struct bounds	 b;
	int64_t		 w;

	bounds_get(p, &b);
	w = base_interval(p, -1, &b);
	if (w > SCHED_FIRST_SPREAD)
		w = SCHED_FIRST_SPREAD;
	return (long)(splitmix64(seed) % (uint64_t)w);
}

/* HTTP optional white space. */
static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Past a token or a quoted string, whichever starts at s. */
static const char *
skip_value(const char *s, const char **v, size_t *n)
{
	if (*s == '"') {
		*v = ++s;
		while (*s != '\0' && *s != '"') {
			if (*s == '\\' && s[1] != '\0')
				s++;
			s++;
		}
		*n = s - *v;
		return *s == '"' ? s + 1 : s;
	}
	*v = s;
	while (*s != '\0' && *s != ',' && *s != ' ' && *s != '\t' &&
	    *s != ';')
		s++;
	*n = s - *v;
	return s;
}

/* Delta-seconds: digits only, capped; -1 when malformed. */
static long
delta_seconds(const char *s, size_t n)
{
	long	 v = 0;

	if (n == 0)
		return -1;
	for (; n > 0; s++, n--) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v <= (MAXAGE_CAP - 9) / 10)
			v = v * 10 + (*s - '0');
		else
			v = MAXAGE_CAP;
	}
	return v;
}

static int
name_is(const char *s, size_t n, const char *name)
{
	return n == strlen(name) && strncasecmp(s, name, n) == 0;
}

long
sched_parse_max_age(const char *cc)
{
	const char	*s = cc, *name, *v, *junk;
	size_t		 nn, vn, junkn;
	long		 age = -1;
	int		 seen = 0, hasv;

	if (cc == NULL)
		return -1;
	while (*s != '\0') {
		s = skip_ows(s);
		name = s;
		while (*s != '\0' && *s != ',' && *s != '=' && *s != ' ' &&
		    *s != '\t')
			s++;
		nn = s - name;
		s = skip_ows(s);
		v = NULL;
		vn = 0;
		if ((hasv = *s == '=') != 0)
			s = skip_value(skip_ows(s + 1), &v, &vn);
		/* Whatever else is in this directive, up to the next one. */
		while (*s != '\0' && *s != ',') {
			if (*s == '"')
				s = skip_value(s, &junk, &junkn);
			else
				s++;
		}
		if (*s == ',')
			s++;
		if (!hasv && (name_is(name, nn, "no-cache") ||
		    name_is(name, nn, "no-store")))
			return -1;
		if (name_is(name, nn, "max-age") && !seen) {
			seen = 1;
			age = hasv ? delta_seconds(v, vn) : -1;
		}
	}
	return age;
}
