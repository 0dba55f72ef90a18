#!/usr/bin/env bash
# run.sh - the feedd benchmark (issue 7): one command that generates the
# corpus, serves it with nginx on 127.0.0.1, measures feedd against sfeed,
# newsboat, a feedparser script and xmllint, and prints one Markdown table
# (also written to WORK/results.md).  Not part of `make check`.
#
# usage: tests/bench/run.sh [--feeds N] [--runs R] [--quick] [--seed S]
#                           [--idle SECONDS] [--only a,b,c,d,e,f]
#                           [--no-feedparser] [--no-newsboat]
#                           [--build DIR] [--work DIR]
# FEEDD_BUILD (or --build) names the directory holding feedd and feedctl;
# FEEDD_SHARED the shared/ directory with bench/gen_corpus.py.

set -u

here=$(cd "$(dirname "$0")" && pwd)
feeds=1000
runs=3
seed=1
quick=0
no_fp=0
no_nb=0
idle=60
only=abcdef
build=${FEEDD_BUILD:-}
work=${TMPDIR:-/tmp}/feedd-bench
render_entries=${FEEDD_BENCH_RENDER_ENTRIES:-1000000}
cmdline="tests/bench/run.sh $*"

usage() {
	sed -n '7,11p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--feeds) feeds=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--idle) idle=$2; shift 2 ;;
	--only) only=$(printf '%s' "$2" | tr -d ', '); shift 2 ;;
	--build) build=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--no-feedparser) no_fp=1; shift ;;
	--no-newsboat) no_nb=1; shift ;;
	-h|--help) usage ;;
	*) echo "run.sh: unknown argument: $1" >&2; usage ;;
	esac
done
if [ "$quick" = 1 ]; then
	case " $cmdline " in *" --feeds "*) ;; *) feeds=200 ;; esac
	runs=1
	idle=10
fi

die() {
	echo "run.sh: $*" >&2
	exit 1
}
say() {
	echo "[$(date +%H:%M:%S)] $*" >&2
}
want() {
	case $only in *$1*) return 0 ;; esac
	return 1
}

shared=${FEEDD_SHARED:-$here/../../../shared}
gen=$shared/bench/gen_corpus.py
[ -f "$gen" ] || die "no $gen (set FEEDD_SHARED)"
[ -x /usr/bin/time ] || die "GNU time is needed (/usr/bin/time)"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || die "nginx is needed"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
command -v sqlite3 >/dev/null || die "sqlite3 is needed"
if [ -z "$build" ]; then
	for d in "$here/../../_build" "$here/../.."; do
		if [ -x "$d/feedd" ] && [ -x "$d/feedctl" ]; then
			build=$d
			break
		fi
	done
fi
[ -n "$build" ] && [ -x "$build/feedd" ] || die "no feedd build (use --build DIR)"

mkdir -p "$work" || die "cannot make $work"
work=$(cd "$work" && pwd)
corpus=$work/corpus-n$feeds-s$seed
run=$work/run
raw=$run/raw.tsv
rm -rf "$run"
mkdir -p "$run/bin" "$run/log" "$run/tmp"
# A copy, so that a rebuild elsewhere cannot change the binaries mid-run.
cp "$build/feedd" "$build/feedctl" "$run/bin/"
feedd=$run/bin/feedd
feedctl=$run/bin/feedctl
: > "$raw"

nginx_pid=
daemon_pid=
cleanup() {
	if [ -n "$daemon_pid" ]; then
		kill -TERM "$daemon_pid" 2>/dev/null
		wait "$daemon_pid" 2>/dev/null
	fi
	if [ -n "$nginx_pid" ]; then
		kill -QUIT "$nginx_pid" 2>/dev/null
		wait "$nginx_pid" 2>/dev/null
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. the corpus, cached by size and seed ---------------------------------
if [ ! -f "$corpus/manifest.json" ]; then
	say "generating $feeds feeds into $corpus"
	rm -rf "$corpus.tmp"
	python3 "$gen" -n "$feeds" -o "$corpus.tmp" --seed "$seed" \
	    --host 127.0.0.1 --port 8 >"$run/log/gen.out" 2>&1 ||
	    die "gen_corpus.py failed: $(tail -1 "$run/log/gen.out")"
	mv "$corpus.tmp" "$corpus"
fi
mf() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
	    "$corpus/manifest.json" "$1"
}
unique_urls=$(mf unique_keys_canonical_url)
entries_total=$(mf entries_total)
bytes_total=$(mf bytes_total)

