/*
 * parse_xml.c - RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 to a feed_doc with raw
 * entries, on libxml2's SAX2 interface: one pass over the in-memory
 * document, no tree.  This is the driver: parser setup and limits, format
 * detection, namespaces, the xml:base/xml:lang stack, and the dispatch of
 * each element to its rule (xml_rules.c) or to text capture (xml_capture.c).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "feed.h"
#include "parse_int.h"
#include "url.h"
#include "xmalloc.h"
#include "xml_capture.h"
#include "xml_int.h"
#include "xmlprep.h"
#include "xml_value.h"
#include "xmlsafe.h"

/*
 * Entity expansion allowance: characters delivered beyond the document's
 * own length, and entity lookups.  libxml2 2.9 has amplification checks
 * of its own, but in SAX mode every reference re-parses the replacement
 * text, so we keep a budget and stop the parse when it is spent.
 */
#define XP_EXPAND_CHARS	(1024 * 1024)
#define XP_EXPAND_REFS	10000

static const struct {
	const char	*uri;
	enum ns		 id;
} known_ns[] = {
	{ "http://www.w3.org/2005/Atom", NS_ATOM10 },
	{ "http://purl.org/atom/ns#", NS_ATOM03 },
	{ "http://purl.org/rss/1.0/", NS_RSS10 },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_RSS09 },
	{ NS_RDF_URI, NS_RDF },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/dc/terms/", NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	/* Apple's own examples once capitalized it; feeds copied that. */
	{ "http://www.itunes.com/DTDs/Podcast-1.0.dtd", NS_ITUNES },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://rssnamespace.org/feedburner/ext/1.0", NS_FEEDBURNER },
	{ "http://purl.org/rss/1.0/modules/syndication/", NS_SY },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
};

#define OWN_BASE	0x01
#define OWN_LANG	0x02

static enum ns
ns_id(struct xstate *st, const xmlChar *uri)
{
	size_t	 i;
	enum ns	 id = NS_OTHER;

	if (uri == NULL)
		return NS_NONE;
	/* libxml2 interns namespace names: a pointer names a URI. */
	for (i = 0; i < sizeof(st->ns_cache) / sizeof(st->ns_cache[0]); i++)
		if (st->ns_cache[i].uri == uri)
			return st->ns_cache[i].id;
	for (i = 0; i < sizeof(known_ns) / sizeof(known_ns[0]); i++)
		if (strcmp((const char *)uri, known_ns[i].uri) == 0) {
			id = known_ns[i].id;
			break;
		}
	i = st->ns_next++ % (sizeof(st->ns_cache) / sizeof(st->ns_cache[0]));
	st->ns_cache[i].uri = uri;
	st->ns_cache[i].id = id;
	return id;
}

/*
 * The namespace of an element, NS_CORE when it is the feed format's own.
 * RSS is lenient: no namespace, the root's (a stray default namespace),
 * or either RSS/RDF namespace.
 */
static enum ns
elem_ns(struct xstate *st, const xmlChar *uri)
{
	enum ns	 id = ns_id(st, uri);

	if (id == st->core_id && (id != NS_OTHER ||
	    strcmp((const char *)uri, st->core_uri) == 0))
		return NS_CORE;
	if (!st->atom && (id == NS_NONE || id == NS_RSS10 || id == NS_RSS09))
		return NS_CORE;
	return id;
}

/* xml:base and xml:lang of the element at the current depth. */
static void
frame_push(struct xstate *st, xmlParserCtxtPtr ctxt, const xmlChar **attrs,
    int nattrs)
{
	int	 d = st->depth, i;
	char	*v, *r;

	st->role[d] = R_SKIP;
	st->own[d] = 0;
	st->base[d] = st->base[d - 1];
	st->lang[d] = st->lang[d - 1];
	for (i = 0; i < nattrs; i++) {
		const xmlChar	**a = attrs + 5 * i;

		if (a[2] == NULL || strcmp((const char *)a[2], NS_XML_URI) != 0)
			continue;
		if (strcmp((const char *)a[0], "base") == 0 &&
		    !(st->own[d] & OWN_BASE)) {
			v = xval_attr_value(ctxt, a);
			/* A relative base with nothing to resolve it against
			 * is no base at all. */
			if ((r = url_resolve(st->base[d - 1], v)) != NULL) {
				st->base[d] = r;
				st->own[d] |= OWN_BASE;
			}
			free(v);
		} else if (strcmp((const char *)a[0], "lang") == 0 &&
		    !(st->own[d] & OWN_LANG)) {
			v = xval_attr_value(ctxt, a);
			/* xml:lang="" says the language is unknown. */
			st->lang[d] = xval_trimmed(v, strlen(v));
			st->own[d] |= OWN_LANG;
			free(v);
		}
	}
}

