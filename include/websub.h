/*
 * websub.h - tell a WebSub hub that some of our feeds changed, so its
 * subscribers get the new entries at once (W3C WebSub, "publish" ping).
 */
#ifndef WEBSUB_H
#define WEBSUB_H

#include "feed.h"

struct ev_loop;
struct config;

/*
 * POST hub.mode=publish&hub.url=... to cfg->websub_hub for each changed
 * file (names relative to base_url), concurrently on loop; returns the
 * number of pings the hub did not accept (each one logged).
 */
int	websub_publish(struct ev_loop *, const struct config *,
	    const struct strvec *names);

#endif
