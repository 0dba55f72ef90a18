#!/usr/bin/env python3
"""gen.py - writes the hostile cases too big (or too binary) to commit
into the directory named on the command line: 100,000 entries in one feed,
a 10 MB title, nesting 10,000 deep (XML elements and escaped HTML), and
invalid UTF-8 with XML-illegal control characters.  Standard library only.
"""
import os
import sys

out = sys.argv[1]
many = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
os.makedirs(out, exist_ok=True)


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        b'<title>%s</title><link>https://big.example/</link>\n')
TAIL = b'</channel></rss>\n'

# 100,000 entries (or argv[2]): one join, no per-item formatting beyond the index.
items = b"".join(
    b'<item><title>Item %d</title><link>https://big.example/i/%d</link>'
    b'<pubDate>Tue, 11 Feb 2025 07:00:00 GMT</pubDate></item>\n' % (i, i)
    for i in range(many))
write("many.xml", HEAD % b"Many" + items + TAIL)

# A 10 MB title (and a 10 MB escaped-HTML description next to it).
big = b"T" * (10 * 1024 * 1024)
write("bigtitle.xml", HEAD % b"Big" +
      b'<item><title>BIGSTART' + big + b'</title>'
      b'<link>https://big.example/t</link><description>' +
      b"&lt;b&gt;" + b"d" * (1024 * 1024) + b"&lt;/b&gt;" +
      b'</description></item>\n' +
      b'<item><title>Small after big</title>'
      b'<link>https://big.example/s</link></item>\n' + TAIL)

# 10,000 levels of XML elements inside an item, and 10,000 levels of
# escaped HTML in another item's description.
deep = b"<x>" * 10000 + b"deep" + b"</x>" * 10000
html = b"&lt;div&gt;" * 10000 + b"KEEP-DEEP" + b"&lt;/div&gt;" * 10000
write("deep.xml", HEAD % b"Deep" +
      b'<item><title>Deep HTML</title><link>https://big.example/d2</link>'
      b'<description>' + html + b'</description></item>\n'
      b'<item><title>Deep XML</title><link>https://big.example/d1</link>'
      b'<description>' + deep + b'</description></item>\n' + TAIL)
write("deep-doc.xml", b'<?xml version="1.0"?>\n' + b"<rss>" * 10000 +
      b"</rss>" * 10000 + b"\n")

# Invalid UTF-8 (lone continuation, overlong, surrogates, truncated) and
# XML-illegal characters, raw and as character references.
bad = (b"\x80\xbf \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe4\xb8 "
       b"\x01\x02\x0b\x0c\x1b\x7f \xef\xbf\xbe \xef\xbf\xbf")
write("badbytes.xml", HEAD % (b"Bad\x01bytes\xff") +
      b'<item><title>BAD-TITLE ' + bad + b'&#1;&#xFFFE;&#xD800;</title>'
      b'<link>https://bad.example/1</link><description>KEEP-BAD ' + bad +
      b' &amp;#1;&amp;#xD800;&amp;#x1F;&amp;#0;</description>'
      b'<category>cat' + bad + b'</category></item>\n'
      b'<item><title>\xff\xfe</title><link>https://bad.example/2\x01</link>'
      b'<description>' + bad + b'</description></item>\n' + TAIL)

# A 1,000-character title for the Markdown file name.
write("longtitle.xml", HEAD % b"Long" +
      b'<item><title>' + "长".encode() * 600 + b"x" * 400 + b'</title>'
      b'<link>https://big.example/long</link><description>KEEP-LONG'
      b'</description></item>\n' + TAIL)
