/*
 * xmlprep.h - make fetched bytes into a clean UTF-8 XML document before
 * libxml2 sees them.  Internal to the parser module.
 */
#ifndef XMLPREP_H
#define XMLPREP_H

#include <stddef.h>

#include "buf.h"

/*
 * CDATA sections taken out of a document, in document order.  libxml2
 * reads a CDATA section a character at a time (a function call, a copy
 * and a line count per byte: the largest single cost of parsing feeds,
 * whose bodies are mostly CDATA); xmlprep leaves a short placeholder
 * section in their place and the SAX handler puts the text back
 * (xmlprep_cdata_lookup).  The text is what libxml2 would have passed:
 * line ends normalized to LF.
 */
#define XMLPREP_MARK_LEN	(3 + 16 + 1)	/* U+E000, nonce, ':' */

struct xmlprep_cdata {
	struct buf	 text;	/* the sections' text, one after another */
	size_t		*off;	/* section i: text.data + off[i], len[i] */
	size_t		*len;
	size_t		 n, cap;
	char		 mark[XMLPREP_MARK_LEN + 1];
};

void	xmlprep_cdata_free(struct xmlprep_cdata *);
/*
 * The text of the section whose placeholder is s (n bytes): 0 with *text
 * and *len set, or -1 when s is not one of this document's placeholders
 * (CDATA that came from an entity, say): then s is the text itself.
 */
int	xmlprep_cdata_lookup(const struct xmlprep_cdata *, const char *s,
	    size_t n, const char **text, size_t *len);

/*
 * Returns an owned, NUL-terminated UTF-8 copy of the document in *out
 * (length in *outlen), or -1 with a message in err (an encoding iconv does
 * not know is not an error: see xmlprep.c for the fallbacks).
 *
 * charset: forced by the user; beats the XML declaration (not a BOM).
 * fallback_charset: from HTTP Content-Type; used only when neither a BOM
 * nor the XML declaration names an encoding.  Either may be NULL.
 * cdata: when not NULL, CDATA sections outside the DOCTYPE are moved into
 * it (zeroed by the caller, freed with xmlprep_cdata_free even on error).
 */
int	xmlprep(const char *data, size_t len, const char *charset,
	    const char *fallback_charset, struct xmlprep_cdata *cdata,
	    char **out, size_t *outlen, char *err, size_t errlen);

#endif
