/*
 * test_date.c - unit tests for date.c and tz.c: every date shape feeds
 * use, zone-less dates read in fixed and IANA zones (DST gaps and
 * overlaps, the TZif footer for far-future times), and rejections.
 * Zone-dependent expectations were checked with Python's zoneinfo.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "t.h"

struct parse_case {
	const char	*in;
	const char	*zone;	/* tz_load() name for deftz, or NULL */
	const char	*want;	/* NULL: date_parse() must fail */
};

#define SH	"Asia/Shanghai"
#define NY	"America/New_York"
#define W	"2025-02-11T07:49:32Z"

static const struct parse_case parse_cases[] = {
	/* RFC 822 / 1123 / 2822. */
	{ "Tue, 11 Feb 2025 07:49:32 GMT", NULL, W },
	{ "Tue, 11 Feb 2025 07:49:32 +0000", NULL, W },
	{ "Tue, 11 Feb 2025 02:49:32 -0500", NULL, W },
	{ "Tue, 11 Feb 2025 15:49:32 +08:00", NULL, W },
	{ "Tue, 11 Feb 2025 07:49:32 UT", NULL, W },
	{ "Tue, 11 Feb 2025 07:49:32 Z", NULL, W },
	{ "Tue, 11 Feb 2025 07:49:32 UTC", SH, W },
	{ "Tue, 11 Feb 2025 02:49:32 EST", NULL, W },
	{ "Tue, 11 Feb 2025 03:49:32 EDT", NULL, W },
	{ "Tue, 11 Feb 2025 01:49:32 CST", NULL, W },
	{ "Tue, 11 Feb 2025 02:49:32 CDT", NULL, W },
	{ "Tue, 11 Feb 2025 00:49:32 MST", NULL, W },
	{ "Tue, 11 Feb 2025 01:49:32 MDT", NULL, W },
	{ "Mon, 10 Feb 2025 23:49:32 PST", NULL, W },
	{ "Tue, 11 Feb 2025 00:49:32 PDT", NULL, W },
	{ "Mon, 10 Feb 2025 22:49:32 AKST", NULL, W },
	{ "Mon, 10 Feb 2025 21:49:32 HST", NULL, W },
	{ "Tue, 11 Feb 2025 08:49:32 CET", NULL, W },
	{ "Tue, 11 Feb 2025 09:49:32 CEST", NULL, W },
	{ "Tue, 11 Feb 2025 09:49:32 EET", NULL, W },
	{ "Tue, 11 Feb 2025 08:49:32 BST", NULL, W },
	{ "Tue, 11 Feb 2025 13:19:32 IST", NULL, W },
	{ "Tue, 11 Feb 2025 16:49:32 JST", NULL, W },
	{ "Tue, 11 Feb 2025 15:49:32 HKT", NULL, W },
	{ "Tue, 11 Feb 2025 18:49:32 AEDT", NULL, W },
	{ "Tue, 11 Feb 2025 17:19:32 ACST", NULL, W },
	{ "Tue, 11 Feb 2025 20:49:32 NZDT", NULL, W },
	{ "Tue, 11 Feb 2025 10:49:32 MSK", NULL, W },
	{ "Tue, 11 Feb 2025 15:49:32 GMT+8", NULL, W },
	{ "Tue, 11 Feb 2025 15:49:32 UTC+8", NULL, W },
	{ "Tue, 11 Feb 2025 15:49:32 GMT+08:00", NULL, W },
	{ "Tue, 11 Feb 2025 02:49:32 GMT-5", NULL, W },
	{ "tue, 11 feb 2025 07:49:32 gmt", NULL, W },
	{ "TUE, 11 FEB 2025 02:49:32 est", NULL, W },
	/* An unknown short zone word means no zone: read in deftz. */
	{ "Tue, 11 Feb 2025 07:49:32 A", NULL, W },
	{ "Tue, 11 Feb 2025 15:49:32 XYZ", SH, W },
	{ "Tue, 11 Feb 2025 07:49:32 Foobarbaz", NULL, NULL },

	/* Broken RFC 822. */
	{ "Tue, 11 Feb 25 07:49:32 GMT", NULL, W },
	{ "Sat, 11 Feb 95 07:49:32 GMT", NULL, "1995-02-11T07:49:32Z" },
	{ "11 Feb 49 00:00:00 GMT", NULL, "2049-02-11T00:00:00Z" },
	{ "11 Feb 50 00:00:00 GMT", NULL, "1950-02-11T00:00:00Z" },
	{ "Tue, 11 Feb 125 07:49:32 GMT", NULL, W },
	{ "Tue, 11 Feb 2025 07:49 GMT", NULL, "2025-02-11T07:49:00Z" },
	{ "11 Feb 2025 07:49:32 GMT", NULL, W },
	{ "Mon, 11 Feb 2025 07:49:32 GMT", NULL, W },
	{ "Tue 11 Feb 2025 07:49:32 GMT", NULL, W },
	{ "Tue. 11 Feb. 2025 07:49:32 GMT", NULL, W },
	{ "Tuesday, 11 February 2025 07:49:32 GMT", NULL, W },
	{ "Tuesday, 11 February 2025", NULL, "2025-02-11T00:00:00Z" },
	{ "Thu, 11 Sept 2025 07:49:32 GMT", NULL, "2025-09-11T07:49:32Z" },
	{ "Feb 11 2025 07:49:32 GMT", NULL, W },
	{ "February 11, 2025", NULL, "2025-02-11T00:00:00Z" },
	{ "Feb 11th, 2025 at 7:49 PM", NULL, "2025-02-11T19:49:00Z" },
	{ "Feb 11 2025 12:05 am", NULL, "2025-02-11T00:05:00Z" },
	{ "Tue Feb 11 07:49:32 2025", NULL, W },
	{ "Tue Feb 11 07:49:32 2025", SH, "2025-02-10T23:49:32Z" },
	{ "Tue Feb  1 07:49:32 2025", NULL, "2025-02-01T07:49:32Z" },
	{ "Tue Feb 11 07:49:32 UTC 2025", SH, W },
	{ "Tue Feb 11 2025 15:49:32 GMT+0800 (China Standard Time)", NULL,
	    W },
	{ "11 Feb 2025", NULL, "2025-02-11T00:00:00Z" },
	{ "11 Feb 2025", SH, "2025-02-10T16:00:00Z" },
	{ "11-Feb-2025 07:49:32", NULL, W },
	{ "Tuesday, 11-Feb-25 07:49:32 GMT", NULL, W },
	{ "Tue, 11 Feb 2025 24:00:00 GMT", NULL, "2025-02-12T00:00:00Z" },
	{ "Tue, 31 Dec 2024 24:00:00 GMT", NULL, "2025-01-01T00:00:00Z" },
	{ "Tue, 11 Feb 2025 7:49:32 GMT", NULL, W },
	{ "Tue, 10 Feb 2025 23:49:32 -0800 (PST)", NULL, W },
	{ "Tue, 11 Feb 2025 07:49:32 GMT (UTC)", NULL, W },
	{ "Tue, 11 Feb 2025 07:49:32 +0000 GMT", NULL, W },
	{ "Tue, 11 Feb 2025 07:49:32 +0000 (Coordinated (Universal) Time)",
	    NULL, W },
	{ " \t Tue, 11 Feb 2025 07:49:32 GMT \r\n", NULL, W },
	{ "Tue, 11 Feb 2025 07:49:60 GMT", NULL, "2025-02-11T07:49:59Z" },
	{ "Tue,11 Feb 2025 07:49:32GMT", NULL, W },

	/* RFC 3339, ISO 8601, W3C-DTF. */
	{ "2025-02-11T07:49:32Z", NULL, W },
	{ "2025-02-11t07:49:32z", NULL, W },
	{ "2025-02-11T07:49:32Z", SH, W },
	{ "2025-02-11T07:49:32.123456+08:00", NULL, "2025-02-10T23:49:32Z" },
	{ "2025-02-11T15:49:32+0800", NULL, W },
	{ "2025-02-11T15:49:32+08", NULL, W },
	{ "2025-02-11T02:49:32-05:00", NULL, W },
	{ "2025-02-11T07:49:32,5Z", NULL, W },
	{ "2025-02-11 07:49:32Z", NULL, W },
	{ "2025-02-11 15:49:32 +0800", NULL, W },
	{ "2025-02-11T07:49Z", NULL, "2025-02-11T07:49:00Z" },
	{ "2025-02-11T07:49:32", NULL, W },
	{ "2025-02-11T07:49:32", SH, "2025-02-10T23:49:32Z" },
	{ "2025-02-11", NULL, "2025-02-11T00:00:00Z" },
	{ "2025-02-11", SH, "2025-02-10T16:00:00Z" },
	{ "2025-02", NULL, "2025-02-01T00:00:00Z" },
	{ "2025", NULL, "2025-01-01T00:00:00Z" },
	{ "2025", SH, "2024-12-31T16:00:00Z" },
	{ "20250211T074932Z", NULL, W },
	{ "20250211T1549+0800", NULL, "2025-02-11T07:49:00Z" },
	{ "20250211", NULL, "2025-02-11T00:00:00Z" },
	{ "2025-02-11T24:00:00Z", NULL, "2025-02-12T00:00:00Z" },
	{ "2016-12-31T23:59:60Z", NULL, "2016-12-31T23:59:59Z" },
	{ "2024-02-29", NULL, "2024-02-29T00:00:00Z" },
	{ "2000-02-29", NULL, "2000-02-29T00:00:00Z" },
	{ "1970-01-01T00:00:00Z", NULL, "1970-01-01T00:00:00Z" },
	{ "0001-01-01T00:00:00Z", NULL, "0001-01-01T00:00:00Z" },
	{ "9999-12-31T23:59:59Z", NULL, "9999-12-31T23:59:59Z" },
	{ "1969-12-31T23:59:59Z", NULL, "1969-12-31T23:59:59Z" },

	/* Chinese, Japanese, Korean. */
	{ "2025年02月11日 15:49", SH, "2025-02-11T07:49:00Z" },
	{ "2025年2月11日 15:49:32", SH, W },
	{ "2025年2月11日 15:49:32", NULL, "2025-02-11T15:49:32Z" },
	{ "2025年02月11日", SH, "2025-02-10T16:00:00Z" },
	{ "2025年02月11日15:49", SH, "2025-02-11T07:49:00Z" },
	{ "2025-02-11 15:49:32", SH, W },
	{ "2025/02/11 15:49", SH, "2025-02-11T07:49:00Z" },
	{ "2025.02.11 15:49", SH, "2025-02-11T07:49:00Z" },
	{ "2025年2月11日 15时49分32秒", SH, W },
	{ "2025年2月11日 星期二 下午3:49", SH, "2025-02-11T07:49:00Z" },
	{ "2025年2月11日 周二 上午10点", SH, "2025-02-11T02:00:00Z" },
	{ "2025年2月11日(火) 15時49分", "Asia/Tokyo", "2025-02-11T06:49:00Z" },
	{ "2025年2月11日（火）15時49分", "Asia/Tokyo",
	    "2025-02-11T06:49:00Z" },
	{ "2025년 2월 11일", "Asia/Seoul", "2025-02-10T15:00:00Z" },
	{ "2025년 2월 11일 오후 3시 49분", "Asia/Seoul",
	    "2025-02-11T06:49:00Z" },

	/* America/New_York across DST, gaps, overlaps, the footer. */
	{ "2025-07-04 12:00:00", NY, "2025-07-04T16:00:00Z" },
	{ "2025-01-15 12:00:00", NY, "2025-01-15T17:00:00Z" },
	{ "Fri, 04 Jul 2025 12:00:00", NY, "2025-07-04T16:00:00Z" },
	{ "2100-07-04 12:00:00", NY, "2100-07-04T16:00:00Z" },
	{ "2100-01-15 12:00:00", NY, "2100-01-15T17:00:00Z" },
	{ "2025-03-09 01:59:59", NY, "2025-03-09T06:59:59Z" },
	{ "2025-03-09 02:30:00", NY, "2025-03-09T07:30:00Z" },
	{ "2025-03-09 03:00:00", NY, "2025-03-09T07:00:00Z" },
	{ "2025-11-02 00:59:59", NY, "2025-11-02T04:59:59Z" },
	{ "2025-11-02 01:30:00", NY, "2025-11-02T05:30:00Z" },
	{ "2025-11-02 02:00:00", NY, "2025-11-02T07:00:00Z" },
	{ "2099-03-08 02:30:00", NY, "2099-03-08T07:30:00Z" },
	{ "2099-11-01 01:30:00", NY, "2099-11-01T05:30:00Z" },
	{ "1800-01-01", NY, "1800-01-01T04:56:02Z" },
	/* Other zones: old DST, southern hemisphere, London rules. */
	{ "1988-07-01 12:00:00", SH, "1988-07-01T03:00:00Z" },
	{ "2100-01-15 12:00", "Australia/Sydney", "2100-01-15T01:00:00Z" },
	{ "2100-07-15 12:00", "Australia/Sydney", "2100-07-15T02:00:00Z" },
	{ "2100-07-01 12:00", "Europe/London", "2100-07-01T11:00:00Z" },
	{ "2100-12-01 12:00", "Europe/London", "2100-12-01T12:00:00Z" },
	{ "2025-02-11 13:19:32", "Asia/Kolkata", W },

	/* Fixed-offset zones as tz_load() names. */
	{ "2025-02-11 15:49:32", "+08:00", W },
	{ "2025-02-11 15:49:32", "+0800", W },
	{ "2025-02-11 15:49:32", "GMT+8", W },
	{ "2025-02-11 15:49:32", "UTC+08:00", W },
	{ "2025-02-11 02:49:32", "-5", W },
	{ "2025-02-11 13:19:32", "+05:30", W },
	{ "2025-02-11 07:49:32", "UTC", W },
	{ "2025-02-11 07:49:32", "Z", W },
	{ "2025-02-11 07:49:32", "GMT", W },

	/* Valid fields whose instant leaves years 1-9999. */
	{ "0001-01-01T00:00:00+01:00", NULL, NULL },
	{ "9999-12-31T23:59:59-01:00", NULL, NULL },
	{ "9999-12-31T24:00:00Z", NULL, NULL },
	{ "0001-01-01", SH, NULL },
	{ "0001-01-01T08:05:43", SH, "0001-01-01T00:00:00Z" },

	/* Not dates, or out of range. */
	{ "garbage", NULL, NULL },
	{ "", NULL, NULL },
	{ "   ", NULL, NULL },
	{ "tomorrow", NULL, NULL },
	{ "1739260172", NULL, NULL },
	{ "173926017", NULL, NULL },
	{ "32 Jan 2025", NULL, NULL },
	{ "0 Jan 2025", NULL, NULL },
	{ "2025-13-01", NULL, NULL },
	{ "2025-00-10", NULL, NULL },
	{ "Feb 30 2025", NULL, NULL },
	{ "2025-02-29", NULL, NULL },
	{ "1900-02-29", NULL, NULL },
	{ "2025-04-31T00:00:00Z", NULL, NULL },
	{ "0000-01-01", NULL, NULL },
	{ "10000-01-01", NULL, NULL },
	{ "2025-02-11T25:00:00Z", NULL, NULL },
	{ "2025-02-11T24:00:01Z", NULL, NULL },
	{ "2025-02-11T07:60:00Z", NULL, NULL },
	{ "2025-02-11T07:49:61Z", NULL, NULL },
	{ "2025-02-11T07:49:32+19:00", NULL, NULL },
	{ "2025-02-11T07:49:32+08:60", NULL, NULL },
	{ "Tue, 11 Feb 2025 07:49:32 +2400", NULL, NULL },
	{ "2025-02-11T", NULL, NULL },
	{ "2025-02-11T07", NULL, NULL },
	{ "2025-02-11T07:49:", NULL, NULL },
	{ "2025-02-11 07:49:32 @", NULL, NULL },
	{ "2025-02-11T07:49:32Z garbage!", NULL, NULL },
	{ "11/02/2025", NULL, NULL },
	{ "02/11/2025", NULL, NULL },
	{ "Tue, 11 Foo 2025 07:49:32 GMT", NULL, NULL },
	{ "11 Feb 5 07:49:32 GMT", NULL, NULL },
	{ "11 Feb 07:49:32", NULL, NULL },
	{ "Feb 11 2025 13:00 PM", NULL, NULL },
	{ "Tue, 11 Feb 2025 07:49:32 GMT (unterminated", NULL, NULL },
	{ "2025年13月1日", NULL, NULL },
	{ "2025年2月30日", NULL, NULL },
	{ "2025年2月11日 下午", NULL, NULL },
	{ "2025年2月11日 明天", NULL, NULL },
	{ "Tue", NULL, NULL },
	{ "Feb 2025", NULL, NULL },
	{ "Tue2025-02-11", NULL, NULL },
};

