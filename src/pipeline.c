/*
 * pipeline.c - chains the stages for each polled feed: hands it to the
 * fetcher, and for each finished transfer runs the parser, the normalizer,
 * the feed's include/exclude filters and the store, then records the
 * outcome on the feed with its next poll time.  One feed's failure is one
 * error row on that feed.  Polls that finish close together share one
 * store transaction; the caller hears of each when that commits.
 */
#include <sys/queue.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ev.h>

#include "conf.h"
#include "date.h"
#include "extract.h"
#include "fetch.h"
#include "feed.h"
#include "log.h"
#include "normalize.h"
#include "listing.h"
#include "page.h"
#include "parse.h"
#include "pipeline.h"
#include "schedule.h"
#include "store.h"
#include "xmalloc.h"

#define WEEK	(7 * 86400)

/* What a transfer is for: a feed's poll (e NULL) or an entry's article. */
struct fetch_tag {
	struct job		*j;
	struct entry		*e;
};

struct job {
	TAILQ_ENTRY(job)	 next;
	struct poller		*p;
	int64_t			 feed_id;
	struct feed_conf	*fc;	/* own copy; tags are the store's */
	struct tz		*tz;
	int			 error_count;	/* before this poll */
	int			 ttl;		/* stored */
	/* fulltext = yes: the document waits for its entries' articles. */
	struct fetch_result	*r;		/* the feed's own fetch */
	struct feed_doc		*doc;
	struct poll_outcome	 o;
	int			 doc_ttl;
	size_t			 pending;	/* article fetches in flight */
	struct fetch_tag	 tag;		/* the feed's own transfer */
};

TAILQ_HEAD(job_list, job);

/*
 * A finished poll waiting for its batch to commit: the caller hears of
 * a poll once what it wrote is durable, or known lost.
 */
struct report {
	TAILQ_ENTRY(report)	 next;
	struct poll_outcome	 o;
	char			*url;
	char			*error;
	char			*moved_to;
	struct store_put_stats	 ps;
};

TAILQ_HEAD(report_list, report);

/*
 * Polls finishing close together share one store transaction (one
 * commit): up to BATCH_POLLS of them, for at most BATCH_SECONDS, and no
 * longer than until nothing is in flight.
 */
#define BATCH_POLLS	64
#define BATCH_SECONDS	1.0

/*
 * The entries they store are indexed for search once no poll has been
 * in flight for INDEX_DELAY seconds, or at once when INDEX_BACKLOG of
 * them wait: a wave of polls goes into the index in a few large pieces,
 * not one per batch (store_index.c; a search finds them meanwhile).
 */
#define INDEX_DELAY	2.0
#define INDEX_BACKLOG	50000

struct poller {
	struct ev_loop		*loop;
	const struct config	*cfg;
	struct store		*store;
	struct fetcher		*fetcher;
	struct job_list		 jobs;
	size_t			 njobs;
	poll_done_fn		 done;
	void			*arg;
	struct report_list	 reports;	/* told at the commit */
	size_t			 nreports;
	ev_timer		 batch_timer;	/* BATCH_SECONDS */
	ev_prepare		 batch_check;	/* before the loop waits */
	ev_timer		 index_timer;	/* INDEX_DELAY */
	double			 index_delay;	/* 0: the caller indexes */
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

/* When to poll next, from the feed's settings and what just happened. */
static int64_t
next_poll(struct poller *p, struct job *j, const struct fetch_result *r,
    int ok, int ttl, int64_t now)
{
	struct sched_policy	 pol;
	struct sched_outcome	 o;
	char			 err[256];
	int			 n;

	memset(&pol, 0, sizeof(pol));
	pol.interval = j->fc->interval;
	pol.default_interval = p->cfg->default_interval;
	pol.min_interval = p->cfg->min_interval;
	pol.max_interval = p->cfg->max_interval;
	memset(&o, 0, sizeof(o));
	o.ok = ok;
	o.error_count = ok ? 0 : j->error_count + 1;
	o.status = r != NULL ? r->status : 0;
	o.retry_after = r != NULL ? r->retry_after : -1;
	o.max_age = r != NULL && r->cache_control != NULL ?
	    sched_parse_max_age(r->cache_control) : -1;
	o.ttl = ttl;
	o.entries_per_day = -1;
	if (pol.interval == CONF_INTERVAL_AUTO && store_feed_rate(p->store,
	    j->feed_id, now - WEEK, &n, err, sizeof(err)) == 0)
		o.entries_per_day = n / 7.0;
	return now + sched_delay(&pol, &o, (uint64_t)j->feed_id * 0x9e3779b97f4a7c15ULL ^
	    (uint64_t)now);
}

/* Open a batch for the polls about to finish, unless one is open. */
static void
batch_open(struct poller *p)
{
	char	 err[512];

	if (store_in_batch(p->store))
		return;
	if (store_batch_begin(p->store, err, sizeof(err)) == -1) {
		/* Each document then has its own transaction, as it can. */
		log_warnx("database: %s", err);
		return;
	}
	ev_timer_set(&p->batch_timer, BATCH_SECONDS, 0.);
	ev_timer_start(p->loop, &p->batch_timer);
	ev_prepare_start(p->loop, &p->batch_check);
}

static void
report_free(struct report *rep)
{
	free(rep->url);
	free(rep->error);
	free(rep->moved_to);
	store_put_stats_clear(&rep->ps);
	free(rep);
}

/* Keep the outcome (and the document's stats, moved) for poller_flush. */
static void
report_queue(struct poller *p, const struct poll_outcome *o,
    struct store_put_stats *ps)
{
	struct report	*rep = xcalloc(1, sizeof(*rep));

