/*
 * config_int.h - what config.c shares with config_value.c.
 */
#ifndef CONFIG_INT_H
#define CONFIG_INT_H

#include <stddef.h>

#define DAY		86400

enum key_type {
	K_STR,		/* any non-empty text */
	K_STR_EMPTY,	/* any text, "" included */
	K_PATH,		/* non-empty, relative to the config's directory */
	K_HTTP_URL,	/* absolute http(s) URL */
	K_BASE_URL,	/* the same, ending in '/' */
	K_INT,
	K_BOOL,
	K_DURATION,
	K_SIZE,
	K_TAGS,
	K_INTERVAL,
	K_TIMEZONE,
	K_PASSWORD,
	K_PASSWORD_FILE,
	K_INCLUDE,
	K_EXCLUDE,
	K_LISTEN,	/* ADDRESS:PORT */
	K_LOG,		/* stderr | syslog */
	K_LOG_LEVEL,
	K_USER		/* an existing user name */
};

struct key {
	const char	*name;
	enum key_type	 type;
	size_t		 off;		/* into struct config or feed_conf */
	long long	 min, max;	/* K_INT, K_DURATION, K_SIZE */
	const char	*expect;	/* for "bad value" messages */
};

/* The key tables, in file order; a NULL name ends each. */
extern const struct key conf_global_keys[];
extern const struct key conf_feed_keys[];
/* "error" ... "debug", index = LOG_LEVEL_* of log.h. */
extern const char *const conf_log_levels[];


/* A decimal number without sign or spaces, within [min, max]. */
int	 conf_number(const char *, long long min, long long max, long long *);
/* "16M", "512K", "1G" or a number of bytes (powers of 1024). */
int	 conf_size(const char *, long long min, long long max, long long *);
/* 1 yes, 0 no, -1 neither. */
int	 conf_bool(const char *);
/* An absolute http(s) URL. */
int	 conf_http_url(const char *);
/* "ADDRESS:PORT": IPv4, [IPv6], '*' or nothing for all; port 1-65535. */
int	 conf_listen_ok(const char *);
/* path as is when absolute, else under dir ("." leaves it alone). */
char	*conf_path(const char *dir, const char *path);
/* The directory part of a file name, "." when it has none. */
char	*conf_dirname(const char *path);
/* Read a whole file of at most max bytes; -1 with errno set on failure. */
int	 conf_read_file(const char *path, size_t max, char **out,
	    size_t *outlen);

#endif
