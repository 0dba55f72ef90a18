/*
 * netguard.c - which addresses a feed may not make us connect to:
 * loopback, private, link-local, CGNAT, multicast, reserved.  Addresses
 * embedding an IPv4 address (mapped, compatible, NAT64, 6to4) are judged
 * by that address, so ::ffff:127.0.0.1 is loopback.  Pure.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <string.h>

#include "netguard.h"

static int
addr4_private(uint32_t a)
{
	return (a >> 24) == 0 ||			/* this network */
	    (a >> 24) == 127 ||				/* loopback */
	    (a >> 24) == 10 ||
	    (a & 0xfff00000) == 0xac100000 ||		/* 172.16/12 */
	    (a & 0xffff0000) == 0xc0a80000 ||		/* 192.168/16 */
	    (a & 0xffff0000) == 0xa9fe0000 ||		/* link-local */
	    (a & 0xffc00000) == 0x64400000 ||		/* CGNAT 100.64/10 */
	    (a >> 28) >= 0xe;			/* multicast, reserved */
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
addr6_private(const unsigned char *b)
{
	static const unsigned char mapped[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char zero[12];
	static const unsigned char nat64[12] =
	    { 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };

	/* ::, ::1 and IPv4-compatible addresses fall in 0/8 or are v4. */
	if (memcmp(b, zero, 12) == 0 || memcmp(b, mapped, 12) == 0 ||
	    memcmp(b, nat64, 12) == 0)
		return addr4_private(be32(b + 12));
	if (b[0] == 0x20 && b[1] == 0x02)			/* 6to4 */
		return addr4_private(be32(b + 2));
	return (b[0] & 0xfe) == 0xfc ||			/* fc00::/7 */
	    (b[0] == 0xfe && (b[1] & 0x80)) ||		/* link/site-local */
	    b[0] == 0xff;				/* multicast */
}

int
netguard_private(int family, const void *addr)
{
	if (family == AF_INET)
		return addr4_private(be32(addr));
	if (family == AF_INET6)
		return addr6_private(addr);
	return -1;
}
