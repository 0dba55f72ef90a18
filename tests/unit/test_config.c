/*
 * test_config.c - unit tests for config.c: every key with good and bad
 * values and the exact FILE:LINE messages, defaults, comments, quoting,
 * BOM and CRLF, long lines, duplicate and file:// feeds, password files,
 * durations, and the shipped etc/feedd.conf.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "feed.h"
#include "t.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"0"
#endif
#ifndef FEEDD_STATEDIR
#define FEEDD_STATEDIR	"/var/lib/feedd"
#endif
#ifndef FEEDD_RUNDIR
#define FEEDD_RUNDIR	"/run/feedd"
#endif

/* All errors, one per line, or NULL when there were none. */
static char *
joined(const struct strvec *sv)
{
	size_t	 i, len = 0;
	char	*s;

	if (sv->n == 0)
		return NULL;
	for (i = 0; i < sv->n; i++)
		len += strlen(sv->v[i]) + 1;
	s = calloc(1, len);
	for (i = 0; i < sv->n; i++) {
		if (i > 0)
			strcat(s, "\n");
		strcat(s, sv->v[i]);
	}
	return s;
}

/* One setting of a parsed config as text: feed -1 is [feedd]. */
static const char *
get(const struct config *cf, int feed, const char *key, char *out, size_t size)
{
	const struct feed_conf	*fc;
	size_t			 i, n;

#define S(k, v)	if (strcmp(key, k) == 0) \
		return snprintf(out, size, "%s", (v) ? (v) : "NULL"), out
#define I(k, v)	if (strcmp(key, k) == 0) \
		return snprintf(out, size, "%lld", (long long)(v)), out
	if (feed < 0) {
		S("database", cf->database);
		S("output_dir", cf->output_dir);
		S("base_url", cf->base_url);
		S("title", cf->title);
		S("user_agent", cf->user_agent);
		S("proxy", cf->proxy);
		S("websub_hub", cf->websub_hub);
		I("max_entries", cf->max_entries);
		I("allow_file_urls", cf->allow_file_urls);
		I("allow_private_networks", cf->allow_private_networks);
		I("max_connections", cf->max_connections);
		I("max_host_connections", cf->max_host_connections);
		I("connect_timeout", cf->connect_timeout);
		I("timeout", cf->timeout);
		I("low_speed_limit", cf->low_speed_limit);
		I("low_speed_time", cf->low_speed_time);
		I("max_body_size", cf->max_body_size);
		I("max_redirects", cf->max_redirects);
		I("default_interval", cf->default_interval);
		I("keep_days", cf->keep_days);
		I("keep_per_feed", cf->keep_per_feed);
		I("min_interval", cf->min_interval);
		I("fulltext_per_poll", cf->fulltext_per_poll);
		S("markdown.dir", cf->markdown.dir);
		S("markdown.timezone", cf->markdown.timezone);
		S("markdown.date_format", cf->markdown.date_format);
		I("markdown.summary_chars", cf->markdown.summary_chars);
		I("markdown.nstatics", cf->markdown.nstatics);
		I("max_interval", cf->max_interval);
		S("control_socket", cf->control_socket);
		S("pid_file", cf->pid_file);
		S("listen", cf->listen);
		I("log", cf->log_syslog);
		I("log_level", cf->log_level);
		S("user", cf->user);
		I("nfeeds", cf->nfeeds);
		return "no such key";
	}
	fc = TAILQ_FIRST(&cf->feeds);
	for (; fc != NULL && feed > 0; feed--)
		fc = TAILQ_NEXT(fc, next);
	if (fc == NULL)
		return "no such feed";
	S("url", fc->url);
	S("title", fc->title);
	S("timezone", fc->timezone);
	S("user_agent", fc->user_agent);
	S("username", fc->username);
	S("password", fc->password);
	S("proxy", fc->proxy);
	S("include", fc->include);
	S("exclude", fc->exclude);
	I("line", fc->line);
	I("interval", fc->interval);
	I("category_tags", fc->category_tags);
	I("enabled", fc->enabled);
	I("allow_private", fc->allow_private);
	I("kind", fc->kind);
	I("fulltext", fc->fulltext);
	S("rules.item", fc->rules.item);
	S("rules.title", fc->rules.title);
	S("rules.link", fc->rules.link);
	S("rules.date", fc->rules.date);
	S("rules.summary", fc->rules.summary);
	S("rules.image", fc->rules.image);
	if (strcmp(key, "tags") == 0) {
		out[0] = '\0';
		for (i = 0, n = 0; i < fc->tags.n; i++)
			n += snprintf(out + n, n < size ? size - n : 0, "%s%s",
			    i ? "|" : "", fc->tags.v[i]);
		return out;
	}
#undef S
#undef I
	return "no such key";
}

/* Settings of configs that must load. */
struct value_case {
	const char	*name;	/* the file name config_parse is given */
	const char	*text;
	int		 feed;	/* -1: [feedd] */
	const char	*key;
	const char	*want;
};

