/*
 * fuzz_date.c - libFuzzer target for date parsing, in UTC and in a zone
 * with daylight saving time.  What parses must survive a round trip
 * through its RFC 3339 form: the output writer and the parser agree.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct tz	*berlin;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	 err[256];

	(void)argc;
	(void)argv;
	/* Without zoneinfo a fixed offset still exercises the zone path. */
	if ((berlin = tz_load("Europe/Berlin", err, sizeof(err))) == NULL)
		berlin = tz_load("+01:00", err, sizeof(err));
	return 0;
}

static void
round_trip(const char *in, int64_t t)
{
	char	 s[32];
	int64_t	 back;

	date_format_rfc3339(t, s);
	/* RFC 3339 has four-digit years only; outside them, no promise. */
	if (strlen(s) != 20)
		return;
	if (date_parse(s, NULL, &back) == -1 || back != t) {
		fprintf(stderr, "date round trip: \"%s\" -> %lld -> %s -> %lld\n",
		    in, (long long)t, s, (long long)back);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	int64_t	 t;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (date_parse(s, NULL, &t) == 0)
		round_trip(s, t);
	if (date_parse(s, berlin, &t) == 0)
		round_trip(s, t);
	free(s);
	return 0;
}
