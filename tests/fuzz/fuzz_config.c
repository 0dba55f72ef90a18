/*
 * fuzz_config.c - libFuzzer target for the config reader and its dump.
 * feedctl config prints the dump as a config file, so the dump of
 * anything accepted must itself parse, and dump to the same text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "feed.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
report(const char *what, const uint8_t *data, size_t size,
    const struct buf *d1, const struct buf *d2, const struct strvec *errs)
{
	size_t	 i;

	fprintf(stderr, "config: %s\n--- input\n%.*s\n--- dump\n%s\n", what,
	    (int)size, (const char *)data, buf_cstr(d1));
	if (d2 != NULL)
		fprintf(stderr, "--- dump of the dump\n%s\n", buf_cstr(d2));
	for (i = 0; errs != NULL && i < errs->n; i++)
		fprintf(stderr, "error: %s\n", errs->v[i]);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*cf, *cf2;
	struct strvec	 errs = { NULL, 0, 0 };
	struct buf	 d1 = BUF_INIT, d2 = BUF_INIT;

	if ((cf = config_parse("fuzz.conf", (const char *)data, size,
	    NULL)) == NULL)
		return 0;
	config_dump(cf, &d1);
	config_free(cf);
	if ((cf2 = config_parse("fuzz.conf", d1.data, d1.len,
	    &errs)) == NULL)
		report("the dump does not parse", data, size, &d1, NULL,
		    &errs);
	config_dump(cf2, &d2);
	config_free(cf2);
	if (d1.len != d2.len || memcmp(d1.data, d2.data, d1.len) != 0)
		report("the dump dumps differently", data, size, &d1, &d2,
		    NULL);
	buf_free(&d1);
	buf_free(&d2);
	strvec_clear(&errs);
	return 0;
}
