#!/bin/sh
# seeds.sh - the seed corpus of one fuzz target, made from the test
# fixtures: sh seeds.sh TARGET SRCDIR OUTDIR (make fuzz-smoke runs it).
# Small inputs (dates, URLs, requests) come one a file from fixed lists
# and from the values the fixture feeds carry.
set -e
t=$1 src=$2 out=$3
mkdir -p "$out"
n=0
# One seed a line of standard input.
lines() {
	while IFS= read -r l; do
		[ -n "$l" ] || continue
		n=$((n + 1))
		printf '%s' "$l" >"$out/line-$n"
	done
}
# The text of the given elements in the fixture feeds.
values() {
	for f in "$src"/tests/parse/xml/*.xml "$src"/tests/parse/json/*.json; do
		for e in "$@"; do
			sed -n "s|.*<$e[^>]*>\([^<]*\)</$e>.*|\1|p" "$f"
		done
	done | sort -u | head -200
}
case $t in
parse)
	cp "$src"/tests/parse/xml/* "$src"/tests/parse/json/* \
	    "$src"/tests/parse/misc/*.xml "$out"/ ;;
json)
	cp "$src"/tests/parse/json/*.json "$out"/ ;;
extract|listing)
	cp "$src"/tests/extract/*.html "$out"/ ;;
sanitize)
	cp "$src"/tests/markdown/*.html "$src"/tests/extract/*.html \
	    "$src"/tests/parse/xml/hostile.xml "$out"/ ;;
opml_md)
	cp "$src"/tests/e2e/import.opml "$src"/tests/markdown/*.html "$out"/ ;;
config)
	cp "$src"/etc/feedd.conf "$out"/
	[ ! -f "$src"/etc/feedd-sample.conf.in ] ||
	    cp "$src"/etc/feedd-sample.conf.in "$out"/ ;;
date)
	values pubDate updated published dc:date lastBuildDate | lines
	lines <<'E'
Tue, 11 Feb 2025 07:49:32 GMT
Tue, 11 Feb 2025 07:49:32 +0800
11 Feb 2025 07:49 EST
2025-02-11T07:49:32Z
2025-02-11T07:49:32.123+08:00
2025-02-11 07:49:32
2025-02-11
20250211T074932Z
2025年2月11日 07:49
2025年02月11日
Tuesday, February 11, 2025
E
	;;
url)
	{ values link id guid; cat <<'E'
http://example.com/a/b?utm_source=x&q=1#frag
HTTPS://EXAMPLE.COM:443/%7Euser/./a/../b?fbclid=1
http://[::1]:8080/p
//cdn.example.com/x.png
../up/one?x#y
mailto:someone@example.com
javascript:alert(1)
http://user:pass@example.com/
http:/e/%2e
E
	} | while IFS= read -r l; do
		n=$((n + 1))
		printf 'http://example.com/a/b?c=d\n%s' "$l" >"$out/url-$n"
	done ;;
control)
	lines <<'E'
{"cmd":"status"}
{"cmd":"list"}
{"cmd":"list","tag":"news","failing":true}
{"cmd":"entries","n":5,"tag":"tech","since":"2025-02-01"}
{"cmd":"entries","feed":"https://example.org/feed.xml"}
{"cmd":"entries","feed":"1","n":-1}
{"cmd":"show","entry":"a"}
{"cmd":"search","query":"hello","n":3}
{"cmd":"search","query":"\"searchable\" OR text*"}
{"cmd":"export"}
{"cmd":"config"}
{"cmd":"refresh","wait":true}
E
	;;
*)
	echo "seeds.sh: no seeds for $t" >&2
	exit 1 ;;
esac
