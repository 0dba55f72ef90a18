/*
 * fuzz_url.c - libFuzzer target for URL resolution and canonicalization.
 * The input is "base\nref"; the canonical form must be a fixed point
 * (dedup hashes it, so canonicalizing twice must not change the hash),
 * and where url_normal_as_is() or url_canonical's fast path skip
 * libcurl's parse libcurl must agree; url_resolve's shortcut must agree
 * with the whole resolution.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Where url_normal_as_is() skips libcurl, libcurl must agree. */
static void
check_as_is(const char *u)
{
	char	*c;

	if (!url_normal_as_is(u))
		return;
	if ((c = url_curl_normalize(u)) == NULL || strcmp(c, u) != 0) {
		fprintf(stderr, "url_normal_as_is wrong:\n  in:   %s\n"
		    "  curl: %s\n", u, c ? c : "(null)");
		abort();
	}
	free(c);
}

/* url_resolve's shortcut says what the whole resolution says. */
static void
check_resolve(const char *base, const char *ref)
{
	char	*a, *b;

	a = url_resolve(base, ref);
	b = url_resolve_parsed(base, ref);
	if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0)) {
		fprintf(stderr, "url_resolve differs from url_resolve_parsed:\n"
		    "  base: %s\n  ref:  %s\n  got:  %s\n  want: %s\n", base,
		    ref, a ? a : "(null)", b ? b : "(null)");
		abort();
	}
	free(a);
	free(b);
}

static void
check_canonical(const char *u)
{
	char	*c, *c2;

	/* The fast path (canonical_as_is) must say what libcurl says. */
	c = url_canonical(u);
	c2 = url_canonical_curl(u);
	if ((c == NULL) != (c2 == NULL) || (c != NULL && strcmp(c, c2) != 0)) {
		fprintf(stderr, "url_canonical differs from libcurl's:\n"
		    "  in:   %s\n  fast: %s\n  curl: %s\n", u,
		    c ? c : "(null)", c2 ? c2 : "(null)");
		abort();
	}
	free(c2);
	if (c == NULL)
		return;
	if ((c2 = url_canonical(c)) == NULL || strcmp(c, c2) != 0) {
		fprintf(stderr, "url_canonical not idempotent:\n  in:  %s\n"
		    "  1st: %s\n  2nd: %s\n", u, c, c2 ? c2 : "(null)");
		abort();
	}
	free(c2);
	free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, *ref, *r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if ((ref = strchr(s, '\n')) != NULL)
		*ref++ = '\0';
	check_as_is(s);
	check_canonical(s);
	if (ref != NULL) {
		check_as_is(ref);
		check_canonical(ref);
		check_resolve(s, ref);
		if ((r = url_resolve(s, ref)) != NULL) {
			check_as_is(r);
			check_canonical(r);
			free(r);
		}
		free(url_resolve(NULL, ref));
	} else
		free(url_resolve("http://example.com/a/b?c#d", s));
	free(s);
	return 0;
}
