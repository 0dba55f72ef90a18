# lib.sh - shared by the end-to-end tests (sourced, after TESTDIR and FEEDD
# are checked): a private temp dir removed on exit, the background server
# stopped on exit, a TAP counter, and waiting for a server's port.

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not available"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-e2e.XXXXXX") || exit 1
srv=
cleanup() {
	[ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

n=0
nfail=0
ok() {	# ok EXIT-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"; nfail=$((nfail + 1)); fi
}

# wait_port FILE: until a started server has printed its port into FILE.
wait_port() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	head -1 "$1"
}
