/*
 * test_url.c - unit tests for url.c: RFC 3986 resolution examples,
 * canonical URLs, scheme checks on hostile spellings and the URL hash.
 * Expected hashes were computed with sha256sum, not with this code.
 */
#include <stdio.h>
#include <stdlib.h>

#include "t.h"
#include "url.h"

#define RFC_BASE	"http://a/b/c/d;p?q"

struct resolve_case {
	const char	*base;
	const char	*ref;
	const char	*want;	/* NULL: no URL */
};

static const struct resolve_case resolve_cases[] = {
	/* RFC 3986 5.4.1, normal examples. */
	{ RFC_BASE, "g:h", "g:h" },
	{ RFC_BASE, "g", "http://a/b/c/g" },
	{ RFC_BASE, "./g", "http://a/b/c/g" },
	{ RFC_BASE, "g/", "http://a/b/c/g/" },
	{ RFC_BASE, "/g", "http://a/g" },
	{ RFC_BASE, "//g", "http://g/" },	/* curl adds the "/" */
	{ RFC_BASE, "?y", "http://a/b/c/d;p?y" },
	{ RFC_BASE, "g?y", "http://a/b/c/g?y" },
	{ RFC_BASE, "#s", "http://a/b/c/d;p?q#s" },
	{ RFC_BASE, "g#s", "http://a/b/c/g#s" },
	{ RFC_BASE, "g?y#s", "http://a/b/c/g?y#s" },
	{ RFC_BASE, ";x", "http://a/b/c/;x" },
	{ RFC_BASE, "g;x", "http://a/b/c/g;x" },
	{ RFC_BASE, "g;x?y#s", "http://a/b/c/g;x?y#s" },
	{ RFC_BASE, "", "http://a/b/c/d;p?q" },
	{ RFC_BASE, ".", "http://a/b/c/" },
	{ RFC_BASE, "./", "http://a/b/c/" },
	{ RFC_BASE, "..", "http://a/b/" },
	{ RFC_BASE, "../", "http://a/b/" },
	{ RFC_BASE, "../g", "http://a/b/g" },
	{ RFC_BASE, "../..", "http://a/" },
	{ RFC_BASE, "../../", "http://a/" },
	{ RFC_BASE, "../../g", "http://a/g" },
	/* RFC 3986 5.4.2, abnormal examples. */
	{ RFC_BASE, "../../../g", "http://a/g" },
	{ RFC_BASE, "../../../../g", "http://a/g" },
	{ RFC_BASE, "/./g", "http://a/g" },
	{ RFC_BASE, "/../g", "http://a/g" },
	{ RFC_BASE, "g.", "http://a/b/c/g." },
	{ RFC_BASE, ".g", "http://a/b/c/.g" },
	{ RFC_BASE, "g..", "http://a/b/c/g.." },
	{ RFC_BASE, "..g", "http://a/b/c/..g" },
	{ RFC_BASE, "./../g", "http://a/b/g" },
	{ RFC_BASE, "./g/.", "http://a/b/c/g/" },
	{ RFC_BASE, "g/./h", "http://a/b/c/g/h" },
	{ RFC_BASE, "g/../h", "http://a/b/c/h" },
	{ RFC_BASE, "g;x=1/./y", "http://a/b/c/g;x=1/y" },
	{ RFC_BASE, "g;x=1/../y", "http://a/b/c/y" },
	{ RFC_BASE, "g?y/./x", "http://a/b/c/g?y/./x" },
	{ RFC_BASE, "g?y/../x", "http://a/b/c/g?y/../x" },
	{ RFC_BASE, "g#s/./x", "http://a/b/c/g#s/./x" },
	{ RFC_BASE, "g#s/../x", "http://a/b/c/g#s/../x" },
	/* The backward-compatible reading, as browsers do. */
	{ RFC_BASE, "http:g", "http://a/b/c/g" },
	{ RFC_BASE, "https:g", NULL },
	/* Protocol-relative, query-only, empty, fragment-only. */
	{ "https://example.com/news/1", "//cdn.example.net/i.png",
	    "https://cdn.example.net/i.png" },
	{ "http://example.com/list?page=1#top", "?page=2",
	    "http://example.com/list?page=2" },
	{ "http://example.com/a?x#frag", "", "http://example.com/a?x" },
	{ "http://example.com/a?x#frag", "#new",
	    "http://example.com/a?x#new" },
	{ "http://example.com", "g", "http://example.com/g" },
	/* White space around and TAB/CR/LF inside. */
	{ RFC_BASE, "  \n /x/y \t ", "http://a/x/y" },
	{ RFC_BASE, "/pa\tth/\r\nx", "http://a/path/x" },
	{ "  http://a/b/c  ", "d", "http://a/b/d" },
	{ RFC_BASE, "\x01 /g", "http://a/g" },
	/* Absolute references ignore the base; curl normalises them. */
	{ RFC_BASE, "HTTPS://Example.COM", "https://Example.COM/" },
	{ NULL, "http://example.com/a/./b/../c", "http://example.com/a/c" },
	{ NULL, "http://example.com/a/%2e%2E/b", "http://example.com/b" },
	{ NULL, "ftp://example.com/f.txt", "ftp://example.com/f.txt" },
	{ NULL, "foo://bar/baz", "foo://bar/baz" },
	{ NULL, "http:/x", "http://x/" },
	/* Any scheme is accepted syntactically. */
	{ NULL, "mailto:a@b", "mailto:a@b" },
	{ NULL, "javascript:alert(1)", "javascript:alert(1)" },
	{ NULL, "JavaScript:x", "javascript:x" },
	{ NULL, " java\tscript:x", "javascript:x" },
	{ NULL, "urn:isbn:0451450523", "urn:isbn:0451450523" },
	{ NULL, "foo:/bar", "foo:/bar" },
	/* Encoding: spaces and UTF-8 in path, query and fragment. */
	{ "http://example.com/", "/a b/é?q=é x#é",
	    "http://example.com/a%20b/%C3%A9?q=%C3%A9%20x#%C3%A9" },
	{ NULL, "http://example.com/a%20b?q=%41+b",
	    "http://example.com/a%20b?q=%41+b" },
	{ NULL, "mailto:a b@c", "mailto:a%20b@c" },
	/* IDN hosts stay UTF-8 (no punycode without CURLU_PUNYCODE). */
	{ NULL, "http://bücher.de/", "http://bücher.de/" },
	/* Backslashes in special schemes are slashes, as in browsers. */
	{ RFC_BASE, "\\\\evil.example\\x", "http://evil.example/x" },
	{ NULL, "http:\\\\evil.example\\x?a\\b",
	    "http://evil.example/x?a\\b" },
	/* Nothing to resolve against, or nothing curl will take. */
	{ NULL, "g", NULL },
	{ NULL, "//host/x", NULL },
	{ "/relative/base", "g", NULL },
	{ "mailto:a@b", "g", NULL },
	{ RFC_BASE, NULL, NULL },
	{ NULL, "http://exa mple.com/", NULL },
	{ NULL, "http://example.com:99999/", NULL },
	{ NULL, "http://example.com/a\x01" "b", NULL },
	{ NULL, "javascript:a\x7f", NULL },
	{ NULL, "http:g", NULL },
	{ NULL, "http://", NULL },
	{ NULL, "", NULL },
};

