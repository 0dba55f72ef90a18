/*
 * atom.h - writing Atom 1.0 (RFC 4287) and OPML documents (the bytes
 * libxml2's xmlTextWriter would write, by a smaller writer of our own).
 * Pure: entries in, bytes out; files are atomicfile.h's job.
 */
#ifndef ATOM_H
#define ATOM_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "store.h"

struct atom_meta {
	const char	*id;		/* feed id (an IRI) */
	const char	*title;
	const char	*self_url;	/* link rel="self" */
	const char	*alt_url;	/* link rel="alternate", may be NULL */
	const char	*generator_version;
	int64_t		 updated;	/* newest entry's updated, or now */
};

struct atom_writer;

/* Start a document; entries follow with atom_add(), then atom_finish(). */
struct atom_writer *atom_begin(const struct atom_meta *);
int	 atom_add(struct atom_writer *, const struct entry_view *);
/* Append the document to out and free the writer; -1 on a writer error. */
int	 atom_finish(struct atom_writer *, struct buf *out);
void	 atom_abort(struct atom_writer *);

/* One OPML 2.0 outline per feed. */
int	 opml_write(const struct store_feed *feeds, size_t n, const char *title,
	    struct buf *out);

/*
 * A file-name and URL-safe slug for a tag: lowercase ASCII letters and
 * digits, '-' for runs of anything else; other Unicode letters (Chinese)
 * are kept as they are.  Never empty, never "." or "..", no '/'.  Owned.
 */
char	*tag_slug(const char *tag);

#endif
