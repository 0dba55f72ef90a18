/*
 * render.c - from the store to the output directory: pulls entries newest
 * first, writes them with the Atom writer, and replaces files atomically
 * (atomicfile.c), leaving files whose bytes would not change untouched.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atom.h"
#include "atomicfile.h"
#include "buf.h"
#include "date.h"
#include "render.h"
#include "store.h"
#include "url.h"
#include "xmalloc.h"

struct feed_render {
	struct atom_writer	*w;
	int64_t			 updated;
	int			 failed;
};

static int
add_entry(const struct entry_view *v, void *arg)
{
	struct feed_render	*fr = arg;

	if (atom_add(fr->w, v) == -1) {
		fr->failed = 1;
		return -1;
	}
	return 0;
}

static int
put_file(const char *dir, const char *name, struct buf *b,
    struct render_stats *st, char *err, size_t errlen)
{
	char	*path;
	int	 changed, rv;

	xasprintf(&path, "%s/%s", dir, name);
	rv = atomicfile_replace(path, buf_cstr(b), b->len, &changed, err,
	    errlen);
	free(path);
	if (rv == 0) {
		if (changed) {
			st->written++;
			strvec_push(&st->written_names, name);
		} else
			st->unchanged++;
	}
	return rv;
}

/* One Atom feed: all entries (tag NULL) or one tag's, into dir/name. */
static int
render_feed(struct store *s, const struct render_opts *o, const char *tag,
    const char *name, struct render_stats *st, char *err, size_t errlen)
{
	struct atom_meta	 m;
	struct feed_render	 fr;
	struct buf		 out = BUF_INIT;
	char			*self, *title = NULL;
	int64_t			 updated = 0;
	int			 rv = -1;

	/*
	 * The feed's updated time comes from its entries, not the clock, so
	 * an unchanged feed renders to the same bytes.
	 */
	if (store_newest_updated(s, tag, o->max_entries, &updated, err,
	    errlen) == -1)
		return -1;
	xasprintf(&self, "%s%s", o->base_url, name);
	if (tag != NULL)
		xasprintf(&title, "%s: %s", o->title, tag);
	memset(&m, 0, sizeof(m));
	m.id = self;
	m.title = title != NULL ? title : o->title;
	m.self_url = self;
	m.alt_url = o->base_url;
	m.generator_version = PACKAGE_VERSION;
	m.updated = updated;

	memset(&fr, 0, sizeof(fr));
	fr.w = atom_begin(&m);
	if (store_each_entry(s, tag, o->max_entries, add_entry, &fr, err,
	    errlen) == -1 || fr.failed) {
		if (fr.failed)
			snprintf(err, errlen, "%s: cannot write Atom", name);
		atom_abort(fr.w);
		goto out;
	}
	if (atom_finish(fr.w, &out) == -1) {
		snprintf(err, errlen, "%s: cannot write Atom", name);
		goto out;
	}
	rv = put_file(o->output_dir, name, &out, st, err, errlen);
out:
	buf_free(&out);
	free(self);
	free(title);
	return rv;
}

struct feed_list {
	struct store_feed	*v;
	size_t			 n;
};

static int
collect_feed(const struct store_feed *f, void *arg)
{
	struct feed_list	*l = arg;
	struct store_feed	*c;
	size_t			 i;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	c = &l->v[l->n++];
	memset(c, 0, sizeof(*c));
	c->id = f->id;
	c->url = f->url ? xstrdup(f->url) : NULL;
	c->title = f->title ? xstrdup(f->title) : NULL;
	c->site_url = f->site_url ? xstrdup(f->site_url) : NULL;
	for (i = 0; i < f->tags.n; i++)
		strvec_push(&c->tags, f->tags.v[i]);
	return 0;
}