struct canon_case {
	const char	*url;
	const char	*want;
};

static const struct canon_case canon_cases[] = {
	{ "HTTP://Example.COM/Path", "http://example.com/Path" },
	/* fuzz_url: one slash, then an encoded dot segment (idempotence) */
	{ "http:/e/%2e", "http://e/" },
	{ "http://example.com:80/a", "http://example.com/a" },
	{ "https://example.com:443/a", "https://example.com/a" },
	{ "http://example.com:443/a", "http://example.com:443/a" },
	{ "https://example.com:80/a", "https://example.com:80/a" },
	{ "https://example.com:8443/a", "https://example.com:8443/a" },
	{ "http://example.com/a#frag", "http://example.com/a" },
	{ "http://example.com/a?b=1#frag", "http://example.com/a?b=1" },
	{ "http://example.com", "http://example.com/" },
	{ "http://example.com?x=1", "http://example.com/?x=1" },
	{ "http://example.com/a/./b/../c", "http://example.com/a/c" },
	{ "  http://example.com/a b  ", "http://example.com/a%20b" },
	{ "http://User:Pw@Example.com/", "http://User:Pw@example.com/" },
	{ "http://[::A]:80/", "http://[::a]/" },
	/* Other parameters: same order, same spelling. */
	{ "http://x.com/a?b=2&a=1&c=3", "http://x.com/a?b=2&a=1&c=3" },
	{ "http://x.com/a?q=%7e%2F&r=a+b&s",
	    "http://x.com/a?q=%7e%2F&r=a+b&s" },
	{ "http://x.com/a?utmx=1&xutm_y=2&spmx=3&utm=4",
	    "http://x.com/a?utmx=1&xutm_y=2&spmx=3&utm=4" },
	{ "http://x.com/a?a=1&&b=2&", "http://x.com/a?a=1&b=2" },
	/* All removed, or nothing there: no "?". */
	{ "http://x.com/a?utm_source=rss&fbclid=1&gclid",
	    "http://x.com/a" },
	{ "http://x.com/a?", "http://x.com/a" },
	{ "http://x.com/a?#f", "http://x.com/a" },
	{ "http://x.com/?utm_medium=feed#f", "http://x.com/" },
	/* Not absolute http(s). */
	{ "ftp://x.com/a", NULL },
	{ "mailto:a@b", NULL },
	{ "javascript:alert(1)", NULL },
	{ "foo://x.com/a", NULL },
	{ "/relative/path", NULL },
	{ "x.com/a", NULL },
	{ "", NULL },
	{ NULL, NULL },
};

