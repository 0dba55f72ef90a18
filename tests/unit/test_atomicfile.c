/*
 * test_atomicfile.c - unit tests for atomicfile.c in a private mkdtemp
 * directory: new files, unchanged bytes that must not touch the file
 * (same inode, same mtime), changed bytes that replace it, failures that
 * leave nothing behind, and mkdir -p.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "t.h"

#define OLD_MTIME	1000000000	/* 2001: surely not "now" */

static char	 tmpdir[] = "/tmp/test_atomicfile.XXXXXX";

static char *
path_of(const char *name)
{
	static char	 p[4][512];
	static int	 i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", tmpdir, name);
	return p[i];
}

/* The whole file, or NULL; *len its size. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*s;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		fclose(f);
		return NULL;
	}
	s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

static int
holds(const char *path, const void *data, size_t len)
{
	char	*s;
	size_t	 n;
	int	 same;

	if ((s = slurp(path, &n)) == NULL)
		return 0;
	same = n == len && memcmp(s, data, len) == 0;
	free(s);
	return same;
}

/* Names in dir (hidden ones included, . and .. not), or -1. */
static int
count_entries(const char *dir, int *hidden)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	*hidden = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n++;
		if (de->d_name[0] == '.')
			(*hidden)++;
	}
	closedir(d);
	return n;
}

static void
age(const char *path)
{
	struct timespec	 ts[2];

	ts[0].tv_sec = ts[1].tv_sec = OLD_MTIME;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	utimensat(AT_FDCWD, path, ts, 0);
}

static void
test_replace(void)
{
	struct stat	 st0, st1;
	char		 err[256];
	const char	*p = path_of("atom.xml");
	char		*got;
	size_t		 len;
	int		 changed, hidden;

	changed = -1;
	err[0] = '\0';
	t_ok(atomicfile_replace(p, "hello\n", 6, &changed, err,
	    sizeof(err)) == 0, "new file: success");
	t_ok(changed == 1, "new file: changed");
	got = slurp(p, &len);
	t_streq(got, "hello\n", "new file: content");
	free(got);
	t_ok(stat(p, &st0) == 0 && (st0.st_mode & 07777) == 0644,
	    "new file: mode 0644");
	t_ok(count_entries(tmpdir, &hidden) == 1 && hidden == 0,
	    "new file: no temporary file left");

	age(p);
	stat(p, &st0);
	changed = -1;
	t_ok(atomicfile_replace(p, "hello\n", 6, &changed, err,
	    sizeof(err)) == 0, "same bytes: success");
	t_ok(changed == 0, "same bytes: not changed");
	t_ok(stat(p, &st1) == 0 && st1.st_ino == st0.st_ino &&
	    st1.st_mtime == OLD_MTIME, "same bytes: same inode and mtime");

	changed = -1;
	t_ok(atomicfile_replace(p, "hellO\n", 6, &changed, err,
	    sizeof(err)) == 0 && changed == 1,
	    "same size, other bytes: changed");
	t_ok(holds(p, "hellO\n", 6), "same size, other bytes: content");
	t_ok(stat(p, &st1) == 0 && st1.st_ino != st0.st_ino &&
	    st1.st_mtime != OLD_MTIME, "same size, other bytes: new inode");

	changed = -1;
	t_ok(atomicfile_replace(p, "hellO\nmore", 10, &changed, err,
	    sizeof(err)) == 0 && changed == 1 &&
	    holds(p, "hellO\nmore", 10), "longer: changed");
	changed = -1;
	t_ok(atomicfile_replace(p, "", 0, &changed, err, sizeof(err)) == 0 &&
	    changed == 1 && holds(p, "", 0), "empty: changed to empty");
	changed = -1;
	t_ok(atomicfile_replace(p, "", 0, &changed, err, sizeof(err)) == 0 &&
	    changed == 0, "empty: empty again is no change");
	t_ok(atomicfile_replace(p, "x", 1, NULL, err, sizeof(err)) == 0 &&
	    holds(p, "x", 1), "changed may be NULL");
	t_ok(count_entries(tmpdir, &hidden) == 1 && hidden == 0,
	    "after rewrites: still one file, no temporary file");
	unlink(p);
}

/* Bigger than one comparison chunk, differing only in the last byte. */
static void
test_large(void)
{
	struct stat	 st0, st1;
	char		 err[256];
	const char	*p = path_of("big.xml");
	char		*data;
	size_t		 len = 3 * 65536 + 123, i;
	int		 changed;

	data = malloc(len);
	for (i = 0; i < len; i++)
		data[i] = (char)('a' + i % 26);
	t_ok(atomicfile_replace(p, data, len, &changed, err,
	    sizeof(err)) == 0 && changed == 1, "large: written");
	age(p);
	stat(p, &st0);
	t_ok(atomicfile_replace(p, data, len, &changed, err,
	    sizeof(err)) == 0 && changed == 0, "large: same bytes, no change");
	t_ok(stat(p, &st1) == 0 && st1.st_ino == st0.st_ino &&
	    st1.st_mtime == OLD_MTIME, "large: untouched");
	data[len - 1] = '!';
	t_ok(atomicfile_replace(p, data, len, &changed, err,
	    sizeof(err)) == 0 && changed == 1 && holds(p, data, len),
	    "large: last byte differs, rewritten");
	free(data);
	unlink(p);
}

