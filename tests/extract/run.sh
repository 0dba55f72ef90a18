#!/bin/sh
# run.sh - golden tests for `feedctl extract`: every page under
# tests/extract/ that has an expected transcript under
# tests/extract/expected/ is extracted and compared byte for byte.  The
# transcript is stdout, then "--- exit N" and stderr when the exit status
# is not 0.  NAME.args beside a page holds extra arguments (default:
# --base https://example.org/news/article.html).  Speaks TAP.
#
# Regenerate after a deliberate change (then review the diff!):
#   FEEDCTL=$PWD/_build/feedctl TESTDIR=$PWD/tests sh tests/extract/run.sh --regen
set -u
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
regen=0
[ "${1:-}" = "--regen" ] && regen=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-extract.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Run from tests/extract with a relative path, so messages that name the
# file read the same in every build directory.
transcript() {
	page=$1
	args="--base https://example.org/news/article.html"
	[ -f "$TESTDIR/extract/$page.args" ] &&
	    args=$(cat "$TESTDIR/extract/$page.args")
	# shellcheck disable=SC2086
	(cd "$TESTDIR/extract" && "$FEEDCTL" extract $args "$page") \
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
for page in "$TESTDIR"/extract/*.html; do
	[ -f "$page" ] || continue
	rel=${page#"$TESTDIR"/extract/}
	expected="$TESTDIR/extract/expected/${rel%.html}.json"
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
		echo "ok $n - extract $rel"
	else
		failed=$((failed + 1))
		echo "not ok $n - extract $rel"
		diff -u "$expected" "$tmp/got" | sed 's/^/# /' | head -40
	fi
done
[ "$regen" -eq 1 ] && exit 0
if [ "$n" -eq 0 ]; then
	echo "not ok 1 - no golden pages found under $TESTDIR/extract"
	n=1
	failed=1
fi
echo "1..$n"
[ "$failed" -eq 0 ]
