/*
 * pipeline.c - chains the stages for one poll: hands each feed to the
 * fetcher, and for each finished transfer runs the parser, the normalizer,
 * the feed's include/exclude filters and the store, recording the outcome
 * on the feed.  One feed's failure is one error row on that feed.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "conf.h"
#include "date.h"
#include "fetch.h"
#include "feed.h"
#include "log.h"
#include "normalize.h"
#include "parse.h"
#include "pipeline.h"
#include "store.h"
#include "xmalloc.h"

struct job {
	const struct feed_conf	*fc;
	int64_t			 feed_id;
	struct tz		*tz;
};

struct poll {
	const struct config	*cfg;
	struct store		*store;
	struct poll_stats	*st;
	int64_t			 now;
	int			 fatal;	/* a database error: stop */
	char			 fatal_err[256];
};

/* True when re matches any of the entry's title, content, authors, tags. */
static int
entry_matches(const regex_t *re, const struct entry *e)
{
	size_t	 i;

	if (e->title_text && regexec(re, e->title_text, 0, NULL, 0) == 0)
		return 1;
	if (e->content_html && regexec(re, e->content_html, 0, NULL, 0) == 0)
		return 1;
	if (e->summary_text && regexec(re, e->summary_text, 0, NULL, 0) == 0)
		return 1;
	for (i = 0; i < e->nauthors; i++)
		if (e->authors[i].name &&
		    regexec(re, e->authors[i].name, 0, NULL, 0) == 0)
			return 1;
	for (i = 0; i < e->tags.n; i++)
		if (regexec(re, e->tags.v[i], 0, NULL, 0) == 0)
			return 1;
	return 0;
}

/* Drop the entries the feed's include/exclude rules keep out. */
static int
filter_doc(struct feed_doc *doc, const struct feed_conf *fc)
{
	struct entry	*e, *next;
	int		 dropped = 0;

	if (fc->include == NULL && fc->exclude == NULL)
		return 0;
	for (e = TAILQ_FIRST(&doc->entries); e != NULL; e = next) {
		next = TAILQ_NEXT(e, next);
		if ((fc->include != NULL && !entry_matches(&fc->include_re, e)) ||
		    (fc->exclude != NULL && entry_matches(&fc->exclude_re, e))) {
			TAILQ_REMOVE(&doc->entries, e, next);
			doc->nentries--;
			entry_free(e);
			dropped++;
		}
	}
	return dropped;
}

static void
record(struct poll *p, struct job *j, const struct fetch_result *r,
    const char *error)
{
	struct store_poll	 sp;
	char			 err[256];

	memset(&sp, 0, sizeof(sp));
	sp.status = (int)r->status;
	sp.error = error;
	if (error == NULL) {
		sp.etag = r->etag;
		sp.last_modified = r->last_modified;
	}
	sp.next_poll_at = p->now + (j->fc->interval > 0 ? j->fc->interval :
	    p->cfg->default_interval);
	if (error != NULL) {
		p->st->feeds_failed++;
		log_warnx("%s: %s", j->fc->url, error);
	}
	if (store_feed_polled(p->store, j->feed_id, &sp, err,
	    sizeof(err)) == -1) {
		p->fatal = 1;
		snprintf(p->fatal_err, sizeof(p->fatal_err), "%s", err);
	}
}

static void
merge_stats(struct poll_stats *st, const struct store_put_stats *ps)
{
	size_t	 i;

	st->entries_new += ps->new_entries;
	st->entries_updated += ps->updated_entries;
	if (ps->changed_any)
		st->changed_any = 1;
	for (i = 0; i < ps->changed_tags.n; i++)
		if (!strvec_contains(&st->changed_tags, ps->changed_tags.v[i]))
			strvec_push(&st->changed_tags, ps->changed_tags.v[i]);
}