static const struct value_case value_cases[] = {
	/* Defaults: an empty file and a bare [feedd] are complete configs. */
	{ "feedd.conf", "", -1, "database", FEEDD_STATEDIR "/feedd.db" },
	{ "feedd.conf", "", -1, "output_dir", FEEDD_STATEDIR "/www" },
	{ "feedd.conf", "", -1, "base_url", "http://localhost:8080/" },
	{ "feedd.conf", "", -1, "title", "feedd" },
	{ "feedd.conf", "", -1, "user_agent",
	    "feedd/" PACKAGE_VERSION " (+https://example.org/feedd)" },
	{ "feedd.conf", "", -1, "proxy", "NULL" },
	{ "feedd.conf", "", -1, "websub_hub", "NULL" },
	{ "feedd.conf", "[feedd]\n", -1, "max_entries", "200" },
	{ "feedd.conf", "[feedd]\n", -1, "allow_file_urls", "0" },
	{ "feedd.conf", "[feedd]\n", -1, "allow_private_networks", "0" },
	{ "feedd.conf", "[feedd]\n", -1, "max_connections", "64" },
	{ "feedd.conf", "[feedd]\n", -1, "max_host_connections", "4" },
	{ "feedd.conf", "[feedd]\n", -1, "connect_timeout", "15" },
	{ "feedd.conf", "[feedd]\n", -1, "timeout", "60" },
	{ "feedd.conf", "[feedd]\n", -1, "low_speed_limit", "10" },
	{ "feedd.conf", "[feedd]\n", -1, "low_speed_time", "30" },
	{ "feedd.conf", "[feedd]\n", -1, "max_body_size", "16777216" },
	{ "feedd.conf", "[feedd]\n", -1, "max_redirects", "5" },
	{ "feedd.conf", "[feedd]\n", -1, "default_interval", "1800" },
	{ "feedd.conf", "[feedd]\n", -1, "keep_days", "90" },
	{ "feedd.conf", "[feedd]\n", -1, "keep_per_feed", "0" },
	{ "feedd.conf", "", -1, "min_interval", "300" },
	{ "feedd.conf", "", -1, "fulltext_per_poll", "10" },
	{ "feedd.conf", "", -1, "markdown.dir", "NULL" },
	{ "feedd.conf", "", -1, "markdown.date_format", "%Y-%m-%d %H:%M:%S" },
	{ "feedd.conf", "", -1, "markdown.summary_chars", "50" },
	{ "/srv/feedd.conf", "[markdown]\ndir = md\nsummary_chars = 80\n"
	    "menu = \"\"\ncomments = false\nwidgets = [search, \"recent\"]\n",
	    -1, "markdown.dir", "/srv/md" },
	{ "feedd.conf", "[markdown]\nmenu = \"\"\ncomments = false\n", -1,
	    "markdown.nstatics", "2" },
	{ "feedd.conf", "[feed \"https://x.example/\"]\nkind = page\n", 0,
	    "kind", "1" },
	{ "feedd.conf", "[feed \"https://x.example/\"]\nfulltext = yes\n", 0,
	    "fulltext", "1" },
	{ "feedd.conf", "[feed \"https://x.example/\"]\nkind = html\n"
	    "item = //li\ntitle = .//h2\n", 0, "rules.title", ".//h2" },
	{ "feedd.conf", "[feed \"https://x.example/\"]\nkind = html\n"
	    "item = //li\ntitle = .//h2\n", 0, "title", "NULL" },
	{ "feedd.conf", "[feed \"https://x.example/\"]\nkind = html\n"
	    "item = //li\n", 0, "rules.link", ".//a/@href" },
	{ "feedd.conf", "[feed \"https://x.example/\"]\nkind = html\n"
	    "item = //li\n", 0, "rules.title", ".//a" },
	{ "feedd.conf", "[feed \"https://x.example/\"]\nkind = html\n"
	    "item = //li\ndate = .//time/@datetime\n", 0, "rules.date",
	    ".//time/@datetime" },
	{ "feedd.conf", "", -1, "max_interval", "86400" },
	{ "feedd.conf", "", -1, "control_socket", FEEDD_RUNDIR "/feedd.sock" },
	{ "feedd.conf", "", -1, "pid_file", FEEDD_RUNDIR "/feedd.pid" },
	{ "feedd.conf", "", -1, "listen", "NULL" },
	{ "feedd.conf", "", -1, "log", "0" },
	{ "feedd.conf", "", -1, "log_level", "2" },
	{ "feedd.conf", "", -1, "user", "NULL" },
	{ "/etc/feedd.conf", "[feedd]\ncontrol_socket = run/x.sock\n", -1,
	    "control_socket", "/etc/run/x.sock" },
	{ "feedd.conf", "[feedd]\nmin_interval = 2m\nmax_interval = 2h\n", -1,
	    "max_interval", "7200" },
	{ "feedd.conf", "[feedd]\nlisten = 127.0.0.1:8080\n", -1, "listen",
	    "127.0.0.1:8080" },
	{ "feedd.conf", "[feedd]\nlisten = [::1]:80\n", -1, "listen",
	    "[::1]:80" },
	{ "feedd.conf", "[feedd]\nlisten = :8080\n", -1, "listen", ":8080" },
	{ "feedd.conf", "[feedd]\nlisten = *:8080\n", -1, "listen", "*:8080" },
	{ "feedd.conf", "[feedd]\nlog = syslog\n", -1, "log", "1" },
	{ "feedd.conf", "[feedd]\nlog_level = debug\n", -1, "log_level", "3" },
	{ "feedd.conf", "[feedd]\nlog_level = error\n", -1, "log_level", "0" },
	{ "feedd.conf", "[feedd]\nuser = root\n", -1, "user", "root" },
	{ "feedd.conf", "[feedd]\n", -1, "nfeeds", "0" },

	/* Every global key set. */
	{ "feedd.conf", "[feedd]\ndatabase = /srv/f.db\n", -1, "database",
	    "/srv/f.db" },
	{ "feedd.conf", "[feedd]\ndatabase = data/f.db\n", -1, "database",
	    "data/f.db" },
	{ "/etc/feedd/feedd.conf", "[feedd]\ndatabase = data/f.db\n", -1,
	    "database", "/etc/feedd/data/f.db" },
	{ "/feedd.conf", "[feedd]\noutput_dir = www\n", -1, "output_dir",
	    "/www" },
	{ "conf/feedd.conf", "[feedd]\noutput_dir = ./www\n", -1,
	    "output_dir", "conf/./www" },
	{ "/etc/feedd.conf", "[feedd]\noutput_dir = /var/www\n", -1,
	    "output_dir", "/var/www" },
	{ "feedd.conf", "[feedd]\nbase_url = https://example.org/feeds\n", -1,
	    "base_url", "https://example.org/feeds/" },
	{ "feedd.conf", "[feedd]\nbase_url = http://h:8080/x/\n", -1,
	    "base_url", "http://h:8080/x/" },
	{ "feedd.conf", "[feedd]\ntitle = My feeds\n", -1, "title",
	    "My feeds" },
	{ "feedd.conf", "[feedd]\nmax_entries = 1\n", -1, "max_entries", "1" },
	{ "feedd.conf", "[feedd]\nmax_entries = 100000\n", -1, "max_entries",
	    "100000" },
	{ "feedd.conf", "[feedd]\nuser_agent = bot/1.0\n", -1, "user_agent",
	    "bot/1.0" },
	{ "feedd.conf", "[feedd]\nallow_file_urls = yes\n", -1,
	    "allow_file_urls", "1" },
	{ "feedd.conf", "[feedd]\nallow_file_urls = TRUE\n", -1,
	    "allow_file_urls", "1" },
	{ "feedd.conf", "[feedd]\nallow_file_urls = On\n", -1,
	    "allow_file_urls", "1" },
	{ "feedd.conf", "[feedd]\nallow_private_networks = 1\n", -1,
	    "allow_private_networks", "1" },
	{ "feedd.conf", "[feedd]\nallow_private_networks = off\n", -1,
	    "allow_private_networks", "0" },
	{ "feedd.conf", "[feedd]\nproxy = http://p:3128\n", -1, "proxy",
	    "http://p:3128" },
	{ "feedd.conf", "[feedd]\nproxy =\n", -1, "proxy", "" },
	{ "feedd.conf", "[feedd]\nwebsub_hub = https://hub.example/\n", -1,
	    "websub_hub", "https://hub.example/" },
	{ "feedd.conf", "[feedd]\nmax_connections = 10000\n", -1,
	    "max_connections", "10000" },
	{ "feedd.conf", "[feedd]\nmax_host_connections = 1\n", -1,
	    "max_host_connections", "1" },
	{ "feedd.conf", "[feedd]\nconnect_timeout = 5\n", -1,
	    "connect_timeout", "5" },
	{ "feedd.conf", "[feedd]\ntimeout = 2m\n", -1, "timeout", "120" },
	{ "feedd.conf", "[feedd]\nlow_speed_limit = 0\n", -1,
	    "low_speed_limit", "0" },
	{ "feedd.conf", "[feedd]\nlow_speed_time = 1m30s\n", -1,
	    "low_speed_time", "90" },
	{ "feedd.conf", "[feedd]\nmax_body_size = 1K\n", -1, "max_body_size",
	    "1024" },
	{ "feedd.conf", "[feedd]\nmax_body_size = 2048\n", -1,
	    "max_body_size", "2048" },
	{ "feedd.conf", "[feedd]\nmax_body_size = 32m\n", -1, "max_body_size",
	    "33554432" },
	{ "feedd.conf", "[feedd]\nmax_body_size = 1G\n", -1, "max_body_size",
	    "1073741824" },
	{ "feedd.conf", "[feedd]\nmax_redirects = 0\n", -1, "max_redirects",
	    "0" },
	{ "feedd.conf", "[feedd]\ndefault_interval = 60\n", -1,
	    "default_interval", "60" },
	{ "feedd.conf", "[feedd]\ndefault_interval = 1d\n", -1,
	    "default_interval", "86400" },
	{ "feedd.conf", "[feedd]\nkeep_days = 0\n", -1, "keep_days", "0" },
	{ "feedd.conf", "[feedd]\nkeep_days = 36500\n", -1, "keep_days",
	    "36500" },
	{ "feedd.conf", "[feedd]\nkeep_per_feed = 1000000\n", -1,
	    "keep_per_feed", "1000000" },

	/* Feed defaults. */
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "url", "https://x/" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "line", "1" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "interval", "0" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "enabled", "1" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "allow_private", "-1" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "category_tags", "0" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "tags", "" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "title", "NULL" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "password", "NULL" },
	{ "feedd.conf", "[feed \"https://x/\"]\n", 0, "include", "NULL" },

	/* Every feed key set. */
	{ "feedd.conf", "[feed \"https://x/\"]\ntags = Tech, news\n", 0,
	    "tags", "tech|news" },
	{ "feedd.conf", "[feed \"https://x/\"]\ntags = a, b   # comment\n", 0,
	    "tags", "a|b" },
	{ "feedd.conf", "[feed \"https://x/\"]\ntags = Go, go, , GO ,Rust,\n",
	    0, "tags", "go|rust" },
	{ "feedd.conf", "[feed \"https://x/\"]\n"
	    "tags = 中文, ÄBC, machine learning\n", 0, "tags",
	    "中文|Äbc|machine learning" },
	{ "feedd.conf", "[feed \"https://x/\"]\ntags =\n", 0, "tags", "" },
	{ "feedd.conf", "[feed \"https://x/\"]\ntitle = Example # mine\n", 0,
	    "title", "Example" },
	{ "feedd.conf", "[feed \"https://x/\"]\ninterval = auto\n", 0,
	    "interval", "-1" },
	{ "feedd.conf", "[feed \"https://x/\"]\ninterval = 1h30m\n", 0,
	    "interval", "5400" },
	{ "feedd.conf", "[feed \"https://x/\"]\ninterval = 60\n", 0,
	    "interval", "60" },
	{ "feedd.conf", "[feed \"https://x/\"]\ntimezone = Asia/Shanghai\n", 0,
	    "timezone", "Asia/Shanghai" },
	{ "feedd.conf", "[feed \"https://x/\"]\ntimezone = +08:00\n", 0,
	    "timezone", "+08:00" },
	{ "feedd.conf", "[feed \"https://x/\"]\nuser_agent = Mozilla/5.0\n", 0,
	    "user_agent", "Mozilla/5.0" },
	{ "feedd.conf", "[feed \"https://x/\"]\nusername = me\n", 0,
	    "username", "me" },
	{ "feedd.conf", "[feed \"https://x/\"]\npassword = \" p#w \"\n", 0,
	    "password", " p#w " },
	{ "feedd.conf", "[feed \"https://x/\"]\npassword =\n", 0,
	    "password", "" },
	{ "feedd.conf", "[feed \"https://x/\"]\nproxy = socks5h://p:1080\n", 0,
	    "proxy", "socks5h://p:1080" },
	{ "feedd.conf", "[feed \"https://x/\"]\ncategory_tags = yes\n", 0,
	    "category_tags", "1" },
	{ "feedd.conf", "[feed \"https://x/\"]\ninclude = ^(rust|go)\n", 0,
	    "include", "^(rust|go)" },
	{ "feedd.conf", "[feed \"https://x/\"]\nexclude = \"a\\.b #x\"\n", 0,
	    "exclude", "a\\.b #x" },
	{ "feedd.conf", "[feed \"https://x/\"]\nenabled = no\n", 0,
	    "enabled", "0" },
	{ "feedd.conf", "[feed \"https://x/\"]\nallow_private_networks = yes\n",
	    0, "allow_private", "1" },
	{ "feedd.conf", "[feed \"https://x/\"]\nallow_private_networks = no\n",
	    0, "allow_private", "0" },

	/* Comments, quotes and white space. */
	{ "feedd.conf", "# c\n; c\n  # indented\n\n\t\n[feedd]\n"
	    "  title   =   spaced out  \n", -1, "title", "spaced out" },
	{ "feedd.conf", "[feedd]\ntitle = a#b\n", -1, "title", "a#b" },
	{ "feedd.conf", "[feedd]\ntitle =#b\n", -1, "title", "#b" },
	{ "feedd.conf", "[feedd]\ntitle = a ;b\n", -1, "title", "a ;b" },
	{ "feedd.conf", "[feedd]\ntitle = a\t# tab comment\n", -1, "title",
	    "a" },
	{ "feedd.conf", "[feedd]\ntitle = \"  keep # this  \"  # not this\n",
	    -1, "title", "  keep # this  " },
	{ "feedd.conf", "[feedd]\ntitle = \"say \\\"hi\\\" \\\\ \\x\"\n", -1,
	    "title", "say \"hi\" \\ \\x" },
	{ "feedd.conf", "[feedd]\ntitle = a \"b\" c\n", -1, "title",
	    "a \"b\" c" },
	{ "feedd.conf", "[feedd]\ntitle = a = b\n", -1, "title", "a = b" },
	{ "feedd.conf", "[feedd]\ntitle = 我的订阅\n", -1, "title",
	    "我的订阅" },
	{ "feedd.conf", "[ feedd ]   # the daemon\ntitle = t\n", -1, "title",
	    "t" },
	{ "feedd.conf", "[feed \"https://x/a#b\"]\n", 0, "url",
	    "https://x/a#b" },
	{ "feedd.conf", "[feed \"  https://x/  \"]\n", 0, "url",
	    "https://x/" },
	{ "feedd.conf", "[feed \"https://x/?q=\\\"a\\\"\"]\n", 0, "url",
	    "https://x/?q=\"a\"" },
	{ "feedd.conf", "[feed\t\"https://x/\" ]  ; c\n", 0, "url",
	    "https://x/" },

	/* BOM and CRLF. */
	{ "feedd.conf", "\xef\xbb\xbf[feedd]\ntitle = bom\n", -1, "title",
	    "bom" },
	{ "feedd.conf", "[feedd]\r\ntitle = crlf\r\nmax_entries = 7\r\n", -1,
	    "title", "crlf" },
	{ "feedd.conf", "[feedd]\r\ntitle = crlf\r\nmax_entries = 7\r\n", -1,
	    "max_entries", "7" },
	{ "feedd.conf", "[feedd]\r\ntitle = \"q\"\r\n", -1, "title", "q" },
	{ "feedd.conf", "[feedd]\ntitle = no newline at end", -1, "title",
	    "no newline at end" },

	/* Feeds keep file order; [feedd] may come last. */
	{ "feedd.conf", "[feed \"https://a/\"]\n\n[feed \"https://b/\"]\n"
	    "tags = b\n[feedd]\ntitle = t\n", -1, "nfeeds", "2" },
	{ "feedd.conf", "[feed \"https://a/\"]\n\n[feed \"https://b/\"]\n"
	    "tags = b\n[feedd]\ntitle = t\n", 1, "url", "https://b/" },
	{ "feedd.conf", "[feed \"https://a/\"]\n\n[feed \"https://b/\"]\n"
	    "tags = b\n[feedd]\ntitle = t\n", 1, "line", "3" },
	{ "feedd.conf", "[feed \"https://a/\"]\n\n[feed \"https://b/\"]\n"
	    "tags = b\n[feedd]\ntitle = t\n", 1, "tags", "b" },
	/* Different schemes, ports or paths are different feeds. */
	{ "feedd.conf", "[feed \"http://x/f\"]\n[feed \"https://x/f\"]\n"
	    "[feed \"https://x:8443/f\"]\n[feed \"https://x/F\"]\n", -1,
	    "nfeeds", "4" },
	/* file:// with allow_file_urls, before or after the feed. */
	{ "feedd.conf", "[feed \"file:///srv/a.xml\"]\n[feedd]\n"
	    "allow_file_urls = yes\n", 0, "url", "file:///srv/a.xml" },
	{ "feedd.conf", "[feedd]\nallow_file_urls = yes\n"
	    "[feed \"file:///srv/a.xml\"]\n[feed \"file:///srv/b.xml\"]\n", -1,
	    "nfeeds", "2" },
};

