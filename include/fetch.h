/*
 * fetch.h - HTTP(S) fetching with libcurl's multi_socket interface on a
 * libev loop: many transfers at once, global and per-host limits, the
 * safety policy of DESIGN.md, conditional GET.  Only fetch.c includes
 * curl.h (besides url.c).
 */
#ifndef FETCH_H
#define FETCH_H

#include <stddef.h>
#include <stdint.h>

struct ev_loop;
struct fetcher;

struct fetch_limits {
	int		 max_connections;	/* global, 64 */
	int		 max_host_connections;	/* 4 */
	long		 connect_timeout;	/* seconds */
	long		 timeout;		/* seconds, whole transfer */
	long		 low_speed_limit;	/* bytes/s */
	long		 low_speed_time;	/* seconds */
	size_t		 max_body_size;		/* after decompression */
	long		 max_redirects;
};

struct fetch_req {
	const char	*url;
	const char	*etag;		/* validators from the last poll */
	const char	*last_modified;
	const char	*user_agent;
	const char	*username;	/* basic auth, or NULL */
	const char	*password;
	const char	*proxy;
	const char	*ca_file;	/* CA bundle; NULL: the system's */
	const char	*post;		/* urlencoded form: POST it (no redirects) */
	int		 allow_private;	/* loopback/private/link-local allowed */
	int		 allow_file;	/* file:// allowed */
	void		*arg;		/* handed back in the result */
};

struct fetch_result {
	void		*arg;
	const char	*url;		/* as requested */
	char		*effective_url;	/* after redirects */
	int		 permanent_redirect; /* a 301/308 was followed */
	long		 status;	/* HTTP status, 0 when none */
	int		 not_modified;	/* 304 */
	char		*body;		/* NUL-terminated, NULL on error/304 */
	size_t		 len;
	char		*content_type;
	char		*charset;	/* from Content-Type, or NULL */
	char		*etag;
	char		*last_modified;
	long		 retry_after;	/* seconds, -1 when absent */
	char		*cache_control;	/* the header as sent, or NULL */
	char		*error;		/* NULL on success (2xx or 304) */
	double		 seconds;	/* total time */
};

typedef void (*fetch_done_cb)(struct fetch_result *, void *cbarg);

struct fetcher	*fetch_new(struct ev_loop *, const struct fetch_limits *,
		    fetch_done_cb, void *cbarg);
/* Queue a transfer; copies what it needs from req.  -1 and err if refused. */
int		 fetch_submit(struct fetcher *, const struct fetch_req *,
		    char *err, size_t errlen);
size_t		 fetch_inflight(const struct fetcher *);
void		 fetch_free(struct fetcher *);	/* aborts what is in flight */
void		 fetch_result_free(struct fetch_result *);

#endif
