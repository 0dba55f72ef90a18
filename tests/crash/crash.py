#!/usr/bin/env python3
"""crash.py - the crash loop: SIGKILL feedd at random moments, restart it,
and check after every kill that nothing committed was lost or half-written.

A corpus from gen_corpus.py is served on 127.0.0.1 by server.py.  One
clean `feedd --once` into a reference database gives the ground truth:
how many entries each feed's document stores.  Then, epoch by epoch (a
fresh database each, first filled cleanly from a third of the feeds so
that outputs exist; even epochs `feedd --once`, odd ones the daemon,
which after each restart is watched for a second and then told to poll
everything with `feedctl refresh`), feedd is started on all the feeds,
killed after a seeded random delay, and checked:

  integrity   PRAGMA integrity_check is ok, and so is the FTS5 index
  atomic      each feed has none or all of its document's entries
  kept        no entry committed before the kill is gone, none doubled
  outputs     every output file parses; none that existed went missing;
              temp files of atomic writes are hidden dotfiles only
  no-repoll   a restarted daemon fetches no feed whose next poll was
              still ahead when it was killed

An epoch ends when every feed's entries are in; one clean run then
finishes it and its outputs are compared with the reference outputs:
every file there, with as many entries (not the same ids: which feed
owns a shared entry, and so its id, depends on the order of polls).
Speaks TAP.
"""
import argparse
import datetime
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
MAX_ENTRIES = 200


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, diag=None):
        self.n += 1
        if cond:
            print("ok %d - %s" % (self.n, what))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, what))
            for line in (diag or "").splitlines()[:20]:
                print("#   " + line)
        sys.stdout.flush()
        return cond

    def diag(self, s):
        print("# " + s)
        sys.stdout.flush()


def write_conf(path, d, base_urls):
    with open(path, "w") as f:
        f.write("""[feedd]
database = {d}/feedd.db
output_dir = {d}/out
base_url = http://127.0.0.1:1/
control_socket = {d}/feedd.sock
allow_private_networks = yes
keep_days = 0
keep_per_feed = 0
max_entries = {m}
default_interval = 1h
min_interval = 1h
log_level = warning
timeout = 10s
""".format(d=d, m=MAX_ENTRIES))
        for i, u in enumerate(base_urls):
            f.write('\n[feed "%s"]\ntags = t%d, all\n' % (u, i % 5))


def db_state(path):
    """What the database holds; raises on a database that cannot be read."""
    st = {"integrity": "no database", "fts": "", "counts": {},
          "hashes": set(), "rows": 0, "distinct": 0, "tags": set(),
          "next_poll": {}, "polled": 0, "nfeeds": 0}
    if not os.path.exists(path):
        st["integrity"] = "ok"
        return st
    c = sqlite3.connect(path, timeout=30)
    try:
        st["integrity"] = "\n".join(r[0] for r in
                                    c.execute("PRAGMA integrity_check"))
        try:
            c.execute("INSERT INTO entries_fts(entries_fts) "
                      "VALUES('integrity-check')")
            st["fts"] = "ok"
        except sqlite3.Error as e:
            st["fts"] = str(e)
        c.rollback()
        names = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        if "entry_feeds" not in names:
            return st
        for url, n in c.execute(
                "SELECT f.url, count(ef.entry_id) FROM feeds f"
                " LEFT JOIN entry_feeds ef ON ef.feed_id = f.id"
                " GROUP BY f.id"):
            st["counts"][url] = n
        st["hashes"] = set(r[0] for r in
                           c.execute("SELECT url_hash FROM entries"))
        st["rows"], st["distinct"] = c.execute(
            "SELECT count(*), count(DISTINCT url_hash) FROM entries"
        ).fetchone()
        st["tags"] = set(r[0] for r in c.execute(
            "SELECT DISTINCT t.tag FROM entry_tags t JOIN entries e"
            " ON e.id = t.entry_id WHERE e.purged = 0"))
        for url, nxt, err, okat in c.execute(
                "SELECT url, next_poll_at, error_count, last_ok_at"
                " FROM feeds"):
            st["next_poll"][url] = (nxt, err, okat)
        st["nfeeds"], st["polled"] = c.execute(
            "SELECT count(*), count(last_poll_at) FROM feeds").fetchone()
    finally:
        c.close()
    return st


