/*
 * opml.c - read an OPML subscription list (feedctl import) into feeds
 * with tags.  The folders a feed sits in and its category attribute
 * become its tags, so a list exported by Miniflux, Feedly, newsboat or
 * feedd itself (atom.c's opml_write) comes back with the same grouping.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ascii.h"
#include "feed.h"
#include "opml.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlsafe.h"

#define OPML_ERRMAX	200	/* bytes of a libxml2 message we repeat */

/* Where each URL sits in the list, so a 100,000-feed import stays linear. */
struct urlmap {
	size_t	*slot;		/* index + 1 into the list; 0 is empty */
	size_t	 cap;		/* a power of two */
};

struct opml_state {
	struct opml_list *out;
	size_t		  cap;
	struct urlmap	  map;
	char		 *folders[OPML_MAX_TAG_DEPTH];
	size_t		  nfolders;
};

/*
 * Keep the first error: what follows it (a "premature end of data" for
 * an unclosed tag on line 3) is an echo that points at the wrong line.
 */
static void
first_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	xmlErrorPtr		 first = ctxt->_private;

	if (first->code == XML_ERR_OK && e->level >= XML_ERR_ERROR)
		xmlCopyError(e, first);
}

/* FNV-1a: the keys are URLs from a file the operator chose. */
static size_t
url_hashval(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The slot for url: holding it, or the empty one where it would go. */
static size_t *
urlmap_find(const struct urlmap *m, const struct opml_list *l,
    const char *url)
{
	size_t	 i;

	i = url_hashval(url) & (m->cap - 1);
	while (m->slot[i] != 0 && strcmp(l->v[m->slot[i] - 1].url, url) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slot[i];
}

static void
urlmap_grow(struct urlmap *m, const struct opml_list *l)
{
	size_t	 i;

	free(m->slot);
	m->cap = m->cap ? m->cap * 2 : 64;
	m->slot = xcalloc(m->cap, sizeof(*m->slot));
	for (i = 0; i < l->n; i++)
		*urlmap_find(m, l, l->v[i].url) = i + 1;
}

/*
 * A tag as we keep it: white space collapsed, ASCII letters lowercased
 * (other scripts are left alone: "科技" stays "科技").  NULL when empty.
 */
static char *
tag_norm(const char *s, size_t n)
{
	char	*raw, *t, *p;

	raw = xstrndup(s, n);
	t = utf8_collapse_space(raw);
	free(raw);
	if (*t == '\0') {
		free(t);
		return NULL;
	}
	for (p = t; *p != '\0'; p++)
		*p = (char)a_lower((unsigned char)*p);
	return t;
}

static void
tag_add(struct strvec *tags, char *t)
{
	if (t == NULL)
		return;
	if (strvec_contains(tags, t))
		free(t);
	else
		strvec_push_owned(tags, t);
}

/*
 * OPML 2.0 category: comma-separated, each a slash-delimited path
 * ("/Tech/Linux"); every component is a tag.
 */
static void
tags_from_category(struct strvec *tags, const char *cat)
{
	const char	*p, *end, *q;

	for (p = cat; *p != '\0'; p = *end ? end + 1 : end) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		while (p < end) {
			for (q = p; q < end && *q != '/'; q++)
				;
			tag_add(tags, tag_norm(p, q - p));
			p = q < end ? q + 1 : q;
		}
	}
}

/* An attribute by name in any case (xmlUrl, xmlurl, XMLURL); owned. */
static char *
attr_get(xmlNode *n, const char *name)
{
	xmlAttr	*a;
	xmlChar	*v;
	char	*s;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL ||
		    strcasecmp((const char *)a->name, name) != 0)
			continue;
		/* No entity is ever declared (see opml_read): plain text. */
		v = xmlNodeListGetString(n->doc, a->children, 1);
		s = xstrdup(v != NULL ? (const char *)v : "");
		xmlFree(v);
		return s;
	}
	return NULL;
}

/* A trimmed attribute, NULL when absent or blank. */
static char *
attr_text(xmlNode *n, const char *name)
{
	char	*v, *t;

	if ((v = attr_get(n, name)) == NULL)
		return NULL;
	t = utf8_collapse_space(v);
	free(v);
	if (*t == '\0') {
		free(t);
		return NULL;
	}
	return t;
}

static int
is_elem(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, name) == 0;
}

static void
feed_add(struct opml_state *st, xmlNode *n, char *url)
{
	struct opml_list	*l = st->out;
	struct opml_feed	*f;
	size_t			*slot, i;
	char			*cat;

	if ((l->n + 1) * 2 > st->map.cap)
		urlmap_grow(&st->map, l);
	slot = urlmap_find(&st->map, l, url);
	if (*slot != 0) {
		f = &l->v[*slot - 1];
		free(url);
	} else {
		if (l->n == st->cap) {
			st->cap = st->cap ? st->cap * 2 : 16;
			l->v = xreallocarray(l->v, st->cap, sizeof(*l->v));
		}
		f = &l->v[l->n];
		memset(f, 0, sizeof(*f));
		f->url = url;
		*slot = ++l->n;
	}
	if (f->title == NULL && (f->title = attr_text(n, "title")) == NULL)
		f->title = attr_text(n, "text");
	for (i = 0; i < st->nfolders; i++)
		if (!strvec_contains(&f->tags, st->folders[i]))
			strvec_push(&f->tags, st->folders[i]);
	if ((cat = attr_get(n, "category")) != NULL) {
		tags_from_category(&f->tags, cat);
		free(cat);
	}
}

