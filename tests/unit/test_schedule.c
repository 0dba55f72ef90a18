/*
 * test_schedule.c - the poll scheduling rules of schedule.h, one table
 * row or block per rule: base and adaptive intervals, publisher hints,
 * backoff, Retry-After, bounds, jitter and first-poll spread, and the
 * Cache-Control parser.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "schedule.h"
#include "t.h"

#define M	60
#define H	3600
#define D	86400

/* The daemon's defaults: 30m, bounded to [5m, 1d]. */
static const struct sched_policy defpol = { 0, 30 * M, 5 * M, D };

static struct sched_outcome
ok_outcome(void)
{
	struct sched_outcome	 o;

	memset(&o, 0, sizeof(o));
	o.ok = 1;
	o.status = 200;
	o.retry_after = -1;
	o.max_age = -1;
	o.entries_per_day = -1;
	return o;
}

static struct sched_outcome
fail_outcome(int count, long status)
{
	struct sched_outcome	 o = ok_outcome();

	o.ok = 0;
	o.error_count = count;
	o.status = status;
	return o;
}

struct tcase {
	const char		*name;
	int			 interval, def, min, max;
	int			 ok, errors;
	long			 status, retry_after, max_age;
	int			 ttl;
	double			 per_day;
	long			 want;	/* sched_target() */
};

