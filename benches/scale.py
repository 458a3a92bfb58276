#!/usr/bin/env python3
"""Corpus-scale bench for `quotegraph build`: wall time, peak RSS and the
growth between sizes.

Makes corpora of N articles with `quotegraph simulate` from
../shared/datasets/bbc.jsonl (40 outlets, seed 7: quotes copied verbatim,
cut and drifted between outlets over time, 10% undated; past about 4,000
articles the real quotes are spent and new lines are made of three-word
runs of them, BENCHMARKS.md "Family precision at scale").
Runs `build` once per size and prints a Markdown table with the machine,
for BENCHMARKS.md.

    cargo build --release
    python3 benches/scale.py 10000 100000
"""
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BBC = os.path.join(ROOT, "..", "shared", "datasets", "bbc.jsonl")
BIN = os.environ.get("QUOTEGRAPH", os.path.join(ROOT, "target", "release", "quotegraph"))


def quote_texts(con):
    """Every quote's text in a store, in order: through the view
    `quote_texts` (schema 4: texts compressed, as the SQLite archive
    format keeps them) or from `quotes.text` (older stores)."""
    con.create_function("sqlar_uncompress", 2, lambda z, n: z if len(z) == n else zlib.decompress(z),
                        deterministic=True)
    try:
        return [r[0] for r in con.execute("SELECT text FROM quote_texts ORDER BY article, idx")]
    except sqlite3.OperationalError:
        return [r[0] for r in con.execute("SELECT text FROM quotes ORDER BY article, idx")]


def make(n, folder):
    p = subprocess.run([BIN, "simulate", "--from", BBC, "--articles", str(n), "--outlets", "40",
                        "--seed", "7", "--out", folder, "--no-txt"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"simulate failed:\n{p.stderr}")
    path = os.path.join(folder, "articles.jsonl")
    return path, os.path.getsize(path)


def run(path, out):
    t = time.perf_counter()
    p = subprocess.Popen([BIN, "build", path, "--out", out, "--svg-max-nodes", "0", "--stats"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = p.stderr.read()
    p.stderr.close()
    # The build's own peak: RUSAGE_CHILDREN would also count `simulate`,
    # which peaks higher than the build it feeds at 1M articles.
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed on {path}:\n{stderr}")
    lines = stderr.splitlines()
    summary = next((l for l in lines if l.startswith("build:")), "")
    stats = "; ".join(l[len("stats: "):] for l in lines if l.startswith("stats:"))
    return wall, usage.ru_maxrss / 1024, f"{summary}\n  {stats}"


def corpora():
    """(N, articles.jsonl, its size, a scratch folder) for each size on the
    command line (default 10000 and 100000), smallest first."""
    sizes = [int(x) for x in sys.argv[1:]] or [10000, 100000]
    if not os.path.exists(BBC):
        sys.exit(f"{BBC} not found")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(sizes):
            path, size = make(n, os.path.join(tmp, f"sim{n}"))
            yield n, path, size, tmp


def main():
    rows = []
    for n, path, size, tmp in corpora():
        wall, rss, summary = run(path, os.path.join(tmp, f"out{n}"))
        rows.append((n, size, wall, rss, summary))
        print(f"{n}: {wall:.1f} s, {rss:.0f} MiB; {summary}", file=sys.stderr)
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}; "
          f"command: `python3 benches/scale.py {' '.join(str(r[0]) for r in rows)}`\n")
    print("| articles | MB | wall s | peak RSS MiB | MB/s | growth exponent (time) |")
    print("|---|---|---|---|---|---|")
    import math
    prev = None
    for n, size, wall, rss, _ in rows:
        growth = ""
        if prev:
            growth = f"{math.log(wall / prev[2]) / math.log(n / prev[0]):.2f}"
        print(f"| {n} | {size / 1e6:.0f} | {wall:.1f} | {rss:.0f} | {size / 1e6 / wall:.1f} | {growth} |")
        prev = (n, size, wall)


if __name__ == "__main__":
    main()
