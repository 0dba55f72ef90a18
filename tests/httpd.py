#!/usr/bin/env python3
"""httpd.py - the fixture HTTP server for the fetcher tests.

Listens on 127.0.0.1 on a free port, prints the port on the first line of
stdout, and serves the routes of ROUTES until killed (or after 120 s, so a
crashed test never leaves it behind).  Standard library only.

With --cases FILE.json (repeatable) it also serves faulty replies: huge,
lying, bombing, dripping, hanging or resetting bodies, stacked encodings,
redirect chains, raw header values and per-request sequences (see
serve_case).  GET /_log answers the requests seen so far as JSON, so a test
can tell whether a refused fetch ever reached the server.
"""
import argparse
import base64
import email.utils
import gzip
import http.server
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib

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
    "/inm": {"echo": ["If-None-Match", "X-Injected"]},
    "/bare304": {"status": 304},
    "/auth": {"headers": {"Content-Type": "application/rss+xml"},
              "body": RSS, "auth": "user:pass"},
}


CASES = {}
SEEN = []                       # (path, headers) of every request
HITS = {}                       # path -> requests so far, for "sequence"
LOCK = threading.Lock()
MB = 1 << 20
ZEROS = bytes(MB)
BOMBS = {}                      # size in MB -> (block, end, crc)


def zeros_crc(mb, box):
    crc = 0
    for _ in range(mb):
        crc = zlib.crc32(ZEROS, crc)
    box.append(crc)


def bomb_prepare(mb):
    """A gzip of MB megabytes of zeros, made once at start.

    After a full flush deflate forgets its history, so every further
    megabyte of zeros compresses to the same bytes: the stream is the
    same block repeated, never held whole.  Only the CRC costs a pass
    over the data, in a thread so the server answers meanwhile; a
    client reaches the trailer (and waits for it) last, if ever.
    """
    if mb in BOMBS:
        return
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(ZEROS) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush()
    box = []
    th = threading.Thread(target=zeros_crc, args=(mb, box), daemon=True)
    th.start()
    BOMBS[mb] = (block, end, th, box)


def bomb_parts(mb):
    block, end, th, box = BOMBS[mb]

    def gen():
        yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
        for _ in range(mb):
            yield block
        th.join()
        yield end + struct.pack("<II", box[0], (mb * MB) & 0xffffffff)
    return gen()


