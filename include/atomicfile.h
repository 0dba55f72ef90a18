/*
 * atomicfile.h - replace a file others read: temp file in the same
 * directory, checked writes, fsync, rename, fsync the directory; and no
 * write at all when the bytes would not change.
 */
#ifndef ATOMICFILE_H
#define ATOMICFILE_H

#include <stddef.h>

/*
 * Make path hold exactly data.  *changed is 1 when the file was (re)written,
 * 0 when it already held these bytes.  -1 with a message on failure, and
 * the old file is left as it was.
 */
int	atomicfile_replace(const char *path, const void *data, size_t len,
	    int *changed, char *err, size_t errlen);
/* mkdir -p with mode 0755; -1 with a message on failure. */
int	atomicfile_mkdirs(const char *dir, char *err, size_t errlen);

#endif
