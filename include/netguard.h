/*
 * netguard.h - the address classes feedd refuses to connect to unless the
 * operator allows private networks (DESIGN.md, safety rules).
 */
#ifndef NETGUARD_H
#define NETGUARD_H

/*
 * 1 when addr (a struct in_addr or in6_addr in network order, for AF_INET
 * or AF_INET6) is loopback, private, link-local, CGNAT, multicast or
 * reserved; 0 when it is a public address; -1 for another family.
 */
int	netguard_private(int family, const void *addr);

#endif
