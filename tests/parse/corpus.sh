#!/bin/sh
# corpus.sh - end-to-end check of `feedctl parse` against the ground truth
# of a generated corpus (../shared/bench/gen_corpus.py): every feed parses,
# including the deliberately broken ones, the entry count is exact, and
# the number of distinct url_hash keys equals the manifest's count of
# unique canonical URLs; one `feedctl parse` over many files gives the
# same.  Speaks TAP; skips (visibly) without python3 or
# the generator.
set -u
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
gen=${GEN_CORPUS:-$TESTDIR/../../shared/bench/gen_corpus.py}
if ! command -v python3 >/dev/null 2>&1 || [ ! -f "$gen" ]; then
	echo "1..0 # SKIP python3 or $gen not available"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-corpus.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

python3 "$gen" -n 60 --seed 7 -o "$tmp/c" >/dev/null || {
	echo "not ok 1 - gen_corpus.py failed"; echo "1..1"; exit 1; }
manifest() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
	    "$tmp/c/manifest.json" "$1"
}
want_entries=$(manifest entries_total)
want_keys=$(manifest unique_keys_canonical_url)
base=$(manifest base_url)

failed=0
for f in "$tmp"/c/feeds/*; do
	name=${f##*/}
	if ! "$FEEDCTL" parse --base "$base$name" "$f" >>"$tmp/all.jsonl" \
	    2>>"$tmp/err"; then
		failed=$((failed + 1))
	fi
done
if [ "$failed" -eq 0 ]; then
	echo "ok 1 - every feed of the corpus parses (broken ones recovered)"
else
	echo "not ok 1 - $failed feeds failed to parse"
	sed 's/^/# /' "$tmp/err" | head -20
fi

got_entries=$(grep -c '"type":"entry"' "$tmp/all.jsonl")
if [ "$got_entries" = "$want_entries" ]; then
	echo "ok 2 - $got_entries entries, as the manifest says"
else
	echo "not ok 2 - $got_entries entries, manifest says $want_entries"
fi

got_keys=$(grep '"type":"entry"' "$tmp/all.jsonl" |
    sed 's/.*"url_hash":"\([0-9a-f]*\)".*/\1/' | sort -u | wc -l | tr -d ' ')
if [ "$got_keys" = "$want_keys" ]; then
	echo "ok 3 - $got_keys distinct url_hash keys = unique canonical URLs"
else
	echo "not ok 3 - $got_keys distinct url_hash keys, manifest says $want_keys"
fi

if python3 -c 'import json,sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)' "$tmp/all.jsonl" 2>"$tmp/jerr"; then
	echo "ok 4 - every output line is valid JSON in valid UTF-8"
else
	echo "not ok 4 - invalid JSON output"
	sed 's/^/# /' "$tmp/jerr" | tail -3
fi
# One process over every file: the same entries, one feed line per file;
# a missing file in the list is reported, the others still parsed.
"$FEEDCTL" parse "$tmp"/c/feeds/* "$tmp/missing.xml" >"$tmp/one.jsonl" \
    2>"$tmp/one.err"
rc=$?
one_entries=$(grep -c '"type":"entry"' "$tmp/one.jsonl")
one_feeds=$(grep -c '"type":"feed"' "$tmp/one.jsonl")
nfiles=$(ls "$tmp"/c/feeds | wc -l | tr -d ' ')
if [ "$rc" = 1 ] && [ "$one_entries" = "$want_entries" ] &&
    [ "$one_feeds" = "$nfiles" ] &&
    grep -q "missing.xml: No such file" "$tmp/one.err"; then
	echo "ok 5 - one process over $nfiles files: same entries, exit 1 for the missing one"
else
	echo "not ok 5 - one process: rc $rc, $one_entries entries, $one_feeds feeds of $nfiles"
fi
echo "1..5"
