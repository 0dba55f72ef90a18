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
CMD=extract
DIR=extract
DEFARGS="--base https://example.org/news/article.html"
expected_of() { echo "$TESTDIR/extract/expected/${1%.html}.json"; }
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/golden.sh"
golden_run "$TESTDIR"/extract/*.html
