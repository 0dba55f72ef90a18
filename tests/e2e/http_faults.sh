#!/bin/sh
# http_faults.sh - a real feedd daemon against tests/httpd.py serving the
# faults of tests/faults/http.json: huge, lying, bombing, dripping,
# hanging and resetting bodies, stacked and exotic encodings, redirect
# chains, loops and other schemes, Retry-After, junk bodies, hostile
# ETags, 401 and a bare 304.  Each bad feed gets its own error row; the
# good feeds land while the slow ones are still in flight; memory stays
# bounded.  HTTPS with ca_file: fetched, an https->http redirect refused,
# an unknown CA refused.  Then `feedd --once` with
# allow_private_networks = no: every spelling of a private address is
# refused before any request is sent.
# Speaks TAP.
set -u
: "${FEEDD:?FEEDD must name the feedd binary}"
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/e2e/lib.sh"

PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
$PY "$TESTDIR/httpd.py" --cases "$TESTDIR/faults/http.json" \
    >"$tmp/port" &
srv=$!
port=$(wait_port "$tmp/port")
u="http://127.0.0.1:$port"
daemon=

# Slow feeds first, so the good ones queue behind them if anything does.
slow="drip hang huge bomb bomb2"
bad="biglen stacked6 reset toolong loop file gopher dict retry retrydate
    empty png 401 304"
good="good1 good2 good3 stacked br zstd chain etagcr etagcrlf etagbig seq
    moved"
{
	cat <<EOF2
[feedd]
database = $tmp/feedd.db
output_dir = $tmp/out
control_socket = $tmp/feedd.sock
allow_private_networks = yes
connect_timeout = 1s
timeout = 2s
max_body_size = 1M
max_redirects = 3
max_host_connections = 64
default_interval = 1h
min_interval = 60s
log_level = info
EOF2
	for f in $slow $bad $good; do printf '[feed "%s/f/%s"]\n' "$u" "$f"; done
} >"$tmp/feedd.conf"

ctl() { "$FEEDCTL" -c "$tmp/feedd.conf" "$@"; }
# jq-less JSON queries: jget 'EXPR' evaluates EXPR on the parsed stdin as j.
jget() { $PY -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
# field NAME KEY: KEY of feed $u/f/NAME in feedctl list --json
field() {
	ctl list --json | jget "[f['$2'] for f in j if f['url'] == '$u/f/$1'][0]"
}
wait_for() {	# wait_for CMD...: retry a condition for up to 15 s
	i=0
	while ! "$@" >/dev/null 2>&1 && [ $i -lt 150 ]; do
		sleep 0.1; i=$((i + 1))
	done
	"$@" >/dev/null 2>&1
}
polled() {	# polled NAME...: each has a last poll
	ctl list --json | $PY -c "
import json, sys
j = {f['url']: f for f in json.load(sys.stdin)}
sys.exit(not all(j.get('$u/f/' + n, {}).get('last_poll') for n in sys.argv[1:]))" "$@"
}
srvlog() { $PY -c "import json,urllib.request as r; print(json.dumps(json.load(r.urlopen('$u/_log'))))"; }
cleanup2() {
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
	cleanup
}
trap cleanup2 EXIT INT TERM

"$FEEDD" -c "$tmp/feedd.conf" 2>>"$tmp/feedd.log" &
daemon=$!
wait_for test -S "$tmp/feedd.sock"

# The good feeds' entries land while drip and hang still wait for their
# 2 s timeout.
wait_for polled good1 good2 good3 stacked chain
inflight=$(ctl list --json | jget "[f['url'].rsplit('/',1)[1] for f in j if f['last_poll'] is None]")
case "$inflight" in
*drip*hang*|*hang*drip*) r=0 ;;
*) r=1 ;;
esac
ok $r "good feeds stored while drip and hang are in flight (unfinished: $inflight)"
[ "$(ctl entries --feed "$u/f/good1" --json | jget 'len(j)')" = 2 ]
ok $? "the first good feed's entries are in the database already"

