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
is what the issue's target counts: no network, no browser), and the
server process's CPU time over each kind's timed pages is averaged (from
/proc, 10 ms ticks: on a shared machine the wall time is the load's).
The first
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


def cpu_ms(pid):
    """The server's CPU time so far (user + system), from /proc in clock
    ticks (10 ms): on a shared machine the server's wall time is the
    load's, and its CPU time, averaged over a kind's pages, the work's."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def measure(db):
    con = sqlite3.connect(db)
    rng = random.Random(1)
    (families,) = con.execute("SELECT count(*) FROM families").fetchone()
    top = [r[0] for r in con.execute("SELECT id FROM ranked_families ORDER BY rank LIMIT 10")]
    ranks = rng.sample(range(families), min(10, families))
    some = [con.execute("SELECT id FROM ranked_families WHERE rank = ?", (r,)).fetchone()[0] for r in ranks]
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
        cpu = {}
        for kind, paths in kinds.items():
            times = []
            used = 0.0
            for p in paths:
                page_ms(base, p)
                before = cpu_ms(server.pid)
                times.append(page_ms(base, p))
                used += cpu_ms(server.pid) - before
            out[kind] = times
            cpu[kind] = used / len(paths)
        return out, cpu
    finally:
        server.kill()
        server.wait()


def table(n, measured):
    results, cpu = measured
    print(f"| {n} | page | pages | median ms | max ms | mean CPU ms |")
    print("|---|---|---|---|---|---|")
    for kind, times in results.items():
        c = f"{cpu[kind]:.0f}" if kind in cpu else ""
        print(f"| {n} | {kind} | {len(times)} | {statistics.median(times):.1f} | {max(times):.1f} | {c} |")


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
