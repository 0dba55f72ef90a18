/*
 * config_int.h - what the config reader's files share: config.c (lines,
 * sections, checks), config_set.c (values), config_keys.c (the key
 * tables), config_value.c (number, size, path helpers), config_dump.c.
 */
#ifndef CONFIG_INT_H
#define CONFIG_INT_H

#include <stddef.h>

#include "feed.h"

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
	K_USER,		/* an existing user name */
	K_KIND,		/* feed | page | html */
	K_XPATH		/* an XPath expression */
};

struct key {
	const char	*name;
	enum key_type	 type;
	size_t		 off;		/* into struct config or feed_conf */
	long long	 min, max;	/* K_INT, K_DURATION, K_SIZE */
	const char	*expect;	/* for "bad value" messages */
};

#define MIN_INTERVAL	60	/* seconds: the shortest poll interval */

struct conf_err {
	int	 line;		/* 0: the file as a whole */
	size_t	 seq;		/* keeps equal lines in the order found */
	char	*msg;
};

enum section {
	SEC_NONE,	/* before any header */
	SEC_GLOBAL,
	SEC_FEED,
	SEC_MARKDOWN,
	SEC_BAD		/* after a broken header: its keys are skipped */
};

struct conf_parse {
	const char		*name;
	const char		*dir;	/* for relative paths */
	struct config		*cf;
	struct conf_err		*errs;
	size_t			 nerrs, errcap;
	int			 line;
	enum section		 sec;
	struct feed_conf	*fc;
	int			 global_line;
	struct strvec		 gseen;	/* keys set in [feedd] */
	struct strvec		 fseen;	/* keys set in the current [feed] */
	struct strvec		 mseen;	/* keys set in [markdown] */
	int			 markdown_line;
};

/* Record an error at line (0: the file as a whole). */
void	 conf_err(struct conf_parse *, int line, const char *, ...)
	    __attribute__((__format__(printf, 3, 4)));
int	 conf_space(int c);
/* Trim white space in place; returns the first non-space. */
char	*conf_trim(char *s);
/* Check and store one value of key k into base (config_set.c). */
void	 conf_set(struct conf_parse *, const struct key *k, void *base,
	    const char *value);
/* A static front matter key of [markdown] (config_set.c). */
void	 conf_static(struct conf_parse *, const char *key, const char *value,
	    int quoted);

/* The key tables, in file order; a NULL name ends each. */
extern const struct key conf_global_keys[];
extern const struct key conf_feed_keys[];
extern const struct key conf_markdown_keys[];
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
