#!/bin/sh
# once.sh - end to end: `feedd --once` against feeds served by a private
# HTTP server on 127.0.0.1 (python3's http.server, which answers
# If-Modified-Since with 304).  Checks dedup across feeds with the union of
# tags, per-tag outputs, a 404 recorded as a failed feed, conditional GET
# and an unchanged second run, an update picked up on the third, and
# `feedd -t` naming FILE:LINE.  Speaks TAP.
set -u
: "${FEEDD:?FEEDD must name the feedd binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/e2e/lib.sh"

mkdir -p "$tmp/www/feeds"
cat >"$tmp/www/feeds/a.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Feed A</title><link>https://a.example/</link>
<item><title>Shared story</title><link>https://news.example/story?utm_source=a</link><guid>a-1</guid><description>From A</description><pubDate>Tue, 11 Feb 2025 07:00:00 GMT</pubDate></item>
<item><title>Only in A</title><link>https://a.example/only</link><pubDate>Tue, 11 Feb 2025 08:00:00 GMT</pubDate></item>
</channel></rss>
XML
cat >"$tmp/www/feeds/b.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed B</title><id>urn:b</id>
<link href="https://b.example/"/><updated>2025-02-11T09:00:00Z</updated>
<entry><title>Shared story</title><id>urn:b:1</id><link href="https://news.example/story#top"/><updated>2025-02-11T07:00:00Z</updated><summary>From B</summary></entry>
<entry><title>中文条目</title><id>urn:b:2</id><link href="https://b.example/zh"/><updated>2025-02-11T06:00:00Z</updated><summary>中文摘要</summary></entry>
</feed>
XML

cat >"$tmp/server.py" <<'PY'
import functools, http.server, signal, sys
signal.alarm(120)

class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        # A WebSub hub: record each ping, answer 204 as hubs do.
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode()
        with open(sys.argv[2], "a") as f:
            f.write(self.path + " " + body + "\n")
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

