/*
 * feed.h - the structs that flow between pipeline stages.
 *
 * The parser fills the "as parsed" fields of a feed_doc and its entries;
 * the normalizer turns them into the final, sanitized form.  Everything is
 * valid UTF-8; every pointer is owned by the struct it sits in.
 */
#ifndef FEED_H
#define FEED_H

#include <sys/queue.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_NONE	INT64_MIN	/* "no date": not a valid time */

enum feed_format {
	FMT_UNKNOWN = 0,
	FMT_RSS2,	/* RSS 0.91-2.0 (userland/netscape flavours) */
	FMT_RSS1,	/* RSS 1.0 (RDF) */
	FMT_RSS09,	/* RSS 0.90 (RDF with the old namespace) */
	FMT_ATOM10,
	FMT_ATOM03,
	FMT_JSON,	/* JSON Feed 1.0/1.1 */
	FMT_HTML,	/* a listing page read with XPath (kind = html) */
	FMT_PAGE	/* one extracted article (kind = page) */
};

/* How a text field of the document is encoded. */
enum text_kind {
	TEXT_PLAIN = 0,	/* plain text: never interpreted as markup */
	TEXT_HTML,	/* escaped HTML (RSS description, Atom type="html") */
	TEXT_XHTML,	/* Atom type="xhtml": the serialized inner div */
	TEXT_GUESS	/* RSS title and the like: HTML if it looks like it */
};

struct text {
	char		*s;	/* NULL when absent */
	enum text_kind	 kind;
	char		*base;	/* absolute base URL in effect, or NULL */
};

struct person {
	char	*name;
	char	*email;
	char	*uri;
};

struct enclosure {
	char		*url;
	char		*type;
	long long	 length;	/* -1 when unknown */
};

struct strvec {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

struct entry {
	TAILQ_ENTRY(entry) next;

	/* As parsed: raw text; URLs resolved against xml:base and --base. */
	char		*id;		/* guid / id / JSON id, as given */
	char		*link;		/* alternate link */
	struct text	 title;
	struct text	 summary;	/* description / atom:summary */
	struct text	 content;	/* content:encoded / atom:content */
	char		*published_raw;
	char		*updated_raw;
	char		*lang;		/* xml:lang or language in effect */
	struct person	*authors;
	size_t		 nauthors;
	struct enclosure *enclosures;
	size_t		 nenclosures;
	struct strvec	 tags;		/* category terms, raw */
	char		*media_thumbnail;	/* media:thumbnail url */
	char		*media_image;	/* media:content with an image type */
	char		*itunes_image;	/* itunes:image href; JSON "image" */

	/* Set by the normalizer. */
	char		*url;		/* canonical link, or NULL */
	char		 url_hash[65];	/* lowercase hex SHA-256 */
	int64_t		 published;	/* seconds since the epoch or DATE_NONE */
	int64_t		 updated;
	char		*title_text;	/* plain text */
	char		*summary_text;	/* plain text, <= 280 characters */
	char		*content_html;	/* sanitized HTML, or NULL */
	char		*thumbnail;
};

TAILQ_HEAD(entry_list, entry);

struct feed_doc {
	enum feed_format format;
	struct text	 title;
	char		*link;		/* the site (alternate link) */
	char		*id;		/* atom:id, JSON feed_url; NULL for RSS */
	char		*updated_raw;
	char		*lang;
	struct person	*authors;	/* feed-level authors (Atom, JSON) */
	size_t		 nauthors;
	struct entry_list entries;
	size_t		 nentries;

	/* Set by the normalizer. */
	char		*title_text;
	int64_t		 updated;

	/*
	 * As parsed: how often the publisher asks to be polled, in seconds
	 * (RSS <ttl>, sy:updatePeriod/updateFrequency), 0 when it does not
	 * say.  For the scheduler only: not in `feedctl parse` output.
	 */
	int		 ttl;
	/*
	 * libxml2 recovered from an error in the document.  From then on
	 * it drops every entity reference in text it reads itself
	 * (libxml2's xmlParseReference), "&amp;" included; xmlprep decodes
	 * the text of leaf elements before it (xmlprep.c: text_take).
	 */
	int		 malformed;
};

struct feed_doc	*feed_doc_new(void);
void		 feed_doc_free(struct feed_doc *);
struct entry	*entry_new(void);
void		 entry_free(struct entry *);
void		 feed_doc_add_entry(struct feed_doc *, struct entry *);
struct person	*person_add(struct person **, size_t *);
void		 persons_free(struct person *, size_t);
struct enclosure *enclosure_add(struct enclosure **, size_t *);
void		 text_set(struct text *, char *, enum text_kind, const char *);
void		 text_clear(struct text *);
const char	*feed_format_name(enum feed_format);

void		 strvec_push(struct strvec *, const char *);
void		 strvec_push_owned(struct strvec *, char *);
int		 strvec_contains(const struct strvec *, const char *);
void		 strvec_clear(struct strvec *);
/*
 * A set of strings (owned copies) with constant-time membership, for
 * lists that grow with a document: a feed of 100,000 entries made the
 * linear strvec_contains quadratic.
 */
struct strset {
	char	**v;
	size_t	  cap, n;
};
int		 strset_add(struct strset *, const char *);	/* 1 if new */
int		 strset_has(const struct strset *, const char *);
void		 strset_clear(struct strset *);

#endif /* FEED_H */
