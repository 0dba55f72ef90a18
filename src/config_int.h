/*
 * config_int.h - what config.c shares with config_value.c.
 */
#ifndef CONFIG_INT_H
#define CONFIG_INT_H

#include <stddef.h>

#define DAY		86400

/* A decimal number without sign or spaces, within [min, max]. */
int	 conf_number(const char *, long long min, long long max, long long *);
/* "16M", "512K", "1G" or a number of bytes (powers of 1024). */
int	 conf_size(const char *, long long min, long long max, long long *);
/* 1 yes, 0 no, -1 neither. */
int	 conf_bool(const char *);
/* An absolute http(s) URL. */
int	 conf_http_url(const char *);
/* path as is when absolute, else under dir ("." leaves it alone). */
char	*conf_path(const char *dir, const char *path);
/* The directory part of a file name, "." when it has none. */
char	*conf_dirname(const char *path);
/* Read a whole file of at most max bytes; -1 with errno set on failure. */
int	 conf_read_file(const char *path, size_t max, char **out,
	    size_t *outlen);

#endif
