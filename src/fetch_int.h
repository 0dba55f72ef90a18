/*
 * fetch_int.h - what fetch.c (transfers, limits, libcurl on libev) shares
 * with fetch_reply.c (reading a response): the fetcher and transfer state.
 */
#ifndef FETCH_INT_H
#define FETCH_INT_H

#include <sys/queue.h>

#include <curl/curl.h>
#include <ev.h>

#include "buf.h"
#include "fetch.h"

struct fetcher;

/* One ev_io per socket libcurl asks us to watch. */
struct sockwatch {
	struct ev_io		 io;
	curl_socket_t		 fd;
	struct fetcher		*f;
	LIST_ENTRY(sockwatch)	 entry;
};

struct origin_count {
	char		*origin;
	unsigned	 active;
};

struct transfer {
	TAILQ_ENTRY(transfer)	 entry;
	struct fetcher		*f;
	CURL			*easy;
	struct curl_slist	*headers;
	struct fetch_result	*res;

	/* Copies of the request. */
	char			*url;		/* of the current hop */
	char			*origin;	/* scheme://host:port of hop 0 */
	struct origin_count	*oc;		/* its count, NULL without */
	char			*etag;
	char			*last_modified;
	char			*user_agent;
	char			*username;
	char			*password;
	char			*proxy;
	char			*ca_file;	/* NULL: libcurl's default */
	char			*post;		/* form body of a POST, or NULL */
	int			 allow_private;
	int			 allow_file;

	double			 started;	/* ev_time() at submit */
	long			 redirects;
	int			 all_permanent;

	/* Per hop. */
	struct buf		 body;
	size_t			 discarded;	/* body bytes of non-2xx replies */
	int			 stop_quietly;	/* we aborted a non-2xx body */
	long			 hop_status;	/* from the status line */
	char			*reason;
	char			*abort_msg;	/* why a callback aborted */
	char			*refused_msg;	/* a connect the guard refused */
	char			 errbuf[CURL_ERROR_SIZE];
};

struct fetcher {
	struct ev_loop		*loop;
	CURLM			*multi;
	struct ev_timer		 timer;
	struct fetch_limits	 lim;
	fetch_done_cb		 done;
	void			*cbarg;
	size_t			 inflight;
	int			 busy;		/* inside fetcher_check_done */
	int			 dying;		/* fetch_free called while busy */
	TAILQ_HEAD(, transfer)	 transfers;	/* handed to libcurl */
	/*
	 * Transfers past the global or per-host limit wait here, not in
	 * libcurl: its timeouts would run while they wait for a slot.
	 */
	TAILQ_HEAD(, transfer)	 waiting;
	size_t			 nactive;
	/*
	 * Active transfers per origin, found by an open-addressing table
	 * that only grows (one count per origin ever seen, never moved, so
	 * a transfer keeps a pointer to its own): the per-host limit is
	 * checked for every waiting transfer whenever a slot frees.
	 */
	struct origin_count	**origins;
	size_t			 norigins, origins_cap;
	LIST_HEAD(, sockwatch)	 socks;
};

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION (fetch_reply.c). */
size_t	fetch_write_cb(char *ptr, size_t size, size_t nmemb, void *arg);
size_t	fetch_header_cb(char *ptr, size_t size, size_t nmemb, void *arg);

#endif