wait_for polled $slow $bad good1 good2 good3 stacked br zstd chain etagcr \
    etagcrlf etagbig seq movedto
ok $? "every feed has been polled once"

# err NAME PATTERN DESCRIPTION: one error row on the feed, text matching
err() {
	e=$(field "$1" last_error)
	c=$(field "$1" error_count)
	echo "$e" | grep -q -- "$2" && [ "$c" = 1 ]
	ok $? "$1: $3 (error_count $c, last_error: $e)"
}
err huge "body larger than 1048576 bytes" "2 GB chunked body stopped at max_body_size"
err biglen "body larger than 1048576 bytes" "Content-Length: 2147483648 refused"
err bomb "body larger than 1048576 bytes" "1 GB gzip bomb stopped after 1 MB inflated"
err bomb2 "body larger than 1048576 bytes" "1 GB bomb in stacked gzip stopped too"
err stacked6 "encoding" "six stacked gzip encodings refused"
err drip "timeout after 2 s" "1 byte every 10 s stopped by the timeout"
err hang "timeout after 2 s" "a server that never sends the body: timeout"
err reset "." "a reset mid-body is an error"
err toolong "too many redirects (more than 3)" "5 redirects, over max_redirects"
err loop "too many redirects" "a redirect loop"
err file "refused redirect to file:///etc/passwd" "redirect to file:// refused"
err gopher "refused redirect to gopher://" "redirect to gopher:// refused"
err dict "refused redirect to dict://" "redirect to dict:// refused"
err retry "HTTP 503" "503 with Retry-After seconds"
err retrydate "HTTP 429" "429 with Retry-After date"
err empty "parse error" "an empty 200 body"
err png "parse error" "a PNG served as application/rss+xml"
err 401 "HTTP 401" "401"
err 304 "HTTP 304 without a conditional request" "a 304 to a request without validators"
$PY - "$tmp/feedd.db" >"$tmp/passwd" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for t, in db.execute("select name from sqlite_master where type='table'"):
    for row in db.execute('select * from "%s"' % t):
        print(row)
PY
! grep -q "root:" "$tmp/passwd" && ! grep -rq "root:" "$tmp/out" 2>/dev/null
ok $? "nothing of /etc/passwd in the database or the output"
secs() {	# secs NAME: seconds from now to the feed's next poll
	nxt=$(field "$1" next_poll)
	$PY -c "import datetime as d, time; print(int(d.datetime.strptime('$nxt','%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=d.timezone.utc).timestamp() - time.time()))"
}
[ "$(secs retry)" -ge 7000 ]
ok $? "Retry-After: 7200 puts the next poll 2 h out ($(secs retry) s)"
[ "$(secs retrydate)" -ge 10500 ]
ok $? "Retry-After as a date 3 h ahead puts the next poll 3 h out ($(secs retrydate) s)"

# The good feeds, the exotic encodings, a chain within the limit.
for f in good1 good2 good3 stacked chain; do
	[ "$(field $f error_count)" = 0 ] ||
	    echo "# $f: $(field $f last_error)"
done
n_ok() {	# n_ok NAME COUNT: no error and COUNT entries
	[ "$(field "$1" error_count)" = 0 ] &&
	    [ "$(ctl entries --feed "$u/f/$1" --json | jget 'len(j)')" = "$2" ]
}
n_ok good2 2 && n_ok good3 2
ok $? "the other good feeds are stored"
n_ok stacked 1
ok $? "Content-Encoding: gzip, gzip is decoded"
n_ok chain 1
ok $? "a chain of 3 redirects (max_redirects = 3) is followed"
[ "$(field chain url)" = "$u/f/chain" ] 2>/dev/null
ok $? "302s leave the feed's URL alone"
if curl-config --features 2>/dev/null | grep -qx brotli; then
	n_ok br 1
	ok $? "Content-Encoding: br is decoded"
