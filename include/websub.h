/*
 * websub.h - tell a WebSub hub that some of our feeds changed, so its
 * subscribers get the new entries at once (W3C WebSub, "publish" ping).
 */
#ifndef WEBSUB_H
#define WEBSUB_H

#include "feed.h"

struct ev_loop;
struct config;

struct websub;

/* A pinger for the daemon: its transfers run on loop as it turns. */
struct websub	*websub_new(struct ev_loop *, const struct config *);
/* Queue one ping per name; returns the number refused at once. */
int		 websub_ping(struct websub *, const struct config *,
		    const struct strvec *names);
void		 websub_free(struct websub *);	/* aborts what is in flight */

/*
 * POST hub.mode=publish&hub.url=... to cfg->websub_hub for each changed
 * file (names relative to base_url), concurrently on loop; returns the
 * number of pings the hub did not accept (each one logged).
 */
int	websub_publish(struct ev_loop *, const struct config *,
	    const struct strvec *names);

#endif
