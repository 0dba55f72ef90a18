#!/bin/sh
# run.sh - the crash loop (make check-crash): SIGKILL feedd --once and the
# daemon at seeded random moments on a generated corpus, restart, and
# check the database and the outputs after every kill (see crash.py).
# Usage: run.sh [--kills N] [--seed S] [--feeds N] [--keep]; CRASH_KILLS
# and CRASH_SEED set the defaults.  Speaks TAP.
set -u
: "${FEEDD:?FEEDD must name the feedd binary}"
: "${FEEDCTL:?FEEDCTL must name the feedctl binary}"
: "${TESTDIR:?TESTDIR must name the tests directory}"
if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not available"
	exit 0
fi
# gen_corpus.py lives in the shared/ directory beside the repository,
# as for tests/bench/run.sh.
shared=${FEEDD_SHARED:-$TESTDIR/../../shared}
GEN_CORPUS=$shared/bench/gen_corpus.py
if [ ! -f "$GEN_CORPUS" ]; then
	echo "1..0 # SKIP no $GEN_CORPUS (set FEEDD_SHARED)"
	exit 0
fi
export FEEDD FEEDCTL GEN_CORPUS
exec python3 "$TESTDIR/crash/crash.py" "$@"
