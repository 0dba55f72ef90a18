/*
 * xmlprep.h - make fetched bytes into a clean UTF-8 XML document before
 * libxml2 sees them.  Internal to the parser module.
 */
#ifndef XMLPREP_H
#define XMLPREP_H

#include <stddef.h>

/*
 * Returns an owned, NUL-terminated UTF-8 copy of the document in *out
 * (length in *outlen), or -1 with a message in err (an encoding iconv does
 * not know is not an error: see xmlprep.c for the fallbacks).
 *
 * charset: forced by the user; beats the XML declaration (not a BOM).
 * fallback_charset: from HTTP Content-Type; used only when neither a BOM
 * nor the XML declaration names an encoding.  Either may be NULL.
 */
int	xmlprep(const char *data, size_t len, const char *charset,
	    const char *fallback_charset, char **out, size_t *outlen,
	    char *err, size_t errlen);

#endif
