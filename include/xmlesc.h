/*
 * xmlesc.h - escaping text for XML and HTML output: the one place that
 * knows which characters become which references.
 */
#ifndef XMLESC_H
#define XMLESC_H

#include <stddef.h>

struct buf;

/* What to do besides escaping '<', '>' and '&'. */
#define XE_QUOT		0x01	/* '"' as &quot; */
#define XE_CR		0x02	/* CR as &#13; */
#define XE_TABLF	0x04	/* TAB and LF as &#9; and &#10; (attributes) */
#define XE_DROP_CTRL	0x08	/* drop C0 controls other than TAB, LF, CR */

/* Append s (n bytes) to b, escaped as flags say. */
void	xml_escape_add(struct buf *b, const char *s, size_t n, int flags);

#endif
