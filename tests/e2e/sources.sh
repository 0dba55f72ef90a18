#!/bin/sh
# sources.sh - end to end: sites without feeds and the Markdown export,
# with `feedd --once` against a private HTTP server on 127.0.0.1.  A
# kind = html listing page read with XPath, a kind = page article,
# fulltext = yes replacing summaries (and keeping one when the article is
# missing), feedctl preview, and the Markdown files of a Chinese article
# compared byte for byte.  Speaks TAP.
set -u
: "${FEEDD:?FEEDD must name the feedd binary}"
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/e2e/lib.sh"

PY=python3
mkdir -p "$tmp/www/articles"
cp "$TESTDIR/extract/en-blog.html" "$TESTDIR/extract/zh-news.html" \
    "$tmp/www/articles/"
cat >"$tmp/www/list.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><title>Newsroom - Example</title></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<ul class="stories">
<li class="story"><h2><a href="/articles/en-blog.html">Why small servers still matter</a></h2>
<time datetime="2024-03-05T08:30:00Z">5 March</time><p>A plea for <b>small</b> machines.</p></li>
<li class="story"><h2><a href="https://elsewhere.example/post?utm_source=list">Elsewhere</a></h2>
<time datetime="2024-03-04T10:00:00Z">4 March</time></li>
</ul><footer><a href="/privacy">Privacy</a></footer></body></html>
HTML
cat >"$tmp/www/summary.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>腾讯新闻</title><link>http://127.0.0.1/</link>
<item><title>欧美的人工智能发展都“举国体制”了，中国怎么办？</title><link>/articles/zh-news.html</link>
<description>只有摘要。</description><pubDate>Tue, 11 Feb 2025 07:49:32 GMT</pubDate></item>
<item><title>Missing article</title><link>/articles/missing.html</link>
<description>The summary stays.</description><pubDate>Mon, 10 Feb 2025 07:00:00 GMT</pubDate></item>
</channel></rss>
XML