static const struct tcase cases[] = {
	/* Base. */
	{ "default interval", 0, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, 0, -1,
	    30 * M },
	{ "own interval", 2 * H, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, 0, -1,
	    2 * H },
	{ "own interval below min", 60, 30 * M, 5 * M, D, 1, 0, 200, -1, -1,
	    0, -1, 5 * M },
	{ "own interval above max", 2 * D, 30 * M, 5 * M, D, 1, 0, 200, -1, -1,
	    0, -1, D },
	{ "default above max", 0, 2 * D, 5 * M, D, 1, 0, 200, -1, -1, 0, -1,
	    D },
	{ "default of 0", 0, 0, 5 * M, D, 1, 0, 200, -1, -1, 0, -1, 5 * M },
	{ "interval -7 means default", -7, 30 * M, 5 * M, D, 1, 0, 200, -1,
	    -1, 0, -1, 30 * M },
	/* Adaptive: one new entry per poll. */
	{ "auto 24/day", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, 0,
	    24, H },
	{ "auto 2/day", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, 0,
	    2, 12 * H },
	{ "auto 0.5/day capped", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1,
	    -1, 0, 0.5, D },
	{ "auto 0/day", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, 0,
	    0, D },
	{ "auto tiny rate", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1, -1,
	    0, 1e-300, D },
	{ "auto 1000/day floored", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200,
	    -1, -1, 0, 1000, 5 * M },
	{ "auto huge rate", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1, -1,
	    0, 1e300, 5 * M },
	{ "auto unknown rate", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1, -1,
	    0, -1, 30 * M },
	{ "auto 7/day", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, 0,
	    7, 12342 },
	/* Publisher hints lengthen only, up to max. */
	{ "ttl longer", 0, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, H, -1, H },
	{ "ttl shorter", 0, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, 10 * M, -1,
	    30 * M },
	{ "ttl above max", 0, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, 7 * D, -1,
	    D },
	{ "negative ttl", 0, 30 * M, 5 * M, D, 1, 0, 200, -1, -1, -5, -1,
	    30 * M },
	{ "max-age longer", 0, 30 * M, 5 * M, D, 1, 0, 200, -1, 2 * H, 0, -1,
	    2 * H },
	{ "max-age 0", 0, 30 * M, 5 * M, D, 1, 0, 200, -1, 0, 0, -1, 30 * M },
	{ "max-age above max", 0, 30 * M, 5 * M, D, 1, 0, 200, -1,
	    2147483647L, 0, -1, D },
	{ "max-age and ttl: larger", 0, 30 * M, 5 * M, D, 1, 0, 200, -1, H,
	    3 * H, -1, 3 * H },
	{ "ttl and max-age: larger", 0, 30 * M, 5 * M, D, 1, 0, 304, -1,
	    4 * H, 3 * H, -1, 4 * H },
	{ "hint over auto", SCHED_AUTO, 30 * M, 5 * M, D, 1, 0, 200, -1, -1,
	    2 * H, 24, 2 * H },
	/* Backoff. */
	{ "1 error", 0, 30 * M, 5 * M, D, 0, 1, 500, -1, -1, 0, -1, 30 * M },
	{ "2 errors", 0, 30 * M, 5 * M, D, 0, 2, 500, -1, -1, 0, -1, H },
	{ "3 errors", 0, 30 * M, 5 * M, D, 0, 3, 0, -1, -1, 0, -1, 2 * H },
	{ "6 errors", 0, 30 * M, 5 * M, D, 0, 6, 0, -1, -1, 0, -1, 16 * H },
	{ "7 errors capped", 0, 30 * M, 5 * M, D, 0, 7, 0, -1, -1, 0, -1, D },
	{ "INT_MAX errors", 0, 30 * M, 5 * M, D, 0, INT_MAX, 0, -1, -1, 0,
	    -1, D },
	{ "0 errors on failure", 0, 30 * M, 5 * M, D, 0, 0, 500, -1, -1, 0,
	    -1, 30 * M },
	{ "backoff near INT_MAX", 0, INT_MAX - 1, 1, INT_MAX, 0, 40, 0, -1,
	    -1, 0, -1, INT_MAX },
	{ "failure ignores hints", 0, 30 * M, 5 * M, D, 0, 1, 500, -1, 6 * H,
	    6 * H, -1, 30 * M },
	{ "backoff from min base", 60, 30 * M, 5 * M, D, 0, 3, 500, -1, -1, 0,
	    -1, 20 * M },
	/* Retry-After, any status, capped. */
	{ "429 retry-after longer", 0, 30 * M, 5 * M, D, 0, 1, 429, 2 * H, -1,
	    0, -1, 2 * H },
	{ "503 retry-after shorter", 0, 30 * M, 5 * M, D, 0, 2, 503, 60, -1,
	    0, -1, H },
	{ "retry-after 0", 0, 30 * M, 5 * M, D, 0, 1, 503, 0, -1, 0, -1,
	    30 * M },
	{ "retry-after above max", 0, 30 * M, 5 * M, D, 0, 1, 429, 30 * D, -1,
	    0, -1, D },
	{ "retry-after LONG_MAX", 0, 30 * M, 5 * M, D, 0, 1, 429, LONG_MAX, -1,
	    0, -1, D },
	{ "retry-after on 200", 0, 30 * M, 5 * M, D, 1, 0, 200, 3 * H, -1, 0,
	    -1, 3 * H },
	{ "retry-after vs ttl", 0, 30 * M, 5 * M, D, 1, 0, 200, 2 * H, -1,
	    5 * H, -1, 5 * H },
	/* Bounds that make no sense. */
	{ "min > max: max = min", 0, 30 * M, H, 5 * M, 1, 0, 200, -1, -1, 0,
	    -1, H },
	{ "min > max, backoff", 0, 30 * M, H, 5 * M, 0, 9, 500, -1, -1, 0, -1,
	    H },
	{ "min > max, retry-after", 0, 30 * M, H, 5 * M, 0, 1, 429, D, -1, 0,
	    -1, H },
	{ "min 0 counts as 1", 0, 0, 0, D, 1, 0, 200, -1, -1, 0, -1, 1 },
	{ "negative bounds", 0, 0, -5, -9, 0, 3, 500, 9, 9, 9, -1, 1 },
};

static void
check_table(void)
{
	const struct tcase	*c;
	struct sched_policy	 p;
	struct sched_outcome	 o;
	char			 what[128];
	size_t			 i;
	long			 got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		p.interval = c->interval;
		p.default_interval = c->def;
		p.min_interval = c->min;
		p.max_interval = c->max;
		memset(&o, 0, sizeof(o));
		o.ok = c->ok;
		o.error_count = c->errors;
		o.status = c->status;
		o.retry_after = c->retry_after;
		o.max_age = c->max_age;
		o.ttl = c->ttl;
		o.entries_per_day = c->per_day;
		got = sched_target(&p, &o);
		snprintf(what, sizeof(what), "%s: %ld (want %ld)", c->name,
		    got, c->want);
		t_ok(got == c->want, what);
	}
}

