/*
 * serve_int.h - what serve.c shares with serve_listen.c (the listening
 * socket) and serve_http.c (HTTP helpers).
 */
#ifndef SERVE_INT_H
#define SERVE_INT_H

#include <stddef.h>
#include <time.h>

struct buf;

#define CT_HTML		"text/html; charset=utf-8"
#define CT_TEXT		"text/plain; charset=utf-8"

/* A bound, listening, non-blocking socket; *port as bound (for :0). */
int		 serve_open_listener(const char *listen_str, int *port,
		    char *err, size_t errlen);

/* IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"). */
void		 serve_http_date(time_t, char *out, size_t size);
/* The Content-Type for a path; *gzip: worth compressing. */
const char	*serve_content_type(const char *path, int *gzip);
/* Accept-Encoding allows gzip (q=0 refuses it, whatever '*' says). */
int		 serve_accepts_gzip(const char *accept_encoding);
/* An If-None-Match list matches etag a or b ('*', weak compare). */
int		 serve_etag_match(const char *list, const char *a,
		    const char *b);
void		 serve_html_escape(struct buf *, const char *);
/* A relative link: every byte but unreserved ones and '/' escaped. */
void		 serve_href_escape(struct buf *, const char *);

#endif
