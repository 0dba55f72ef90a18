/*
 * jsonesc.c - JSON string literals (jsonesc.h).
 */
#include <stdio.h>

#include "buf.h"
#include "jsonesc.h"

void
json_escape_add(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p, *run;
	char			 esc[7];

	if (s == NULL) {
		buf_addstr(b, "null");
		return;
	}
	buf_addc(b, '"');
	for (p = run = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		buf_add(b, run, p - run);
		run = p + 1;
		switch (*p) {
		case '"':
			buf_addstr(b, "\\\"");
			break;
		case '\\':
			buf_addstr(b, "\\\\");
			break;
		case '\b':
			buf_addstr(b, "\\b");
			break;
		case '\f':
			buf_addstr(b, "\\f");
			break;
		case '\n':
			buf_addstr(b, "\\n");
			break;
		case '\r':
			buf_addstr(b, "\\r");
			break;
		case '\t':
			buf_addstr(b, "\\t");
			break;
		default:
			snprintf(esc, sizeof(esc), "\\u00%c%c", hex[*p >> 4],
			    hex[*p & 0xF]);
			buf_addstr(b, esc);
			break;
		}
	}
	buf_add(b, run, p - run);
	buf_addc(b, '"');
}