static void
check_nan(void)
{
	struct sched_policy	 p = defpol;
	struct sched_outcome	 o = ok_outcome();

	p.interval = SCHED_AUTO;
	o.entries_per_day = NAN;
	t_ok(sched_target(&p, &o) == 30 * M, "auto, NaN rate: default");
	o.entries_per_day = INFINITY;
	t_ok(sched_target(&p, &o) == 5 * M, "auto, infinite rate: min");
}

/* Known outputs of splitmix64: the jitter must not change silently. */
static void
check_jitter_values(void)
{
	/* splitmix64(0) = 0xe220a8397b1dcdaf, % 181 = 88. */
	t_ok(sched_jitter(1800, 0) == (long)(0xe220a8397b1dcdafULL % 181),
	    "jitter of 1800, seed 0");
	t_ok(sched_jitter(1800, 0) == 88, "jitter of 1800, seed 0 is 88");
	t_ok(sched_jitter(9, 12345) == 0, "no jitter below 10 s");
	t_ok(sched_jitter(0, 12345) == 0, "no jitter of 0");
	t_ok(sched_jitter(-100, 12345) == 0, "no jitter of a negative delay");
	t_ok(sched_jitter(1800, 7) == sched_jitter(1800, 7),
	    "jitter is reproducible");
}

static void
check_jitter_range(void)
{
	struct sched_policy	 p = defpol;
	struct sched_outcome	 o = ok_outcome();
	uint64_t		 seed;
	long			 d, lo = LONG_MAX, hi = -1, distinct = 0, last = -1;
	int			 inrange = 1, sum = 1, top = 1;

	for (seed = 0; seed < 20000; seed++) {
		d = sched_delay(&p, &o, seed * 0x9e3779b97f4a7c15ULL ^ seed);
		if (d < 30 * M || d > 30 * M + 180)
			inrange = 0;
		if (d != 30 * M + sched_jitter(30 * M, seed *
		    0x9e3779b97f4a7c15ULL ^ seed))
			sum = 0;
		if (d < lo)
			lo = d;
		if (d > hi)
			hi = d;
		if (d != last)
			distinct++;
		last = d;
	}
	t_ok(inrange, "jittered delays in [30m, 33m]");
	t_ok(sum, "sched_delay = sched_target + sched_jitter");
	t_ok(lo == 30 * M && hi == 30 * M + 180,
	    "20000 seeds reach both ends of the jitter");
	t_ok(distinct > 10000, "jitter differs between seeds");

	/* At the top, jitter may pass max by 10%, never more. */
	o = fail_outcome(50, 500);
	for (seed = 0; seed < 20000; seed++) {
		d = sched_delay(&p, &o, seed);
		if (d < D || d > D + D / 10)
			top = 0;
	}
	t_ok(top, "capped backoff stays in [max, max + 10%]");
	/* At the bottom, never below min. */
	p.interval = 1;
	o = ok_outcome();
	d = LONG_MAX;
	for (seed = 0; seed < 1000; seed++)
		if (sched_delay(&p, &o, seed) < d)
			d = sched_delay(&p, &o, seed);
	t_ok(d == 5 * M, "jitter never goes below min");
}

static void
check_huge(void)
{
	struct sched_policy	 p = { INT_MAX, INT_MAX, INT_MAX, INT_MAX };
	struct sched_outcome	 o = fail_outcome(INT_MAX, 503);
	long			 d;

	o.retry_after = LONG_MAX;
	d = sched_delay(&p, &o, 99);
	t_ok(d >= INT_MAX, "INT_MAX bounds: no overflow");
	if (sizeof(long) > 4)
		t_ok(d == INT_MAX + sched_jitter(INT_MAX, 99),
		    "INT_MAX bounds: jitter added");
	else
		t_ok(d == LONG_MAX, "INT_MAX bounds: saturates");
}

