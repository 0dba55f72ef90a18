/*
 * jsonesc.h - a UTF-8 string as a JSON string literal, written into a
 * buffer: the one escaper of the `feedctl parse` output and the authors
 * column the store keeps.
 */
#ifndef JSONESC_H
#define JSONESC_H

#include "buf.h"

/*
 * "s" with '"', '\\' and control characters escaped, or null for NULL.
 * s must be valid UTF-8: it is copied as it is.  The bytes are those of
 * jansson's JSON_COMPACT.
 */
void	json_escape_add(struct buf *, const char *s);

#endif
