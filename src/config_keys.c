/*
 * config_keys.c - every key of feedd.conf: its section, type, where its
 * value goes, its range, and what the error message says is expected.
 * The reader (config.c), the setters (config_set.c) and the dump
 * (config_dump.c) all walk these tables.
 */
#include <limits.h>
#include <stddef.h>

#include "conf.h"
#include "config_int.h"

#define G(f)	offsetof(struct config, f)
#define F(f)	offsetof(struct feed_conf, f)

const char *const conf_log_levels[] = { "error", "warning", "info", "debug",
	NULL };

const struct key conf_global_keys[] = {
	{ "database", K_PATH, G(database), 0, 0, NULL },
	{ "output_dir", K_PATH, G(output_dir), 0, 0, NULL },
	{ "base_url", K_BASE_URL, G(base_url), 0, 0,
	    "an absolute http or https URL" },
	{ "title", K_STR, G(title), 0, 0, NULL },
	{ "max_entries", K_INT, G(max_entries), 1, 100000,
	    "a number from 1 to 100000" },
	{ "user_agent", K_STR, G(user_agent), 0, 0, NULL },
	{ "allow_file_urls", K_BOOL, G(allow_file_urls), 0, 0, "yes or no" },
	{ "allow_private_networks", K_BOOL, G(allow_private_networks), 0, 0,
	    "yes or no" },
	{ "proxy", K_STR_EMPTY, G(proxy), 0, 0, NULL },
	{ "ca_file", K_PATH, G(ca_file), 0, 0, NULL },
	{ "websub_hub", K_HTTP_URL, G(websub_hub), 0, 0,
	    "an absolute http or https URL" },
	{ "max_connections", K_INT, G(max_connections), 1, 10000,
	    "a number from 1 to 10000" },
	{ "max_host_connections", K_INT, G(max_host_connections), 1, 1000,
	    "a number from 1 to 1000" },
	{ "connect_timeout", K_DURATION, G(connect_timeout), 1, DAY,
	    "a duration from 1s to 1d, such as 15s" },
	{ "timeout", K_DURATION, G(timeout), 1, DAY,
	    "a duration from 1s to 1d, such as 60s" },
	{ "low_speed_limit", K_INT, G(low_speed_limit), 0, 1000000000,
	    "a number of bytes per second from 0 to 1000000000" },
	{ "low_speed_time", K_DURATION, G(low_speed_time), 1, DAY,
	    "a duration from 1s to 1d, such as 30s" },
	{ "max_body_size", K_SIZE, G(max_body_size), 1024, 1024L * 1024 * 1024,
	    "a size from 1K to 1G, such as 16M" },
	{ "max_redirects", K_INT, G(max_redirects), 0, 20,
	    "a number from 0 to 20" },
	{ "default_interval", K_DURATION, G(default_interval), MIN_INTERVAL,
	    INT_MAX, "a duration of at least 60s, such as 30m" },
	{ "keep_days", K_INT, G(keep_days), 0, 36500,
	    "a number from 0 to 36500" },
	{ "keep_per_feed", K_INT, G(keep_per_feed), 0, 1000000,
	    "a number from 0 to 1000000" },
	{ "min_interval", K_DURATION, G(min_interval), MIN_INTERVAL, INT_MAX,
	    "a duration of at least 60s, such as 5m" },
	{ "max_interval", K_DURATION, G(max_interval), MIN_INTERVAL, INT_MAX,
	    "a duration of at least 60s, such as 1d" },
	{ "control_socket", K_PATH, G(control_socket), 0, 0, NULL },
	{ "pid_file", K_PATH, G(pid_file), 0, 0, NULL },
	{ "listen", K_LISTEN, G(listen), 0, 0,
	    "ADDRESS:PORT, such as 127.0.0.1:8080 or [::1]:8080" },
	{ "log", K_LOG, G(log_syslog), 0, 0, "stderr or syslog" },
	{ "log_level", K_LOG_LEVEL, G(log_level), 0, 0,
	    "error, warning, info or debug" },
	{ "user", K_USER, G(user), 0, 0, NULL },
	{ "fulltext_per_poll", K_INT, G(fulltext_per_poll), 0, 10000,
	    "a number from 0 to 10000" },
	{ NULL, K_STR, 0, 0, 0, NULL }
};

const struct key conf_feed_keys[] = {
	{ "tags", K_TAGS, F(tags), 0, 0, NULL },
	{ "title", K_STR, F(title), 0, 0, NULL },
	{ "interval", K_INTERVAL, F(interval), MIN_INTERVAL, INT_MAX,
	    "a duration of at least 60s, or auto" },
	{ "timezone", K_TIMEZONE, F(timezone), 0, 0, NULL },
	{ "user_agent", K_STR, F(user_agent), 0, 0, NULL },
	{ "username", K_STR, F(username), 0, 0, NULL },
	{ "password", K_PASSWORD, F(password), 0, 0, NULL },
	{ "password_file", K_PASSWORD_FILE, F(password), 0, 0, NULL },
	{ "proxy", K_STR_EMPTY, F(proxy), 0, 0, NULL },
	{ "category_tags", K_BOOL, F(category_tags), 0, 0, "yes or no" },
	{ "include", K_INCLUDE, F(include), 0, 0, NULL },
	{ "exclude", K_EXCLUDE, F(exclude), 0, 0, NULL },
	{ "enabled", K_BOOL, F(enabled), 0, 0, "yes or no" },
	{ "allow_private_networks", K_BOOL, F(allow_private), 0, 0,
	    "yes or no" },
	{ "kind", K_KIND, F(kind), 0, 0, "feed, page or html" },
	{ "fulltext", K_BOOL, F(fulltext), 0, 0, "yes or no" },
	{ "item", K_XPATH, F(rules.item), 0, 0, NULL },
	{ "link", K_XPATH, F(rules.link), 0, 0, NULL },
	{ "date", K_XPATH, F(rules.date), 0, 0, NULL },
	{ "summary", K_XPATH, F(rules.summary), 0, 0, NULL },
	{ "image", K_XPATH, F(rules.image), 0, 0, NULL },
	{ NULL, K_STR, 0, 0, 0, NULL }
};

#define M(f)	offsetof(struct markdown_conf, f)

/* [markdown]; any other key there is a static front matter key. */
const struct key conf_markdown_keys[] = {
	{ "dir", K_PATH, M(dir), 0, 0, NULL },
	{ "timezone", K_TIMEZONE, M(timezone), 0, 0, NULL },
	{ "date_format", K_STR, M(date_format), 0, 0, NULL },
	{ "summary_chars", K_INT, M(summary_chars), 0, 100000,
	    "a number from 0 to 100000" },
	{ NULL, K_STR, 0, 0, 0, NULL }
};
