/*
 * frontmatter.c - the Markdown export file of one entry: YAML front
 * matter (every string double-quoted, so no value can turn into YAML
 * syntax), the file around the body from markdown.c, and its file name.
 * Pure: the caller writes the file (atomically) where it belongs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "date.h"
#include "feed.h"
#include "frontmatter.h"
#include "markdown.h"
#include "utf8.h"
#include "xmalloc.h"

#define FM_DEFAULT_DATE	"%Y-%m-%d %H:%M:%S"

/* The keys frontmatter_write knows, in their default order. */
enum fm_key { K_TITLE, K_DATE, K_SUMMARY, K_CATEGORIES, K_LANG, K_TAGS,
	K_THUMBNAIL, K_NKEYS };
static const char *const fm_keys[K_NKEYS] = { "title", "date", "summary",
	"categories", "lang", "tags", "thumbnail" };

static const char *const fm_wday[] = { "Sunday", "Monday", "Tuesday",
	"Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const fm_month[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

void
frontmatter_quote(struct buf *out, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 k;

	buf_addc(out, '"');
	for (; *p != '\0'; p += k) {
		k = utf8_decode(p, strnlen((const char *)p, 4), &cp);
		switch (cp) {
		case '"':
			buf_addstr(out, "\\\"");
			continue;
		case '\\':
			buf_addstr(out, "\\\\");
			continue;
		case '\n':
			buf_addstr(out, "\\n");
			continue;
		case '\t':
			buf_addstr(out, "\\t");
			continue;
		case '\r':
			buf_addstr(out, "\\r");
			continue;
		}
		/* What YAML does not allow as printable: escaped. */
		if (cp < 0x20 || cp == 0x7F)
			buf_printf(out, "\\x%02X", (unsigned)cp);
		else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
		    cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE ||
		    cp == 0xFFFF)
			buf_printf(out, "\\u%04X", (unsigned)cp);
		else if (cp == UTF8_REPLACEMENT && k == 1)
			buf_addstr(out, "\xEF\xBF\xBD");
		else
			buf_add(out, p, k);
	}
	buf_addc(out, '"');
}

/* A key bare when YAML reads it as the same plain string, else quoted. */
static void
fm_key(struct buf *out, const char *key)
{
	const char	*p;

	for (p = key; *p != '\0'; p++)
		if (!a_alnum(*p) && *p != '_' &&
		    (p == key || (*p != '-' && *p != '.')))
			break;
	if (*key != '\0' && *p == '\0')
		buf_addstr(out, key);
	else
		frontmatter_quote(out, key);
	buf_addc(out, ':');
}

static void
fm_string(struct buf *out, const char *key, const char *value)
{
	fm_key(out, key);
	buf_addc(out, ' ');
	frontmatter_quote(out, value);
	buf_addc(out, '\n');
}

static void
fm_list(struct buf *out, const char *key, char *const *v, size_t n)
{
	size_t	 i;

	fm_key(out, key);
	if (n == 0)
		buf_addstr(out, " []");
	for (i = 0; i < n; i++) {
		buf_addstr(out, "\n  - ");
		frontmatter_quote(out, v[i]);
	}
	buf_addc(out, '\n');
}

static void
fm_static(struct buf *out, const struct fm_static *fs)
{
	switch (fs->type) {
	case FM_LIST:
		fm_list(out, fs->key, fs->list.v, fs->list.n);
		break;
	case FM_BOOL:
	case FM_NUMBER:
		fm_key(out, fs->key);
		buf_printf(out, " %s\n", fs->value);
		break;
	default:
		fm_string(out, fs->key, fs->value != NULL ? fs->value : "");
		break;
	}
}

/*
 * The offset of tz at the instant t.  tz_offset_local answers for a
 * wall-clock time, so try the offsets in force within two days of t and
 * keep one whose wall-clock time maps back to t.  Two do when one of the
 * wall-clock times falls in a spring-forward gap (which takes the older,
 * smaller offset): the larger is right.  None does in the repeated hour
 * after a fall-back (the wall clock is read as its first pass): the
 * smaller is right.
 */