cat >"$tmp/server.py" <<'PY'
import functools, http.server, signal, sys
signal.alarm(120)
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass
h = functools.partial(H, directory=sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
$PY "$tmp/server.py" "$tmp/www" >"$tmp/port" &
srv=$!
port=$(wait_port "$tmp/port")
base="http://127.0.0.1:$port"
# The feed's relative links resolve against the feed's own URL.
sed -i "s|http://127.0.0.1/|$base/|" "$tmp/www/summary.xml"

cat >"$tmp/feedd.conf" <<EOF2
[feedd]
database = $tmp/feedd.db
output_dir = $tmp/out
control_socket = $tmp/feedd.sock
allow_private_networks = yes
keep_days = 0

[feed "$base/list.html"]
kind = html
item = //li[@class='story']
title = .//h2/a
link = .//h2/a/@href
date = .//time/@datetime
summary = .//p
tags = list

[feed "$base/articles/en-blog.html"]
kind = page
tags = blog

[feed "$base/summary.xml"]
fulltext = yes
title = qq

[markdown]
dir = $tmp/md
timezone = Asia/Shanghai
date_format = "2006-01-02 15:04:05"
summary_chars = 50
translations = ["zh-CN"]
tags = []
menu = ""
thumbnail = ""
lead = ""
comments = false
authorbox = false
pager = true
toc = false
mathjax = false
sidebar = "right"
widgets = [search, recent, taglist]
EOF2
ctl() { "$FEEDCTL" -c "$tmp/feedd.conf" "$@"; }
jget() { $PY -c "import json,sys; j=json.load(sys.stdin); print($1)"; }

"$FEEDD" -c "$tmp/feedd.conf" --once >"$tmp/once1" 2>"$tmp/once1.err"
ok $? "feedd --once polls the three sources"
grep -q '^feeds: 3 ok, 0 failed' "$tmp/once1"
ok $? "all three ok: $(cat "$tmp/once1")"

# kind = html
ctl entries --tag list --json >"$tmp/list.json"
[ "$(jget '[(e["title"], e["url"], e["published"]) for e in j]' <"$tmp/list.json")" = \
    "[('Why Small Servers Still Matter', '$base/articles/en-blog.html', '2024-03-05T08:30:00Z'), ('Elsewhere', 'https://elsewhere.example/post', '2024-03-04T10:00:00Z')]" ]
ok $? "kind = html: two entries with XPath links (tracking removed) and dates; the first is the page source's article"
h=$(jget 'j[0]["url_hash"]' <"$tmp/list.json")
h=$(jget 'j[1]["url_hash"]' <"$tmp/list.json")
ctl show --json "$h" | jget 'j["title"]' | grep -qx "Elsewhere"
ok $? "kind = html: the title selector"

# kind = page: the listing links the same article; one entry, both tags,
# and the page source owns its text (the listing only had a summary).
ctl show --json "$base/articles/en-blog.html" >"$tmp/page.json"
[ "$(jget '(j["title"], sorted(j["tags"]), j["published"])' <"$tmp/page.json")" = \
    "('Why Small Servers Still Matter', ['blog', 'list'], '2024-03-05T08:30:00Z')" ] &&
    jget 'j["content"]' <"$tmp/page.json" | grep -q "Every few years, somebody declares"
ok $? "kind = page: the extracted article, shared with the listing, owned by the page"
jget 'j["content"]' <"$tmp/page.json" | grep -qi "comment\|share this" && r=1 || r=0
[ $r -eq 0 ]
ok $? "kind = page: no comments or share bar in the content"

# fulltext = yes
ctl show --json "$base/articles/zh-news.html" >"$tmp/zh.json"
jget 'j["content"]' <"$tmp/zh.json" | grep -q "DeepSeek的火爆显然让一些人坐不住了" &&
    ! jget 'j["content"]' <"$tmp/zh.json" | grep -q "只有摘要"
ok $? "fulltext: the summary is replaced by the article"
ctl show --json "$base/articles/missing.html" | jget 'j["content"]' | grep -q "The summary stays."
ok $? "fulltext: a missing article keeps the feed's text"
grep -q "fulltext $base/articles/missing.html: HTTP 404" "$tmp/once1.err"
ok $? "fulltext: the failure is logged with why"

# Markdown export
nmd=$(ls "$tmp/md" | wc -l)
[ "$nmd" -eq 4 ]
ok $? "one Markdown file per entry ($nmd)"
# The server's port varies: the expected file says http://BASE instead.
f=$(ls "$tmp/md" | grep -- "-$(ctl show --json "$base/articles/zh-news.html" | jget 'j["url_hash"][:8]')\.md$")
sed "s|$base|http://BASE|g" "$tmp/md/$f" >"$tmp/zh-news.md"
cmp -s "$tmp/zh-news.md" "$TESTDIR/e2e/expected/zh-news.md"
ok $? "the Chinese article's file, byte for byte ($f)"
[ -n "${KEEP_MD:-}" ] && cp "$tmp/zh-news.md" "$KEEP_MD"
cmp -s "$tmp/zh-news.md" "$TESTDIR/e2e/expected/zh-news.md" ||
    diff "$TESTDIR/e2e/expected/zh-news.md" "$tmp/zh-news.md" | head -20 | sed 's/^/# /'
for g in "$tmp"/md/*.md; do
	head -1 "$g" | grep -qx -- --- || echo "$g"
done | grep -q . && r=1 || r=0
[ $r -eq 0 ]
ok $? "every file starts with front matter"

"$FEEDD" -c "$tmp/feedd.conf" --once >"$tmp/once2" 2>&1
grep -q "0 new, 0 updated" "$tmp/once2" && [ "$(ls "$tmp/md" | wc -l)" -eq 4 ]
ok $? "a second run changes nothing: $(cat "$tmp/once2")"

# preview
ctl preview "$base/list.html" --item "//li[@class='story']" --title ".//h2/a" \
    --link ".//h2/a/@href" >"$tmp/prev" 2>&1
[ "$(grep -c '"type":"entry"' "$tmp/prev")" -eq 2 ] &&
    head -1 "$tmp/prev" | grep -q '"format":"html"'
ok $? "preview of a listing prints its two entries"
ctl preview --page "$base/articles/zh-news.html" >"$tmp/prev" 2>&1
[ "$(grep -c '"type":"entry"' "$tmp/prev")" -eq 1 ] &&
    grep -q '"title":"欧美的人工智能发展都“举国体制”了，中国怎么办？"' "$tmp/prev"
ok $? "preview --page prints the article"
ctl preview "$base/list.html" --item "//li[" >/dev/null 2>"$tmp/prev"
[ $? -eq 2 ] && grep -q "bad XPath" "$tmp/prev"
ok $? "preview with a bad XPath: usage error"

# add-page through the daemon: polled at once, one entry.
cp "$TESTDIR/extract/jsonld.html" "$tmp/www/articles/ld.html"
"$FEEDD" -c "$tmp/feedd.conf" 2>"$tmp/daemon.err" &
daemon=$!
i=0
while [ ! -S "$tmp/feedd.sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ctl add-page "$base/articles/ld.html" --tag saved >"$tmp/out1" 2>&1
ok $? "add-page: $(head -1 "$tmp/out1")"
ctl refresh --wait "$base/articles/ld.html" >/dev/null 2>&1
[ "$(ctl show --json "$base/articles/ld.html" | jget '(j["title"], j["tags"])')" = \
    "('$(jget 'j["title"]' <"$TESTDIR/extract/expected/jsonld.json")', ['saved'])" ]
ok $? "the added page's article is stored, tagged"
[ "$(ctl list --json | jget '[f["kind"] for f in j if f["url"].endswith("/ld.html")][0]')" = page ]
ok $? "list shows its kind"
kill -TERM "$daemon"
wait "$daemon"
ok $? "the daemon stops cleanly"

[ "$nfail" -gt 0 ] && sed 's/^/# feedd: /' "$tmp/once1.err" "$tmp/daemon.err"
echo "1..$n"