/* Each of these must disappear from between two kept parameters. */
static const char *const tracking[] = {
	"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
	"utm_id", "UTM_Source", "utm_anything_else", "utm_", "utm%5Fsource",
	"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid",
	"igshid", "spm", "FBCLID", NULL
};

struct scheme_case {
	const char	*url;
	int		 web;	/* in { http, https } */
	int		 js;	/* in { javascript } */
};

static const struct scheme_case scheme_cases[] = {
	{ "http://x/", 1, 0 },
	{ "HTTPS://x/", 1, 0 },
	{ "\t https://x/ ", 1, 0 },
	{ "javascript:x", 0, 1 },
	{ "JavaScript:x", 0, 1 },
	{ " javascript:x", 0, 1 },
	{ "java\tscript:x", 0, 1 },
	{ "java\nscr\ript:x", 0, 1 },
	{ "\x01javascript:x", 0, 1 },
	{ "\x01\x1f javascript:x", 0, 1 },
	{ "java script:x", 0, 0 },	/* not a scheme: a relative URL */
	{ "javascript", 0, 0 },
	{ "javascripts:x", 0, 0 },
	{ "/relative", 0, 0 },
	{ "//host/x", 0, 0 },
	{ "http://exa mple.com/", 0, 0 },
	{ "", 0, 0 },
};

struct hash_case {
	const char	*url;
	const char	*want;
};

static const struct hash_case hash_cases[] = {
	/* printf '%s' '//example.com/a' | sha256sum */
	{ "https://example.com/a",
	    "863f4bef0a60948da18dfff6319092af"
	    "61021661edf2c892a0aedf6fb60152da" },
	{ "http://example.com/a",
	    "863f4bef0a60948da18dfff6319092af"
	    "61021661edf2c892a0aedf6fb60152da" },
	/* printf '%s' '//x/a' | sha256sum */
	{ "http://x/a",
	    "cb26135acf136db22df595894c65367e"
	    "f42e603e99ce65540834ff7530aa16d4" },
	/* No "://": the whole string. */
	{ "example.com/a",
	    "036cbe16b0015b0a30d733ca981c8ebb"
	    "80535abe46b862bbb67d0affb9331be7" },
};

static void
test_resolve(void)
{
	char	 what[512], s1[200], s2[200];
	char	*got;
	size_t	 i;

	for (i = 0; i < sizeof(resolve_cases) / sizeof(resolve_cases[0]);
	    i++) {
		const struct resolve_case *c = &resolve_cases[i];

		got = url_resolve(c->base, c->ref);
		snprintf(what, sizeof(what), "resolve %zu: \"%s\" against %s",
		    i, t_show(c->ref, s1, sizeof(s1)),
		    t_show(c->base, s2, sizeof(s2)));
		t_streq(got, c->want, what);
		free(got);
	}
}