static void
process(struct poll *p, struct job *j, const struct fetch_result *r)
{
	struct parse_opts	 po;
	struct norm_opts	 no;
	struct store_put_opts	 so;
	struct store_put_stats	 ps;
	struct feed_doc		*doc = NULL;
	char			 err[512], msg[600];

	memset(&po, 0, sizeof(po));
	po.base_url = r->effective_url ? r->effective_url : j->fc->url;
	po.fallback_charset = r->charset;
	po.max_size = p->cfg->max_body_size;
	if (parse_feed(r->body ? r->body : "", r->len, &po, &doc, err,
	    sizeof(err)) == -1) {
		snprintf(msg, sizeof(msg), "parse error: %s", err);
		record(p, j, r, msg);
		return;
	}
	memset(&no, 0, sizeof(no));
	no.feed_url = j->fc->url;
	no.tz = j->tz;
	normalize_doc(doc, &no);
	p->st->entries_excluded += filter_doc(doc, j->fc);

	memset(&so, 0, sizeof(so));
	so.feed_url = j->fc->url;
	so.feed_tags = &j->fc->tags;
	so.category_tags = j->fc->category_tags;
	so.now = p->now;
	memset(&ps, 0, sizeof(ps));
	if (store_put_doc(p->store, j->feed_id, doc, &so, &ps, err,
	    sizeof(err)) == -1) {
		/* The transaction rolled back: nothing of this feed landed. */
		snprintf(msg, sizeof(msg), "store error: %s", err);
		record(p, j, r, msg);
	} else {
		merge_stats(p->st, &ps);
		p->st->feeds_ok++;
		record(p, j, r, NULL);
	}
	store_put_stats_clear(&ps);
	feed_doc_free(doc);
}

static void
fetch_done(struct fetch_result *r, void *arg)
{
	struct poll	*p = arg;
	struct job	*j = r->arg;

	if (p->fatal)
		;
	else if (r->error != NULL)
		record(p, j, r, r->error);
	else if (r->not_modified) {
		p->st->feeds_not_modified++;
		record(p, j, r, NULL);
	} else
		process(p, j, r);
	fetch_result_free(r);
}

int
pipeline_poll_once(struct ev_loop *loop, const struct config *cfg,
    struct store *store, int64_t now, struct poll_stats *st, char *err,
    size_t errlen)
{
	struct fetch_limits	 lim;
	struct fetcher		*f;
	struct feed_conf	*fc;
	struct store_feed	 sf;
	struct fetch_req	 req;
	struct job		*jobs;
	struct poll		 p;
	size_t			 n = 0, i;
	int			 rv = -1;
	char			 ferr[256];

	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	p.store = store;
	p.st = st;
	p.now = now;

	memset(&lim, 0, sizeof(lim));
	lim.max_connections = cfg->max_connections;
	lim.max_host_connections = cfg->max_host_connections;
	lim.connect_timeout = cfg->connect_timeout;
	lim.timeout = cfg->timeout;
	lim.low_speed_limit = cfg->low_speed_limit;
	lim.low_speed_time = cfg->low_speed_time;
	lim.max_body_size = cfg->max_body_size;
	lim.max_redirects = cfg->max_redirects;
	f = fetch_new(loop, &lim, fetch_done, &p);

	jobs = xcalloc(cfg->nfeeds ? cfg->nfeeds : 1, sizeof(*jobs));
	TAILQ_FOREACH(fc, &cfg->feeds, next) {
		struct job *j;

		if (!fc->enabled)
			continue;
		j = &jobs[n++];
		j->fc = fc;
		if (fc->timezone != NULL)
			j->tz = tz_load(fc->timezone, ferr, sizeof(ferr));
		if (store_feed_upsert(store, fc->url, fc->title, &j->feed_id,
		    err, errlen) == -1 ||
		    store_feed_get(store, j->feed_id, &sf, err, errlen) != 1)
			goto out;
		memset(&req, 0, sizeof(req));
		req.url = fc->url;
		req.etag = sf.etag;
		req.last_modified = sf.last_modified;
		req.user_agent = fc->user_agent ? fc->user_agent :
		    cfg->user_agent;
		req.username = fc->username;
		req.password = fc->password;
		req.proxy = fc->proxy ? fc->proxy : cfg->proxy;
		req.allow_private = fc->allow_private >= 0 ?
		    fc->allow_private : cfg->allow_private_networks;
		req.allow_file = cfg->allow_file_urls;
		req.arg = j;
		if (fetch_submit(f, &req, ferr, sizeof(ferr)) == -1) {
			struct fetch_result fake;

			memset(&fake, 0, sizeof(fake));
			record(&p, j, &fake, ferr);
		}
		store_feed_clear(&sf);
	}
	ev_run(loop, 0);
	if (p.fatal) {
		snprintf(err, errlen, "%s", p.fatal_err);
		goto out;
	}
	rv = 0;
out:
	fetch_free(f);
	for (i = 0; i < n; i++)
		tz_free(jobs[i].tz);
	free(jobs);
	return rv;
}

void
poll_stats_clear(struct poll_stats *st)
{
	strvec_clear(&st->changed_tags);
	memset(st, 0, sizeof(*st));
}
