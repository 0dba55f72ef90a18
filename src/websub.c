/*
 * websub.c - the WebSub publish ping: one form POST per changed output
 * to the configured hub, through the fetcher (same limits and address
 * guard as feeds), after the outputs are written.
 */
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "buf.h"
#include "conf.h"
#include "fetch.h"
#include "log.h"
#include "pipeline.h"
#include "websub.h"
#include "xmalloc.h"

/* Percent-encode everything but RFC 3986's unreserved characters. */
static void
form_escape(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			buf_addc(b, *p);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

struct websub {
	struct fetcher	*fetcher;
	int		 failed;
};

static void
ping_done(struct fetch_result *r, void *arg)
{
	struct websub	*ws = arg;

	if (r->error != NULL) {
		log_warnx("websub hub %s: %s", r->url, r->error);
		ws->failed++;
	} else
		log_debug("websub hub %s: pinged", r->url);
	fetch_result_free(r);
}

struct websub *
websub_new(struct ev_loop *loop, const struct config *cfg)
{
	struct fetch_limits	 lim;
	struct websub		*ws;

	ws = xcalloc(1, sizeof(*ws));
	pipeline_fetch_limits(cfg, &lim);
	lim.max_connections = 4;
	lim.max_host_connections = 4;
	lim.max_body_size = 65536;	/* the hub's answer is not read */
	lim.max_redirects = 0;
	ws->fetcher = fetch_new(loop, &lim, ping_done, ws);
	return ws;
}

void
websub_free(struct websub *ws)
{
	if (ws == NULL)
		return;
	fetch_free(ws->fetcher);
	free(ws);
}

int
websub_ping(struct websub *ws, const struct config *cfg,
    const struct strvec *names)
{
	struct fetch_req	 req;
	struct buf		 form = BUF_INIT;
	char			 err[256];
	size_t			 i;
	int			 failed = 0;

	if (cfg->websub_hub == NULL)
		return 0;
	for (i = 0; i < names->n; i++) {
		buf_reset(&form);
		buf_addstr(&form, "hub.mode=publish&hub.url=");
		form_escape(&form, cfg->base_url);
		form_escape(&form, names->v[i]);
		memset(&req, 0, sizeof(req));
		req.url = cfg->websub_hub;
		req.user_agent = cfg->user_agent;
		req.proxy = cfg->proxy;
		req.ca_file = cfg->ca_file;
		req.allow_private = cfg->allow_private_networks;
		req.post = buf_cstr(&form);
		if (fetch_submit(ws->fetcher, &req, err, sizeof(err)) == -1) {
			log_warnx("websub hub %s: %s", cfg->websub_hub, err);
			failed++;
		}
	}
	buf_free(&form);
	return failed;
}

int
websub_publish(struct ev_loop *loop, const struct config *cfg,
    const struct strvec *names)
{
	struct websub	*ws;
	int		 failed;

	if (cfg->websub_hub == NULL || names->n == 0)
		return 0;
	ws = websub_new(loop, cfg);
	failed = websub_ping(ws, cfg, names);
	ev_run(loop, 0);
	failed += ws->failed;
	websub_free(ws);
	return failed;
}
