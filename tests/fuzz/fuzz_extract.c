/*
 * fuzz_extract.c - libFuzzer target for HTML pages: the charset sniffing
 * and decoding, the article extractor (DOM scorer, metadata, JSON-LD),
 * and the Markdown conversion of what it keeps.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "extract.h"
#include "markdown.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article	 a;
	struct buf	 md = BUF_INIT;
	char		 err[256];

	memset(&a, 0, sizeof(a));
	if (extract_article((const char *)data, size,
	    "http://example.com/a/b.html", NULL, NULL, &a, err,
	    sizeof(err)) == 0 && a.content_html != NULL)
		html_to_markdown(a.content_html, "http://example.com/", &md);
	buf_free(&md);
	article_clear(&a);
	return 0;
}