struct zone_cache {
	const char	*name;
	struct tz	*tz;
};

#define NZONES	32

static struct tz *
zone_get(struct zone_cache *zc, const char *name)
{
	char	 err[128];
	int	 i;

	for (i = 0; i < NZONES && zc[i].name != NULL; i++)
		if (strcmp(zc[i].name, name) == 0)
			return zc[i].tz;
	if (i == NZONES) {
		fprintf(stderr, "zone cache full\n");
		exit(2);
	}
	zc[i].name = name;
	if ((zc[i].tz = tz_load(name, err, sizeof(err))) == NULL)
		printf("# tz_load %s: %s\n", name, err);
	return zc[i].tz;
}

static void
test_parse(void)
{
	struct zone_cache	 zc[NZONES];
	struct tz		*tz;
	char			 got[32], what[256], name[160];
	int64_t			 t;
	size_t			 i;
	int			 rc;

	memset(zc, 0, sizeof(zc));
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case	*c = &parse_cases[i];

		tz = NULL;
		if (c->zone != NULL && (tz = zone_get(zc, c->zone)) == NULL) {
			snprintf(what, sizeof(what), "tz_load %s", c->zone);
			t_ok(0, what);
			continue;
		}
		rc = date_parse(c->in, tz, &t);
		if (rc == 0)
			date_format_rfc3339(t, got);
		snprintf(what, sizeof(what), "date_parse \"%s\" in %s",
		    t_show(c->in, name, sizeof(name)),
		    c->zone != NULL ? c->zone : "UTC");
		t_streq(rc == 0 ? got : NULL, c->want, what);
	}
	for (i = 0; i < NZONES; i++)
		tz_free(zc[i].tz);
}