# --- 2. nginx on a free loopback port, over a copy of the corpus ------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
docroot=$run/docroot
reset_docroot() {
	rm -rf "$docroot"
	mkdir -p "$docroot"
	cp -a "$corpus/feeds" "$docroot/feeds"
}
reset_docroot
# open_file_cache keeps a file's size and mtime (so its ETag) for 60 s by
# default: the "10% changed" poll would still get 304s.  Revalidate every
# second instead, and wait 2 s after changing the files.
sed -e "s|@PORT@|$port|g" -e "s|@DOCROOT@|$docroot|g" \
    -e 's|^\( *open_file_cache .*\)$|\1\n    open_file_cache_valid 1s;|' \
    "$shared/bench/nginx.conf.in" > "$run/nginx.conf"
grep -q open_file_cache_valid "$run/nginx.conf" || die "nginx.conf: no open_file_cache_valid"
mkdir -p "$run/tmp"
"$nginx_bin" -p "$run/" -c nginx.conf -e "$run/nginx-error.log" \
    >"$run/log/nginx.out" 2>&1 &
nginx_pid=$!
first=$(ls "$docroot/feeds" | head -1)
for i in $(seq 50); do
	curl -s -o /dev/null "http://127.0.0.1:$port/feeds/$first" && break
	kill -0 "$nginx_pid" 2>/dev/null || die "nginx did not start: $(cat "$run/log/nginx.out")"
	sleep 0.1
done
base=http://127.0.0.1:$port/feeds
ls "$docroot/feeds" | sed "s|^|$base/|" > "$run/urls.txt"
say "nginx pid $nginx_pid on 127.0.0.1:$port, $feeds feeds"

# --- measuring --------------------------------------------------------------
# record SECTION TOOL RUN WALL USER SYS RSS_KB ENTRIES NOTE
record() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$raw"
}
skip() {
	printf '%s\t%s\t-\tSKIP\t-\t-\t-\t-\t%s\n' "$1" "$2" "$3" >> "$raw"
}
# measure LOGNAME CMD...: GNU time into $t_wall $t_user $t_sys $t_rss, and
# the HTTP statuses nginx logged meanwhile into $t_http ("200×N 304×M")
measure() {
	local logname=$1 lines
	shift
	lines=$(cat "$run/nginx-access.log" 2>/dev/null | wc -l)
	/usr/bin/time -f '%e %U %S %M' -o "$run/time.out" "$@" \
	    >"$run/log/$logname.out" 2>"$run/log/$logname.err"
	t_rc=$?
	read -r t_wall t_user t_sys t_rss < <(tail -1 "$run/time.out")
	t_http=$(tail -n +"$((lines + 1))" "$run/nginx-access.log" 2>/dev/null |
	    awk '{ n[$1]++ } END { for (s in n) { printf "%s%s×%d", sep, s, n[s]; sep = " " } }')
}

# The peers and their states.
have_sfeed=0; command -v sfeed_update >/dev/null && have_sfeed=1
have_newsboat=0; command -v newsboat >/dev/null && have_newsboat=1
# Debian's python3-feedparser is for Debian's python3, which may not be
# the first python3 in PATH.
have_fp=0
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import feedparser' 2>/dev/null; then
		have_fp=1
		fp_python=$py
		break
	fi