	rep->o = *o;
	rep->o.url = rep->url = o->url != NULL ? xstrdup(o->url) : NULL;
	rep->o.error = rep->error = o->error != NULL ? xstrdup(o->error) :
	    NULL;
	rep->o.moved_to = rep->moved_to = o->moved_to != NULL ?
	    xstrdup(o->moved_to) : NULL;
	rep->o.changed_tags = rep->o.changed_entries = NULL;
	if (ps != NULL) {
		rep->ps = *ps;
		memset(ps, 0, sizeof(*ps));
		if (o->changed_tags != NULL)
			rep->o.changed_tags = &rep->ps.changed_tags;
		if (o->changed_entries != NULL)
			rep->o.changed_entries = &rep->ps.changed_entries;
	}
	TAILQ_INSERT_TAIL(&p->reports, rep, next);
	p->nreports++;
}

/*
 * The batch was rolled back: nothing of these polls landed.  Each becomes
 * a store error, recorded on its feed on its own if the database lets us.
 */
static void
report_lost(struct poller *p, struct report *rep, const char *why)
{
	struct store_poll	 sp;
	char			 err[512];

	free(rep->error);
	xasprintf(&rep->error, "store error: %s", why);
	rep->o.error = rep->error;
	rep->o.ok = rep->o.not_modified = rep->o.gone = 0;
	rep->o.moved_to = NULL;
	rep->o.store_error = 1;
	rep->o.entries_new = rep->o.entries_updated = 0;
	rep->o.changed_any = 0;
	rep->o.changed_tags = rep->o.changed_entries = NULL;
	log_warnx("%s: %s", rep->url, rep->error);
	memset(&sp, 0, sizeof(sp));
	sp.status = (int)rep->o.status;
	sp.error = rep->error;
	sp.polled_at = (int64_t)time(NULL);
	sp.next_poll_at = rep->o.next_poll_at;
	sp.ttl = -1;
	if (store_feed_polled(p->store, rep->o.feed_id, &sp, err,
	    sizeof(err)) == -1)
		log_error("database: %s", err);
}

void
poller_index(struct poller *p)
{
	char	 err[512];
	int64_t	 n;

	ev_timer_stop(p->loop, &p->index_timer);
	if (store_index_pending(p->store, &n, err, sizeof(err)) == -1)
		log_error("database: %s", err);
	else if (n > 0)
		log_debug("search index: %lld entries added", (long long)n);
}

/* After a commit: index now, later, or not at all (see INDEX_DELAY). */
static void
index_check(struct poller *p)
{
	char	 err[512];
	int64_t	 n;

	if (store_in_batch(p->store))
		return;
	if (store_index_backlog(p->store, &n, err, sizeof(err)) == -1) {
		log_error("database: %s", err);
		return;
	}
	if (n >= INDEX_BACKLOG)
		poller_index(p);
	else if (n > 0 && p->index_delay > 0 &&
	    !ev_is_active(&p->index_timer)) {
		ev_timer_set(&p->index_timer, p->index_delay, 0.);
		ev_timer_start(p->loop, &p->index_timer);
	}
}

static void
index_timer_cb(EV_P_ ev_timer *w, int revents)
{
	struct poller	*p = w->data;

	(void)revents;
	if (p->njobs > 0 || store_in_batch(p->store)) {
		/* Still polling: look again later. */
		ev_timer_set(w, p->index_delay, 0.);
		ev_timer_start(EV_A_ w);
		return;
	}
	poller_index(p);
}

void
poller_flush(struct poller *p)
{
	struct report_list	 todo;
	struct report		*rep;
	char			 err[512];
	int			 lost = 0, stored = p->nreports > 0;

	ev_timer_stop(p->loop, &p->batch_timer);
	ev_prepare_stop(p->loop, &p->batch_check);
	if (store_batch_end(p->store, err, sizeof(err)) == -1) {
		lost = 1;
		log_error("database: %s: the last %zu polls were not stored",
		    err, p->nreports);
	} else if (p->nreports > 0)
		log_debug("stored: %zu polls in one transaction", p->nreports);
	/* The callback may start polls, which queue reports of their own. */
	TAILQ_INIT(&todo);
	TAILQ_CONCAT(&todo, &p->reports, next);
	p->nreports = 0;
	while ((rep = TAILQ_FIRST(&todo)) != NULL) {
		TAILQ_REMOVE(&todo, rep, next);
		if (lost)
			report_lost(p, rep, err);
		p->done(&rep->o, p->arg);
		report_free(rep);
	}
	/* Only polls make entries wait (a flush before a render does not). */
	if (stored)
		index_check(p);
}

static void
batch_timer_cb(EV_P_ ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	poller_flush(w->data);
}

/* Commit when the batch is full or nothing more is on its way. */
static void
batch_check_cb(EV_P_ ev_prepare *w, int revents)
{
	struct poller	*p = w->data;

	(void)loop;
	(void)revents;
	if (p->nreports >= BATCH_POLLS || p->njobs == 0 ||
	    !store_in_batch(p->store))
		poller_flush(p);
}

/*
 * Record the poll on the feed, and tell the caller once the batch it is
 * in commits (the document's stats in *ps, if any, move with it).
 */
static void
finish(struct poller *p, struct job *j, const struct fetch_result *r,
    struct poll_outcome *o, int ttl, struct store_put_stats *ps)
{
	struct store_poll	 sp;
	char			 err[512];
	int64_t			 now = (int64_t)time(NULL);

