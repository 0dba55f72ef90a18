/*
 * config_value.c - the value syntax of the configuration file: numbers,
 * sizes, durations, booleans, URLs and paths relative to the config's
 * directory, and reading a small file.  No knowledge of keys or sections.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conf.h"
#include "config_int.h"
#include "url.h"
#include "xmalloc.h"

int
config_duration(const char *s)
{
	static const char	 units[] = "dhms";
	static const long long	 mult[] = { DAY, 3600, 60, 1 };
	long long		 total = 0, n;
	const char		*u, *last = NULL;

	if (s == NULL || *s == '\0')
		return -1;
	while (*s != '\0') {
		if (!isdigit((unsigned char)*s))
			return -1;
		for (n = 0; isdigit((unsigned char)*s); s++) {
			n = n * 10 + (*s - '0');
			if (n > INT_MAX)
				return -1;
		}
		if (*s == '\0') {
			/* A bare number is seconds, but only on its own. */
			if (last != NULL)
				return -1;
			return (int)n;
		}
		/* Units in decreasing order, each once: "1h30m", not "30m1h". */
		if ((u = strchr(units, *s)) == NULL ||
		    (last != NULL && u <= last))
			return -1;
		last = u;
		total += n * mult[u - units];
		if (total > INT_MAX)
			return -1;
		s++;
	}
	return (int)total;
}

/* A decimal number without sign or spaces, within [min, max]. */
int
conf_number(const char *s, long long min, long long max, long long *out)
{
	long long	 n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		n = n * 10 + (*s - '0');
		if (n > max)
			return -1;
	}
	if (n < min)
		return -1;
	*out = n;
	return 0;
}

/* "16M", "512K", "1G" or a number of bytes (powers of 1024). */
int
conf_size(const char *s, long long min, long long max, long long *out)
{
	char		*num;
	size_t		 len = strlen(s);
	long long	 n, mult = 1;
	int		 rc;

	if (len > 0 && strchr("kKmMgG", s[len - 1]) != NULL) {
		switch (tolower((unsigned char)s[len - 1])) {
		case 'k':
			mult = 1024;
			break;
		case 'm':
			mult = 1024 * 1024;
			break;
		default:
			mult = 1024 * 1024 * 1024;
			break;
		}
		len--;
	}
	num = xstrndup(s, len);
	rc = conf_number(num, 0, max, &n);
	free(num);
	if (rc == -1 || n > max / mult || n * mult < min)
		return -1;
	*out = n * mult;
	return 0;
}

int
conf_bool(const char *s)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	size_t	 i;

	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

int
conf_http_url(const char *s)
{
	static const char *const http[] = { "http", "https", NULL };
	char	*abs;
	int	 ok;

	if ((abs = url_resolve(NULL, s)) == NULL)
		return 0;
	ok = url_resolved_scheme_in(abs, http);
	free(abs);
	return ok;
}

/* path as is when absolute, else under dir ("." leaves it alone). */
char *
conf_path(const char *dir, const char *path)
{
	char	*out;

	if (path[0] == '/' || strcmp(dir, ".") == 0)
		return xstrdup(path);
	xasprintf(&out, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
	    path);
	return out;
}

/* The directory part of a file name, "." when it has none. */
char *
conf_dirname(const char *path)
{
	const char	*slash;

	if ((slash = strrchr(path, '/')) == NULL)
		return xstrdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, slash - path);
}

/* Read a whole file; -1 with errno set on failure. */
int
conf_read_file(const char *path, size_t max, char **out, size_t *outlen)
{
	FILE	*f;
	struct buf b = BUF_INIT;
	char	 chunk[8192];
	size_t	 n;
	int	 saved;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&b, chunk, n);
		if (max > 0 && b.len > max)
			break;
	}
	if (ferror(f)) {
		saved = errno;
		fclose(f);
		buf_free(&b);
		errno = saved;
		return -1;
	}
	fclose(f);
	*outlen = b.len;
	*out = buf_release(&b);
	return 0;
}

int
conf_listen_ok(const char *s)
{
	const char	*colon;
	char		 host[INET6_ADDRSTRLEN + 1];
	unsigned char	 addr[sizeof(struct in6_addr)];
	long long	 port;
	size_t		 hlen;

	if ((colon = strrchr(s, ':')) == NULL ||
	    conf_number(colon + 1, 1, 65535, &port) == -1)
		return 0;
	hlen = colon - s;
	if (hlen == 0 || (hlen == 1 && *s == '*'))
		return 1;
	if (*s == '[') {
		if (hlen < 3 || s[hlen - 1] != ']' || hlen - 2 >= sizeof(host))
			return 0;
		memcpy(host, s + 1, hlen - 2);
		host[hlen - 2] = '\0';
		return inet_pton(AF_INET6, host, addr) == 1;
	}
	if (hlen >= sizeof(host))
		return 0;
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	return inet_pton(AF_INET, host, addr) == 1;
}