def bomb_mb(spec):
    return max(1, (spec["bomb"] + MB - 1) // MB)


def gzip_stream(chunks):
    # Flush each piece: deflate would otherwise hold all of a repetitive
    # input back, and the client would see nothing until the end.
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    for b in chunks:
        yield c.compress(b) + c.flush(zlib.Z_SYNC_FLUSH)
    yield c.flush()


def brotli_raw(data):
    """Brotli without a compressor: uncompressed meta-blocks (RFC 7932
    9.2: WBITS 16, ISLAST 0, MNIBBLES 4, MLEN-1, ISUNCOMPRESSED 1, pad),
    then an empty last meta-block."""
    out = bytearray()
    for i in range(0, len(data), 65536):
        part = data[i:i + 65536]
        bits = 0 | 0 << 1 | 0 << 2 | (len(part) - 1) << 4 | 1 << 20
        if i == 0:
            out += (bits & 0xffffff).to_bytes(3, "little")
        else:
            # No WBITS bit after the first block.
            bits >>= 1
            out += (bits & 0xffffff).to_bytes(3, "little")
        out += part
    if not data:
        return bytes([0x06])   # WBITS 0, ISLAST 1, ISLASTEMPTY 1
    return bytes(out) + b"\x03"


def encode(body, enc):
    if enc == "gzip":
        return gzip.compress(body)
    if enc == "deflate":
        return zlib.compress(body)
    if enc == "br":
        return brotli_raw(body)
    if enc == "zstd":
        if shutil.which("zstd") is None:
            raise ValueError("no zstd CLI")
        return subprocess.run(["zstd", "-q", "-c"], input=body,
                              stdout=subprocess.PIPE, check=True).stdout
    raise ValueError("unknown encoding " + enc)


def load_cases(path):
    with open(path) as f:
        cases = json.load(f)
    base = os.path.dirname(os.path.abspath(path))
    for route, spec in cases.items():
        for s in [spec] + spec.get("sequence", []):
            if "body_file" in s:
                with open(os.path.join(base, s["body_file"]), "rb") as f:
                    s["body"] = f.read()
                del s["body_file"]
        for s in [spec] + spec.get("sequence", []):
            if "bomb" in s:
                bomb_prepare(bomb_mb(s))
        chain = spec.get("redirect")
        if isinstance(chain, list):
            # route -> chain[0] -> ... -> chain[-1], which is served as is.
            hops = [route] + chain
            for a, b in zip(hops, hops[1:]):
                CASES.setdefault(a, {"status": spec.get("status", 302),
                                     "headers": {"Location": b}})
            CASES[route] = {"status": spec.get("status", 302),
                            "headers": {"Location": chain[0]}}
        else:
            CASES[route] = spec


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def raw_header(self, name, value):
        # send_header() does not check values: a CR/LF goes out raw.
        self.send_header(name, value)

    def body_chunks(self, spec):
        """(iterator of body pieces, length or None, encodings)."""
        encs = spec.get("encoding", [])
        if isinstance(encs, str):
            encs = [encs]
        if "bomb" in spec:
            chunks = bomb_parts(bomb_mb(spec))
            for e in encs:
                if e != "gzip":
                    raise ValueError("a bomb only stacks gzip")
                chunks = gzip_stream(chunks)
            return chunks, None, ["gzip"] + list(encs)
        if "body_bytes" in spec:
            n = spec["body_bytes"]
            fill = spec.get("fill", "x").encode()
            block = (fill * (65536 // len(fill) + 1))[:65536]

            def gen():
                left = n
                while left > 0:
                    yield block[:min(left, len(block))]
                    left -= min(left, len(block))
            return gen(), n, []
        body = spec.get("body", b"")
        if isinstance(body, str):
            body = body.encode()
        for e in encs:
            body = encode(body, e)
        return iter([body]), len(body), encs

    def serve_case(self, path, spec):
        """One reply of a --cases file.  Keys (all optional):

        status, headers; body (text), body_file (relative to the case
        file) or body_bytes N of "fill" repeated (streamed, never held);
        chunked; length (a Content-Length to claim, true or not);
        encoding (list applied in order: gzip, deflate, br, zstd); bomb N
        (gzip of N zeros, more "gzip" in encoding wraps it again); delay
        (s before the headers); drip (s between body bytes); hang (no
        body ever); reset_after N (RST after N body bytes); redirect (a
        Location, or a list: a chain of 302s ending at its last path);
        retry_after (seconds, or {"date": seconds ahead}); etag (sent
        raw, CR/LF and all); validators (304 when If-None-Match matches);
        sequence (a list of such specs: request k gets item k, the last
        one from then on).
        """
        with LOCK:
            k = HITS.get(path, 0)
            HITS[path] = k + 1
        if "sequence" in spec:
            seq = spec["sequence"]
            spec = seq[min(k, len(seq) - 1)]
        if "delay" in spec:
            time.sleep(spec["delay"])
        headers = dict(spec.get("headers", {}))
        if "etag" in spec:
            headers["ETag"] = spec["etag"]
        ra = spec.get("retry_after")
        if isinstance(ra, dict):
            headers["Retry-After"] = email.utils.formatdate(
                time.time() + ra["date"], usegmt=True)
        elif ra is not None:
            headers["Retry-After"] = str(ra)
        if isinstance(spec.get("redirect"), str):
            headers["Location"] = spec["redirect"]
        status = spec.get("status", 200)
        if spec.get("validators"):
            inm = self.headers.get("If-None-Match")
            if inm is not None and inm == headers.get("ETag"):
                status = 304
        if status == 304:
            self.send_response(304)
            for k2, v in headers.items():
                self.raw_header(k2, v)
            self.end_headers()
            return
        chunks, length, encs = self.body_chunks(spec)
        chunked = spec.get("chunked", False)
        self.send_response(status)
        for k2, v in headers.items():
            self.raw_header(k2, v)
        if encs:
            self.send_header("Content-Encoding", ", ".join(encs))
        if "length" in spec:
            self.send_header("Content-Length", str(spec["length"]))
        elif spec.get("hang"):
            # A body is promised, so the client waits for it.
            self.send_header("Content-Length", "1000")
        elif not chunked and length is not None:
            self.send_header("Content-Length", str(length))
        elif not chunked:
            chunked = True
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        self.wfile.flush()
        if spec.get("hang"):
            time.sleep(3600)
            return
        sent = 0
        limit = spec.get("reset_after")
        for piece in chunks:
            if limit is not None and sent + len(piece) >= limit:
                piece = piece[:limit - sent]
                self.write_piece(piece, chunked, spec)
                self.wfile.flush()
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER,
                    struct.pack("ii", 1, 0))
                self.connection.close()
                return
            self.write_piece(piece, chunked, spec)
            sent += len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def write_piece(self, piece, chunked, spec):
        if not piece:
            return
        if "drip" in spec:
            for i in range(len(piece)):
                self.wfile.write(b"1\r\n%c\r\n" % piece[i] if chunked
                                 else piece[i:i + 1])
                self.wfile.flush()
                time.sleep(spec["drip"])
            return
        if chunked:
            self.wfile.write(b"%x\r\n" % len(piece))
            self.wfile.write(piece)
            self.wfile.write(b"\r\n")
        else:
            self.wfile.write(piece)

    def reply(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/_log":
            with LOCK:
                body = json.dumps(SEEN).encode()
            self.reply(200, {"Content-Type": "application/json"}, body)
            return
        with LOCK:
            SEEN.append([self.path, dict(self.headers.items())])
        if path in CASES:
            self.serve_case(path, CASES[path])
            return
        route = ROUTES.get(path)
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
    # A feedd polling 30 feeds at once connects 30 times at once: with the
    # default backlog of 5 the kernel drops SYNs and connects time out.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Clients hang up on /slow, /big and the faults on purpose.
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", action="append", default=[],
                    help="JSON file of fault routes (repeatable)")
    ap.add_argument("--tls", metavar="PEM",
                    help="serve HTTPS with this certificate and key")
    args = ap.parse_args()
    for c in args.cases:
        load_cases(c)
    signal.alarm(120)
    srv = Server(("127.0.0.1", 0), Handler)
    if args.tls:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    sys.stdout.write("%d\n" % srv.server_address[1])
    sys.stdout.flush()
    srv.serve_forever()


if __name__ == "__main__":
    main()
