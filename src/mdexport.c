/*
 * mdexport.c - the Markdown export of stored entries for a static site:
 * the entry as the store has it (content, tags, source), its front
 * matter and body from frontmatter.c/markdown.c, the file replaced
 * atomically under the configured directory and nowhere else (the name
 * is a slug and a hash: no '/', no leading '.').
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "buf.h"
#include "conf.h"
#include "date.h"
#include "frontmatter.h"
#include "log.h"
#include "sanitize.h"
#include "mdexport.h"
#include "store.h"
#include "xmalloc.h"

struct export {
	const struct markdown_conf	*mc;
	const struct tz			*tz;
	int				 written;
	char				*err;
	size_t				 errlen;
};

/* Remove the files an entry had under an older title. */
static void
remove_stale(const char *dir, const char *keep, const char *hash)
{
	DIR		*d;
	struct dirent	*de;
	char		 suffix[16], *path;
	size_t		 n, sl;

	snprintf(suffix, sizeof(suffix), "-%.8s.md", hash);
	sl = strlen(suffix);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n <= sl || de->d_name[0] == '.' ||
		    strcmp(de->d_name + n - sl, suffix) != 0 ||
		    strcmp(de->d_name, keep) == 0)
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		if (unlink(path) == -1)
			log_warn("markdown: %s", path);
		free(path);
	}
	closedir(d);
}

static int
export_one(const struct entry_view *v, void *arg)
{
	struct export	*x = arg;
	struct fm_entry	 fe;
	struct strvec	 cats = { NULL, 0, 0 }, tags = { NULL, 0, 0 };
	struct buf	 out = BUF_INIT;
	char		*name, *path, *text;
	size_t		 i;
	int		 changed = 0, rv = -1;

	/* The category is the source's name, else the first tag. */
	if (v->source_title != NULL)
		strvec_push(&cats, v->source_title);
	else if (v->ntags > 0)
		strvec_push(&cats, v->tags[0]);
	for (i = 0; i < v->ntags; i++)
		strvec_push(&tags, v->tags[i]);
	memset(&fe, 0, sizeof(fe));
	fe.title = v->title;
	fe.date = v->published;
	/* The summary is the article's opening, as a site shows it. */
	text = v->content != NULL ? html_to_text(v->content,
	    strlen(v->content)) : NULL;
	fe.summary = text != NULL && *text != '\0' ? text : v->summary;
	fe.categories = &cats;
	fe.lang = v->lang;
	fe.tags = &tags;
	fe.thumbnail = v->thumbnail;
	if (markdown_render_entry(&out, &fe, v->content, v->url, v->url,
	    x->mc, x->tz) == -1) {
		snprintf(x->err, x->errlen, "%s: cannot convert to Markdown",
		    v->url_hash);
		goto out;
	}
	name = markdown_filename(v->title, v->url_hash);
	xasprintf(&path, "%s/%s", x->mc->dir, name);
	if (atomicfile_replace(path, out.data ? out.data : "", out.len,
	    &changed, x->err, x->errlen) == 0) {
		rv = 0;
		if (changed)
			x->written++;
		remove_stale(x->mc->dir, name, v->url_hash);
	}
	free(path);
	free(name);
out:
	free(text);
	buf_free(&out);
	strvec_clear(&cats);
	strvec_clear(&tags);
	return rv;
}

/*
 * Export the entries named by hashes, and with since > 0 also every entry
 * first stored since then (what a run killed before its export left).
 */
int
mdexport_entries(struct store *s, const struct markdown_conf *mc,
    const struct strvec *hashes, int64_t since, int *written, char *err,
    size_t errlen)
{
	struct export	 x;
	struct tz	*tz = NULL;
	size_t		 i;
	int		 rv = 0;

	*written = 0;
	if (mc->dir == NULL || (hashes->n == 0 && since <= 0))
		return 0;
	if (atomicfile_mkdirs(mc->dir, err, errlen) == -1)
		return -1;
	if (mc->timezone != NULL &&
	    (tz = tz_load(mc->timezone, err, errlen)) == NULL)
		return -1;
	memset(&x, 0, sizeof(x));
	x.mc = mc;
	x.tz = tz;
	x.err = err;
	x.errlen = errlen;
	if (since > 0 && store_each_entry_since(s, since, export_one, &x,
	    err, errlen) == -1)
		rv = -1;
	for (i = 0; i < hashes->n && rv != -1; i++)
		if (store_lookup_entry(s, hashes->v[i], export_one, &x, err,
		    errlen) == -1)
			rv = -1;
	*written = x.written;
	tz_free(tz);
	return rv;
}