else
	ok 0 "Content-Encoding: br # SKIP libcurl built without brotli"
fi
if ! curl-config --features 2>/dev/null | grep -qx zstd; then
	ok 0 "Content-Encoding: zstd # SKIP libcurl built without zstd"
elif ! command -v zstd >/dev/null 2>&1; then
	ok 0 "Content-Encoding: zstd # SKIP no zstd CLI to make the body"
else
	n_ok zstd 1
	ok $? "Content-Encoding: zstd is decoded"
fi

# 301 then 200: the feed moves, the old URL is not asked again.
ctl list --json | jget "[f['url'] for f in j if f['url'].endswith('/f/moved') or f['url'].endswith('/f/movedto')]" >"$tmp/out1"
[ "$(cat "$tmp/out1")" = "['$u/f/movedto']" ]
ok $? "301: the feed is stored under the new URL ($(cat "$tmp/out1"))"

# Second polls: the changed body, and what the hostile ETags turned into.
for f in seq etagcr etagcrlf etagbig movedto; do
	ctl refresh --wait "$u/f/$f" >"$tmp/out1" 2>&1 ||
	    sed 's/^/# /' "$tmp/out1"
done
n_ok seq 2
ok $? "a feed whose body changed: the second poll adds the new item"
srvlog >"$tmp/log.json"
[ "$($PY -c "import json; print(sum(1 for p, h in json.load(open('$tmp/log.json')) if p == '/f/moved'))")" = 1 ]
ok $? "after the 301 the old URL is not requested again"
# The headers of each path's second request, as the server parsed them.
second() {
	$PY -c "import json; r=[h for p, h in json.load(open('$tmp/log.json')) if p == '$1']; print(json.dumps(r[1]) if len(r) > 1 else 'none')"
}
h=$(second /f/etagcr)
[ "$h" != none ] && ! echo "$h" | grep -q "X-Injected" &&
    ! echo "$h" | grep -q "If-None-Match"
ok $? "an ETag with a bare CR is not sent back: $h"
h=$(second /f/etagcrlf)
[ "$h" != none ] && ! echo "$h" | grep -q "X-Injected" &&
    echo "$h" | grep -q '"If-None-Match": "\\"b\\""'
ok $? "ETag followed by CR LF and a header: only the ETag is sent back: $h"
h=$(second /f/etagbig)
[ "$h" != none ] && ! echo "$h" | grep -q "If-None-Match"
ok $? "a 10 KB ETag is not kept nor sent back"
[ "$(field etagbig error_count)" = 0 ] && [ "$(field etagcr error_count)" = 0 ]
ok $? "hostile ETags do not fail the feed"

kill -0 "$daemon"
ok $? "the daemon is still running"
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$daemon/status" 2>/dev/null)
if ldd "$FEEDD" 2>/dev/null | grep -q libasan; then
	ok 0 "peak RSS bound # SKIP ASan build (shadow memory; VmHWM ${hwm:-?} kB)"
elif [ ! -r "/proc/$daemon/status" ]; then
	ok 0 "peak RSS bound # SKIP no /proc"
else
	[ -n "$hwm" ] && [ "$hwm" -lt 65536 ]
	ok $? "peak RSS after 2 GB bodies and 1 GB bombs is under 64 MB (VmHWM ${hwm:-?} kB)"
fi
kill -TERM "$daemon"
wait "$daemon"
ok $? "SIGTERM: exit 0"
daemon=

# HTTPS (tests/faults/tls.pem, a self-signed certificate for 127.0.0.1
# that ca_file names): a feed over TLS is fetched; a redirect from https
# to http is refused before any connection; an unknown CA is an error.
$PY "$TESTDIR/httpd.py" --tls "$TESTDIR/faults/tls.pem" \
    --cases "$TESTDIR/faults/tls.json" >"$tmp/tlsport" 2>"$tmp/tls.err" &
