/*
 * parse_xml.c - RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 to a feed_doc with raw
 * entries, on libxml2's SAX2 interface: one pass over the in-memory
 * document, no tree.  Elements are recognized by namespace URI and by
 * where they sit (a rule table keyed on the parent's role); the text of
 * the few elements we keep is collected into one reusable buffer.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "feed.h"
#include "parse_int.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * libxml2 itself stops at depth 256 without XML_PARSE_HUGE; our stacks
 * have room for exactly that and ignore anything deeper regardless.
 */
#define XP_MAXDEPTH	256
#define XP_MAXENTRIES	200000	/* a feed with more is an attack */
#define XP_MAXTAGS	512	/* per entry: the normalizer de-dups them */
#define XP_MAXENCL	64	/* per entry: ditto, quadratically */
#define XP_MAXAUTHORS	64
#define XP_KEEPBUF	4096	/* copy shorter texts, hand over longer ones */
#define XP_NAMEMAX	64	/* bytes of a root element name in a message */
/*
 * Entity expansion allowance: characters delivered beyond the document's
 * own length, and entity lookups.  libxml2 2.9 has amplification checks
 * of its own, but in SAX mode every reference re-parses the replacement
 * text, so we keep a budget and stop the parse when it is spent.
 */
#define XP_EXPAND_CHARS	(1024 * 1024)
#define XP_EXPAND_REFS	10000

#define NS_XML_URI	"http://www.w3.org/XML/1998/namespace"
#define NS_RDF_URI	"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define IANA_ALTERNATE	"http://www.iana.org/assignments/relation/alternate"
#define IANA_ENCLOSURE	"http://www.iana.org/assignments/relation/enclosure"

enum ns {
	NS_NONE = 0,	/* no namespace */
	NS_OTHER,
	NS_CORE,	/* the format's own namespace, after elem_ns() */
	NS_ATOM10,
	NS_ATOM03,
	NS_RSS10,
	NS_RSS09,
	NS_RDF,
	NS_DC,
	NS_DCTERMS,
	NS_CONTENT,
	NS_ITUNES,
	NS_MEDIA,
	NS_FEEDBURNER,
	NS_XHTML
};

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
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
};

/*
 * The role of an open element: what its children may be.  Also the
 * context bits of the rule table.
 */
enum role {
	R_SKIP = 0,		/* nothing of ours inside */
	R_RSSROOT = 1 << 0,	/* <rss>, <rdf:RDF> */
	R_CHAN = 1 << 1,	/* RSS <channel> */
	R_AFEED = 1 << 2,	/* Atom <feed> */
	R_ITEM = 1 << 3,	/* RSS <item> */
	R_AENTRY = 1 << 4,	/* Atom <entry> */
	R_PERSON = 1 << 5,	/* Atom <author> */
	R_MGROUP = 1 << 6	/* <media:group> */
};
#define R_NROLES 7
#define R_FEED	(R_CHAN | R_AFEED)
#define R_ENTRY	(R_ITEM | R_AENTRY)

enum slot { S_TITLE, S_SUMMARY, S_CONTENT, S_LINK, S_ID, S_PUB, S_UPD,
	S_LANG, S_MAX };

enum act {
	A_TEXT = 1,	/* text, kind from the rule */
	A_ATEXT,	/* Atom text construct: kind from type/mode */
	A_XBODY,	/* xhtml:body */
	A_URL,		/* link as element text */
	A_RAW,		/* a date: raw text */
	A_ID,		/* atom:id */
	A_GUID,
	A_LANG,
	A_RSSAUTHOR,
	A_CREATOR,
	A_ITAUTHOR,
	A_CATEGORY,
	A_ACATEGORY,
	A_ENCLOSURE,
	A_ALINK,
	A_MCONTENT,
	A_MTHUMB,
	A_MGROUP,
	A_ITIMAGE,
	A_PERSON,
	A_PNAME,
	A_PEMAIL,
	A_PURI,
	A_CHANNEL
};

struct rule {
	unsigned	 ctx;	/* roles of the parent it applies under */
	enum ns		 ns;
	const char	*name;
	enum act	 act;
	enum slot	 slot;
	int		 prio;	/* a value replaces one of lower prio only */
	enum text_kind	 kind;
};

