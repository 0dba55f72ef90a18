/*
 * config.c - the feedd configuration file: a small strict INI reader and the
 * checks on every setting.  Every problem is collected as "FILE:LINE: what"
 * (sorted by line) rather than stopping at the first, so `feedd -t` shows
 * them all at once.  The only I/O is reading the file, a password_file and
 * the time zone files that tz_load() looks at.
 */
#include <ctype.h>
#include <pwd.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conf.h"
#include "config_int.h"
#include "date.h"
#include "log.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"0"
#endif

/* configure's --localstatedir and --runstatedir, FHS by default. */
#ifndef FEEDD_STATEDIR
#define FEEDD_STATEDIR	"/var/lib/feedd"
#endif
#ifndef FEEDD_RUNDIR
#define FEEDD_RUNDIR	"/run/feedd"
#endif

#define DEF_DATABASE	FEEDD_STATEDIR "/feedd.db"
#define DEF_OUTPUT_DIR	FEEDD_STATEDIR "/www"
#define DEF_BASE_URL	"http://localhost:8080/"
#define DEF_TITLE	"feedd"
#define DEF_CONTROL_SOCKET FEEDD_RUNDIR "/feedd.sock"
#define DEF_PID_FILE	FEEDD_RUNDIR "/feedd.pid"
#define DEF_USER_AGENT	"feedd/" PACKAGE_VERSION " (+https://example.org/feedd)"

#define MIN_INTERVAL	60
/* A password file is one line; anything this big is the wrong file. */
#define MAX_PASSWORD_FILE (64 * 1024)

#define G(f)	offsetof(struct config, f)
#define F(f)	offsetof(struct feed_conf, f)

const char *const conf_log_levels[] = { "error", "warning", "info", "debug",
	NULL };

const struct key conf_global_keys[] = {
	{ "database", K_PATH, G(database), 0, 0, NULL },
	{ "output_dir", K_PATH, G(output_dir), 0, 0, NULL },
	{ "base_url", K_BASE_URL, G(base_url), 0, 0,
	    "an absolute http or https URL" },
	{ "title", K_STR, G(title), 0, 0, NULL },
	{ "max_entries", K_INT, G(max_entries), 1, 100000,
	    "a number from 1 to 100000" },
	{ "user_agent", K_STR, G(user_agent), 0, 0, NULL },
	{ "allow_file_urls", K_BOOL, G(allow_file_urls), 0, 0, "yes or no" },
	{ "allow_private_networks", K_BOOL, G(allow_private_networks), 0, 0,
	    "yes or no" },
	{ "proxy", K_STR_EMPTY, G(proxy), 0, 0, NULL },
	{ "websub_hub", K_HTTP_URL, G(websub_hub), 0, 0,
	    "an absolute http or https URL" },
	{ "max_connections", K_INT, G(max_connections), 1, 10000,
	    "a number from 1 to 10000" },
	{ "max_host_connections", K_INT, G(max_host_connections), 1, 1000,
	    "a number from 1 to 1000" },
	{ "connect_timeout", K_DURATION, G(connect_timeout), 1, DAY,
	    "a duration from 1s to 1d, such as 15s" },
	{ "timeout", K_DURATION, G(timeout), 1, DAY,
	    "a duration from 1s to 1d, such as 60s" },
	{ "low_speed_limit", K_INT, G(low_speed_limit), 0, 1000000000,
	    "a number of bytes per second from 0 to 1000000000" },
	{ "low_speed_time", K_DURATION, G(low_speed_time), 1, DAY,
	    "a duration from 1s to 1d, such as 30s" },
	{ "max_body_size", K_SIZE, G(max_body_size), 1024, 1024L * 1024 * 1024,
	    "a size from 1K to 1G, such as 16M" },
	{ "max_redirects", K_INT, G(max_redirects), 0, 20,
	    "a number from 0 to 20" },
	{ "default_interval", K_DURATION, G(default_interval), MIN_INTERVAL,
	    INT_MAX, "a duration of at least 60s, such as 30m" },
	{ "keep_days", K_INT, G(keep_days), 0, 36500,
	    "a number from 0 to 36500" },
	{ "keep_per_feed", K_INT, G(keep_per_feed), 0, 1000000,
	    "a number from 0 to 1000000" },
	{ "min_interval", K_DURATION, G(min_interval), MIN_INTERVAL, INT_MAX,
	    "a duration of at least 60s, such as 5m" },
	{ "max_interval", K_DURATION, G(max_interval), MIN_INTERVAL, INT_MAX,
	    "a duration of at least 60s, such as 1d" },
	{ "control_socket", K_PATH, G(control_socket), 0, 0, NULL },
	{ "pid_file", K_PATH, G(pid_file), 0, 0, NULL },
	{ "listen", K_LISTEN, G(listen), 0, 0,
	    "ADDRESS:PORT, such as 127.0.0.1:8080 or [::1]:8080" },
	{ "log", K_LOG, G(log_syslog), 0, 0, "stderr or syslog" },
	{ "log_level", K_LOG_LEVEL, G(log_level), 0, 0,
	    "error, warning, info or debug" },
	{ "user", K_USER, G(user), 0, 0, NULL },
	{ NULL, K_STR, 0, 0, 0, NULL }
};

