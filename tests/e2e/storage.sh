#!/bin/sh
# storage.sh - end to end: feedd and feedctl when the storage fails under
# them.  A full disk (a file size limit, and a small tmpfs when root may
# mount one) while inserting and while writing the outputs; a database
# locked by another process; a corrupt, truncated, foreign or newer
# database.  Each must give a clear error naming what failed, keep every
# committed entry and every old output byte for byte, leave a refused
# file untouched, and recover once the fault is gone.  Speaks TAP.
set -u
: "${FEEDD:?FEEDD must name the feedd binary}"
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/e2e/lib.sh"
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP sqlite3 not available"
	exit 0
fi

PY=python3
mnt=
cleanup() {	# lib.sh's, with the tmpfs unmounted first
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null
	[ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
	rm -rf "$tmp"
}

# feed NAME ITEMS TEXT-BYTES: an RSS file with that many items
feed() {
	$PY - "$tmp/www/$1.xml" "$1" "$2" "$3" <<'PY'
import sys
path, name, n, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(path, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">'
            '<channel><title>Feed %s</title><link>https://%s.example/</link>\n'
            % (name, name))
    for i in range(n):
        f.write('<item><title>%s item %d</title><link>https://%s.example/%d'
                '</link><pubDate>Tue, 11 Feb 2025 %02d:%02d:00 GMT</pubDate>'
                '<description>%s</description></item>\n'
                % (name, i, name, i, i % 24, i % 60, ("%s %d " % (name, i)) * (size // 10)))
    f.write('</channel></rss>\n')
PY
}
mkdir -p "$tmp/www"
feed f1 30 20000; feed f2 30 20000; feed f3 30 3000; feed f4 30 3000
feed f5 1 100

# conf DIR FEED:TAG...: a config using DIR for the database and outputs
conf() {
	d=$1; shift
	mkdir -p "$d"
	cat >"$d/feedd.conf" <<EOF
[feedd]
database = $d/feedd.db
output_dir = $d/out
base_url = http://127.0.0.1:1/
control_socket = $d/feedd.sock
allow_file_urls = yes
keep_days = 0
log_level = warning
EOF
	for f in "$@"; do
		printf '\n[feed "file://%s/www/%s.xml"]\ntags = %s\n' "$tmp" \
		    "${f%%:*}" "${f#*:}" >>"$d/feedd.conf"
	done
}
# limited BYTES CMD...: CMD with RLIMIT_FSIZE at BYTES and SIGXFSZ at its
# default (fatal) action, so that feedd has to ignore it itself.
limited() {
	$PY - "$@" <<'PY'
import os, resource, signal, sys
n = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
os.execvp(sys.argv[2], sys.argv[2:])
PY
}
once() { "$FEEDD" -c "$d/feedd.conf" --once; }
q() { sqlite3 "$d/feedd.db" "$1"; }
hashes() { q "SELECT url_hash FROM entries ORDER BY 1" >"$1"; }
intact() {	# intact N-ENTRIES HASH-FILE: integrity, count, no entry lost
	[ "$(q 'PRAGMA integrity_check')" = ok ] &&
	    [ "$(q 'SELECT count(*) FROM entries')" = "$1" ] &&
	    hashes "$tmp/now" && [ -z "$(comm -23 "$2" "$tmp/now")" ]
}
feed_entries() {	# feed_entries NAME: entries linked to that feed
	q "SELECT count(*) FROM entry_feeds ef JOIN feeds f ON f.id = ef.feed_id WHERE f.url LIKE '%/$1.xml'"
}
wellformed() { xmllint --noout "$@" 2>/dev/null; }
diag() { sed 's/^/# /' "$@"; }

# The starting point: f1 and f2 stored and rendered.
d=$tmp/a
conf "$d" f1:a f2:b
once >/dev/null 2>"$tmp/err"
ok $? "a first run stores two feeds"
[ "$(q "SELECT indexed_through = (SELECT max(id) FROM entries) FROM search_state")" = 1 ] &&
    [ "$(q "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH '\"f1 \"'")" = 30 ] &&
    q "INSERT INTO entries_fts(entries_fts, rank) VALUES ('integrity-check', 1)"
ok $? "--once leaves every entry it stored indexed for search"
hashes "$tmp/base.hashes"
cp -a "$d/out" "$tmp/out.base"

# 1. The file size limit is reached while inserting (the WAL grows past
# it): SQLite's write fails with EFBIG, the documents roll back.
conf "$d" f1:a f2:b f3:c f4:a
limited 150000 "$FEEDD" -c "$d/feedd.conf" --once >"$tmp/out1" 2>"$tmp/err"
rc=$?
[ $rc -lt 128 ]
ok $? "file size limit while inserting: feedd is not killed by SIGXFSZ (exit $rc)"
grep -q "f3.xml: store error: .*\(disk I/O error\|disk is full\)" "$tmp/err"
ok $? "the store error is reported on the feed: $(grep f3 "$tmp/err" | head -1)"
[ $rc -ne 0 ]
ok $? "a store error makes the exit status non-zero (exit $rc)"
intact 60 "$tmp/base.hashes" && [ "$(feed_entries f3)" = 0 ] &&
    [ "$(feed_entries f4)" = 0 ]
ok $? "database intact, the 60 earlier entries there, f3 and f4 rolled back"
diff -r "$tmp/out.base" "$d/out" >"$tmp/diff" 2>&1
ok $? "the outputs are the old ones byte for byte, no temp file left"
[ $? -eq 0 ] || diag "$tmp/diff"

# 2. The limit is reached while writing the outputs: the entry of f5 is
# stored (its WAL frames, 16 KiB pages, stay under the limit), atom.xml
# (over 600 kB) cannot be replaced.  (The WAL the failed run left is
# emptied first, or it alone would be over the limit.)
q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
conf "$d" f1:a f2:b f5:e
limited 450000 "$FEEDD" -c "$d/feedd.conf" --once >"$tmp/out1" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q "render: .*atom.xml.*File too large" "$tmp/err"
ok $? "file size limit while rendering: exit 1, $(head -1 "$tmp/err")"
intact 61 "$tmp/base.hashes" && [ "$(feed_entries f5)" = 1 ]
ok $? "database intact, the new entry committed"
diff -r "$tmp/out.base" "$d/out" >"$tmp/diff" 2>&1
ok $? "the outputs are the old ones byte for byte, no temp file left"
[ $? -eq 0 ] || diag "$tmp/diff"

# 3. Space back: everything is stored, and every output is rewritten,
# including the one for tag e whose entry came in when rendering failed.
conf "$d" f1:a f2:b f3:c f4:a f5:e
once >"$tmp/out1" 2>"$tmp/err"
ok $? "space back: the run succeeds: $(cat "$tmp/out1" "$tmp/err")"
intact 121 "$tmp/base.hashes"
ok $? "all 121 entries stored, none lost"
grep -q "f3 item 0" "$d/out/atom.xml" && grep -q "f5 item 0" "$d/out/atom.xml" &&
    wellformed "$d/out/atom.xml" "$d/out/tags/"*.xml
ok $? "atom.xml rewritten with the new entries, every output well-formed"
[ -f "$d/out/tags/c.xml" ] && grep -q "f5 item 0" "$d/out/tags/e.xml" 2>/dev/null
ok $? "the tag feed whose render failed before is written now"

# 4. A full filesystem: a small tmpfs holding the database and outputs.
if [ "$(id -u)" -eq 0 ] && mkdir -p "$tmp/mnt" &&
    mount -t tmpfs -o size=4m tmpfs "$tmp/mnt" 2>/dev/null; then
	mnt=$tmp/mnt
	d=$mnt/db
	conf "$d" f1:a
	once >/dev/null 2>"$tmp/err"
	ok $? "tmpfs: a first run stores one feed"
	hashes "$tmp/t.hashes"
	cp -a "$d/out" "$tmp/out.t"
	# Fill the filesystem up to 100 kB: room for the -shm file, not
	# for the new entries.
	avail=$(df -B1 --output=avail "$mnt" | tail -1)
	head -c $((avail - 102400)) /dev/zero >"$mnt/filler" 2>/dev/null
	conf "$d" f1:a f2:b f3:c
	once >"$tmp/out1" 2>"$tmp/err"
	rc=$?
	grep -q "store error: .*\(disk is full\|disk I/O error\)" "$tmp/err" ||
	    grep -q "$d/feedd.db: .*\(disk is full\|disk I/O error\)" "$tmp/err"
	ok $? "tmpfs full: the error says so (exit $rc): $(head -1 "$tmp/err")"
	intact 30 "$tmp/t.hashes" && [ "$(feed_entries f2)" = 0 ]
	ok $? "tmpfs full: database intact, earlier entries there, the rest rolled back"
	diff -r "$tmp/out.t" "$d/out" >"$tmp/diff" 2>&1
	ok $? "tmpfs full: the old outputs byte for byte, no temp file left"
	[ $? -eq 0 ] || diag "$tmp/diff"
	rm -f "$mnt/filler"
	once >"$tmp/out1" 2>"$tmp/err"
	ok $? "tmpfs: space back, the run succeeds"
	intact 90 "$tmp/t.hashes" && grep -q "f3 item 0" "$d/out/atom.xml" &&
	    [ -f "$d/out/tags/b.xml" ]
	ok $? "tmpfs: all 90 entries stored, outputs rewritten"
	umount "$mnt" && mnt=
else
	for w in "first run" "error" "database intact" "outputs" \
	    "recovery" "recovered outputs"; do
		ok 0 "tmpfs full: $w # SKIP not root, or mount -t tmpfs failed"
	done
fi

# 5. A database locked by another process (a writer holding BEGIN
# EXCLUSIVE): a clear error after the busy timeout, not a hang.
d=$tmp/a
hashes "$tmp/a.hashes"
$PY - "$d/feedd.db" >"$tmp/lock.out" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
c.execute("UPDATE feeds SET title = title")
print("locked", flush=True)
time.sleep(120)
PY
srv=$!
wait_port "$tmp/lock.out" >/dev/null
timeout 100 "$FEEDD" -c "$d/feedd.conf" --once >"$tmp/out1" 2>"$tmp/err"
rc=$?
[ $rc -ne 124 ] && grep -q "database is locked" "$tmp/err"
ok $? "a locked database: an error, not a hang (exit $rc): $(head -1 "$tmp/err")"
[ $rc -ne 0 ] && grep -q "$d/feedd.db" "$tmp/err"
ok $? "a locked database: exit non-zero, the message names the database"
"$FEEDCTL" -c "$d/feedd.conf" list >/dev/null 2>"$tmp/err"
ok $? "a locked database: feedctl list still reads it"
kill "$srv"; wait "$srv" 2>/dev/null; srv=
intact 121 "$tmp/a.hashes"
ok $? "the lock gone: database intact, nothing lost"
once >/dev/null 2>"$tmp/err"
ok $? "the lock gone: a run succeeds"

# 6. Databases feedd must refuse and leave alone.  The good one is
# checkpointed into one file first so that the copies are complete.
q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$d/feedd.db" "$tmp/good.db"
size=$(wc -c <"$tmp/good.db")
refuse() {	# refuse WHAT: feedd and feedctl on the prepared $d/feedd.db
	before=$(sha256sum <"$d/feedd.db")
	once >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -ne 0 ] && grep -q "$d/feedd.db" "$tmp/err" &&
	    [ "$(sha256sum <"$d/feedd.db")" = "$before" ]
	ok $? "$1: feedd exits $rc naming the file, which is unchanged: $(head -1 "$tmp/err" | cut -c1-150)"
	"$FEEDCTL" -c "$d/feedd.conf" entries >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -ne 0 ] && grep -q "$d/feedd.db" "$tmp/err" &&
	    [ "$(sha256sum <"$d/feedd.db")" = "$before" ]
	ok $? "$1: feedctl exits $rc naming the file, which is unchanged: $(head -1 "$tmp/err" | cut -c1-150)"
}
fresh() { rm -f "$d/feedd.db" "$d/feedd.db-wal" "$d/feedd.db-shm"; }

fresh; cp "$tmp/good.db" "$d/feedd.db"
$PY - "$d/feedd.db" "$size" <<'PY'
import random, sys
r = random.Random(6)
pages = int(sys.argv[2]) // 4096
with open(sys.argv[1], "r+b") as f:
    for pg in range(3, pages, 3):
        f.seek(pg * 4096 + r.randrange(0, 3000))
        f.write(bytes(r.randrange(256) for _ in range(1000)))
PY
refuse "random bytes over every third page"

fresh; head -c $((size / 2)) "$tmp/good.db" >"$d/feedd.db"
refuse "a database truncated to half"

fresh; printf 'not a database, only a text file\n' >"$d/feedd.db"
refuse "a text file named like the database"

fresh; cp "$tmp/good.db" "$d/feedd.db"
q "PRAGMA user_version = 99"
refuse "a database from a newer schema (user_version 99)"
grep -q "schema version 99 is newer" "$tmp/err"
ok $? "the newer schema is named as such"

# 7. A run killed between its commit and its render and export leaves
# DATABASE.dirty: the next run, with nothing new to store, redoes every
# output and writes the Markdown of the entries stored since the marker.
conf "$tmp/m" f5:solo
printf '\n[markdown]\ndir = %s/md\n' "$d" >>"$d/feedd.conf"
once >/dev/null 2>"$tmp/err" && [ "$(ls "$d/md" | wc -l)" = 1 ]
ok $? "markdown: the first run exports its entry"
rm -f "$d/md"/* "$d/out/tags/solo.xml"
once >/dev/null 2>"$tmp/err"
[ ! -f "$d/out/tags/solo.xml" ] && [ "$(ls "$d/md" | wc -l)" = 0 ]
ok $? "without the marker a run that changes nothing rewrites nothing"
touch -d '1 hour ago' "$d/feedd.db.dirty"
once >/dev/null 2>"$tmp/err"
[ -f "$d/out/tags/solo.xml" ] && [ "$(ls "$d/md" | wc -l)" = 1 ] &&
    [ ! -e "$d/feedd.db.dirty" ]
ok $? "with the marker: the tag feed and the Markdown are back, the marker gone"

[ "$nfail" -gt 0 ] && [ -f "$d/feedd.log" ] && diag "$d/feedd.log"
echo "1..$n"
