#!/bin/sh
# run.sh - golden tests for `feedctl parse`: every fixture under
# tests/parse/{xml,json} that has an expected transcript under
# tests/parse/expected/ is parsed and compared byte for byte.  The
# transcript is stdout, then "--- exit N" and stderr when the exit status
# is not 0.  NAME.args beside a fixture holds extra arguments (default:
# --base https://example.org/feed.xml).  Speaks TAP.
#
# Regenerate after a deliberate change (then review the diff!):
#   FEEDCTL=$PWD/_build/feedctl TESTDIR=$PWD/tests sh tests/parse/run.sh --regen
set -u
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
regen=0
[ "${1:-}" = "--regen" ] && regen=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-parse.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Run from tests/parse with a relative path, so messages that name the
# file read the same in every build directory.
transcript() {
	fixture=$1
	args="--base https://example.org/feed.xml"
	[ -f "$TESTDIR/parse/$fixture.args" ] &&
	    args=$(cat "$TESTDIR/parse/$fixture.args")
	# shellcheck disable=SC2086
	(cd "$TESTDIR/parse" && "$FEEDCTL" parse $args "$fixture") \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	cat "$tmp/out"
	if [ "$rc" -ne 0 ]; then
		echo "--- exit $rc"
		cat "$tmp/err"
	elif [ -s "$tmp/err" ]; then
		echo "--- stderr"
		cat "$tmp/err"
	fi
}

n=0
failed=0
for fixture in "$TESTDIR"/parse/xml/* "$TESTDIR"/parse/json/* \
    "$TESTDIR"/parse/misc/*; do
	[ -f "$fixture" ] || continue
	case $fixture in *.args) continue ;; esac
	rel=${fixture#"$TESTDIR"/parse/}
	expected="$TESTDIR/parse/expected/$rel.out"
	if [ "$regen" -eq 1 ]; then
		mkdir -p "$(dirname "$expected")"
		transcript "$rel" >"$expected"
		echo "wrote $expected"
		continue
	fi
	[ -f "$expected" ] || continue
	n=$((n + 1))
	transcript "$rel" >"$tmp/got"
	if cmp -s "$tmp/got" "$expected"; then
		echo "ok $n - parse $rel"
	else
		failed=$((failed + 1))
		echo "not ok $n - parse $rel"
		diff -u "$expected" "$tmp/got" | sed 's/^/# /' | head -40
	fi
done
[ "$regen" -eq 1 ] && exit 0
if [ "$n" -eq 0 ]; then
	echo "not ok 1 - no golden fixtures found under $TESTDIR/parse"
	n=1
	failed=1
fi
echo "1..$n"
[ "$failed" -eq 0 ]
