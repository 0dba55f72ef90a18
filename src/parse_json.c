/*
 * parse_json.c - JSON Feed 1.0/1.1 to a feed_doc with raw entries, on
 * jansson.  Like the XML parser it only copies what the document says
 * (URLs resolved against the base); the normalizer does the rest.  Fields
 * of the wrong type are ignored rather than failing the whole feed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "feed.h"
#include "parse_int.h"
#include "url.h"
#include "utf8.h"
#include "xmalloc.h"

#define JSONFEED_VERSION	"://jsonfeed.org/version/"
#define NOT_A_FEED		"not a feed: JSON document is not a JSON Feed"

/* 2^53: every double at least this big is an integer. */
#define DOUBLE_EXACT		9007199254740992.0

/*
 * Owned, XML-clean copy of the string member key of obj, or NULL when it
 * is missing or not a string.  JSON_ALLOW_NUL lets "\u0000" through the
 * lexer; utf8_clean drops it with the other XML-illegal characters.
 */
static char *
get_str(const json_t *obj, const char *key)
{
	json_t	*v;

	v = json_object_get(obj, key);
	if (!json_is_string(v))
		return NULL;
	return utf8_clean(json_string_value(v), json_string_length(v));
}

/* Same, but NULL also for a string that is empty or all white space. */
static char *
get_nonblank(const json_t *obj, const char *key)
{
	char	*s;

	if ((s = get_str(obj, key)) != NULL && s[strspn(s, " \t\r\n")] == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

/*
 * A URL member resolved against base.  One that cannot be made absolute
 * (relative with no base, or not a URL at all) is kept as given: the
 * normalizer decides what to do with it.  A blank one counts as missing,
 * since resolving "" would point at the base document itself.
 */
static char *
get_url(const json_t *obj, const char *key, const char *base)
{
	char	*s, *abs;

	if ((s = get_nonblank(obj, key)) == NULL)
		return NULL;
	if ((abs = url_resolve(base, s)) == NULL)
		return s;
	free(s);
	return abs;
}

/*
 * An integer-valued number as a long long; reals that are whole numbers
 * count too (the document may have been decoded with INT_AS_REAL).
 */
static int
get_whole(const json_t *v, long long *out)
{
	double	 d;

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return 0;
	}
	if (!json_is_real(v))
		return -1;
	d = json_real_value(v);
	if (d <= -DOUBLE_EXACT || d >= DOUBLE_EXACT || d != (double)(long long)d)
		return -1;
	*out = (long long)d;
	return 0;
}

/*
 * A numeric id as a decimal string.  Reals are printed with the fewest
 * digits that read back to the same value; huge whole ones (an integer id
 * too big for jansson, decoded as a real) without an exponent.
 */
static char *
number_str(const json_t *v)
{
	char		 tmp[64];
	long long	 ll;
	double		 d;
	int		 prec;

	if (get_whole(v, &ll) == 0) {
		snprintf(tmp, sizeof(tmp), "%lld", ll);
		return xstrdup(tmp);
	}
	d = json_real_value(v);
	if ((d >= DOUBLE_EXACT && d < 1e21) || (d <= -DOUBLE_EXACT && d > -1e21)) {
		snprintf(tmp, sizeof(tmp), "%.0f", d);
		return xstrdup(tmp);
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(tmp, sizeof(tmp), "%.17g", d);
	return xstrdup(tmp);
}

/* One author object (1.1 "authors" element or 1.0 "author"). */
static void
add_person(struct person **v, size_t *n, const json_t *obj, const char *base)
{
	struct person	*p;
	char		*name, *uri;

	if (!json_is_object(obj))
		return;
	name = get_nonblank(obj, "name");
	uri = get_url(obj, "url", base);
	/* An author with only an avatar has nothing we can keep. */
	if (name == NULL && uri == NULL)
		return;
	p = person_add(v, n);
	p->name = name;
	p->uri = uri;
}

/* 1.1 "authors" when it names anybody, else the 1.0 "author". */
static void
get_authors(const json_t *obj, const char *base, struct person **v,
    size_t *n)
{
	json_t	*a, *el;
	size_t	 i;

	a = json_object_get(obj, "authors");
	if (json_is_array(a))
		json_array_foreach(a, i, el)
			add_person(v, n, el, base);
	if (*n == 0)
		add_person(v, n, json_object_get(obj, "author"), base);
}

static void
get_text(const json_t *obj, const char *key, struct text *t,
    enum text_kind kind, const char *base)
{
	char	*s;

	if ((s = get_str(obj, key)) != NULL)
		text_set(t, s, kind, base);
}

static void
get_tags(const json_t *item, struct strvec *tags)
{
	json_t	*a, *el;
	size_t	 i;
	char	*s;

	a = json_object_get(item, "tags");
	if (!json_is_array(a))
		return;
	json_array_foreach(a, i, el) {
		if (!json_is_string(el))
			continue;
		s = utf8_clean(json_string_value(el), json_string_length(el));
		if (*s == '\0')
			free(s);
		else
			strvec_push_owned(tags, s);
	}
}

static void
get_attachments(const json_t *item, const char *base, struct entry *e)
{
	struct enclosure *enc;
	json_t		*a, *el;
	size_t		 i;
	long long	 len;
	char		*url;

	a = json_object_get(item, "attachments");
	if (!json_is_array(a))
		return;
	json_array_foreach(a, i, el) {
		if (!json_is_object(el) ||
		    (url = get_url(el, "url", base)) == NULL)
			continue;
		enc = enclosure_add(&e->enclosures, &e->nenclosures);
		enc->url = url;
		enc->type = get_nonblank(el, "mime_type");
		if (get_whole(json_object_get(el, "size_in_bytes"), &len) == 0 &&
		    len >= 0)
			enc->length = len;
	}
}

static struct entry *
parse_item(const json_t *item, const char *base, const char *feed_lang)
{
	struct entry	*e;
	json_t		*id;

	e = entry_new();
	id = json_object_get(item, "id");
	if (json_is_string(id))
		e->id = utf8_clean(json_string_value(id),
		    json_string_length(id));
	else if (json_is_number(id))
		e->id = number_str(id);

	if ((e->link = get_url(item, "url", base)) == NULL)
		e->link = get_url(item, "external_url", base);

	get_text(item, "title", &e->title, TEXT_PLAIN, base);
	/* Prefer HTML; an empty content_html should not hide the text. */
	get_text(item, "content_html", &e->content, TEXT_HTML, base);
	if (e->content.s != NULL && *e->content.s == '\0')
		text_clear(&e->content);
	if (e->content.s == NULL)
		get_text(item, "content_text", &e->content, TEXT_PLAIN, base);
	get_text(item, "summary", &e->summary, TEXT_PLAIN, base);

	e->published_raw = get_str(item, "date_published");
	e->updated_raw = get_str(item, "date_modified");

	if ((e->lang = get_nonblank(item, "language")) == NULL &&
	    feed_lang != NULL)
		e->lang = xstrdup(feed_lang);

	/* No authors here: the normalizer gives the entry the feed's. */
	get_authors(item, base, &e->authors, &e->nauthors);
	get_tags(item, &e->tags);
	get_attachments(item, base, e);
	/* banner_image is decoration, not the article's picture. */
	e->itunes_image = get_url(item, "image", base);
	return e;
}

/*
 * The real JSON Feed signature is "version"; be lenient with documents
 * that forgot it but look like one (a title and an items array), and
 * with the http:// spelling of the version URL.
 */
static int
is_json_feed(const json_t *root)
{
	const char	*v;
	json_t		*ver;

	ver = json_object_get(root, "version");
	if (json_is_string(ver)) {
		v = json_string_value(ver);
		if (strncmp(v, "https" JSONFEED_VERSION,
		    strlen("https" JSONFEED_VERSION)) == 0 ||
		    strncmp(v, "http" JSONFEED_VERSION,
		    strlen("http" JSONFEED_VERSION)) == 0)
			return 1;
	}
	return json_is_array(json_object_get(root, "items")) &&
	    json_is_string(json_object_get(root, "title"));
}

/* Is p[0..3] four hex digits?  Then their value, else -1. */
static long
hex4(const char *p, size_t left)
{
	long	 v = 0;
	int	 i, c;

	if (left < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * Copy of a JSON text with every lone surrogate escape ("\ud83d" from an
 * emoji cut in half by a truncating CMS) replaced by "\ufffd".  jansson
 * rejects the whole document for one of them; we would rather lose a
 * character.
 */
static char *
fix_surrogates(const char *s, size_t n, size_t *outlen)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	long		 hi, lo;
	int		 instr = 0;

	buf_grow(&b, n);
	for (i = 0; i < n; ) {
		if (!instr || s[i] != '\\' || i + 1 >= n) {
			if (s[i] == '"')
				instr = !instr;
			buf_addc(&b, s[i++]);
			continue;
		}
		if (s[i + 1] != 'u' ||
		    (hi = hex4(s + i + 2, n - i - 2)) < 0xD800 || hi > 0xDFFF) {
			/* Any other escape, copied whole so \" stays put. */
			buf_add(&b, s + i, 2);
			i += 2;
			continue;
		}
		if (hi <= 0xDBFF && i + 12 <= n && s[i + 6] == '\\' &&
		    s[i + 7] == 'u' && (lo = hex4(s + i + 8, n - i - 8)) >=
		    0xDC00 && lo <= 0xDFFF) {
			buf_add(&b, s + i, 12);
			i += 12;
			continue;
		}
		buf_addstr(&b, "\\ufffd");
		i += 6;
	}
	*outlen = b.len;
	return buf_release(&b);
}

/*
 * "not a feed: invalid JSON ..." with jansson's text.  Its "near '...'"
 * quotes the input, so keep the message on one line and do not cut it in
 * the middle of a UTF-8 sequence.
 */
static void
json_errmsg(const json_error_t *je, char *err, size_t errlen)
{
	char	 text[JSON_ERROR_TEXT_LENGTH];
	size_t	 i, len, need;
	int	 n, lead;

	if (errlen == 0)
		return;
	for (i = 0; i < sizeof(text) - 1 && je->text[i] != '\0'; i++)
		text[i] = (unsigned char)je->text[i] < 0x20 ? ' ' : je->text[i];
	text[i] = '\0';
	n = snprintf(err, errlen, "not a feed: invalid JSON at line %d column "
	    "%d: %s", je->line, je->column, text);
	if (n < 0 || (size_t)n < errlen)
		return;
	/* Truncated: drop a last character that lost its tail. */
	len = errlen - 1;
	for (i = len; i > 0 && ((unsigned char)err[i - 1] & 0xC0) == 0x80; i--)
		;
	if (i > 0 && (unsigned char)err[i - 1] >= 0xC0) {
		lead = (unsigned char)err[i - 1];
		need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (len - (i - 1) < need)
			err[i - 1] = '\0';
	}
}

/*
 * jansson with our leniencies: a UTF-8 BOM is skipped, bytes after the
 * top-level value are ignored, and two failures that would cost us the
 * whole feed for one field are retried: an integer id too big for
 * json_int_t (decoded as a real) and a lone surrogate escape.
 */
static json_t *
load(const char *data, size_t len, char *err, size_t errlen)
{
	json_error_t	 je, je2;
	json_t		*root;
	char		*fixed;
	size_t		 fixedlen;
	size_t		 flags = JSON_ALLOW_NUL | JSON_DISABLE_EOF_CHECK;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if ((root = json_loadb(data, len, flags, &je)) != NULL)
		return root;
	if (json_error_code(&je) == json_error_numeric_overflow &&
	    strncmp(je.text, "too big", 7) == 0)
		root = json_loadb(data, len, flags | JSON_DECODE_INT_AS_REAL,
		    &je2);
	else if (strncmp(je.text, "invalid Unicode '\\u", 19) == 0) {
		fixed = fix_surrogates(data, len, &fixedlen);
		root = json_loadb(fixed, fixedlen, flags, &je2);
		free(fixed);
	}
	if (root == NULL)
		json_errmsg(&je, err, errlen);
	return root;
}

int
parse_json(const char *data, size_t len, const char *base_url,
    struct feed_doc **out, char *err, size_t errlen)
{
	struct feed_doc	*doc;
	struct entry	*e;
	json_t		*root, *items, *item;
	size_t		 i;

	*out = NULL;
	if ((root = load(data, len, err, errlen)) == NULL)
		return -1;
	if (!json_is_object(root) || !is_json_feed(root)) {
		json_decref(root);
		snprintf(err, errlen, "%s", NOT_A_FEED);
		return -1;
	}

	doc = feed_doc_new();
	doc->format = FMT_JSON;
	get_text(root, "title", &doc->title, TEXT_PLAIN, base_url);
	doc->link = get_url(root, "home_page_url", base_url);
	doc->id = get_nonblank(root, "feed_url");
	doc->lang = get_nonblank(root, "language");
	get_authors(root, base_url, &doc->authors, &doc->nauthors);

	items = json_object_get(root, "items");
	if (json_is_array(items))
		json_array_foreach(items, i, item) {
			if (!json_is_object(item))
				continue;
			e = parse_item(item, base_url, doc->lang);
			feed_doc_add_entry(doc, e);
		}

	json_decref(root);
	*out = doc;
	return 0;
}
