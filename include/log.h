/*
 * log.h - leveled logging to stderr or syslog.  log_warn appends
 * strerror(errno); the x variants and the others do not.
 */
#ifndef LOG_H
#define LOG_H

#define LOG_PRINTF(a, b) __attribute__((__format__(printf, a, b)))

#define LOG_LEVEL_ERROR		0
#define LOG_LEVEL_WARNING	1
#define LOG_LEVEL_INFO		2
#define LOG_LEVEL_DEBUG		3

/* Threshold: warnings, plus one level per verbose step. */
void	log_init(const char *progname, int verbose);
/* The daemon's settings: a LOG_LEVEL_* threshold and syslog or stderr. */
void	log_setup(int level, int use_syslog);
int	log_get_level(void);
void	log_error(const char *, ...) LOG_PRINTF(1, 2);
void	log_warn(const char *, ...) LOG_PRINTF(1, 2);
void	log_warnx(const char *, ...) LOG_PRINTF(1, 2);
void	log_info(const char *, ...) LOG_PRINTF(1, 2);
void	log_debug(const char *, ...) LOG_PRINTF(1, 2);
void	fatal(const char *, ...) LOG_PRINTF(1, 2) __attribute__((__noreturn__));
void	fatalx(const char *, ...) LOG_PRINTF(1, 2) __attribute__((__noreturn__));

#endif