/* Configs that must fail, with every message in order. */
struct error_case {
	const char	*text;
	size_t		 len;	/* 0: strlen(text) */
	const char	*want;
};

static const struct error_case error_cases[] = {
	/* Structure. */
	{ "title = x\n", 0, "feedd.conf:1: key outside any section" },
	/* Sources without feeds, and the Markdown export. */
	{ "[feed \"https://x.example/\"]\nkind = blog\n", 0, "feedd.conf:2: bad "
	    "value for kind: 'blog' (expected feed, page or html)" },
	{ "[feed \"https://x.example/\"]\nkind = html\n", 0, "feedd.conf:1: "
	    "kind = html needs item = XPATH (the elements that are entries)" },
	{ "[feed \"https://x.example/\"]\nitem = //li\n", 0, "feedd.conf:1: "
	    "item, link, date, summary and image are for kind = html only" },
	{ "[feed \"https://x.example/\"]\nkind = html\nitem = //li[\n", 0,
	    "feedd.conf:3: bad XPath for item: '//li[' (not a valid XPath "
	    "expression)" },
	{ "[feed \"https://x.example/\"]\nkind = html\nitem = //li\n"
	    "title = ((\n", 0, "feedd.conf:1: bad XPath for title: '((' (not a "
	    "valid XPath expression)" },
	{ "[markdown]\nsummary_chars = -1\n", 0, "feedd.conf:2: bad value for "
	    "summary_chars: '-1' (expected a number from 0 to 100000)" },
	{ "[markdown]\na b = 1\n", 0, "feedd.conf:2: bad front matter key "
	    "'a b'" },
	{ "[markdown]\nmenu = 1\nmenu = 2\n", 0, "feedd.conf:3: duplicate key "
	    "'menu'" },
	{ "[markdown]\n[markdown]\n", 0, "feedd.conf:2: duplicate [markdown] "
	    "section, first at line 1" },
	/* The daemon's keys. */
	{ "[feedd]\nlisten = 8080\n", 0, "feedd.conf:2: bad value for listen: "
	    "'8080' (expected ADDRESS:PORT, such as 127.0.0.1:8080 or "
	    "[::1]:8080)" },
	{ "[feedd]\nlisten = localhost:8080\n", 0, "feedd.conf:2: bad value "
	    "for listen: 'localhost:8080' (expected ADDRESS:PORT, such as "
	    "127.0.0.1:8080 or [::1]:8080)" },
	{ "[feedd]\nlisten = 127.0.0.1:65536\n", 0, "feedd.conf:2: bad value "
	    "for listen: '127.0.0.1:65536' (expected ADDRESS:PORT, such as "
	    "127.0.0.1:8080 or [::1]:8080)" },
	{ "[feedd]\nlisten = [::1:80\n", 0, "feedd.conf:2: bad value for "
	    "listen: '[::1:80' (expected ADDRESS:PORT, such as 127.0.0.1:8080 "
	    "or [::1]:8080)" },
	{ "[feedd]\nlog = file\n", 0, "feedd.conf:2: bad value for log: "
	    "'file' (expected stderr or syslog)" },
	{ "[feedd]\nlog_level = verbose\n", 0, "feedd.conf:2: bad value for "
	    "log_level: 'verbose' (expected error, warning, info or debug)" },
	{ "[feedd]\nuser = no-such-user-feedd\n", 0, "feedd.conf:2: unknown "
	    "user 'no-such-user-feedd'" },
	{ "[feedd]\nmin_interval = 30s\n", 0, "feedd.conf:2: bad value for "
	    "min_interval: '30s' (expected a duration of at least 60s, such as "
	    "5m)" },
	{ "[feedd]\nmin_interval = 2h\nmax_interval = 1h\n", 0, "feedd.conf: "
	    "min_interval (7200s) is greater than max_interval (3600s)" },
	{ "[feedd\n", 0, "feedd.conf:1: bad section header" },
	{ "[feedd] x\n", 0, "feedd.conf:1: bad section header" },
	{ "[]\n", 0, "feedd.conf:1: bad section header" },
	{ "[feed]\n", 0, "feedd.conf:1: bad section header" },
	{ "[feed https://x/]\n", 0, "feedd.conf:1: bad section header" },
	{ "[feed \"https://x/\"\n", 0, "feedd.conf:1: bad section header" },
	{ "[feed \"https://x/]\n", 0, "feedd.conf:1: bad section header" },
	{ "[feedd \"x\"]\n", 0, "feedd.conf:1: bad section header" },
	/* The keys of a broken section are not reported again. */
	{ "[foo]\nbar = 1\n", 0, "feedd.conf:1: unknown section [foo]" },
	{ "[feedd]\n[feedd]\n", 0,
	    "feedd.conf:2: duplicate [feedd] section, first at line 1" },
	{ "[feedd]\ntitle\n", 0, "feedd.conf:2: expected 'key = value'" },
	{ "[feedd]\n= x\n", 0, "feedd.conf:2: expected 'key = value'" },
	{ "[feedd]\ncolour = red\n", 0,
	    "feedd.conf:2: unknown key 'colour' in [feedd]" },
	{ "[feedd]\nTitle = x\n", 0,
	    "feedd.conf:2: unknown key 'Title' in [feedd]" },
	{ "[feed \"https://x/\"]\ntgas = a\n", 0,
	    "feedd.conf:2: unknown key 'tgas' in [feed \"https://x/\"]" },
	{ "[feed \"https://x/\"]\ndatabase = a\n", 0,
	    "feedd.conf:2: unknown key 'database' in [feed \"https://x/\"]" },
	{ "[feedd]\ninterval = 1h\n", 0,
	    "feedd.conf:2: unknown key 'interval' in [feedd]" },
	{ "[feed \"https://x/\"]\ntags = a\ntags = b\n", 0,
	    "feedd.conf:3: duplicate key 'tags'" },
	{ "[feedd]\ntitle = a\n[feedd]\ntitle = b\n", 0,
	    "feedd.conf:3: duplicate [feedd] section, first at line 1\n"
	    "feedd.conf:4: duplicate key 'title'" },
	{ "[feedd]\ntitle = \"abc\n", 0,
	    "feedd.conf:2: unterminated quoted value" },
	{ "[feedd]\ntitle = \"abc\" def\n", 0,
	    "feedd.conf:2: unexpected text after quoted value" },
	{ "[feedd]\ntitle = \"abc\"#def\n", 0,
	    "feedd.conf:2: unexpected text after quoted value" },
	{ "[feedd]\ntitle = \xff\n", 0, "feedd.conf:2: invalid UTF-8" },
	{ "[feedd]\ntitle = \xc0\xaf\n", 0, "feedd.conf:2: invalid UTF-8" },
	{ "[feedd]\ntitle = a\0b\n", 20, "feedd.conf:2: NUL byte" },

	/* Bad global values. */
	{ "[feedd]\nmax_entries = lots\n", 0, "feedd.conf:2: bad value for "
	    "max_entries: 'lots' (expected a number from 1 to 100000)" },
	{ "[feedd]\nmax_entries = 0\n", 0, "feedd.conf:2: bad value for "
	    "max_entries: '0' (expected a number from 1 to 100000)" },
	{ "[feedd]\nmax_entries = 100001\n", 0, "feedd.conf:2: bad value for "
	    "max_entries: '100001' (expected a number from 1 to 100000)" },
	{ "[feedd]\nmax_entries = -5\n", 0, "feedd.conf:2: bad value for "
	    "max_entries: '-5' (expected a number from 1 to 100000)" },
	{ "[feedd]\nmax_entries = 99999999999999999999999\n", 0,
	    "feedd.conf:2: bad value for max_entries: '99999999999999999999999'"
	    " (expected a number from 1 to 100000)" },
	{ "[feedd]\nmax_entries =\n", 0, "feedd.conf:2: bad value for "
	    "max_entries: '' (expected a number from 1 to 100000)" },
	{ "[feedd]\ndatabase =\n", 0, "feedd.conf:2: empty value for database" },
	{ "[feedd]\noutput_dir = \"\"\n", 0,
	    "feedd.conf:2: empty value for output_dir" },
	{ "[feedd]\ntitle = # nothing\n", 0,
	    "feedd.conf:2: empty value for title" },
	{ "[feedd]\nuser_agent =\n", 0,
	    "feedd.conf:2: empty value for user_agent" },
	{ "[feedd]\nbase_url = /feeds/\n", 0, "feedd.conf:2: bad value for "
	    "base_url: '/feeds/' (expected an absolute http or https URL)" },
	{ "[feedd]\nbase_url = ftp://x/\n", 0, "feedd.conf:2: bad value for "
	    "base_url: 'ftp://x/' (expected an absolute http or https URL)" },
	{ "[feedd]\nwebsub_hub = hub\n", 0, "feedd.conf:2: bad value for "
	    "websub_hub: 'hub' (expected an absolute http or https URL)" },
	{ "[feedd]\nallow_file_urls = maybe\n", 0, "feedd.conf:2: bad value "
	    "for allow_file_urls: 'maybe' (expected yes or no)" },
	{ "[feedd]\nallow_private_networks = 2\n", 0, "feedd.conf:2: bad value "
	    "for allow_private_networks: '2' (expected yes or no)" },
	{ "[feedd]\nmax_connections = 0\n", 0, "feedd.conf:2: bad value for "
	    "max_connections: '0' (expected a number from 1 to 10000)" },
	{ "[feedd]\nmax_connections = 10001\n", 0, "feedd.conf:2: bad value "
	    "for max_connections: '10001' (expected a number from 1 to 10000)" },
	{ "[feedd]\nmax_host_connections = 1001\n", 0, "feedd.conf:2: bad value"
	    " for max_host_connections: '1001' (expected a number from 1 to "
	    "1000)" },
	{ "[feedd]\nconnect_timeout = 0\n", 0, "feedd.conf:2: bad value for "
	    "connect_timeout: '0' (expected a duration from 1s to 1d, such as "
	    "15s)" },
	{ "[feedd]\ntimeout = 2d\n", 0, "feedd.conf:2: bad value for timeout: "
	    "'2d' (expected a duration from 1s to 1d, such as 60s)" },
	{ "[feedd]\ntimeout = 10 s\n", 0, "feedd.conf:2: bad value for timeout:"
	    " '10 s' (expected a duration from 1s to 1d, such as 60s)" },
	{ "[feedd]\nlow_speed_time = soon\n", 0, "feedd.conf:2: bad value for "
	    "low_speed_time: 'soon' (expected a duration from 1s to 1d, such "
	    "as 30s)" },
	{ "[feedd]\nlow_speed_limit = 1k\n", 0, "feedd.conf:2: bad value for "
	    "low_speed_limit: '1k' (expected a number of bytes per second from "
	    "0 to 1000000000)" },
	{ "[feedd]\nmax_body_size = 512\n", 0, "feedd.conf:2: bad value for "
	    "max_body_size: '512' (expected a size from 1K to 1G, such as 16M)" },
	{ "[feedd]\nmax_body_size = 2G\n", 0, "feedd.conf:2: bad value for "
	    "max_body_size: '2G' (expected a size from 1K to 1G, such as 16M)" },
	{ "[feedd]\nmax_body_size = 16MB\n", 0, "feedd.conf:2: bad value for "
	    "max_body_size: '16MB' (expected a size from 1K to 1G, such as "
	    "16M)" },
	{ "[feedd]\nmax_body_size = M\n", 0, "feedd.conf:2: bad value for "
	    "max_body_size: 'M' (expected a size from 1K to 1G, such as 16M)" },
	{ "[feedd]\nmax_redirects = 21\n", 0, "feedd.conf:2: bad value for "
	    "max_redirects: '21' (expected a number from 0 to 20)" },
	{ "[feedd]\ndefault_interval = 59\n", 0, "feedd.conf:2: bad value for "
	    "default_interval: '59' (expected a duration of at least 60s, such "
	    "as 30m)" },
	{ "[feedd]\ndefault_interval = auto\n", 0, "feedd.conf:2: bad value for"
	    " default_interval: 'auto' (expected a duration of at least 60s, "
	    "such as 30m)" },
	{ "[feedd]\nkeep_days = 36501\n", 0, "feedd.conf:2: bad value for "
	    "keep_days: '36501' (expected a number from 0 to 36500)" },
	{ "[feedd]\nkeep_per_feed = 1000001\n", 0, "feedd.conf:2: bad value for"
	    " keep_per_feed: '1000001' (expected a number from 0 to 1000000)" },

	/* Bad feed values. */
	{ "[feed \"https://x/\"]\ninterval = 30s\n", 0, "feedd.conf:2: bad "
	    "value for interval: '30s' (expected a duration of at least 60s, or "
	    "auto)" },
	{ "[feed \"https://x/\"]\ninterval = Auto\n", 0, "feedd.conf:2: bad "
	    "value for interval: 'Auto' (expected a duration of at least 60s, or"
	    " auto)" },
	{ "[feed \"https://x/\"]\ntimezone = Mars/Base\n", 0, "feedd.conf:2: "
	    "bad value for timezone: 'Mars/Base' (unknown time zone)" },
	{ "[feed \"https://x/\"]\ntimezone = ../etc/passwd\n", 0, "feedd.conf:"
	    "2: bad value for timezone: '../etc/passwd' (invalid time zone "
	    "name)" },
	{ "[feed \"https://x/\"]\ntags = ok, a/b, c\x01\n", 0,
	    "feedd.conf:2: bad tag 'a/b' in tags (a tag cannot contain '/' or "
	    "control characters)\n"
	    "feedd.conf:2: bad tag 'c\x01' in tags (a tag cannot contain '/' or "
	    "control characters)" },
	{ "[feed \"https://x/\"]\ntags = \xc2\x85x\n", 0,
	    "feedd.conf:2: bad tag '\xc2\x85x' in tags (a tag cannot contain "
	    "'/' or control characters)" },
	{ "[feed \"https://x/\"]\ntitle =\n", 0,
	    "feedd.conf:2: empty value for title" },
	{ "[feed \"https://x/\"]\nusername =\n", 0,
	    "feedd.conf:2: empty value for username" },
	{ "[feed \"https://x/\"]\npassword = a\npassword_file = /p\n", 0,
	    "feedd.conf:3: password and password_file cannot both be set" },
	{ "[feed \"https://x/\"]\npassword_file = /nonexistent/pw\n"
	    "password = a\n", 0, "feedd.conf:2: cannot read password_file "
	    "'/nonexistent/pw': No such file or directory\n"
	    "feedd.conf:3: password and password_file cannot both be set" },
	{ "[feed \"https://x/\"]\npassword_file =\n", 0,
	    "feedd.conf:2: empty value for password_file" },
	{ "[feed \"https://x/\"]\ncategory_tags = sometimes\n", 0,
	    "feedd.conf:2: bad value for category_tags: 'sometimes' (expected "
	    "yes or no)" },
	{ "[feed \"https://x/\"]\nenabled = nope\n", 0, "feedd.conf:2: bad "
	    "value for enabled: 'nope' (expected yes or no)" },
	{ "[feed \"https://x/\"]\nallow_private_networks = -1\n", 0,
	    "feedd.conf:2: bad value for allow_private_networks: '-1' (expected"
	    " yes or no)" },
	{ "[feed \"https://x/\"]\ninclude = (\n", 0, "feedd.conf:2: bad value "
	    "for include: '(' (Unmatched ( or \\()" },
	{ "[feed \"https://x/\"]\nexclude = a{2,1}\n", 0, "feedd.conf:2: bad "
	    "value for exclude: 'a{2,1}' (Invalid content of \\{\\})" },
	{ "[feed \"https://x/\"]\ninclude = [a\nexclude = *x\n", 0,
	    "feedd.conf:2: bad value for include: '[a' (Unmatched [, [^, [:, "
	    "[., or [=)\n"
	    "feedd.conf:3: bad value for exclude: '*x' (Invalid preceding "
	    "regular expression)" },

	/* Feed URLs. */
	{ "[feed \"ftp://x/f\"]\n", 0, "feedd.conf:1: bad feed URL 'ftp://x/f' "
	    "(expected an absolute http or https URL)" },
	{ "[feed \"/feed.xml\"]\n", 0, "feedd.conf:1: bad feed URL '/feed.xml' "
	    "(expected an absolute http or https URL)" },
	{ "[feed \"\"]\n", 0, "feedd.conf:1: bad feed URL '' (expected an "
	    "absolute http or https URL)" },
	{ "[feed \"https://\"]\n", 0, "feedd.conf:1: bad feed URL 'https://' "
	    "(expected an absolute http or https URL)" },
	{ "[feed \"https://x/a b\"]\n", 0, "feedd.conf:1: bad feed URL "
	    "'https://x/a b' (expected an absolute http or https URL)" },
	{ "[feed \"javascript:alert(1)\"]\n", 0, "feedd.conf:1: bad feed URL "
	    "'javascript:alert(1)' (expected an absolute http or https URL)" },
	/* Equal canonical forms are one feed. */
	{ "[feed \"https://X.org/a?utm_source=z\"]\ntags = a\n\n"
	    "[feed \"https://x.org:443/a#top\"]\n", 0,
	    "feedd.conf:4: duplicate feed, first defined at line 1" },
	{ "[feed \"http://x/f\"]\n[feed \"https://y/\"]\n[feed \"http://x/f\"]\n"
	    "[feed \"HTTP://x:80/f\"]\n", 0,
	    "feedd.conf:3: duplicate feed, first defined at line 1\n"
	    "feedd.conf:4: duplicate feed, first defined at line 1" },
	{ "[feedd]\nallow_file_urls = yes\n[feed \"file:///a\"]\n"
	    "[feed \"file:///a\"]\n", 0,
	    "feedd.conf:4: duplicate feed, first defined at line 3" },
	/* file:// needs allow_file_urls, wherever [feedd] is. */
	{ "[feed \"file:///srv/a.xml\"]\n", 0, "feedd.conf:1: file:// feed "
	    "URLs need allow_file_urls = yes in [feedd]" },
	{ "[feed \"file:///srv/a.xml\"]\n[feedd]\nallow_file_urls = no\n", 0,
	    "feedd.conf:1: file:// feed URLs need allow_file_urls = yes in "
	    "[feedd]" },

	/* Everything is reported, in line order. */
	{ "[feed \"file:///a.xml\"]\n"		/* 1: file:// (found last) */
	    "tgas = x\n"			/* 2 */
	    "[feedd]\n"				/* 3 */
	    "max_entries = lots\n"		/* 4 */
	    "title\n"				/* 5 */
	    "[feed \"https://x/\"]\n"		/* 6 */
	    "interval = 1m\n"			/* 7: fine */
	    "interval = 2m\n"			/* 8 */
	    "[feed \"https://x/#dup\"]\n"	/* 9 */
	    "[bad\n"				/* 10 */
	    "ignored = 1\n", 0,			/* 11: in a bad section */
	    "feedd.conf:1: file:// feed URLs need allow_file_urls = yes in "
	    "[feedd]\n"
	    "feedd.conf:2: unknown key 'tgas' in [feed \"file:///a.xml\"]\n"
	    "feedd.conf:4: bad value for max_entries: 'lots' (expected a "
	    "number from 1 to 100000)\n"
	    "feedd.conf:5: expected 'key = value'\n"
	    "feedd.conf:8: duplicate key 'interval'\n"
	    "feedd.conf:9: duplicate feed, first defined at line 6\n"
	    "feedd.conf:10: bad section header" },
};