static void
frame_pop(struct xstate *st, int d)
{
	if (st->own[d] & OWN_BASE)
		free(st->base[d]);
	if (st->own[d] & OWN_LANG)
		free(st->lang[d]);
	st->own[d] = 0;
	st->role[d] = R_SKIP;
}

static void
set_notfeed(struct xstate *st, const xmlChar *prefix, const xmlChar *local)
{
	size_t	 n;

	if (prefix != NULL)
		snprintf(st->notfeed, sizeof(st->notfeed), "%s:%s", prefix,
		    local);
	else
		snprintf(st->notfeed, sizeof(st->notfeed), "%s", local);
	/* Do not end the message in the middle of a character. */
	n = strlen(st->notfeed);
	if (n == sizeof(st->notfeed) - 1) {
		while (n > 0 && ((unsigned char)st->notfeed[n - 1] & 0xc0) ==
		    0x80)
			n--;
		if (n > 0 && ((unsigned char)st->notfeed[n - 1] & 0x80))
			n--;
		st->notfeed[n] = '\0';
	}
	if (st->notfeed[0] == '\0')
		snprintf(st->notfeed, sizeof(st->notfeed), "?");
}

static void
root_start(struct xstate *st, xmlParserCtxtPtr ctxt, const xmlChar *local,
    const xmlChar *prefix, const xmlChar *uri, int nns, const xmlChar **ns,
    const xmlChar **attrs, int nattrs)
{
	struct feed_doc	*doc = st->doc;
	enum ns		 id = ns_id(st, uri);
	char		*v;
	int		 i, r10 = 0, r09 = 0;

	st->core_id = id;
	st->core_uri = (const char *)uri;
	if (strcmp((const char *)local, "rss") == 0) {
		doc->format = FMT_RSS2;
		st->role[1] = R_RSSROOT;
	} else if (strcmp((const char *)local, "channel") == 0) {
		doc->format = FMT_RSS2;
		st->role[1] = R_CHAN;
	} else if (strcmp((const char *)local, "RDF") == 0) {
		for (i = 0; i < nns; i++) {
			enum ns	 k = ns_id(st, ns[2 * i + 1]);

			r10 |= k == NS_RSS10;
			r09 |= k == NS_RSS09;
		}
		doc->format = r09 && !r10 ? FMT_RSS09 : FMT_RSS1;
		st->rdf_undecided = !r09 && !r10;
		st->core_id = NS_RSS10;
		st->core_uri = NULL;
		st->role[1] = R_RSSROOT;
	} else if (strcmp((const char *)local, "feed") == 0) {
		v = xval_attr_get(ctxt, attrs, nattrs, "version");
		st->atom = 1;
		if (id == NS_ATOM03 || (id != NS_ATOM10 && v != NULL &&
		    strcmp(v, "0.3") == 0))
			doc->format = FMT_ATOM03;
		else
			doc->format = FMT_ATOM10;
		free(v);
		st->role[1] = R_AFEED;
	} else {
		set_notfeed(st, prefix, local);
		st->stopped = 1;
		xmlStopParser(ctxt);
		return;
	}
	if (st->lang[1] != NULL)
		xr_sink_str(&st->fsink, S_LANG, 20, xstrdup(st->lang[1]));
}

static void
budget_stop(struct xstate *st, xmlParserCtxtPtr ctxt)
{
	/*
	 * Halt the context at hand (possibly one libxml2 made for an
	 * entity's text) and the document's own: otherwise every later
	 * reference still costs libxml2 a failed lookup and an error.
	 * Halting only marks a context finished and empties its input; the
	 * outer one notices when the entity parse returns to it.
	 */
	st->stopped = 1;
	xmlStopParser(ctxt);
	if (ctxt != st->ctxt)
		xmlStopParser(st->ctxt);
}

