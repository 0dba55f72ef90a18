/*
 * xml_rules.c - what the RSS, RDF, Atom, Dublin Core, content, iTunes,
 * Media RSS, FeedBurner and syndication elements mean for the feed_doc:
 * the rule table keyed on the parent's role, the prioritized sinks of the
 * feed and the current entry, the values read from attributes and
 * collected text, and the feed's poll interval hints.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "feed.h"
#include "xmalloc.h"
#include "xml_capture.h"
#include "xml_int.h"
#include "xml_value.h"

#define XP_MAXENTRIES	200000	/* a feed with more is an attack */
#define XP_MAXTAGS	512	/* per entry: the normalizer de-dups them */
#define XP_MAXENCL	64	/* per entry: ditto, quadratically */
#define XP_MAXAUTHORS	64
#define XP_DAY		86400
#define XP_TTLMAX	(365 * XP_DAY)	/* a longer poll interval is absurd */

#define IANA_ALTERNATE	"http://www.iana.org/assignments/relation/alternate"
#define IANA_ENCLOSURE	"http://www.iana.org/assignments/relation/enclosure"

static const struct rule rules[] = {
	{ R_RSSROOT, NS_CORE, "channel", A_CHANNEL, 0, 0, 0 },

	{ R_CHAN, NS_CORE, "title", A_TEXT, S_TITLE, 20, TEXT_GUESS },
	{ R_CHAN, NS_CORE, "link", A_URL, S_LINK, 20, 0 },
	{ R_CHAN, NS_CORE, "lastBuildDate", A_RAW, S_UPD, 30, 0 },
	{ R_CHAN, NS_CORE, "pubDate", A_RAW, S_UPD, 20, 0 },
	{ R_CHAN, NS_CORE, "language", A_LANG, S_LANG, 10, 0 },
	{ R_CHAN, NS_DC, "date", A_RAW, S_UPD, 10, 0 },
	{ R_CHAN | R_ITEM, NS_ATOM10, "link", A_ALINK, 0, 0, 0 },
	{ R_CHAN, NS_CORE, "ttl", A_TTL, 0, 0, 0 },
	{ R_FEED, NS_SY, "updatePeriod", A_SYPERIOD, 0, 0, 0 },
	{ R_FEED, NS_SY, "updateFrequency", A_SYFREQ, 0, 0, 0 },

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

_Static_assert(sizeof(rules) / sizeof(rules[0]) <= XR_MAXRULES,
    "XR_MAXRULES is too small for the rule table");

/* Attribute as a URL resolved against the base in effect, or NULL. */
static char *
attr_url(struct xstate *st, xmlParserCtxtPtr ctxt, const xmlChar **attrs,
    int nattrs, const char *local)
{
	char	*v, *u;

	if ((v = xval_attr_get(ctxt, attrs, nattrs, local)) == NULL)
		return NULL;
	u = xval_url(v, strlen(v), st->base[st->depth]);
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
	xval_trim(&s, &n);
	if (n == 0)
		return -1;
	for (; n > 0; s++, n--) {
		if (*s < '0' || *s > '9' || v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* A count in decimal digits, saturated at max; -1 when not one. */
static long
parse_count(const char *s, size_t n, long max)
{
	long	 v = 0;

	xval_trim(&s, &n);
	if (n == 0)
		return -1;
	for (; n > 0; s++, n--) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v > max / 10 ? max : v * 10 + (*s - '0');
	}
	return v > max ? max : v;
}

/* sy:updatePeriod in seconds, or 0 when it is none of the five. */
static int
sy_period(const char *s, size_t n)
{
	static const struct {
		const char	*name;
		int		 secs;
	} periods[] = {
		{ "hourly", 3600 },
		{ "daily", XP_DAY },
		{ "weekly", 7 * XP_DAY },
		{ "monthly", 30 * XP_DAY },
		{ "yearly", 365 * XP_DAY },
	};
	size_t	 i;

	xval_trim(&s, &n);
	for (i = 0; i < sizeof(periods) / sizeof(periods[0]); i++)
		if (n == strlen(periods[i].name) &&
		    strncasecmp(s, periods[i].name, n) == 0)
			return periods[i].secs;
	return 0;
}

/*
 * The larger of RSS <ttl> and the syndication module's period divided by
 * its frequency (the period defaults to daily, the frequency to 1): a
 * feed that says both is polled as rarely as either asks.  The first
 * valid value of each element counts; <ttl> is capped at a year.
 */
int
xr_feed_ttl(const struct xstate *st)
{
	int	 sy = 0;

	if (st->sy_period != 0 || st->sy_freq != 0) {
		sy = (st->sy_period != 0 ? st->sy_period : XP_DAY) /
		    (st->sy_freq != 0 ? st->sy_freq : 1);
		if (sy < 1)
			sy = 1;
	}
	return st->rss_ttl > sy ? st->rss_ttl : sy;
}

static void
sink_init(struct sink *sk)
{
	memset(sk, 0, sizeof(*sk));
}

void
xr_sink_clear(struct sink *sk)
{
	free(sk->itauthor);
	free(sk->guidlink);
	sink_init(sk);
}

void
xr_sink_for_doc(struct sink *sk, struct feed_doc *d)
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
void
xr_sink_str(struct sink *sk, enum slot s, int prio, char *v)
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

struct person *
xr_sink_person(struct sink *sk)
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
		if (xval_is_space((unsigned char)s[i]) || s[i] == '<' ||
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

	xval_trim(&s, &n);
	if (n >= 7 && strncasecmp(s, "mailto:", 7) == 0) {
		s += 7;
		n -= 7;
	}
	if (n == 0 || (p = xr_sink_person(sk)) == NULL)
		return;
	lt = memchr(s, '<', n);
	gt = lt != NULL ? memchr(lt, '>', s + n - lt) : NULL;
	if ((op = memchr(s, '(', n)) != NULL) {
		for (q = op; q < s + n; q++)
			if (*q == ')')
				cp = q;
		an = op - s;
		xval_trim(&a, &an);
	}
	if (gt != NULL) {
		p->name = xval_trimmed(s, lt - s);
		p->email = xval_trimmed(lt + 1, gt - lt - 1);
	} else if (cp != NULL && looks_like_email(a, an)) {
		p->email = xstrndup(a, an);
		p->name = xval_trimmed(op + 1, cp - op - 1);
	} else if (looks_like_email(s, n))
		p->email = xstrndup(s, n);
	else
		p->name = xstrndup(s, n);
}

static void
add_tag(struct entry *e, const char *s, size_t n)
{
	char	*t;

	if (e->tags.n >= XP_MAXTAGS || (t = xval_trimmed(s, n)) == NULL)
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
	    xval_has_prefix_ci(type, "text/html"))
		k = TEXT_HTML;
	else if (strcasecmp(type, "xhtml") == 0 ||
	    xval_has_prefix_ci(type, "application/xhtml+xml"))
		k = TEXT_XHTML;
	else if (xval_has_prefix_ci(type, "text/"))
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
		return k == TEXT_XHTML || !xval_has_prefix_ci(type != NULL ?
		    type : "text/", "text/") ? AK_IGNORE : k;
	}
	if (strcasecmp(mode, "xml") == 0)
		return k == TEXT_PLAIN ? TEXT_PLAIN : TEXT_XHTML;
	return k;
}

static void
cap_begin(struct xstate *st, const struct rule *r, struct sink *sk,
    enum text_kind kind, int flags)
{
	xcap_begin(&st->cap, st->depth, flags);
	st->cap_rule = r;
	st->cap_sink = sk;
	st->cap_kind = kind;
}

void
xr_person_end(struct xstate *st)
{
	struct person	*p;
	struct sink	*sk = st->person_sink;

	if (sk != NULL && (st->person.name != NULL ||
	    st->person.email != NULL || st->person.uri != NULL) &&
	    (p = xr_sink_person(sk)) != NULL) {
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

/* The end of the element whose text was being collected. */
void
xr_cap_end(struct xstate *st)
{
	const struct rule	*r = st->cap_rule;
	struct sink		*sk = st->cap_sink;
	const char		*base = st->base[st->cap.depth];
	const char		*s = buf_cstr(&st->cap.text);
	size_t			 n = st->cap.text.len;
	struct entry		*e = st->entry;
	struct person		*p;
	char			*v, **pf;
	long			 l;

	st->cap.depth = 0;
	if (sk == NULL)
		return;
	switch (r->act) {
	case A_TEXT:
	case A_ATEXT:
	case A_XBODY:
		sink_text(sk, r->slot, r->prio, xcap_text(&st->cap),
		    st->cap_kind, base);
		break;
	case A_URL:
		xr_sink_str(sk, r->slot, r->prio, xval_url(s, n, base));
		break;
	case A_RAW:
		if (!xval_is_blank(s, n))
			xr_sink_str(sk, r->slot, r->prio, xcap_take(&st->cap));
		break;
	case A_ID:
	case A_LANG:
		xr_sink_str(sk, r->slot, r->prio, xval_trimmed(s, n));
		break;
	case A_GUID:
		if ((v = xval_trimmed(s, n)) == NULL)
			break;
		if (st->cap_perma && sk->guidlink == NULL &&
		    (xval_has_prefix_ci(v, "http://") ||
		    xval_has_prefix_ci(v, "https://")))
			sk->guidlink = xval_url(v, strlen(v), base);
		xr_sink_str(sk, r->slot, r->prio, v);
		break;
	case A_RSSAUTHOR:
		rss_author(sk, s, n);
		break;
	case A_CREATOR:
		if (!xval_is_blank(s, n) && (p = xr_sink_person(sk)) != NULL)
			p->name = xcap_take(&st->cap);
		break;
	case A_ITAUTHOR:
		if (sk->itauthor == NULL && !xval_is_blank(s, n))
			sk->itauthor = xcap_take(&st->cap);
		break;
	case A_CATEGORY:
		if (e != NULL && sk == &st->esink)
			add_tag(e, s, n);
		break;
	case A_PNAME:
	case A_PEMAIL:
		pf = r->act == A_PNAME ? &st->person.name : &st->person.email;
		if (*pf == NULL && !xval_is_blank(s, n))
			*pf = xcap_take(&st->cap);
		break;
	case A_PURI:
		if (st->person.uri == NULL)
			st->person.uri = xval_url(s, n, base);
		break;
	case A_TTL:
		if (st->rss_ttl == 0 &&
		    (l = parse_count(s, n, XP_TTLMAX / 60)) > 0)
			st->rss_ttl = (int)l * 60;
		break;
	case A_SYPERIOD:
		if (st->sy_period == 0)
			st->sy_period = sy_period(s, n);
		break;
	case A_SYFREQ:
		if (st->sy_freq == 0 && (l = parse_count(s, n, XP_TTLMAX)) > 0)
			st->sy_freq = (int)l;
		break;
	default:
		break;
	}
}

void
xr_entry_end(struct xstate *st)
{
	struct entry	*e = st->entry;
	struct sink	*sk = &st->esink;
	struct person	*p;

	if (st->person_depth != 0 && st->person_sink == sk)
		xr_person_end(st);
	if (st->cap.depth != 0 && st->cap_sink == sk)
		st->cap_sink = NULL;
	if (e->link == NULL && sk->guidlink != NULL) {
		e->link = sk->guidlink;
		sk->guidlink = NULL;
	}
	if (e->nauthors == 0 && sk->itauthor != NULL &&
	    (p = xr_sink_person(sk)) != NULL) {
		p->name = sk->itauthor;
		sk->itauthor = NULL;
	}
	xr_sink_clear(sk);
	if (st->doc->nentries < XP_MAXENTRIES)
		feed_doc_add_entry(st->doc, e);
	else
		entry_free(e);
	st->entry = NULL;
	st->entry_depth = 0;
}

void
xr_entry_start(struct xstate *st, xmlParserCtxtPtr ctxt, const xmlChar **attrs,
    int nattrs)
{
	const xmlChar	**a;
	int		  d = st->depth;
	char		 *v;

	if (st->entry != NULL)	/* an <item> left open: recover */
		xr_entry_end(st);
	if (st->person_depth != 0)
		xr_person_end(st);
	st->entry = entry_new();
	st->entry_depth = d;
	sink_for_entry(&st->esink, st->entry);
	st->role[d] = st->atom ? R_AENTRY : R_ITEM;
	if (st->lang[d] != NULL)
		xr_sink_str(&st->esink, S_LANG, 20, xstrdup(st->lang[d]));
	/* RSS 1.0: the item's URI is its identity. */
	if (!st->atom &&
	    ((a = xval_attr_find(attrs, nattrs, NS_RDF_URI, "about")) != NULL ||
	    (a = xval_attr_find(attrs, nattrs, NULL, "about")) != NULL)) {
		v = xval_attr_value(ctxt, a);
		xr_sink_str(&st->esink, S_ID, 10, xval_trimmed(v, strlen(v)));
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
	rel = xval_attr_get(ctxt, attrs, nattrs, "rel");
	type = xval_attr_get(ctxt, attrs, nattrs, "type");
	r = rel != NULL ? rel : "alternate";
	n = strlen(r);
	xval_trim(&r, &n);
	if ((n == 9 && strncasecmp(r, "alternate", 9) == 0) ||
	    (n == strlen(IANA_ALTERNATE) &&
	    strncmp(r, IANA_ALTERNATE, n) == 0)) {
		prio = type != NULL &&
		    xval_has_prefix_ci(type, "text/html") ? 11 : 10;
		xr_sink_str(sk, S_LINK, prio, href);
		href = NULL;
	} else if (((n == 9 && strncasecmp(r, "enclosure", 9) == 0) ||
	    (n == strlen(IANA_ENCLOSURE) &&
	    strncmp(r, IANA_ENCLOSURE, n) == 0)) &&
	    st->entry != NULL && sk == &st->esink) {
		len = xval_attr_get(ctxt, attrs, nattrs, "length");
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
	type = xval_attr_get(ctxt, attrs, nattrs, "type");
	medium = xval_attr_get(ctxt, attrs, nattrs, "medium");
	size = xval_attr_get(ctxt, attrs, nattrs, "fileSize");
	if (e->media_image == NULL &&
	    ((medium != NULL && strcasecmp(medium, "image") == 0) ||
	    (type != NULL && xval_has_prefix_ci(type, "image/")) ||
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
	int	 kind, b64, flags;

	src = xval_attr_get(ctxt, attrs, nattrs, "src");
	type = xval_attr_trimmed(ctxt, attrs, nattrs, "type");
	mode = xval_attr_trimmed(ctxt, attrs, nattrs, "mode");
	kind = src != NULL ? AK_IGNORE : atom_kind(type, mode, &b64);
	free(src);
	free(type);
	free(mode);
	if (kind == AK_IGNORE)
		return 0;
	if (b64)
		flags = XCAP_B64;
	else if (kind == TEXT_XHTML)
		flags = XCAP_MARKUP | XCAP_ESCTOP | XCAP_STRIP;
	else if (kind != TEXT_PLAIN)
		flags = XCAP_MARKUP;
	else
		flags = 0;
	cap_begin(st, r, sk, kind, flags);
	return 1;
}

void
xr_rule_apply(struct xstate *st, xmlParserCtxtPtr ctxt, const struct rule *r,
    struct sink *sk, const xmlChar **attrs, int nattrs)
{
	int	 d = st->depth, flags;
	char	*v, *w;

	switch (r->act) {
	case A_CHANNEL:
		st->role[d] = R_CHAN;
		if (st->lang[d] != NULL)
			xr_sink_str(&st->fsink, S_LANG, 25,
			    xstrdup(st->lang[d]));
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
		if (r->act == A_XBODY)
			flags = XCAP_MARKUP | XCAP_ESCTOP;
		else if (r->act == A_TEXT && r->kind != TEXT_PLAIN)
			flags = XCAP_MARKUP;
		else
			flags = 0;
		cap_begin(st, r, sk, r->kind, flags);
		if (r->act == A_GUID) {
			/* RSS 2.0: a guid is a permalink unless it says no. */
			st->cap_perma = 1;
			if ((v = xval_attr_get(ctxt, attrs, nattrs,
			    "isPermaLink")) != NULL) {
				w = xval_trimmed(v, strlen(v));
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
	case A_TTL:
	case A_SYPERIOD:
	case A_SYFREQ:
		cap_begin(st, r, sk, TEXT_PLAIN, 0);
		return;
	case A_PERSON:
		if (st->person_depth != 0)
			xr_person_end(st);
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
		if ((v = xval_attr_get(ctxt, attrs, nattrs, "label")) == NULL ||
		    xval_is_blank(v, strlen(v))) {
			free(v);
			v = xval_attr_get(ctxt, attrs, nattrs, "term");
		}
		if (v != NULL)
			add_tag(st->entry, v, strlen(v));
		free(v);
		break;
	case A_ENCLOSURE:
		v = xval_attr_get(ctxt, attrs, nattrs, "length");
		add_enclosure(st->entry, attr_url(st, ctxt, attrs, nattrs,
		    "url"), xval_attr_get(ctxt, attrs, nattrs, "type"), v);
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

void
xr_rules_index(struct xstate *st)
{
	size_t	 i, k;

	for (k = 0; k < R_NROLES; k++)
		for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
			if (rules[i].ctx & (1u << k))
				st->byrole[k][st->nbyrole[k]++] =
				    (unsigned char)i;
}

/* The rule for an element under a parent of the given role, or NULL. */
const struct rule *
xr_rule_find(const struct xstate *st, unsigned role, enum ns ns,
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
