/*
 * serve_listen.c - the HTTP server's listening socket: a numeric
 * ADDRESS:PORT (IPv4, [IPv6], or every address) parsed, bound and
 * listened on by us, so the operator gets exactly what was written.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_int.h"

/*
 * Numeric addresses only, so that what is bound is exactly what the
 * operator wrote: no resolver at startup, no surprise second family.
 */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sslen,
    int *any, char *err, size_t errlen)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;
	const char		*colon, *p;
	char			 host[INET6_ADDRSTRLEN + 2];
	size_t			 hlen;
	long			 port = 0;

	memset(ss, 0, sizeof(*ss));
	*any = 0;
	if ((colon = strrchr(s, ':')) == NULL) {
		snprintf(err, errlen, "\"%s\": expected ADDRESS:PORT, "
		    "e.g. 127.0.0.1:8080, [::1]:8080 or :8080", s);
		return -1;
	}
	for (p = colon + 1; *p >= '0' && *p <= '9' && port <= 65535; p++)
		port = port * 10 + (*p - '0');
	if (p == colon + 1 || *p != '\0' || port > 65535) {
		snprintf(err, errlen, "\"%s\": bad port \"%s\" (0-65535)", s,
		    colon + 1);
		return -1;
	}
	hlen = (size_t)(colon - s);
	if (hlen >= sizeof(host)) {
		snprintf(err, errlen, "\"%s\": bad address", s);
		return -1;
	}
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (hlen == 0 || strcmp(host, "*") == 0) {
		*any = 1;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_any;
		sin6->sin6_port = htons((uint16_t)port);
		*sslen = sizeof(*sin6);
	} else if (host[0] == '[') {
		if (hlen < 3 || host[hlen - 1] != ']') {
			snprintf(err, errlen, "\"%s\": bad [IPv6] address", s);
			return -1;
		}
		host[hlen - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &sin6->sin6_addr) != 1) {
			snprintf(err, errlen, "\"%s\": \"%s\" is not a numeric "
			    "IPv6 address", s, host + 1);
			return -1;
		}
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*sslen = sizeof(*sin6);
	} else if (strchr(host, ':') != NULL) {
		snprintf(err, errlen, "\"%s\": write IPv6 addresses in "
		    "brackets, e.g. [::1]:8080", s);
		return -1;
	} else {
		if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
			snprintf(err, errlen, "\"%s\": \"%s\" is not a numeric "
			    "IPv4 address (names are not resolved)", s, host);
			return -1;
		}
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		*sslen = sizeof(*sin);
	}
	return 0;
}

static int
bind_one(const struct sockaddr_storage *ss, socklen_t sslen, int any)
{
	int	 fd, on = 1, off = 0, save;

	if ((fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	/* "All addresses" is one dual-stack socket; a named v6 is v6 only. */
	if (ss->ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, any ? &off : &on, sizeof(on)) == -1)
		goto fail;
	if (bind(fd, (const struct sockaddr *)ss, sslen) == -1 ||
	    listen(fd, SOMAXCONN) == -1)
		goto fail;
	return fd;
fail:
	save = errno;
	close(fd);
	errno = save;
	return -1;
}

int
serve_open_listener(const char *listen_str, int *port, char *err,
    size_t errlen)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin;
	socklen_t		 sslen;
	uint16_t		 nport;
	int			 fd, any;

	if (parse_listen(listen_str, &ss, &sslen, &any, err, errlen) == -1)
		return -1;
	fd = bind_one(&ss, sslen, any);
	if (fd == -1 && any && (errno == EAFNOSUPPORT ||
	    errno == EADDRNOTAVAIL)) {
		/* A host without IPv6: all IPv4 addresses, then. */
		nport = ((struct sockaddr_in6 *)&ss)->sin6_port;
		memset(&ss, 0, sizeof(ss));
		sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_ANY);
		sin->sin_port = nport;
		fd = bind_one(&ss, sizeof(*sin), 0);
	}
	if (fd == -1) {
		snprintf(err, errlen, "listen on %s: %s", listen_str,
		    strerror(errno));
		return -1;
	}
	sslen = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == -1) {
		snprintf(err, errlen, "getsockname: %s", strerror(errno));
		close(fd);
		return -1;
	}
	*port = ntohs(ss.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