static const struct rule rules[] = {
	{ R_RSSROOT, NS_CORE, "channel", A_CHANNEL, 0, 0, 0 },

	{ R_CHAN, NS_CORE, "title", A_TEXT, S_TITLE, 20, TEXT_GUESS },
	{ R_CHAN, NS_CORE, "link", A_URL, S_LINK, 20, 0 },
	{ R_CHAN, NS_CORE, "lastBuildDate", A_RAW, S_UPD, 30, 0 },
	{ R_CHAN, NS_CORE, "pubDate", A_RAW, S_UPD, 20, 0 },
	{ R_CHAN, NS_CORE, "language", A_LANG, S_LANG, 10, 0 },
	{ R_CHAN, NS_DC, "date", A_RAW, S_UPD, 10, 0 },
	{ R_CHAN | R_ITEM, NS_ATOM10, "link", A_ALINK, 0, 0, 0 },

	{ R_AFEED, NS_CORE, "title", A_ATEXT, S_TITLE, 20, 0 },
	{ R_AFEED, NS_CORE, "id", A_ID, S_ID, 20, 0 },
	{ R_AFEED, NS_CORE, "updated", A_RAW, S_UPD, 20, 0 },
	{ R_AFEED, NS_CORE, "modified", A_RAW, S_UPD, 20, 0 },
	{ R_AFEED | R_AENTRY, NS_CORE, "link", A_ALINK, 0, 0, 0 },
	{ R_AFEED | R_AENTRY, NS_CORE, "author", A_PERSON, 0, 0, 0 },

	{ R_FEED | R_ENTRY, NS_DC, "creator", A_CREATOR, 0, 0, 0 },
	{ R_FEED | R_ENTRY, NS_DC, "language", A_LANG, S_LANG, 10, 0 },
	{ R_FEED | R_ENTRY, NS_DC, "title", A_TEXT, S_TITLE, 10, TEXT_GUESS },
	{ R_FEED | R_ENTRY, NS_ITUNES, "author", A_ITAUTHOR, 0, 0, 0 },

	{ R_ITEM, NS_CORE, "title", A_TEXT, S_TITLE, 20, TEXT_GUESS },
	{ R_ITEM, NS_CORE, "link", A_URL, S_LINK, 20, 0 },
	{ R_ITEM, NS_CORE, "guid", A_GUID, S_ID, 20, 0 },
	{ R_ITEM, NS_CORE, "description", A_TEXT, S_SUMMARY, 20, TEXT_HTML },
	{ R_ITEM, NS_CORE, "pubDate", A_RAW, S_PUB, 40, 0 },
	{ R_ITEM, NS_CORE, "author", A_RSSAUTHOR, 0, 0, 0 },
	{ R_ITEM, NS_CORE, "category", A_CATEGORY, 0, 0, 0 },
	{ R_ITEM, NS_CORE, "enclosure", A_ENCLOSURE, 0, 0, 0 },
	{ R_ITEM, NS_ATOM10, "updated", A_RAW, S_UPD, 20, 0 },
	{ R_ITEM, NS_ATOM10, "published", A_RAW, S_PUB, 5, 0 },

	{ R_AENTRY, NS_CORE, "title", A_ATEXT, S_TITLE, 20, 0 },
	{ R_AENTRY, NS_CORE, "summary", A_ATEXT, S_SUMMARY, 20, 0 },
	{ R_AENTRY, NS_CORE, "content", A_ATEXT, S_CONTENT, 20, 0 },
	{ R_AENTRY, NS_CORE, "id", A_ID, S_ID, 20, 0 },
	{ R_AENTRY, NS_CORE, "published", A_RAW, S_PUB, 40, 0 },
	{ R_AENTRY, NS_CORE, "issued", A_RAW, S_PUB, 35, 0 },
	{ R_AENTRY, NS_CORE, "created", A_RAW, S_PUB, 20, 0 },
	{ R_AENTRY, NS_CORE, "updated", A_RAW, S_UPD, 20, 0 },
	{ R_AENTRY, NS_CORE, "modified", A_RAW, S_UPD, 20, 0 },
	{ R_AENTRY, NS_CORE, "category", A_ACATEGORY, 0, 0, 0 },

	{ R_ENTRY, NS_DC, "date", A_RAW, S_PUB, 30, 0 },
	{ R_ENTRY, NS_DC, "subject", A_CATEGORY, 0, 0, 0 },
	{ R_ENTRY, NS_DCTERMS, "issued", A_RAW, S_PUB, 20, 0 },
	{ R_ENTRY, NS_DCTERMS, "created", A_RAW, S_PUB, 10, 0 },
	{ R_ENTRY, NS_DCTERMS, "modified", A_RAW, S_UPD, 10, 0 },
	{ R_ENTRY, NS_CONTENT, "encoded", A_TEXT, S_CONTENT, 20, TEXT_HTML },
	{ R_ENTRY, NS_XHTML, "body", A_XBODY, S_CONTENT, 10, TEXT_XHTML },
	{ R_ENTRY, NS_FEEDBURNER, "origLink", A_URL, S_LINK, 30, 0 },
	{ R_ENTRY, NS_ITUNES, "summary", A_TEXT, S_SUMMARY, 10, TEXT_PLAIN },
	{ R_ENTRY, NS_ITUNES, "image", A_ITIMAGE, 0, 0, 0 },
	{ R_ENTRY, NS_MEDIA, "group", A_MGROUP, 0, 0, 0 },
	{ R_ENTRY | R_MGROUP, NS_MEDIA, "content", A_MCONTENT, 0, 0, 0 },
	{ R_ENTRY | R_MGROUP, NS_MEDIA, "thumbnail", A_MTHUMB, 0, 0, 0 },
	{ R_ENTRY | R_MGROUP, NS_MEDIA, "description", A_TEXT, S_SUMMARY, 10,
	    TEXT_PLAIN },

	{ R_PERSON, NS_CORE, "name", A_PNAME, 0, 0, 0 },
	{ R_PERSON, NS_CORE, "email", A_PEMAIL, 0, 0, 0 },
	{ R_PERSON, NS_CORE, "uri", A_PURI, 0, 0, 0 },
	{ R_PERSON, NS_CORE, "url", A_PURI, 0, 0, 0 },	/* Atom 0.3 */
};

static const char *const void_elems[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen",
	"link", "meta", "param", "source", "track", "wbr"
};

/* Where the values for the feed or for the current entry go. */
struct sink {
	struct text	*text[3];	/* title, summary, content or NULL */
	char		**str[S_MAX];	/* link .. lang, by slot, or NULL */
	struct person	**authors;
	size_t		*nauthors;
	int		 prio[S_MAX];
	char		*itauthor;	/* itunes:author: when no other */
	char		*guidlink;	/* permalink guid: the link if none */
};

struct xstate {
	xmlParserCtxtPtr ctxt;		/* the outer parser */
	struct feed_doc	*doc;
	int		 stopped;	/* ignore further callbacks */
	int		 atom;		/* Atom rather than RSS */
	int		 rdf_undecided;	/* RDF root named no RSS namespace */
	enum ns		 core_id;	/* namespace of the root element */
	const char	*core_uri;
	char		 notfeed[XP_NAMEMAX + 1]; /* root name, if not a feed */

	int		 depth;
	unsigned char	 role[XP_MAXDEPTH + 1];
	unsigned char	 own[XP_MAXDEPTH + 1];	/* OWN_* */
	char		*base[XP_MAXDEPTH + 1];	/* xml:base in effect */
	char		*lang[XP_MAXDEPTH + 1];	/* xml:lang in effect */
	const char	*cname[XP_MAXDEPTH + 1]; /* captured element names */