static void
test_canonical(void)
{
	char	 what[512], url[256], s1[200];
	char	*got;
	size_t	 i;

	for (i = 0; i < sizeof(canon_cases) / sizeof(canon_cases[0]); i++) {
		const struct canon_case *c = &canon_cases[i];

		got = url_canonical(c->url);
		snprintf(what, sizeof(what), "canonical %zu: %s", i,
		    t_show(c->url, s1, sizeof(s1)));
		t_streq(got, c->want, what);
		free(got);
	}
	for (i = 0; tracking[i] != NULL; i++) {
		snprintf(url, sizeof(url),
		    "https://Www.Example.com:443/p?k=1&%s=abc&z=2#x",
		    tracking[i]);
		got = url_canonical(url);
		snprintf(what, sizeof(what), "canonical drops %s", tracking[i]);
		t_streq(got, "https://www.example.com/p?k=1&z=2", what);
		free(got);
	}
}

static void
test_scheme_in(void)
{
	static const char *const web[] = { "http", "https", NULL };
	static const char *const js[] = { "javascript", NULL };
	static const char *const none[] = { NULL };
	char	 what[256], s1[200];
	size_t	 i;

	for (i = 0; i < sizeof(scheme_cases) / sizeof(scheme_cases[0]);
	    i++) {
		const struct scheme_case *c = &scheme_cases[i];

		snprintf(what, sizeof(what), "scheme_in %zu: \"%s\" in web", i,
		    t_show(c->url, s1, sizeof(s1)));
		t_ok(url_scheme_in(c->url, web) == c->web, what);
		snprintf(what, sizeof(what), "scheme_in %zu: \"%s\" in js", i,
		    s1);
		t_ok(url_scheme_in(c->url, js) == c->js, what);
	}
	t_ok(url_scheme_in("http://x/", none) == 0, "scheme_in empty list");
	t_ok(url_scheme_in(NULL, web) == 0, "scheme_in NULL url");
	t_ok(url_scheme_in("MAILTO:a@b", (const char *const[]){ "mailto",
	    NULL }) == 1, "scheme_in mailto");
}

static void
test_hash(void)
{
	char	 out[65], a[65], b[65], what[256];
	size_t	 i;

	for (i = 0; i < sizeof(hash_cases) / sizeof(hash_cases[0]); i++) {
		url_hash(hash_cases[i].url, out);
		snprintf(what, sizeof(what), "url_hash %s", hash_cases[i].url);
		t_streq(out, hash_cases[i].want, what);
	}
	url_hash("http://x/a", a);
	url_hash("https://x/a", b);
	t_streq(a, b, "url_hash: http and https alike");
	url_hash("https://x/b", b);
	t_ok(strcmp(a, b) != 0, "url_hash: other path differs");

	sha256_hex("abc", 3, out);
	t_streq(out, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "sha256_hex abc");
	sha256_hex("", 0, out);
	t_streq(out, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "sha256_hex empty");
	sha256_hex("abcd", 3, out);
	t_streq(out, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "sha256_hex honours n");
}

static void	check_canonical_fast(const char *, const char *);

/*
 * url_normal_as_is() lets a URL skip libcurl's parse: wherever it says
 * yes, libcurl must give the URL back byte for byte.
 */
