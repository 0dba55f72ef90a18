/*
 * config.h - the feedd configuration file: a small strict INI reader of our
 * own (Debian's libinih truncates long lines and cannot name the line of
 * an error) and the settings it produces.
 */
#ifndef CONF_H
#define CONF_H

#include <sys/queue.h>
#include <regex.h>
#include <stddef.h>

#include "feed.h"

#define CONF_INTERVAL_AUTO	(-1)	/* interval = auto */
#define CONF_REGEX_FLAGS	(REG_EXTENDED | REG_ICASE | REG_NOSUB)

/* What a source is: a feed, one article page, or a listing page. */
enum feed_kind {
	FEED_KIND_FEED,
	FEED_KIND_PAGE,		/* kind = page: the extracted article */
	FEED_KIND_HTML		/* kind = html: entries by XPath */
};

/* kind = html: XPath selectors, all but item relative to the item. */
struct html_rules {
	char		*item;
	char		*title;
	char		*link;
	char		*date;
	char		*summary;
	char		*image;
};

struct feed_conf {
	TAILQ_ENTRY(feed_conf) next;
	char		*url;		/* as written, trimmed */
	int		 line;		/* where its section starts */
	char		*title;		/* overrides the feed's own title */
	struct strvec	 tags;		/* trimmed, lowercased, unique */
	int		 interval;	/* seconds; 0 = default_interval */
	char		*timezone;
	char		*user_agent;
	char		*username;
	char		*password;	/* from password or password_file */
	char		*proxy;
	int		 category_tags;	/* entry categories become tags */
	char		*include;	/* regex source, or NULL */
	char		*exclude;
	regex_t		 include_re;	/* compiled when include != NULL */
	regex_t		 exclude_re;
	int		 enabled;
	int		 allow_private;	/* -1: the global setting */
	int		 kind;		/* enum feed_kind */
	struct html_rules rules;	/* kind = html */
	int		 fulltext;	/* fetch each new entry's article */
};

/* A front matter key the user adds ([markdown] menu = "", ...). */
enum fm_type { FM_STRING, FM_BOOL, FM_NUMBER, FM_LIST };

struct fm_static {
	char		*key;
	enum fm_type	 type;
	char		*value;		/* string, "true"/"false", number */
	struct strvec	 list;		/* FM_LIST */
};

/* [markdown]: every new or updated entry also as DIR/SLUG.md. */
struct markdown_conf {
	char		*dir;		/* NULL: no export */
	char		*timezone;	/* of the date key; NULL is UTC */
	char		*date_format;	/* strftime, or a Go layout */
	int		 summary_chars;	/* 50 */
	struct fm_static *statics;
	size_t		 nstatics;
};

TAILQ_HEAD(feed_conf_list, feed_conf);

struct config {
	char		*path;
	char		*database;
	char		*output_dir;
	char		*base_url;
	char		*title;
	char		*user_agent;
	char		*proxy;
	char		*ca_file;		/* CA bundle, or the system's */
	char		*websub_hub;
	int		 max_entries;		/* per output feed, 200 */
	int		 allow_file_urls;	/* no */
	int		 allow_private_networks; /* no */
	int		 max_connections;	/* 64 */
	int		 max_host_connections;	/* 4 */
	int		 connect_timeout;	/* seconds, 15 */
	int		 timeout;		/* seconds, whole transfer, 60 */
	int		 low_speed_limit;	/* bytes/s, 10 */
	int		 low_speed_time;	/* seconds, 30 */
	size_t		 max_body_size;		/* 16 MiB */
	int		 max_redirects;		/* 5 */
	int		 default_interval;	/* seconds, 30m */
	int		 keep_days;		/* 90 */
	int		 keep_per_feed;		/* 0 = no limit */
	int		 min_interval;		/* seconds, 5m */
	int		 max_interval;		/* seconds, 1d */
	char		*control_socket;	/* the feedctl socket */
	char		*pid_file;		/* written with -d */
	char		*listen;		/* "ADDR:PORT" or NULL */
	int		 log_syslog;		/* log = syslog */
	int		 log_level;		/* LOG_LEVEL_* */
	char		*user;			/* drop root to this */
	int		 fulltext_per_poll;	/* article fetches a poll, 10 */
	struct markdown_conf markdown;
	struct feed_conf_list feeds;
	size_t		 nfeeds;
	struct feed_conf **by_url;		/* feeds sorted by url */
};

/*
 * Read and check a config file.  Returns the config, or NULL when there was
 * any problem; every problem is appended to errors as "FILE:LINE: what"
 * (or "FILE: what" when no line applies).
 */
struct config	*config_load(const char *path, struct strvec *errors);
/* config_load() printing every problem on stderr, one a line. */
struct config	*config_load_report(const char *path);
/* The same, from a string (for tests); name stands for the file name. */
struct config	*config_parse(const char *name, const char *text, size_t len,
		    struct strvec *errors);
/* The [feed] section whose URL is url, or NULL: a binary search. */
const struct feed_conf *config_feed_find(const struct config *,
		    const char *url);
void		 config_free(struct config *);
/*
 * A feed's settings that outlive the config they came from (a reload
 * while the feed is being polled): a deep copy under url, or the defaults
 * of a feed added with feedctl when src is NULL.
 */
struct feed_conf *feed_conf_dup(const struct feed_conf *src, const char *url);
void		 feed_conf_free(struct feed_conf *);
/* Parse "30m", "2h", "90s", "1d", "45" (seconds); -1 when not a duration. */
int		 config_duration(const char *s);
/*
 * A tag as the config keeps it: trimmed, ASCII lower-cased; -1 when it is
 * empty or holds '/' or control characters.  *out is owned.
 */
int		 config_tag(const char *raw, char **out);
/*
 * The effective configuration as a config file: every key of [feedd]
 * with its value, defaults included, then each feed's section with the
 * keys it sets.  Passwords are masked.
 */
struct buf;
void		 config_dump(const struct config *, struct buf *);

#endif
