/*
 * ctl_ops.h - the read-only feedctl operations on the store, as JSON:
 * the daemon answers them on its control socket, and feedctl runs the
 * very same code on the database when no daemon is running.
 */
#ifndef CTL_OPS_H
#define CTL_OPS_H

#include <jansson.h>

struct store;
struct config;
struct store_feed;
struct entry_view;

/*
 * Answer req ({"cmd":"list",...}) from the store: a new reply object,
 * {"ok":true,...} or {"ok":false,"error":"..."}; NULL when cmd is not a
 * read-only command.
 */
json_t	*ctl_read_op(struct store *, const struct config *, json_t *req);

/* A feed and an entry as the replies show them. */
json_t	*ctl_feed_json(const struct store_feed *);
json_t	*ctl_entry_json(const struct entry_view *, int full);
/* RFC 3339 text, or JSON null for 0 / DATE_NONE. */
json_t	*ctl_time_json(int64_t);
json_t	*ctl_error(const char *fmt, ...)
	    __attribute__((__format__(printf, 1, 2)));

#endif