static void
check_first(void)
{
	struct sched_policy	 p = defpol;
	uint64_t		 seed;
	long			 d, lo = LONG_MAX, hi = -1;
	int			 inrange = 1, hist[10] = { 0 }, flat = 1, i;

	for (seed = 0; seed < 10000; seed++) {
		d = sched_first_delay(&p, seed);
		if (d < 0 || d >= 300)
			inrange = 0;
		else
			hist[d / 30]++;
		if (d < lo)
			lo = d;
		if (d > hi)
			hi = d;
	}
	t_ok(inrange, "first polls in [0, 5m)");
	t_ok(lo == 0 && hi == 299, "first polls reach both ends");
	/* A loose bound on an exact, seeded histogram: not a timing test. */
	for (i = 0; i < 10; i++)
		if (hist[i] < 800 || hist[i] > 1200)
			flat = 0;
	t_ok(flat, "first polls spread evenly over 10 slices");
	t_ok(sched_first_delay(&p, 42) == sched_first_delay(&p, 42),
	    "first delay reproducible");
	t_ok(sched_first_delay(&p, 0) == (long)(0xe220a8397b1dcdafULL % 300),
	    "first delay of seed 0");

	/* A short interval spreads over the interval only. */
	p.interval = 60;
	p.min_interval = 1;
	inrange = 1;
	for (seed = 0; seed < 1000; seed++)
		if (sched_first_delay(&p, seed) >= 60)
			inrange = 0;
	t_ok(inrange, "interval 1m: first polls in [0, 1m)");
	p.interval = 1;
	t_ok(sched_first_delay(&p, 12345) == 0, "interval 1s: at once");
	p.interval = SCHED_AUTO;
	p.default_interval = 2 * M;
	inrange = 1;
	for (seed = 0; seed < 1000; seed++)
		if (sched_first_delay(&p, seed) >= 2 * M)
			inrange = 0;
	t_ok(inrange, "auto: spread over the default when it is short");
	p.min_interval = H;
	p.max_interval = M;
	t_ok(sched_first_delay(&p, 3) < 300, "min > max: still within 5m");
}

static const struct {
	const char	*cc;
	long		 want;
} maxage[] = {
	{ NULL, -1 },
	{ "", -1 },
	{ "max-age=60", 60 },
	{ "max-age=0", 0 },
	{ "MAX-AGE=60", 60 },
	{ "Max-Age=0060", 60 },
	{ "public, max-age=3600", 3600 },
	{ "max-age=3600, must-revalidate", 3600 },
	{ "  public ,  max-age=120  ,private", 120 },
	{ "\tmax-age=5\t", 5 },
	{ "max-age = 7", 7 },
	{ "max-age=\"90\"", 90 },
	{ "max-age=\"9,0\"", -1 },
	{ "private=\"a, max-age=5\", max-age=30", 30 },
	{ "s-maxage=600", -1 },
	{ "s-maxage=600, max-age=60", 60 },
	{ "max-age=60, s-maxage=600", 60 },
	{ "no-cache", -1 },
	{ "NO-STORE, max-age=60", -1 },
	{ "max-age=60, no-cache", -1 },
	{ "max-age=60,no-store", -1 },
	{ "no-cache=\"Set-Cookie\", max-age=60", 60 },
	{ "max-age", -1 },
	{ "max-age=", -1 },
	{ "max-age=-1", -1 },
	{ "max-age=+5", -1 },
	{ "max-age=12abc", -1 },
	{ "max-age=1.5", -1 },
	{ "max-age=99999999999999999999999999", 2147483647L },
	{ "max-age=2147483647", 2147483647L },
	{ "max-age=2147483648", 2147483647L },
	{ "max-age=60;foo", 60 },
	{ "max-age=10, max-age=20", 10 },
	{ "max-age=x, max-age=20", -1 },
	{ "maxage=60", -1 },
	{ "xmax-age=60", -1 },
	{ "max-agex=60", -1 },
	{ ",,,max-age=8,,", 8 },
	{ "max-age=\"60", 60 },
	{ "max-age=\"6\\0\"", -1 },
	{ "\"unterminated, max-age=5", 5 },
	{ "immutable, max-age=31536000", 31536000 },
};

static void
check_max_age(void)
{
	char	 what[160];
	size_t	 i;
	long	 got;

	for (i = 0; i < sizeof(maxage) / sizeof(maxage[0]); i++) {
		got = sched_parse_max_age(maxage[i].cc);
		snprintf(what, sizeof(what), "max-age of \"%s\": %ld (want %ld)",
		    maxage[i].cc != NULL ? maxage[i].cc : "(null)", got,
		    maxage[i].want);
		t_ok(got == maxage[i].want, what);
	}
}

int
main(void)
{
	check_table();
	check_nan();
	check_jitter_values();
	check_jitter_range();
	check_huge();
	check_first();
	check_max_age();
	return t_done();
}