struct duration_case {
	const char	*s;
	int		 want;
};

static const struct duration_case duration_cases[] = {
	{ "45", 45 }, { "0", 0 }, { "90s", 90 }, { "30m", 1800 },
	{ "2h", 7200 }, { "1d", 86400 }, { "1h30m", 5400 },
	{ "1d2h3m4s", 93784 }, { "2147483647", INT_MAX },
	{ "", -1 }, { "s", -1 }, { "1x", -1 }, { "-5", -1 }, { "+5", -1 },
	{ "1.5h", -1 }, { "30m1h", -1 }, { "1h1h", -1 }, { "1h30", -1 },
	{ "1 h", -1 }, { " 1h", -1 }, { "1H", -1 }, { "auto", -1 },
	{ "2147483648", -1 }, { "24856d", -1 }, { "99999999999999999999s", -1 },
};

static void
test_values(void)
{
	const struct value_case	*c;
	struct strvec		 errors = { NULL, 0, 0 };
	struct config		*cf;
	char			 what[512], got[256], sh[256];
	size_t			 i;

	for (i = 0; i < sizeof(value_cases) / sizeof(value_cases[0]); i++) {
		c = &value_cases[i];
		cf = config_parse(c->name, c->text, strlen(c->text), &errors);
		snprintf(what, sizeof(what), "%s: %s",
		    t_show(c->text, sh, sizeof(sh)), c->key);
		if (cf == NULL) {
			t_streq(errors.n > 0 ? errors.v[0] : "NULL", "no error",
			    what);
			strvec_clear(&errors);
			continue;
		}
		t_streq(get(cf, c->feed, c->key, got, sizeof(got)), c->want,
		    what);
		t_ok(errors.n == 0, "no errors on success");
		config_free(cf);
		strvec_clear(&errors);
	}
}