const struct key conf_feed_keys[] = {
	{ "tags", K_TAGS, F(tags), 0, 0, NULL },
	{ "title", K_STR, F(title), 0, 0, NULL },
	{ "interval", K_INTERVAL, F(interval), MIN_INTERVAL, INT_MAX,
	    "a duration of at least 60s, or auto" },
	{ "timezone", K_TIMEZONE, F(timezone), 0, 0, NULL },
	{ "user_agent", K_STR, F(user_agent), 0, 0, NULL },
	{ "username", K_STR, F(username), 0, 0, NULL },
	{ "password", K_PASSWORD, F(password), 0, 0, NULL },
	{ "password_file", K_PASSWORD_FILE, F(password), 0, 0, NULL },
	{ "proxy", K_STR_EMPTY, F(proxy), 0, 0, NULL },
	{ "category_tags", K_BOOL, F(category_tags), 0, 0, "yes or no" },
	{ "include", K_INCLUDE, F(include), 0, 0, NULL },
	{ "exclude", K_EXCLUDE, F(exclude), 0, 0, NULL },
	{ "enabled", K_BOOL, F(enabled), 0, 0, "yes or no" },
	{ "allow_private_networks", K_BOOL, F(allow_private), 0, 0,
	    "yes or no" },
	{ NULL, K_STR, 0, 0, 0, NULL }
};

struct conf_err {
	int	 line;		/* 0: the file as a whole */
	size_t	 seq;		/* keeps equal lines in the order found */
	char	*msg;
};

enum section {
	SEC_NONE,	/* before any header */
	SEC_GLOBAL,
	SEC_FEED,
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
};

/* A feed's identity for the duplicate check. */
struct feed_key {
	char			*key;
	struct feed_conf	*fc;
};

static void conf_err(struct conf_parse *, int, const char *, ...)
    __attribute__((__format__(printf, 3, 4)));

static void
conf_err(struct conf_parse *cp, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	if (cp->nerrs == cp->errcap) {
		cp->errcap = cp->errcap ? cp->errcap * 2 : 8;
		cp->errs = xreallocarray(cp->errs, cp->errcap,
		    sizeof(*cp->errs));
	}
	cp->errs[cp->nerrs].line = line;
	cp->errs[cp->nerrs].seq = cp->nerrs;
	cp->errs[cp->nerrs].msg = msg;
	cp->nerrs++;
}