static void
sax_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct xstate		*st = ctxt->_private;
	const struct rule	*r;
	struct sink		*sk;
	unsigned		 parent;
	enum ns			 id;
	int			 d;

	(void)ndefaulted;
	if (st->stopped)
		return;
	d = ++st->depth;
	if (d > XP_MAXDEPTH)
		return;
	if (st->cap.depth != 0) {
		xcap_start_elem(&st->cap, d, ctxt, local, attrs, nattrs);
		return;
	}
	frame_push(st, ctxt, attrs, nattrs);
	if (d == 1) {
		root_start(st, ctxt, local, prefix, uri, nns, ns, attrs,
		    nattrs);
		return;
	}
	id = elem_ns(st, uri);
	if (id == NS_CORE && strcmp((const char *)local,
	    st->atom ? "entry" : "item") == 0) {
		if (st->rdf_undecided && ns_id(st, uri) == NS_RSS09)
			st->doc->format = FMT_RSS09;
		st->rdf_undecided = 0;
		xr_entry_start(st, ctxt, attrs, nattrs);
		return;
	}
	parent = st->role[d - 1];
	if (parent & (R_ENTRY | R_MGROUP)) {
		/* Children of an entry that recovery already closed. */
		if (st->entry == NULL)
			return;
		sk = &st->esink;
	} else if (parent & R_PERSON) {
		if (st->person_depth != d - 1 || st->person_sink == NULL)
			return;
		sk = st->person_sink;
	} else if (parent != R_SKIP)
		sk = &st->fsink;
	else
		return;
	if ((r = xr_rule_find(st, parent, id, (const char *)local)) == NULL)
		return;
	if (r->act == A_CHANNEL) {
		if (st->rdf_undecided && ns_id(st, uri) == NS_RSS09)
			st->doc->format = FMT_RSS09;
		st->rdf_undecided = 0;
	}
	xr_rule_apply(st, ctxt, r, sk, attrs, nattrs);
}

/* The end of the element at the current depth. */
static void
elem_end(struct xstate *st)
{
	int	 d = st->depth;

	if (d == 0)
		return;
	st->depth--;
	if (d > XP_MAXDEPTH)
		return;
	if (st->cap.depth != 0) {
		if (d > st->cap.depth) {
			xcap_end_elem(&st->cap, d);
			return;
		}
		xr_cap_end(st);
	}
	if ((st->role[d] & R_ENTRY) && st->entry != NULL &&
	    st->entry_depth == d)
		xr_entry_end(st);
	else if ((st->role[d] & R_PERSON) && st->person_depth == d)
		xr_person_end(st);
	frame_pop(st, d);
}

static void
sax_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct xstate		*st = ctxt->_private;

	(void)local;
	(void)prefix;
	(void)uri;
	if (!st->stopped)
		elem_end(st);
}

static void
sax_chars(void *ctx, const xmlChar *s, int len)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct xstate		*st = ctxt->_private;
	size_t			 n = len > 0 ? (size_t)len : 0;

	if (st->stopped)
		return;
	st->nchars += n;
	if (st->nchars > st->maxchars) {
		budget_stop(st, ctxt);
		return;
	}
	if (st->cap.depth == 0 || st->depth > XP_MAXDEPTH)
		return;
	xcap_chars(&st->cap, st->depth, (const char *)s, n);
}

/* A CDATA section: its placeholder stands for text xmlprep kept. */
static void
sax_cdata(void *ctx, const xmlChar *s, int len)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct xstate		*st = ctxt->_private;
	const char		*t;
	size_t			 n;

	if (len > 0 && xmlprep_cdata_lookup(st->cdata, (const char *)s,
	    (size_t)len, &t, &n) == 0 && n <= INT_MAX) {
		sax_chars(ctx, (const xmlChar *)t, (int)n);
		return;
	}
	sax_chars(ctx, s, len);
}

static xmlEntityPtr
sax_get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct xstate		*st = ctxt->_private;

	if (st->stopped)
		return NULL;
	if (++st->nrefs > st->maxrefs) {
		budget_stop(st, ctxt);
		return NULL;
	}
	return xmlSAX2GetEntity(ctx, name);
}

static void
sax_serror(void *ctx, xmlErrorPtr e)
{
	/* Recovered or not, a feed's XML errors are not ours to print. */
	(void)ctx;
	(void)e;
}

static void
sax_setup(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	xmlSAXVersion(sax, 2);
	/*
	 * The default SAX2 callbacks kept: startDocument makes the empty
	 * xmlDoc that internalSubset/entityDecl/getEntity keep the DTD's
	 * internal entities in; no element ever becomes a node.
	 */
	sax->startElement = NULL;
	sax->endElement = NULL;
	sax->endDocument = NULL;
	sax->externalSubset = NULL;
	sax->resolveEntity = NULL;
	sax->reference = NULL;
	sax->processingInstruction = NULL;
	sax->comment = NULL;
	sax->elementDecl = NULL;
	sax->attributeDecl = NULL;
	sax->notationDecl = NULL;
	sax->unparsedEntityDecl = NULL;
	sax->warning = NULL;
	sax->error = NULL;
	sax->fatalError = NULL;
	sax->getEntity = sax_get_entity;
	sax->startElementNs = sax_start;
	sax->endElementNs = sax_end;
	sax->characters = sax_chars;
	sax->ignorableWhitespace = sax_chars;
	sax->cdataBlock = sax_cdata;
	sax->serror = sax_serror;
}

