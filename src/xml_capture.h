/*
 * xml_capture.h - collecting the text of one element during the SAX
 * parse, with its child elements kept as HTML when the text is markup.
 * Internal to the XML parser (parse_xml.c, xml_rules.c).
 */
#ifndef XML_CAPTURE_H
#define XML_CAPTURE_H

#include <stddef.h>

#include <libxml/parser.h>

#include "buf.h"

/*
 * libxml2 itself stops at depth 256 without XML_PARSE_HUGE; the parser's
 * stacks have room for exactly that and ignore anything deeper regardless.
 */
#define XP_MAXDEPTH	256

/* xcap_begin() flags */
#define XCAP_MARKUP	0x01	/* serialize child elements */
#define XCAP_ESCTOP	0x02	/* escape the element's own text */
#define XCAP_STRIP	0x04	/* drop a wrapping xhtml div */
#define XCAP_B64	0x08	/* Atom 0.3 mode="base64" */

struct xcap {
	int		 depth;		/* of the element; 0: not collecting */
	int		 markup;
	int		 esc_top;
	int		 strip;
	int		 b64;
	int		 wrap_depth;	/* depth of the wrapping div */
	int		 wrap_seen;	/* top-level element seen */
	size_t		 wrap_end;	/* text length when it closed */
	struct buf	 wrap_tag;	/* its start tag, in case it was not */
	struct buf	 text;
	const char	*name[XP_MAXDEPTH + 1];	/* of the open children */
	unsigned char	 isvoid[XP_MAXDEPTH + 1];
};

/* Start collecting the text of the element at depth (>= 1). */
void	 xcap_begin(struct xcap *c, int depth, int flags);
/* A child element at depth (at most XP_MAXDEPTH) starts or ends. */
void	 xcap_start_elem(struct xcap *c, int depth, xmlParserCtxtPtr ctxt,
	    const xmlChar *local, const xmlChar **attrs, int nattrs);
void	 xcap_end_elem(struct xcap *c, int depth);
/* Characters at depth, inside the element or one of its children. */
void	 xcap_chars(struct xcap *c, int depth, const char *s, size_t n);
/* The collected text as is, owned. */
char	*xcap_take(struct xcap *c);
/*
 * The collected text of a text construct, owned, or NULL when blank:
 * base64 decoded, or the xhtml wrapper div dropped, as the flags said.
 */
char	*xcap_text(struct xcap *c);
void	 xcap_free(struct xcap *c);

#endif
