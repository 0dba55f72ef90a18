#!/usr/bin/env python3
# summarize.py - turn the raw measurements of run.sh into the one Markdown
# table of the benchmark: medians with min-max over the runs, and each CPU
# figure as a ratio to the cheapest peer of the same test in the same run
# (the machine is shared and noisy, so only ratios are worth comparing).
# usage: summarize.py RAW.tsv META.txt FEEDS CORPUS_BYTES

import statistics
import sys

SECTIONS = [
    ("a", "(a) cold poll"),
    ("b", "(b) 2nd poll, nothing changed"),
    ("c", "(c) poll, 10% of feeds changed"),
    ("d", "(d) parse every corpus file"),
    ("dc", "(d) callgrind, largest file"),
    ("e", "(e) render, 1,000,000 entries"),
    ("f", "(f) idle daemon"),
]
OURS = ("feedd", "feedctl")


def fnum(x, digits=2):
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    return "%.*f" % (digits, x)


def span(vals, digits=2):
    if not vals:
        return "—"
    med = statistics.median(vals)
    if len(vals) == 1:
        return fnum(med, digits)
    return "%s (%s–%s)" % (fnum(med, digits), fnum(min(vals), digits),
                           fnum(max(vals), digits))


def main():
    raw, meta, nfeeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    nbytes = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    rows = {}
    order = []
    with open(raw) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 9:
                continue
            sec, tool, run, wall, user, sys_, rss, ent, note = p[:9]
            key = (sec, tool)
            if key not in rows:
                rows[key] = {"wall": [], "cpu": [], "rss": [], "ent": [],
                             "notes": [], "status": None}
                order.append(key)
            r = rows[key]
            if wall == "SKIP":
                r["status"] = note
                continue
            if wall != "-":
                r["wall"].append(float(wall))
            if user != "-":
                r["cpu"].append(float(user) + float(sys_))
            if rss != "-":
                r["rss"].append(float(rss) / 1024.0)
            if ent != "-":
                r["ent"].append(int(ent))
            if note and note not in r["notes"]:
                r["notes"].append(note)

    print("| test | tool | wall s | CPU s (user+sys) | peak RSS MB "
          "| entries | CPU vs cheapest peer | notes |")
    print("|---|---|---|---|---|---|---|---|")
    for sec, title in SECTIONS:
        keys = [k for k in order if k[0] == sec]
        if not keys:
            continue
        # The cheapest peer: lowest median CPU (instructions for callgrind)
        # among the tools that are not feedd's own.
        cheapest = None
        for k in keys:
            r = rows[k]
            if k[1].startswith(OURS) or r["status"] or not r["cpu"]:
                continue
            m = statistics.median(r["cpu"])
            if m > 0 and (cheapest is None or m < cheapest[1]):
                cheapest = (k[1], m)
        for k in keys:
            r = rows[k]
            if r["status"]:
                print("| %s | %s | — | — | — | — | — | %s |"
                      % (title, k[1], r["status"]))
                continue
            ratio = "—"
            if cheapest and r["cpu"]:
                q = statistics.median(r["cpu"]) / cheapest[1]
                if k[1] == cheapest[0]:
                    ratio = "1 (cheapest peer)"
                elif q < 1 and q > 0:
                    ratio = "%.3g× (%.3g× less)" % (q, 1 / q)
                else:
                    ratio = "%.3g×" % q
            cpu = span(r["cpu"], 3)
            wall = span(r["wall"])
            if sec == "dc":
                cpu = "%s Ir" % "{:,}".format(int(statistics.median(
                    r["cpu"])))
                wall = "—"
            ent = "—"
            if r["ent"]:
                ent = str(int(statistics.median(r["ent"])))
            rss = span(r["rss"], 1)
            notes = "; ".join(r["notes"])
            if sec == "b" and k[1] == "feedd" and r["cpu"]:
                ms = statistics.median(r["cpu"]) * 1000.0 / nfeeds
                notes = ("%.3f ms CPU per feed" % ms) + \
                    ("; " + notes if notes else "")
            if sec == "d" and nbytes and r["cpu"]:
                mbs = nbytes / 1e6 / statistics.median(r["cpu"])
                notes = ("%.1f MB per CPU-second" % mbs) + \
                    ("; " + notes if notes else "")
            print("| %s | %s | %s | %s | %s | %s | %s | %s |"
                  % (title, k[1], wall, cpu, rss, ent, ratio, notes))
    print()
    with open(meta) as f:
        sys.stdout.write(f.read())


if __name__ == "__main__":
    main()
