#!/bin/sh
# shellcheck shell=bash disable=SC2123
# completion.sh - checks contrib/bash-completion/feedctl by sourcing it in
# bash and calling its function with COMP_WORDS set, as bash would on TAB.
# Needs no daemon: tag completion runs once with no feedctl on PATH (it must
# stay silent) and once with a stub that prints `feedctl list --json`.
# Speaks TAP.

# The completion is bash; this script re-runs itself under bash.
if [ -z "${BASH_VERSION:-}" ]; then
	if ! command -v bash >/dev/null 2>&1; then
		echo "1..0 # SKIP bash not available"
		exit 0
	fi
	exec bash "$0" "$@"
fi
set -u

: "${TESTDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
comp=$TESTDIR/../contrib/bash-completion/feedctl

tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-comp.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

if [ ! -r "$comp" ]; then
	echo "Bail out! cannot read $comp"
	exit 1
fi
echo "1..24"
n=0
failed=0
ok() {	# ok EXIT-STATUS DESCRIPTION [DIAGNOSTIC]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=1
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && printf '# %s\n' "$3"
	fi
}

# complete WORD...: run the completion on the command line WORD..., the
# last word being the one under the cursor.  Sets got (the sorted
# candidates, space-separated) and err (what it wrote on stderr).
complete_line() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_feedctl 2>"$tmp/stderr"
	err=$(cat "$tmp/stderr")
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	got=${got% }
}

# expect DESCRIPTION WANT WORD...: the candidates are exactly WANT.
expect() {
	local what=$1 want=$2
	shift 2
	complete_line "$@"
	# "a\ b" is one candidate holding a space.
	want=${want//\\ /@SP@}
	# shellcheck disable=SC2086 # split the list on purpose
	want=$(printf '%s\n' $want | sort | tr '\n' ' ')
	want=${want% }
	want=${want//@SP@/\\ }
	[ "$got" = "$want" ] && [ -z "$err" ]
	ok $? "$what" "got '$got', want '$want'${err:+, stderr: $err}"
}

# The stub, the tools and the files live in $tmp.
mkdir -p "$tmp/bin" "$tmp/nobin" "$tmp/files"
: >"$tmp/files/subs.opml"
: >"$tmp/files/feed.xml"
: >"$tmp/files/other.conf"
cat >"$tmp/bin/feedctl" <<'EOF'
#!/bin/sh
printf '%s\n' "$*" >>"${0%/bin/feedctl}/args"
cat <<'JSON'
[
  {
    "id": 1,
    "url": "https://example.org/feed.xml",
    "tags": [
      "tech",
      "news"
    ]
  },
  {
    "id": 2,
    "url": "https://example.com/atom.xml",
    "tags": []
  },
  {
    "id": 3,
    "url": "https://blog.example.com/atom.xml",
    "tags": [
      "中文",
      "news",
      "read later"
    ]
  }
]
JSON
EOF
chmod +x "$tmp/bin/feedctl"

# shellcheck source=/dev/null
[ -r "$comp" ] && out=$( (set -u; . "$comp") 2>&1) && [ -z "$out" ]
ok $? "the completion file sources cleanly under set -u" "${out:-$comp}"
# shellcheck source=/dev/null
. "$comp"
set -u
complete -p feedctl 2>/dev/null | grep -q -- '-F _feedctl'
ok $? "it registers _feedctl for feedctl"

# The commands feedctl itself lists, so the completion cannot drift.
if [ -n "${FEEDCTL:-}" ] && [ -x "$FEEDCTL" ]; then
	all=$("$FEEDCTL" --help | awk '/^  [a-z]/ { print $1 }')
else
	all="status list add remove tag enable disable refresh entries show
search import export config check render reload add-page preview parse
extract"
fi

# The tools the checks use, without whatever feedctl may be installed.
for t in awk cat grep rm sort tr; do
	p=$(command -v "$t") || exit 1
	ln -s "$p" "$tmp/nobin/$t"
done
cd "$tmp/files" || exit 1
PATH=$tmp/nobin

expect "every command after feedctl" "$all" feedctl ""
expect "commands by prefix" "remove refresh render reload" feedctl re
expect "global options" "-c --config --version --help" feedctl -
expect "-c completes file names" "feed.xml other.conf subs.opml" \
    feedctl -c ""
expect "-c FILE is skipped before the command" "status show search" \
    feedctl -c other.conf s
expect "--config=FILE is skipped before the command" "list" \
    feedctl --config=other.conf li
expect "list options" "--tag --failing --json --help" feedctl list --
expect "refresh options" "--all --failing --wait --json --help" \
    feedctl refresh -
expect "entries options include -n" "--tag --feed --since -n --json --help" \
    feedctl entries -
expect "parse options" "--base --charset --timezone --max-size --help" \
    feedctl parse --
expect "commands without options offer --help" "--help" feedctl reload -
expect "import completes file names" "subs.opml" feedctl import su
expect "parse completes file names" "feed.xml" feedctl parse fe
expect "no file names for other commands" "" feedctl status ""
expect "--interval values" "auto" feedctl add https://x.example/ \
    --interval a
expect "nothing is guessed after --since" "" feedctl entries --since ""

# No feedctl on PATH: --tag completes nothing, silently.
expect "--tag without feedctl: no error, no candidates" "" \
    feedctl list --tag ""

PATH=$tmp/bin:$tmp/nobin
expect "--tag offers the tags of feedctl list --json" \
    "tech news 中文 read\\ later" feedctl list --tag ""
expect "--tag by prefix" "tech" feedctl entries --tag t
expect "--tag=PREFIX" "news" feedctl add u --tag = n
expect "+tag and -tag in feedctl tag" "+news" feedctl tag 3 +ne
: >"$tmp/args"
complete_line feedctl -c other.conf import --tag ""
grep -q -x -- "-c other.conf list --json" "$tmp/args"
ok $? "-c FILE is passed on when asking for tags" "$(cat "$tmp/args")"
exit $failed