/*
 * The outlines under parent.  libxml2 refuses documents nested deeper
 * than 256 elements (we never pass XML_PARSE_HUGE), which bounds this
 * recursion.
 */
static void
walk(struct opml_state *st, xmlNode *parent, int depth)
{
	xmlNode	*n;
	char	*url, *name;
	int	 pushed;

	for (n = parent->children; n != NULL; n = n->next) {
		if (!is_elem(n, "outline"))
			continue;
		pushed = 0;
		if ((url = attr_text(n, "xmlUrl")) != NULL)
			feed_add(st, n, url);
		else if (depth < OPML_MAX_TAG_DEPTH) {
			/* A folder: its name is a tag of everything inside. */
			if ((name = attr_text(n, "text")) == NULL)
				name = attr_text(n, "title");
			if (name != NULL) {
				st->folders[st->nfolders] =
				    tag_norm(name, strlen(name));
				free(name);
				if (st->folders[st->nfolders] != NULL)
					pushed = 1;
			}
		}
		if (pushed)
			st->nfolders++;
		walk(st, n, depth + 1);
		if (pushed)
			free(st->folders[--st->nfolders]);
	}
}

/* libxml2's first message on one line: "XML error at line N: ...". */
static void
xml_error(xmlErrorPtr e, char *err, size_t errlen)
{
	char		 msg[OPML_ERRMAX + 1];
	size_t		 i, n;

	if (e->code == XML_ERR_OK || e->message == NULL) {
		snprintf(err, errlen, "XML error: cannot parse the document");
		return;
	}
	n = strlen(e->message);
	if (n > OPML_ERRMAX)
		n = OPML_ERRMAX;
	for (i = 0; i < n; i++)
		msg[i] = (unsigned char)e->message[i] < 0x20 ? ' ' :
		    e->message[i];
	while (i > 0 && msg[i - 1] == ' ')
		i--;
	msg[i] = '\0';
	snprintf(err, errlen, "XML error at line %d: %s", e->line, msg);
}

static xmlDocPtr
read_doc(const char *buf, size_t len, char *err, size_t errlen)
{
	xmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc;
	xmlError		 first;

	memset(&first, 0, sizeof(first));
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/*
	 * No entity is ever declared, so none can expand (no billion
	 * laughs through xmlNodeListGetString) and a reference to one is
	 * an error; no external subset or entity is ever fetched.
	 */
	ctxt->sax->entityDecl = NULL;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->resolveEntity = NULL;
	ctxt->sax->serror = first_error;
	ctxt->_private = &first;
	ctxt->sax->error = xmlsafe_quiet;
	ctxt->sax->warning = xmlsafe_quiet;
	ctxt->vctxt.error = xmlsafe_quiet;
	ctxt->vctxt.warning = xmlsafe_quiet;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (doc == NULL)
		xml_error(&first, err, errlen);
	xmlResetError(&first);
	xmlFreeParserCtxt(ctxt);
	return doc;
}

int
opml_read(const char *buf, size_t len, struct opml_list *out, char *err,
    size_t errlen)
{
	struct opml_state	 st;
	struct xmlsafe_handlers	 saved;
	xmlDocPtr		 doc = NULL;
	xmlNode			*root, *n;
	size_t			 i;
	int			 rv = -1;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	st.out = out;
	if (len > OPML_MAX_SIZE || len > INT_MAX) {
		snprintf(err, errlen, "OPML document too large (%zu bytes, "
		    "limit %u)", len, OPML_MAX_SIZE);
		return -1;
	}
	i = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && is_space((unsigned char)buf[i]))
		i++;
	if (i == len) {
		snprintf(err, errlen, "not an OPML document: empty document");
		return -1;
	}
	/* An XML declaration must come first: forgive a blank line before. */
	if (i > 0 && buf[0] != '\xEF') {
		buf += i;
		len -= i;
	}

	xmlsafe_setup();
	xmlsafe_quiet_begin(&saved, NULL);

	if ((doc = read_doc(buf, len, err, errlen)) == NULL)
		goto done;
	if ((root = xmlDocGetRootElement(doc)) == NULL) {
		snprintf(err, errlen, "not an OPML document: no root element");
		goto done;
	}
	if (strcasecmp((const char *)root->name, "opml") != 0) {
		snprintf(err, errlen, "not an OPML document: root element is "
		    "<%.64s>", (const char *)root->name);
		goto done;
	}
	/* Outlines live in <body>; some writers put them under <opml>. */
	for (n = root->children; n != NULL; n = n->next)
		if (is_elem(n, "body"))
			walk(&st, n, 0);
	walk(&st, root, 0);
	rv = 0;
done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	xmlsafe_quiet_end(&saved);
	free(st.map.slot);
	if (rv == -1)
		opml_list_free(out);
	return rv;
}

void
opml_list_free(struct opml_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].url);
		free(l->v[i].title);
		strvec_clear(&l->v[i].tags);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
