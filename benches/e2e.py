#!/usr/bin/env python3
"""End-to-end throughput of the readers and the extractor on one core,
as a user runs them (issue 14's and issue 15's speed targets):

- `extract`: `quotegraph extract FILE.jsonl --format jsonl --threads 1`
  on ../shared/datasets/bbc.jsonl written out four times (about 20 MB):
  reading JSONL, extracting, writing JSONL. MB/s of input.
- `ingest`: `quotegraph ingest article-extraction-benchmark.warc.gz
  --threads 1`: 181 real pages from a WARC archive to JSONL. Pages/s.

Each is run RUNS times (default 5), pinned to one CPU with `taskset`
where it exists; the median is printed with the machine, for
BENCHMARKS.md.

    cargo build --release
    python3 benches/e2e.py [RUNS]
"""
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")
BIN = os.environ.get("QUOTEGRAPH", os.path.join(ROOT, "target", "release", "quotegraph"))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def timed(args):
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run(pin + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), max(times)


def main():
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}; "
          f"median of {RUNS} runs on one pinned core")
    with tempfile.TemporaryDirectory() as tmp:
        src = open(os.path.join(SHARED, "datasets", "bbc.jsonl"), "rb").read()
        path = os.path.join(tmp, "bbc4.jsonl")
        with open(path, "wb") as f:
            for i in range(4):
                f.write(src.replace(b'"id": "', f'"id": "r{i}/'.encode()).replace(b'"id":"', f'"id":"r{i}/'.encode()))
        mb = os.path.getsize(path) / 1e6
        med, lo, hi = timed([BIN, "extract", path, "--format", "jsonl", "--threads", "1"])
        print(f"extract, {mb:.1f} MB of BBC JSONL: {mb / med:.1f} MB/s (runs {mb / hi:.1f}-{mb / lo:.1f})")
    warc = os.path.join(SHARED, "datasets", "web", "warc", "article-extraction-benchmark.warc.gz")
    med, lo, hi = timed([BIN, "ingest", warc, "--threads", "1", "-o", os.devnull])
    print(f"ingest, 181 pages from a WARC archive: {181 / med:.0f} pages/s (runs {181 / hi:.0f}-{181 / lo:.0f})")


if __name__ == "__main__":
    main()
