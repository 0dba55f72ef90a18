/*
 * markdown_int.h - what the two halves of the HTML to Markdown conversion
 * share: markdown.c (blocks: paragraphs, headings, lists, quotes, code,
 * tables) and markdown_inline.c (inline runs, escaping, links, images).
 */
#ifndef MARKDOWN_INT_H
#define MARKDOWN_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "buf.h"

/* Past this nesting, blocks become one paragraph and inlines plain text. */
#define MD_MAXDEPTH	64
#define MD_MAXCOLS	64

/*
 * Marks in an inline run.  Whether an emphasis delimiter works depends on
 * the characters around it (CommonMark's flanking rules), which are only
 * known once the paragraph is complete; a hard break is kept as a mark so
 * that a literal backslash in the text cannot be mistaken for one.  Text
 * never holds control characters, so the marks cannot be forged.
 */
#define M_EM_OPEN	'\001'
#define M_EM_CLOSE	'\002'
#define M_STRONG_OPEN	'\003'
#define M_STRONG_CLOSE	'\004'
#define M_BREAK		'\005'
#define IS_DELIM(c)	((c) >= M_EM_OPEN && (c) <= M_STRONG_CLOSE)
#define IS_OPEN(c)	((c) == M_EM_OPEN || (c) == M_STRONG_OPEN)

enum md_blk { BLK_PARA, BLK_UL, BLK_OL, BLK_OTHER };

struct md {
	const char	*base;
	int		 in_link;
	int		 in_em;		/* "*a *b* c*" would not nest */
	int		 in_strong;
	int		 flat;	/* heading or table cell: one line */
};

/* The blocks of one container, in order. */
struct md_blocks {
	struct buf	 b;
	enum md_blk	 last;
	int		 n;
	int		 item;		/* a list item: a list may follow text */
	int		 blankjoin;	/* two blocks here sit a blank line apart */
	char		 ulmark;	/* the last bullet list's marker */
	char		 olmark;	/* the last ordered list's delimiter */
};

int	 md_is(const xmlNode *, const char *name);
int	 md_in(const char *name, const char *const *list);
int	 md_is_block(const xmlNode *);
/* Owned attribute value, or NULL. */
char	*md_attr(xmlNode *, const char *name);
void	 md_trim_run(struct buf *run);
void	 md_textz(struct buf *run, const char *s);
char	*md_resolve(const char *s, size_t len, int flat);
void	 md_dest(struct buf *o, const char *u);
void	 md_children(struct md *, xmlNode *, struct buf *run, int depth);
/* Text content with <br> as sep, for code. */
void	 md_rawtext(xmlNode *root, struct buf *o, const char *br);
void	 md_inline(struct md *, xmlNode *, struct buf *run, int depth);

#endif