static void
test_reject_long(void)
{
	char	*big;
	int64_t	 t;

	big = malloc(10 * 1024 + 1);
	memset(big, ' ', 10 * 1024);
	memcpy(big + 5000, "2025-02-11T07:49:32Z", 20);
	big[10 * 1024] = '\0';
	t_ok(date_parse(big, NULL, &t) == -1, "10 KB string rejected");
	memset(big, '9', 10 * 1024);
	t_ok(date_parse(big, NULL, &t) == -1, "10 KB of digits rejected");
	free(big);
	t_ok(date_parse(NULL, NULL, &t) == -1, "NULL rejected");
}

static void
test_tz_load(void)
{
	static const char *const bad[] = {
		"Nowhere/Land", "../etc/passwd", "/etc/passwd",
		"Asia/../../etc/passwd", "", "Asia", "zone.tab", "GMT+19",
		"+25:00", "+08:0", "Asia/Shang hai",
	};
	static const struct {
		const char	*name;
		int64_t		 local;
		long		 want;
	} off[] = {
		{ "UTC", 0, 0 },
		{ "+05:30", 0, 19800 },
		{ "-0330", 0, -12600 },
		{ "gmt-5", 0, -18000 },
		{ "GMT+8", 0, 28800 },
		{ "+18:00", 0, 64800 },
		{ "Asia/Shanghai", 1739260172, 28800 },
		/* 2025-07-04 12:00 and 2025-01-15 12:00, local. */
		{ "America/New_York", 1751630400, -14400 },
		{ "America/New_York", 1736942400, -18000 },
		/* 2300-07-01: far beyond the transitions, footer rule. */
		{ "Europe/London", 10429430400, 3600 },
		{ "Asia/Kolkata", 10429430400, 19800 },
	};
	struct tz	*tz;
	char		 err[128], what[128];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		tz = tz_load(bad[i], err, sizeof(err));
		snprintf(what, sizeof(what), "tz_load \"%s\" fails with a "
		    "message", bad[i]);
		t_ok(tz == NULL && err[0] != '\0', what);
		tz_free(tz);
	}
	t_ok(tz_load(NULL, NULL, 0) == NULL, "tz_load NULL fails");
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		tz = tz_load(off[i].name, err, sizeof(err));
		snprintf(what, sizeof(what), "tz_offset_local %s %" PRId64,
		    off[i].name, off[i].local);
		t_ok(tz != NULL && tz_offset_local(tz, off[i].local) ==
		    off[i].want, what);
		tz_free(tz);
	}
	t_ok(tz_offset_local(NULL, 0) == 0, "tz_offset_local NULL is UTC");
	/* Extreme inputs must not overflow (UBSan watches). */
	tz = tz_load("America/New_York", err, sizeof(err));
	t_ok(tz != NULL && tz_offset_local(tz, INT64_MAX) == -18000 &&
	    tz_offset_local(tz, INT64_MIN) == -17762, "extreme local times");
	tz_free(tz);
}