def outputs(out):
    """{relative name: (entry ids or None, error)} and the hidden files."""
    files, hidden = {}, []
    for dirpath, _, names in os.walk(out):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), out)
            if name.startswith("."):
                hidden.append(rel)
                continue
            try:
                root = ET.parse(os.path.join(dirpath, name)).getroot()
                ids = [e.findtext(ATOM + "id")
                       for e in root.iter(ATOM + "entry")]
                files[rel] = (ids, None)
            except (ET.ParseError, OSError) as e:
                files[rel] = (None, str(e))
    return files, hidden


class Crash:
    def __init__(self, a, tap):
        self.a = a
        self.tap = tap
        self.rng = random.Random(a.seed)
        self.tmp = tempfile.mkdtemp(prefix="feedd-crash.")
        self.srv = None
        self.proc = None
        self.reqlog = os.path.join(self.tmp, "requests")

    def cleanup(self):
        for p in (self.proc, self.srv):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        if not self.a.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def setup(self):
        www = os.path.join(self.tmp, "www")
        os.mkdir(www)
        here = os.path.dirname(os.path.abspath(__file__))
        self.srv = subprocess.Popen(
            [sys.executable, os.path.join(here, "server.py"), www,
             self.reqlog, str(self.a.delay)], stdout=subprocess.PIPE)
        port = int(self.srv.stdout.readline())
        ref = (datetime.datetime.now(datetime.timezone.utc) -
               datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        subprocess.run([sys.executable, self.a.gen, "-n", str(self.a.feeds),
                        "-o", www, "--port", str(port), "--seed",
                        str(self.a.seed % 1000 + 1), "--ref-date", ref],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(www, "urls.txt")) as f:
            self.urls = [u.strip() for u in f if u.strip()]
        self.base = self.urls[0][:self.urls[0].index("/feeds/")]
        # The reference: one clean run.
        self.refdir = os.path.join(self.tmp, "ref")
        os.mkdir(self.refdir)
        write_conf(os.path.join(self.refdir, "feedd.conf"), self.refdir,
                   self.urls)
        t0 = time.monotonic()
        r = self.run_once(self.refdir)
        self.tref = time.monotonic() - t0
        self.ref = db_state(os.path.join(self.refdir, "feedd.db"))
        self.refout, _ = outputs(os.path.join(self.refdir, "out"))
        ok = (r == 0 and self.ref["integrity"] == "ok" and
              len(self.ref["counts"]) == len(self.urls) and
              self.ref["rows"] > 0 and "atom.xml" in self.refout)
        self.tap.ok(ok, "reference run: %d feeds, %d entries, %d files "
                    "in %.1f s" % (len(self.ref["counts"]), self.ref["rows"],
                                   len(self.refout), self.tref),
                    self.log_tail(self.refdir))
        return ok

    def log_tail(self, d):
        try:
            with open(os.path.join(d, "feedd.log")) as f:
                return "feedd: " + "feedd: ".join(f.readlines()[-10:])
        except OSError:
            return ""

    def start(self, d, once):
        cmd = [self.a.feedd, "-c", os.path.join(d, "feedd.conf")]
        if once:
            cmd.append("--once")
        log = open(os.path.join(d, "feedd.log"), "a")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                     stderr=log)
        log.close()
        return self.proc

    def run_once(self, d):
        p = self.start(d, True)
        r = p.wait()
        self.proc = None
        return r

    def requests_since(self, off):
        try:
            with open(self.reqlog) as f:
                f.seek(off)
                return [self.base + line.strip() for line in f]
        except OSError:
            return []

    def reqlog_size(self):
        try:
            return os.path.getsize(self.reqlog)
        except OSError:
            return 0

    def check(self, d, prev, label):
        """The checks after a kill; returns the new state."""
        t = self.tap
        st = db_state(os.path.join(d, "feedd.db"))
        t.ok(st["integrity"] == "ok" and st["fts"] in ("", "ok"),
             "%s: integrity_check ok, FTS5 index consistent" % label,
             "integrity: %s\nfts: %s" % (st["integrity"], st["fts"]))
        bad = ["%s: %d of %d" % (u, st["counts"].get(u, 0), n)
               for u, n in self.ref["counts"].items()
               if st["counts"].get(u, 0) not in (0, n)]
        t.ok(not bad, "%s: every document all or nothing (%d of %d feeds "
             "in)" % (label, sum(1 for u, n in self.ref["counts"].items()
                                  if n and st["counts"].get(u) == n),
                      len(self.ref["counts"])), "\n".join(bad))
        lost = prev["hashes"] - st["hashes"] if prev else set()
        t.ok(not lost and st["rows"] == st["distinct"] and
             st["rows"] <= self.ref["rows"] and
             (prev is None or st["rows"] >= prev["rows"]),
             "%s: no committed entry lost (%d -> %d), none doubled" %
             (label, prev["rows"] if prev else 0, st["rows"]),
             "lost %d, rows %d distinct %d reference %d" %
             (len(lost), st["rows"], st["distinct"], self.ref["rows"]))
        files, hidden = outputs(os.path.join(d, "out"))
        broken = ["%s: %s" % (n, e) for n, (_, e) in files.items() if e]
        gone = sorted(set(prev["files"]) - set(files)) if prev else []
        stray = [n for n in files if n not in self.refout]
        t.ok(not broken and not gone and not stray,
             "%s: %d output files parse, none missing, no stray "
             "(%d hidden temp files left)" % (label, len(files), len(hidden)),
             "\n".join(broken + ["missing " + g for g in gone] +
                       ["stray " + s for s in stray]))
        st["files"] = files
        st["hidden"] = hidden
        return st

    def complete(self, d, st, label):
        """After the clean run that ends an epoch: all in, outputs right."""
        t = self.tap
        t.ok(st["rows"] == self.ref["rows"] and
             st["counts"] == self.ref["counts"],
             "%s: every entry stored once (%d, reference %d)" %
             (label, st["rows"], self.ref["rows"]))
        diff = []
        for name, (ids, _) in sorted(self.refout.items()):
            got = st["files"].get(name)
            if got is None:
                diff.append("missing " + name)
            elif got[0] is None or len(got[0]) != len(ids):
                diff.append("%s: %s entries, reference %d" %
                            (name, None if got[0] is None else len(got[0]),
                             len(ids)))
        t.ok(not diff, "%s: the outputs show what the database holds "
             "(%d files as in the reference)" % (label, len(self.refout)),
             "\n".join(diff))

    def epoch(self, e, once, kills_left):
        d = os.path.join(self.tmp, "e%d" % e)
        os.mkdir(d)
        # A first clean run on a third of the feeds, so that outputs
        # exist when the kills come: a kill between a commit and the
        # render must not leave them stale for good.
        write_conf(os.path.join(d, "feedd.conf"), d,
                   self.urls[:len(self.urls) // 3])
        mode = "once" if once else "daemon"
        r = self.run_once(d)
        prev = self.check(d, None, "epoch %d: first run on a third of the "
                          "feeds" % e)
        self.tap.ok(r == 0, "epoch %d: first run: clean exit" % e,
                    self.log_tail(d))
        write_conf(os.path.join(d, "feedd.conf"), d, self.urls)
        kills = 0
        while kills < kills_left:
            notdue = self.not_due(prev) if not once else set()
            off = self.reqlog_size()
            delay = self.rng.uniform(0.05, self.tref * 0.7)
            p = self.start(d, once)
            again = []
            if prev is not None and not once:
                # The restart alone, then a poll of everything, so
                # that the kill again lands among writes.
                again = self.restart_window(d, off)
            try:
                r = p.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                r = None
            label = "epoch %d (%s)" % (e, mode)
            if r is None:
                p.send_signal(signal.SIGKILL)
                p.wait()
                kills += 1
                self.total += 1
                label = "kill %d, %s, after %.2f s" % (self.total, label,
                                                        delay)
                self.tap.diag(label)
            else:
                label += ": exited %d before the kill at %.2f s" % (r, delay)
                self.tap.ok(r == 0, label, self.log_tail(d))
            self.proc = None
            st = self.check(d, prev, label)
            if notdue:
                self.check_repoll(label, notdue, again)
            prev = st
            if (r is not None or st["counts"] == self.ref["counts"]):
                break
        # One clean run to finish the epoch.
        off = self.reqlog_size()
        label = "epoch %d (%s) finished" % (e, mode)
        if once:
            r = self.run_once(d)
            st = self.check(d, prev, label)
        else:
            notdue = self.not_due(prev)
            r, again = self.finish_daemon(d, off)
            st = self.check(d, prev, label)
            self.check_repoll(label, notdue, again)
        self.tap.ok(r == 0, label + ": clean exit", self.log_tail(d))
        self.complete(d, st, label)
        if not self.a.keep:
            shutil.rmtree(d, ignore_errors=True)
        return kills

    def not_due(self, prev):
        """Feeds polled OK whose next poll is well ahead (not leases)."""
        if prev is None:
            return set()
        ahead = time.time() + self.tref + 300
        return set(u for u, (nxt, err, okat) in prev["next_poll"].items()
                   if nxt > ahead and err == 0 and okat is not None)

    def check_repoll(self, label, notdue, again):
        re = sorted(set(again) & notdue)
        self.tap.ok(not re, "%s: the restarted daemon fetched none of the "
                    "%d feeds polled before and not yet due (%d requests "
                    "in its first second)" % (label, len(notdue), len(again)),
                    "\n".join(re))

    def restart_window(self, d, off):
        """Requests of a restarted daemon's first second; then refresh."""
        sock = os.path.join(d, "feedd.sock")
        for _ in range(100):
            if os.path.exists(sock):
                break
            time.sleep(0.05)
        time.sleep(1.0)
        again = self.requests_since(off)
        subprocess.run([self.a.feedctl, "-c", os.path.join(d, "feedd.conf"),
                        "refresh"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        return again

    def finish_daemon(self, d, off):
        """Run the daemon until every feed is polled and in, then TERM."""
        p = self.start(d, False)
        again = self.restart_window(d, off)
        dbp = os.path.join(d, "feedd.db")
        deadline = time.monotonic() + max(60, self.tref * 5)
        while time.monotonic() < deadline and p.poll() is None:
            time.sleep(0.2)
            try:
                st = db_state(dbp)
            except sqlite3.Error:
                continue
            if (st["counts"] == self.ref["counts"] and
                    st["polled"] == st["nfeeds"]):
                break
        # Let the render timer that follows the last poll run.
        time.sleep(self.a.settle)
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            r = p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            r = p.wait()
        self.proc = None
        return r, again

    def run(self):
        self.total = 0
        if not self.setup():
            return
        e = 0
        while self.total < self.a.kills and e < self.a.kills * 3:
            self.epoch(e, e % 2 == 0, self.a.kills - self.total)
            e += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int,
                    default=int(os.environ.get("CRASH_KILLS", "30")))
    ap.add_argument("--seed", type=int,
                    default=int(os.environ.get("CRASH_SEED", "0")) or
                    int(time.time()) % 100000)
    ap.add_argument("--feeds", type=int, default=12)
    ap.add_argument("--delay", type=float, default=0.0,
                    help="seconds the server waits before each reply")
    ap.add_argument("--settle", type=float, default=2.0,
                    help="seconds the daemon runs after its last poll")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temp directory")
    a = ap.parse_args()
    a.feedd = os.environ["FEEDD"]
    a.feedctl = os.environ["FEEDCTL"]
    a.gen = os.environ["GEN_CORPUS"]
    # make's or a CI runner's TERM: still stop the servers, remove tmp.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    tap = Tap()
    tap.diag("seed %d (rerun with --seed %d), %d kills, %d feeds" %
             (a.seed, a.seed, a.kills, a.feeds))
    c = Crash(a, tap)
    try:
        c.run()
    finally:
        c.cleanup()
        tap.diag("temp dir kept: " + c.tmp if a.keep else "")
    print("1..%d" % tap.n)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
