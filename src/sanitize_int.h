/*
 * sanitize_int.h - what sanitize.c and sanitize_attr.c share: the state of
 * one sanitizing pass and the checks on attribute values.
 */
#ifndef SANITIZE_INT_H
#define SANITIZE_INT_H

#include <stddef.h>

#include "buf.h"

struct html_attr;

struct san {
	struct buf	 out;
	const char	*base;		/* for relative URLs; may be NULL */
	char		*first_img;	/* the first absolute image kept */
};

/* The index in a[n] of the attribute called name, any case, or n. */
size_t	 san_attr_find(const struct html_attr *a, size_t n,
	    const char *name);
/* An <a href> to write, owned, or NULL to drop the link. */
char	*san_href(struct san *, const char *value);
/*
 * The src to write for an <img> with the attributes a[na], owned, or NULL
 * when there is none; *where is the attribute whose place it takes.
 */
char	*san_img_src(struct san *, const struct html_attr *a, size_t na,
	    size_t *where);
/*
 * Any other attribute of elem: its checked value, owned, with *name the
 * name to write, or NULL to drop it (href and src are the callers').
 */
char	*san_attr(struct san *, const char *elem, const struct html_attr *,
	    const char **name);

#endif