static void
test_format(void)
{
	char	 out[32];
	int64_t	 t, back;
	int	 ok = 1;

	date_format_rfc3339(0, out);
	t_streq(out, "1970-01-01T00:00:00Z", "format 0");
	date_format_rfc3339(-1, out);
	t_streq(out, "1969-12-31T23:59:59Z", "format -1");
	date_format_rfc3339(951782400, out);
	t_streq(out, "2000-02-29T00:00:00Z", "format 2000-02-29");
	date_format_rfc3339(253402300799, out);
	t_streq(out, "9999-12-31T23:59:59Z", "format 9999");
	date_format_rfc3339(-62135596800, out);
	t_streq(out, "0001-01-01T00:00:00Z", "format 0001");
	date_format_rfc3339(INT64_MIN, out);
	t_ok(strlen(out) < 32 && out[strlen(out) - 1] == 'Z',
	    "format INT64_MIN fits");
	date_format_rfc3339(INT64_MAX, out);
	t_ok(strlen(out) < 32 && out[strlen(out) - 1] == 'Z',
	    "format INT64_MAX fits");
	/* Every ~37 hours from year 1 to 9999 survives a round trip. */
	for (t = -62135596800; t <= 253402300799; t += 133337) {
		date_format_rfc3339(t, out);
		if (date_parse(out, NULL, &back) != 0 || back != t) {
			printf("# round trip failed at %" PRId64 ": %s\n",
			    t, out);
			ok = 0;
			break;
		}
	}
	t_ok(ok, "format/parse round trip over years 1-9999");
}

int
main(void)
{
	test_parse();
	test_reject_long();
	test_tz_load();
	test_format();
	return t_done();
}