static void
test_as_is(void)
{
	static const struct {
		const char	*url;
		int		 as_is;
	} cases[] = {
		{ "https://example.com/", 1 },
		{ "http://www.example.com/a/b.html?x=1&y=%E4%B8%AD#frag", 1 },
		{ "https://news.example.co.uk/2024/05/story-1?utm=x#y", 1 },
		{ "https://a-b.example/p;q=1/%2e%2E/x?q#", 0 },
		{ "https://a-b.example/p;q=1/%2e%2E/x?#f", 0 },
		{ "https://a-b.example/p?", 0 },
		{ "https://a-b.example/p;q=1/%2e%2E/x?y#z", 1 },
		{ "http://a.0x7f/", 0 },
		{ "http://example.com/a/./b", 0 },
		{ "http://example.com/a/../b", 0 },
		{ "http://example.com/a/..", 0 },
		{ "http://example.com/a/.", 0 },
		{ "http://example.com/a/.b/..c/", 1 },
		{ "http://example.com/a?x=/../y", 1 },
		{ "http://example.com/a#/./", 1 },
		{ "http://9a.example/", 1 },
		{ "https://xn--fsq.example/%7Euser/", 1 },
		{ "http://example.com/a#b#c", 1 },
		{ "http://example.com/a?b?c", 1 },
		{ "http://example.com/[x]{y}|z^`", 1 },
		{ "http://example.com", 0 },		/* curl adds "/" */
		{ "HTTP://example.com/", 0 },
		{ "http://Example.com/", 0 },
		{ "http://127.0.0.1/", 1 },
		{ "http://127.0.0.1:8080/feeds/f1.xml", 1 },
		{ "http://10.255.0.9/", 1 },
		{ "http://127.1/", 0 },
		{ "http://0x7f000001/", 0 },
		{ "http://1.2.3.4.5/", 0 },
		{ "http://1.2.3.04/", 0 },
		{ "http://1.2.3.256/", 0 },
		{ "http://1.2.3.4444444444444444444444/", 0 },
		{ "https://74444444444444444444444444444444444/?%4[zb", 0 },
		{ "http://1.2.3./", 0 },
		{ "http://1.2.3.4./", 0 },
		{ "http://1.2.3.4.a/", 1 },
		{ "http://example.com:80/", 0 },
		{ "https://example.com:443/", 0 },
		{ "https://example.com:80/", 1 },
		{ "http://example.com:8080/", 1 },
		{ "http://example.com:65535/x", 1 },
		{ "http://example.com:65536/", 0 },
		{ "http://example.com:0/", 0 },
		{ "http://example.com:08080/", 0 },
		{ "http://example.com:/", 0 },
		{ "http://example.com:80a/", 0 },
		{ "http://example.com:8080", 0 },
		{ "http://example.com.:8080/", 0 },
		{ "http://user@example.com/", 0 },
		{ "http://[::1]/", 0 },
		{ "http://example.com./", 0 },
		{ "http://.example.com/", 0 },
		{ "http://example..com/", 0 },
		{ "http://-x.example.com/", 0 },
		{ "http://x-.example.com/", 0 },
		{ "http://example.com/a b", 0 },
		{ "http://例子.com/", 0 },
		{ "ftp://example.com/", 0 },
		{ "https:/example.com/", 0 },
	};
	size_t	 i;
	char	*c, name[160];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "as is: %s", cases[i].url);
		t_ok(url_normal_as_is(cases[i].url) == cases[i].as_is, name);
		if (!url_normal_as_is(cases[i].url))
			continue;
		c = url_curl_normalize(cases[i].url);
		snprintf(name, sizeof(name), "libcurl agrees: %s",
		    cases[i].url);
		t_streq(c, cases[i].url, name);
		free(c);
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_canonical_fast(cases[i].url, NULL);
}

/*
 * url_canonical() skips libcurl for URLs it would not change: the answer
 * must be libcurl's all the same (want: the expected result, when given).
 */
static void
check_canonical_fast(const char *url, const char *want)
{
	char	*fast, *curl, name[200];

	fast = url_canonical(url);
	curl = url_canonical_curl(url);
	snprintf(name, sizeof(name), "canonical, fast = libcurl: %s", url);
	t_streq(fast, curl, name);
	if (want != NULL) {
		snprintf(name, sizeof(name), "canonical: %s", url);
		t_streq(fast, want, name);
	}
	free(fast);
	free(curl);
}

