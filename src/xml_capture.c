/*
 * xml_capture.c - the text of the element being collected.  Child
 * elements of markup (RSS descriptions, Atom html/xhtml, xhtml:body) are
 * written back as HTML: start tags with their plain attributes, escaped
 * text, no end tag for void elements, without the div wrapping Atom xhtml.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xml_capture.h"
#include "xmlesc.h"
#include "xml_value.h"

#define XCAP_KEEPBUF	4096	/* copy shorter texts, hand over longer ones */

static const char *const void_elems[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen",
	"link", "meta", "param", "source", "track", "wbr"
};

/* Append s escaped for HTML text, or for a double-quoted attribute. */
static void
esc_add(struct buf *b, const char *s, size_t n, int attr)
{
	xml_escape_add(b, s, n, attr ? XE_QUOT : 0);
}

/* Decode base64 in place, skipping white space; returns the new length. */
static size_t
b64_decode(char *s, size_t n)
{
	static const char	 alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char		*p;
	uint32_t		 acc = 0;
	size_t			 i, o = 0;
	int			 bits = 0;

	for (i = 0; i < n; i++) {
		if (xval_is_space((unsigned char)s[i]))
			continue;
		if (s[i] == '=' || s[i] == '\0' ||
		    (p = strchr(alpha, s[i])) == NULL)
			break;
		acc = (acc << 6) | (uint32_t)(p - alpha);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	return o;
}

void
xcap_begin(struct xcap *c, int depth, int flags)
{
	c->depth = depth;
	c->markup = (flags & XCAP_MARKUP) != 0;
	c->esc_top = (flags & XCAP_ESCTOP) != 0;
	c->strip = (flags & XCAP_STRIP) != 0;
	c->b64 = (flags & XCAP_B64) != 0;
	c->wrap_depth = 0;
	c->wrap_seen = 0;
	c->wrap_end = SIZE_MAX;
	buf_reset(&c->text);
}

/* Start tag inside collected text: markup is kept as HTML, or dropped. */
void
xcap_start_elem(struct xcap *c, int d, xmlParserCtxtPtr ctxt,
    const xmlChar *local, const xmlChar **attrs, int nattrs)
{
	struct buf	*b = &c->text;
	int		 i;
	size_t		 k;
	char		*v;

	c->name[d] = (const char *)local;
	c->isvoid[d] = 0;
	if (!c->markup)
		return;
	/*
	 * The div that wraps Atom xhtml content is not part of it.  Feeds
	 * often forget its xmlns, which puts it in the Atom namespace: any
	 * div first at the top level counts.
	 */
	if (d == c->depth + 1 && !c->wrap_seen) {
		c->wrap_seen = 1;
		if (c->strip && strcmp((const char *)local, "div") == 0 &&
		    xval_is_blank(buf_cstr(b), b->len)) {
			buf_reset(b);
			c->wrap_depth = d;
			b = &c->wrap_tag;
			buf_reset(b);
		}
	}
	buf_addc(b, '<');
	buf_addstr(b, (const char *)local);
	for (i = 0; i < nattrs; i++) {
		const xmlChar	**a = attrs + 5 * i;
		const char	 *name = (const char *)a[0];

		if (a[2] != NULL && (strcmp((const char *)a[2],
		    NS_XML_URI) != 0 || strcmp(name, "lang") != 0))
			continue;	/* foreign attributes mean nothing */
		buf_addc(b, ' ');
		buf_addstr(b, name);
		buf_add(b, "=\"", 2);
		v = xval_attr_value(ctxt, a);
		esc_add(b, v, strlen(v), 1);
		free(v);
		buf_addc(b, '"');
	}
	buf_addc(b, '>');
	if (d == c->wrap_depth)
		return;
	for (k = 0; k < sizeof(void_elems) / sizeof(void_elems[0]); k++)
		if (strcmp((const char *)local, void_elems[k]) == 0) {
			c->isvoid[d] = 1;
			break;
		}
}

void
xcap_end_elem(struct xcap *c, int d)
{
	int	 isvoid = c->isvoid[d];

	c->isvoid[d] = 0;
	if (!c->markup)
		return;
	if (d == c->wrap_depth) {
		c->wrap_depth = 0;
		c->wrap_end = c->text.len;
		return;
	}
	if (isvoid)
		return;
	buf_add(&c->text, "</", 2);
	buf_addstr(&c->text, c->name[d]);
	buf_addc(&c->text, '>');
}

void
xcap_chars(struct xcap *c, int depth, const char *s, size_t n)
{
	if (c->markup && (depth > c->depth || c->esc_top))
		esc_add(&c->text, s, n, 0);
	else
		buf_add(&c->text, s, n);
}

/* The buffer is reused when the text is small. */
char *
xcap_take(struct xcap *c)
{
	if (c->text.len > XCAP_KEEPBUF)
		return buf_release(&c->text);
	return xstrndup(buf_cstr(&c->text), c->text.len);
}

/*
 * The div taken for the wrapper of xhtml content was one only if nothing
 * but white space follows it; otherwise it goes back.  Returns the
 * length of the text.
 */
static size_t
unwrap(struct xcap *c)
{
	struct buf	 out = BUF_INIT;
	size_t		 n = c->text.len, end = c->wrap_end;
	const char	*s = buf_cstr(&c->text);

	if (end > n)
		return n;
	if (xval_is_blank(s + end, n - end)) {
		c->text.len = end;
		if (c->text.data != NULL)
			c->text.data[end] = '\0';
		return end;
	}
	buf_grow(&out, c->wrap_tag.len + n + 6);
	buf_add(&out, c->wrap_tag.data, c->wrap_tag.len);
	buf_add(&out, s, end);
	buf_add(&out, "</div>", 6);
	buf_add(&out, s + end, n - end);
	buf_free(&c->text);
	c->text = out;
	return c->text.len;
}

char *
xcap_text(struct xcap *c)
{
	size_t	 n = c->text.len;
	char	*v;

	if (c->b64) {
		if (n > 0)
			n = b64_decode(c->text.data, n);
		v = utf8_clean(buf_cstr(&c->text), n);
		if (xval_is_blank(v, strlen(v))) {
			free(v);
			return NULL;
		}
		return v;
	}
	if (c->wrap_end != SIZE_MAX)
		n = unwrap(c);
	if (xval_is_blank(buf_cstr(&c->text), n))
		return NULL;
	return xcap_take(c);
}

void
xcap_free(struct xcap *c)
{
	buf_free(&c->text);
	buf_free(&c->wrap_tag);
}
