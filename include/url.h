/*
 * url.h - URL resolution and canonicalization (on libcurl's URL API),
 * and the URL hash that keys entries.
 */
#ifndef URL_H
#define URL_H

#include <stddef.h>

/*
 * Resolve ref against base (either may be NULL).  Returns an owned
 * absolute URL, or NULL when ref cannot be made absolute or is not a URL.
 * Surrounding white space in ref is ignored.
 */
char	*url_resolve(const char *base, const char *ref);
/* url_resolve without its shortcut for URLs it leaves alone.  For tests. */
char	*url_resolve_parsed(const char *base, const char *ref);
/*
 * The canonical form of an absolute http(s) URL: scheme and host
 * lowercased, default port, fragment and tracking parameters (utm_*,
 * fbclid, gclid, ...) dropped, other parameters kept in order.  NULL
 * when url is not an absolute http(s) URL.
 */
char	*url_canonical(const char *url);
/* url_canonical always through libcurl (what the fast path must equal). */
char	*url_canonical_curl(const char *url);
/* 1 when the scheme of an absolute URL is one of the NULL-ended list. */
int	 url_scheme_in(const char *url, const char *const *schemes);
/* The same for a URL url_resolve returned: no second parse. */
int	 url_resolved_scheme_in(const char *abs, const char *const *schemes);
/*
 * Lowercase hex SHA-256 of canonical without its scheme ("//host/path?q"),
 * so the http and https copies of an article hash alike.
 */
void	 url_hash(const char *canonical, char out[65]);
/* For the tests: libcurl's normal form of s, and when it is s itself. */
char	*url_curl_normalize(const char *s);
int	 url_normal_as_is(const char *s);
/* Lowercase hex SHA-256 of n bytes. */
void	 sha256_hex(const void *, size_t, char out[65]);

#endif
