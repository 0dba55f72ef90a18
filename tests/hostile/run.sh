#!/bin/sh
# run.sh - the hostile documents corpus (issue 6): every case in
# tests/hostile/expect is served from a private HTTP server on 127.0.0.1,
# fed through `feedd --once` with per-feed tags, category tags and the
# Markdown export on, and then check.py looks at every Atom and Markdown
# file written (well-formed, RFC 4287 structure, nothing executable), at
# the temp tree (nothing written outside the output directories) and at
# the outcome the case promises.  The big cases come from gen.py at test
# time.  Speaks TAP: three tests a case.
set -u
# HOSTILE_KEEP=1 keeps each case's outputs (with lib.sh's temp dir removal
# off: TMPDIR can point at a directory you look into).
: "${FEEDD:?FEEDD must name the feedd binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/e2e/lib.sh"

H=$TESTDIR/hostile
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
chk() { "$PY" "$H/check.py" "$@"; }

# The checker first: it must find every fault planted in selftest/.
chk outputs "$H/selftest/out" "$H/selftest/md" >"$tmp/self" 2>&1
[ $? -eq 1 ] && sed 's/^PLANT //' "$H/selftest/expected" | {
	miss=0
	while IFS= read -r want; do
		grep -qF -- "$want" "$tmp/self" || { echo "# missed: $want"; miss=1; }
	done
	exit $miss
}
ok $? "check.py reports all $(grep -c '^PLANT' "$H/selftest/expected") planted faults"

mkdir -p "$tmp/www" "$tmp/c"
cp "$H"/cases/* "$tmp/www/"
"$PY" "$H/gen.py" "$tmp/www" ${HOSTILE_ENTRIES:-100000} || { echo "Bail out! gen.py failed"; exit 1; }

cat >"$tmp/server.py" <<'PY'
import functools, http.server, signal, sys
signal.alarm(300)

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {".xml": "application/xml",
                      ".json": "application/feed+json", "": "text/plain"}

    def log_message(self, *a):
        pass

h = functools.partial(Handler, directory=sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
"$PY" "$tmp/server.py" "$tmp/www" >"$tmp/port" &
srv=$!
port=$(wait_port "$tmp/port")
[ -n "$port" ] || { echo "Bail out! no fixture server"; exit 1; }

# conf CASE DIR RUN: the config for one run (feed lists are ';'-separated
# runs of ','-separated files).
conf() {
	feeds=$(chk field "$H/expect" "$1" feeds | head -1 |
	    awk -v r="$3" -F';' '{ print $r }')
	opts=$(chk field "$H/expect" "$1" conf)
	{
		printf '[feedd]\ndatabase = %s/db\noutput_dir = %s/out\n' "$2" "$2"
		printf 'base_url = http://localhost:8080/\ntitle = Hostile\n'
		printf 'allow_private_networks = yes\nkeep_days = 0\n'
		printf 'timeout = 30s\n'
		case " $opts " in *" nomd "*) ;; *)
			printf '\n[markdown]\ndir = %s/md\n' "$2" ;;
		esac
		echo "$feeds" | tr ',' '\n' | while read -r f; do
			[ -n "$f" ] || continue
			printf '\n[feed "http://127.0.0.1:%s/%s"]\n' "$port" "$f"
			printf 'tags = hostile, %s\ncategory_tags = yes\n' "$1"
		done
	} >"$2/feedd.conf"
}

# HOSTILE_CASES="a b": only those cases (for debugging one).
for c in ${HOSTILE_CASES:-$(chk cases "$H/expect")}; do
	d=$tmp/c/$c
	mkdir -p "$d"
	nruns=$(chk field "$H/expect" "$c" feeds | head -1 |
	    awk -F';' '{ print NF }')
	: >"$d/stdout"
	: >"$d/stderr"
	for r in $(seq 1 "$nruns"); do conf "$c" "$d" "$r"; done
	chk listing "$tmp" "$d/before"
	rcs=0
	for r in $(seq 1 "$nruns"); do
		conf "$c" "$d" "$r"
		"$FEEDD" --once -c "$d/feedd.conf" >>"$d/stdout" 2>>"$d/stderr"
		rc=$?
		[ $rc -eq 0 ] || { echo "# $c run $r: exit $rc"; rcs=$rc; }
	done
	[ $rcs -eq 0 ] && [ -f "$d/out/atom.xml" ]
	ok $? "$c: feedd --once exits 0 and writes atom.xml"
	chk listing "$tmp" "$d/after"
	chk escaped "$d/before" "$d/after" "c/$c/out" "c/$c/md" "c/$c/db" \
	    "c/$c/db-wal" "c/$c/db-shm" "c/$c/db-journal" "c/$c/db.lock" \
	    "c/$c/db.clean" "c/$c/db.dirty" "c/$c/after" &&
	    chk outputs "$d/out" "$d/md"
	ok $? "$c: every output well-formed Atom/Markdown, nothing executable, nothing outside"
	chk expect "$H/expect" "$c" "$d/out" "$d/md" "$d/stdout" "$d/stderr"
	ok $? "$c: expected outcome"
	[ $nfail -eq 0 ] || sed 's/^/# /' "$d/stderr" | head -5
	[ -n "${HOSTILE_KEEP:-}" ] || rm -rf "$d/out" "$d/md" "$d"/db*
done

echo "1..$n"
[ $nfail -eq 0 ]
