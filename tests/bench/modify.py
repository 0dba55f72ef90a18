#!/usr/bin/env python3
# modify.py - change a tenth of the served corpus for the "10% changed" poll:
# one new item is put in front of the first item/entry of every tenth feed,
# so the file's size and mtime (nginx's ETag and Last-Modified) change and
# every client sees exactly one new article per changed feed.
# usage: modify.py FEEDS_DIR TAG   (prints how many files were changed)

import os
import re
import sys


def main():
    d, tag = sys.argv[1], sys.argv[2]
    names = sorted(n for n in os.listdir(d) if n.endswith(".xml"))
    changed = 0
    for i, n in enumerate(names):
        if i % 10 != 0:
            continue
        p = os.path.join(d, n)
        with open(p, "rb") as f:
            data = f.read()
        url = "http://bench.invalid/changed/%s/%s" % (tag, n)
        m = re.search(rb"<entry[\s>]", data)
        if m:
            new = ("<entry><title>Changed %s</title><id>%s</id>"
                   "<link href=\"%s\"/><updated>2026-01-16T00:00:00Z"
                   "</updated><summary>bench change</summary></entry>"
                   % (tag, url, url)).encode()
        else:
            m = re.search(rb"<item[\s>]", data)
            if not m:
                continue
            new = ("<item rdf:about=\"%s\"><title>Changed %s</title>"
                   "<link>%s</link><guid>%s</guid>"
                   "<description>bench change</description></item>"
                   % (url, tag, url, url)).encode()
            if b"xmlns:rdf" not in data:
                new = new.replace(b" rdf:about=\"%s\"" % url.encode(), b"")
        data = data[:m.start()] + new + data[m.start():]
        with open(p, "wb") as f:
            f.write(data)
        changed += 1
    print(changed)


if __name__ == "__main__":
    main()