static void
test_errors(void)
{
	const struct error_case	*c;
	struct strvec		 errors = { NULL, 0, 0 };
	struct config		*cf;
	char			 what[512], sh[256], *got;
	size_t			 i, len;

	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		c = &error_cases[i];
		len = c->len ? c->len : strlen(c->text);
		cf = config_parse("feedd.conf", c->text, len, &errors);
		snprintf(what, sizeof(what), "error: %s",
		    t_show(c->text, sh, sizeof(sh)));
		got = joined(&errors);
		t_ok(cf == NULL, what);
		t_streq(got, c->want, what);
		free(got);
		config_free(cf);
		strvec_clear(&errors);
	}
	/* A NULL error vector is allowed. */
	t_ok(config_parse("x", "[x]", 3, NULL) == NULL, "NULL errors vector");
}

static void
test_durations(void)
{
	const struct duration_case	*c;
	char				 what[128];
	size_t				 i;

	for (i = 0; i < sizeof(duration_cases) / sizeof(duration_cases[0]);
	    i++) {
		c = &duration_cases[i];
		snprintf(what, sizeof(what), "config_duration(\"%s\") = %d",
		    c->s, c->want);
		t_ok(config_duration(c->s) == c->want, what);
	}
}

/* A 10,000-byte URL in a header and a key: no line-length limit. */
static void
test_long_line(void)
{
	struct strvec	 errors = { NULL, 0, 0 };
	struct config	*cf;
	struct feed_conf *fc;
	char		*url, *text;
	size_t		 n = 10000;

	url = malloc(n + 1);
	memcpy(url, "https://example.org/", 20);
	memset(url + 20, 'a', n - 20);
	url[n] = '\0';
	text = malloc(2 * n + 100);
	snprintf(text, 2 * n + 100, "[feed \"%s\"]\ntitle = %s\n", url, url);
	cf = config_parse("feedd.conf", text, strlen(text), &errors);
	t_ok(cf != NULL && errors.n == 0, "10 KB URL loads");
	fc = cf != NULL ? TAILQ_FIRST(&cf->feeds) : NULL;
	t_ok(fc != NULL && strlen(fc->url) == n && strcmp(fc->url, url) == 0,
	    "10 KB URL kept whole");
	t_ok(fc != NULL && fc->title != NULL && strcmp(fc->title, url) == 0,
	    "10 KB value kept whole");
	config_free(cf);
	strvec_clear(&errors);

	/* The same URL twice is a duplicate even at that length. */
	snprintf(text, 2 * n + 100, "[feed \"%s\"]\n[feed \"%s\"]\n", url, url);
	cf = config_parse("feedd.conf", text, strlen(text), &errors);
	t_ok(cf == NULL && errors.n == 1 && strcmp(errors.v[0],
	    "feedd.conf:2: duplicate feed, first defined at line 1") == 0,
	    "10 KB URL duplicate");
	config_free(cf);
	strvec_clear(&errors);
	free(text);
	free(url);
}