tlssrv=$!
tport=$(wait_port "$tmp/tlsport")
for ca in yes no; do
	{
		printf '[feedd]\ndatabase = %s/tls-%s.db\n' "$tmp" $ca
		printf 'output_dir = %s/tls-%s\n' "$tmp" $ca
		printf 'allow_private_networks = yes\ntimeout = 5s\n'
		[ $ca = yes ] && printf 'ca_file = %s/faults/tls-ca.pem\n' \
		    "$TESTDIR"
		printf '[feed "https://127.0.0.1:%s/ok"]\n' "$tport"
		printf '[feed "https://127.0.0.1:%s/tls/down"]\n' "$tport"
	} >"$tmp/tls-$ca.conf"
	"$FEEDD" --once -c "$tmp/tls-$ca.conf" >"$tmp/tls-$ca.out" \
	    2>"$tmp/tls-$ca.err"
done
grep -q "feeds: 1 ok, 1 failed" "$tmp/tls-yes.out"
ok $? "https with ca_file: the feed is fetched ($(head -1 "$tmp/tls-yes.out"))"
grep -q "/tls/down: refused redirect from https to http: http://127.0.0.1:1/ok" \
    "$tmp/tls-yes.err"
ok $? "https -> http redirect refused: $(grep -o 'refused redirect.*' "$tmp/tls-yes.err" | head -1)"
grep -q "feeds: 0 ok, 2 failed" "$tmp/tls-no.out" &&
    grep -qi "certificate" "$tmp/tls-no.err"
ok $? "without ca_file the self-signed certificate is refused: $(grep -io '[^:]*certificate[^\n]*' "$tmp/tls-no.err" | head -1 | cut -c1-80)"
kill "$tlssrv" 2>/dev/null; wait "$tlssrv" 2>/dev/null

# The guard: with allow_private_networks = no every spelling of a private
# address is refused before a request goes out (the server's log stays
# as it was).
before=$(srvlog | jget 'len(j)')
{
	cat <<EOF2
[feedd]
database = $tmp/guard.db
output_dir = $tmp/gout
allow_private_networks = no
connect_timeout = 1s
timeout = 2s
EOF2
	i=0
	for h in 127.0.0.1:$port 127.1:$port 2130706433:$port \
	    0x7f000001:$port 0177.0.0.1:$port localhost:$port "[::1]:$port" \
	    "[::ffff:127.0.0.1]:$port" 10.0.0.1:$port 169.254.169.254; do
		# Distinct paths: the config would fold 127.1 into 127.0.0.1.
		i=$((i + 1))
		printf '[feed "http://%s/g/%d"]\n' "$h" $i
	done
} >"$tmp/guard.conf"
"$FEEDD" --once -c "$tmp/guard.conf" >"$tmp/gout1" 2>"$tmp/gerr1"
ok $? "feedd --once with every feed refused exits 0"
[ "$nfail" -gt 0 ] && sed 's/^/# --once: /' "$tmp/gerr1"
grep -q "feeds: 0 ok, 10 failed" "$tmp/gout1"
ok $? "all 10 private URLs failed: $(head -1 "$tmp/gout1")"
i=0
for h in 127.0.0.1:$port 127.1:$port 2130706433:$port 0x7f000001:$port \
    0177.0.0.1:$port localhost:$port "[::1]:$port" \
    "[::ffff:127.0.0.1]:$port" 10.0.0.1:$port 169.254.169.254; do
	i=$((i + 1))
	e=$(grep -F "/g/$i: " "$tmp/gerr1" | sed "s|.*/g/$i: ||" | head -1)
	echo "$e" | grep -q "^refused to connect to private address"
	ok $? "refused: http://$h/ ($e)"
done
after=$(srvlog | jget 'len(j)')
[ "$after" -eq "$before" ]
ok $? "no refused fetch reached the server ($((after - before)) requests)"

[ "$nfail" -gt 0 ] && sed 's/^/# feedd: /' "$tmp/feedd.log" | head -80
echo "1..$n"
