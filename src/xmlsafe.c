/*
 * xmlsafe.c - one place for the libxml2 settings every parser needs:
 * the external entity loader that refuses all (libxml2's loader is
 * process-global, so installing it again is harmless) and quiet error
 * handlers.
 */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

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