static void
test_regex(void)
{
	struct strvec	 errors = { NULL, 0, 0 };
	struct config	*cf;
	struct feed_conf *fc;
	const char	*text = "[feed \"https://x/\"]\ninclude = ^(rust|go)\\b\n"
	    "exclude = \"sponsored|ad:\"\n";

	cf = config_parse("feedd.conf", text, strlen(text), &errors);
	fc = cf != NULL ? TAILQ_FIRST(&cf->feeds) : NULL;
	t_ok(fc != NULL, "regex config loads");
	if (fc == NULL)
		return;
	t_ok(regexec(&fc->include_re, "Rust 1.80 released", 0, NULL, 0) == 0,
	    "include matches, case-insensitively");
	t_ok(regexec(&fc->include_re, "Why not Rust", 0, NULL, 0) != 0,
	    "include anchored");
	t_ok(regexec(&fc->exclude_re, "A SPONSORED post", 0, NULL, 0) == 0,
	    "exclude matches");
	t_ok(regexec(&fc->exclude_re, "plain", 0, NULL, 0) != 0,
	    "exclude does not match");
	config_free(cf);
	strvec_clear(&errors);
}

static int
write_file(const char *path, const char *data)
{
	FILE	*f;
	int	 rc;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	rc = fputs(data, f) == EOF ? -1 : 0;
	if (fclose(f) == EOF)
		rc = -1;
	return rc;
}

