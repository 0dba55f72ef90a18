/*
 * xml_int.h - the state of one parse_xml() call, shared by the SAX driver
 * (parse_xml.c) and the element rules that fill the feed_doc from it
 * (xml_rules.c).  Internal to the XML parser.
 */
#ifndef XML_INT_H
#define XML_INT_H

#include <stddef.h>

#include <libxml/parser.h>

#include "feed.h"
#include "xml_capture.h"

#define XP_NAMEMAX	64	/* bytes of a root element name in a message */
#define XR_MAXRULES	64	/* room in the rule index; xml_rules.c checks */

#define NS_RDF_URI	"http://www.w3.org/1999/02/22-rdf-syntax-ns#"

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
	NS_SY,		/* RSS 1.0 syndication module */
	NS_XHTML
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
	A_CHANNEL,
	A_TTL,		/* RSS <ttl>: minutes */
	A_SYPERIOD,	/* sy:updatePeriod */
	A_SYFREQ	/* sy:updateFrequency */
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

struct xmlprep_cdata;

struct xstate {
	xmlParserCtxtPtr ctxt;		/* the outer parser */
	const struct xmlprep_cdata *cdata; /* CDATA taken out, or NULL */
	struct feed_doc	*doc;
	int		 stopped;	/* ignore further callbacks */
	int		 atom;		/* Atom rather than RSS */
	int		 rdf_undecided;	/* RDF root named no RSS namespace */
	enum ns		 core_id;	/* namespace of the root element */
	const char	*core_uri;
	char		 notfeed[XP_NAMEMAX + 1]; /* root name, if not a feed */

	int		 depth;
	unsigned char	 role[XP_MAXDEPTH + 1];
	unsigned char	 own[XP_MAXDEPTH + 1];	/* OWN_* (parse_xml.c) */
	char		*base[XP_MAXDEPTH + 1];	/* xml:base in effect */
	char		*lang[XP_MAXDEPTH + 1];	/* xml:lang in effect */

	int		 rss_ttl;	/* seconds from <ttl>, 0 none */
	int		 sy_period;	/* seconds, 0 none */
	int		 sy_freq;	/* updates per period, 0 none */

	struct sink	 fsink;
	struct sink	 esink;
	struct entry	*entry;
	int		 entry_depth;

	int		 person_depth;	/* 0: no open Atom person */
	struct sink	*person_sink;
	struct person	 person;

	struct xcap	 cap;		/* cap.depth 0: not collecting text */
	const struct rule *cap_rule;
	struct sink	*cap_sink;
	enum text_kind	 cap_kind;
	int		 cap_perma;	/* guid isPermaLink true or absent */

	size_t		 nchars;	/* characters delivered */
	size_t		 maxchars;
	size_t		 nrefs;		/* entity lookups */
	size_t		 maxrefs;
	/* Rules by the role bit of the parent: most elements match none. */
	unsigned char	 nbyrole[R_NROLES];
	unsigned char	 byrole[R_NROLES][XR_MAXRULES];
	size_t		 ns_next;
	struct {
		const xmlChar	*uri;
		enum ns		 id;
	}		 ns_cache[8];
};

/* xml_rules.c: what the elements we know mean for the feed_doc. */
void	 xr_rules_index(struct xstate *st);
/* The rule for an element under a parent of the given role, or NULL. */
const struct rule *xr_rule_find(const struct xstate *st, unsigned role,
	    enum ns ns, const char *local);
/* The element at st->depth matched r; its values go to sk. */
void	 xr_rule_apply(struct xstate *st, xmlParserCtxtPtr ctxt,
	    const struct rule *r, struct sink *sk, const xmlChar **attrs,
	    int nattrs);
/* The end of the element whose text was being collected. */
void	 xr_cap_end(struct xstate *st);
void	 xr_entry_start(struct xstate *st, xmlParserCtxtPtr ctxt,
	    const xmlChar **attrs, int nattrs);
void	 xr_entry_end(struct xstate *st);
void	 xr_person_end(struct xstate *st);
/* The poll interval the feed asks for, in seconds, or 0 (feed_doc ttl). */
int	 xr_feed_ttl(const struct xstate *st);

void	 xr_sink_for_doc(struct sink *sk, struct feed_doc *d);
void	 xr_sink_clear(struct sink *sk);
/* Store v (owned; NULL is ignored) when it beats what the slot holds. */
void	 xr_sink_str(struct sink *sk, enum slot s, int prio, char *v);
/* A new author of the feed or entry, or NULL when it has enough. */
struct person *xr_sink_person(struct sink *sk);

#endif
