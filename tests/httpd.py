#!/usr/bin/env python3
"""httpd.py - the fixture HTTP server for the fetcher tests.

Listens on 127.0.0.1 on a free port, prints the port on the first line of
stdout, and serves the routes of ROUTES until killed (or after 120 s, so a
crashed test never leaves it behind).  Standard library only.
"""
import base64
import email.utils
import gzip
import http.server
import signal
import sys
import time

RSS = (b'<?xml version="1.0" encoding="utf-8"?>\n'
       b'<rss version="2.0"><channel><title>Fixture</title>'
       b'<item><title>One</title><link>http://example.org/1</link></item>'
       b'</channel></rss>\n')
LAST_MODIFIED = "Sat, 01 Jun 2024 10:00:00 GMT"
GBK = ('<?xml version="1.0"?><rss version="2.0"><channel>'
       '<title>中文</title></channel></rss>\n').encode("gbk")
BIG_CHUNK = b"x" * 8192
BIG_CHUNKS = 25                  # 200 KiB, over the test's 64 KiB cap

# path -> reply.  Keys: status, headers, body, and the special ones
# validators (conditional GET), delay (seconds before the headers),
# chunked (number of BIG_CHUNKs, no Content-Length), auth ("user:pass"),
# retry_date (Retry-After as an HTTP-date that many seconds ahead),
# echo (request headers whose values make up the body, one a line).
ROUTES = {
    "/ok": {"headers": {"Content-Type": "application/rss+xml; charset=utf-8",
                        "ETag": '"v1"', "Last-Modified": LAST_MODIFIED},
            "body": RSS, "validators": True},
    "/gzip": {"headers": {"Content-Type": "application/rss+xml",
                          "Content-Encoding": "gzip"},
              "body": gzip.compress(RSS)},
    "/big": {"headers": {"Content-Type": "application/rss+xml"},
             "chunked": BIG_CHUNKS},
    "/slow": {"headers": {"Content-Type": "application/rss+xml"},
              "body": RSS, "delay": 5},
    "/second": {"headers": {"Content-Type": "application/rss+xml"},
                "body": RSS, "delay": 1},
    "/404": {"status": 404, "body": b"no such feed\n"},
    "/500": {"status": 500, "body": b"oops\n"},
    "/redirect": {"status": 302, "headers": {"Location": "/ok"}},
    "/perm": {"status": 301, "headers": {"Location": "/ok"}},
    "/loop": {"status": 302, "headers": {"Location": "/loop"}},
    "/gbk": {"headers": {"Content-Type": "text/xml; charset=GBK"},
             "body": GBK},
    "/retry": {"status": 503, "headers": {"Retry-After": "120"},
               "body": b"busy\n"},
    "/retry-date": {"status": 429, "retry_date": 600, "body": b"later\n"},
    "/headers": {"echo": ["User-Agent", "Accept"]},
    "/auth": {"headers": {"Content-Type": "application/rss+xml"},
              "body": RSS, "auth": "user:pass"},
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        route = ROUTES.get(self.path.split("?")[0])
        if route is None:
            self.reply(404, {}, b"unknown route\n")
            return
        if "delay" in route:
            time.sleep(route["delay"])
        headers = dict(route.get("headers", {}))
        if "retry_date" in route:
            headers["Retry-After"] = email.utils.formatdate(
                time.time() + route["retry_date"], usegmt=True)
        if "auth" in route:
            want = "Basic " + base64.b64encode(
                route["auth"].encode()).decode()
            if self.headers.get("Authorization") != want:
                self.reply(401, {"WWW-Authenticate": 'Basic realm="t"'},
                           b"auth\n")
                return
        if route.get("validators"):
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if (inm is not None and inm == headers.get("ETag")) or \
               (inm is None and ims == headers.get("Last-Modified")):
                self.send_response(304)
                self.send_header("ETag", headers["ETag"])
                self.end_headers()
                return
        if "echo" in route:
            body = "".join("%s\n" % self.headers.get(h, "")
                           for h in route["echo"])
            self.reply(200, {"Content-Type": "text/plain"}, body.encode())
            return
        if "chunked" in route:
            self.send_response(200)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(route["chunked"]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(BIG_CHUNK),
                                                    BIG_CHUNK))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.reply(route.get("status", 200), headers, route.get("body", b""))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Clients hang up on /slow and /big on purpose.
        pass


def main():
    signal.alarm(120)
    srv = Server(("127.0.0.1", 0), Handler)
    sys.stdout.write("%d\n" % srv.server_address[1])
    sys.stdout.flush()
    srv.serve_forever()


if __name__ == "__main__":
    main()