	struct sink	 fsink;
	struct sink	 esink;
	struct entry	*entry;
	int		 entry_depth;

	int		 person_depth;	/* 0: no open Atom person */
	struct sink	*person_sink;
	struct person	 person;

	int		 cap_depth;	/* 0: not collecting text */
	const struct rule *cap_rule;
	struct sink	*cap_sink;
	enum text_kind	 cap_kind;
	int		 cap_markup;	/* serialize child elements */
	int		 cap_esc_top;	/* escape the element's own text */
	int		 cap_strip;	/* drop a wrapping xhtml div */
	int		 cap_b64;	/* Atom 0.3 mode="base64" */
	int		 cap_perma;	/* guid isPermaLink true or absent */
	int		 wrap_depth;	/* depth of the wrapping div */
	int		 wrap_seen;	/* top-level element seen */
	size_t		 wrap_end;	/* text length when it closed */
	struct buf	 wrap_tag;	/* its start tag, in case it was not */
	struct buf	 text;

	size_t		 nchars;	/* characters delivered */
	size_t		 maxchars;
	size_t		 nrefs;		/* entity lookups */
	size_t		 maxrefs;
	/* Rules by the role bit of the parent: most elements match none. */
	unsigned char	 nbyrole[R_NROLES];
	unsigned char	 byrole[R_NROLES][sizeof(rules) / sizeof(rules[0])];
	size_t		 ns_next;
	struct {
		const xmlChar	*uri;
		enum ns		 id;
	}		 ns_cache[8];
};