static void
test_files(void)
{
	struct strvec	 errors = { NULL, 0, 0 };
	struct config	*cf;
	struct feed_conf *fc;
	char		 dir[] = "/tmp/test_config.XXXXXX";
	char		 pw[] = "/tmp/test_config_pw.XXXXXX";
	char		 conf[256], text[512], want[512], *real, *got;
	int		 fd;

	/* password_file, absolute: only the first line, CRLF dropped. */
	if ((fd = mkstemp(pw)) == -1) {
		t_ok(0, "mkstemp");
		return;
	}
	t_ok(write(fd, "s3cret pass\r\nsecond line\n", 25) == 25,
	    "write password file");
	close(fd);
	snprintf(text, sizeof(text), "[feed \"https://x/\"]\nusername = u\n"
	    "password_file = %s\n", pw);
	cf = config_parse("feedd.conf", text, strlen(text), &errors);
	fc = cf != NULL ? TAILQ_FIRST(&cf->feeds) : NULL;
	t_streq(fc != NULL ? fc->password : NULL, "s3cret pass",
	    "password_file first line");
	config_free(cf);
	strvec_clear(&errors);

	/* Relative to the config's directory. */
	snprintf(text, sizeof(text), "[feed \"https://x/\"]\n"
	    "password_file = %s\n", pw + 5);
	cf = config_parse("/tmp/feedd.conf", text, strlen(text), &errors);
	fc = cf != NULL ? TAILQ_FIRST(&cf->feeds) : NULL;
	t_streq(fc != NULL ? fc->password : NULL, "s3cret pass",
	    "password_file relative to the config");
	config_free(cf);
	strvec_clear(&errors);

	/* An empty password file is a mistake. */
	t_ok(write_file(pw, "\n") == 0, "empty password file");
	snprintf(text, sizeof(text), "[feed \"https://x/\"]\n"
	    "password_file = %s\n", pw);
	cf = config_parse("feedd.conf", text, strlen(text), &errors);
	got = joined(&errors);
	snprintf(want, sizeof(want), "feedd.conf:2: password_file '%s' is "
	    "empty", pw);
	t_ok(cf == NULL, "empty password file fails");
	t_streq(got, want, "empty password file message");
	free(got);
	config_free(cf);
	strvec_clear(&errors);
	unlink(pw);

	/* Unreadable, relative path shown as resolved. */
	snprintf(text, sizeof(text), "[feedd]\n[feed \"https://x/\"]\n"
	    "password_file = missing.pw\n");
	cf = config_parse("/nonexistent/feedd.conf", text, strlen(text),
	    &errors);
	got = joined(&errors);
	t_streq(got, "/nonexistent/feedd.conf:3: cannot read password_file "
	    "'/nonexistent/missing.pw': No such file or directory",
	    "unreadable password_file");
	free(got);
	config_free(cf);
	strvec_clear(&errors);

	/* config_load: relative paths become absolute via realpath. */
	if (mkdtemp(dir) == NULL) {
		t_ok(0, "mkdtemp");
		return;
	}
	snprintf(conf, sizeof(conf), "%s/feedd.conf", dir);
	t_ok(write_file(conf, "[feedd]\ndatabase = db/feedd.db\n"
	    "output_dir = /srv/www\n[feed \"https://x/\"]\n") == 0,
	    "write config file");
	cf = config_load(conf, &errors);
	real = realpath(dir, NULL);
	snprintf(want, sizeof(want), "%s/db/feedd.db", real ? real : "?");
	t_streq(cf != NULL ? cf->database : NULL, want,
	    "config_load: relative database made absolute");
	t_streq(cf != NULL ? cf->output_dir : NULL, "/srv/www",
	    "config_load: absolute output_dir kept");
	t_streq(cf != NULL ? cf->path : NULL, conf, "config_load: path");
	t_ok(cf != NULL && cf->nfeeds == 1, "config_load: one feed");
	free(real);
	config_free(cf);
	strvec_clear(&errors);

	/* Errors from a loaded file carry its name. */
	t_ok(write_file(conf, "[feedd]\nkeep_days = x\n") == 0,
	    "rewrite config file");
	cf = config_load(conf, &errors);
	snprintf(want, sizeof(want), "%s:2: bad value for keep_days: 'x' "
	    "(expected a number from 0 to 36500)", conf);
	got = joined(&errors);
	t_ok(cf == NULL, "config_load: bad file fails");
	t_streq(got, want, "config_load: FILE:LINE message");
	free(got);
	strvec_clear(&errors);
	unlink(conf);

	/* Unreadable files. */
	cf = config_load(conf, &errors);
	got = joined(&errors);
	snprintf(want, sizeof(want), "%s: cannot read: No such file or "
	    "directory", conf);
	t_ok(cf == NULL, "config_load: missing file fails");
	t_streq(got, want, "config_load: missing file message");
	free(got);
	strvec_clear(&errors);
	cf = config_load(dir, &errors);
	got = joined(&errors);
	snprintf(want, sizeof(want), "%s: cannot read: Is a directory", dir);
	t_streq(got, want, "config_load: directory");
	free(got);
	config_free(cf);
	strvec_clear(&errors);
	rmdir(dir);
}