	batch_open(p);
	o->feed_id = j->feed_id;
	o->url = j->fc->url;
	o->ok = o->error == NULL;
	o->status = r != NULL ? r->status : 0;
	o->seconds = r != NULL ? r->seconds : 0;
	memset(&sp, 0, sizeof(sp));
	sp.status = (int)o->status;
	sp.error = o->error;
	if (o->ok && r != NULL) {
		sp.etag = r->etag;
		sp.last_modified = r->last_modified;
	}
	sp.polled_at = now;
	sp.ttl = ttl;
	sp.next_poll_at = o->next_poll_at = next_poll(p, j, r, o->ok,
	    ttl >= 0 ? ttl : j->ttl, now);
	if (o->error != NULL)
		log_warnx("%s: %s", j->fc->url, o->error);
	if (store_feed_polled(p->store, j->feed_id, &sp, err,
	    sizeof(err)) == -1) {
		log_error("database: %s", err);
		o->fatal = 1;
	}
	/* A permanent redirect moves the feed, unless the URL is taken. */
	if (o->ok && r != NULL && r->permanent_redirect &&
	    r->effective_url != NULL &&
	    strcmp(r->effective_url, j->fc->url) != 0) {
		if (store_feed_set_url(p->store, j->feed_id, r->effective_url,
		    err, sizeof(err)) == 0) {
			log_info("%s: moved permanently to %s", j->fc->url,
			    r->effective_url);
			o->moved_to = r->effective_url;
		} else
			log_warnx("%s: moved permanently to %s, but cannot "
			    "follow: %s", j->fc->url, r->effective_url, err);
	}
	if (r != NULL && r->status == 410) {
		if (store_feed_set_disabled(p->store, j->feed_id, 1,
		    "gone (HTTP 410)", err, sizeof(err)) == 0) {
			log_warnx("%s: gone (HTTP 410): feed disabled",
			    j->fc->url);
			o->gone = 1;
		} else
			log_error("database: %s", err);
	}
	report_queue(p, o, ps);
	/* Without a batch (it could not begin) they go from the loop. */
	ev_prepare_start(p->loop, &p->batch_check);
}

/* The document of a source, whatever its kind. */
static int
parse_source(const struct feed_conf *fc, const struct tz *tz,
    const char *body, size_t len, const struct parse_opts *po,
    struct feed_doc **doc, char *err, size_t errlen)
{
	switch (fc->kind) {
	case FEED_KIND_HTML:
		return listing_parse(body, len, po->base_url,
		    po->fallback_charset, &fc->rules, doc, err, errlen);
	case FEED_KIND_PAGE:
		return page_parse(body, len, po->base_url,
		    po->fallback_charset, tz, doc, err, errlen);
	default:
		return parse_feed(body, len, po, doc, err, errlen);
	}
}

static void
job_free(struct poller *p, struct job *j)
{
	TAILQ_REMOVE(&p->jobs, j, next);
	p->njobs--;
	feed_doc_free(j->doc);
	fetch_result_free(j->r);
	feed_conf_free(j->fc);
	tz_free(j->tz);
	free(j);
}

/* Store the job's document and finish the poll. */
static void
store_doc(struct poller *p, struct job *j)
{
	struct poll_outcome	 o = j->o;
	struct store_put_opts	 so;
	struct store_put_stats	 ps;
	struct feed_doc		*doc = j->doc;
	const struct fetch_result *r = j->r;
	char			 err[512], msg[600];
	int			 ttl = j->doc_ttl;

	memset(&ps, 0, sizeof(ps));
	memset(&so, 0, sizeof(so));
	so.feed_url = j->fc->url;
	so.feed_tags = &j->fc->tags;
	so.category_tags = j->fc->category_tags;
	so.now = (int64_t)time(NULL);
	batch_open(p);
	if (store_put_doc(p->store, j->feed_id, doc, &so, &ps, err,
	    sizeof(err)) == -1) {
		/* The transaction rolled back: nothing of this feed landed. */
		snprintf(msg, sizeof(msg), "store error: %s", err);
		o.error = msg;
		o.store_error = 1;
		o.entries_excluded = 0;
	} else {
		o.entries_new = ps.new_entries;
		o.entries_updated = ps.updated_entries;
		o.changed_tags = &ps.changed_tags;
		o.changed_any = ps.changed_any;
		o.changed_entries = &ps.changed_entries;
	}
	finish(p, j, r, &o, ttl, &ps);
	store_put_stats_clear(&ps);
	feed_doc_free(doc);
	j->doc = NULL;
}

/* An entry's article arrived (or did not): use it when it is richer. */
static void
article_done(struct poller *p, struct fetch_tag *t, struct fetch_result *r)
{
	struct job	*j = t->j;
	struct entry	*e = t->e;
	struct article	 a;
	char		 err[256];

	memset(&a, 0, sizeof(a));
	if (r->error != NULL)
		log_warnx("%s: fulltext %s: %s", j->fc->url, e->url, r->error);
	else if (extract_article(r->body ? r->body : "", r->len,
	    r->effective_url ? r->effective_url : e->url, r->charset, j->tz,
	    &a, err, sizeof(err)) == -1 || a.content_html == NULL)
		log_warnx("%s: fulltext %s: %s", j->fc->url, e->url,
		    a.content_html == NULL ? "no article found" : err);
	else {
		/* The article is sanitized already; the feed's text stays
		 * the summary. */
		free(e->content_html);
		e->content_html = a.content_html;
		a.content_html = NULL;
		if (e->thumbnail == NULL && a.thumbnail != NULL) {
			e->thumbnail = a.thumbnail;
			a.thumbnail = NULL;
		}
		j->o.fulltext_ok++;
	}
	article_clear(&a);
	if (--j->pending == 0) {
		store_doc(p, j);
		job_free(p, j);
	}
}

/*
 * fulltext = yes: fetch the article of each new entry that came with a
 * summary only, at most fulltext_per_poll a poll; the document is stored
 * when they are all back.  Returns how many were started.
 */
static size_t
fetch_articles(struct poller *p, struct job *j)
{
	struct fetch_req	 req;
	struct fetch_tag	*t;
	struct entry		*e;
	char			 ferr[256];
	size_t			 n = 0;

	TAILQ_FOREACH(e, &j->doc->entries, next) {
		if (n >= (size_t)p->cfg->fulltext_per_poll)
			break;
		if (e->url == NULL || e->content.s != NULL ||
		    store_entry_known(p->store, e->url_hash) != 0)
			continue;
		t = xcalloc(1, sizeof(*t));
		t->j = j;
		t->e = e;
		memset(&req, 0, sizeof(req));
		req.url = e->url;
		req.user_agent = j->fc->user_agent ? j->fc->user_agent :
		    p->cfg->user_agent;
		req.proxy = j->fc->proxy ? j->fc->proxy : p->cfg->proxy;
		req.ca_file = p->cfg->ca_file;
		req.allow_private = j->fc->allow_private >= 0 ?
		    j->fc->allow_private : p->cfg->allow_private_networks;
		req.arg = t;
		if (fetch_submit(p->fetcher, &req, ferr, sizeof(ferr)) == -1) {
			log_warnx("%s: fulltext %s: %s", j->fc->url, e->url,
			    ferr);
			free(t);
			continue;
		}
		j->pending++;
		n++;
	}
	return n;
}

/* Returns 1 when the job waits for articles (fetch_done keeps it). */
static int
process(struct poller *p, struct job *j, struct fetch_result *r)
{
	struct parse_opts	 po;
	struct norm_opts	 no;
	struct feed_doc		*doc = NULL;
	char			 err[512], msg[600];

	memset(&j->o, 0, sizeof(j->o));
	memset(&po, 0, sizeof(po));
	po.base_url = r->effective_url ? r->effective_url : j->fc->url;
	po.fallback_charset = r->charset;
	po.max_size = p->cfg->max_body_size;
	if (parse_source(j->fc, j->tz, r->body ? r->body : "", r->len, &po,
	    &doc, err, sizeof(err)) == -1) {
		snprintf(msg, sizeof(msg), "parse error: %s", err);
		j->o.error = msg;
		finish(p, j, r, &j->o, -1, NULL);
		return 0;
	}
	j->doc_ttl = doc->ttl;
	memset(&no, 0, sizeof(no));
	no.feed_url = j->fc->url;
	no.tz = j->tz;
	normalize_doc(doc, &no);
	j->o.entries_excluded = filter_doc(doc, j->fc);
	j->doc = doc;
	j->r = r;
	if (j->fc->fulltext && fetch_articles(p, j) > 0)
		return 1;
	store_doc(p, j);
	j->r = NULL;
	return 0;
}


static void
fetch_done(struct fetch_result *r, void *arg)
{
	struct poller		*p = arg;
	struct fetch_tag	*t = r->arg;
	struct job		*j = t->j;
	struct poll_outcome	 o;

	if (t->e != NULL) {
		article_done(p, t, r);
		free(t);
		fetch_result_free(r);
		return;
	}
	memset(&o, 0, sizeof(o));
	if (r->error != NULL) {
		o.error = r->error;
		finish(p, j, r, &o, -1, NULL);
	} else if (r->not_modified) {
		o.not_modified = 1;
		finish(p, j, r, &o, -1, NULL);
	} else if (process(p, j, r))
		return;		/* the articles will finish it */
	fetch_result_free(r);
	job_free(p, j);
}

void
pipeline_fetch_limits(const struct config *cfg, struct fetch_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	lim->max_connections = cfg->max_connections;
	lim->max_host_connections = cfg->max_host_connections;
	lim->connect_timeout = cfg->connect_timeout;
	lim->timeout = cfg->timeout;
	lim->low_speed_limit = cfg->low_speed_limit;
	lim->low_speed_time = cfg->low_speed_time;
	lim->max_body_size = cfg->max_body_size;
	lim->max_redirects = cfg->max_redirects;
}

struct poller *
poller_new(struct ev_loop *loop, const struct config *cfg,
    struct store *store, poll_done_fn done, void *arg)
{
	struct poller		*p;
	struct fetch_limits	 lim;

