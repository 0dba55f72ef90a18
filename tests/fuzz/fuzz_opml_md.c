/*
 * fuzz_opml_md.c - libFuzzer target for the OPML reader (feedctl import)
 * and the Markdown conversion of raw, unsanitized HTML.  Dates, URLs and
 * the config reader, once here too, have targets of their own.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "markdown.h"
#include "opml.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opml_list	 ol = { NULL, 0 };
	struct buf		 b = BUF_INIT;
	char			*s, err[256];

	if (opml_read((const char *)data, size, &ol, err, sizeof(err)) == 0)
		opml_list_free(&ol);
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	html_to_markdown(s, "http://example.com/", &b);
	buf_free(&b);
	free(s);
	return 0;
}
