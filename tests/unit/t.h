/*
 * t.h - a tiny TAP producer for the unit tests: one "ok N - what" line per
 * check, the plan at the end, exit status 1 when any check failed.
 */
#ifndef T_H
#define T_H

#include <stdio.h>
#include <string.h>

static int	t_count, t_failed;

static void
t_ok(int cond, const char *what)
{
	t_count++;
	if (!cond)
		t_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", t_count, what);
}

/* Compare strings; NULL matches only NULL. */
static void t_streq(const char *, const char *, const char *)
    __attribute__((__unused__));

static void
t_streq(const char *got, const char *want, const char *what)
{
	int	 same;

	same = (got == NULL || want == NULL) ? got == want :
	    strcmp(got, want) == 0;
	t_ok(same, what);
	if (!same)
		printf("#   got:  %s%s%s\n#   want: %s%s%s\n",
		    got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
		    want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
}

/* A test name on one line: NULL as "NULL", control characters as \xNN. */
static const char *t_show(const char *, char *, size_t)
    __attribute__((__unused__));

static const char *
t_show(const char *s, char *out, size_t size)
{
	size_t	 n = 0;

	if (s == NULL)
		s = "NULL";
	for (; *s != '\0' && n + 5 < size; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			n += snprintf(out + n, size - n, "\\x%02x",
			    (unsigned char)*s);
		else
			out[n++] = *s;
	}
	out[n] = '\0';
	return out;
}

static int
t_done(void)
{
	printf("1..%d\n", t_count);
	return t_failed != 0;
}

#endif
