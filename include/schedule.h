/*
 * schedule.h - when to poll a feed next: pure functions of the feed's
 * policy and of what its last poll said (status, Retry-After,
 * Cache-Control, the feed's own TTL hints, its entry rate).  No I/O, no
 * clock, no globals: the caller adds the result to its own "now".
 */
#ifndef SCHEDULE_H
#define SCHEDULE_H

#include <stdint.h>

#define SCHED_AUTO		(-1)	/* interval: adaptive */
#define SCHED_FIRST_SPREAD	300	/* first polls spread over 5 min */

struct sched_policy {
	int	 interval;	/* seconds; SCHED_AUTO (-1): adaptive;
				 * 0 (or any other value < 1): the default */
	int	 default_interval;	/* seconds (30m by default) */
	int	 min_interval;	/* seconds; bounds every delay (5m) */
	int	 max_interval;	/* seconds (24h); also caps the backoff */
};

struct sched_outcome {
	int	 ok;		/* the poll succeeded (2xx or 304) */
	int	 error_count;	/* consecutive failures with this one */
	long	 status;	/* HTTP status or 0 */
	long	 retry_after;	/* seconds from Retry-After, -1 absent */
	long	 max_age;	/* seconds from Cache-Control, -1 absent */
	int	 ttl;		/* seconds the feed asks for, 0 none */
	double	 entries_per_day; /* over the last week; < 0 unknown */
};

/*
 * The rules, in order:
 *
 * Bounds.  min_interval below 1 counts as 1 (a feed is never re-polled
 * in a tight loop); max_interval below min_interval is a caller bug and
 * counts as min_interval.
 *
 * Base.  interval when it is > 0; SCHED_AUTO aims at about one new entry
 * per poll, 86400 / entries_per_day seconds (a rate of 0 gives
 * max_interval), and falls back to default_interval when the rate is
 * unknown (< 0 or NaN); anything else means default_interval.  The base
 * is clamped to [min, max] before it is used.
 *
 * Success.  max(base, ttl, max_age): a publisher's hint can lengthen the
 * delay, never shorten it below the base, and a hint above max_interval
 * counts as max_interval.  max_age 0 (or no-cache) is no reason to poll
 * sooner than the base.
 *
 * Failure.  base * 2^(error_count - 1) (error_count < 1 counts as 1),
 * capped at max_interval; the feed's old hints do not apply.
 *
 * Retry-After.  With any status, ok or not, a retry_after >= 0 makes the
 * delay at least retry_after, capped at max_interval.
 *
 * Then the delay is clamped to [min, max] (sched_target() stops here) and
 * sched_delay() adds jitter: 0 to 10% of the delay inclusive, from
 * splitmix64(seed), so the result lies in [min, max + max / 10].
 */
long	 sched_delay(const struct sched_policy *, const struct sched_outcome *,
	    uint64_t seed);
/* The delay before jitter: sched_delay() is this + sched_jitter(). */
long	 sched_target(const struct sched_policy *,
	    const struct sched_outcome *);
/* The jitter added to a delay: in [0, delay / 10], by seed. */
long	 sched_jitter(long delay, uint64_t seed);

/*
 * The first poll of a feed never polled (or whose stored next poll is
 * lost): in [0, min(base, SCHED_FIRST_SPREAD)) by seed, so that 10,000
 * new feeds do not all fire at once.  The base is the one of the rules
 * above with an unknown entry rate.
 */
long	 sched_first_delay(const struct sched_policy *, uint64_t seed);

/*
 * max-age of a Cache-Control header value, in seconds, or -1 when there
 * is none.  Directive names are case-insensitive, with optional white
 * space around them and around "="; a quoted value is accepted; commas
 * inside quoted values do not split directives.  s-maxage is a shared
 * caches' directive and ignored.  An unqualified no-cache or no-store
 * anywhere means "no hint" (-1): the publisher asked us not to reuse the
 * response, which says nothing about how often it changes.  When max-age
 * appears more than once the first counts (RFC 9111, 4.2.1).  A malformed
 * value (empty, signed, not digits) gives -1; one too large for 31 bits
 * is 2147483647.
 */
long	 sched_parse_max_age(const char *cache_control);

#endif /* SCHEDULE_H */
