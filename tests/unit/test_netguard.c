/*
 * test_netguard.c - the address classes the fetcher refuses: every range,
 * the IPv4-in-IPv6 disguises, and public addresses that must pass.
 */
#include <sys/socket.h>
#include <arpa/inet.h>

#include "netguard.h"
#include "t.h"

static const struct {
	const char	*addr;
	int		 want;
} cases[] = {
	{ "127.0.0.1", 1 }, { "127.255.255.254", 1 }, { "10.1.2.3", 1 },
	{ "172.16.0.1", 1 }, { "172.31.255.255", 1 }, { "172.32.0.1", 0 },
	{ "192.168.1.1", 1 }, { "169.254.169.254", 1 }, { "100.64.0.1", 1 },
	{ "100.128.0.1", 0 }, { "0.0.0.0", 1 }, { "224.0.0.1", 1 },
	{ "255.255.255.255", 1 }, { "240.0.0.1", 1 }, { "8.8.8.8", 0 },
	{ "93.184.216.34", 0 }, { "::1", 1 }, { "::", 1 },
	{ "::ffff:127.0.0.1", 1 }, { "::ffff:10.0.0.1", 1 },
	{ "::ffff:8.8.8.8", 0 }, { "::127.0.0.1", 1 },
	{ "64:ff9b::7f00:1", 1 }, { "64:ff9b::808:808", 0 },
	{ "2002:7f00:1::", 1 }, { "2002:808:808::", 0 },
	{ "fc00::1", 1 }, { "fd12:3456::1", 1 }, { "fe80::1", 1 },
	{ "fec0::1", 1 }, { "ff02::1", 1 }, { "2001:4860:4860::8888", 0 },
	{ "2606:4700::1111", 0 },
};

int
main(void)
{
	unsigned char	 buf[16];
	char		 what[96];
	size_t		 i;
	int		 fam;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fam = strchr(cases[i].addr, ':') ? AF_INET6 : AF_INET;
		if (inet_pton(fam, cases[i].addr, buf) != 1) {
			t_ok(0, cases[i].addr);
			continue;
		}
		snprintf(what, sizeof(what), "%s is %s", cases[i].addr,
		    cases[i].want ? "refused" : "allowed");
		t_ok(netguard_private(fam, buf) == cases[i].want, what);
	}
	t_ok(netguard_private(AF_UNIX, buf) == -1, "other families: -1");
	return t_done();
}
