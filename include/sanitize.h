/*
 * sanitize.h - the allowlist HTML sanitizer and HTML-to-text, on libxml2's
 * HTML parser.  Every piece of HTML that reaches an output goes through
 * sanitize_html().  Pure functions.
 */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stddef.h>

/*
 * Sanitize an HTML fragment: only allowlisted elements and attributes, no
 * script/style/iframe/object/embed/form, no event handlers or style, URLs
 * resolved against base (may be NULL) and kept only for http/https/mailto
 * (and http/https for images).  Returns owned UTF-8 HTML ("" for nothing).
 * When first_img is not NULL it receives the first kept <img src>, owned,
 * or NULL.
 */
char	*sanitize_html(const char *html, size_t len, const char *base,
	    char **first_img);
/*
 * Plain text of an HTML fragment: tags dropped, entities decoded,
 * block elements separated by spaces, white space collapsed.  Owned.
 */
char	*html_to_text(const char *html, size_t len);
/* The same, but it may stop anywhere past the first max characters. */
char	*html_to_text_max(const char *html, size_t len, size_t max);
/*
 * Both of the above from one parse: returns sanitize_html's result and,
 * when text is not NULL, stores html_to_text's there.  With text_max > 0
 * the text may stop anywhere past its first text_max characters.
 */
char	*sanitize_html_text(const char *html, size_t len, const char *base,
	    char **first_img, char **text, size_t text_max);
/*
 * The libxml2 tree of a fragment, parsed as the body of a UTF-8 document
 * (no implied <p>, white space kept, CDATA sections dropped); the
 * sanitizer and the Markdown conversion both read it.  NULL on failure;
 * free with xmlFreeDoc().
 */
struct _xmlDoc;
struct _xmlDoc	*html_parse_fragment(const char *html, size_t len);
/*
 * The same tree, for the strict common subset only (html_fast.c); NULL
 * when libxml2 must parse.  s must be clean UTF-8 already.  For tests.
 */
struct _xmlDoc	*html_fast_parse(const char *s, size_t len);
/* html_parse_fragment without the fast path: the reference. */
struct _xmlDoc	*html_parse_fragment_libxml2(const char *html, size_t len);
/*
 * sanitize_html_text from libxml2's tree, never from html_fast.c's
 * events: the reference the fast path is held to.  For tests; first_img
 * and text must not be NULL.
 */
char	*sanitize_html_text_libxml2(const char *html, size_t len,
	    const char *base, char **first_img, char **text, size_t text_max);
/* Escape text for HTML (& < > "), owned. */
char	*html_escape(const char *text);

#endif