static void
state_free(struct xstate *st)
{
	/* After an error, frames may still own their base and lang. */
	for (; st->depth > 0; st->depth--)
		if (st->depth <= XP_MAXDEPTH)
			frame_pop(st, st->depth);
	if (st->entry != NULL)
		entry_free(st->entry);
	free(st->person.name);
	free(st->person.email);
	free(st->person.uri);
	xr_sink_clear(&st->esink);
	xr_sink_clear(&st->fsink);
	xcap_free(&st->cap);
}

/*
 * A parser context on data with our SAX handler and options.  libxml2
 * copies the document; a static input buffer would not, but it is the
 * less travelled path and mis-parsed in a trial on 2.9.14.
 */
static xmlParserCtxtPtr
parser_new(const char *data, size_t len, struct xstate *st)
{
	xmlParserCtxtPtr	 ctxt;
	xmlSAXHandler		*h;

	if ((ctxt = xmlCreateMemoryParserCtxt(data, (int)len)) == NULL)
		return NULL;
	if ((h = xmlMalloc(sizeof(*h))) == NULL) {
		xmlFreeParserCtxt(ctxt);
		return NULL;
	}
	sax_setup(h);
	xmlFree(ctxt->sax);
	ctxt->sax = h;
	ctxt->userData = ctxt;
	ctxt->_private = st;
	st->ctxt = ctxt;
	xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET |
	    XML_PARSE_IGNORE_ENC | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	return ctxt;
}

int
parse_xml(const char *data, size_t len, const char *base_url,
    struct feed_doc **out, char *err, size_t errlen)
{
	return parse_xml_cdata(data, len, NULL, base_url, out, err, errlen);
}

int
parse_xml_cdata(const char *data, size_t len,
    const struct xmlprep_cdata *cd, const char *base_url,
    struct feed_doc **out, char *err, size_t errlen)
{
	size_t			 textlen;
	struct xstate		*st;
	xmlParserCtxtPtr	 ctxt = NULL;
	struct xmlsafe_handlers	 saved;
	struct person		*p;
	int			 rv = -1;

	*out = NULL;
	if (len > INT_MAX) {
		snprintf(err, errlen, "document too large (%zu bytes)", len);
		return -1;
	}
	xmlsafe_setup();
	st = xcalloc(1, sizeof(*st));
	st->doc = feed_doc_new();
	xr_sink_for_doc(&st->fsink, st->doc);
	st->base[0] = (char *)base_url;
	st->cdata = cd;
	/* The budget counts the text taken out as if it were still in. */
	textlen = len + (cd != NULL ? cd->text.len : 0);
	st->maxchars = textlen + textlen + XP_EXPAND_CHARS;
	st->maxrefs = len / 2 + XP_EXPAND_REFS;
	xr_rules_index(st);

	/* Anything libxml2 reports outside the context stays quiet too. */
	xmlsafe_quiet_begin(&saved, sax_serror);

	if (len > 0 && (ctxt = parser_new(data, len, st)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	if (ctxt != NULL) {
		xmlParseDocument(ctxt);
		st->doc->malformed = !ctxt->wellFormed;
	}
	if (st->notfeed[0] != '\0') {
		snprintf(err, errlen, "not a feed: root element <%s>",
		    st->notfeed);
		goto done;
	}
	if (st->doc->format == FMT_UNKNOWN) {
		snprintf(err, errlen, "not a feed: no XML root element");
		goto done;
	}
	/* Whatever is still open (a truncated feed) ends here. */
	while (st->depth > 0)
		elem_end(st);
	st->doc->ttl = xr_feed_ttl(st);
	if (st->doc->nauthors == 0 && st->fsink.itauthor != NULL &&
	    (p = xr_sink_person(&st->fsink)) != NULL) {
		p->name = st->fsink.itauthor;
		st->fsink.itauthor = NULL;
	}
	*out = st->doc;
	st->doc = NULL;
	rv = 0;
done:
	if (ctxt != NULL) {
		if (ctxt->myDoc != NULL)
			xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	xmlsafe_quiet_end(&saved);
	state_free(st);
	feed_doc_free(st->doc);
	free(st);
	return rv;
}
