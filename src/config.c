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
#include "listing.h"
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


/* A feed's identity for the duplicate check. */
struct feed_key {
	char			*key;
	struct feed_conf	*fc;
};

void
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

int
conf_space(int c)
{
	return c == ' ' || c == '\t';
}

char *
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
	case SEC_MARKDOWN:
		keys = conf_markdown_keys;
		seen = &cp->mseen;
		base = &cp->cf->markdown;
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
	if (k->name == NULL && cp->sec == SEC_MARKDOWN) {
		if (strvec_contains(seen, key))
			conf_err(cp, cp->line, "duplicate key '%s'", key);
		else {
			conf_static(cp, key, value, q != NULL);
			strvec_push(seen, key);
		}
	} else if (k->name == NULL) {
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
	good = url_resolved_scheme_in(abs, ok);
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
	} else if (n == 8 && strncmp(name, "markdown", 8) == 0) {
		cp->sec = SEC_MARKDOWN;
		if (cp->markdown_line != 0)
			conf_err(cp, cp->line, "duplicate [markdown] section, "
			    "first at line %d", cp->markdown_line);
		else
			cp->markdown_line = cp->line;
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
/*
 * kind = html takes selectors, the others none.  In an html section
 * "title" is the item title's selector: it moves there, defaulting with
 * link to the item's first <a>.
 */
static void
conf_check_kind(struct conf_parse *cp, struct feed_conf *fc)
{
	struct html_rules	*r = &fc->rules;
	char			 why[256];

	if (fc->kind != FEED_KIND_HTML) {
		if (r->item != NULL || r->link != NULL || r->date != NULL ||
		    r->summary != NULL || r->image != NULL)
			conf_err(cp, fc->line, "item, link, date, summary and "
			    "image are for kind = html only");
		return;
	}
	if (r->item == NULL)
		conf_err(cp, fc->line, "kind = html needs item = XPATH (the "
		    "elements that are entries)");
	if (fc->title != NULL) {
		if (listing_xpath_check(fc->title, why, sizeof(why)) == -1)
			conf_err(cp, fc->line, "bad XPath for title: '%s' "
			    "(%s)", fc->title, why);
		r->title = fc->title;
		fc->title = NULL;
	}
	if (r->title == NULL)
		r->title = xstrdup(".//a");
	if (r->link == NULL)
		r->link = xstrdup(".//a/@href");
}

static void
conf_check_feeds(struct conf_parse *cp)
{
	struct feed_conf	*fc;
	struct feed_key		*keys;
	size_t			 n = 0, i, first;
	char			*canon;

	keys = xcalloc(cp->cf->nfeeds + 1, sizeof(*keys));
	TAILQ_FOREACH(fc, &cp->cf->feeds, next) {
		conf_check_kind(cp, fc);
		if (!conf_feed_url_ok(fc->url))
			continue;
		/* Checked just above: clean and absolute. */
		if (strncasecmp(fc->url, "file:", 5) == 0) {
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
	cf->fulltext_per_poll = 10;
	cf->markdown.date_format = xstrdup("%Y-%m-%d %H:%M:%S");
	cf->markdown.summary_chars = 50;
	TAILQ_INIT(&cf->feeds);
	return cf;
}

static int
feed_url_cmp(const void *a, const void *b)
{
	return strcmp((*(struct feed_conf *const *)a)->url,
	    (*(struct feed_conf *const *)b)->url);
}

/* The poller looks up a stored feed's section for every poll. */
static void
conf_index_feeds(struct config *cf)
{
	struct feed_conf	*fc;
	size_t			 n = 0;

	cf->by_url = xcalloc(cf->nfeeds + 1, sizeof(*cf->by_url));
	TAILQ_FOREACH(fc, &cf->feeds, next)
		cf->by_url[n++] = fc;
	qsort(cf->by_url, n, sizeof(*cf->by_url), feed_url_cmp);
}

static int
feed_url_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(struct feed_conf *const *)elem)->url);
}

const struct feed_conf *
config_feed_find(const struct config *cf, const char *url)
{
	struct feed_conf	**fc;

	if (cf->by_url == NULL)
		return NULL;
	fc = bsearch(url, cf->by_url, cf->nfeeds, sizeof(*cf->by_url),
	    feed_url_key_cmp);
	return fc != NULL ? *fc : NULL;
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
	strvec_clear(&cp.mseen);
	if (cp.nerrs > 0) {
		config_free(cp.cf);
		return NULL;
	}
	conf_index_feeds(cp.cf);
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
	free(fc->rules.item);
	free(fc->rules.title);
	free(fc->rules.link);
	free(fc->rules.date);
	free(fc->rules.summary);
	free(fc->rules.image);
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
	fc->kind = src->kind;
	fc->fulltext = src->fulltext;
	fc->rules.item = dup_or_null(src->rules.item);
	fc->rules.title = dup_or_null(src->rules.title);
	fc->rules.link = dup_or_null(src->rules.link);
	fc->rules.date = dup_or_null(src->rules.date);
	fc->rules.summary = dup_or_null(src->rules.summary);
	fc->rules.image = dup_or_null(src->rules.image);
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
	size_t			 i;

	if (cf == NULL)
		return;
	free(cf->by_url);
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
	free(cf->ca_file);
	free(cf->websub_hub);
	for (i = 0; i < cf->markdown.nstatics; i++) {
		free(cf->markdown.statics[i].key);
		free(cf->markdown.statics[i].value);
		strvec_clear(&cf->markdown.statics[i].list);
	}
	free(cf->markdown.statics);
	free(cf->markdown.dir);
	free(cf->markdown.timezone);
	free(cf->markdown.date_format);
	free(cf->control_socket);
	free(cf->pid_file);
	free(cf->listen);
	free(cf->user);
	free(cf);
}
