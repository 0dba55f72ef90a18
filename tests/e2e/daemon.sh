#!/bin/sh
# daemon.sh - end to end: the long-running feedd against a private HTTP
# server on 127.0.0.1, driven with feedctl and signals.  Checks 410
# disabling, 301 moving, Retry-After, backoff and recovery, the served
# output with ETag/304, /healthz and /metrics, add with discovery,
# refresh --wait, tag edits and removal surviving SIGHUP and restarts, a
# bad config on SIGHUP, a second instance refused, SIGTERM mid-poll, and
# feedctl without a daemon.  Speaks TAP.
set -u
: "${FEEDD:?FEEDD must name the feedd binary}"
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/e2e/lib.sh"

PY=python3
mkdir -p "$tmp/www/feeds"
feed() {	# feed NAME TITLE: a small RSS feed with two items
	cat >"$tmp/www/feeds/$1.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>$2</title><link>https://$1.example/</link>
<item><title>$2 one</title><link>https://$1.example/1</link><pubDate>Tue, 11 Feb 2025 07:00:00 GMT</pubDate></item>
<item><title>$2 two 中文</title><link>https://$1.example/2</link><pubDate>Tue, 11 Feb 2025 08:00:00 GMT</pubDate></item>
</channel></rss>
XML
}
feed a "Feed A"; feed b "Feed B"; feed c "Feed C"; feed d "Feed D"
feed e "Feed E"; feed ttl "Feed T"
# A feed that asks to be polled every 300 minutes.
sed -i 's|<channel>|<channel><ttl>300</ttl>|' "$tmp/www/feeds/ttl.xml"
cat >"$tmp/www/page.html" <<'HTML'
<!DOCTYPE html><html><head><title>A site</title>
<link rel="alternate" type="application/rss+xml" title="D" href="/feeds/d.xml">
</head><body><p>No feed here, only a link to one.</p></body></html>
HTML

cat >"$tmp/server.py" <<'PY'
import functools, http.server, os, signal, sys, time
signal.alarm(300)
root, log = sys.argv[1], sys.argv[2]

class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, status, headers, body=b""):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with open(log, "a") as f:
            f.write(self.path + "\n")
        if self.path == "/gone":
            return self.send(410, {}, b"gone\n")
        if self.path == "/moved":
            return self.send(301, {"Location": "/feeds/c.xml"})
        if self.path == "/retry":
            return self.send(503, {"Retry-After": "7200"}, b"later\n")
        if self.path == "/maxage":
            with open(root + "/feeds/a.xml", "rb") as f:
                return self.send(200, {"Cache-Control": "public, max-age=10800",
                                       "Content-Type": "application/rss+xml"},
                                 f.read())
        if self.path == "/flaky" and os.path.exists(root + "/flaky-fail"):
            return self.send(500, {}, b"oops\n")
        if self.path == "/flaky":
            self.path = "/feeds/e.xml"
        if self.path == "/slow":
            time.sleep(60)
        return super().do_GET()

h = functools.partial(Handler, directory=root)
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
s.daemon_threads = True
print(s.server_address[1], flush=True)
s.serve_forever()
PY
: >"$tmp/www/flaky-fail"
$PY "$tmp/server.py" "$tmp/www" "$tmp/requests" >"$tmp/port" &
srv=$!
port=$(wait_port "$tmp/port")
base="http://127.0.0.1:$port"
# A free port for feedd's own HTTP server.
hport=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