done
have_valgrind=0; command -v valgrind >/dev/null && have_valgrind=1
have_xmllint=0; command -v xmllint >/dev/null && have_xmllint=1

conf=$run/feedd/feedd.conf
write_feedd_conf() {	# CONF DIR [no feeds]
	mkdir -p "$2"
	{
		printf '[feedd]\n'
		printf 'database = %s/feedd.db\n' "$2"
		printf 'output_dir = %s/www\n' "$2"
		printf 'control_socket = %s/feedd.sock\n' "$2"
		printf 'allow_private_networks = yes\n'
		printf 'max_connections = 64\n'
		printf 'max_host_connections = 16\n'
		# Default timeouts: transfers wait in feedd's own queue, not
		# in libcurl's, so the timeouts no longer run while they wait
		# (with libcurl's queue a third of a cold 1,000-feed poll timed
		# out; the first figures in README.md were taken with 1 h).
		printf 'keep_days = 0\n'
		printf 'default_interval = 1d\n'
		printf 'log_level = warning\n'
		awk '{ printf "[feed \"%s\"]\ntags = t%d\n", $0, NR % 16 }' \
		    "$run/urls.txt"
	} > "$1"
}
write_feedd_conf "$conf" "$run/feedd"
"$feedd" -t -c "$conf" >/dev/null 2>&1 || die "feedd -t rejects $conf"

sfdir=$run/sfeed
write_sfeedrc() {
	mkdir -p "$sfdir/etags"
	{
		printf 'sfeedpath="%s/feeds"\nmaxjobs=16\n' "$sfdir"
		# The ETag recipe of sfeed's README.
		printf 'fetch() {\n'
		printf '\tetag="%s/etags/$(basename "$3")"\n' "$sfdir"
		printf '\tcurl -L --max-redirs 0 -H "User-Agent:" -f -s -m 15 --compressed \\\n'
		printf '\t\t--etag-save "${etag}" --etag-compare "${etag}" -z "${etag}" \\\n'
		printf '\t\t"$2" 2>/dev/null\n}\n'
		printf 'feeds() {\n'
		sed 's|.*/\([^/]*\)\.xml$|\tfeed "\1" "&"|' "$run/urls.txt"
		printf '}\n'
	} > "$sfdir/sfeedrc"
}
nbdir=$run/newsboat

feedd_entries() {
	sqlite3 "$run/feedd/feedd.db" \
	    'SELECT count(*) FROM entries WHERE purged = 0' 2>/dev/null || echo -
}
feedd_summary() {
	grep -o 'feeds: [0-9]* ok, [0-9]* failed, [0-9]* not modified' \
	    "$run/log/$1.out" "$run/log/$1.err" 2>/dev/null | head -1 | sed 's/^[^:]*://'
}