int
render_opml_buf(struct store *s, const char *title, struct buf *out,
    char *err, size_t errlen)
{
	struct feed_list	 l = { NULL, 0 };
	size_t			 i;
	int			 rv = -1;

	if (store_each_feed(s, collect_feed, &l, err, errlen) == -1)
		goto out;
	if (opml_write(l.v, l.n, title, out) == -1) {
		snprintf(err, errlen, "cannot write OPML");
		goto out;
	}
	rv = 0;
out:
	for (i = 0; i < l.n; i++)
		store_feed_clear(&l.v[i]);
	free(l.v);
	return rv;
}

static int
render_opml(struct store *s, const struct render_opts *o,
    struct render_stats *st, char *err, size_t errlen)
{
	struct buf	 out = BUF_INIT;
	int		 rv = -1;

	if (render_opml_buf(s, o->title, &out, err, errlen) == 0)
		rv = put_file(o->output_dir, "feeds.opml", &out, st, err,
		    errlen);
	buf_free(&out);
	return rv;
}

/*
 * Every tag and the name of its file.  Slugs lose case and punctuation,
 * so two tags can share one ("../../x" and "x"; "C++" and "C#"): the first
 * in sort order keeps the plain name, the others get their hash after a
 * '~', which no slug holds.  All tags are named even when only some are
 * rendered, so a name does not depend on which ones changed.
 */
struct tag_names {
	struct strvec	 tags;
	struct strvec	 files;
};

static int
collect_tag(const char *tag, void *arg)
{
	struct tag_names	*tn = arg;
	char			*slug, *name, h[65];

	slug = tag_slug(tag);
	xasprintf(&name, "tags/%s.xml", slug);
	if (strvec_contains(&tn->files, name)) {
		free(name);
		sha256_hex(tag, strlen(tag), h);
		xasprintf(&name, "tags/%s~%.8s.xml", slug, h);
	}
	strvec_push(&tn->tags, tag);
	strvec_push(&tn->files, name);
	free(name);
	free(slug);
	return 0;
}

int
render_outputs(struct store *s, const struct render_opts *o,
    const struct strvec *tags, struct render_stats *st, char *err,
    size_t errlen)
{
	struct tag_names	 tn;
	char			*tagdir;
	size_t			 i;
	int			 rv;

	xasprintf(&tagdir, "%s/tags", o->output_dir);
	rv = atomicfile_mkdirs(tagdir, err, errlen);
	free(tagdir);
	if (rv == -1)
		return -1;
	if (render_feed(s, o, NULL, "atom.xml", st, err, errlen) == -1)
		return -1;
	if (render_opml(s, o, st, err, errlen) == -1)
		return -1;
	memset(&tn, 0, sizeof(tn));
	if ((rv = store_each_tag(s, collect_tag, &tn, err, errlen)) == 0) {
		for (i = 0; i < tn.tags.n && rv == 0; i++)
			if (tags == NULL || strvec_contains(tags, tn.tags.v[i]))
				rv = render_feed(s, o, tn.tags.v[i],
				    tn.files.v[i], st, err, errlen);
	}
	strvec_clear(&tn.tags);
	strvec_clear(&tn.files);
	return rv;
}

void
render_stats_clear(struct render_stats *st)
{
	strvec_clear(&st->written_names);
	memset(st, 0, sizeof(*st));
}

static char *
pending_path(const char *database)
{
	char	*p;

	xasprintf(&p, "%s.dirty", database);
	return p;
}

int64_t
render_pending_since(const char *database)
{
	struct stat	 sb;
	char		*p = pending_path(database);
	int64_t		 t = 0;

	if (stat(p, &sb) == 0)
		t = sb.st_mtime > 0 ? (int64_t)sb.st_mtime : 1;
	free(p);
	return t;
}

void
render_pending_mark(const char *database)
{
	char	*p = pending_path(database);
	int	 fd;

	if ((fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) != -1)
		close(fd);
	free(p);
}

void
render_pending_clear(const char *database)
{
	char	*p = pending_path(database);

	unlink(p);
	free(p);
}
