/*
 * atomicfile.c - replacing the files readers and web servers fetch: they
 * see the old bytes or the new ones, never half a file, and a file whose
 * bytes would not change keeps its mtime (and so its ETag).  Also mkdir -p.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "xmalloc.h"

#define CMP_CHUNK	65536

/*
 * 1 when path is a regular file holding exactly data, else 0.  Any error
 * means "different": the write that follows reports the real problem.
 */
static int
same_bytes(const char *path, const unsigned char *data, size_t len)
{
	struct stat	 st;
	unsigned char	*chunk = NULL;
	size_t		 off = 0;
	ssize_t		 r;
	int		 fd, same = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uintmax_t)st.st_size != (uintmax_t)len)
		goto out;
	chunk = xmalloc(CMP_CHUNK);
	for (;;) {
		r = read(fd, chunk, CMP_CHUNK);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto out;
		if (r == 0)
			break;
		/* The file may have grown since fstat(). */
		if ((size_t)r > len - off ||
		    memcmp(chunk, data + off, (size_t)r) != 0)
			goto out;
		off += (size_t)r;
	}
	same = off == len;
out:
	free(chunk);
	close(fd);
	return same;
}

static int
write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t	 w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
atomicfile_replace(const char *path, const void *data, size_t len,
    int *changed, char *err, size_t errlen)
{
	const char	*slash, *base, *what;
	char		*dir = NULL, *tmp = NULL;
	int		 fd = -1, dfd, rv = -1, saved;

	if (changed != NULL)
		*changed = 0;
	if (same_bytes(path, data, len))
		return 0;

	if ((slash = strrchr(path, '/')) != NULL) {
		dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		base = slash + 1;
	} else {
		dir = xstrdup(".");
		base = path;
	}
	if (*base == '\0') {
		snprintf(err, errlen, "%s: not a file name", path);
		goto out;
	}
	/* Hidden and in the same directory, so rename() stays atomic. */
	xasprintf(&tmp, "%s/.%s.XXXXXX", dir, base);
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errlen, "%s: cannot create temporary file: %s",
		    path, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	what = "write";
	if (write_all(fd, data, len) == -1)
		goto fail;
	what = "chmod";
	if (fchmod(fd, 0644) == -1)
		goto fail;
	what = "fsync";
	if (fsync(fd) == -1)
		goto fail;
	what = "close";
	saved = close(fd);
	fd = -1;
	if (saved == -1)
		goto fail;
	what = "rename";
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	tmp = NULL;
	if (changed != NULL)
		*changed = 1;

	/*
	 * The rename is durable only once the directory is.  Filesystems
	 * that cannot fsync a directory say EINVAL; that is not our failure.
	 */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: open directory: %s", dir,
		    strerror(errno));
		goto out;
	}
	if (fsync(dfd) == -1 && errno != EINVAL) {
		snprintf(err, errlen, "%s: fsync directory: %s", dir,
		    strerror(errno));
		close(dfd);
		goto out;
	}
	close(dfd);
	rv = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s: %s: %s", path, what, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(dir);
	return rv;
}

int
atomicfile_mkdirs(const char *dir, char *err, size_t errlen)
{
	struct stat	 st;
	char		*p, *s;
	int		 rv = -1, last;

	if (dir == NULL || *dir == '\0') {
		snprintf(err, errlen, "empty directory name");
		return -1;
	}
	p = xstrdup(dir);
	/* Each prefix ending before a '/', then the whole path. */
	for (s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		last = *s == '\0';
		*s = '\0';
		if (mkdir(p, 0755) == -1) {
			if (errno != EEXIST) {
				snprintf(err, errlen, "mkdir %s: %s", p,
				    strerror(errno));
				goto out;
			}
			if (stat(p, &st) == -1 || !S_ISDIR(st.st_mode)) {
				snprintf(err, errlen, "%s: not a directory",
				    p);
				goto out;
			}
		}
		if (last)
			break;
		*s = '/';
	}
	rv = 0;
out:
	free(p);
	return rv;
}