# poll SECTION RUN: one poll by every tool, in the state left by the last
poll() {
	local sec=$1 r=$2 n
	local lg=$sec-feedd-$r
	measure "$lg" "$feedd" -c "$conf" --once
	record "$sec" feedd "$r" "$t_wall" "$t_user" "$t_sys" "$t_rss" \
	    "$(feedd_entries)" "HTTP $t_http; $(feedd_summary "$lg")"

	if [ "$have_sfeed" = 1 ]; then
		lg=$sec-sfeed-$r
		measure "$lg" sfeed_update "$sfdir/sfeedrc"
		n=$(cat "$sfdir"/feeds/* 2>/dev/null | wc -l)
		record "$sec" "sfeed_update (16 jobs, ETag recipe)" "$r" "$t_wall" \
		    "$t_user" "$t_sys" "$t_rss" "$n" \
		    "HTTP $t_http; $(grep -c FAIL "$run/log/$lg.err") feeds FAIL"
	else
		skip "$sec" sfeed_update "not installed"
	fi

	if [ "$no_nb" = 1 ]; then
		[ "$r" = 1 ] && skip "$sec" newsboat "left out (--no-newsboat)"
	elif [ "$have_newsboat" = 1 ]; then
		lg=$sec-newsboat-$r
		measure "$lg" env HOME="$nbdir/home" newsboat -x reload \
		    -u "$run/urls.txt" -c "$nbdir/cache.db" -C "$nbdir/config"
		n=$(sqlite3 "$nbdir/cache.db" 'SELECT count(*) FROM rss_item' \
		    2>/dev/null || echo -)
		record "$sec" "newsboat (reload-threads 16)" "$r" "$t_wall" \
		    "$t_user" "$t_sys" "$t_rss" "$n" "HTTP $t_http"
	else
		skip "$sec" newsboat "not installed"
	fi

	if [ "$sec" = a ] && [ "$no_fp" = 1 ]; then
		[ "$r" = 1 ] && skip "$sec" "python3 feedparser" \
		    "left out (--no-feedparser)"
	elif [ "$sec" = a ]; then
		if [ "$have_fp" = 1 ]; then
			lg=$sec-feedparser-$r
			measure "$lg" "$fp_python" "$here/feedparser_poll.py" "$run/urls.txt"
			n=$(awk '{ print $2 }' "$run/log/$lg.out")
			record "$sec" "python3 feedparser (16 threads)" "$r" \
			    "$t_wall" "$t_user" "$t_sys" "$t_rss" "${n:--}" \
			    "HTTP $t_http; $(awk '{ print $4 }' "$run/log/$lg.out") unique links"
		else
			skip "$sec" "python3 feedparser" "not installed"
		fi
	elif [ "$r" = 1 ]; then
		skip "$sec" "python3 feedparser" \
		    "no conditional GET in the pipeline: a full re-poll, as (a)"
	fi
}

# --- 3a-c. polls ------------------------------------------------------------
if want a || want b || want c; then
	for r in $(seq "$runs"); do
		say "run $r/$runs: fresh state, cold poll (a)"
		reset_docroot
		rm -rf "$run/feedd/feedd.db"* "$run/feedd/www" "$sfdir" "$nbdir"
		write_sfeedrc
		mkdir -p "$nbdir/home"
		printf 'reload-threads 16\n' > "$nbdir/config"
		poll a "$r"
		if want b || want c; then
			say "run $r/$runs: second poll, nothing changed (b)"
			poll b "$r"
		fi
		if want c; then
			n=$(python3 "$here/modify.py" "$docroot/feeds" "run$r")
			sleep 2
			say "run $r/$runs: $n feeds changed, poll (c)"
			poll c "$r"
		fi
	done
	if ! want b; then
		sed -i '/^b\t/d' "$raw"
	fi
fi

# --- 3d. parse throughput -----------------------------------------------------
largest=$(ls -S "$corpus/feeds" | head -1)
if want d; then
	for r in $(seq "$runs"); do
		say "run $r/$runs: parse every file (d)"
		measure d-feedctl-$r sh -c \
		    'for f in "$1"/*.xml; do "$0" parse "$f" >/dev/null || exit 1; done' \
		    "$feedctl" "$corpus/feeds"
		[ "$t_rc" = 0 ] || say "feedctl parse failed on some file"
		record d "feedctl parse" "$r" "$t_wall" "$t_user" "$t_sys" \
		    "$t_rss" - "one process per file"
		measure d-feedctl1-$r "$feedctl" parse "$corpus"/feeds/*.xml
		[ "$t_rc" = 0 ] || say "feedctl parse failed on some file"
		record d "feedctl parse (one process)" "$r" "$t_wall" \
		    "$t_user" "$t_sys" "$t_rss" - ""
		if [ "$have_xmllint" = 1 ]; then
			measure d-xmllint-$r sh -c \
			    'for f in "$0"/*.xml; do xmllint --stream --noout "$f" 2>/dev/null; done; exit 0' \
			    "$corpus/feeds"
			record d "xmllint --stream --noout" "$r" "$t_wall" "$t_user" \
			    "$t_sys" "$t_rss" - "one process per file"
			measure d-xmllint1-$r sh -c \
			    'xmllint --stream --noout "$0"/*.xml 2>/dev/null; exit 0' \
			    "$corpus/feeds"
			record d "xmllint --stream --noout (one process)" "$r" \
			    "$t_wall" "$t_user" "$t_sys" "$t_rss" - ""
		else
			skip d xmllint "not installed"
		fi
	done
	if [ "$quick" = 1 ]; then
		skip dc "feedctl parse" "skipped (--quick)"
	elif [ "$have_valgrind" = 0 ]; then
		skip dc "valgrind" "not installed"
	else
		say "callgrind on $largest (d)"
		cg() {	# NAME CMD...
			local name=$1
			shift
			valgrind --tool=callgrind \
			    --callgrind-out-file="$run/tmp/callgrind.%p" "$@" \
			    >/dev/null 2>"$run/log/callgrind-$name.err"
			sed -n 's/.*Collected : \([0-9]*\).*/\1/p' \
			    "$run/log/callgrind-$name.err" | tail -1
		}
		ir=$(cg feedctl "$feedctl" parse "$corpus/feeds/$largest")
		record dc "feedctl parse" 1 - "${ir:-0}" 0 - - \
		    "$largest, $(stat -c %s "$corpus/feeds/$largest") bytes; whole process"
		ir=$(cg xmllint xmllint --stream --noout "$corpus/feeds/$largest")
		record dc "xmllint --stream --noout" 1 - "${ir:-0}" 0 - - ""
	fi
fi

# proc_cpu PID: utime+stime of the process in seconds
proc_cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' \
	    "/proc/$1/stat"
}
proc_status() {	# PID FIELD -> value in kB (or count)
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}
# The daemon answers on its socket (feedctl status alone would answer from
# the database).  A database feedd did not close itself, like the render
# copy, is checked with PRAGMA quick_check first: allow 10 minutes.
start_daemon() {	# CONF LOG
	local t0=$(date +%s)
	"$feedd" -c "$1" 2>"$2" &
	daemon_pid=$!
	for i in $(seq 6000); do
		if [ -S "$(dirname "$1")/feedd.sock" ] &&
		    "$feedctl" -c "$1" status >/dev/null 2>&1; then
			daemon_start_s=$(( $(date +%s) - t0 ))
			return 0
		fi
		kill -0 "$daemon_pid" 2>/dev/null || break
		sleep 0.1
	done
	say "the daemon did not come up: $(tail -2 "$2")"
	return 1
}
stop_daemon() {
	kill -TERM "$daemon_pid" 2>/dev/null
	wait "$daemon_pid" 2>/dev/null
	daemon_pid=
}