h = functools.partial(Handler, directory=sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$tmp/server.py" "$tmp/www" "$tmp/pings" >"$tmp/port" &
srv=$!
port=$(wait_port "$tmp/port")
base="http://127.0.0.1:$port/feeds"

cat >"$tmp/feedd.conf" <<EOF2
[feedd]
database = $tmp/feedd.db
output_dir = $tmp/out
base_url = http://localhost:8080/
title = E2E
allow_private_networks = yes
keep_days = 0
websub_hub = http://127.0.0.1:$port/hub

[feed "$base/a.xml"]
tags = alpha, shared

[feed "$base/b.xml"]
tags = beta, shared

[feed "$base/missing.xml"]
tags = gone
EOF2

"$FEEDD" --once -c "$tmp/feedd.conf" >"$tmp/run1" 2>"$tmp/err1"
ok $? "first run exits 0 although one feed fails"
grep -q "feeds: 2 ok, 1 failed, 0 not modified; entries: 3 new" "$tmp/run1"
ok $? "first run: 2 ok, 1 failed, 3 new entries (the shared story once)"
grep -q "missing.xml: HTTP 404" "$tmp/err1"
ok $? "the 404 is reported for that feed"
[ "$(grep -c '<entry' "$tmp/out/atom.xml")" -eq 3 ]
ok $? "atom.xml holds 3 entries"
grep -q '<category term="alpha"/>' "$tmp/out/atom.xml" &&
    grep -q '<category term="beta"/>' "$tmp/out/atom.xml"
ok $? "the shared story carries the tags of both feeds"
[ "$(grep -c '<entry' "$tmp/out/tags/shared.xml")" -eq 3 ] &&
    [ "$(grep -c '<entry' "$tmp/out/tags/alpha.xml")" -eq 2 ] &&
    [ "$(grep -c '<entry' "$tmp/out/tags/beta.xml")" -eq 2 ]
ok $? "tag feeds hold exactly their entries"
grep -q 'https://news.example/story"' "$tmp/out/tags/beta.xml"
ok $? "the shared story is in beta.xml with its canonical link"
[ ! -e "$tmp/out/tags/gone.xml" ]
ok $? "no output for a tag without entries"
grep -q '中文条目' "$tmp/out/tags/beta.xml"
ok $? "Chinese text survives"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$tmp"/out/atom.xml "$tmp"/out/tags/*.xml \
	    "$tmp"/out/feeds.opml 2>/dev/null
	ok $? "every output is well-formed XML"
fi
# An outside check: Universal Feed Parser (Debian's python3-feedparser, which
# lives in the system python, not in a pyenv one) must read every output
# without complaint (bozo == 0) and see the right number of entries.
for py in /usr/bin/python3 python3; do
	if "$py" -c 'import feedparser' 2>/dev/null; then
		"$py" - "$tmp"/out/atom.xml "$tmp"/out/tags/*.xml <<'PY' >"$tmp/fp" 2>&1
import sys, feedparser
bad = 0
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    if d.bozo or d.version != "atom10" or not d.entries:
        print("bad:", path, d.bozo, d.get("bozo_exception"), d.version)
        bad = 1
n = len(feedparser.parse(sys.argv[1]).entries)
if n != 3:
    print("atom.xml entries:", n)
    bad = 1
sys.exit(bad)
PY
		ok $? "feedparser reads every output as Atom 1.0 with bozo 0"
		sed 's/^/# /' "$tmp/fp"
		break
	fi
done
grep -q '^/hub hub.mode=publish&hub.url=http%3A%2F%2Flocalhost%3A8080%2Fatom.xml$' \
    "$tmp/pings" && [ "$(wc -l <"$tmp/pings")" -eq 4 ]
ok $? "the WebSub hub heard of atom.xml and the 3 tag feeds"
ls -i "$tmp/out/atom.xml" >"$tmp/inode1"
: >"$tmp/pings"

"$FEEDD" --once -c "$tmp/feedd.conf" >"$tmp/run2" 2>/dev/null
grep -q "feeds: 0 ok, 1 failed, 2 not modified; entries: 0 new, 0 updated" "$tmp/run2"
ok $? "second run: conditional GETs answered 304, nothing new"
grep -q "files: 0 written" "$tmp/run2"
ok $? "second run rewrites no file"
ls -i "$tmp/out/atom.xml" | cmp -s - "$tmp/inode1"
ok $? "atom.xml is the same file (same inode)"
[ ! -s "$tmp/pings" ]
ok $? "no WebSub ping when nothing changed"

sleep 1	# a new Last-Modified second for the changed file
sed -i 's|</channel>|<item><title>New in A</title><link>https://a.example/new</link><pubDate>Wed, 12 Feb 2025 08:00:00 GMT</pubDate></item></channel>|' \
    "$tmp/www/feeds/a.xml"
"$FEEDD" --once -c "$tmp/feedd.conf" >"$tmp/run3" 2>/dev/null
grep -q "feeds: 1 ok, 1 failed, 1 not modified; entries: 1 new, 0 updated" "$tmp/run3"
ok $? "third run: the changed feed is fetched, one new entry"
grep -q "files: 3 written, 1 unchanged" "$tmp/run3"
ok $? "third run regenerates only atom.xml, feeds.opml and the touched tags"
sed -n '/<entry/,/<\/entry>/p' "$tmp/out/atom.xml" | grep -m1 '<title' |
    grep -q 'New in A'
ok $? "the new entry is first in atom.xml"
! grep -q 'New in A' "$tmp/out/tags/beta.xml"
ok $? "and not in beta.xml"

printf '[feedd]\nmax_entries = lots\n[feed "ftp://x/"]\ntgas = a\n' \
    >"$tmp/bad.conf"
"$FEEDD" -t -c "$tmp/bad.conf" >"$tmp/t.out" 2>"$tmp/t.err"
[ $? -eq 1 ] && grep -q "^$tmp/bad.conf:2: " "$tmp/t.err" &&
    grep -q "^$tmp/bad.conf:3: " "$tmp/t.err" &&
    grep -q "^$tmp/bad.conf:4: unknown key 'tgas'" "$tmp/t.err"
ok $? "feedd -t names FILE:LINE for every problem and exits 1"
"$FEEDD" -t -c "$tmp/feedd.conf" >/dev/null 2>&1
ok $? "feedd -t accepts the good config"

# More feeds than the jobs polled at once (twice max_connections, at
# least 64): the rest are submitted as jobs finish, and all are polled.
mkdir -p "$tmp/many"
{
	printf '[feedd]\ndatabase = %s/many/db\noutput_dir = %s/many/out\n' \
	    "$tmp" "$tmp"
	printf 'allow_file_urls = yes\nmax_connections = 1\nkeep_days = 0\n'
	i=0
	while [ $i -lt 150 ]; do
		printf '<rss version="2.0"><channel><title>M%d</title><item><title>m%d</title><link>https://m.example/%d</link></item></channel></rss>\n' \
		    $i $i $i >"$tmp/many/f$i.xml"
		printf '[feed "file://%s/many/f%d.xml"]\n' "$tmp" $i
		i=$((i + 1))
	done
} >"$tmp/many.conf"
"$FEEDD" --once -c "$tmp/many.conf" >"$tmp/many.out" 2>"$tmp/many.err"
grep -q "feeds: 150 ok, 0 failed, 0 not modified; entries: 150 new" \
    "$tmp/many.out"
ok $? "150 feeds, at most 64 jobs at a time: every one polled"

echo "1..$n"