static void
test_failures(void)
{
	char		 err[256], sub[512];
	const char	*p;
	int		 changed, hidden;

	err[0] = '\0';
	changed = -1;
	p = path_of("missing/dir/atom.xml");
	t_ok(atomicfile_replace(p, "x", 1, &changed, err, sizeof(err)) == -1,
	    "missing directory: fails");
	t_ok(err[0] != '\0' && strstr(err, "atom.xml") != NULL,
	    "missing directory: message names the file");
	t_ok(changed == 0, "missing directory: not changed");
	t_ok(count_entries(tmpdir, &hidden) == 0,
	    "missing directory: nothing left behind");

	/* A directory where the file should be: rename fails, temp goes. */
	snprintf(sub, sizeof(sub), "%s", path_of("isdir"));
	mkdir(sub, 0755);
	err[0] = '\0';
	t_ok(atomicfile_replace(sub, "x", 1, &changed, err,
	    sizeof(err)) == -1 && err[0] != '\0', "directory in the way: fails");
	t_ok(count_entries(tmpdir, &hidden) == 1 && hidden == 0,
	    "directory in the way: temporary file removed");
	t_ok(count_entries(sub, &hidden) == 0,
	    "directory in the way: directory untouched");
	rmdir(sub);

	err[0] = '\0';
	t_ok(atomicfile_replace(path_of(""), "x", 1, &changed, err,
	    sizeof(err)) == -1 && err[0] != '\0', "no file name: fails");

	/* Unwritable directory: only meaningful when not root. */
	if (geteuid() != 0) {
		snprintf(sub, sizeof(sub), "%s", path_of("ro"));
		mkdir(sub, 0555);
		snprintf(sub, sizeof(sub), "%s", path_of("ro/atom.xml"));
		t_ok(atomicfile_replace(sub, "x", 1, &changed, err,
		    sizeof(err)) == -1 && strstr(err, "temporary") != NULL,
		    "read-only directory: fails with a message");
		rmdir(path_of("ro"));
	} else
		t_ok(1, "read-only directory: skipped as root");
}

static void
test_mkdirs(void)
{
	struct stat	 st;
	char		 err[256], d[512];
	int		 fd;

	snprintf(d, sizeof(d), "%s", path_of("a/b/c/d"));
	t_ok(atomicfile_mkdirs(d, err, sizeof(err)) == 0, "mkdirs: nested");
	t_ok(stat(d, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_mode & 0777) == 0755,
	    "mkdirs: directory exists with mode 0755");
	t_ok(atomicfile_mkdirs(d, err, sizeof(err)) == 0,
	    "mkdirs: existing is fine");
	snprintf(d, sizeof(d), "%s", path_of("a//b/e/"));
	t_ok(atomicfile_mkdirs(d, err, sizeof(err)) == 0 &&
	    stat(path_of("a/b/e"), &st) == 0,
	    "mkdirs: double and trailing slashes");

	fd = open(path_of("a/file"), O_WRONLY | O_CREAT, 0644);
	close(fd);
	snprintf(d, sizeof(d), "%s", path_of("a/file/sub"));
	err[0] = '\0';
	t_ok(atomicfile_mkdirs(d, err, sizeof(err)) == -1 && err[0] != '\0',
	    "mkdirs: a file in the way fails with a message");
	t_ok(atomicfile_mkdirs("", err, sizeof(err)) == -1,
	    "mkdirs: empty name fails");

	/* A file written into the new tree, then the tree removed. */
	t_ok(atomicfile_replace(path_of("a/b/c/d/x.xml"), "y", 1, NULL, err,
	    sizeof(err)) == 0, "mkdirs: usable for atomicfile_replace");
	unlink(path_of("a/b/c/d/x.xml"));
	unlink(path_of("a/file"));
	rmdir(path_of("a/b/c/d"));
	rmdir(path_of("a/b/c"));
	rmdir(path_of("a/b/e"));
	rmdir(path_of("a/b"));
	rmdir(path_of("a"));
}

int
main(void)
{
	int	 hidden;

	umask(022);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_replace();
	test_large();
	test_failures();
	test_mkdirs();
	t_ok(count_entries(tmpdir, &hidden) == 0, "cleanup: directory empty");
	rmdir(tmpdir);
	return t_done();
}