#define OWN_BASE	0x01
#define OWN_LANG	0x02
#define CAP_VOID	0x04

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!is_space((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Trim ASCII white space off [*s, *s + *n). */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Owned trimmed copy, or NULL when blank. */
static char *
trimmed(const char *s, size_t n)
{
	trim(&s, &n);
	return n > 0 ? xstrndup(s, n) : NULL;
}

static int
has_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Does s start with "scheme://"? */
static int
has_authority(const char *s)
{
	const char	*p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return strncmp(p, "://", 3) == 0;
}

/*
 * s (trimmed) resolved against base; as given when it cannot be.  The
 * base plays no part for a reference with a scheme and an authority, and
 * url_resolve() would still normalize it first: half the work of a feed
 * full of absolute links.
 */
static char *
url_value(const char *s, size_t n, const char *base)
{
	char	*t, *abs;

	if ((t = trimmed(s, n)) == NULL)
		return NULL;
	if ((abs = url_resolve(has_authority(t) ? NULL : base, t)) == NULL)
		return t;
	free(t);
	return abs;
}

/* Append s escaped for HTML text, or for a double-quoted attribute. */
static void
esc_add(struct buf *b, const char *s, size_t n, int attr)
{
	const char	*p, *end = s + n, *run = s, *rep;

	for (p = s; p < end; p++) {
		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			if (!attr)
				continue;
			rep = "&quot;";
			break;
		default:
			continue;
		}
		buf_add(b, run, p - run);
		buf_addstr(b, rep);
		run = p + 1;
	}
	buf_add(b, run, end - run);
}

/* Decode base64 in place, skipping white space; returns the new length. */
static size_t
b64_decode(char *s, size_t n)
{
	static const char	 alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char		*p;
	uint32_t		 acc = 0;
	size_t			 i, o = 0;
	int			 bits = 0;

	for (i = 0; i < n; i++) {
		if (is_space((unsigned char)s[i]))
			continue;
		if (s[i] == '=' || s[i] == '\0' ||
		    (p = strchr(alpha, s[i])) == NULL)
			break;
		acc = (acc << 6) | (uint32_t)(p - alpha);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	return o;
}

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

/* The attribute local (in namespace uri, or in none), or NULL. */
static const xmlChar **
attr_find(const xmlChar **attrs, int nattrs, const char *uri,
    const char *local)
{
	const xmlChar	**a;
	int		  i;

	for (i = 0; i < nattrs; i++) {
		a = attrs + 5 * i;
		if (strcmp((const char *)a[0], local) != 0)
			continue;
		if (uri == NULL ? a[2] == NULL :
		    (a[2] != NULL && strcmp((const char *)a[2], uri) == 0))
			return a;
	}
	return NULL;
}

/*
 * Owned value of an attribute.  Without entity substitution, libxml2
 * hands SAX2 attribute values with '&' written as "&#38;" and user
 * entities as references (the tree builder decodes them later); decode
 * them here the way it would.
 */
static char *
attr_value(xmlParserCtxtPtr ctxt, const xmlChar **a)
{
	size_t	 n = a[4] - a[3];
	char	*s;
	xmlChar	*d;

	s = xstrndup((const char *)a[3], n);
	if (memchr(s, '&', n) != NULL && (d = xmlStringDecodeEntities(ctxt,
	    (const xmlChar *)s, XML_SUBSTITUTE_REF, 0, 0, 0)) != NULL) {
		free(s);
		s = xstrdup((const char *)d);
		xmlFree(d);
	}
	return s;
}

/* Owned value of attribute local (no namespace), or NULL. */
static char *
attr_get(xmlParserCtxtPtr ctxt, const xmlChar **attrs, int nattrs,
    const char *local)
{
	const xmlChar	**a;

	if ((a = attr_find(attrs, nattrs, NULL, local)) == NULL)
		return NULL;
	return attr_value(ctxt, a);
}

/* Owned trimmed value of attribute local, or NULL when absent or blank. */
static char *
attr_trimmed(xmlParserCtxtPtr ctxt, const xmlChar **attrs, int nattrs,
    const char *local)
{
	char	*v, *t;

	if ((v = attr_get(ctxt, attrs, nattrs, local)) == NULL)
		return NULL;
	t = trimmed(v, strlen(v));
	free(v);
	return t;
}

/* Attribute as a URL resolved against the base in effect, or NULL. */
static char *
attr_url(struct xstate *st, xmlParserCtxtPtr ctxt, const xmlChar **attrs,
    int nattrs, const char *local)
{
	char	*v, *u;

	if ((v = attr_get(ctxt, attrs, nattrs, local)) == NULL)
		return NULL;
	u = url_value(v, strlen(v), st->base[st->depth]);
	free(v);
	return u;
}

/* A non-negative length, or -1. */
static long long
parse_length(const char *s)
{
	long long	 v = 0;
	size_t		 n;

	if (s == NULL)
		return -1;
	n = strlen(s);
	trim(&s, &n);
	if (n == 0)
		return -1;
	for (; n > 0; s++, n--) {
		if (*s < '0' || *s > '9' || v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static void
sink_init(struct sink *sk)
{
	memset(sk, 0, sizeof(*sk));
}

static void
sink_clear(struct sink *sk)
{
	free(sk->itauthor);
	free(sk->guidlink);
	sink_init(sk);
}

static void
sink_for_doc(struct sink *sk, struct feed_doc *d)
{
	sink_init(sk);
	sk->text[S_TITLE] = &d->title;
	sk->str[S_LINK] = &d->link;
	sk->str[S_ID] = &d->id;
	sk->str[S_UPD] = &d->updated_raw;
	sk->str[S_LANG] = &d->lang;
	sk->authors = &d->authors;
	sk->nauthors = &d->nauthors;
}

static void
sink_for_entry(struct sink *sk, struct entry *e)
{
	sink_init(sk);
	sk->text[S_TITLE] = &e->title;
	sk->text[S_SUMMARY] = &e->summary;
	sk->text[S_CONTENT] = &e->content;
	sk->str[S_LINK] = &e->link;
	sk->str[S_ID] = &e->id;
	sk->str[S_PUB] = &e->published_raw;
	sk->str[S_UPD] = &e->updated_raw;
	sk->str[S_LANG] = &e->lang;
	sk->authors = &e->authors;
	sk->nauthors = &e->nauthors;
}

/* Would a value of this prio land in the slot? */
static int
sink_wants(const struct sink *sk, enum slot s, int prio)
{
	if (s <= S_CONTENT ? sk->text[s] == NULL : sk->str[s] == NULL)
		return 0;
	return prio > sk->prio[s];
}

/* Store v (owned; NULL is ignored) when it beats what the slot holds. */
static void
sink_str(struct sink *sk, enum slot s, int prio, char *v)
{
	if (v == NULL || !sink_wants(sk, s, prio)) {
		free(v);
		return;
	}
	free(*sk->str[s]);
	*sk->str[s] = v;
	sk->prio[s] = prio;
}

static void
sink_text(struct sink *sk, enum slot s, int prio, char *v,
    enum text_kind kind, const char *base)
{
	if (v == NULL || !sink_wants(sk, s, prio)) {
		free(v);
		return;
	}
	text_set(sk->text[s], v, kind, base);
	sk->prio[s] = prio;
}

static struct person *
sink_person(struct sink *sk)
{
	if (*sk->nauthors >= XP_MAXAUTHORS)
		return NULL;
	return person_add(sk->authors, sk->nauthors);
}

static int
looks_like_email(const char *s, size_t n)
{
	const char	*at;
	size_t		 i;

	for (i = 0; i < n; i++)
		if (is_space((unsigned char)s[i]) || s[i] == '<' ||
		    s[i] == '(')
			return 0;
	at = memchr(s, '@', n);
	return at != NULL && at > s && at < s + n - 1;
}

/*
 * RSS <author>: "jo@example.com (Jo Doe)", "Jo Doe <jo@example.com>", a
 * bare address, or just a name.
 */
static void
rss_author(struct sink *sk, const char *s, size_t n)
{
	const char	*lt, *gt, *op, *cp = NULL, *a = s, *q;
	size_t		 an = 0;
	struct person	*p;

	trim(&s, &n);
	if (n >= 7 && strncasecmp(s, "mailto:", 7) == 0) {
		s += 7;
		n -= 7;
	}
	if (n == 0 || (p = sink_person(sk)) == NULL)
		return;
	lt = memchr(s, '<', n);
	gt = lt != NULL ? memchr(lt, '>', s + n - lt) : NULL;
	if ((op = memchr(s, '(', n)) != NULL) {
		for (q = op; q < s + n; q++)
			if (*q == ')')
				cp = q;
		an = op - s;
		trim(&a, &an);
	}
	if (gt != NULL) {
		p->name = trimmed(s, lt - s);
		p->email = trimmed(lt + 1, gt - lt - 1);
	} else if (cp != NULL && looks_like_email(a, an)) {
		p->email = xstrndup(a, an);
		p->name = trimmed(op + 1, cp - op - 1);
	} else if (looks_like_email(s, n))
		p->email = xstrndup(s, n);
	else
		p->name = xstrndup(s, n);
}

static void
add_tag(struct entry *e, const char *s, size_t n)
{
	char	*t;

	if (e->tags.n >= XP_MAXTAGS || (t = trimmed(s, n)) == NULL)
		return;
	strvec_push_owned(&e->tags, t);
}

/* url, type (owned, may be NULL) into a new enclosure of e. */
static void
add_enclosure(struct entry *e, char *url, char *type, const char *len)
{
	struct enclosure	*enc;

	if (url == NULL || e->nenclosures >= XP_MAXENCL) {
		free(url);
		free(type);
		return;
	}
	enc = enclosure_add(&e->enclosures, &e->nenclosures);
	enc->url = url;
	enc->type = type;
	enc->length = parse_length(len);
}

static int
image_ext(const char *url)
{
	static const char *const exts[] = { ".jpg", ".jpeg", ".png", ".gif",
	    ".webp" };
	size_t	 n, i, k;

	n = strcspn(url, "?#");
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		k = strlen(exts[i]);
		if (n >= k && strncasecmp(url + n - k, exts[i], k) == 0)
			return 1;
	}
	return 0;
}

/* How an Atom type (and 0.3 mode) attribute says to read the text. */
#define AK_IGNORE	(-1)	/* not text: leave the element alone */

static int
atom_kind(const char *type, const char *mode, int *b64)
{
	int	 k;

	*b64 = 0;
	if (type == NULL || strcasecmp(type, "text") == 0)
		k = TEXT_PLAIN;
	else if (strcasecmp(type, "html") == 0 ||
	    has_prefix_ci(type, "text/html"))
		k = TEXT_HTML;
	else if (strcasecmp(type, "xhtml") == 0 ||
	    has_prefix_ci(type, "application/xhtml+xml"))
		k = TEXT_XHTML;
	else if (has_prefix_ci(type, "text/"))
		k = TEXT_PLAIN;
	else
		return AK_IGNORE;
	if (mode == NULL)
		return k;
	if (strcasecmp(mode, "escaped") == 0)
		/* Escaped markup is HTML; text/plain said so explicitly. */
		return k == TEXT_PLAIN && type != NULL ? TEXT_PLAIN : TEXT_HTML;
	if (strcasecmp(mode, "base64") == 0) {
		*b64 = 1;
		return k == TEXT_XHTML || !has_prefix_ci(type ? type : "text/",
		    "text/") ? AK_IGNORE : k;
	}
	if (strcasecmp(mode, "xml") == 0)
		return k == TEXT_PLAIN ? TEXT_PLAIN : TEXT_XHTML;
	return k;
}

static void
cap_begin(struct xstate *st, const struct rule *r, struct sink *sk,
    enum text_kind kind)
{
	st->cap_depth = st->depth;
	st->cap_rule = r;
	st->cap_sink = sk;
	st->cap_kind = kind;
	st->cap_markup = 0;
	st->cap_esc_top = 0;
	st->cap_strip = 0;
	st->cap_b64 = 0;
	st->wrap_depth = 0;
	st->wrap_seen = 0;
	st->wrap_end = SIZE_MAX;
	buf_reset(&st->text);
}

/* The collected text, owned; the buffer is reused when it is small. */
static char *
cap_take(struct xstate *st)
{
	if (st->text.len > XP_KEEPBUF)
		return buf_release(&st->text);
	return xstrndup(buf_cstr(&st->text), st->text.len);
}

static void
person_end(struct xstate *st)
{
	struct person	*p;
	struct sink	*sk = st->person_sink;

	if (sk != NULL && (st->person.name != NULL ||
	    st->person.email != NULL || st->person.uri != NULL) &&
	    (p = sink_person(sk)) != NULL) {
		*p = st->person;
	} else {
		free(st->person.name);
		free(st->person.email);
		free(st->person.uri);
	}
	memset(&st->person, 0, sizeof(st->person));
	st->person_depth = 0;
	st->person_sink = NULL;
}

/*
 * The div taken for the wrapper of xhtml content was one only if nothing
 * but white space follows it; otherwise it goes back.  Returns the
 * length of the text.
 */
static size_t
cap_unwrap(struct xstate *st)
{
	struct buf	 out = BUF_INIT;
	size_t		 n = st->text.len, end = st->wrap_end;
	const char	*s = buf_cstr(&st->text);

	if (end > n)
		return n;
	if (is_blank(s + end, n - end)) {
		st->text.len = end;
		if (st->text.data != NULL)
			st->text.data[end] = '\0';
		return end;
	}
	buf_grow(&out, st->wrap_tag.len + n + 6);
	buf_add(&out, st->wrap_tag.data, st->wrap_tag.len);
	buf_add(&out, s, end);
	buf_add(&out, "</div>", 6);
	buf_add(&out, s + end, n - end);
	buf_free(&st->text);
	st->text = out;
	return st->text.len;
}

/* The end of the element whose text was being collected. */
static void
cap_finish(struct xstate *st)
{
	const struct rule	*r = st->cap_rule;
	struct sink		*sk = st->cap_sink;
	const char		*base = st->base[st->cap_depth];
	const char		*s = buf_cstr(&st->text);
	size_t			 n = st->text.len;
	struct entry		*e = st->entry;
	struct person		*p;
	char			*v, **pf;

	st->cap_depth = 0;
	if (sk == NULL)
		return;
	switch (r->act) {
	case A_TEXT:
	case A_ATEXT:
	case A_XBODY:
		if (st->cap_b64) {
			if (n > 0)
				n = b64_decode(st->text.data, n);
			v = utf8_clean(s, n);
			if (is_blank(v, strlen(v))) {
				free(v);
				break;
			}
			sink_text(sk, r->slot, r->prio, v, st->cap_kind, base);
			break;
		}
		if (st->wrap_end != SIZE_MAX)
			n = cap_unwrap(st);
		s = buf_cstr(&st->text);
		if (is_blank(s, n))
			break;
		sink_text(sk, r->slot, r->prio, cap_take(st), st->cap_kind,
		    base);
		break;
	case A_URL:
		sink_str(sk, r->slot, r->prio, url_value(s, n, base));
		break;
	case A_RAW:
		if (!is_blank(s, n))
			sink_str(sk, r->slot, r->prio, cap_take(st));
		break;
	case A_ID:
	case A_LANG:
		sink_str(sk, r->slot, r->prio, trimmed(s, n));
		break;
	case A_GUID:
		if ((v = trimmed(s, n)) == NULL)
			break;
		if (st->cap_perma && sk->guidlink == NULL &&
		    (has_prefix_ci(v, "http://") ||
		    has_prefix_ci(v, "https://")))
			sk->guidlink = url_value(v, strlen(v), base);
		sink_str(sk, r->slot, r->prio, v);
		break;
	case A_RSSAUTHOR:
		rss_author(sk, s, n);
		break;
	case A_CREATOR:
		if (!is_blank(s, n) && (p = sink_person(sk)) != NULL)
			p->name = cap_take(st);
		break;
	case A_ITAUTHOR:
		if (sk->itauthor == NULL && !is_blank(s, n))
			sk->itauthor = cap_take(st);
		break;
	case A_CATEGORY:
		if (e != NULL && sk == &st->esink)
			add_tag(e, s, n);
		break;
	case A_PNAME:
	case A_PEMAIL:
		pf = r->act == A_PNAME ? &st->person.name : &st->person.email;
		if (*pf == NULL && !is_blank(s, n))
			*pf = cap_take(st);
		break;
	case A_PURI:
		if (st->person.uri == NULL)
			st->person.uri = url_value(s, n, base);
		break;
	default:
		break;
	}
}

static void
entry_end(struct xstate *st)
{
	struct entry	*e = st->entry;
	struct sink	*sk = &st->esink;
	struct person	*p;

	if (st->person_depth != 0 && st->person_sink == sk)
		person_end(st);
	if (st->cap_depth != 0 && st->cap_sink == sk)
		st->cap_sink = NULL;
	if (e->link == NULL && sk->guidlink != NULL) {
		e->link = sk->guidlink;
		sk->guidlink = NULL;
	}
	if (e->nauthors == 0 && sk->itauthor != NULL &&
	    (p = sink_person(sk)) != NULL) {
		p->name = sk->itauthor;
		sk->itauthor = NULL;
	}
	sink_clear(sk);
	if (st->doc->nentries < XP_MAXENTRIES)
		feed_doc_add_entry(st->doc, e);
	else
		entry_free(e);
	st->entry = NULL;
	st->entry_depth = 0;
}

static void
entry_start(struct xstate *st, xmlParserCtxtPtr ctxt, const xmlChar **attrs,
    int nattrs)
{
	const xmlChar	**a;
	int		  d = st->depth;
	char		 *v;

	if (st->entry != NULL)	/* an <item> left open: recover */
		entry_end(st);
	if (st->person_depth != 0)
		person_end(st);
	st->entry = entry_new();
	st->entry_depth = d;
	sink_for_entry(&st->esink, st->entry);
	st->role[d] = st->atom ? R_AENTRY : R_ITEM;
	if (st->lang[d] != NULL)
		sink_str(&st->esink, S_LANG, 20, xstrdup(st->lang[d]));
	/* RSS 1.0: the item's URI is its identity. */
	if (!st->atom &&
	    ((a = attr_find(attrs, nattrs, NS_RDF_URI, "about")) != NULL ||
	    (a = attr_find(attrs, nattrs, NULL, "about")) != NULL)) {
		v = attr_value(ctxt, a);
		sink_str(&st->esink, S_ID, 10, trimmed(v, strlen(v)));
		free(v);
	}
}

/* The alternate and enclosure links of Atom (and of atom:link in RSS). */
static void
atom_link(struct xstate *st, xmlParserCtxtPtr ctxt, struct sink *sk,
    const xmlChar **attrs, int nattrs)
{
	char	*rel, *type, *href, *len;
	size_t	 n;
	int	 prio;
	const char *r;

	if ((href = attr_url(st, ctxt, attrs, nattrs, "href")) == NULL)
		return;
	rel = attr_get(ctxt, attrs, nattrs, "rel");
	type = attr_get(ctxt, attrs, nattrs, "type");
	r = rel != NULL ? rel : "alternate";
	n = strlen(r);
	trim(&r, &n);
	if ((n == 9 && strncasecmp(r, "alternate", 9) == 0) ||
	    (n == strlen(IANA_ALTERNATE) && strncmp(r, IANA_ALTERNATE, n) == 0)) {
		prio = type != NULL && has_prefix_ci(type, "text/html") ? 11 :
		    10;
		sink_str(sk, S_LINK, prio, href);
		href = NULL;
	} else if (((n == 9 && strncasecmp(r, "enclosure", 9) == 0) ||
	    (n == strlen(IANA_ENCLOSURE) &&
	    strncmp(r, IANA_ENCLOSURE, n) == 0)) &&
	    st->entry != NULL && sk == &st->esink) {
		len = attr_get(ctxt, attrs, nattrs, "length");
		add_enclosure(st->entry, href, type, len);
		href = type = NULL;
		free(len);
	}
	free(href);
	free(type);
	free(rel);
}

static void
media_content(struct xstate *st, xmlParserCtxtPtr ctxt,
    const xmlChar **attrs, int nattrs)
{
	struct entry	*e = st->entry;
	char		*url, *type, *medium, *size;

	if ((url = attr_url(st, ctxt, attrs, nattrs, "url")) == NULL)
		return;
	type = attr_get(ctxt, attrs, nattrs, "type");
	medium = attr_get(ctxt, attrs, nattrs, "medium");
	size = attr_get(ctxt, attrs, nattrs, "fileSize");
	if (e->media_image == NULL &&
	    ((medium != NULL && strcasecmp(medium, "image") == 0) ||
	    (type != NULL && has_prefix_ci(type, "image/")) ||
	    (medium == NULL && type == NULL && image_ext(url))))
		e->media_image = xstrdup(url);
	add_enclosure(e, url, type, size);
	free(medium);
	free(size);
}

/* Set up an Atom text construct; 0 when its content is to be ignored. */
static int
atext_begin(struct xstate *st, xmlParserCtxtPtr ctxt, const struct rule *r,
    struct sink *sk, const xmlChar **attrs, int nattrs)
{
	char	*type, *mode, *src;
	int	 kind, b64;

	src = attr_get(ctxt, attrs, nattrs, "src");
	type = attr_trimmed(ctxt, attrs, nattrs, "type");
	mode = attr_trimmed(ctxt, attrs, nattrs, "mode");
	kind = src != NULL ? AK_IGNORE : atom_kind(type, mode, &b64);
	free(src);
	free(type);
	free(mode);
	if (kind == AK_IGNORE)
		return 0;
	cap_begin(st, r, sk, kind);
	st->cap_b64 = b64;
	if (kind != TEXT_PLAIN && !b64) {
		st->cap_markup = 1;
		st->cap_esc_top = kind == TEXT_XHTML;
		st->cap_strip = kind == TEXT_XHTML;
	}
	return 1;
}

static void
apply_rule(struct xstate *st, xmlParserCtxtPtr ctxt, const struct rule *r,
    struct sink *sk, const xmlChar **attrs, int nattrs)
{
	int	 d = st->depth;
	char	*v, *w;

	switch (r->act) {
	case A_CHANNEL:
		st->role[d] = R_CHAN;
		if (st->lang[d] != NULL)
			sink_str(&st->fsink, S_LANG, 25, xstrdup(st->lang[d]));
		return;
	case A_TEXT:
	case A_XBODY:
	case A_URL:
	case A_RAW:
	case A_ID:
	case A_LANG:
	case A_GUID:
		if (!sink_wants(sk, r->slot, r->prio))
			return;
		cap_begin(st, r, sk, r->kind);
		if (r->act == A_XBODY || (r->act == A_TEXT &&
		    r->kind != TEXT_PLAIN)) {
			st->cap_markup = 1;
			st->cap_esc_top = r->act == A_XBODY;
		}
		if (r->act == A_GUID) {
			/* RSS 2.0: a guid is a permalink unless it says no. */
			st->cap_perma = 1;
			if ((v = attr_get(ctxt, attrs, nattrs,
			    "isPermaLink")) != NULL) {
				w = trimmed(v, strlen(v));
				st->cap_perma = w != NULL &&
				    strcasecmp(w, "true") == 0;
				free(w);
				free(v);
			}
		}
		return;
	case A_ATEXT:
		if (sink_wants(sk, r->slot, r->prio))
			atext_begin(st, ctxt, r, sk, attrs, nattrs);
		return;
	case A_RSSAUTHOR:
	case A_CREATOR:
	case A_ITAUTHOR:
	case A_CATEGORY:
	case A_PNAME:
	case A_PEMAIL:
	case A_PURI:
		cap_begin(st, r, sk, TEXT_PLAIN);
		return;
	case A_PERSON:
		if (st->person_depth != 0)
			person_end(st);
		st->person_depth = d;
		st->person_sink = sk;
		st->role[d] = R_PERSON;
		return;
	case A_MGROUP:
		st->role[d] = R_MGROUP;
		return;
	case A_ALINK:
		atom_link(st, ctxt, sk, attrs, nattrs);
		return;
	default:
		break;
	}
	if (st->entry == NULL || sk != &st->esink)
		return;
	switch (r->act) {
	case A_ACATEGORY:
		if ((v = attr_get(ctxt, attrs, nattrs, "label")) == NULL ||
		    is_blank(v, strlen(v))) {
			free(v);
			v = attr_get(ctxt, attrs, nattrs, "term");
		}
		if (v != NULL)
			add_tag(st->entry, v, strlen(v));
		free(v);
		break;
	case A_ENCLOSURE:
		v = attr_get(ctxt, attrs, nattrs, "length");
		add_enclosure(st->entry, attr_url(st, ctxt, attrs, nattrs,
		    "url"), attr_get(ctxt, attrs, nattrs, "type"), v);
		free(v);
		break;
	case A_MCONTENT:
		media_content(st, ctxt, attrs, nattrs);
		break;
	case A_MTHUMB:
		if (st->entry->media_thumbnail == NULL)
			st->entry->media_thumbnail = attr_url(st, ctxt, attrs,
			    nattrs, "url");
		break;
	case A_ITIMAGE:
		if (st->entry->itunes_image == NULL &&
		    (st->entry->itunes_image = attr_url(st, ctxt, attrs,
		    nattrs, "href")) == NULL)
			st->entry->itunes_image = attr_url(st, ctxt, attrs,
			    nattrs, "url");
		break;
	default:
		break;
	}
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
			v = attr_value(ctxt, a);
			/* A relative base with nothing to resolve it against
			 * is no base at all. */
			if ((r = url_resolve(st->base[d - 1], v)) != NULL) {
				st->base[d] = r;
				st->own[d] |= OWN_BASE;
			}
			free(v);
		} else if (strcmp((const char *)a[0], "lang") == 0 &&
		    !(st->own[d] & OWN_LANG)) {
			v = attr_value(ctxt, a);
			/* xml:lang="" says the language is unknown. */
			st->lang[d] = trimmed(v, strlen(v));
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
		v = attr_get(ctxt, attrs, nattrs, "version");
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
		sink_str(&st->fsink, S_LANG, 20, xstrdup(st->lang[1]));
}

/* Start tag inside collected text: markup is kept as HTML, or dropped. */
static void
cap_start_elem(struct xstate *st, xmlParserCtxtPtr ctxt, const xmlChar *local,
    const xmlChar **attrs, int nattrs)
{
	struct buf	*b = &st->text;
	int		 d = st->depth, i;
	size_t		 k;
	char		*v;

	st->cname[d] = (const char *)local;
	st->own[d] = 0;
	if (!st->cap_markup)
		return;
	/*
	 * The div that wraps Atom xhtml content is not part of it.  Feeds
	 * often forget its xmlns, which puts it in the Atom namespace: any
	 * div first at the top level counts.
	 */
	if (d == st->cap_depth + 1 && !st->wrap_seen) {
		st->wrap_seen = 1;
		if (st->cap_strip && strcmp((const char *)local, "div") == 0 &&
		    is_blank(buf_cstr(b), b->len)) {
			buf_reset(b);
			st->wrap_depth = d;
			b = &st->wrap_tag;
			buf_reset(b);
		}
	}
	buf_addc(b, '<');
	buf_addstr(b, (const char *)local);
	for (i = 0; i < nattrs; i++) {
		const xmlChar	**a = attrs + 5 * i;
		const char	 *name = (const char *)a[0];

		if (a[2] != NULL && (strcmp((const char *)a[2],
		    NS_XML_URI) != 0 || strcmp(name, "lang") != 0))
			continue;	/* foreign attributes mean nothing */
		buf_addc(b, ' ');
		buf_addstr(b, name);
		buf_add(b, "=\"", 2);
		v = attr_value(ctxt, a);
		esc_add(b, v, strlen(v), 1);
		free(v);
		buf_addc(b, '"');
	}
	buf_addc(b, '>');
	if (d == st->wrap_depth)
		return;
	for (k = 0; k < sizeof(void_elems) / sizeof(void_elems[0]); k++)
		if (strcmp((const char *)local, void_elems[k]) == 0) {
			st->own[d] = CAP_VOID;
			break;
		}
}

static void
cap_end_elem(struct xstate *st, int d)
{
	if (!st->cap_markup)
		return;
	if (d == st->wrap_depth) {
		st->wrap_depth = 0;
		st->wrap_end = st->text.len;
		return;
	}
	if (st->own[d] & CAP_VOID)
		return;
	buf_add(&st->text, "</", 2);
	buf_addstr(&st->text, st->cname[d]);
	buf_addc(&st->text, '>');
}

static void
rules_index(struct xstate *st)
{
	size_t	 i, k;

	for (k = 0; k < R_NROLES; k++)
		for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
			if (rules[i].ctx & (1u << k))
				st->byrole[k][st->nbyrole[k]++] = (unsigned char)i;
}

/* The rule for an element under a parent of the given role, or NULL. */
static const struct rule *
rule_find(const struct xstate *st, unsigned role, enum ns ns,
    const char *local)
{
	const struct rule	*r;
	size_t			 i, k;

	for (k = 0; k < R_NROLES && !(role & (1u << k)); k++)
		;
	if (k == R_NROLES)
		return NULL;
	for (i = 0; i < st->nbyrole[k]; i++) {
		r = &rules[st->byrole[k][i]];
		if (r->ns == ns && r->name[0] == local[0] &&
		    strcmp(r->name, local) == 0)
			return r;
	}
	return NULL;
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
	if (st->cap_depth != 0) {
		cap_start_elem(st, ctxt, local, attrs, nattrs);
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
		entry_start(st, ctxt, attrs, nattrs);
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
	if ((r = rule_find(st, parent, id, (const char *)local)) == NULL)
		return;
	if (r->act == A_CHANNEL) {
		if (st->rdf_undecided && ns_id(st, uri) == NS_RSS09)
			st->doc->format = FMT_RSS09;
		st->rdf_undecided = 0;
	}
	apply_rule(st, ctxt, r, sk, attrs, nattrs);
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
	if (st->cap_depth != 0) {
		if (d > st->cap_depth) {
			cap_end_elem(st, d);
			st->own[d] = 0;
			return;
		}
		cap_finish(st);
	}
	if ((st->role[d] & R_ENTRY) && st->entry != NULL &&
	    st->entry_depth == d)
		entry_end(st);
	else if ((st->role[d] & R_PERSON) && st->person_depth == d)
		person_end(st);
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
	if (st->cap_depth == 0 || st->depth > XP_MAXDEPTH)
		return;
	if (st->cap_markup && (st->depth > st->cap_depth || st->cap_esc_top))
		esc_add(&st->text, (const char *)s, n, 0);
	else
		buf_add(&st->text, s, n);
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
generic_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static xmlParserInputPtr
refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/*
 * libxml2's external entity loader is process-global.  Feeds never need
 * one (no DTDs, no external entities: no XXE, no network), so the first
 * parse installs one that refuses everything; installing it again is
 * harmless, which keeps this idempotent without a lock.
 */
static void
xml_setup(void)
{
	xmlInitParser();
	if (xmlGetExternalEntityLoader() != refuse_loader)
		xmlSetExternalEntityLoader(refuse_loader);
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
	sax->cdataBlock = sax_chars;
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
	sink_clear(&st->esink);
	sink_clear(&st->fsink);
	buf_free(&st->text);
	buf_free(&st->wrap_tag);
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
	struct xstate		*st;
	xmlParserCtxtPtr	 ctxt = NULL;
	xmlGenericErrorFunc	 old_gen;
	xmlStructuredErrorFunc	 old_str;
	void			*old_genctx, *old_strctx;
	struct person		*p;
	int			 rv = -1;

	*out = NULL;
	if (len > INT_MAX) {
		snprintf(err, errlen, "document too large (%zu bytes)", len);
		return -1;
	}
	xml_setup();
	st = xcalloc(1, sizeof(*st));
	st->doc = feed_doc_new();
	sink_for_doc(&st->fsink, st->doc);
	st->base[0] = (char *)base_url;
	st->maxchars = len + len + XP_EXPAND_CHARS;
	st->maxrefs = len / 2 + XP_EXPAND_REFS;
	rules_index(st);

	/* Anything libxml2 reports outside the context stays quiet too. */
	old_gen = xmlGenericError;
	old_genctx = xmlGenericErrorContext;
	old_str = xmlStructuredError;
	old_strctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, generic_error);
	xmlSetStructuredErrorFunc(NULL, sax_serror);

	if (len > 0 && (ctxt = parser_new(data, len, st)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	if (ctxt != NULL)
		xmlParseDocument(ctxt);
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
	if (st->doc->nauthors == 0 && st->fsink.itauthor != NULL &&
	    (p = sink_person(&st->fsink)) != NULL) {
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
	xmlSetGenericErrorFunc(old_genctx, old_gen);
	xmlSetStructuredErrorFunc(old_strctx, old_str);
	state_free(st);
	feed_doc_free(st->doc);
	free(st);
	return rv;
}