# --- 3e. render with 1,000,000 entries ---------------------------------------
if want e; then
	if [ "$quick" = 1 ]; then
		skip e feedd "skipped (--quick)"
	else
		rd=$run/render
		write_feedd_conf "$rd/feedd.conf" "$rd"
		if [ ! -f "$run/feedd/feedd.db" ]; then
			say "cold poll for the render database"
			"$feedd" -c "$conf" --once >/dev/null 2>&1
		fi
		cp "$run/feedd/feedd.db" "$rd/feedd.db"
		need=$((render_entries - $(sqlite3 "$rd/feedd.db" 'SELECT count(*) FROM entries')))
		say "multiplying the entries to $render_entries (e)"
		# Copies of the stored entries, each copy k days older, with
		# unique url_hash and the same entry_feeds/entry_tags rows.  The
		# FTS triggers are dropped meanwhile (a trigram index of 1M
		# articles takes long and render does not read it) and put back;
		# a rollback journal, not the WAL, so that the copy is written once.
		trig=$(sqlite3 "$rd/feedd.db" "SELECT sql || ';' FROM sqlite_master
		    WHERE type = 'trigger' AND name LIKE 'entries_fts_%'")
		sqlite3 "$rd/feedd.db" >"$run/log/e-build.out" 2>&1 <<-EOF
		PRAGMA journal_mode = DELETE;
		PRAGMA synchronous = OFF;
		DROP TRIGGER IF EXISTS entries_fts_ai;
		DROP TRIGGER IF EXISTS entries_fts_ad;
		DROP TRIGGER IF EXISTS entries_fts_au;
		BEGIN;
		CREATE TEMP TABLE k(n INTEGER PRIMARY KEY);
		WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c
		    WHERE n < 2000) INSERT INTO k SELECT n FROM c;
		CREATE TEMP TABLE map(orig INTEGER, new TEXT, n INTEGER);
		INSERT INTO map SELECT e.id,
		    substr(e.url_hash, 1, 58) || printf('%06x', k.n), k.n
		    FROM k CROSS JOIN entries e WHERE e.purged = 0
		    ORDER BY k.n, e.id
		    LIMIT $need;
		CREATE TEMP TABLE base AS SELECT max(id) AS b FROM entries;
		-- A copy keeps the first 58 hex digits, so its url_key too.
		INSERT INTO entries(url_key, url_hash, url, guid, feed_id, title,
		    authors, published, updated, first_seen, sort_date, summary,
		    content, thumbnail, lang, purged)
		    SELECT e.url_key, m.new, e.url || '#copy' || m.n,
		    CASE WHEN e.guid IS NULL THEN NULL ELSE e.guid || '-' || m.n END,
		    e.feed_id, e.title, e.authors, e.published - m.n * 86400,
		    e.updated - m.n * 86400, e.first_seen - m.n * 86400,
		    e.sort_date - m.n * 86400, e.summary, e.content, e.thumbnail,
		    e.lang, 0
		    FROM map m JOIN entries e ON e.id = m.orig ORDER BY m.rowid;
		-- Inserted in map's order: the copies' ids follow the old last.
		CREATE TEMP TABLE idmap(orig INTEGER, new INTEGER PRIMARY KEY);
		INSERT INTO idmap SELECT m.orig, base.b + m.rowid FROM map m, base;
		CREATE INDEX temp.idmap_orig ON idmap(orig);
		INSERT INTO entry_feeds(entry_id, feed_id)
		    SELECT m.new, f.feed_id FROM idmap m
		    JOIN entry_feeds f ON f.entry_id = m.orig ORDER BY 1, 2;
		INSERT INTO entry_tags(entry_id, tag)
		    SELECT m.new, t.tag FROM idmap m
		    JOIN entry_tags t ON t.entry_id = m.orig ORDER BY 1, 2;
		COMMIT;
		$trig
		PRAGMA journal_mode = WAL;
		SELECT 'entries', count(*) FROM entries WHERE purged = 0;
		EOF
		n=$(sqlite3 "$rd/feedd.db" 'SELECT count(*) FROM entries WHERE purged = 0')
		dbmb=$(du -m "$rd/feedd.db" | cut -f1)
		say "render database: $n entries, $dbmb MB"
		if [ "$n" -lt "$render_entries" ]; then
			skip e feedd "FAILED: the render database has $n entries, not $render_entries: $(grep -i error "$run/log/e-build.out" | head -1)"
		elif start_daemon "$rd/feedd.conf" "$run/log/e-daemon.err"; then
			sleep 2
			for r in $(seq "$runs"); do
				c0=$(proc_cpu "$daemon_pid")
				measure e-render-$r "$feedctl" -c "$rd/feedd.conf" render
				c1=$(proc_cpu "$daemon_pid")
				cpu=$(awk -v a="$c0" -v b="$c1" -v u="$t_user" -v s="$t_sys" \
				    'BEGIN { printf "%.2f", b - a + u + s }')
				hwm=$(proc_status "$daemon_pid" VmHWM)
				if [ "$t_rc" != 0 ]; then
					skip e "feedd (daemon) + feedctl render" \
					    "FAILED: $(head -1 "$run/log/e-render-$r.err")"
					continue
				fi
				record e "feedd (daemon) + feedctl render" "$r" "$t_wall" \
				    "$cpu" 0 "$hwm" "$n" \
				    "CPU = daemon's /proc delta + feedctl; RSS = daemon VmHWM; DB $dbmb MB; the copies wait unindexed for search (schema 8); daemon start ${daemon_start_s} s (quick_check of a database feedd did not close); $(tr '\n' ' ' < "$run/log/e-render-$r.out" | cut -c1-80)"
			done
			stop_daemon
		else
			skip e feedd "the daemon did not start (see log/e-daemon.err)"
		fi
	fi