	p = xcalloc(1, sizeof(*p));
	p->loop = loop;
	p->cfg = cfg;
	p->store = store;
	p->done = done;
	p->arg = arg;
	TAILQ_INIT(&p->jobs);
	TAILQ_INIT(&p->reports);
	ev_timer_init(&p->batch_timer, batch_timer_cb, BATCH_SECONDS, 0.);
	p->batch_timer.data = p;
	ev_prepare_init(&p->batch_check, batch_check_cb);
	p->batch_check.data = p;
	ev_timer_init(&p->index_timer, index_timer_cb, INDEX_DELAY, 0.);
	p->index_timer.data = p;
	p->index_delay = INDEX_DELAY;
	pipeline_fetch_limits(cfg, &lim);
	p->fetcher = fetch_new(loop, &lim, fetch_done, p);
	return p;
}

void
poller_set_config(struct poller *p, const struct config *cfg)
{
	p->cfg = cfg;
}

int
poller_busy(const struct poller *p, int64_t feed_id)
{
	const struct job	*j;

	TAILQ_FOREACH(j, &p->jobs, next)
		if (j->feed_id == feed_id)
			return 1;
	return 0;
}

size_t
poller_inflight(const struct poller *p)
{
	return p->njobs;
}

/* The config section of a stored feed, by the URL the config gave it. */
static const struct feed_conf *
conf_for(const struct config *cfg, const struct store_feed *sf)
{
	if (!sf->from_config)
		return NULL;
	return config_feed_find(cfg,
	    sf->conf_url != NULL ? sf->conf_url : sf->url);
}

int
poller_submit(struct poller *p, int64_t feed_id, int64_t now, char *err,
    size_t errlen)
{
	const struct config	*cfg = p->cfg;
	struct store_feed	 sf;
	struct fetch_req	 req;
	struct job		*j;
	char			 ferr[256];
	size_t			 i;
	int			 rv;

	(void)now;
	if (poller_busy(p, feed_id)) {
		snprintf(err, errlen, "feed %lld is being polled",
		    (long long)feed_id);
		return -1;
	}
	if ((rv = store_feed_get(p->store, feed_id, &sf, err, errlen)) != 1) {
		if (rv == 0)
			snprintf(err, errlen, "no feed with id %lld",
			    (long long)feed_id);
		return -1;
	}
	j = xcalloc(1, sizeof(*j));
	j->p = p;
	j->feed_id = feed_id;
	j->fc = feed_conf_dup(conf_for(cfg, &sf), sf.url);
	/* The store's tags: the config's plus feedctl's edits. */
	strvec_clear(&j->fc->tags);
	for (i = 0; i < sf.tags.n; i++)
		strvec_push(&j->fc->tags, sf.tags.v[i]);
	j->fc->interval = sf.interval;
	if (!sf.from_config)
		j->fc->kind = store_kind_parse(sf.kind);
	j->error_count = sf.error_count;
	j->ttl = sf.ttl;
	if (j->fc->timezone != NULL &&
	    (j->tz = tz_load(j->fc->timezone, ferr, sizeof(ferr))) == NULL)
		log_warnx("%s: time zone %s: %s", sf.url, j->fc->timezone,
		    ferr);
	TAILQ_INSERT_TAIL(&p->jobs, j, next);
	p->njobs++;

	memset(&req, 0, sizeof(req));
	req.url = j->fc->url;
	req.etag = sf.etag;
	req.last_modified = sf.last_modified;
	req.user_agent = j->fc->user_agent ? j->fc->user_agent :
	    cfg->user_agent;
	req.username = j->fc->username;
	req.password = j->fc->password;
	req.proxy = j->fc->proxy ? j->fc->proxy : cfg->proxy;
	req.ca_file = cfg->ca_file;
	req.allow_private = j->fc->allow_private >= 0 ?
	    j->fc->allow_private : cfg->allow_private_networks;
	req.allow_file = cfg->allow_file_urls;
	j->tag.j = j;
	req.arg = &j->tag;
	if (fetch_submit(p->fetcher, &req, ferr, sizeof(ferr)) == -1) {
		struct poll_outcome	 o;

		/* Refused before any transfer: one error row, as any. */
		memset(&o, 0, sizeof(o));
		o.error = ferr;
		finish(p, j, NULL, &o, -1, NULL);
		job_free(p, j);
	}
	store_feed_clear(&sf);
	return 0;
}

void
poller_free(struct poller *p)
{
	struct job	*j;

	if (p == NULL)
		return;
	poller_flush(p);
	ev_timer_stop(p->loop, &p->index_timer);
	fetch_free(p->fetcher);
	while ((j = TAILQ_FIRST(&p->jobs)) != NULL)
		job_free(p, j);
	free(p);
}

void
poll_stats_add(struct poll_stats *st, const struct poll_outcome *o)
{
	size_t	 i;

	if (o->error != NULL)
		st->feeds_failed++;
	else if (o->not_modified)
		st->feeds_not_modified++;
	else
		st->feeds_ok++;
	st->entries_new += o->entries_new;
	st->entries_updated += o->entries_updated;
	st->entries_excluded += o->entries_excluded;
	st->store_errors += o->store_error;
	if (o->changed_any)
		st->changed_any = 1;
	for (i = 0; o->changed_tags != NULL && i < o->changed_tags->n; i++)
		if (!strvec_contains(&st->changed_tags, o->changed_tags->v[i]))
			strvec_push(&st->changed_tags, o->changed_tags->v[i]);
	for (i = 0; st->want_entries && o->changed_entries != NULL &&
	    i < o->changed_entries->n; i++)
		strvec_push(&st->changed_entries, o->changed_entries->v[i]);
}

void
poll_stats_clear(struct poll_stats *st)
{
	strvec_clear(&st->changed_tags);
	strvec_clear(&st->changed_entries);
	memset(st, 0, sizeof(*st));
}

/* --once */

struct once {
	struct poll_stats	*st;
	int			 fatal;
	struct poller		*p;
	struct strvec		 ids;		/* active feeds, by id */
	size_t			 next;		/* the first not submitted */
	size_t			 cap;		/* jobs at once */
	int64_t			 now;
	ev_prepare		 refill;
};

static void
once_done(const struct poll_outcome *o, void *arg)
{
	struct once	*c = arg;

	if (o->fatal)
		c->fatal = 1;
	poll_stats_add(c->st, o);
}

/* Before the loop waits: submit feeds while there is room for jobs. */
static void
once_refill(EV_P_ ev_prepare *w, int revents)
{
	struct once	*c = w->data;
	char		 ferr[256];

	(void)revents;
	while (c->next < c->ids.n && poller_inflight(c->p) < c->cap)
		if (poller_submit(c->p, strtoll(c->ids.v[c->next++], NULL,
		    10), c->now, ferr, sizeof(ferr)) == -1)
			log_warnx("%s", ferr);
	/* All submitted: let ev_run return once the jobs are done. */
	if (c->next >= c->ids.n)
		ev_prepare_stop(EV_A_ w);
}

size_t
pipeline_batch_cap(const struct config *cfg)
{
	size_t	 cap = (size_t)cfg->max_connections * 2;

	return cap < 64 ? 64 : cap;
}

static int
collect_active(const struct store_feed *f, void *arg)
{
	struct strvec	*ids = arg;
	char		 num[32];

	if (STORE_FEED_ACTIVE(f)) {
		snprintf(num, sizeof(num), "%lld", (long long)f->id);
		strvec_push(ids, num);
	}
	return 0;
}

int
pipeline_poll_once(struct ev_loop *loop, const struct config *cfg,
    struct store *store, int64_t now, struct poll_stats *st, char *err,
    size_t errlen)
{
	struct store_sync_stats	 ss;
	struct strvec		 ids = { NULL, 0, 0 };
	struct poller		*p;
	struct once		 c;

	if (store_feed_sync_config(store, cfg, now, &ss, err, errlen) == -1 ||
	    store_each_feed(store, collect_active, &ids, err, errlen) == -1) {
		strvec_clear(&ids);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.ids = ids;
	c.now = now;
	c.cap = pipeline_batch_cap(cfg);
	c.p = p = poller_new(loop, cfg, store, once_done, &c);
	p->index_delay = 0;	/* once, below, when all are done */
	/*
	 * A bounded number of jobs at a time, topped up from the loop: a job
	 * holds its feed's state and a transfer, and 10,000 of them at once
	 * made the memory grow with the number of feeds.
	 */
	ev_prepare_init(&c.refill, once_refill);
	c.refill.data = &c;
	ev_prepare_start(loop, &c.refill);
	ev_run(loop, 0);
	ev_prepare_stop(loop, &c.refill);
	strvec_clear(&c.ids);
	poller_flush(p);
	poller_index(p);
	poller_free(p);
	if (c.fatal) {
		snprintf(err, errlen, "a database error stopped the poll");
		return -1;
	}
	return 0;
}