conf() {	# conf [EXTRA-FEED-SECTIONS...]: write the config
	cat >"$tmp/feedd.conf" <<EOF2
[feedd]
database = $tmp/feedd.db
output_dir = $tmp/out
base_url = http://127.0.0.1:$hport/
control_socket = $tmp/feedd.sock
listen = 127.0.0.1:$hport
allow_private_networks = yes
default_interval = 1h
min_interval = 60s
max_interval = 1d
log_level = info
timeout = 30s

[feed "$base/feeds/a.xml"]
tags = tech, news

[feed "$base/gone"]
[feed "$base/moved"]
[feed "$base/retry"]
[feed "$base/flaky"]
[feed "$base/feeds/ttl.xml"]
[feed "$base/maxage"]
EOF2
	for extra in "$@"; do printf '\n%s\n' "$extra" >>"$tmp/feedd.conf"; done
}
conf "[feed \"$base/feeds/b.xml\"]"
ctl() { "$FEEDCTL" -c "$tmp/feedd.conf" "$@"; }
# jq-less JSON queries: jget 'EXPR' evaluates EXPR on the parsed stdin as j.
jget() { $PY -c "import json,sys; j=json.load(sys.stdin); print($1)"; }
now() { date +%s; }
# feed_field URL-SUFFIX FIELD: from feedctl list --json
feed_field() {
	ctl list --json | jget "[f['$2'] for f in j if f['url'].endswith('$1')][0]"
}
# wait_for CMD...: retry a condition for up to 15 s
wait_for() {
	i=0
	while ! "$@" >/dev/null 2>&1 && [ $i -lt 150 ]; do
		sleep 0.1; i=$((i + 1))
	done
	"$@" >/dev/null 2>&1
}
all_polled() {
	ctl list --json | jget "all(f['last_poll'] is not None for f in j if f['enabled'] or f['disabled_reason'])" | grep -qx True
}
http() {	# http PATH [ETAG]: prints "STATUS ETAG" then the body
	$PY - "$hport" "$1" "${2:-}" <<'PY'
import sys, urllib.request, urllib.error
req = urllib.request.Request("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]))
if sys.argv[3]:
    req.add_header("If-None-Match", sys.argv[3])
try:
    r = urllib.request.urlopen(req)
    print(r.status, r.headers.get("ETag"), r.headers.get("Content-Type"))
    sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.headers.get("ETag"), e.headers.get("Content-Type"))
PY
}

start() {
	"$FEEDD" -c "$tmp/feedd.conf" 2>>"$tmp/feedd.log" &
	daemon=$!
	wait_for test -S "$tmp/feedd.sock"
}
start
wait_for all_polled
ok $? "the daemon polls every configured feed at start"
t0=$(now)

test -s "$tmp/out/atom.xml" && xmllint --noout "$tmp/out/atom.xml" 2>/dev/null
ok $? "atom.xml is written and well-formed"
[ "$(feed_field /gone enabled)" = False ] &&
    [ "$(feed_field /gone disabled_reason)" = "gone (HTTP 410)" ]
ok $? "410: the feed is disabled, and list says why"
[ "$(ctl list --json | jget "len([f for f in j if f['url'] == '$base/feeds/c.xml'])")" = 1 ] &&
    [ "$(ctl list --json | jget "len([f for f in j if f['url'] == '$base/moved'])")" = 0 ]