fi

# --- 3f. idle daemon --------------------------------------------------------
if want f; then
	if [ ! -f "$run/feedd/feedd.db" ]; then
		say "cold poll before the idle test"
		"$feedd" -c "$conf" --once >/dev/null 2>&1
	fi
	say "idle daemon over ${idle}s (f)"
	if start_daemon "$conf" "$run/log/f-daemon.err"; then
		sleep 3
		c0=$(proc_cpu "$daemon_pid")
		w0=$(proc_status "$daemon_pid" voluntary_ctxt_switches)
		sleep "$idle"
		c1=$(proc_cpu "$daemon_pid")
		w1=$(proc_status "$daemon_pid" voluntary_ctxt_switches)
		rss=$(proc_status "$daemon_pid" VmRSS)
		hwm=$(proc_status "$daemon_pid" VmHWM)
		cpu=$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }')
		pct=$(awk -v c="$cpu" -v t="$idle" 'BEGIN { printf "%.2f", 100 * c / t }')
		record f "feedd -c CONF ($feeds feeds scheduled)" 1 "$idle" "$cpu" 0 \
		    "$rss" "$(feedd_entries)" \
		    "$pct% CPU; $((w1 - w0)) wake-ups (main thread voluntary context switches); VmHWM $((hwm / 1024)) MB"
		stop_daemon
	else
		skip f feedd "the daemon did not start (see log/f-daemon.err)"
	fi
	skip f "sfeed, newsboat" "n/a: no daemon (run from cron)"
