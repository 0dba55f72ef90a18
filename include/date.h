/*
 * date.h - parsing the dates feeds carry, and time zones.
 *
 * date_parse() understands RFC 822/1123/2822 and their broken variants,
 * RFC 3339 / ISO 8601 / W3C-DTF, and common Chinese forms.  A date that
 * carries no zone is read in the given zone (or UTC when NULL).  Pure:
 * no globals, no TZ environment, no I/O except tz_load().
 */
#ifndef DATE_H
#define DATE_H

#include <stdint.h>
#include <stddef.h>

struct tz;

/*
 * Load an IANA zone ("Asia/Shanghai") from the system zoneinfo, or a fixed
 * offset ("UTC", "+08:00", "GMT+8").  NULL with a message in err on failure.
 */
struct tz	*tz_load(const char *name, char *err, size_t errlen);
void		 tz_free(struct tz *);
/* UTC offset in seconds of the zone for a local wall-clock time. */
long		 tz_offset_local(const struct tz *, int64_t local);

/* 0 and *out (seconds since the epoch, UTC), or -1 when not a date. */
int		 date_parse(const char *s, const struct tz *deftz, int64_t *out);
/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t		 date_days_from_civil(int64_t y, int m, int d);
/* The proleptic Gregorian date of a day number since 1970-01-01. */
void		 date_civil_from_days(int64_t z, int64_t *y, int *m, int *d);
/* "2025-02-11T07:49:32Z"; out has room for 32 bytes. */
void		 date_format_rfc3339(int64_t t, char out[32]);

#endif
