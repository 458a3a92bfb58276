#!/usr/bin/env python3
"""`serve`'s page time (issue 16): server time of each kind of page on a
store of a simulated corpus.

Makes corpora of N articles with `quotegraph simulate` as scale.py does
(40 outlets, seed 7), builds each with --db, starts `quotegraph serve
--port 0`, and asks it for the front page, the outlets page, and 20 of
each of: family pages (10 of the families across most articles, which
have the largest reports, and 10 drawn at random), article pages, and
searches for quotes drawn at random (seed 1, through random articles, as
`benches/store.py --db` draws them: a 1M store's every quote would not
fit in a list here). Each page is asked for
once to warm the cache and then timed by the `Server-Timing` header the
server sends (the time from the request read to the page made, which
is what the issue's target counts: no network, no browser). The first
outlets page, which lays the graph out with Graphviz, is reported on its
own; later ones reuse the layout. Prints a Markdown table.

Usage: python3 benches/serve.py [N ...]   (default: 10000 100000)
        python3 benches/serve.py --db STORE   (an existing store)
"""

import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scale import BIN, corpora  # noqa: E402
from store import sampled_quotes  # noqa: E402


def page_ms(base, path):
    """Status and server time (ms) of one page."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        r = opener.open(base + path, timeout=120)
        status = r.status
        timing = r.headers.get("Server-Timing", "")
        r.read()
    except urllib.error.HTTPError as e:
        status, timing = e.code, e.headers.get("Server-Timing", "")
        e.read()
    if status != 200:
        sys.exit(f"{path}: HTTP {status}")
    return float(timing.split("dur=")[1])


def measure(db):
    con = sqlite3.connect(db)
    rng = random.Random(1)
    (families,) = con.execute("SELECT count(*) FROM families").fetchone()
    top = [r[0] for r in con.execute("SELECT id FROM families ORDER BY rank LIMIT 10")]
    ranks = rng.sample(range(families), min(10, families))
    some = [con.execute("SELECT id FROM families WHERE rank = ?", (r,)).fetchone()[0] for r in ranks]
    (articles,) = con.execute("SELECT count(*) FROM articles").fetchone()
    seqs = rng.sample(range(articles), min(20, articles))
    arts = [con.execute("SELECT id FROM articles WHERE seq = ?", (s,)).fetchone()[0] for s in seqs]
    searches = sampled_quotes(con, 20)
    con.close()
    q = urllib.parse.quote
    kinds = {
        "front page": ["/"],
        "outlets (graph cached)": ["/outlets"],
        "family": [f"/family/{q(f, safe='')}" for f in top + some],
        "article": [f"/article/{q(a, safe='')}" for a in arts],
        "search": ["/search?" + urllib.parse.urlencode({"q": s}) for s in searches],
    }
    server = subprocess.Popen([BIN, "serve", "--port", "0", "--db", db], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        base = server.stdout.readline().strip().rstrip("/")
        first_outlets = page_ms(base, "/outlets")
        out = {"outlets (first, lays the graph out)": [first_outlets]}
        for kind, paths in kinds.items():
            times = []
            for p in paths:
                page_ms(base, p)
                times.append(page_ms(base, p))
            out[kind] = times
        return out
    finally:
        server.kill()
        server.wait()


def table(n, results):
    print(f"| {n} | page | pages | median ms | max ms |")
    print("|---|---|---|---|---|")
    for kind, times in results.items():
        print(f"| {n} | {kind} | {len(times)} | {statistics.median(times):.1f} | {max(times):.1f} |")


def main():
    cpu = platform.processor() or platform.machine()
    machine = (f"Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, "
               f"load average {os.getloadavg()[0]:.1f} at the start")
    if sys.argv[1:2] == ["--db"]:
        print(machine + f"; command: `python3 benches/serve.py --db {sys.argv[2]}`\n")
        table(os.path.basename(sys.argv[2]), measure(sys.argv[2]))
        return
    print(machine + f"; command: `python3 benches/serve.py {' '.join(sys.argv[1:])}`\n")
    for n, path, _size, tmp in corpora():
        db = os.path.join(tmp, f"sim{n}.qg")
        p = subprocess.run([BIN, "build", path, "--out", os.path.join(tmp, f"out{n}"), "--svg-max-nodes", "0",
                            "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            sys.exit(f"build failed:\n{p.stderr}")
        table(n, measure(db))


if __name__ == "__main__":
    main()