static long
fm_offset(const struct tz *tz, int64_t t)
{
	long	 o, best = 0, least = 0;
	int	 k, found = 0;

	if (tz == NULL)
		return 0;
	for (k = -2; k <= 2; k++) {
		o = tz_offset_local(tz, t + k * 86400);
		if (k == -2 || o < least)
			least = o;
		if (t + o - tz_offset_local(tz, t + o) == t &&
		    (!found || o > best)) {
			best = o;
			found = 1;
		}
	}
	return found ? best : least;
}

static void
fm_zone(struct buf *out, long off, const char *sep)
{
	char	 sign = off < 0 ? '-' : '+';

	if (off < 0)
		off = -off;
	buf_printf(out, "%c%02ld%s%02ld", sign, off / 3600, sep,
	    off / 60 % 60);
}

/* One Go layout token at p: its length, 0 when p holds none. */
static size_t
fm_go(struct buf *out, const char *p, int64_t y, int mo, int d, int h,
    int mi, int s, int wd, long off)
{
	static const struct {
		const char	*tok;
		char		 conv;
	} toks[] = {
		{ "2006", 'Y' }, { "January", 'B' }, { "Jan", 'b' },
		{ "Monday", 'A' }, { "Mon", 'a' }, { "01", 'm' }, { "02", 'd' },
		{ "15", 'H' }, { "03", 'I' }, { "04", 'M' }, { "05", 'S' },
		{ "06", 'y' }, { "PM", 'p' }, { "Z07:00", 'Z' },
		{ "-07:00", ':' }, { "-0700", 'z' }, { NULL, 0 }
	};
	size_t	 i, n;

	for (i = 0; toks[i].tok != NULL; i++) {
		n = strlen(toks[i].tok);
		if (strncmp(p, toks[i].tok, n) != 0)
			continue;
		switch (toks[i].conv) {
		case 'Y': buf_printf(out, "%04lld", (long long)y); break;
		case 'B': buf_addstr(out, fm_month[mo - 1]); break;
		case 'b': buf_add(out, fm_month[mo - 1], 3); break;
		case 'A': buf_addstr(out, fm_wday[wd]); break;
		case 'a': buf_add(out, fm_wday[wd], 3); break;
		case 'm': buf_printf(out, "%02d", mo); break;
		case 'd': buf_printf(out, "%02d", d); break;
		case 'H': buf_printf(out, "%02d", h); break;
		case 'I': buf_printf(out, "%02d", (h + 11) % 12 + 1); break;
		case 'M': buf_printf(out, "%02d", mi); break;
		case 'S': buf_printf(out, "%02d", s); break;
		case 'y': buf_printf(out, "%02d", (int)(y % 100)); break;
		case 'p': buf_addstr(out, h < 12 ? "AM" : "PM"); break;
		case 'Z':
			if (off == 0)
				buf_addc(out, 'Z');
			else
				fm_zone(out, off, ":");
			break;
		case ':': fm_zone(out, off, ":"); break;
		case 'z': fm_zone(out, off, ""); break;
		}
		return n;
	}
	return 0;
}

