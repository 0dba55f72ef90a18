/*
 * ascii.h - locale-independent ASCII character classes.  <ctype.h> follows
 * the caller's locale; bytes of feeds and charset names must not.
 */
#ifndef ASCII_H
#define ASCII_H

static inline int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline int
a_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
a_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
a_alnum(int c)
{
	return a_alpha(c) || a_digit(c);
}

static inline int
a_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int
a_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

#endif
