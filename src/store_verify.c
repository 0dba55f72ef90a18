/*
 * store_verify.c - refuse a damaged database before anything writes to
 * it, without paying a full check on every start: a feedd that closed the
 * database cleanly leaves a stamp (DATABASE.clean: device, inode, size,
 * modification time) and the next start trusts a file that still matches
 * it.  A crash, a copy, a restore or an edit by another program leaves no
 * matching stamp, and then PRAGMA quick_check reads the whole file.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "store_int.h"
#include "xmalloc.h"

static char *
stamp_path(const char *db)
{
	char	*p;

	xasprintf(&p, "%s.clean", db);
	return p;
}

/* The stamp of db as it is now; -1 if it cannot be vouched for. */
static int
stamp_of(const char *db, char *out, size_t outlen)
{
	struct stat	 sb;
	char		*wal;
	int		 busy;

	if (stat(db, &sb) == -1)
		return -1;
	/* Committed transactions still in the WAL: not a clean close. */
	xasprintf(&wal, "%s-wal", db);
	busy = access(wal, F_OK) == 0;
	if (busy) {
		struct stat	 wb;

		busy = stat(wal, &wb) == 0 && wb.st_size > 0;
	}
	free(wal);
	if (busy)
		return -1;
	snprintf(out, outlen, "feedd-clean 1 %ju %ju %jd %jd.%09ld\n",
	    (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino, (intmax_t)sb.st_size,
	    (intmax_t)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec);
	return 0;
}

/* The stamp file says db is as a clean close left it.  Removes it. */
static int
stamp_matches(const char *db)
{
	char	*path, want[160], got[160];
	ssize_t	 n = -1;
	int	 fd;

	path = stamp_path(db);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) != -1) {
		n = read(fd, got, sizeof(got) - 1);
		close(fd);
	}
	/* Good for one start only: a crash from here on leaves none. */
	unlink(path);
	free(path);
	if (n <= 0)
		return 0;
	got[n] = '\0';
	return stamp_of(db, want, sizeof(want)) == 0 &&
	    strcmp(want, got) == 0;
}

int
store_verify(const char *db, int *checked, char *err, size_t errlen)
{
	sqlite3		*h = NULL;
	sqlite3_stmt	*st = NULL;
	const char	*res;
	char		*p, *msg = NULL;
	int		 rv = -1;

	*checked = 0;
	if (access(db, F_OK) == -1)
		return 0;	/* store_open creates it */
	if (stamp_matches(db))
		return 0;
	*checked = 1;
	/*
	 * Read-write so that a WAL left by a crash is read too, but with no
	 * checkpoint at close: a damaged file stays exactly as it was.
	 */
	store_sqlite_setup();
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", db, h != NULL ?
		    sqlite3_errmsg(h) : "cannot open the database");
		goto out;
	}
	sqlite3_db_config(h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_prepare_v2(h, "PRAGMA quick_check(1)", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "%s: %s", db, sqlite3_errmsg(h));
		goto out;
	}
	res = (const char *)sqlite3_column_text(st, 0);
	if (res == NULL || strcmp(res, "ok") != 0) {
		msg = xstrdup(res != NULL ? res : "no answer");
		/* One line: the report says where, over several. */
		for (p = msg; *p != '\0'; p++)
			if (*p == '\n')
				*p = ' ';
		snprintf(err, errlen, "%s: the database is damaged "
		    "(quick_check: %s); feedd leaves it as it is", db, msg);
		goto out;
	}
	rv = 0;
out:
	free(msg);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rv;
}

void
store_stamp_clean(const char *db)
{
	char	*path, *tmp, stamp[160];
	FILE	*f;

	if (stamp_of(db, stamp, sizeof(stamp)) == -1)
		return;
	path = stamp_path(db);
	xasprintf(&tmp, "%s.tmp", path);
	if ((f = fopen(tmp, "wex")) != NULL) {
		if (fputs(stamp, f) == EOF || fclose(f) == EOF ||
		    rename(tmp, path) == -1)
			unlink(tmp);
	} else if (errno == EEXIST)
		unlink(tmp);	/* left by a crash: the next close writes */
	free(tmp);
	free(path);
}
