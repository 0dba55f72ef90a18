#!/usr/bin/env python3
"""server.py - the crash loop's static feed server.

Serves ROOT on 127.0.0.1 (a free port, printed on the first line), logs
every request path to LOG (one a line, so the driver can tell which feeds
a restarted daemon fetched), and waits DELAY seconds before each reply so
that a poll lasts long enough to be killed in the middle.  Exits after
600 s so that a crashed test never leaves it behind.
"""
import functools
import http.server
import signal
import sys
import time

root, log, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
signal.alarm(600)


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        with open(log, "a") as f:
            f.write(self.path + "\n")
        if delay > 0:
            time.sleep(delay)
        return super().do_GET()


s = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                    functools.partial(Handler, directory=root))
s.daemon_threads = True
print(s.server_address[1], flush=True)
s.serve_forever()
