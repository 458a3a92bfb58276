#!/usr/bin/env python3
"""The store (issue 16): `build` against `build --db` on simulated corpora,
the store's size against its input's, and `origin --db` latency.

Makes corpora of N articles with `quotegraph simulate` as scale.py does
(40 outlets, seed 7), builds each twice (without and with --db), then
times `origin --db` on 20 quotes drawn at random (seed 1) from the
corpus, each run once to warm the cache and then timed (wall time of the
whole process, as a user sees it); last, builds a store of the first 99%
of the articles and times `add` of the last 1% (wall, and CPU: user +
system, which a shared machine disturbs less). Prints a Markdown table.

Usage: python3 benches/store.py [N ...]   (default: 10000 100000)
       python3 benches/store.py --db STORE [--answers FILE]

With --db, only `origin --db` on an existing store (the 1M one, whose
every quote would not fit in a list here): 20 quotes drawn at random
(seed 1) through random articles, each run once to warm the cache and
then timed, wall and CPU (user + system); `--answers FILE` writes each
line and what `origin` printed for it, to compare two binaries' answers.
"""

import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scale import BIN, corpora, quote_texts  # noqa: E402


def timed(args):
    t = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = p.stderr.read()
    p.stderr.close()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(args)} failed:\n{stderr}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def sampled_quotes(con, n, seed=1):
    """`n` quotes drawn at random through random articles (an article
    without quotes is passed over), without reading every quote."""
    con.create_function("sqlar_uncompress", 2, lambda z, k: z if len(z) == k else zlib.decompress(z),
                        deterministic=True)
    (articles,) = con.execute("SELECT max(seq) + 1 FROM articles").fetchone()
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        texts = [r[0] for r in con.execute("SELECT text FROM quote_texts WHERE article = ? ORDER BY idx",
                                           (rng.randrange(articles),))]
        if texts:
            out.append(rng.choice(texts))
    return out


def origin_only(db, answers):
    con = sqlite3.connect(db)
    quotes = sampled_quotes(con, 20)
    con.close()
    lat, cpu, said = [], [], []
    for q in quotes:
        timed([BIN, "origin", q, "--db", db])
        wall, _, c = timed([BIN, "origin", q, "--db", db])
        lat.append(wall)
        cpu.append(c)
        p = subprocess.run([BIN, "origin", q, "--db", db], capture_output=True, text=True)
        said.append({"line": q, "status": p.returncode, "stdout": p.stdout})
        print(f"{wall * 1000:8.1f} ms wall {c * 1000:8.1f} ms CPU  {q[:70]!r}", file=sys.stderr)
    if answers:
        with open(answers, "w") as f:
            for a in said:
                f.write(json.dumps(a) + "\n")
    print(f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; command: "
          f"`python3 benches/store.py --db {db}`\n")
    print("| store | lines | wall median ms (max) | CPU median ms (max) |")
    print("|---|---|---|---|")
    print(f"| {os.path.basename(db)} | {len(lat)} | {statistics.median(lat) * 1000:.1f} ({max(lat) * 1000:.1f}) "
          f"| {statistics.median(cpu) * 1000:.1f} ({max(cpu) * 1000:.1f}) |")


def main():
    if sys.argv[1:2] == ["--db"]:
        answers = sys.argv[4] if sys.argv[3:4] == ["--answers"] else None
        origin_only(sys.argv[2], answers)
        return
    rows = []
    for n, path, size, tmp in corpora():
        out = os.path.join(tmp, f"out{n}")
        db = os.path.join(tmp, f"sim{n}.qg")
        plain, plain_rss, _ = timed([BIN, "build", path, "--out", out, "--svg-max-nodes", "0"])
        with_db, db_rss, _ = timed([BIN, "build", path, "--out", out, "--svg-max-nodes", "0", "--db", db])
        con = sqlite3.connect(db)
        quotes = quote_texts(con)
        con.close()
        rng = random.Random(1)
        lat = []
        for q in rng.sample(quotes, 20):
            timed([BIN, "origin", q, "--db", db])
            lat.append(timed([BIN, "origin", q, "--db", db])[0])
        with open(path) as f:
            lines = f.readlines()
        cut = len(lines) * 99 // 100
        head, tail = os.path.join(tmp, "head.jsonl"), os.path.join(tmp, "tail.jsonl")
        with open(head, "w") as f:
            f.writelines(lines[:cut])
        with open(tail, "w") as f:
            f.writelines(lines[cut:])
        grown = os.path.join(tmp, f"grown{n}.qg")
        timed([BIN, "build", head, "--out", out, "--svg-max-nodes", "0", "--db", grown])
        add, add_rss, add_cpu = timed([BIN, "add", tail, "--db", grown])
        rows.append((n, size, plain, plain_rss, with_db, db_rss, os.path.getsize(db), statistics.median(lat),
                     max(lat), add, add_rss, add_cpu))
        print(rows[-1], file=sys.stderr)
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, "
          f"load average {os.getloadavg()[0]:.1f} at the end; command: "
          f"`python3 benches/store.py {' '.join(str(r[0]) for r in rows)}`\n")
    print("| articles | input MB | build s | build --db s | ratio | peak RSS MiB (build / --db) "
          "| store MB | store / input | origin --db median ms (max) | add 1% s (RSS MiB) | add 1% CPU s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n, size, plain, prss, wdb, drss, store, med, worst, add, arss, acpu in rows:
        print(f"| {n} | {size / 1e6:.1f} | {plain:.1f} | {wdb:.1f} | {wdb / plain:.2f} | {prss:.0f} / {drss:.0f} "
              f"| {store / 1e6:.1f} | {store / size:.1f} | {med * 1000:.0f} ({worst * 1000:.0f}) "
              f"| {add:.1f} ({arss:.0f}) | {acpu:.1f} |")


if __name__ == "__main__":
    main()
