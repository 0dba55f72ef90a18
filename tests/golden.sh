# golden.sh - the golden-transcript runner tests/parse/run.sh and
# tests/extract/run.sh share (sourced).  The caller sets CMD (the feedctl
# command), DIR (its directory under TESTDIR) and DEFARGS (arguments when
# a NAME.args file gives none), defines expected_of REL (the expected
# transcript's path), then calls golden_run FILE...; --regen rewrites the
# expected files instead of comparing.  Speaks TAP.
set -u
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
regen=0
[ "${1:-}" = "--regen" ] && regen=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-$CMD.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Run from the fixtures' directory with a relative path, so messages that
# name the file read the same in every build directory.
transcript() {
	args=$DEFARGS
	[ -f "$TESTDIR/$DIR/$1.args" ] && args=$(cat "$TESTDIR/$DIR/$1.args")
	# shellcheck disable=SC2086
	(cd "$TESTDIR/$DIR" && "$FEEDCTL" "$CMD" $args "$1") \
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

golden_run() {
	n=0
	failed=0
	for file in "$@"; do
		[ -f "$file" ] || continue
		case $file in *.args) continue ;; esac
		rel=${file#"$TESTDIR"/"$DIR"/}
		expected=$(expected_of "$rel")
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
			echo "ok $n - $CMD $rel"
		else
			failed=$((failed + 1))
			echo "not ok $n - $CMD $rel"
			diff -u "$expected" "$tmp/got" | sed 's/^/# /' | head -40
		fi
	done
	[ "$regen" -eq 1 ] && exit 0
	if [ "$n" -eq 0 ]; then
		echo "not ok 1 - no golden files found under $TESTDIR/$DIR"
		n=1
		failed=1
	fi
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
