/*
 * config_set.c - one "key = value" applied: the value checked against
 * the key's type (numbers, durations, sizes, booleans, URLs, paths, tags,
 * regular expressions, time zones, XPath, users) and stored, or an error
 * naming the line.  Also the static front matter keys of [markdown].
 */
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "config_int.h"
#include "date.h"
#include "listing.h"
#include "utf8.h"
#include "xmalloc.h"

/* A password file is one line; anything this big is the wrong file. */
#define MAX_PASSWORD_FILE (64 * 1024)

static char *
conf_password_file(struct conf_parse *cp, const char *value)
{
	char	*path, *data = NULL, *pw = NULL;
	size_t	 len, n;

	path = conf_path(cp->dir, value);
	if (conf_read_file(path, MAX_PASSWORD_FILE, &data, &len) == -1) {
		conf_err(cp, cp->line, "cannot read password_file '%s': %s",
		    path, strerror(errno));
		goto done;
	}
	if (len > MAX_PASSWORD_FILE) {
		conf_err(cp, cp->line, "password_file '%s' is too large", path);
		goto done;
	}
	/* strcspn stops at a NUL too: data is NUL-terminated. */
	n = strcspn(data, "\n");
	if (n < len && data[n] == '\0') {
		conf_err(cp, cp->line, "password_file '%s' holds a NUL byte",
		    path);
		goto done;
	}
	if (n > 0 && data[n - 1] == '\r')
		n--;
	if (n == 0) {
		conf_err(cp, cp->line, "password_file '%s' is empty", path);
		goto done;
	}
	pw = xstrndup(data, n);
done:
	free(data);
	free(path);
	return pw;
}

/*
 * A tag may hold any letters, digits, punctuation and spaces, but not '/'
 * (tags name output files and URL paths) nor control characters.
 */
static int
conf_tag_ok(const char *t)
{
	const unsigned char	*p = (const unsigned char *)t;
	size_t			 n = strlen(t), i, k;
	uint32_t		 c;

	for (i = 0; i < n; i += k) {
		k = utf8_decode(p + i, n - i, &c);
		if (c == '/' || c < 0x20 || c == 0x7f ||
		    (c >= 0x80 && c <= 0x9f))
			return 0;
	}
	return 1;
}

int
config_tag(const char *raw, char **out)
{
	char	*copy, *t, *l;

	*out = NULL;
	copy = xstrdup(raw);
	t = conf_trim(copy);
	if (*t == '\0' || !conf_tag_ok(t)) {
		free(copy);
		return -1;
	}
	/* ASCII only: other scripts' case is the publisher's. */
	for (l = t; *l != '\0'; l++)
		if (*l >= 'A' && *l <= 'Z')
			*l += 'a' - 'A';
	*out = xstrdup(t);
	free(copy);
	return 0;
}

static void
conf_tags(struct conf_parse *cp, struct strvec *tags, const char *value)
{
	char	*copy, *p, *t, *c, *tag;

	copy = xstrdup(value);
	for (p = copy; p != NULL; p = c) {
		if ((c = strchr(p, ',')) != NULL)
			*c++ = '\0';
		t = conf_trim(p);
		if (*t == '\0')
			continue;
		if (config_tag(t, &tag) == -1) {
			conf_err(cp, cp->line, "bad tag '%s' in tags (a tag "
			    "cannot contain '/' or control characters)", t);
			continue;
		}
		if (!strvec_contains(tags, tag))
			strvec_push(tags, tag);
		free(tag);
	}
	free(copy);
}

static void
conf_regex(struct conf_parse *cp, const char *key, const char *value,
    char **src, regex_t *re)
{
	char	 msg[256];
	int	 rc;

	if ((rc = regcomp(re, value, CONF_REGEX_FLAGS)) != 0) {
		regerror(rc, re, msg, sizeof(msg));
		conf_err(cp, cp->line, "bad value for %s: '%s' (%s)", key,
		    value, msg);
		return;
	}
	*src = xstrdup(value);
}

static void
conf_timezone(struct conf_parse *cp, char **dst, const char *value)
{
	struct tz	*tz;
	char		 err[256];
	const char	*why = err;
	size_t		 n = strlen(value);

	err[0] = '\0';
	if ((tz = tz_load(value, err, sizeof(err))) == NULL) {
		/* tz_load says "NAME: why"; the name is in our message. */
		if (strncmp(err, value, n) == 0 && strncmp(err + n, ": ", 2) == 0)
			why = err + n + 2;
		conf_err(cp, cp->line, "bad value for timezone: '%s' (%s)",
		    value, why);
		return;
	}
	tz_free(tz);
	*dst = xstrdup(value);
}