static int
conf_err_cmp(const void *a, const void *b)
{
	const struct conf_err	*x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
conf_space(int c)
{
	return c == ' ' || c == '\t';
}

static char *
conf_trim(char *s)
{
	char	*e;

	while (conf_space((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && conf_space((unsigned char)e[-1]))
		e--;
	*e = '\0';
	return s;
}

/*
 * A double-quoted string starting at *pp (on the opening quote): \" and \\
 * are escapes, any other backslash stays as it is, so a regex such as
 * "a\.b" needs no doubling.  Returns the owned text and leaves *pp after
 * the closing quote, or NULL when the quote is not closed.
 */
static char *
conf_unquote(const char **pp)
{
	struct buf	 b = BUF_INIT;
	const char	*p = *pp + 1;

	for (; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		buf_addc(&b, (unsigned char)*p);
	}
	if (*p != '"') {
		buf_free(&b);
		return NULL;
	}
	*pp = p + 1;
	return buf_release(&b);
}

/* Nothing but white space, or white space and a comment, from p on. */
static int
conf_rest_empty(const char *p)
{
	while (conf_space((unsigned char)*p))
		p++;
	return *p == '\0' || *p == '#' || *p == ';';
}

/*
 * The first line of a password file.  Returns the owned password, or NULL
 * after reporting why not.
 */
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
static void
conf_set(struct conf_parse *cp, const struct key *k, void *base,
    const char *value)
{
	char		**sp = (char **)((char *)base + k->off);
	int		 *ip = (int *)((char *)base + k->off);
	struct feed_conf *fc = base;
	long long	  n;
	int		  b;
	size_t		  len;

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

static void
conf_key_line(struct conf_parse *cp, char *line)
{
	const struct key	*keys, *k;
	struct strvec		*seen;
	char			*eq, *key, *value, *q = NULL, *p;
	const char		*rest;
	void			*base;

	if ((eq = strchr(line, '=')) == NULL) {
		conf_err(cp, cp->line, "expected 'key = value'");
		return;
	}
	*eq = '\0';
	key = conf_trim(line);
	if (*key == '\0') {
		conf_err(cp, cp->line, "expected 'key = value'");
		return;
	}
	switch (cp->sec) {
	case SEC_NONE:
		conf_err(cp, cp->line, "key outside any section");
		return;
	case SEC_BAD:
		return;
	case SEC_GLOBAL:
		keys = conf_global_keys;
		seen = &cp->gseen;
		base = cp->cf;
		break;
	default:
		keys = conf_feed_keys;
		seen = &cp->fseen;
		base = cp->fc;
		break;
	}

	value = eq + 1;
	while (conf_space((unsigned char)*value))
		value++;
	if (*value == '"') {
		rest = value;
		if ((q = conf_unquote(&rest)) == NULL) {
			conf_err(cp, cp->line, "unterminated quoted value");
			return;
		}
		for (p = (char *)rest; conf_space((unsigned char)*p); p++)
			;
		if (*p != '\0' && (*p != '#' || p == rest)) {
			conf_err(cp, cp->line, "unexpected text after quoted value");
			free(q);
			return;
		}
		value = q;
	} else {
		/*
		 * '#' ends a value only after white space, so the fragment in
		 * "https://x/a#b" stays.  eq is now a NUL: "k =#x" is "#x".
		 */
		for (p = value; *p != '\0'; p++)
			if (*p == '#' && conf_space((unsigned char)p[-1])) {
				*p = '\0';
				break;
			}
		value = conf_trim(value);
	}

	for (k = keys; k->name != NULL; k++)
		if (strcmp(k->name, key) == 0)
			break;
	if (k->name == NULL) {
		if (cp->sec == SEC_GLOBAL)
			conf_err(cp, cp->line, "unknown key '%s' in [feedd]",
			    key);
		else
			conf_err(cp, cp->line, "unknown key '%s' in [feed "
			    "\"%s\"]", key, cp->fc->url);
	} else if (strvec_contains(seen, key))
		conf_err(cp, cp->line, "duplicate key '%s'", key);
	else {
		conf_set(cp, k, base, value);
		strvec_push(seen, key);
	}
	free(q);
}

static struct feed_conf *
conf_feed_new(const char *url, int line)
{
	struct feed_conf	*fc;

	fc = xcalloc(1, sizeof(*fc));
	fc->url = xstrdup(url);
	fc->line = line;
	fc->enabled = 1;
	fc->allow_private = -1;
	return fc;
}

/* A feed URL: absolute, no spaces inside, http, https or file. */
static int
conf_feed_url_ok(const char *url)
{
	static const char *const ok[] = { "http", "https", "file", NULL };
	const unsigned char	*p;
	char			*abs;
	int			 good;

	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 0;
	if ((abs = url_resolve(NULL, url)) == NULL)
		return 0;
	good = url_scheme_in(abs, ok);
	free(abs);
	return good;
}

static void
conf_header(struct conf_parse *cp, const char *line)
{
	const char	*p = line + 1, *name;
	char		*url = NULL, *t;
	size_t		 n;

	while (conf_space((unsigned char)*p))
		p++;
	name = p;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    *p == '_')
		p++;
	n = p - name;
	while (conf_space((unsigned char)*p))
		p++;
	if (n == 4 && strncmp(name, "feed", 4) == 0 && *p == '"') {
		if ((url = conf_unquote(&p)) == NULL)
			goto bad;
		while (conf_space((unsigned char)*p))
			p++;
	}
	if (*p != ']' || !conf_rest_empty(p + 1))
		goto bad;

	cp->fc = NULL;
	if (url != NULL) {
		cp->sec = SEC_FEED;
		strvec_clear(&cp->fseen);
		t = conf_trim(url);
		cp->fc = conf_feed_new(t, cp->line);
		TAILQ_INSERT_TAIL(&cp->cf->feeds, cp->fc, next);
		cp->cf->nfeeds++;
		if (!conf_feed_url_ok(t))
			conf_err(cp, cp->line, "bad feed URL '%s' (expected an "
			    "absolute http or https URL)", t);
		free(url);
	} else if (n == 5 && strncmp(name, "feedd", 5) == 0) {
		cp->sec = SEC_GLOBAL;
		if (cp->global_line != 0)
			conf_err(cp, cp->line, "duplicate [feedd] section, "
			    "first at line %d", cp->global_line);
		else
			cp->global_line = cp->line;
	} else if (n == 4 && strncmp(name, "feed", 4) == 0)
		goto bad;
	else if (n > 0) {
		cp->sec = SEC_BAD;
		conf_err(cp, cp->line, "unknown section [%.*s]", (int)n, name);
	} else
		goto bad;
	return;
bad:
	free(url);
	cp->sec = SEC_BAD;
	conf_err(cp, cp->line, "bad section header");
}

static void
conf_line(struct conf_parse *cp, const char *text, size_t len)
{
	char	*copy, *line;

	if (memchr(text, '\0', len) != NULL) {
		conf_err(cp, cp->line, "NUL byte");
		return;
	}
	if (!utf8_valid(text, len)) {
		conf_err(cp, cp->line, "invalid UTF-8");
		return;
	}
	copy = xstrndup(text, len);
	line = conf_trim(copy);
	if (*line == '\0' || *line == '#' || *line == ';')
		;
	else if (*line == '[')
		conf_header(cp, line);
	else
		conf_key_line(cp, line);
	free(copy);
}

static int
conf_feed_key_cmp(const void *a, const void *b)
{
	const struct feed_key	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	return x->fc->line < y->fc->line ? -1 : x->fc->line > y->fc->line;
}

/*
 * Checks that need the whole file: [feedd] (and so allow_file_urls) may
 * come after the feeds, and a duplicate may be anywhere.  Sorting the
 * canonical forms keeps 100,000 feeds cheap.
 */
static void
conf_check_feeds(struct conf_parse *cp)
{
	static const char *const file[] = { "file", NULL };
	struct feed_conf	*fc;
	struct feed_key		*keys;
	size_t			 n = 0, i, first;
	char			*canon;

	keys = xcalloc(cp->cf->nfeeds + 1, sizeof(*keys));
	TAILQ_FOREACH(fc, &cp->cf->feeds, next) {
		if (!conf_feed_url_ok(fc->url))
			continue;
		if (url_scheme_in(fc->url, file)) {
			if (!cp->cf->allow_file_urls)
				conf_err(cp, fc->line, "file:// feed URLs need "
				    "allow_file_urls = yes in [feedd]");
			keys[n].key = xstrdup(fc->url);
		} else if ((canon = url_canonical(fc->url)) != NULL)
			keys[n].key = canon;
		else {
			conf_err(cp, fc->line, "bad feed URL '%s' (expected an "
			    "absolute http or https URL)", fc->url);
			continue;
		}
		keys[n++].fc = fc;
	}
	qsort(keys, n, sizeof(*keys), conf_feed_key_cmp);
	for (i = 1, first = 0; i < n; i++) {
		if (strcmp(keys[i].key, keys[first].key) == 0)
			conf_err(cp, keys[i].fc->line, "duplicate feed, first "
			    "defined at line %d", keys[first].fc->line);
		else
			first = i;
	}
	for (i = 0; i < n; i++)
		free(keys[i].key);
	free(keys);
}

static struct config *
config_new(const char *path)
{
	struct config	*cf;

	cf = xcalloc(1, sizeof(*cf));
	cf->path = xstrdup(path);
	cf->database = xstrdup(DEF_DATABASE);
	cf->output_dir = xstrdup(DEF_OUTPUT_DIR);
	cf->base_url = xstrdup(DEF_BASE_URL);
	cf->title = xstrdup(DEF_TITLE);
	cf->user_agent = xstrdup(DEF_USER_AGENT);
	cf->max_entries = 200;
	cf->allow_file_urls = 0;
	cf->allow_private_networks = 0;
	cf->max_connections = 64;
	cf->max_host_connections = 4;
	cf->connect_timeout = 15;
	cf->timeout = 60;
	cf->low_speed_limit = 10;
	cf->low_speed_time = 30;
	cf->max_body_size = 16 * 1024 * 1024;
	cf->max_redirects = 5;
	cf->default_interval = 30 * 60;
	cf->keep_days = 90;
	cf->keep_per_feed = 0;
	cf->min_interval = 5 * 60;
	cf->max_interval = DAY;
	cf->control_socket = xstrdup(DEF_CONTROL_SOCKET);
	cf->pid_file = xstrdup(DEF_PID_FILE);
	cf->log_level = LOG_LEVEL_INFO;
	TAILQ_INIT(&cf->feeds);
	return cf;
}

static struct config *
config_parse_in(const char *name, const char *dir, const char *text,
    size_t len, struct strvec *errors)
{
	struct conf_parse	 cp;
	const char		*p = text, *end = text + len, *nl;
	size_t			 n, i;
	char			*msg;

	memset(&cp, 0, sizeof(cp));
	cp.name = name;
	cp.dir = dir;
	cp.cf = config_new(name);
	cp.sec = SEC_NONE;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		cp.line++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		n = nl - p;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		conf_line(&cp, p, n);
		p = nl < end ? nl + 1 : end;
	}
	conf_check_feeds(&cp);
	if (cp.cf->min_interval > cp.cf->max_interval)
		conf_err(&cp, 0, "min_interval (%ds) is greater than "
		    "max_interval (%ds)", cp.cf->min_interval,
		    cp.cf->max_interval);

	if (cp.nerrs > 1)
		qsort(cp.errs, cp.nerrs, sizeof(*cp.errs), conf_err_cmp);
	for (i = 0; i < cp.nerrs; i++) {
		if (errors != NULL) {
			if (cp.errs[i].line > 0)
				xasprintf(&msg, "%s:%d: %s", name,
				    cp.errs[i].line, cp.errs[i].msg);
			else
				xasprintf(&msg, "%s: %s", name,
				    cp.errs[i].msg);
			strvec_push_owned(errors, msg);
		}
		free(cp.errs[i].msg);
	}
	free(cp.errs);
	strvec_clear(&cp.gseen);
	strvec_clear(&cp.fseen);
	if (cp.nerrs > 0) {
		config_free(cp.cf);
		return NULL;
	}
	return cp.cf;
}

struct config *
config_parse(const char *name, const char *text, size_t len,
    struct strvec *errors)
{
	struct config	*cf;
	char		*dir;

	dir = conf_dirname(name);
	cf = config_parse_in(name, dir, text, len, errors);
	free(dir);
	return cf;
}

struct config *
config_load(const char *path, struct strvec *errors)
{
	struct config	*cf;
	char		*text, *dir, *real, *msg;
	size_t		 len;

	if (conf_read_file(path, 0, &text, &len) == -1) {
		if (errors != NULL) {
			xasprintf(&msg, "%s: cannot read: %s", path,
			    strerror(errno));
			strvec_push_owned(errors, msg);
		}
		return NULL;
	}
	/*
	 * Relative paths in the file are made absolute here, so they still
	 * work after the daemon changes directory.
	 */
	dir = conf_dirname(path);
	if ((real = realpath(dir, NULL)) != NULL) {
		free(dir);
		dir = real;
	}
	cf = config_parse_in(path, dir, text, len, errors);
	free(dir);
	free(text);
	return cf;
}

struct config *
config_load_report(const char *path)
{
	struct strvec	 errors = { NULL, 0, 0 };
	struct config	*cfg;
	size_t		 i;

	cfg = config_load(path, &errors);
	for (i = 0; i < errors.n; i++)
		fprintf(stderr, "%s\n", errors.v[i]);
	strvec_clear(&errors);
	return cfg;
}

void
feed_conf_free(struct feed_conf *fc)
{
	if (fc == NULL)
		return;
	free(fc->url);
	free(fc->title);
	strvec_clear(&fc->tags);
	free(fc->timezone);
	free(fc->user_agent);
	free(fc->username);
	free(fc->password);
	free(fc->proxy);
	if (fc->include != NULL)
		regfree(&fc->include_re);
	if (fc->exclude != NULL)
		regfree(&fc->exclude_re);
	free(fc->include);
	free(fc->exclude);
	free(fc);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct feed_conf *
feed_conf_dup(const struct feed_conf *src, const char *url)
{
	struct feed_conf	*fc;
	size_t			 i;

	if (src == NULL)
		return conf_feed_new(url, 0);
	fc = conf_feed_new(url, src->line);
	fc->title = dup_or_null(src->title);
	for (i = 0; i < src->tags.n; i++)
		strvec_push(&fc->tags, src->tags.v[i]);
	fc->interval = src->interval;
	fc->timezone = dup_or_null(src->timezone);
	fc->user_agent = dup_or_null(src->user_agent);
	fc->username = dup_or_null(src->username);
	fc->password = dup_or_null(src->password);
	fc->proxy = dup_or_null(src->proxy);
	fc->category_tags = src->category_tags;
	fc->enabled = src->enabled;
	fc->allow_private = src->allow_private;
	/* The patterns compiled once already: they compile again. */
	if (src->include != NULL && regcomp(&fc->include_re, src->include,
	    CONF_REGEX_FLAGS) == 0)
		fc->include = xstrdup(src->include);
	if (src->exclude != NULL && regcomp(&fc->exclude_re, src->exclude,
	    CONF_REGEX_FLAGS) == 0)
		fc->exclude = xstrdup(src->exclude);
	return fc;
}

void
config_free(struct config *cf)
{
	struct feed_conf	*fc;

	if (cf == NULL)
		return;
	while ((fc = TAILQ_FIRST(&cf->feeds)) != NULL) {
		TAILQ_REMOVE(&cf->feeds, fc, next);
		feed_conf_free(fc);
	}
	free(cf->path);
	free(cf->database);
	free(cf->output_dir);
	free(cf->base_url);
	free(cf->title);
	free(cf->user_agent);
	free(cf->proxy);
	free(cf->websub_hub);
	free(cf->control_socket);
	free(cf->pid_file);
	free(cf->listen);
	free(cf->user);
	free(cf);
}
