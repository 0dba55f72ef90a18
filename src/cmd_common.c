/*
 * cmd_common.c - what feedctl's commands share: the config file, talking
 * to the daemon over its control socket (one JSON line each way), the
 * read-only fallback on the database, and printing replies.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>
#include <jansson.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "ctl_ops.h"
#include "date.h"
#include "feed.h"
#include "fetch.h"
#include "jsonout.h"
#include "pipeline.h"
#include "store.h"
#include "xmalloc.h"

#ifndef FEEDD_CONF
#define FEEDD_CONF	"/etc/feedd.conf"
#endif

const char	*cmd_config_path = FEEDD_CONF;

struct config *
cmd_load_config(void)
{
	return config_load_report(cmd_config_path);
}

/* Connect to the control socket; -1 with errno. */
static int
ctl_connect(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd, saved;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* One request, one reply line; NULL with err. */
static json_t *
ctl_exchange(int fd, json_t *req, char *err, size_t errlen)
{
	struct buf	 in = BUF_INIT;
	json_error_t	 jerr;
	json_t		*reply = NULL;
	char		*line, chunk[8192];
	size_t		 off = 0, len;
	ssize_t		 n;

	if ((line = json_dumps(req, JSON_COMPACT)) == NULL) {
		snprintf(err, errlen, "cannot encode the request");
		return NULL;
	}
	len = strlen(line);
	line = xreallocarray(line, len + 2, 1);
	line[len] = '\n';
	line[len + 1] = '\0';
	while (off < len + 1) {
		if ((n = send(fd, line + off, len + 1 - off,
		    MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "send: %s", strerror(errno));
			free(line);
			return NULL;
		}
		off += (size_t)n;
	}
	free(line);
	while (in.len == 0 || memchr(in.data, '\n', in.len) == NULL) {
		if ((n = recv(fd, chunk, sizeof(chunk), 0)) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&in, chunk, (size_t)n);
	}
	if (in.len == 0)
		snprintf(err, errlen, "feedd closed the connection without "
		    "a reply");
	else if ((reply = json_loadb(in.data, in.len, 0, &jerr)) == NULL ||
	    !json_is_object(reply)) {
		snprintf(err, errlen, "bad reply from feedd: %s", jerr.text);
		json_decref(reply);
		reply = NULL;
	}
	buf_free(&in);
	return reply;
}

json_t *
cmd_request(const struct config *cfg, json_t *req, int readonly)
{
	struct store	*s;
	json_t		*reply;
	char		 err[512];
	int		 fd;

	if ((fd = ctl_connect(cfg->control_socket)) == -1) {
		if (!readonly || (errno != ENOENT && errno != ECONNREFUSED)) {
			fprintf(stderr, "feedctl: cannot reach feedd at %s: "
			    "%s\n", cfg->control_socket, strerror(errno));
			if (errno == ENOENT || errno == ECONNREFUSED)
				fprintf(stderr, "feedctl: is feedd running? "
				    "(start it with: feedd -c %s)\n",
				    cfg->path);
			return NULL;
		}
		/* No daemon: read the database ourselves. */
		if (access(cfg->database, F_OK) == -1) {
			fprintf(stderr, "feedctl: feedd is not running and "
			    "%s does not exist yet\n", cfg->database);
			return NULL;
		}
		if (store_open(cfg->database, &s, err, sizeof(err)) == -1) {
			fprintf(stderr, "feedctl: %s: %s\n", cfg->database,
			    err);
			return NULL;
		}
		reply = ctl_read_op(s, cfg, req);
		store_close(s);
		return reply;
	}
	reply = ctl_exchange(fd, req, err, sizeof(err));
	close(fd);
	if (reply == NULL)
		fprintf(stderr, "feedctl: %s\n", err);
	return reply;
}

json_t *
cmd_call(const char *name, json_t *req, int readonly)
{
	struct config	*cfg;
	json_t		*r = NULL;

	if ((cfg = cmd_load_config()) != NULL)
		r = cmd_request(cfg, req, readonly);
	json_decref(req);
	config_free(cfg);
	if (r != NULL && !json_is_true(json_object_get(r, "ok"))) {
		cmd_fail(name, r);
		r = NULL;
	}
	return r;
}

int
cmd_fail(const char *name, json_t *reply)
{
	const char	*e = json_string_value(json_object_get(reply,
			    "error"));
	json_t		*errs = json_object_get(reply, "errors"), *v;
	size_t		 i;

	fprintf(stderr, "feedctl: %s: %s\n", name, e ? e : "failed");
	json_array_foreach(errs, i, v)
		if (json_is_string(v))
			fprintf(stderr, "%s\n", json_string_value(v));
	json_decref(reply);
	return EXIT_FAIL;
}

void
cmd_print_json(json_t *v)
{
	char	*s = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY);

	if (s != NULL) {
		puts(s);
		free(s);
	}
}

const char *
cmd_local_time(json_t *v, char buf[32])
{
	const char	*s = json_string_value(v);
	int64_t		 t;
	time_t		 tt;
	struct tm	 tm;

	if (s == NULL || date_parse(s, NULL, &t) == -1)
		return "-";
	tt = (time_t)t;
	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(buf, 32, "%Y-%m-%d %H:%M", &tm) == 0)
		return s;
	return buf;
}

/* Fetch one URL with the config's safety settings. */
struct fetched {
	struct fetch_result	*r;
};

static void
fetched_cb(struct fetch_result *r, void *arg)
{
	((struct fetched *)arg)->r = r;
}

struct fetch_result *
cmd_fetch(const struct config *cfg, const char *url)
{
	struct fetch_limits	 lim;
	struct fetch_req	 req;
	struct fetcher		*f;
	struct fetched		 out = { NULL };
	char			 err[512];

	pipeline_fetch_limits(cfg, &lim);
	f = fetch_new(EV_DEFAULT, &lim, fetched_cb, &out);
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.user_agent = cfg->user_agent;
	req.proxy = cfg->proxy;
	req.ca_file = cfg->ca_file;
	req.allow_private = cfg->allow_private_networks;
	req.allow_file = cfg->allow_file_urls;
	if (fetch_submit(f, &req, err, sizeof(err)) == -1) {
		fprintf(stderr, "feedctl: %s: %s\n", url, err);
		fetch_free(f);
		return NULL;
	}
	ev_run(EV_DEFAULT, 0);
	fetch_free(f);
	return out.r;
}

int
cmd_read_input(const char *name, const char *path, size_t max, struct buf *b)
{
	FILE	*f;
	size_t	 n;
	int	 rv = 0;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "feedctl: %s: %s: %s\n", name, path,
		    strerror(errno));
		return -1;
	}
	while (b->len <= max) {
		buf_grow(b, 65536);
		n = fread(b->data + b->len, 1, 65536, f);
		b->len += n;
		b->data[b->len] = '\0';
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "feedctl: %s: %s: read error\n", name, path);
		rv = -1;
	}
	if (f != stdin)
		fclose(f);
	return rv;
}

int
cmd_print_doc(const char *name, const struct feed_doc *doc)
{
	const struct entry	*e;
	char			*line;

	line = jsonout_feed(doc);
	puts(line);
	free(line);
	TAILQ_FOREACH(e, &doc->entries, next) {
		line = jsonout_entry(e);
		puts(line);
		free(line);
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "feedctl: %s: write error: %s\n", name,
		    strerror(errno));
		return -1;
	}
	return 0;
}
