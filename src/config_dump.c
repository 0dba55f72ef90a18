/*
 * config_dump.c - the effective configuration written back as a config
 * file (`feedctl config`, like `nginx -T`): every [feedd] key with its
 * value, defaults included, then each feed with the keys it sets.  Walks
 * the same key tables the reader uses, so a new key cannot be forgotten.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "config_int.h"

static void
dump_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* Quote a value when the reader would otherwise change it. */
static void
dump_str(struct buf *b, const char *s)
{
	size_t	 n = strlen(s);

	if (n > 0 && strpbrk(s, "#;\"\\") == NULL && s[0] != ' ' &&
	    s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t')
		buf_addstr(b, s);
	else
		dump_quoted(b, s);
}

static void
dump_duration(struct buf *b, long long v)
{
	if (v % 86400 == 0)
		buf_printf(b, "%lldd", v / 86400);
	else if (v % 3600 == 0)
		buf_printf(b, "%lldh", v / 3600);
	else if (v % 60 == 0)
		buf_printf(b, "%lldm", v / 60);
	else
		buf_printf(b, "%llds", v);
}

static void
dump_size(struct buf *b, size_t v)
{
	static const char units[] = "GMK";
	size_t	 i, m;

	for (i = 0; i < 3; i++) {
		m = (size_t)1 << (10 * (3 - i));
		if (v >= m && v % m == 0) {
			buf_printf(b, "%zu%c", v / m, units[i]);
			return;
		}
	}
	buf_printf(b, "%zu", v);
}

/*
 * One key.  all: print unset and default values too (the [feedd]
 * section); otherwise only what a feed section sets.
 */
static void
dump_key(struct buf *b, const struct key *k, const void *base, int all)
{
	const void	*field = (const char *)base + k->off;
	const char	*s = NULL;
	int		 i = 0;
	const struct strvec *sv;
	size_t		 j;

	/* Read the field as its type says, and only then. */
	switch (k->type) {
	case K_INT:
	case K_BOOL:
	case K_INTERVAL:
	case K_DURATION:
	case K_LOG:
	case K_LOG_LEVEL:
	case K_KIND:
		i = *(const int *)field;
		break;
	case K_SIZE:
	case K_TAGS:
		break;
	default:
		s = *(char *const *)field;
		break;
	}

	switch (k->type) {
	case K_STR:
	case K_STR_EMPTY:
	case K_PATH:
	case K_HTTP_URL:
	case K_BASE_URL:
	case K_TIMEZONE:
	case K_LISTEN:
	case K_USER:
	case K_INCLUDE:
	case K_EXCLUDE:
	case K_XPATH:
		if (s == NULL) {
			if (all)
				buf_printf(b, "#%s =\n", k->name);
			return;
		}
		buf_printf(b, "%s = ", k->name);
		dump_str(b, s);
		break;
	case K_PASSWORD:
		if (s != NULL)
			buf_printf(b, "%s = ********", k->name);
		else
			return;
		break;
	case K_PASSWORD_FILE:
		return;		/* shown as password */
	case K_INT:
		buf_printf(b, "%s = %d", k->name, i);
		break;
	case K_BOOL:
		/* Feed sections: only what differs from the default. */
		if (!all && (strcmp(k->name, "enabled") == 0 ? i == 1 :
		    i <= 0))
			return;
		buf_printf(b, "%s = %s", k->name, i ? "yes" : "no");
		break;
	case K_INTERVAL:
		if (i == 0)
			return;
		buf_printf(b, "%s = ", k->name);
		if (i == CONF_INTERVAL_AUTO)
			buf_addstr(b, "auto");
		else
			dump_duration(b, i);
		break;
	case K_DURATION:
		buf_printf(b, "%s = ", k->name);
		dump_duration(b, i);
		break;
	case K_SIZE:
		buf_printf(b, "%s = ", k->name);
		dump_size(b, *(const size_t *)field);
		break;
	case K_TAGS:
		sv = field;
		if (sv->n == 0)
			return;
		buf_printf(b, "%s = ", k->name);
		for (j = 0; j < sv->n; j++)
			buf_printf(b, "%s%s", j ? ", " : "", sv->v[j]);
		break;
	case K_LOG:
		buf_printf(b, "%s = %s", k->name, i ? "syslog" : "stderr");
		break;
	case K_LOG_LEVEL:
		buf_printf(b, "%s = %s", k->name, conf_log_levels[i]);
		break;
	case K_KIND:
		if (!all && i == FEED_KIND_FEED)
			return;
		buf_printf(b, "%s = %s", k->name, i == FEED_KIND_PAGE ? "page" :
		    i == FEED_KIND_HTML ? "html" : "feed");
		break;
	}
	buf_addc(b, '\n');
}

static void
dump_markdown(struct buf *b, const struct markdown_conf *md)
{
	const struct key	*k;
	const struct fm_static	*fs;
	size_t			 i, j;

	buf_addstr(b, "\n[markdown]\n");
	for (k = conf_markdown_keys; k->name != NULL; k++)
		dump_key(b, k, md, 1);
	for (i = 0; i < md->nstatics; i++) {
		fs = &md->statics[i];
		buf_printf(b, "%s = ", fs->key);
		switch (fs->type) {
		case FM_LIST:
			buf_addc(b, '[');
			for (j = 0; j < fs->list.n; j++) {
				if (j > 0)
					buf_addstr(b, ", ");
				dump_quoted(b, fs->list.v[j]);
			}
			buf_addc(b, ']');
			break;
		case FM_STRING:
			dump_quoted(b, fs->value);
			break;
		default:
			buf_addstr(b, fs->value);
			break;
		}
		buf_addc(b, '\n');
	}
}

void
config_dump(const struct config *cf, struct buf *b)
{
	const struct feed_conf	*fc;
	const struct key	*k;

	buf_printf(b, "# %s\n[feedd]\n", cf->path);
	for (k = conf_global_keys; k->name != NULL; k++)
		dump_key(b, k, cf, 1);
	dump_markdown(b, &cf->markdown);
	TAILQ_FOREACH(fc, &cf->feeds, next) {
		buf_addstr(b, "\n[feed ");
		dump_quoted(b, fc->url);
		buf_addstr(b, "]\n");
		for (k = conf_feed_keys; k->name != NULL; k++)
			dump_key(b, k, fc, 0);
		/* In an html section "title" is the item title's selector. */
		if (fc->kind == FEED_KIND_HTML && fc->rules.title != NULL) {
			buf_addstr(b, "title = ");
			dump_str(b, fc->rules.title);
			buf_addc(b, '\n');
		}
	}
}