ok $? "301: the stored URL is the new one"
nxt=$(feed_field /retry next_poll)
[ "$($PY -c "import datetime as d; print(int(d.datetime.strptime('$nxt','%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=d.timezone.utc).timestamp()) - $t0 >= 7000)")" = True ]
ok $? "503 with Retry-After: 7200 puts the next poll 2 hours out"
delay() {	# delay URL-SUFFIX: seconds from now to the feed's next poll
	nxt=$(feed_field "$1" next_poll)
	$PY -c "import datetime as d, time; print(int(d.datetime.strptime('$nxt','%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=d.timezone.utc).timestamp() - time.time()))"
}
[ "$(delay /feeds/ttl.xml)" -ge 17900 ] && [ "$(delay /feeds/ttl.xml)" -le 19900 ]
ok $? "RSS <ttl>300</ttl> puts the next poll 5 hours out (+jitter)"
[ "$(delay /maxage)" -ge 10700 ] && [ "$(delay /maxage)" -le 11900 ]
ok $? "Cache-Control: max-age=10800 puts the next poll 3 hours out (+jitter)"
[ "$(feed_field /flaky error_count)" = 1 ] && [ "$(feed_field /flaky last_status)" = 500 ]
ok $? "a 500 is an error row on that feed"
ctl list --failing | grep -q "$base/flaky"
ok $? "list --failing shows the failing feed"

# Backoff: a second failure doubles the delay; a success resets it.
ctl refresh --wait "$base/flaky" >"$tmp/out1" 2>&1
grep -q "error: HTTP 500" "$tmp/out1"
ok $? "refresh --wait reports the failure: $(head -1 "$tmp/out1")"
nxt=$(feed_field /flaky next_poll)
[ "$($PY -c "import datetime as d; print(int(d.datetime.strptime('$nxt','%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=d.timezone.utc).timestamp()) - $(now) >= 7100)")" = True ] &&
    [ "$(feed_field /flaky error_count)" = 2 ]
ok $? "two failures in a row: next poll at least 2 x default_interval out"
rm -f "$tmp/www/flaky-fail"
ctl refresh --wait "$base/flaky" >"$tmp/out1" 2>&1
grep -q "ok, 2 new" "$tmp/out1" && [ "$(feed_field /flaky error_count)" = 0 ]
ok $? "recovery: the error count resets on success"
nxt=$(feed_field /flaky next_poll)
[ "$($PY -c "import datetime as d; t=int(d.datetime.strptime('$nxt','%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=d.timezone.utc).timestamp())-$(now); print(3500 <= t <= 4000)")" = True ]
ok $? "after recovery the interval is back to default_interval (+jitter)"

# Serving the output.
http /atom.xml >"$tmp/h1"
etag=$(head -1 "$tmp/h1" | cut -d' ' -f2)
head -1 "$tmp/h1" | grep -q '^200 ".*" application/atom+xml; charset=utf-8$' &&
    grep -q "Feed A one" "$tmp/h1"
ok $? "GET /atom.xml: 200, ETag, Atom content type"
http /atom.xml "$etag" | head -1 | grep -q '^304 '
ok $? "the same GET with If-None-Match: 304"
http /healthz | sed -n 2p | grep -qx ok
ok $? "/healthz"
http /metrics >"$tmp/metrics"
grep -qx 'feedd_feeds{state="ok"} 6' "$tmp/metrics" &&
    grep -qx 'feedd_feeds{state="failing"} 1' "$tmp/metrics" &&
    grep -qx 'feedd_feeds{state="disabled"} 1' "$tmp/metrics" &&
    grep -q '^feedd_fetches_total{result="error"} [1-9]' "$tmp/metrics"
ok $? "/metrics: feeds by state (6 ok, the 503 failing, the 410 disabled), fetches"
http /../feedd.conf | head -1 | grep -q '^404 '
ok $? "no escape from output_dir"

# add with discovery, refresh --wait, entries by tag.
ctl add "$base/page.html" --tag Found >"$tmp/out1" 2>&1
grep -q "added feed [0-9]*: $base/feeds/d.xml" "$tmp/out1"
ok $? "add: the feed of an HTML page is discovered ($(tail -1 "$tmp/out1"))"
ctl add "$base/feeds/d.xml" >"$tmp/out1" 2>&1
[ $? -eq 1 ] && grep -q "already subscribed" "$tmp/out1"
ok $? "add of a known feed fails with a clear error"
ctl refresh --wait "$base/feeds/d.xml" >/dev/null 2>&1
[ "$(ctl entries --tag found --json | jget 'sorted(e["title"] for e in j)')" = "['Feed D one', 'Feed D two 中文']" ]
ok $? "entries --tag shows the added feed's entries, tagged"
ctl search "中文" --json | jget 'len(j) >= 3' | grep -qx True
ok $? "search finds Chinese text"
# Once no poll is in flight (2 s), what the polls stored is indexed.
indexed() {
	[ "$(sqlite3 "$tmp/feedd.db" "SELECT indexed_through = (SELECT max(id) FROM entries) FROM search_state")" = 1 ]
}
wait_for indexed &&
    sqlite3 "$tmp/feedd.db" "INSERT INTO entries_fts(entries_fts, rank) VALUES ('integrity-check', 1)" &&
    ctl search "中文" --json | jget 'len(j) >= 3' | grep -qx True
ok $? "the daemon indexes new entries once idle; search still finds them"
h=$(ctl entries --feed "$base/feeds/d.xml" --json | jget 'j[0]["url_hash"][:8]')
ctl show "$h" | grep -q "^URL:       https://d.example/"
ok $? "show by hash prefix"

# Tag edits, removal rules.
ctl tag "$base/feeds/a.xml" +extra -news >/dev/null
[ "$(feed_field /feeds/a.xml tags)" = "['tech', 'extra']" ]
ok $? "tag +extra -news on a configured feed"
ctl remove "$base/feeds/a.xml" >"$tmp/out1" 2>&1
[ $? -eq 1 ] && grep -q "in the config file" "$tmp/out1"
ok $? "a configured feed cannot be removed with feedctl"
ctl disable "$base/feeds/b.xml" >/dev/null && [ "$(feed_field /feeds/b.xml enabled)" = False ]
ok $? "disable"

# SIGHUP: b dropped, e added; feedctl's changes stay.
conf "[feed \"$base/feeds/e.xml\"]"
kill -HUP "$daemon"
wait_for sh -c "\"$FEEDCTL\" -c \"$tmp/feedd.conf\" list --json | grep -q feeds/e.xml"
list=$(ctl list --json)
echo "$list" | grep -q feeds/e.xml && ! echo "$list" | grep -q feeds/b.xml &&
    echo "$list" | grep -q feeds/d.xml
ok $? "SIGHUP adds and drops configured feeds and keeps added ones"
[ "$(feed_field /feeds/a.xml tags)" = "['tech', 'extra']" ]
ok $? "tag edits survive a reload"
printf '[feedd]\nbogus = 1\n' >>"$tmp/feedd.conf"
kill -HUP "$daemon"
wait_for grep -q "has errors" "$tmp/feedd.log"
kill -0 "$daemon" && grep -q "feedd.conf:[0-9]*: unknown key 'bogus'" "$tmp/feedd.log"
ok $? "a bad config on SIGHUP is logged with FILE:LINE, the daemon runs on"
ctl reload >"$tmp/out1" 2>&1
[ $? -eq 1 ] && grep -q "unknown key 'bogus'" "$tmp/out1"
ok $? "feedctl reload shows the errors and fails"
conf "[feed \"$base/feeds/e.xml\"]" "[feed \"$base/slow\"]"
ctl reload >/dev/null 2>&1
ok $? "feedctl reload of a good config"

ctl status >"$tmp/out1"
grep -q "running (pid $daemon)" "$tmp/out1"
ok $? "status: $(head -1 "$tmp/out1")"

# The other commands' contracts.
ctl config >"$tmp/out1" && grep -qx "default_interval = 1h" "$tmp/out1" &&
    grep -qx "keep_days = 90" "$tmp/out1" && grep -qx "\[feed \"$base/slow\"\]" "$tmp/out1"
ok $? "config prints the running configuration, defaults included"
ctl check | grep -qx "$tmp/feedd.conf: configuration ok (9 feeds)"
ok $? "check"
ctl render | grep -q '^[0-9]* files written, [0-9]* unchanged$'
ok $? "render"
[ "$(ctl entries --since 2025-02-11T07:30:00Z --feed "$base/feeds/d.xml" --json | jget 'len(j)')" = 1 ]
ok $? "entries --since --feed"
ctl entries -n 0 >/dev/null 2>&1; r1=$?
ctl list --bogus >/dev/null 2>&1; r2=$?
"$FEEDCTL" nosuchcommand >/dev/null 2>&1; r3=$?
[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ]
ok $? "usage errors exit 2"
bad=
for c in status list add remove tag enable disable refresh entries show \
    search import export config check render reload add-page preview parse \
    extract; do
	"$FEEDCTL" "$c" --help | grep -q "^usage: feedctl $c" || bad="$bad $c"
done
[ -z "$bad" ]
ok $? "every command has --help${bad:+ (not:$bad)}"

# The control socket against bad clients: malformed and oversize
# requests get an error, 1,000 idle clients do not stop a real one, and a
# client that vanishes before its reply costs nothing.
$PY - "$tmp/feedd.sock" >"$tmp/out1" 2>&1 <<'PY'
import json, socket, sys
path = sys.argv[1]
def ask(data):
    s = socket.socket(socket.AF_UNIX); s.connect(path); s.sendall(data)
    out = b""
    while not out.endswith(b"\n"):
        b = s.recv(65536)
        if not b: break
        out += b
    s.close()
    return json.loads(out)
print(ask(b"{not json\n")["error"][:12])
print(ask(b'{"nocmd":1}\n')["error"])
print(ask(b'{"cmd":"nosuch"}\n')["error"])
print(ask(b"x" * (1024 * 1024 + 10))["error"])
idle = []
for i in range(1000):
    c = socket.socket(socket.AF_UNIX); c.connect(path); idle.append(c)
print(ask(b'{"cmd":"status"}\n')["running"])
gone = socket.socket(socket.AF_UNIX); gone.connect(path)
gone.sendall(b'{"cmd":"list"}\n'); gone.close()
for c in idle: c.close()
print(ask(b'{"cmd":"status"}\n')["running"])
PY
[ "$(cat "$tmp/out1")" = "bad request:
bad request: expected an object with \"cmd\"
unknown command: nosuch
request longer than 1048576 bytes
True
True" ]
ok $? "control socket: malformed, unknown and oversize requests, 1,000 idle clients, a vanished one"
[ $? -eq 0 ] || sed 's/^/# /' "$tmp/out1"

# SIGUSR1 polls everything now.
na=$(grep -c '^/feeds/a.xml$' "$tmp/requests")
kill -USR1 "$daemon"
wait_for sh -c "[ \$(grep -c '^/feeds/a.xml\$' '$tmp/requests') -gt $na ]"
ok $? "SIGUSR1 polls every feed now"

# A second instance on the same database is refused.
sed "s|$tmp/feedd.sock|$tmp/other.sock|" "$tmp/feedd.conf" >"$tmp/other.conf"
"$FEEDD" -c "$tmp/other.conf" 2>"$tmp/out1"
[ $? -eq 1 ] && grep -q "in use by another feedd (pid $daemon)" "$tmp/out1"
ok $? "a second feedd on the same database is refused"

# SIGTERM while a transfer hangs: a clean exit, nothing half-written.
ctl refresh "$base/slow" >/dev/null
wait_for grep -q '^/slow$' "$tmp/requests"
kill -TERM "$daemon"
wait "$daemon"
ok $? "SIGTERM mid-poll: exit 0 after the grace period"
[ ! -e "$tmp/feedd.sock" ] && xmllint --noout "$tmp/out/atom.xml" 2>/dev/null &&
    [ "$(sqlite3 "$tmp/feedd.db" 'PRAGMA integrity_check')" = ok ]
ok $? "socket removed, outputs well-formed, database intact"

# Without a daemon: read-only commands work, writes say why not.
ctl add "$base/feeds/e.xml" >"$tmp/out1" 2>&1
[ $? -eq 1 ] && grep -q "cannot reach feedd at $tmp/feedd.sock" "$tmp/out1"
ok $? "add without a daemon: $(head -1 "$tmp/out1")"
ctl status | grep -q "not running" && ctl list | grep -q feeds/d.xml
ok $? "status and list work from the database"
ctl export | grep "xmlUrl=\"$base/feeds/d.xml\"" | grep -q 'category="found"'
ok $? "export prints OPML with tags as categories"

# A restart keeps feedctl's feeds and edits and does not poll everything.
# (The /slow poll that SIGTERM aborted is due again; nothing else is.)
before=$(grep -c -v '^/slow$' "$tmp/requests")
start
sleep 2
[ "$(feed_field /feeds/a.xml tags)" = "['tech', 'extra']" ] &&
    [ "$(feed_field /feeds/b.xml enabled 2>/dev/null)" = "" ] &&
    [ "$(feed_field /feeds/d.xml enabled)" = True ]
ok $? "a restart keeps added feeds and tag edits"
after=$(grep -c -v '^/slow$' "$tmp/requests")
[ "$after" -eq "$before" ]
ok $? "a restart polls nothing that is not due ($((after - before)) requests)"
ctl import "$TESTDIR/e2e/import.opml" >"$tmp/out1" 2>&1
grep -q "imported 2 feeds, skipped 0" "$tmp/out1" &&
    [ "$(feed_field /imported.xml tags)" = "['blogs', 'linux']" ]
ok $? "import: outlines become feeds, folders and categories tags"
kill -TERM "$daemon"
wait "$daemon"
ok $? "SIGTERM when idle: exit 0"

# -d: detached, with a pid file, ready notified to systemd when built so.
cat >"$tmp/notify.py" <<'PY'
import socket, sys, signal
signal.alarm(60)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
while True:
    msg = s.recv(4096).decode()
    with open(sys.argv[2], "a") as f:
        f.write(msg + "\n")
PY
$PY "$tmp/notify.py" "$tmp/notify.sock" "$tmp/notified" >"$tmp/notify.out" &
notifier=$!
wait_port "$tmp/notify.out" >/dev/null
sed -i "s|^\[feedd\]$|[feedd]\npid_file = $tmp/feedd.pid|" "$tmp/feedd.conf"
NOTIFY_SOCKET="$tmp/notify.sock" "$FEEDD" -d -c "$tmp/feedd.conf" 2>>"$tmp/feedd.log"
rc=$?
wait_for test -s "$tmp/feedd.pid"
dpid=$(cat "$tmp/feedd.pid" 2>/dev/null)
[ $rc -eq 0 ] && [ -n "$dpid" ] && kill -0 "$dpid" && ctl status | grep -q "running (pid $dpid)"
ok $? "-d detaches and writes pid_file"
if ldd "$FEEDD" 2>/dev/null | grep -q libsystemd; then
	wait_for grep -qx READY=1 "$tmp/notified"
	ok $? "sd_notify: READY=1 on the NOTIFY_SOCKET"
else
	ok 0 "sd_notify: built without libsystemd, nothing to notify # SKIP"
fi
kill "$notifier" 2>/dev/null
kill -TERM "$dpid"
wait_for sh -c "! kill -0 $dpid"
[ ! -e "$tmp/feedd.pid" ]
ok $? "the detached daemon stops on SIGTERM and removes its pid file"

# As root: drop to user nobody; a user the socket's mode keeps out.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1 &&
    command -v setpriv >/dev/null 2>&1; then
	u="$tmp/u"
	mkdir -p "$u/out"
	chown -R nobody "$u"
	chmod 711 "$tmp"
	cat >"$u/feedd.conf" <<EOF2
[feedd]
database = $u/feedd.db
output_dir = $u/out
control_socket = $u/feedd.sock
allow_private_networks = yes
user = nobody

[feed "$base/feeds/a.xml"]
EOF2
	chmod 644 "$u/feedd.conf"
	"$FEEDD" -c "$u/feedd.conf" 2>>"$tmp/feedd.log" &
	daemon=$!
	wait_for test -s "$u/out/atom.xml"
	[ "$(awk '/^Uid:/ { print $2 }' /proc/$daemon/status)" = "$(id -u nobody)" ] &&
	    [ "$(stat -c %U "$u/out/atom.xml")" = nobody ]
	ok $? "user = nobody: the daemon runs as nobody and writes as nobody"
	setpriv --reuid=54321 --regid=54321 --clear-groups \
	    "$FEEDCTL" -c "$u/feedd.conf" refresh >"$tmp/out1" 2>&1
	[ $? -eq 1 ] && grep -q "cannot reach feedd at $u/feedd.sock: Permission denied" "$tmp/out1"
	ok $? "a user the socket keeps out: $(head -1 "$tmp/out1")"
	kill -TERM "$daemon"
	wait "$daemon"
	ok $? "SIGTERM as nobody: exit 0"
else
	ok 0 "user drop # SKIP not root, or no nobody/setpriv"
	ok 0 "socket permission # SKIP not root"
	ok 0 "SIGTERM as nobody # SKIP not root"
fi

# On failure, the daemon's log helps more than anything.
[ "$nfail" -gt 0 ] && sed 's/^/# feedd: /' "$tmp/feedd.log"
echo "1..$n"