/* The shipped sample must be a valid config. */
static void
test_sample(void)
{
	struct strvec	 errors = { NULL, 0, 0 };
	struct config	*cf;
	const char	*tdir;
	char		 path[PATH_MAX], *got;
	size_t		 i;

	if ((tdir = getenv("TESTDIR")) != NULL)
		snprintf(path, sizeof(path), "%s/../etc/feedd.conf", tdir);
	else
		snprintf(path, sizeof(path), "../etc/feedd.conf");
	cf = config_load(path, &errors);
	got = joined(&errors);
	t_streq(got, NULL, "etc/feedd.conf has no errors");
	for (i = 0; i < errors.n; i++)
		printf("# %s\n", errors.v[i]);
	t_ok(cf != NULL && cf->nfeeds == 2, "etc/feedd.conf has two feeds");
	free(got);
	config_free(cf);
	strvec_clear(&errors);
}

/* config_dump writes a file that reads back to the same dump. */
static void
test_dump(void)
{
	static const char text[] =
	    "[feedd]\ntitle = \"My  # feeds \"\nlisten = 127.0.0.1:8080\n"
	    "max_body_size = 2M\ndefault_interval = 90m\nlog = syslog\n"
	    "[feed \"https://a.example/feed\"]\ntags = Go, 中文\n"
	    "interval = auto\npassword = secret\nusername = u\n"
	    "exclude = ^ad\nenabled = no\n"
	    "[feed \"https://b.example/x?a=\\\"q\\\"\"]\n"
	    "[markdown]\ndir = /srv/md\nmenu = \"\"\ncomments = false\n"
	    "weight = 10\nwidgets = [search, \"recent\", taglist]\n"
	    "[feed \"https://c.example/list\"]\nkind = html\nitem = //li\n"
	    "title = .//h2\n";
	struct strvec	 errors = { NULL, 0, 0 };
	struct config	*cf, *cf2;
	struct buf	 a = BUF_INIT, b = BUF_INIT;

	cf = config_parse("dump.conf", text, strlen(text), &errors);
	t_ok(cf != NULL && errors.n == 0, "dump: source parses");
	if (cf == NULL)
		return;
	config_dump(cf, &a);
	t_ok(strstr(buf_cstr(&a), "title = \"My  # feeds \"\n") != NULL,
	    "dump: quoted value");
	t_ok(strstr(buf_cstr(&a), "max_body_size = 2M\n") != NULL,
	    "dump: size");
	t_ok(strstr(buf_cstr(&a), "default_interval = 90m\n") != NULL,
	    "dump: duration");
	t_ok(strstr(buf_cstr(&a), "keep_days = 90\n") != NULL,
	    "dump: defaults included");
	t_ok(strstr(buf_cstr(&a), "#proxy =\n") != NULL, "dump: unset key");
	t_ok(strstr(buf_cstr(&a), "log = syslog\nlog_level = info\n") !=
	    NULL, "dump: log settings");
	t_ok(strstr(buf_cstr(&a), "password = ********\n") != NULL &&
	    strstr(buf_cstr(&a), "secret") == NULL, "dump: password masked");
	t_ok(strstr(buf_cstr(&a), "[feed \"https://a.example/feed\"]\n"
	    "tags = go, 中文\ninterval = auto\nusername = u\n") != NULL,
	    "dump: feed section");
	t_ok(strstr(buf_cstr(&a), "enabled = no\n") != NULL,
	    "dump: enabled = no shown");
	t_ok(strstr(buf_cstr(&a), "[markdown]\ndir = /srv/md\n") != NULL &&
	    strstr(buf_cstr(&a), "menu = \"\"\ncomments = false\nweight = 10\n"
	    "widgets = [\"search\", \"recent\", \"taglist\"]\n") != NULL,
	    "dump: [markdown] and its static keys");
	t_ok(strstr(buf_cstr(&a), "kind = html\nitem = //li\nlink = .//a/@href\n"
	    "title = .//h2\n") != NULL, "dump: an html source");
	cf2 = config_parse("dump.conf", buf_cstr(&a), a.len, &errors);
	t_ok(cf2 != NULL && errors.n == 0, "dump: reads back");
	if (cf2 != NULL) {
		config_dump(cf2, &b);
		/* The password is masked: everything else round-trips. */
		t_streq(buf_cstr(&b), buf_cstr(&a), "dump: stable");
	}
	config_free(cf);
	config_free(cf2);
	strvec_clear(&errors);
	buf_free(&a);
	buf_free(&b);
}

int
main(void)
{
	test_dump();
	test_values();
	test_errors();
	test_durations();
	test_long_line();
	test_regex();
	test_files();
	test_sample();
	return t_done();
}