void
frontmatter_date(struct buf *out, int64_t t, const struct tz *tz,
    const char *fmt)
{
	int64_t		 local, days, y;
	long		 off, secs;
	int		 mo, d, h, mi, s, wd, go;
	size_t		 n;
	const char	*p;

	if (fmt == NULL || *fmt == '\0')
		fmt = FM_DEFAULT_DATE;
	off = fm_offset(tz, t);
	local = t + off;
	days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	secs = (long)(local - days * 86400);
	date_civil_from_days(days, &y, &mo, &d);
	h = secs / 3600;
	mi = secs / 60 % 60;
	s = secs % 60;
	wd = (int)(((days + 4) % 7 + 7) % 7);	/* 1970-01-01: Thursday */
	go = strchr(fmt, '%') == NULL;
	for (p = fmt; *p != '\0'; p++) {
		if (go) {
			if ((n = fm_go(out, p, y, mo, d, h, mi, s, wd, off)) > 0)
				p += n - 1;
			else
				buf_addc(out, *p);
			continue;
		}
		if (*p != '%' || p[1] == '\0') {
			buf_addc(out, *p);
			continue;
		}
		switch (*++p) {
		case 'Y': buf_printf(out, "%04lld", (long long)y); break;
		case 'y': buf_printf(out, "%02d", (int)(y % 100)); break;
		case 'm': buf_printf(out, "%02d", mo); break;
		case 'd': buf_printf(out, "%02d", d); break;
		case 'e': buf_printf(out, "%2d", d); break;
		case 'H': buf_printf(out, "%02d", h); break;
		case 'I': buf_printf(out, "%02d", (h + 11) % 12 + 1); break;
		case 'M': buf_printf(out, "%02d", mi); break;
		case 'S': buf_printf(out, "%02d", s); break;
		case 'p': buf_addstr(out, h < 12 ? "AM" : "PM"); break;
		case 'j':
			buf_printf(out, "%03lld", (long long)(days -
			    date_days_from_civil(y, 1, 1) + 1));
			break;
		case 'a': buf_add(out, fm_wday[wd], 3); break;
		case 'A': buf_addstr(out, fm_wday[wd]); break;
		case 'b': buf_add(out, fm_month[mo - 1], 3); break;
		case 'B': buf_addstr(out, fm_month[mo - 1]); break;
		case 'F':
			buf_printf(out, "%04lld-%02d-%02d", (long long)y, mo, d);
			break;
		case 'T': buf_printf(out, "%02d:%02d:%02d", h, mi, s); break;
		case 'z': fm_zone(out, off, ""); break;
		case 's': buf_printf(out, "%lld", (long long)t); break;
		case '%': buf_addc(out, '%'); break;
		case ':':
			if (p[1] == 'z') {
				p++;
				fm_zone(out, off, ":");
				break;
			}
			/* FALLTHROUGH */
		default:
			/* Unknown: kept as written. */
			buf_addc(out, '%');
			buf_addc(out, *p);
			break;
		}
	}
}

/*
 * The first max characters of the summary, white space collapsed, and
 * "..." when that cut it short.
 */
static char *
fm_summary(const char *s, int max)
{
	struct buf	 b = BUF_INIT;
	char		*c;
	const char	*p;
	int		 n = 0;

	c = utf8_collapse_space(s);
	for (p = c; *p != '\0' && n < max; n++) {
		do
			buf_addc(&b, *p++);
		while (((unsigned char)*p & 0xC0) == 0x80);
	}
	if (*p != '\0') {
		while (b.len > 0 && b.data[b.len - 1] == ' ')
			b.data[--b.len] = '\0';
		buf_addstr(&b, "...");
	}
	free(c);
	return buf_release(&b);
}

/* The entry's value of a built-in key; 0 when it has none. */
static int
fm_builtin(struct buf *out, enum fm_key k, const struct fm_entry *e,
    const struct markdown_conf *mc, const struct tz *tz)
{
	struct buf	 v = BUF_INIT;
	char		*s;
	char		*one[1];

	switch (k) {
	case K_TITLE:
		fm_string(out, "title", e->title != NULL ? e->title : "");
		return 1;
	case K_DATE:
		if (e->date == DATE_NONE)
			return 0;
		frontmatter_date(&v, e->date, tz, mc != NULL ?
		    mc->date_format : NULL);
		fm_string(out, "date", buf_cstr(&v));
		buf_free(&v);
		return 1;
	case K_SUMMARY:
		if (e->summary == NULL || mc == NULL || mc->summary_chars <= 0 ||
		    utf8_is_blank(e->summary))
			return 0;
		s = fm_summary(e->summary, mc->summary_chars);
		fm_string(out, "summary", s);
		free(s);
		return 1;
	case K_CATEGORIES:
	case K_TAGS:
		if (k == K_CATEGORIES ? e->categories == NULL ||
		    e->categories->n == 0 : e->tags == NULL || e->tags->n == 0)
			return 0;
		if (k == K_CATEGORIES)
			fm_list(out, "categories", e->categories->v,
			    e->categories->n);
		else
			fm_list(out, "tags", e->tags->v, e->tags->n);
		return 1;
	case K_LANG:
		if (e->lang == NULL || *e->lang == '\0')
			return 0;
		one[0] = (char *)e->lang;
		fm_list(out, "lang", one, 1);
		return 1;
	case K_THUMBNAIL:
		if (e->thumbnail == NULL || *e->thumbnail == '\0')
			return 0;
		fm_string(out, "thumbnail", e->thumbnail);
		return 1;
	default:
		return 0;
	}
}

