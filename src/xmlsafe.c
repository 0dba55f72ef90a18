/*
 * xmlsafe.c - one place for the libxml2 settings every parser needs:
 * the external entity loader that refuses all (libxml2's loader is
 * process-global, so installing it again is harmless) and quiet error
 * handlers.
 */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/globals.h>

#include "xmlsafe.h"

static xmlParserInputPtr
refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void
xmlsafe_setup(void)
{
	xmlInitParser();
	if (xmlGetExternalEntityLoader() != refuse_loader)
		xmlSetExternalEntityLoader(refuse_loader);
}

void
xmlsafe_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void
xmlsafe_quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

void
xmlsafe_quiet_ctxt(xmlParserCtxtPtr ctxt)
{
	ctxt->sax->error = xmlsafe_quiet;
	ctxt->sax->warning = xmlsafe_quiet;
	ctxt->sax->serror = xmlsafe_quiet_structured;
	ctxt->vctxt.error = xmlsafe_quiet;
	ctxt->vctxt.warning = xmlsafe_quiet;
}

void
xmlsafe_quiet_begin(struct xmlsafe_handlers *saved,
    xmlStructuredErrorFunc str)
{
	saved->gen = xmlGenericError;
	saved->genctx = xmlGenericErrorContext;
	saved->str = xmlStructuredError;
	saved->strctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, xmlsafe_quiet);
	xmlSetStructuredErrorFunc(NULL, str != NULL ? str :
	    xmlsafe_quiet_structured);
}

void
xmlsafe_quiet_end(const struct xmlsafe_handlers *saved)
{
	xmlSetGenericErrorFunc(saved->genctx, saved->gen);
	xmlSetStructuredErrorFunc(saved->strctx, saved->str);
}
