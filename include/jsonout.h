/*
 * jsonout.h - the `feedctl parse` JSON Lines contract: one feed object,
 * then one object per entry (see DESIGN.md).  Each function returns one
 * owned line without its newline.
 */
#ifndef JSONOUT_H
#define JSONOUT_H

#include "feed.h"

char	*jsonout_feed(const struct feed_doc *);
char	*jsonout_entry(const struct entry *);

#endif
