/*
 * log.c - log lines with a level: "progname: level: message" on stderr,
 * or syslog(3) for the daemon (log = syslog), below a threshold.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static const char	*log_progname = "feedd";
static int		 log_level = LOG_LEVEL_WARNING;
static int		 log_syslog;

void
log_init(const char *progname, int verbose)
{
	log_progname = progname;
	log_level = LOG_LEVEL_WARNING + verbose;
}

void
log_setup(int level, int use_syslog)
{
	log_level = level;
	if (use_syslog && !log_syslog)
		openlog(log_progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	else if (!use_syslog && log_syslog)
		closelog();
	log_syslog = use_syslog;
}

int
log_get_level(void)
{
	return log_level;
}

static void log_vwrite(int, int, int, const char *, va_list)
    __attribute__((__format__(printf, 4, 0)));

static void
log_vwrite(int level, int with_errno, int saved, const char *fmt,
    va_list ap)
{
	static const char *const names[] = { "error", "warning", NULL,
	    "debug" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO,
	    LOG_DEBUG };
	char	 msg[2048];
	size_t	 n;

	if (level > log_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (with_errno && (n = strlen(msg)) < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(saved));
	if (log_syslog) {
		syslog(prio[level], "%s", msg);
		return;
	}
	if (names[level] != NULL)
		fprintf(stderr, "%s: %s: %s\n", log_progname, names[level], msg);
	else
		fprintf(stderr, "%s: %s\n", log_progname, msg);
}

#define LOG_BODY(level, with_errno) do {				\
	va_list	 ap;							\
	int	 saved = errno;						\
									\
	va_start(ap, fmt);						\
	log_vwrite((level), (with_errno), saved, fmt, ap);		\
	va_end(ap);							\
	errno = saved;							\
} while (0)

void
log_error(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, 0);
}

void
log_warn(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_WARNING, 1);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_WARNING, 0);
}

void
log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_INFO, 0);
}

void
log_debug(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_DEBUG, 0);
}

void
fatal(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, 1);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, 0);
	exit(1);
}
