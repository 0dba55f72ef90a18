/*
 * log.h - logging to stderr (the daemon adds syslog later).
 * log_warn appends strerror(errno); the x variants do not.
 */
#ifndef LOG_H
#define LOG_H

#define LOG_PRINTF(a, b) __attribute__((__format__(printf, a, b)))

void	log_init(const char *progname, int verbose);
void	log_warn(const char *, ...) LOG_PRINTF(1, 2);
void	log_warnx(const char *, ...) LOG_PRINTF(1, 2);
void	log_info(const char *, ...) LOG_PRINTF(1, 2);
void	log_debug(const char *, ...) LOG_PRINTF(1, 2);
void	fatal(const char *, ...) LOG_PRINTF(1, 2) __attribute__((__noreturn__));
void	fatalx(const char *, ...) LOG_PRINTF(1, 2) __attribute__((__noreturn__));

#endif
