#!/usr/bin/env python3
# feedparser_poll.py - the Python peer of the feedd benchmark: fetch every
# URL of a list with 16 threads (urllib, keep-alive is not available there, so
# one connection per feed as a typical script does) and parse each body with
# feedparser.  Prints "entries N unique_links M" for the results table.

import concurrent.futures
import sys
import urllib.request

import feedparser


def poll(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            body = r.read()
    except Exception:
        return []
    d = feedparser.parse(body, response_headers={"content-location": url})
    return [e.get("link") or e.get("id") or "" for e in d.entries]


def main():
    with open(sys.argv[1]) as f:
        urls = [line.strip() for line in f if line.strip()]
    links = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as ex:
        for got in ex.map(poll, urls):
            links.extend(got)
    print("entries %d unique_links %d" % (len(links), len(set(links))))


if __name__ == "__main__":
    main()
