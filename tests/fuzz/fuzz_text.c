/*
 * fuzz_text.c - libFuzzer target for the small text parsers: dates, URL
 * canonicalization, the config reader (and its dump), OPML, and the
 * Markdown conversion of raw (unsanitized) HTML.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "date.h"
#include "markdown.h"
#include "opml.h"
#include "url.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config		*cf;
	struct opml_list	 ol = { NULL, 0 };
	struct buf		 b = BUF_INIT;
	char			*s, err[256];
	int64_t			 t;

	/* Strings: NUL-terminated copies. */
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)date_parse(s, NULL, &t);
	free(url_canonical(s));
	if ((cf = config_parse("fuzz.conf", (const char *)data, size,
	    NULL)) != NULL) {
		config_dump(cf, &b);
		config_free(cf);
	}
	if (opml_read((const char *)data, size, &ol, err, sizeof(err)) == 0)
		opml_list_free(&ol);
	buf_reset(&b);
	html_to_markdown(s, "http://example.com/", &b);
	buf_free(&b);
	free(s);
	return 0;
}
