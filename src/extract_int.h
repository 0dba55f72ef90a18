/*
 * extract_int.h - what the parts of the article extractor share: DOM
 * walking helpers (extract.c), the Readability-style content picker
 * (extract_dom.c), the metadata reader (extract_meta.c) and the script
 * reader (extract_ld.c).
 */
#ifndef EXTRACT_INT_H
#define EXTRACT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "feed.h"

struct buf;
struct tz;

/* Content picker passes; each retry drops one (Readability's flags). */
#define EX_STRIP_UNLIKELY	0x01	/* drop nodes with negative hints */
#define EX_WEIGHT_CLASSES	0x02	/* score class and id hints */
#define EX_CLEAN_COND		0x04	/* drop link-heavy or empty blocks */
#define EX_ALL			0x07

/* What extract_meta.c finds; every string owned. */
struct ex_meta {
	char		*title;
	char		*byline;
	char		*lang;
	char		*thumbnail;	/* resolved, http(s) */
	char		*ld_body;	/* JSON-LD articleBody (text or HTML),
					   else a page state object's body */
	struct strvec	 dates;		/* candidates, best first */
};

/* What extract_ld.c finds in JSON-LD; every string owned or NULL. */
struct ex_ld {
	char		*title, *byline, *image, *body, *date, *lang;
};

/* Document order; into children of elements and documents. */
xmlNode	*ex_next(xmlNode *, xmlNode *top);
/* Document order past n's subtree. */
xmlNode	*ex_skip(xmlNode *, xmlNode *top);
int	 ex_is(const xmlNode *, const char *name);
/* Any of the NULL-ended names. */
int	 ex_is_any(const xmlNode *, const char *const *names);
/* Owned attribute value, or NULL. */
char	*ex_attr(const xmlNode *, const char *name);
/* The text of a subtree, raw (appended to b). */
void	 ex_text_raw(const xmlNode *, struct buf *b);
/* The text of a subtree with white space collapsed and trimmed, owned. */
char	*ex_text(const xmlNode *);
/* Characters of a string, counting each run of white space as one. */
size_t	 ex_text_len(const char *);
/* The <body>, else the root element, else NULL. */
xmlNode	*ex_body(htmlDocPtr);
/* The class/id hint of a string: -1 negative, 1 positive, 0 none/both. */
int	 ex_hint(const char *);
/* -25, 0 or 25 per class and per id, as Readability weighs them. */
int	 ex_class_weight(const xmlNode *);
/* Is t a title-like copy of u (same text, ignoring case and spacing)? */
int	 ex_same_text(const char *t, const char *u);

/* Does s look like markup rather than text with a stray '<'? */
int	 ex_looks_html(const char *);

/* The main content as raw HTML (owned), or NULL; mutates doc. */
char	*ex_content(htmlDocPtr doc, int flags, const char *title);

/*
 * Read the page's scripts: JSON-LD into ld, the first date a state
 * object names into state, and a state object's HTML body (owned) into
 * *state_html when it has one.
 */
void	 ex_ld_collect(xmlNode *top, struct ex_ld *ld, struct strvec *state,
	    char **state_html);
void	 ex_ld_free(struct ex_ld *);

void	 ex_meta_collect(htmlDocPtr doc, const char *base,
	    struct ex_meta *m);
/* The first date candidate that parses (zone-less ones read in tz). */
int64_t	 ex_meta_date(const struct ex_meta *, const struct tz *);
/* "2025-02-11 15:49:32" from the first Chinese or ISO-like date in s. */
char	*ex_find_date(const char *s);
void	 ex_meta_free(struct ex_meta *);

/* s with white space collapsed, owned; NULL when nothing is left. */
char	*ex_collapse(const char *s);

#endif
