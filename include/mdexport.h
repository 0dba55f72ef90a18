/*
 * mdexport.h - the [markdown] export: each new or updated entry written
 * as DIR/SLUG-HASH.md (front matter and body), atomically and only when
 * its bytes change; a retitled entry's old file is removed.
 */
#ifndef MDEXPORT_H
#define MDEXPORT_H

#include <stddef.h>

#include <stdint.h>

#include "feed.h"

struct store;
struct markdown_conf;

/*
 * Export the entries with these url_hashes and, with since > 0, every
 * entry first stored since then; counts what was written.
 */
int	mdexport_entries(struct store *, const struct markdown_conf *,
	    const struct strvec *hashes, int64_t since, int *written,
	    char *err, size_t errlen);

#endif