/* Apply one key = value to the struct at base. */
void
conf_set(struct conf_parse *cp, const struct key *k, void *base,
    const char *value)
{
	char		**sp = (char **)((char *)base + k->off);
	int		 *ip = (int *)((char *)base + k->off);
	struct feed_conf *fc = base;
	long long	  n;
	int		  b;
	size_t		  len;
	char		  why[256];

	switch (k->type) {
	case K_STR:
	case K_PATH:
		if (*value == '\0') {
			conf_err(cp, cp->line, "empty value for %s", k->name);
			return;
		}
		free(*sp);
		*sp = k->type == K_PATH ? conf_path(cp->dir, value) :
		    xstrdup(value);
		return;
	case K_STR_EMPTY:
		free(*sp);
		*sp = xstrdup(value);
		return;
	case K_HTTP_URL:
	case K_BASE_URL:
		if (!conf_http_url(value))
			break;
		free(*sp);
		len = strlen(value);
		if (k->type == K_BASE_URL && value[len - 1] != '/')
			xasprintf(sp, "%s/", value);
		else
			*sp = xstrdup(value);
		return;
	case K_INT:
		if (conf_number(value, k->min, k->max, &n) == -1)
			break;
		*ip = (int)n;
		return;
	case K_BOOL:
		if ((b = conf_bool(value)) == -1)
			break;
		*ip = b;
		return;
	case K_INTERVAL:
		if (strcmp(value, "auto") == 0) {
			*ip = CONF_INTERVAL_AUTO;
			return;
		}
		/* FALLTHROUGH */
	case K_DURATION:
		if ((b = config_duration(value)) == -1 || b < k->min ||
		    b > k->max)
			break;
		*ip = b;
		return;
	case K_SIZE:
		if (conf_size(value, k->min, k->max, &n) == -1)
			break;
		*(size_t *)((char *)base + k->off) = (size_t)n;
		return;
	case K_TAGS:
		conf_tags(cp, &fc->tags, value);
		return;
	case K_TIMEZONE:
		conf_timezone(cp, sp, value);
		return;
	case K_PASSWORD:
		if (strvec_contains(&cp->fseen, "password_file")) {
			conf_err(cp, cp->line, "password and password_file "
			    "cannot both be set");
			return;
		}
		fc->password = xstrdup(value);
		return;
	case K_PASSWORD_FILE:
		if (strvec_contains(&cp->fseen, "password")) {
			conf_err(cp, cp->line, "password and password_file "
			    "cannot both be set");
			return;
		}
		if (*value == '\0') {
			conf_err(cp, cp->line, "empty value for %s", k->name);
			return;
		}
		fc->password = conf_password_file(cp, value);
		return;
	case K_INCLUDE:
		conf_regex(cp, k->name, value, &fc->include, &fc->include_re);
		return;
	case K_EXCLUDE:
		conf_regex(cp, k->name, value, &fc->exclude, &fc->exclude_re);
		return;
	case K_LISTEN:
		if (!conf_listen_ok(value))
			break;
		free(*sp);
		*sp = xstrdup(value);
		return;
	case K_LOG:
		if (strcmp(value, "stderr") != 0 && strcmp(value, "syslog") != 0)
			break;
		*ip = strcmp(value, "syslog") == 0;
		return;
	case K_LOG_LEVEL:
		for (b = 0; conf_log_levels[b] != NULL; b++)
			if (strcmp(value, conf_log_levels[b]) == 0)
				break;
		if (conf_log_levels[b] == NULL)
			break;
		*ip = b;
		return;
	case K_KIND:
		if (strcmp(value, "feed") == 0)
			*ip = FEED_KIND_FEED;
		else if (strcmp(value, "page") == 0)
			*ip = FEED_KIND_PAGE;
		else if (strcmp(value, "html") == 0)
			*ip = FEED_KIND_HTML;
		else
			break;
		return;
	case K_XPATH:
		/* Kept even when bad: the file fails, and says it once. */
		if (listing_xpath_check(value, why, sizeof(why)) == -1)
			conf_err(cp, cp->line, "bad XPath for %s: '%s' (%s)",
			    k->name, value, why);
		free(*sp);
		*sp = xstrdup(value);
		return;
	case K_USER:
		if (*value == '\0') {
			conf_err(cp, cp->line, "empty value for %s", k->name);
			return;
		}
		if (getpwnam(value) == NULL) {
			conf_err(cp, cp->line, "unknown user '%s'", value);
			return;
		}
		free(*sp);
		*sp = xstrdup(value);
		return;
	}
	conf_err(cp, cp->line, "bad value for %s: '%s' (expected %s)",
	    k->name, value, k->expect);
}

/*
 * A static front matter key: [a, "b c"] is a list, bare true/false a
 * boolean, a bare number a number, anything else (and anything quoted)
 * a string.
 */
void
conf_static(struct conf_parse *cp, const char *key, const char *value,
    int quoted)
{
	struct markdown_conf	*md = &cp->cf->markdown;
	struct fm_static	*fs;
	const char		*p, *e;
	char			*item, *t;
	size_t			 n;

	if (strcspn(key, " \t:#\"'") != strlen(key)) {
		conf_err(cp, cp->line, "bad front matter key '%s'", key);
		return;
	}
	md->statics = xreallocarray(md->statics, md->nstatics + 1,
	    sizeof(*md->statics));
	fs = &md->statics[md->nstatics++];
	memset(fs, 0, sizeof(*fs));
	fs->key = xstrdup(key);
	n = strlen(value);
	if (!quoted && n >= 2 && value[0] == '[' && value[n - 1] == ']') {
		fs->type = FM_LIST;
		for (p = value + 1; p < value + n - 1; p = e + 1) {
			if ((e = memchr(p, ',', value + n - 1 - p)) == NULL)
				e = value + n - 1;
			item = xstrndup(p, e - p);
			t = conf_trim(item);
			n = strlen(t);
			if (n >= 2 && t[0] == '"' && t[n - 1] == '"') {
				t[n - 1] = '\0';
				t++;
			}
			if (*t != '\0')
				strvec_push(&fs->list, t);
			free(item);
			n = strlen(value);
		}
		return;
	}
	fs->value = xstrdup(value);
	if (quoted)
		fs->type = FM_STRING;
	else if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
		fs->type = FM_BOOL;
	else if (*value != '\0' && strspn(value, "0123456789") == n &&
	    n < 16)
		fs->type = FM_NUMBER;
	else
		fs->type = FM_STRING;
}