fi

# --- 4. the table ---------------------------------------------------------------
{
	printf '\nCorpus: %s feeds, %s bytes, %s entries, %s unique canonical URLs (manifest), seed %s. ' \
	    "$feeds" "$bytes_total" "$entries_total" "$unique_urls" "$seed"
	printf 'Medians of %s run(s), min–max in brackets.\n\n' "$runs"
	printf 'Machine: %s CPUs, %s, Linux %s. ' "$(nproc)" \
	    "$(LC_ALL=C lscpu | sed -n 's/^Model name: *//p' | head -1)" "$(uname -r)"
	printf 'Versions: %s; %s; %s; sfeed %s; %s; feedparser %s; %s.\n\n' \
	    "$("$feedd" --version 2>&1 | head -1)" \
	    "$("$nginx_bin" -v 2>&1 | sed 's/.*: //')" \
	    "$(curl --version | head -1 | cut -d' ' -f1-2)" \
	    "$(dpkg-query -W -f '${Version}' sfeed 2>/dev/null || echo -)" \
	    "$(newsboat -v 2>/dev/null | head -1 | cut -d' ' -f1-2 || echo newsboat -)" \
	    "$([ "$have_fp" = 1 ] && "$fp_python" -c 'import feedparser; print(feedparser.__version__)' 2>/dev/null || echo -)" \
	    "xmllint $(xmllint --version 2>&1 | head -1 | sed 's/.*version //')"
	printf 'Command: `%s` (%s)\n' "$cmdline" "$(date -u +%Y-%m-%d)"
} > "$run/meta.txt"
python3 "$here/summarize.py" "$raw" "$run/meta.txt" "$feeds" "$bytes_total" \
    > "$work/results.md" || die "summarize.py failed"
cat "$work/results.md"
say "written to $work/results.md (logs in $run/log)"