static void
test_canonical_fast(void)
{
	check_canonical_fast("https://example.com/a/b?x=1&utm_source=rss#top",
	    "https://example.com/a/b?x=1");
	check_canonical_fast("https://example.com/a?utm_source=rss",
	    "https://example.com/a");
	check_canonical_fast("https://example.com/a#frag",
	    "https://example.com/a");
	check_canonical_fast("https://example.com/%E4%B8%AD?q=%2F",
	    "https://example.com/%E4%B8%AD?q=%2F");
	check_canonical_fast("http://example.com:8080/x?fbclid=1&b=2",
	    "http://example.com:8080/x?b=2");
	/* Near misses of the fast path, all to libcurl. */
	check_canonical_fast("http://example.com/a/%2e%2E/b",
	    "http://example.com/b");
	check_canonical_fast("http://example.com/a/%2E./b", NULL);
	check_canonical_fast("http://example.com/a\\b", NULL);
	check_canonical_fast("http://example.com/{a}|^`", NULL);
	check_canonical_fast("http://example.com/a\"b<c>", NULL);
	check_canonical_fast("http://example.com:80/a", "http://example.com/a");
	check_canonical_fast("https://example.com:443/a?", NULL);
	check_canonical_fast("HTTP://EXAMPLE.COM/A", NULL);
	check_canonical_fast("http://example.com/a b", NULL);
	check_canonical_fast("http://[::1]:8080/x#y", NULL);
	check_canonical_fast("https://user@example.com/x", NULL);
}

/*
 * url_resolve's shortcut (a URL it leaves alone is returned as it is)
 * against the whole resolution, on random URLs made of pieces that are
 * near misses of it: dots and "%2e" segments, backslashes, upper case,
 * default ports, characters it encodes, empty queries.
 */
static void
test_resolve_shortcut(void)
{
	static const char *const heads[] = {
		"http://example.com", "https://example.com", "HTTP://example.com",
		"http://Example.com", "https://example.com:443",
		"http://example.com:8080", "http://127.0.0.1", "https://a-b.c.example",
		"http://example.com.", "https://user@example.com", "http:",
		"//example.com", "", "mailto:", "https://xn--fsq.example",
	};
	static const char *const parts[] = {
		"/a", "/b.html", "/", "/.", "/..", "/%2e", "/%2E%2e", "/.x",
		"/a\\b", "/%E4%B8%AD", "/中", "/a b", "/\"q\"", "/{x}", "/|",
		"/a%20b", "?x=1", "?", "#", "#f", "?utm_source=r", "&y=2",
		"/~u", "/'(*)", ";p", "@", "/%", "/%zz", ":80",
	};
	static const char *const bases[] = {
		NULL, "http://example.com/d/e?q#f", "https://example.org/",
	};
	char		 u[256], what[400];
	unsigned	 seed = 99;
	size_t		 i, k, n, len, bad = 0, alone = 0;
	char		*a, *b;

	for (i = 0; i < 20000; i++) {
		seed = seed * 1103515245 + 12345;
		snprintf(u, sizeof(u), "%s", heads[(seed >> 16) %
		    (sizeof(heads) / sizeof(heads[0]))]);
		n = (seed >> 8) % 5;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			/* Mostly ordinary path segments. */
			len = strlen(u);
			snprintf(u + len, sizeof(u) - len, "%s", (seed >> 16) %
			    3 == 0 ? parts[(seed >> 18) % (sizeof(parts) /
			    sizeof(parts[0]))] : "/p");
		}
		a = url_resolve(bases[i % 3], u);
		b = url_resolve_parsed(bases[i % 3], u);
		if (a != NULL && strcmp(a, u) == 0)
			alone++;
		if ((a == NULL) != (b == NULL) || (a != NULL &&
		    strcmp(a, b) != 0)) {
			if (bad++ < 5) {
				snprintf(what, sizeof(what), "resolve "
				    "shortcut: %s -> %s, parsed %s", u,
				    a ? a : "(null)", b ? b : "(null)");
				t_ok(0, what);
			}
		}
		free(a);
		free(b);
	}
	t_ok(bad == 0, "resolve: the shortcut agrees with the whole "
	    "resolution (20,000 random URLs)");
	t_ok(alone > 2000 && alone < 18000, "resolve: random URLs, some "
	    "left alone, some not");
}

int
main(void)
{
	test_as_is();
	test_resolve_shortcut();
	test_canonical_fast();
	test_resolve();
	test_canonical();
	test_scheme_in();
	test_hash();
	return t_done();
}
