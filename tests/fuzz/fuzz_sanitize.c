/*
 * fuzz_sanitize.c - libFuzzer target for the HTML sanitizer, the text
 * extraction and the escaper.  Beyond not crashing, the sanitizer's
 * output must hold no element, attribute or URL it exists to remove, and
 * wherever html_fast.c parses a fragment its tree must be libxml2's and
 * the sanitizer on its events must write what it writes on that tree.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../htmltree.h"
#include "sanitize.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Elements the sanitizer drops with their content or their tags. */
static const char *const bad_tags[] = {
	"script", "iframe", "object", "embed", "style", "form", "meta",
	"base", "link", "svg", "math", "frame", "frameset", "applet", NULL
};
/* URL schemes that must never reach a URL attribute. */
static const char *const bad_schemes[] = {
	"javascript:", "vbscript:", "data:", "file:", NULL
};
/*
 * The attributes a browser follows or loads.  Text attributes (alt,
 * title) may say "data:..." harmlessly: fuzzing put that into an alt.
 */
static const char *const url_attrs[] = {
	"href", "src", "srcset", "cite", "poster", "background", "action",
	"formaction", "longdesc", "usemap", "codebase", "data", "lowsrc",
	"dynsrc", "xlink:href", NULL
};

static void
fail(const char *why, const char *out, const char *in, size_t inlen)
{
	fprintf(stderr, "sanitize_html: %s\ninput: %.*s\noutput: %s\n", why,
	    (int)inlen, in, out);
	abort();
}

static int
word_in(const char *p, size_t n, const char *const *list, int prefix)
{
	size_t	 i, l;

	for (i = 0; list[i] != NULL; i++) {
		l = strlen(list[i]);
		if ((prefix ? n >= l : n == l) &&
		    strncasecmp(p, list[i], l) == 0)
			return 1;
	}
	return 0;
}

/*
 * Walk the output's tags (text is escaped, so a '<' opens a tag): no
 * forbidden element, no event handler or style attribute, no dangerous
 * URL scheme at the start of an attribute value.
 */
static void
check_clean(const char *out, const char *in, size_t inlen)
{
	const char	*p = out, *name, *val;
	size_t		 n;
	char		 q;

	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (*p == '/')
			p++;
		name = p;
		while (isalnum((unsigned char)*p))
			p++;
		if (word_in(name, (size_t)(p - name), bad_tags, 0))
			fail("kept a forbidden element", out, in, inlen);
		for (;;) {
			while (isspace((unsigned char)*p) || *p == '/')
				p++;
			if (*p == '>' || *p == '\0')
				break;
			name = p;
			while (*p != '\0' && *p != '=' && *p != '>' &&
			    !isspace((unsigned char)*p))
				p++;
			n = (size_t)(p - name);
			if ((n > 2 && strncasecmp(name, "on", 2) == 0) ||
			    (n == 5 && strncasecmp(name, "style", 5) == 0))
				fail("kept an event handler or style", out, in,
				    inlen);
			if (*p != '=')
				continue;
			p++;
			if (*p == '"' || *p == '\'') {
				q = *p++;
				val = p;
				while (*p != '\0' && *p != q)
					p++;
			} else {
				val = p;
				while (*p != '\0' && *p != '>' &&
				    !isspace((unsigned char)*p))
					p++;
			}
			while (isspace((unsigned char)*val))
				val++;
			if (word_in(name, n, url_attrs, 0) &&
			    word_in(val, (size_t)(p - val), bad_schemes, 1))
				fail("kept a dangerous URL", out, in, inlen);
			if (*p == '"' || *p == '\'')
				p++;
		}
	}
}

/* The fast parser answers for a fragment only with libxml2's tree. */
static void
check_fast(const char *in, size_t inlen)
{
	xmlDocPtr	 fast, ref;
	char		*clean, *a, *b;

	clean = utf8_clean(in, inlen);
	if ((fast = html_fast_parse(clean, strlen(clean))) != NULL) {
		ref = html_parse_fragment_libxml2(in, inlen);
		a = htmltree_string(fast);
		b = htmltree_string(ref);
		if (strcmp(a, b) != 0) {
			fprintf(stderr, "html_fast_parse differs from libxml2\n"
			    "input: %.*s\nfast:\n%s\nlibxml2:\n%s\n",
			    (int)inlen, in, a, b);
			abort();
		}
		free(a);
		free(b);
		xmlFreeDoc(ref);
		xmlFreeDoc(fast);
	}
	free(clean);
}

/* The sanitizer on the fast path's events writes what it does on a tree. */
static void
check_stream(const char *in, size_t inlen)
{
	char	*why;

	if (!htmltree_same_sanitized(in, inlen, "http://example.com/a/",
	    inlen % 50, &why)) {
		fprintf(stderr, "the sanitizer differs from its reading of "
		    "libxml2's tree\n%s", why);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*out, *img, *s;

	check_fast((const char *)data, size);
	check_stream((const char *)data, size);

	out = sanitize_html((const char *)data, size,
	    "http://example.com/a/", &img);
	check_clean(out, (const char *)data, size);
	free(img);
	free(out);
	free(html_to_text((const char *)data, size));
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	free(html_escape(s));
	free(s);
	return 0;
}