static int
fm_builtin_index(const char *key)
{
	int	 k;

	for (k = 0; k < K_NKEYS; k++)
		if (strcmp(fm_keys[k], key) == 0)
			return k;
	return -1;
}

/*
 * Order: the built-in keys the static keys do not name, in their default
 * order; then the static keys in the order of the config, where a static
 * key that names a built-in one ("thumbnail = \"\"") stands for the
 * entry's value and gives the value only when the entry has none.  So the
 * config decides where "thumbnail" goes among the user's keys, and a
 * config without such keys gets the default order.
 */
void
frontmatter_write(struct buf *out, const struct fm_entry *e,
    const struct markdown_conf *mc, const struct tz *tz)
{
	const struct fm_static	*fs;
	size_t			 i, n = mc != NULL ? mc->nstatics : 0;
	int			 k, named[K_NKEYS];

	memset(named, 0, sizeof(named));
	for (i = 0; i < n; i++)
		if ((k = fm_builtin_index(mc->statics[i].key)) >= 0)
			named[k] = 1;
	buf_addstr(out, "---\n");
	for (k = 0; k < K_NKEYS; k++)
		if (!named[k])
			fm_builtin(out, k, e, mc, tz);
	for (i = 0; i < n; i++) {
		fs = &mc->statics[i];
		k = fm_builtin_index(fs->key);
		if (k < 0 || !fm_builtin(out, k, e, mc, tz))
			fm_static(out, fs);
	}
	buf_addstr(out, "---\n");
}

int
markdown_render_entry(struct buf *out, const struct fm_entry *e,
    const char *content_html, const char *base_url, const char *source_url,
    const struct markdown_conf *mc, const struct tz *tz)
{
	struct buf	 body = BUF_INIT;
	const char	*name;
	int		 rc;

	frontmatter_write(out, e, mc, tz);
	buf_addc(out, '\n');
	rc = html_to_markdown(content_html, base_url, &body);
	if (body.len > 0) {
		buf_add(out, body.data, body.len);
		buf_addc(out, '\n');
	}
	buf_free(&body);
	if (source_url != NULL && *source_url != '\0') {
		/* Named after the category, as the example file has it. */
		name = e->categories != NULL && e->categories->n > 0 ?
		    e->categories->v[0] : "source";
		markdown_link(out, name, source_url);
		buf_addc(out, '\n');
	}
	return rc;
}

/* CJK ideographs, kana and hangul: kept in slugs. */
static int
fm_cjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 &&
	    cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	    (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 &&
	    cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

char *
markdown_filename(const char *title, const char *url_hash)
{
	struct buf		 b = BUF_INIT;
	const unsigned char	*p;
	uint32_t		 cp;
	size_t			 k, i;
	int			 dash = 0;

	p = (const unsigned char *)(title != NULL ? title : "");
	for (; *p != '\0'; p += k) {
		k = utf8_decode(p, strnlen((const char *)p, 4), &cp);
		if (!(cp < 0x80 ? a_alnum(cp) : fm_cjk(cp))) {
			dash = b.len > 0;
			continue;
		}
		if (b.len + dash + k > MARKDOWN_SLUG_MAX)
			break;
		if (dash)
			buf_addc(&b, '-');
		dash = 0;
		if (cp < 0x80)
			buf_addc(&b, a_lower(cp));
		else
			buf_add(&b, p, k);
	}
	if (b.len > 0)
		buf_addc(&b, '-');
	/* Only hex digits of the hash: it cannot smuggle a '/' or '.'. */
	for (i = 0; url_hash != NULL && url_hash[i] != '\0' && i < 8; i++)
		if (a_digit(url_hash[i]) || (a_lower(url_hash[i]) >= 'a' &&
		    a_lower(url_hash[i]) <= 'f'))
			buf_addc(&b, a_lower(url_hash[i]));
	if (b.len == 0)
		buf_addstr(&b, "entry");
	else if (b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	buf_addstr(&b, ".md");
	return buf_release(&b);
}
