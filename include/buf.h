/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char	*data;	/* NULL until something is added */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_grow_slow(struct buf *, size_t);
void	 buf_addstr(struct buf *, const char *);

/*
 * Room for more bytes and the NUL.  The test is inline: the parsers and
 * the sanitizer add a byte at a time, and a call per byte was 3% of a
 * cold poll.  data != NULL implies cap > len.
 */
static inline void
buf_grow(struct buf *b, size_t more)
{
	if (more >= b->cap - b->len)
		buf_grow_slow(b, more);
}

static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void
buf_addc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	 buf_reset(struct buf *);
char	*buf_release(struct buf *);	/* owned string ("" when empty) */
void	 buf_free(struct buf *);
const char *buf_cstr(const struct buf *);	/* "" when empty */

#endif
