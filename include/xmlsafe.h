/*
 * xmlsafe.h - libxml2 as every parser of ours must set it up: an external
 * entity loader that refuses everything (no XXE, no network), and error
 * handlers that keep libxml2 quiet (a broken document is our error to
 * report, never text on stderr).
 */
#ifndef XMLSAFE_H
#define XMLSAFE_H

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/* xmlInitParser() and the refusing loader; idempotent, lock-free. */
void	xmlsafe_setup(void);
/* Handlers that drop what they are given. */
void	xmlsafe_quiet(void *ctx, const char *msg, ...);
void	xmlsafe_quiet_structured(void *ctx, xmlErrorPtr);
/* The parser context's own error and warning handlers, quiet. */
void	xmlsafe_quiet_ctxt(xmlParserCtxtPtr);

/* libxml2's process-wide error handlers, saved to be put back. */
struct xmlsafe_handlers {
	xmlGenericErrorFunc	 gen;
	void			*genctx;
	xmlStructuredErrorFunc	 str;
	void			*strctx;
};

/* Save the handlers in *saved and install quiet ones (str: NULL = quiet). */
void	xmlsafe_quiet_begin(struct xmlsafe_handlers *saved,
	    xmlStructuredErrorFunc str);
/* Put the saved handlers back. */
void	xmlsafe_quiet_end(const struct xmlsafe_handlers *saved);

#endif
