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
CMD=parse
DIR=parse
DEFARGS="--base https://example.org/feed.xml"
expected_of() { echo "$TESTDIR/parse/expected/$1.out"; }
: "${TESTDIR:?TESTDIR must name the tests directory}"
. "$TESTDIR/golden.sh"
golden_run "$TESTDIR"/parse/xml/* "$TESTDIR"/parse/json/* \
    "$TESTDIR"/parse/misc/*
