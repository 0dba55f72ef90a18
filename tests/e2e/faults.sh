#!/bin/sh
# faults.sh - `feedd --once` against tests/httpd.py: a gzip body, a GBK
# feed whose charset only the HTTP header names, a redirect, a 500, a
# timeout, a body over the size limit and a redirect loop.  Each failure
# is one error on its own feed; the good feeds land, their shared article
# once with the union of tags.  Speaks TAP.
set -u
: "${FEEDD:?FEEDD must name the feedd binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/e2e/lib.sh"

python3 "$TESTDIR/httpd.py" >"$tmp/port" &
srv=$!
u="http://127.0.0.1:$(wait_port "$tmp/port")"

cat >"$tmp/feedd.conf" <<EOF2
[feedd]
database = $tmp/feedd.db
output_dir = $tmp/out
allow_private_networks = yes
timeout = 2s
max_body_size = 64K
keep_days = 0

[feed "$u/ok"]
tags = plain
[feed "$u/gzip"]
tags = gzipped
include = ^no such title$
[feed "$u/redirect"]
tags = moved
[feed "$u/gbk"]
[feed "$u/500"]
[feed "$u/slow"]
[feed "$u/big"]
[feed "$u/loop"]
[feed "$u/404"]
enabled = no
EOF2

start=$(date +%s)
"$FEEDD" --once -c "$tmp/feedd.conf" >"$tmp/out1" 2>"$tmp/err1"
ok $? "feedd --once exits 0 with failing feeds"
end=$(date +%s)
[ $((end - start)) -lt 10 ]
ok $? "the slow feed costs its timeout, not the run ($((end - start)) s)"
grep -q "feeds: 4 ok, 4 failed, 0 not modified; entries: 1 new" "$tmp/out1"
ok $? "4 feeds ok, 4 failed, one article stored once"
! grep -q "/404" "$tmp/err1"
ok $? "a feed with enabled = no is not polled"
grep -q "/500: HTTP 500" "$tmp/err1"
ok $? "500 recorded"
grep -q "/slow: .*timeout" "$tmp/err1"
ok $? "timeout recorded"
grep -q "/big: body larger than 65536 bytes" "$tmp/err1"
ok $? "size limit recorded"
grep -q "/loop: too many redirects" "$tmp/err1"
ok $? "redirect loop recorded"
grep -q "entries: 1 new, 0 updated, 1 excluded" "$tmp/out1"
ok $? "the include rule of /gzip keeps its copy out"
missing=0
for t in plain moved; do
	grep -q "<category term=\"$t\"/>" "$tmp/out/atom.xml" || missing=1
done
! grep -q '<category term="gzipped"/>' "$tmp/out/atom.xml" || missing=1
ok $missing "the article carries the tags of /ok and /redirect, not of /gzip"
grep -q 'title="中文"' "$tmp/out/feeds.opml"
ok $? "GBK feed decoded with the charset from Content-Type"
echo "1..$n"
