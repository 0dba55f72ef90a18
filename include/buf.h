/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char	*data;	/* NULL until something is added */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_grow(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addstr(struct buf *, const char *);
void	 buf_addc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	 buf_reset(struct buf *);
char	*buf_release(struct buf *);	/* owned string ("" when empty) */
void	 buf_free(struct buf *);
const char *buf_cstr(const struct buf *);	/* "" when empty */

#endif
